#!/usr/bin/env bash
# Smoke test on every Python the project claims (requires-python >=3.11,<3.15) that this machine has:
# install the package (no extras: what `awesome-lam` needs) into its own venv and run `check` on the
# real list. The full suite runs on .venv's Python; the GitHub workflow runs it on each version.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  echo "python-versions: .venv is missing; run bash scripts/setup.sh first (scripts/test.sh does)"
  exit 1
fi
# One wheel (pure Python) for every version, built once, from a copy of what it packages (setuptools
# leaves build/ and *.egg-info in the folder it builds, and would package stale modules from them);
# each venv gets it and its dependencies.
wheels=.cache/python-versions-wheel
source=.cache/python-versions-source
rm -rf "$wheels" "$source"
mkdir -p "$source"
tar -cf - --exclude=__pycache__ pyproject.toml README.md LICENSE generator | tar -xf - -C "$source"
if ! .venv/bin/uv build --quiet --wheel --out-dir "$wheels" "$source" > .cache/python-versions-wheel.log 2>&1; then
  cat .cache/python-versions-wheel.log
  echo "python-versions: building the wheel failed (log above, and in .cache/python-versions-wheel.log)"
  exit 1
fi
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
  # Made again each run, so it holds this wheel; without a pip of its own (ensurepip costs seconds
  # per version): .venv's uv (scripts/setup.sh) installs into it.
  rm -rf "$venv"
  "$python" -m venv --without-pip "$venv"
  log="$venv/install.log"
  if ! .venv/bin/uv pip install --quiet --python "$venv/bin/python" "$wheels"/*.whl > "$log" 2>&1; then
    cat "$log"
    echo "python-versions: installing into $venv with $python failed (log above, and in $log)"
    exit 1
  fi
  "$venv/bin/awesome-lam" check >/dev/null 2>&1 || "$venv/bin/awesome-lam" check
  echo "python-versions: $("$venv/bin/python" --version) installs and checks the list"
done
