#!/usr/bin/env bash
# The main job on the bundled sample data, as a researcher would run it (called by ./dev demo):
# build the demo project, look at it, compare the two coders, pseudonymise, export, and run
# the teaching loop with three simulated students.
set -euo pipefail
DIR="${1:-casebook-demo}"
step() { printf '\n\033[1;36m$ %s\033[0m\n' "$*"; "$@"; }
peek() { # the first N lines of a listing (the listing may stop early: that is fine)
  local n="$1"; shift
  printf '\n\033[1;36m$ %s | head -n %s\033[0m\n' "$*" "$n"
  "$@" | head -n "$n" || true
}
has() { casebook "$1" --help >/dev/null 2>&1; }

step casebook demo "$DIR" --force
cd "$DIR"
step casebook docs
step casebook codebook show
peek 12 casebook show klantmanager-interview
step casebook agree --coders anna,bram
peek 12 casebook adjudicate list --coders anna,bram

printf '\n(The first pseudonymisation scan on a machine builds deduce'"'"'s tables: ~2 minutes, once.)\n'
step casebook pseudo scan
step casebook pseudo review --accept-all >/dev/null
step casebook pseudo apply
step casebook pseudo status
if has export; then
  step casebook export -o exports/casebook.pdf
fi
if has qdpx; then
  step casebook qdpx export -o exports/demo.qdpx
fi
if has report; then
  step casebook report frequencies --by role
fi
if has exercise; then
  printf '\nThe teaching loop: an exercise for students, three simulated students, feedback.\n'
  step casebook exercise create week1 --reference anna,bram
  step python -m casebook.demo.students --count 3 --out hand-ins
  step casebook exercise collect hand-ins
  step casebook exercise feedback
  step casebook exercise overview
  printf 'Feedback per student: %s/exercises/week1/feedback/*.pdf\n' "$PWD"
  printf 'A student opens the package with:  casebook exercise open %s --student NAME\n' \
    "$PWD/exercises/week1/week1.casebook-exercise"
fi
printf '\nThe demo project is in %s; its exports are in %s/exports.\n' "$PWD" "$PWD"
printf 'Open the coding workbench with:  cd %s && casebook tui\n' "$PWD"
