#!/usr/bin/env bash
# Commit generated files to main and push them, starting again from the newest main when main
# moved during the job. Used by the workflows (site.yml: README.md; links.yml: repository health).
#
#   scripts/commit-generated.sh MESSAGE FILE... -- COMMAND...
#
# Each attempt: fetch main, check it out, run COMMAND (which regenerates the files), and commit and
# push the FILEs if they changed. A push refused because main moved is tried again (5 attempts);
# a push refused for any other reason (a protected branch: GH006, or a ruleset) stops at once with
# what to set up (MAINTAINING.md, "The bot"). The token (PUSH_TOKEN) reaches git through its
# environment for each command, never .git/config. Exit 0 when pushed or nothing changed.
set -euo pipefail
if [ $# -lt 4 ]; then
  echo "usage: $0 MESSAGE FILE... -- COMMAND..." >&2
  exit 2
fi
message=$1
shift
files=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do files+=("$1"); shift; done
if [ $# -lt 2 ] || [ ${#files[@]} -eq 0 ]; then
  echo "usage: $0 MESSAGE FILE... -- COMMAND..." >&2
  exit 2
fi
shift
regenerate=("$@")
branch=${BRANCH:-main}
attempts=${ATTEMPTS:-5}

authed_git() {
  if [ -n "${PUSH_TOKEN:-}" ]; then
    local auth
    auth=$(printf 'x-access-token:%s' "$PUSH_TOKEN" | base64 -w0)
    GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=http.extraheader GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $auth" git "$@"
  else
    git "$@"
  fi
}

git config user.name "${BOT_NAME:-github-actions[bot]}"
git config user.email "${BOT_EMAIL:-41898283+github-actions[bot]@users.noreply.github.com}"
for attempt in $(seq 1 "$attempts"); do
  authed_git fetch --quiet origin "$branch"
  base=$(git rev-parse FETCH_HEAD)
  git checkout --quiet --force -B "$branch" "$base"
  "${regenerate[@]}"
  if git diff --quiet -- "${files[@]}" && [ -z "$(git ls-files --others --exclude-standard -- "${files[@]}")" ]; then
    echo "commit-generated: ${files[*]} up to date on $branch."
    exit 0
  fi
  git add -- "${files[@]}"
  git commit --quiet -m "$message"
  if output=$(authed_git push origin "HEAD:refs/heads/$branch" 2>&1); then
    echo "$output"
    echo "commit-generated: pushed $(git rev-parse --short HEAD) to $branch (attempt $attempt)."
    if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "pushed=true" >> "$GITHUB_OUTPUT"; fi
    exit 0
  fi
  echo "$output" >&2
  now=$(authed_git ls-remote origin "refs/heads/$branch" | cut -f1)
  if [ "$now" = "$base" ]; then
    echo "commit-generated: the push to $branch was refused and $branch did not move: the branch is protected" \
      "or the token may not push. Give the bot a bypass (MAINTAINING.md, \"The bot\")." >&2
    exit 1
  fi
  echo "commit-generated: $branch moved during the job; starting again from the new $branch." >&2
  sleep $((attempt * 2))
done
echo "commit-generated: $branch kept moving; gave up after $attempts attempts." >&2
exit 1
