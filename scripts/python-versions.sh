#!/usr/bin/env bash
# Smoke test on every Python the project claims (requires-python >=3.11,<3.15) that this machine has:
# install the package into its own venv and run `check` on the real list. The full suite runs on
# .venv's Python; the GitHub workflow runs it on each version.
set -euo pipefail
cd "$(dirname "$0")/.."
pyenv_root=$(pyenv root 2>/dev/null || true)
for version in 3.11 3.12 3.13 3.14; do
  python=""
  for candidate in "python$version" "$pyenv_root"/versions/"$version"*/bin/"python$version"; do
    if [ -n "$candidate" ] && "$candidate" -c "import venv" >/dev/null 2>&1; then python=$candidate; break; fi
  done
  if [ -z "$python" ]; then
    echo "python-versions: python$version not found; skipped (install it to test that version here)"
    continue
  fi
  venv=".cache/venv-$version"
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet --editable . 2>&1 | grep -v "^WARNING: Location" || true
  "$venv/bin/awesome-lam" check >/dev/null 2>&1 || "$venv/bin/awesome-lam" check
  echo "python-versions: $("$venv/bin/python" --version) installs and checks the list"
done
