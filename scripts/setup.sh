#!/usr/bin/env bash
# Prepare a fresh machine: a virtual environment in .venv with the project installed.
# Usage: source-free; other scripts call it. Extra arguments are pip extras, e.g. "test".
# The editable install follows every code change by itself; it runs again only when
# pyproject.toml changes or an extra not installed yet is asked for (a stamp in .venv records
# the pyproject.toml hash and the extras installed).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# uv installs the packages (here and in scripts/python-versions.sh): it fetches and unpacks them
# in parallel, several times faster than pip (a fresh .venv with the test tools: about 18 s, not
# 60 s). It is installed into .venv itself by the venv's own pip: nothing outside is touched.
if [ ! -x .venv/bin/uv ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv>=0.9,<1"
fi
stamp=.venv/.awesome-lam-installed
hash=$(sha256sum pyproject.toml | cut -d' ' -f1)
installed=()
if [ -f "$stamp" ]; then
  read -r stamp_hash stamp_extras <"$stamp" || true
  if [ "$stamp_hash" = "$hash" ] && [ -n "${stamp_extras:-}" ]; then IFS=, read -r -a installed <<<"$stamp_extras"; fi
fi
wanted=("${installed[@]}")
for extra in "$@"; do
  case " ${wanted[*]} " in *" $extra "*) ;; *) wanted+=("$extra") ;; esac
done
if [ -f "$stamp" ] && [ "${stamp_hash:-}" = "$hash" ] && [ ${#wanted[@]} = ${#installed[@]} ]; then
  exit 0  # installed, with every extra asked for
fi
rm -f "$stamp"
extras=""
if [ ${#wanted[@]} -gt 0 ]; then extras="[$(IFS=,; echo "${wanted[*]}")]"; fi
# setuptools warns on every editable install about folders named like the package; the
# warning is about a layout this project does not have, so warnings are filtered (errors still show).
PYTHONWARNINGS="ignore::Warning" .venv/bin/uv pip install --quiet --python .venv/bin/python --editable ".${extras}"
echo "$hash $(IFS=,; echo "${wanted[*]}")" >"$stamp"
