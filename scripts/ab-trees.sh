#!/usr/bin/env bash
# Before a GPU call that compares commits: writes the runnable files of each named commit (src, variants, bench,
# bin, package.json, tsconfig.json) into .ab/<name>, so that the call can run either: the device gets this
# checkout's files but not its newest commits. Name .ab in the call's carry (it is listed in .git/info/exclude).
#   scripts/ab-trees.sh base=c124e6b new=HEAD
set -eu
grep -qx '.ab/' .git/info/exclude 2>/dev/null || echo '.ab/' >> .git/info/exclude
rm -rf .ab
for pair in "$@"; do
  name=${pair%%=*}
  commit=${pair#*=}
  mkdir -p ".ab/$name"
  git archive "$commit" src variants bench bin package.json tsconfig.json | tar x -C ".ab/$name"
  echo "$(git rev-parse --short "$commit")" > ".ab/$name/COMMIT"
done
du -sh .ab
