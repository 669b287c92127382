#!/usr/bin/env bash
# Which checks a pull request needs, from the files it changes against its base (argument: the base
# branch's ref, e.g. origin/main). Entries and data only (entries/, data/): validate, build, site and
# link check; anything else (code, templates, workflows, dependencies, docs) also runs the test
# suite on every Python version. Writes `code=true|false` to $GITHUB_OUTPUT and says which path was
# taken, and why, in $GITHUB_STEP_SUMMARY (both default to standard output outside GitHub).
set -euo pipefail
base_ref=${1:?usage: scripts/pr-paths.sh BASE_REF (e.g. origin/main)}
output=${GITHUB_OUTPUT:-/dev/stdout}
summary=${GITHUB_STEP_SUMMARY:-/dev/stdout}

if ! base=$(git merge-base "$base_ref" HEAD); then
  # Without a base every check runs: a wrong guess must cost time, never a check.
  echo "code=true" >> "$output"
  # shellcheck disable=SC2016  # the backticks are Markdown, not a command
  printf '## Checks for this pull request\n\nEvery check runs: no common ancestor with `%s` was found.\n' "$base_ref" >> "$summary"
  exit 0
fi

changed=$(git diff --no-renames --name-only "$base" HEAD)
other=$(grep -v -E '^(entries|data)/' <<< "$changed" | grep -v '^$' || true)
count=$(grep -c . <<< "$changed" || true)

{
  echo "## Checks for this pull request"
  echo
  if [ -z "$other" ]; then
    echo "Entries and data only ($count file(s) under entries/ and data/): validation, the README and site builds and the"
    echo "link check run; the code test suite on every Python version is skipped, as nothing it tests changed."
  else
    echo "Code or configuration changed, so every check runs, the test suite on every Python version included. Outside"
    echo "entries/ and data/:"
    echo
    # shellcheck disable=SC2016  # the backticks are Markdown, not a command
    head -n 20 <<< "$other" | sed 's/^/- `/; s/$/`/'
    if [ "$(grep -c . <<< "$other")" -gt 20 ]; then echo "- and more: see the pull request's files."; fi
  fi
  echo
} >> "$summary"

if [ -z "$other" ]; then echo "code=false" >> "$output"; else echo "code=true" >> "$output"; fi
