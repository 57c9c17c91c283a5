#!/usr/bin/env bash
# The main job on the bundled sample data, as a researcher would run it (called by ./dev demo).
set -euo pipefail
DIR="${1:-casebook-demo}"
step() { printf '\n\033[1;36m$ %s\033[0m\n' "$*"; "$@"; }
step casebook demo "$DIR" --force
cd "$DIR"
step casebook docs
step casebook show klantmanager-interview | head -n 12
step casebook codings --coder anna | head -n 8
printf '\nThe demo project is in %s. Open the coding workbench with:  cd %s && casebook tui\n' "$PWD" "$DIR"
