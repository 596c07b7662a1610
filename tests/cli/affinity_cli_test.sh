#!/usr/bin/env bash
# asta affinity on the OpenReview expertise files (docs/review.md). Each check prints one
# line; the last line is "N passed, M failed". Usage: affinity_cli_test.sh path/to/asta
set -uo pipefail
ASTA=${1:?usage: affinity_cli_test.sh ASTA_BINARY}

# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/profiles" "$TMP/empty"
cat >"$TMP/submissions.json" <<'JSON'
{
  "sub-quake": {"id": "sub-quake", "content": {
    "title": {"value": "Ground motion prediction for subduction zone earthquakes"},
    "abstract": {"value": "We assess seismic hazard from megathrust rupture scenarios and fault slip."}}},
  "sub-gnn": {"id": "sub-gnn", "content": {
    "title": "Message passing neural networks for molecular property prediction",
    "abstract": "Graph neural networks learn representations of molecular graphs.",
    "keywords": ["graph neural networks", "chemistry"]}},
  "sub-ja": {"id": "sub-ja", "content": {
    "title": "深層学習による医用画像の病変検出",
    "abstract": "畳み込みニューラルネットワークを用いてCT画像から病変を検出する。"}}
}
JSON
cat >"$TMP/profiles/seismo.jsonl" <<'JSON'
{"id": "p1", "content": {"title": "Seismic hazard of subduction zone earthquakes", "abstract": "Ground motion models for megathrust ruptures.", "year": 2022}}
{"id": "p2", "content": {"title": "Fault slip inversion", "abstract": "Slip distributions of large earthquakes from geodetic data.", "year": 2019}}
JSON
cat >"$TMP/profiles/ml.jsonl" <<'JSON'
{"id": "p3", "content": {"title": "Graph neural networks for chemistry", "abstract": "Message passing on molecular graphs predicts properties.", "year": 2023}}
JSON
cat >"$TMP/profiles/iryo.jsonl" <<'JSON'
{"id": "p4", "content": {"title": "畳み込みニューラルネットワークによる医用画像診断", "abstract": "深層学習を用いてCT画像の病変を検出する手法を開発した。", "year": 2021}}
JSON
: >"$TMP/profiles/newcomer.jsonl"

out=$("$ASTA" affinity --submissions "$TMP/submissions.json" --profiles "$TMP/profiles" \
      --out "$TMP/scores.csv" 2>&1); rc=$?
check "affinity runs" test $rc -eq 0
check "affinity reports what it wrote" contains "$out" "12 pairs written"
check "header" test "$(head -1 "$TMP/scores.csv")" = "submission_id,reviewer_id,score"
check "every pair written (3 x 4 + header)" test "$(wc -l <"$TMP/scores.csv")" -eq 13
check "no temporary file left" test ! -e "$TMP/scores.csv.tmp"
best() {  # best SUBMISSION: the reviewer with the highest score
  grep "^$1," "$TMP/scores.csv" | sort -t, -k3,3gr | head -1 | cut -d, -f2
}
check "earthquake submission goes to the seismologist" test "$(best sub-quake)" = seismo
check "GNN submission goes to the ML reviewer" test "$(best sub-gnn)" = ml
check "Japanese submission goes to the Japanese profile" test "$(best sub-ja)" = iryo
check "an empty profile scores 0" test "$(grep -c ',newcomer,0.000000$' "$TMP/scores.csv")" -eq 3
check "scores within [0, 1]" awk -F, 'NR > 1 && ($3 < 0 || $3 > 1) { bad = 1 } END { exit bad }' "$TMP/scores.csv"

cp "$TMP/scores.csv" "$TMP/first.csv"
"$ASTA" affinity --submissions "$TMP/submissions.json" --profiles "$TMP/profiles" \
  --out "$TMP/scores.csv" --threads 1 2>/dev/null
check "same output again (1 thread)" cmp -s "$TMP/first.csv" "$TMP/scores.csv"

out=$("$ASTA" affinity --submissions "$TMP/submissions.json" --profiles "$TMP/profiles" \
      --out "$TMP/top.csv" --top 2 2>&1); rc=$?
check "--top runs" test $rc -eq 0
check "--top 2 keeps 2 per submission" test "$(wc -l <"$TMP/top.csv")" -eq 7
check "--top keeps the best first" test "$(grep -m1 '^sub-ja,' "$TMP/top.csv" | cut -d, -f2)" = iryo
check "--top fills with zero-score reviewers" grep -q "^sub-gnn,iryo,0.000000$" "$TMP/top.csv"

printf '{"sub-1": {"id": "sub-1", "content": {"title": "x"}},\n "sub-2": {oops}}\n' >"$TMP/bad.json"
out=$("$ASTA" affinity --submissions "$TMP/bad.json" --profiles "$TMP/profiles" \
      --out "$TMP/x.csv" 2>&1); rc=$?
check "bad JSON fails" test $rc -eq 1
check "bad JSON names file and line" contains "$out" "bad.json line 2"
check "nothing written on failure" test ! -e "$TMP/x.csv"

printf '{"id": "p", "content": {"title": "ok"}}\nnot json\n' >"$TMP/profiles/broken.jsonl"
out=$("$ASTA" affinity --submissions "$TMP/submissions.json" --profiles "$TMP/profiles" \
      --out "$TMP/x.csv" 2>&1); rc=$?
check "bad profile line fails" test $rc -eq 1
check "bad profile names file and line" contains "$out" "broken.jsonl line 2"
rm "$TMP/profiles/broken.jsonl"

printf '{"s": {"id": "s", "content": {"keywords": ["k"]}}}' >"$TMP/notitle.json"
out=$("$ASTA" affinity --submissions "$TMP/notitle.json" --profiles "$TMP/profiles" \
      --out "$TMP/x.csv" 2>&1); rc=$?
check "missing title and abstract fails" test $rc -eq 1
check "missing title and abstract is named" contains "$out" "neither content.title nor content.abstract"

out=$("$ASTA" affinity --submissions "$TMP/submissions.json" --profiles "$TMP/nowhere" \
      --out "$TMP/x.csv" 2>&1); rc=$?
check "missing profiles dir fails" test $rc -eq 1
check "missing profiles dir is named" contains "$out" "nowhere does not exist"
out=$("$ASTA" affinity --submissions "$TMP/submissions.json" --profiles "$TMP/empty" \
      --out "$TMP/x.csv" 2>&1); rc=$?
check "empty profiles dir fails" test $rc -eq 1
check "empty profiles dir is explained" contains "$out" "no <reviewer_id>.jsonl"
out=$("$ASTA" affinity --submissions "$TMP/submissions.json" 2>&1); rc=$?
check "missing flags are usage errors" test $rc -eq 2

finish
