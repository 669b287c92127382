#!/usr/bin/env bash
# Install (first run) and run the whole test suite, with the linters and browser it needs.
# Each step prints how long it took, so a slow run shows where its time went.
set -euo pipefail
cd "$(dirname "$0")/.."
timed() {  # timed NAME COMMAND...: run the command, say how long it took, and return its status
  local name=$1 start=$SECONDS status=0
  shift
  "$@" || status=$?
  echo "test.sh: $name took $((SECONDS - start)) s"
  return "$status"
}
finish() {  # finish PID LOG WHAT: wait for a step run in the background, show its output, stop if it failed
  local status=0
  wait "$1" || status=$?
  cat "$2"
  if [ "$status" != 0 ]; then
    echo "test.sh: $3 failed (its output is above, and in $2)"
    exit "$status"
  fi
}
# In CI, and as root (who can install everything), every tool is required: a missing one fails the
# run. A normal user's run skips the tests whose tools it cannot install, each named in one line.
if [ -n "${CI:-}" ] || [ "$(id -u)" = 0 ]; then export AWESOME_LAM_REQUIRE_TOOLS=1; fi
# Python keeps the modules it compiles (in .venv and __pycache__, both ignored by git), as on any
# installed system. Some sandboxes set PYTHONDONTWRITEBYTECODE, and then every one of the suite's
# Python processes compiled the same modules again: 363 CPU-seconds against 325 for the suite here.
unset PYTHONDONTWRITEBYTECODE
# The linters and the browser (npm, apt-get) install while uv fills .venv; their output is shown
# once both are done.
mkdir -p .cache
tools_log=.cache/install-tools.log
echo "test.sh: installing the project into .venv (uv) and, meanwhile, the linters and the browser (npm, apt-get; their output follows when both are done, and is in $tools_log)"
timed "installing the linters and the browser" bash scripts/install-tools.sh > "$tools_log" 2>&1 &
tools=$!
timed "installing the project and its test tools into .venv" bash scripts/setup.sh test
finish "$tools" "$tools_log" "installing the linters and the browser"
export NO_MKDOCS_2_WARNING=1
timed "the lint gate (ruff)" .venv/bin/ruff check generator tests benchmarks scripts
# The other gates run beside the test suite, which leaves the cores idle whenever its browsers and
# servers wait; their output is shown when the suite is done, and is in $gates_log.
gates_log=.cache/gates.log
gates() {
  timed "the type gate (mypy, [tool.mypy] in pyproject.toml)" .venv/bin/mypy
  timed "the benchmark's smoke run" .venv/bin/python benchmarks/build_benchmark.py --quick
  timed "the smoke test on every Python version" bash scripts/python-versions.sh
}
echo "test.sh: running the type gate, the benchmark's smoke run and the Python versions' smoke test beside the suite (their output follows it, and is in $gates_log)"
gates > "$gates_log" 2>&1 &
gates_pid=$!
# On every core (pytest-xdist; an idle worker takes tests from a busy one); AWESOME_LAM_TEST_WORKERS=1
# runs the suite in one process.
suite_status=0
timed "the test suite" .venv/bin/python -m pytest -n "${AWESOME_LAM_TEST_WORKERS:-auto}" --dist worksteal "$@" || suite_status=$?
finish "$gates_pid" "$gates_log" "a gate"
if [ "$suite_status" != 0 ]; then
  echo "test.sh: the test suite failed (its report is above)"
  exit "$suite_status"
fi
echo "test.sh: everything passed in $SECONDS s"
