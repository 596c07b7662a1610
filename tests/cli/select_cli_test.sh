#!/usr/bin/env bash
# asta select on the issue's CSV files (issue 6): the optimum on a small call, quotas,
# an infeasible call (exit 1, reasons, nothing written), bad lines named. Each check
# prints one line; the last line is "N passed, M failed". Usage: select_cli_test.sh ASTA
set -uo pipefail
ASTA=${1:?usage: select_cli_test.sh ASTA_BINARY}
ASTA=$(cd "$(dirname "$ASTA")" && pwd)/$(basename "$ASTA")  # the checks run in a temp dir

# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"

cd "$TMP"
# Two funders; P1 and P4 ask both. Without quotas the best is P2, P3, P4, P5 (JST 1400,
# NSTDA 150: merit 23); P1 with P2 and P5 (JST 1200, NSTDA 200) is only 19.
cat >proposals.csv <<'EOF'
proposal_id,merit,slot,funder,amount
P1,9,oda,JST,600
P1,9,oda,NSTDA,200
P2,8,open,JST,500
P3,7,open,JST,500
P4,6,oda,JST,300
P4,6,oda,NSTDA,150
P5,2,open,JST,100
EOF
printf 'funder,budget\nJST,1500\nNSTDA,300\n' >budgets.csv

out=$("$ASTA" select --proposals proposals.csv --budgets budgets.csv --out selected.csv 2>&1); rc=$?
check "select succeeds" test $rc -eq 0
check "selected.csv is the optimum" test "$(cat selected.csv)" = "$(printf 'proposal_id\nP2\nP3\nP4\nP5')"
check "summary: count and merit" contains "$out" "selected 4 of 5 proposals; total merit 23; proven optimal: yes"
check "summary: funder use" contains "$out" "funder JST: used 1400 of 1500"
check "summary: marginal value" contains "$out" "funder NSTDA: used 150 of 300; +150 (its median share) would add merit"
check "summary: skipped proposal" contains "$out" "P1: JST needs 600, 100 left"
check "no temporary file left" test ! -e selected.csv.tmp

# Quotas: at most 2 in "open" makes P5 wait; oda needs at least one.
printf 'slot,min,max\noda,1,2\nopen,0,2\n' >quotas.csv
out=$("$ASTA" select --proposals proposals.csv --budgets budgets.csv --quotas quotas.csv \
  --out selected.csv 2>&1); rc=$?
check "select with quotas" test $rc -eq 0
check "quotas respected at the optimum" test "$(cat selected.csv)" = "$(printf 'proposal_id\nP2\nP3\nP4')"
check "quotas summary" contains "$out" "total merit 21"

# Infeasible: oda needs three, it has two.
printf 'slot,min,max\noda,3,\n' >quotas.csv
rm -f none.csv
out=$("$ASTA" select --proposals proposals.csv --budgets budgets.csv --quotas quotas.csv \
  --out none.csv 2>&1); rc=$?
check "infeasible exits 1" test $rc -eq 1
check "infeasible gives the reason" contains "$out" 'slot "oda" needs at least 3 proposals but has only 2'
check "infeasible writes nothing" test ! -e none.csv

printf 'slot,min,max\noda,2,\n' >quotas.csv
printf 'funder,budget\nJST,1500\nNSTDA,300\n' >budgets.csv
out=$("$ASTA" select --proposals proposals.csv --budgets budgets.csv --quotas quotas.csv \
  --out none.csv 2>&1); rc=$?
check "budget too small for a minimum exits 1" test $rc -eq 1
check "names the funder" contains "$out" 'any 2 of its proposals ask funder "NSTDA" for at least 350; its budget is 300'
check "still nothing written" test ! -e none.csv

# Bad lines are named.
cp proposals.csv bad.csv
echo "P6,5,open,DFG,100" >>bad.csv
out=$("$ASTA" select --proposals bad.csv --budgets budgets.csv --out none.csv 2>&1); rc=$?
check "unknown funder exits 1" test $rc -eq 1
check "unknown funder line named" contains "$out" 'proposals.csv line 9: funder "DFG" is not in budgets.csv'
cp proposals.csv bad.csv
echo "P4,7,oda,JSPS,1" >>bad.csv
printf 'funder,budget\nJST,1500\nNSTDA,300\nJSPS,10\n' >budgets2.csv
out=$("$ASTA" select --proposals bad.csv --budgets budgets2.csv --out none.csv 2>&1); rc=$?
check "conflicting merit exits 1" test $rc -eq 1
check "conflicting merit named" contains "$out" "proposals.csv line 9: merit of P4 differs from line 6"
printf 'funder,budget\nJST,lots\n' >budgets3.csv
out=$("$ASTA" select --proposals proposals.csv --budgets budgets3.csv --out none.csv 2>&1); rc=$?
check "bad budget named" contains "$out" 'budgets.csv line 2: budget "lots" is not a number'
out=$("$ASTA" select --proposals missing.csv --budgets budgets.csv --out none.csv 2>&1); rc=$?
check "missing file exits 1" test $rc -eq 1
check "nothing written on errors" test ! -e none.csv

finish
