#!/usr/bin/env bash
# Fails when `npm install` changed package-lock.json: the committed lockfile must be complete for every platform,
# so that a fresh clone installs exactly what was reviewed. Run it right after `npm install`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! git diff --quiet -- package-lock.json; then
  echo "npm install changed package-lock.json; run npm install, commit the lockfile, and check that a second npm install leaves it unchanged:" >&2
  git diff --stat -- package-lock.json >&2
  exit 1
fi
echo "package-lock.json unchanged by npm install"
