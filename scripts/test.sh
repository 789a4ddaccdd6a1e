#!/usr/bin/env bash
# Runs every test file under test/ (or the files given) with Node's own test runner.
# Node 20's bare `node --test` finds no .ts files, so the list is explicit.
set -euo pipefail
cd "$(dirname "$0")/.."
# Start PostgreSQL when it is installed (CI installs it first); prints MC_TEST_DATABASE_URL.
[ -n "${MC_TEST_DATABASE_URL:-}" ] || eval "$(bash scripts/services.sh)"
if [ "$#" -gt 0 ]; then files=("$@"); else mapfile -t files < <(find test -name '*.test.ts' | sort); fi
# The runner's own report (spec on a terminal, TAP otherwise: Node 24 would print spec even
# when piped, and CI and the skip-summary test read TAP's closing lines), then,
# after its closing lines, every skipped suite and test with its reason: the runner's
# "# skipped N" leaves out suites skipped as a whole (no PostgreSQL, no Prometheus, …).
[ -t 1 ] && reporter=spec || reporter=tap
summary=$(mktemp "${TMPDIR:-/tmp}/mc-test-skips.XXXXXX")
trap 'rm -f "$summary"' EXIT
status=0
node --import tsx --test --test-concurrency="${MC_TEST_CONCURRENCY:-2}" \
  --test-reporter="$reporter" --test-reporter-destination=stdout \
  --test-reporter=./scripts/skip-summary-reporter.mjs --test-reporter-destination="$summary" \
  "${files[@]}" || status=$?
cat "$summary"
exit "$status"
