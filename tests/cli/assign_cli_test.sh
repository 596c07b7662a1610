#!/usr/bin/env bash
# `asta assign` beyond the basics of cli_test.sh (issue 6): bids, diversity from
# reviewers.csv/proposals.csv, the fair mode, re-assignment with a move cost, seeds,
# progress lines and the messages for bad files. Each check prints one line; the last
# line is "N passed, M failed". Usage: assign_cli_test.sh path/to/asta
set -uo pipefail
ASTA=${1:?usage: assign_cli_test.sh ASTA_BINARY}

# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"

# Bids: p1 prefers r1 (0.50) to r2 (0.48) until r2 bids eager (+0.1).
printf 'submission_id,reviewer_id,score\np1,r1,0.50\np1,r2,0.48\n' >"$TMP/s1.csv"
"$ASTA" assign --scores "$TMP/s1.csv" --k 1 --max-load 1 --out "$TMP/a.csv" 2>/dev/null
check "without bids the best score wins" test "$(sed -n 2p "$TMP/a.csv")" = "p1,r1,0.5"
printf 'submission_id,reviewer_id,bid\np1,r2,2\np9,r1,1\n' >"$TMP/bids.csv"
out=$("$ASTA" assign --scores "$TMP/s1.csv" --k 1 --max-load 1 --bids "$TMP/bids.csv" --out "$TMP/a.csv" 2>&1); rc=$?
check "bids accepted" test $rc -eq 0
check "an eager bid tips a near tie" test "$(sed -n 2p "$TMP/a.csv")" = "p1,r2,0.48"
"$ASTA" assign --scores "$TMP/s1.csv" --k 1 --max-load 1 --bids "$TMP/bids.csv" --bid-bonus -1,0,0,0 --out "$TMP/a.csv" 2>/dev/null
check "--bid-bonus sets the bonuses" test "$(sed -n 2p "$TMP/a.csv")" = "p1,r1,0.5"
printf 'submission_id,reviewer_id,bid\np1,r1,-1\np1,r2,not_willing\n' >"$TMP/nw.csv"
out=$("$ASTA" assign --scores "$TMP/s1.csv" --k 1 --max-load 1 --bids "$TMP/nw.csv" --exclude-not-willing --out "$TMP/none.csv" 2>&1); rc=$?
check "not-willing bids can exclude" test $rc -eq 1
check "the exclusion is explained" contains "$out" "p1: 0 conflict-free candidate reviewer(s), 1 needed (2 excluded by not-willing bids)"
check "nothing written when infeasible" test ! -e "$TMP/none.csv"
printf 'submission_id,reviewer_id,bid\np1,r1,maybe\n' >"$TMP/bad-bids.csv"
out=$("$ASTA" assign --scores "$TMP/s1.csv" --k 1 --max-load 1 --bids "$TMP/bad-bids.csv" --out "$TMP/none.csv" 2>&1); rc=$?
check "a bad bid is refused" test $rc -ne 0
check "the bad bid's line is named" contains "$out" "bids line 2"

# Diversity: a Japanese proposal, three Japanese reviewers score highest.
printf 'submission_id,reviewer_id,score\np1,jp1,0.9\np1,jp2,0.8\np1,jp3,0.7\np1,kr1,0.2\np1,xx,0.1\n' >"$TMP/s2.csv"
printf 'reviewer_id,country\njp1,JP\njp2,jp\njp3,JP\nkr1,KR\n' >"$TMP/reviewers.csv"
printf 'submission_id,countries\np1,JP\n' >"$TMP/proposals.csv"
"$ASTA" assign --scores "$TMP/s2.csv" --k 3 --max-load 1 --reviewers "$TMP/reviewers.csv" --proposals "$TMP/proposals.csv" --outside-countries 1 --out "$TMP/a.csv" 2>/dev/null
check "one reviewer from outside the applicants' countries" test "$(cut -d, -f2 "$TMP/a.csv" | tail -n +2 | tr '\n' ' ')" = "jp1 jp2 kr1 "
"$ASTA" assign --scores "$TMP/s2.csv" --k 3 --max-load 1 --reviewers "$TMP/reviewers.csv" --proposals "$TMP/proposals.csv" --max-per-country 1 --out "$TMP/a.csv" 2>/dev/null
check "at most one per country" test "$(cut -d, -f2 "$TMP/a.csv" | tail -n +2 | tr '\n' ' ')" = "jp1 kr1 xx "
printf 'submission_id,reviewer_id\np1,kr1\n' >"$TMP/c2.csv"
out=$("$ASTA" assign --scores "$TMP/s2.csv" --k 3 --max-load 1 --conflicts "$TMP/c2.csv" --reviewers "$TMP/reviewers.csv" --proposals "$TMP/proposals.csv" --outside-countries 1 --out "$TMP/none.csv" 2>&1); rc=$?
check "diversity infeasibility refused" test $rc -eq 1
check "diversity infeasibility explained" contains "$out" "p1: 0 conflict-free candidate reviewer(s) from outside the applicants' countries (JP), 1 needed"
printf 'submission_id,countries,k\np1,JP;KR,2\n' >"$TMP/p-k.csv"
"$ASTA" assign --scores "$TMP/s2.csv" --k 3 --max-load 1 --reviewers "$TMP/reviewers.csv" --proposals "$TMP/p-k.csv" --max-per-country 1 --out "$TMP/a.csv" 2>/dev/null
check "k override from proposals.csv" test "$(cut -d, -f2 "$TMP/a.csv" | tail -n +2 | tr '\n' ' ')" = "jp1 kr1 "
out=$("$ASTA" assign --scores "$TMP/s2.csv" --k 3 --max-load 1 --reviewers "$TMP/reviewers.csv" --proposals "$TMP/p-k.csv" --outside-countries 1 --out "$TMP/none.csv" 2>&1); rc=$?
check "every applicant country is inside" contains "$out" "p1: 0 conflict-free candidate reviewer(s) from outside the applicants' countries (JP;KR), 1 needed"
printf 'reviewer_id,country\njp1,Japan\n' >"$TMP/bad-rev.csv"
out=$("$ASTA" assign --scores "$TMP/s2.csv" --k 1 --max-load 1 --reviewers "$TMP/bad-rev.csv" --out "$TMP/none.csv" 2>&1); rc=$?
check "a bad country is refused with its line" contains "$out" "reviewers line 2: country \"Japan\""

# Fair mode: the total optimum leaves p2 with 0; the fair one gives each at least 0.2.
printf 'submission_id,reviewer_id,score\np1,r1,1.0\np1,r2,0.2\np2,r1,0.5\np2,r2,0.0\n' >"$TMP/s3.csv"
out=$("$ASTA" assign --scores "$TMP/s3.csv" --k 1 --max-load 1 --out "$TMP/a.csv" 2>&1)
check "total mode maximises the total" test "$(tail -n +2 "$TMP/a.csv" | tr '\n' ' ')" = "p1,r1,1 p2,r2,0 "
out=$("$ASTA" assign --scores "$TMP/s3.csv" --k 1 --max-load 1 --mode fair --out "$TMP/a.csv" 2>&1); rc=$?
check "fair mode succeeds" test $rc -eq 0
check "fair mode raises the worst-served proposal" test "$(tail -n +2 "$TMP/a.csv" | tr '\n' ' ')" = "p1,r2,0.2 p2,r1,0.5 "
check "fair mode reports the lowest proposal total" contains "$out" "lowest proposal total 0.2"
out=$("$ASTA" assign --scores "$TMP/s3.csv" --k 1 --max-load 1 --mode best --out "$TMP/none.csv" 2>&1); rc=$?
check "an unknown mode is refused" test $rc -ne 0

# Re-assignment: r1 holds p1; r2 is better by 0.2.
printf 'submission_id,reviewer_id,score\np1,r1,0.5\np1,r2,0.7\n' >"$TMP/s4.csv"
printf 'submission_id,reviewer_id,score\np1,r1,0.5\n' >"$TMP/existing.csv"
out=$("$ASTA" assign --scores "$TMP/s4.csv" --k 1 --max-load 1 --existing "$TMP/existing.csv" --move-cost 0.3 --out "$TMP/a.csv" 2>&1)
check "a pair is kept when moving gains less than the cost" test "$(sed -n 2p "$TMP/a.csv")" = "p1,r1,0.5"
check "kept pairs reported" contains "$out" "kept 1 of 1 existing pairs; moved 0"
out=$("$ASTA" assign --scores "$TMP/s4.csv" --k 1 --max-load 1 --existing "$TMP/existing.csv" --move-cost 0.1 --out "$TMP/a.csv" 2>&1)
check "a pair is moved when it gains more than the cost" test "$(sed -n 2p "$TMP/a.csv")" = "p1,r2,0.7"
check "moved pairs reported" contains "$out" "kept 0 of 1 existing pairs; moved 1"

# Seeds and progress: ties broken the same way for one seed.
{
  echo submission_id,reviewer_id,score
  for p in 1 2 3 4 5 6; do for r in 1 2 3 4 5 6; do echo "p$p,r$r,0.5"; done; done
} >"$TMP/ties.csv"
"$ASTA" assign --scores "$TMP/ties.csv" --k 2 --max-load 2 --seed 7 --out "$TMP/t1.csv" 2>/dev/null
"$ASTA" assign --scores "$TMP/ties.csv" --k 2 --max-load 2 --seed 7 --out "$TMP/t2.csv" 2>/dev/null
check "same seed, same assignment" cmp -s "$TMP/t1.csv" "$TMP/t2.csv"
differs=0
for s in 1 2 3 4 5; do
  "$ASTA" assign --scores "$TMP/ties.csv" --k 2 --max-load 2 --seed $s --out "$TMP/t3.csv" 2>/dev/null
  cmp -s "$TMP/t1.csv" "$TMP/t3.csv" || differs=1
done
check "another seed may choose another of the equal optima" test $differs -eq 1
out=$("$ASTA" assign --scores "$TMP/ties.csv" --k 2 --max-load 2 --out "$TMP/t3.csv" 2>&1)
check "quiet in scripts without --progress" test "$(grep -c 'asta assign:' <<<"$out")" -eq 0
out=$("$ASTA" assign --scores "$TMP/ties.csv" --k 2 --max-load 2 --progress --out "$TMP/t3.csv" 2>&1)
check "--progress reports reading" contains "$out" "asta assign: reading 36/36"
check "--progress reports building the network" contains "$out" "asta assign: building network"
check "--progress reports solving" contains "$out" "asta assign: solving 1/1"
check "--progress reports writing" contains "$out" "asta assign: writing 12/12"

finish
