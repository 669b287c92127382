#!/usr/bin/env bash
# Tools the tests use beyond Python: awesome-lint and markdownlint-cli2 (npm, into
# .cache/node), and Debian's chromium for browser tests (apt-get, when running as root).
set -euo pipefail
cd "$(dirname "$0")/.."
node_dir=.cache/node
if [ ! -x "$node_dir/node_modules/.bin/awesome-lint" ] || [ ! -x "$node_dir/node_modules/.bin/markdownlint-cli2" ]; then
  mkdir -p "$node_dir"
  (cd "$node_dir" && [ -f package.json ] || echo '{"private": true}' > package.json)
  npm install --prefix "$node_dir" --no-audit --no-fund --silent awesome-lint@2.3.0 markdownlint-cli2@0.24.1
fi
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "install-tools: chromium is missing and cannot be installed here (needs root and apt-get)" >&2
  fi
fi
