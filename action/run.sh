#!/usr/bin/env bash
# The steps of pgscribe's GitHub Action (action.yml), one subcommand each, so a
# test can run them outside GitHub. Inputs arrive as environment variables:
#   PGSCRIBE_ROOT (project root), PGSCRIBE_BASE (git ref to compare with; empty: the
#   pull request's base branch, else the merge base with the default branch),
#   PGSCRIBE_COMMENT (true: post or update one pull-request comment with the diff),
#   GITHUB_TOKEN (for the comment), and GitHub's own GITHUB_ACTION_PATH,
#   GITHUB_STEP_SUMMARY, RUNNER_TEMP, GITHUB_EVENT_PATH, GITHUB_REPOSITORY.
set -uo pipefail

action_path="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
root="${PGSCRIBE_ROOT:-.}"
temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
pgscribe() { node "$action_path/bin/pgscribe.js" --root "$root" "$@"; }

# The ref a pull request is compared with: the input, else the PR's base branch on origin.
base_ref() {
  if [ -n "${PGSCRIBE_BASE:-}" ]; then echo "$PGSCRIBE_BASE"
  elif [ -n "${GITHUB_BASE_REF:-}" ]; then echo "origin/$GITHUB_BASE_REF"
  fi
}

# Exit 1 is findings (the gate step judges them); 2 is pgscribe unable to work, which fails the step.
findings_ok() { local code=$?; [ "$code" -le 1 ] || exit "$code"; }

case "${1:-}" in
  install)
    # The action's checkout has no build; a local run (or a test) may have one already.
    if [ ! -f "$action_path/dist/cli/launch.js" ]; then npm ci --prefix "$action_path" --no-audit --no-fund || exit 2; fi
    ;;
  annotate)
    base="$(base_ref)"
    if [ -n "$base" ]; then pgscribe lint --format github --changed-since "$base"; else pgscribe lint --format github; fi
    findings_ok
    ;;
  sarif)
    pgscribe check --format sarif > "$temp/pgscribe.sarif"
    findings_ok
    echo "sarif=$temp/pgscribe.sarif" >> "${GITHUB_OUTPUT:-/dev/null}"
    ;;
  summary)
    base="$(base_ref)"
    report="$temp/pgscribe-diff.md"
    if [ -n "$base" ]; then pgscribe diff --base "$base" --format markdown > "$report"; else pgscribe diff --format markdown > "$report"; fi
    code=$?
    if [ "$code" -ne 0 ]; then
      # No base to compare with (a first commit, a shallow clone): say so, do not fail the job.
      echo "pgscribe diff could not compare with a base (exit $code): check out with fetch-depth: 0, or set the base input." > "$report"
    fi
    cat "$report" >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
    # One comment per pull request, updated in place: found by the marker the markdown ends with.
    pr=""
    if [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ]; then
      pr="$(node -e 'const e=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));process.stdout.write(String(e.pull_request?.number??""))' "$GITHUB_EVENT_PATH")"
    fi
    if [ "${PGSCRIBE_COMMENT:-true}" = "true" ] && [ -n "$pr" ] && [ "$code" -eq 0 ]; then
      existing="$(gh api "repos/$GITHUB_REPOSITORY/issues/$pr/comments" --paginate --jq '.[] | select(.body | contains("<!-- pgscribe:diff -->")) | .id' | head -n 1)"
      if [ -n "$existing" ]; then gh api -X PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$existing" -F "body=@$report" > /dev/null
      else gh api -X POST "repos/$GITHUB_REPOSITORY/issues/$pr/comments" -F "body=@$report" > /dev/null
      fi
    fi
    ;;
  gate)
    pgscribe check
    ;;
  *)
    echo "usage: run.sh install|annotate|sarif|summary|gate" >&2
    exit 2
    ;;
esac
