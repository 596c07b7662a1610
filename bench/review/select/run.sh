#!/usr/bin/env bash
# The selection benchmark (issue 6): 3,000 proposals, 12 funders, 5 slots (bench_select.cc
# says how they are generated; MERIT=rank: merit from a strict panel ranking, the default;
# MERIT=score: 4 x mean score, thousands of ties). Builds bench_select (release, under the
# shared build lock), then RUNS runs of asta's engine (CBC + reduced-cost fixing) with a
# limit of SECONDS, and GLPK's glpsol on the same MIP (written by select::WriteLp as CPLEX
# LP) once with --cuts and a limit of GLPK_SECONDS as the check of the optimum. Prints per
# run asta's line, then the medians, glpsol's time, status and objective, whether the two
# objective values are equal and the time ratio glpsol / asta. SEEDS="1 2 3 4 5" repeats
# all this per seed of the generator (SEED=s for one; GLPK_SECONDS=0 skips glpsol) and
# ends with one summary line per seed.
# Usage: [SEEDS="1 2 3"] bench/review/select/run.sh [RUNS] [SECONDS] [N] [GLPK_SECONDS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
RUNS=${1:-3}
LIMIT=${2:-5}
N=${3:-3000}
GLPK_LIMIT=${4:-300}
MERIT=${MERIT:-rank}
SEEDS=${SEEDS:-${SEED:-1}}
cd "$ROOT"
if [ ! -f build/CMakeCache.txt ]; then flock /tmp/asta-build.lock cmake --preset release >/dev/null; fi
flock /tmp/asta-build.lock cmake --build --preset release -j2 --target bench_select >/dev/null
BENCH=build/bench/review/select/bench_select
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p"; }

summary=""
for SEED in $SEEDS; do
: >"$TMP/runs.jsonl"
for run in $(seq 1 "$RUNS"); do
  "$BENCH" --dir "$TMP" --n "$N" --seed "$SEED" --merit "$MERIT" --time-limit "$LIMIT" \
    --marginals 0 | tee -a "$TMP/runs.jsonl"
done
asta_s=$(field solve_s <"$TMP/runs.jsonl" | median)
asta_obj=$(field merit <"$TMP/runs.jsonl" | median)
proven=$(field proven_optimal <"$TMP/runs.jsonl" | grep -c true || true)
times=$(field solve_s <"$TMP/runs.jsonl" | sort -g | tr '\n' ' ')
echo "== $N proposals, 12 funders, 5 slots, merit=$MERIT, seed $SEED: medians of $RUNS runs (limit $LIMIT s)"
echo "asta solve_s $asta_s"
echo "asta merit $asta_obj"
echo "asta proven optimal: $proven/$RUNS"
summary+="seed $SEED: median ${asta_s} s (runs: ${times% }), merit $asta_obj, proven $proven/$RUNS"$'\n'
if [ "$GLPK_LIMIT" = 0 ]; then continue; fi
start=$(date +%s.%N)
glpsol --lp "$TMP/model.lp" --cuts --tmlim "$GLPK_LIMIT" -o "$TMP/glpk.txt" >"$TMP/glpk.log" 2>&1 || true
glpk_s=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.3f", e-s}')
glpk_obj=$(sed -n 's/^Objective: *obj = *\([-0-9.e+]*\).*/\1/p' "$TMP/glpk.txt")
glpk_status=$(sed -n 's/^Status: *//p' "$TMP/glpk.txt")
# glpsol's last bound on the optimum (its log: "mip = best <= bound").
glpk_bound=$(sed -n 's/.*mip = *[-0-9.e+]* *<= *\([-0-9.e+]*\).*/\1/p' "$TMP/glpk.log" | tail -1)
echo "glpsol --cuts (limit $GLPK_LIMIT s): ${glpk_s} s, status ${glpk_status:-none}, objective ${glpk_obj:-none}, bound ${glpk_bound:-none}"
if [ -n "${glpk_bound:-}" ]; then
  echo "asta's optimum within glpsol's bounds: $(awk -v a="$asta_obj" -v lo="${glpk_obj:-0}" -v hi="$glpk_bound" 'BEGIN {print (a >= lo && a <= hi + 1e-6) ? "yes" : "NO"}')"
fi
equal=$(awk -v a="$asta_obj" -v g="${glpk_obj:-nan}" 'BEGIN {print (a + 0 == g + 0) ? "equal" : "NOT equal"}')
echo "objective values: asta $asta_obj, glpsol ${glpk_obj:-none}: $equal"
echo "glpsol / asta time: $(awk -v a="$asta_s" -v g="$glpk_s" 'BEGIN {printf "%.1f", g/a}')"
done
echo "== per seed (limit $LIMIT s)"
printf '%s' "$summary"
