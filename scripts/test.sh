#!/usr/bin/env bash
# Runs every test file under test/ (or the files given) with Node's own test runner.
# Node 20's bare `node --test` finds no .ts files, so the list is explicit.
set -euo pipefail
cd "$(dirname "$0")/.."
# Start PostgreSQL when it is installed (CI installs it first); prints MC_TEST_DATABASE_URL.
[ -n "${MC_TEST_DATABASE_URL:-}" ] || eval "$(bash scripts/services.sh)"
if [ "$#" -gt 0 ]; then files=("$@"); else mapfile -t files < <(find test -name '*.test.ts' | sort); fi
exec node --import tsx --test --test-concurrency="${MC_TEST_CONCURRENCY:-2}" "${files[@]}"
