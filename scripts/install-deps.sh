#!/usr/bin/env bash
# Installs what asta needs to build, run and test on Debian bookworm. Idempotent and
# quick when everything is present: it only calls apt-get for missing packages.
# Usage: scripts/install-deps.sh [build|test|bench]   (each includes the ones before)
set -euo pipefail

level=${1:-build}
packages=(build-essential cmake pkg-config g++ git
  libcpp-httplib-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev libexpected-dev
  libsqlite3-dev libpqxx-dev libargon2-dev libssl-dev libgtest-dev libbenchmark-dev
  libicu-dev libmecab-dev mecab-ipadic-utf8 libzip-dev libpugixml-dev libxapian-dev zlib1g-dev liblemon-dev coinor-libcbc-dev
  postgresql-client sqlite3 curl ca-certificates)
case "$level" in
  test|bench) packages+=(chromium clang-format glpk-utils) ;;
esac
case "$level" in
  bench) packages+=(wrk nginx-light python3 python3-levenshtein) ;;
esac
# Node.js 20+ and npm build the web UI; use the machine's if it has one.
if ! command -v node >/dev/null 2>&1; then packages+=(nodejs npm); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
