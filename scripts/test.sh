#!/usr/bin/env bash
# Install (first run) and run the whole test suite, with the linters and browser it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
# In CI, and as root (who can install everything), every tool is required: a missing one fails the
# run. A normal user's run skips the tests whose tools it cannot install, each named in one line.
if [ -n "${CI:-}" ] || [ "$(id -u)" = 0 ]; then export AWESOME_LAM_REQUIRE_TOOLS=1; fi
bash scripts/install-tools.sh
export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check generator tests benchmarks scripts  # lint gate
.venv/bin/mypy  # type gate ([tool.mypy] in pyproject.toml)
.venv/bin/python benchmarks/build_benchmark.py --quick  # keeps the benchmark script working
bash scripts/python-versions.sh
.venv/bin/python -m pytest "$@"
