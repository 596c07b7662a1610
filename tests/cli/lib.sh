# Shared by the scripts of tests/cli (sourced, not run): a temporary folder removed on
# exit, `check NAME COMMAND…` printing "ok" or "FAIL" per check, `contains TEXT PATTERN`,
# and `finish`, which prints "N passed, M failed" and fails when any check did.
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

check() {  # check NAME CONDITION-COMMAND…
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok   $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
  fi
}
contains() { grep -q -- "$2" <<<"$1"; }

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
