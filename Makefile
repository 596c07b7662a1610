# The two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
JOBS ?= 2
DATA ?= asta-data
LISTEN ?= 127.0.0.1:8080

.PHONY: all deps deps-test build build-debug web run test test-unit test-web test-e2e bench bench-screening bench-search bench-proposals clean format-check

all: build

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

# Release build: build/asta.
build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j$(JOBS) --target asta

# Debug build with ASan and UBSan, for the tests: build-debug/asta and the test binaries.
build-debug: deps-test
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug -j$(JOBS)

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web/dist/index.html: web/node_modules/.package-lock.json $(shell find web/src web/index.html web/vite.config.* web/tsconfig*.json 2>/dev/null)
	cd web && npm run build

web: deps web/dist/index.html

run: build web
	@if [ ! -f $(DATA)/asta.db ]; then \
	  mkdir -p $(DATA) && build/asta demo --db sqlite:$(DATA)/asta.db; \
	fi
	@echo "asta: http://localhost:$(lastword $(subst :, ,$(LISTEN)))  —  sign in as admin@asta.example / asta-demo-2026"
	@exec build/asta serve --db sqlite:$(DATA)/asta.db --listen $(LISTEN) --web-root web/dist

# Every test: unit, integration, storage conformance (PostgreSQL when ASTA_TEST_PG_URL
# is set), crash, web unit tests and the headless-Chromium test.
test: build-debug web
	@$(MAKE) --no-print-directory test-unit test-web test-e2e

test-unit:
	@ctest --preset debug -j$(JOBS)

test-web:
	@cd web && npm test

test-e2e:
	@tests/e2e/run.sh build-debug/asta

bench: build web
	@scripts/install-deps.sh bench
	@bench/http/run.sh
	@$(MAKE) --no-print-directory bench-screening

# Screening benchmark (issue 3): name-engine quality and speed on the shared lists, with
# a Levenshtein-ratio baseline; prints tables, writes bench/out/screening.json.
bench-screening: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j$(JOBS) --target bench_screening
	@build/bench/screening/bench_screening $(BENCH_ARGS)

# Search benchmark (issue 4): the search engine on a generated network of 1,000,000 people
# and 100,000 organisations, with SQLite FTS5 (trigram) over the same documents; prints
# tables, writes bench/out/search.json. BENCH_ARGS="--scale 0.05" for a quick run.
bench-search: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j$(JOBS) --target bench_search
	@build/bench/search/bench_search $(BENCH_ARGS)

# Proposal submission benchmark (issue 5): N proposals (default 10,000) drafted and
# submitted through the API on SQLite, and on PostgreSQL when ASTA_BENCH_PG_URL is set,
# with GET /api/v1/session as the baseline; prints a table per backend, writes
# bench/out/proposals.json. N=1000 for a quick run; see bench/proposals/README.md.
bench-proposals: build
	@bench/proposals/run.sh

# C++ sources must match .clang-format (run `clang-format -i` on what it names).
format-check:
	@clang-format --dry-run --Werror $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h')

clean:
	rm -rf build build-debug web/dist
