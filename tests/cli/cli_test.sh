#!/usr/bin/env bash
# The asta command as an operator uses it. Each check prints one line; the last line is
# "N passed, M failed". Usage: cli_test.sh path/to/asta
set -uo pipefail
ASTA=${1:?usage: cli_test.sh ASTA_BINARY}

# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"

run_suite() {  # run_suite LABEL URL
  local label=$1 db=$2 out rc
  out=$("$ASTA" migrate --db "$db" 2>&1); rc=$?
  check "$label migrate applies 0001" test $rc -eq 0
  check "$label migrate reports" contains "$out" "applied 0001"
  out=$("$ASTA" migrate --db "$db" 2>&1)
  check "$label migrate is idempotent" contains "$out" "up to date"

  out=$(printf 'correct horse battery\n' | "$ASTA" user add --db "$db" --email ops@example.org \
        --name '運用 太郎' --latin 'Unyo Taro' --language ja --password-stdin 2>&1); rc=$?
  check "$label user add" test $rc -eq 0
  check "$label user add keeps the script" contains "$out" '運用 太郎'
  out=$("$ASTA" user add --db "$db" --email not-an-email --name X 2>&1); rc=$?
  check "$label user add rejects a bad e-mail" test $rc -eq 1
  check "$label user add names the field" contains "$out" "(field email)"
  out=$("$ASTA" user add --db "$db" --email o@example.org --name X --orcid 0000-0002-1825-0098 2>&1); rc=$?
  check "$label user add rejects a bad ORCID check digit" test $rc -eq 1
  check "$label ORCID message" contains "$out" "check digit"
  out=$(printf 'short\n' | "$ASTA" user passwd --db "$db" --email ops@example.org 2>&1); rc=$?
  check "$label passwd enforces the policy" test $rc -eq 1
  out=$(printf 'another long password\n' | "$ASTA" user passwd --db "$db" --email ops@example.org 2>&1); rc=$?
  check "$label passwd" test $rc -eq 0
  out=$("$ASTA" user grant --db "$db" --email ops@example.org --role administrator 2>&1); rc=$?
  check "$label grant" test $rc -eq 0
  out=$("$ASTA" user grant --db "$db" --email ops@example.org --role emperor 2>&1); rc=$?
  check "$label grant rejects an unknown role" test $rc -eq 1
  out=$("$ASTA" token create --db "$db" --email ops@example.org --name ci 2>/dev/null); rc=$?
  check "$label token create prints a token" contains "$out" "^asta_"
  out=$("$ASTA" audit verify --db "$db" 2>&1); rc=$?
  check "$label audit verify intact" test $rc -eq 0
  check "$label audit verify counts" contains "$out" "intact: 4 entries"

  out=$("$ASTA" backup --db "$db" --out "$TMP/$label.backup" 2>&1); rc=$?
  check "$label backup" test $rc -eq 0
  out=$(printf 'x@example.org\n' >/dev/null; "$ASTA" user add --db "$db" --email late@example.org --name Late 2>&1)
  out=$("$ASTA" restore --db "$db" --in "$TMP/$label.backup" 2>&1); rc=$?
  check "$label restore" test $rc -eq 0
  out=$("$ASTA" user grant --db "$db" --email late@example.org --role analyst 2>&1); rc=$?
  check "$label restore removed the later user" test $rc -eq 1
  out=$("$ASTA" audit verify --db "$db" 2>&1); rc=$?
  check "$label audit intact after restore" contains "$out" "intact: 4 entries"
  out=$("$ASTA" restore --db "$db" --in "$TMP/missing.backup" 2>&1); rc=$?
  check "$label restore of a missing file fails clearly" test $rc -eq 1

  # Restricted-party lists and batch screening.
  printf 'entity_id,name,kind,country\nE1,Boris Vetrovsky,person,RU\nE1,Борис Ветровский,person,RU\nE2,Eastern Star Trading Co. Ltd.,organization,HK\nE3,Farid Al-Zamani,person,IR\n' >"$TMP/list1.csv"
  printf 'entity_id,name,kind,country\nE1,Boris Vetrovsky,person,RU\nE2,Eastern Star Trading Co. Ltd.,organization,HK\nE4,Polar Vector Instruments,organization,RU\n' >"$TMP/list2.csv"
  out=$("$ASTA" lists import --db "$db" --list cli-list --format csv "$TMP/list1.csv" 2>&1); rc=$?
  check "$label lists import" test $rc -eq 0
  check "$label lists import prints the version" contains "$out" "cli-list version 1"
  check "$label lists import prints the counts" contains "$out" "added 3, changed 0, removed 0"
  out=$("$ASTA" lists import --db "$db" --list cli-list --format csv "$TMP/list2.csv" 2>&1); rc=$?
  check "$label lists re-import prints the diff" contains "$out" "version 2: 3 entities, 3 names; added 1, changed 1, removed 1"
  printf 'entity_id,name,kind,country\nE1,X,person,RU\nE2,Y,starship,RU\n' >"$TMP/bad.csv"
  out=$("$ASTA" lists import --db "$db" --list cli-list --format csv "$TMP/bad.csv" 2>&1); rc=$?
  check "$label lists import refuses a malformed file" test $rc -eq 1
  check "$label lists import names the line" contains "$out" "line 3"
  out=$("$ASTA" lists import --db "$db" --list cli-list --format pdf "$TMP/list2.csv" 2>&1); rc=$?
  check "$label lists import refuses an unknown format" test $rc -eq 1
  out=$("$ASTA" lists import --db "$db" --list cli-list --format csv "$TMP/list2.csv" 2>&1)
  check "$label lists import after a refusal continues at version 3" contains "$out" "version 3"

  printf 'q1\tBoris Vetrovsky\nq2\tБорис Ветровский\tperson\tRU\nq3\tMaria Garcia Lopez\tperson\nq4\tboris vetrovsky\tperson\tRU\n' >"$TMP/queries.tsv"
  rm -f "$TMP/results.tsv"
  out=$("$ASTA" screen --db "$db" --in "$TMP/queries.tsv" --out "$TMP/results.tsv" --top 2 2>&1); rc=$?
  check "$label screen" test $rc -eq 0
  check "$label screen writes the header" test "$(head -1 "$TMP/results.tsv")" = "$(printf 'query_id\trank\tscore\talert\tlist\tentity_id\tmatched_name')"
  check "$label screen finds q1 first with an alert" grep -qP '^q1\t1\t1\.0000\t1\tcli-list\tE1\tBoris Vetrovsky$' "$TMP/results.tsv"
  check "$label screen finds a Cyrillic query" grep -qP '^q2\t1\t[01]\.[0-9]{4}\t1\tcli-list\tE1\tBoris Vetrovsky$' "$TMP/results.tsv"
  check "$label screen gives no alert for an unlisted name" bash -c "! grep -qP '^q3\t[0-9]+\t[0-9.]+\t1\t' '$TMP/results.tsv'"
  check "$label screen keeps the query order" test "$(cut -f1 "$TMP/results.tsv" | tail -n +2 | uniq | grep -v q3 | tr '\n' ' ')" = "q1 q2 q4 "
  check "$label screen --top bounds the rows per query" test "$(grep -c '^q1' "$TMP/results.tsv")" -le 2
  out=$("$ASTA" screen --db "$db" --in "$TMP/queries.tsv" --out "$TMP/strict.tsv" --threshold 1 2>&1)
  check "$label screen --threshold 1 alerts only exact scores" bash -c "! grep -qP '\t0\.[0-9]{4}\t1\t' '$TMP/strict.tsv'"
  printf 'q1\tBoris Vetrovsky\nq2\n' >"$TMP/badq.tsv"
  rm -f "$TMP/bad-results.tsv"
  out=$("$ASTA" screen --db "$db" --in "$TMP/badq.tsv" --out "$TMP/bad-results.tsv" 2>&1); rc=$?
  check "$label screen refuses a bad line" test $rc -eq 1
  check "$label screen names the line" contains "$out" "line 2"
  check "$label screen writes nothing on error" test ! -e "$TMP/bad-results.tsv"
  out=$(printf 'pw-not-used\n' >/dev/null; "$ASTA" user add --db "$db" --email boris@example.org --name 'Борис Ветровский' --latin 'Boris Vetrovsky' 2>&1); rc=$?
  check "$label user add with a listed name" test $rc -eq 0

  # The network (docs/network.md): ROR dumps, people files, reindex, search.
  local data="$HERE/../network_importers/data"
  out=$("$ASTA" import ror --db "$db" --dry-run "$data/ror_record.json" 2>&1); rc=$?
  check "$label import ror --dry-run" test $rc -eq 0
  check "$label import ror --dry-run reports" contains "$out" "would import organisations: 1 records; would create 1"
  out=$("$ASTA" import ror --db "$db" "$data/ror_record.json" 2>&1); rc=$?
  check "$label import ror" contains "$out" "created 1, updated 0, unchanged 0"
  out=$("$ASTA" import ror --db "$db" "$data/ror_record.json" 2>&1); rc=$?
  check "$label import ror again changes nothing" contains "$out" "created 0, updated 0, unchanged 1"
  printf '{"id": "https://ror.org/0abcdef24"}\n' >"$TMP/bad-ror.jsonl"
  out=$("$ASTA" import ror --db "$db" "$TMP/bad-ror.jsonl" 2>&1); rc=$?
  check "$label import ror refuses a bad dump" test $rc -eq 1
  check "$label import ror names the record" contains "$out" "record 1"
  out=$("$ASTA" search --db "$db" --type organization '海洋科学例示研究所' 2>&1); rc=$?
  check "$label search finds the organisation by its Japanese name" contains "$(head -1 <<<"$out")" '"ror":"0abcdef23"'
  out=$("$ASTA" search --db "$db" 'Example Institute of Marine Science' 2>&1)
  check "$label search by English name" contains "$(head -1 <<<"$out")" '"name":"Example Institute of Marine Science"'
  out=$("$ASTA" import people --db "$db" --dry-run "$data/people_small.csv" 2>&1); rc=$?
  check "$label import people --dry-run" test $rc -eq 0
  check "$label import people --dry-run writes nothing" test -z "$("$ASTA" search --db "$db" --type person 'Taro Yamada' 2>&1)"
  out=$("$ASTA" import people --db "$db" "$data/people_small.csv" 2>&1); rc=$?
  check "$label import people" test $rc -eq 0
  check "$label import people creates" contains "$out" "created"
  out=$("$ASTA" import people --db "$db" "$data/people_small.csv" 2>&1)
  check "$label import people again changes nothing" contains "$out" "created 0, updated 0"
  printf 'person_id,name,orcid\nx1,Ana Souza,0000-0002-1825-0098\n' >"$TMP/bad-people.csv"
  out=$("$ASTA" import people --db "$db" "$TMP/bad-people.csv" 2>&1); rc=$?
  check "$label import people refuses a bad ORCID iD" test $rc -eq 1
  check "$label import people names line and column" contains "$out" "line 2, column orcid"
  out=$("$ASTA" search --db "$db" --type person '山田 太郎' 2>&1)
  check "$label search finds a person in kanji" contains "$(head -1 <<<"$out")" '"type":"person"'
  out=$("$ASTA" search --db "$db" --type person 'Taro Yamada' 2>&1)
  check "$label search finds the same person in Latin letters" contains "$(head -1 <<<"$out")" '"name":"山田 太郎"'
  out=$("$ASTA" reindex --db "$db" 2>&1); rc=$?
  check "$label reindex" test $rc -eq 0
  check "$label reindex counts" contains "$out" "indexed"
  out=$("$ASTA" search --db "$db" --limit 0 'x' 2>&1); rc=$?
  check "$label search rejects --limit 0" test $rc -ne 0

  # Programmes (docs/programmes.md): EU call topics as calls, listed as JSON lines.
  printf '{"topicId":"T-1","title":"A topic","deadline":"2027-03-17","budgetMax":1000000,"expectedGrants":3}\n{"title":"no id"}\n' >"$TMP/bad-eu.jsonl"
  out=$("$ASTA" import eu-calls --db "$db" "$TMP/bad-eu.jsonl" 2>&1); rc=$?
  check "$label import eu-calls refuses a bad file" test $rc -eq 1
  check "$label import eu-calls names the line" contains "$out" "line 2"
  out=$("$ASTA" calls list --db "$db" 2>&1); rc=$?
  check "$label calls list after a refused import" test "$rc" -eq 0 -a -z "$out"
  local eu="$HERE/../../../shared/data/eu-calls/eu_ft_call_topics.jsonl.gz"
  if [ -f "$eu" ]; then
    out=$("$ASTA" import eu-calls --db "$db" "$eu" 2>&1); rc=$?
    check "$label import eu-calls" contains "$out" "629 topics as calls of programme 1; created 629"
    out=$("$ASTA" import eu-calls --db "$db" "$eu" 2>&1)
    check "$label import eu-calls again changes nothing" contains "$out" "created 0, updated 0, unchanged 629"
    out=$("$ASTA" calls list --db "$db" --programme 1 2>&1)
    check "$label calls list gives 629 lines" test "$(wc -l <<<"$out")" -eq 629
    check "$label calls list line format" python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin.read().splitlines()]
assert all(set(["id","title","opens","closes","time_zone","funders"]) <= set(l) for l in lines)
assert all(l["time_zone"] == "Europe/Brussels" and l["funders"][0]["currency"] == "EUR" for l in lines)
assert sum(1 for l in lines if l["funders"][0]["budget"] is not None) == 466
assert all(l["closes"].endswith(("T15:00:00Z", "T16:00:00Z")) for l in lines)
' <<<"$out"
  else
    echo "skip EU call topics: $eu is absent (../shared/data)"
  fi
  out=$("$ASTA" calls list --db "$db" --programme 0 2>&1); rc=$?
  check "$label calls list rejects --programme 0" test $rc -ne 0
}

# Two asta processes on one database, each with its own search index: a person created
# through one is found by a search on the other within 2 seconds.
two_processes() {  # two_processes LABEL URL
  local label=$1 db=$2 out
  "$ASTA" migrate --db "$db" >/dev/null 2>&1
  printf 'two processes pw\n' | "$ASTA" user add --db "$db" --email net-admin@example.org \
    --name 'Net Admin' --password-stdin >/dev/null 2>&1
  "$ASTA" user grant --db "$db" --email net-admin@example.org --role administrator >/dev/null 2>&1
  local token
  token=$("$ASTA" token create --db "$db" --email net-admin@example.org --name two 2>/dev/null)
  local pids=() ports=() i
  for i in 1 2; do
    rm -f "$TMP/$label-serve$i.log"
    ASTA_SEARCH_INDEX="$TMP/$label-index$i" "$ASTA" serve --db "$db" --listen 127.0.0.1:0 \
      --no-access-log 2>"$TMP/$label-serve$i.log" &
    pids+=($!)
  done
  for i in 1 2; do
    for _ in $(seq 1 100); do grep -q "serving on" "$TMP/$label-serve$i.log" && break; sleep 0.1; done
    ports+=("$(sed -n 's/.*serving on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$TMP/$label-serve$i.log")")
  done
  out=$(curl -s -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data '{"name":"Kwame Mensah-Owusu","nationality":"GH","keywords":["cocoa genomics"]}' \
    "http://127.0.0.1:${ports[0]}/api/v1/people")
  check "$label two processes: created through the first" contains "$out" '"name":"Kwame Mensah-Owusu"'
  local found=1 start end
  start=$(date +%s%N)
  for _ in $(seq 1 40); do
    out=$(curl -s -H "Authorization: Bearer $token" \
      "http://127.0.0.1:${ports[1]}/api/v1/search?q=Mensah-Owusu&type=person")
    if contains "$out" '"name":"Kwame Mensah-Owusu"'; then found=0; break; fi
    sleep 0.05
  done
  end=$(date +%s%N)
  check "$label two processes: found through the second" test $found -eq 0
  check "$label two processes: within 2 seconds" test $(((end - start) / 1000000)) -lt 2000
  for i in 0 1; do kill -TERM "${pids[$i]}"; wait "${pids[$i]}" 2>/dev/null; done
}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

run_suite sqlite "sqlite:$TMP/asta.db"
two_processes sqlite "sqlite:$TMP/two.db"
if [ -n "${ASTA_TEST_PG_URL:-}" ]; then
  base=${ASTA_TEST_PG_URL%/*}
  name="asta_cli_$$"
  if psql -q "$ASTA_TEST_PG_URL" -c "CREATE DATABASE $name" >/dev/null; then
    run_suite postgres "$base/$name"
    psql -q "$ASTA_TEST_PG_URL" -c "CREATE DATABASE ${name}_two" >/dev/null
    two_processes postgres "$base/${name}_two"
    psql -q "$ASTA_TEST_PG_URL" -c "DROP DATABASE ${name}_two WITH (FORCE)" >/dev/null
    psql -q "$ASTA_TEST_PG_URL" -c "DROP DATABASE $name WITH (FORCE)" >/dev/null
  else
    check "postgres database can be created" false
  fi
elif [ "${ASTA_REQUIRE_PG:-0}" = 1 ]; then
  check "ASTA_TEST_PG_URL is set (ASTA_REQUIRE_PG=1)" false
else
  echo "skip PostgreSQL CLI checks: ASTA_TEST_PG_URL is not set"
fi

# Configuration.
cat >"$TMP/good.ini" <<INI
[server]
listen = 127.0.0.1:9090
threads = 32
[database]
db = postgresql://asta:secret@db.example:5432/asta
INI
out=$("$ASTA" config check --config "$TMP/good.ini" 2>&1); rc=$?
check "config check accepts a good file" test $rc -eq 0
check "config check masks the password" contains "$out" "asta:\*\*\*@db.example"
check "config check never prints the password" bash -c "! grep -q secret <<<\"\$0\"" "$out"
printf 'threads = lots\n' >"$TMP/bad.ini"
out=$("$ASTA" config check --config "$TMP/bad.ini" 2>&1); rc=$?
check "config check rejects a bad value" test $rc -eq 1
check "config check names file and line" contains "$out" "bad.ini:1"
printf 'colour = blue\n' >"$TMP/unknown.ini"
out=$("$ASTA" config check --config "$TMP/unknown.ini" 2>&1); rc=$?
check "config check rejects an unknown key" contains "$out" "unknown setting 'colour'"
out=$(ASTA_THREADS=0 "$ASTA" config check 2>&1); rc=$?
check "config check validates the environment" contains "$out" "ASTA_THREADS"
out=$("$ASTA" migrate --db mysql://x 2>&1); rc=$?
check "unsupported database URL" test $rc -eq 1
out=$("$ASTA" serve --db "sqlite:$TMP/asta.db" --listen nonsense 2>&1); rc=$?
check "serve rejects a bad --listen" contains "$out" "listen"

# A newer schema is refused.
sqlite3 "$TMP/asta.db" "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'future', 'x', '2030-01-01T00:00:00Z')" 2>/dev/null
out=$("$ASTA" migrate --db "sqlite:$TMP/asta.db" 2>&1); rc=$?
check "migrate refuses a newer schema" test $rc -eq 1
check "newer schema message" contains "$out" "newer"

# Reviewer assignment from files (issue 6): the optimum, the conflicts, the explanation.
printf 'submission_id,reviewer_id,score\np1,r1,0.9\np1,r2,0.5\np1,r3,0.4\np2,r1,0.8\np2,r2,0.7\np2,r3,0.1\n' >"$TMP/scores.csv"
printf 'submission_id,reviewer_id\np2,r1\n' >"$TMP/conflicts.csv"
out=$("$ASTA" assign --scores "$TMP/scores.csv" --k 2 --max-load 2 --conflicts "$TMP/conflicts.csv" --out "$TMP/assignment.csv" 2>&1); rc=$?
check "assign succeeds" test $rc -eq 0
check "assign writes the optimum" test "$(cat "$TMP/assignment.csv")" = "$(printf 'submission_id,reviewer_id,score\np1,r1,0.9\np1,r2,0.5\np2,r2,0.7\np2,r3,0.1')"
out=$("$ASTA" assign --scores "$TMP/scores.csv" --k 3 --max-load 1 --conflicts "$TMP/conflicts.csv" --out "$TMP/none.csv" 2>&1); rc=$?
check "assign refuses an infeasible problem" test $rc -eq 1
check "assign names the proposal short of reviewers" contains "$out" "p2: 2 conflict-free candidate reviewer(s), 3 needed"
check "assign writes nothing when infeasible" test ! -e "$TMP/none.csv"
printf 'submission_id,reviewer_id,score\np1,r1,high\n' >"$TMP/bad-scores.csv"
out=$("$ASTA" assign --scores "$TMP/bad-scores.csv" --k 1 --max-load 1 --out "$TMP/none.csv" 2>&1); rc=$?
check "assign names the bad line" contains "$out" "scores line 2"

# SIGTERM stops the server cleanly.
rm -f "$TMP/term.db"
"$ASTA" serve --db "sqlite:$TMP/term.db" --listen 127.0.0.1:0 --no-access-log 2>"$TMP/serve.log" &
pid=$!
for _ in $(seq 1 100); do grep -q "serving on" "$TMP/serve.log" && break; sleep 0.1; done
port=$(sed -n 's/.*serving on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$TMP/serve.log")
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")
check "serve answers /healthz" test "$code" = 200
kill -TERM $pid
stopped=1
for _ in $(seq 1 100); do kill -0 $pid 2>/dev/null || { stopped=0; break; }; sleep 0.1; done
wait $pid; rc=$?
check "SIGTERM stops the server" test $stopped -eq 0
check "SIGTERM exit status 0" test $rc -eq 0

finish
