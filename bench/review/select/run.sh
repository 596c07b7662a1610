#!/usr/bin/env bash
# The selection benchmark (issue 6): 3,000 proposals, 12 funders, 5 slots (bench_select.cc
# says how they are generated). Builds bench_select (release, under the shared build lock),
# then per run: asta's engine (CBC) on the call, and GLPK's glpsol on the same MIP written
# as CPLEX LP, each with the same time limit. Prints per run the times, both objective
# values, whether each proved optimality, the time ratio; then the medians.
# Usage: bench/review/select/run.sh [RUNS] [SECONDS] [N]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
RUNS=${1:-3}
LIMIT=${2:-5}
N=${3:-3000}
cd "$ROOT"
if [ ! -f build/CMakeCache.txt ]; then flock /tmp/asta-build.lock cmake --preset release >/dev/null; fi
flock /tmp/asta-build.lock cmake --build --preset release -j2 --target bench_select >/dev/null
BENCH=build/bench/review/select/bench_select
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p"; }

: >"$TMP/runs.jsonl"
for run in $(seq 1 "$RUNS"); do
  line=$("$BENCH" --dir "$TMP" --n "$N" --time-limit "$LIMIT" --marginals 0)
  start=$(date +%s.%N)
  glpsol --lp "$TMP/model.lp" --tmlim "$LIMIT" -o "$TMP/glpk.txt" >"$TMP/glpk.log" 2>&1 || true
  glpk_s=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.3f", e-s}')
  glpk_obj=$(sed -n 's/^Objective: *obj = *\([-0-9.e+]*\).*/\1/p' "$TMP/glpk.txt")
  glpk_status=$(sed -n 's/^Status: *//p' "$TMP/glpk.txt")
  glpk_proven=$([ "$glpk_status" = "INTEGER OPTIMAL" ] && echo true || echo false)
  asta_s=$(field solve_s <<<"$line")
  merit=$(field merit <<<"$line")
  ratio=$(awk -v a="$asta_s" -v g="$glpk_s" 'BEGIN {printf "%.2f", g/a}')
  echo "${line%\}},\"glpk_s\":$glpk_s,\"glpk_obj\":${glpk_obj:-null},\"glpk_proven\":$glpk_proven,\"glpk_over_asta\":$ratio}" |
    tee -a "$TMP/runs.jsonl"
done
echo "== $N proposals, 12 funders, 5 slots, time limit $LIMIT s: medians of $RUNS runs"
for f in solve_s merit glpk_s glpk_obj glpk_over_asta; do
  echo "$f $(field $f <"$TMP/runs.jsonl" | median)"
done
echo "asta proven optimal: $(field proven_optimal <"$TMP/runs.jsonl" | sort | uniq -c | tr '\n' ' ')"
echo "glpsol proven optimal: $(field glpk_proven <"$TMP/runs.jsonl" | sort | uniq -c | tr '\n' ' ')"
