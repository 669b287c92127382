#!/usr/bin/env bash
# Install (first run) and build everything: README.md, CONTRIBUTING.md and the website in site/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh site  # the package and the website tools (mkdocs, Material)
.venv/bin/awesome-lam build
if [ -f mkdocs.yml ]; then
  NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict --quiet
  echo "awesome-lam: site built in site/"
fi
