#!/usr/bin/env bash
# Prints every report whose outline title is empty or contains 。 (a sentence is never a title),
# then a one-line summary. Expected output for the 52 State Council reports: the summary only.
#
#   scripts/title-check.sh                              # ../shared/corpus/gwr/*.txt
#   scripts/title-check.sh ../shared/corpus/provincial  # any folder of .txt reports
#
# Needs jq. Runs the debug build with a temporary HOME, so no user config is read or written.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v jq >/dev/null || { echo "jq is needed: apt-get install jq" >&2; exit 2; }
dir=${1:-${JIANGHUA_CORPUS:-../shared/corpus}/gwr}
[ -d "$dir" ] || { echo "no such folder: $dir (give a folder of .txt reports)" >&2; exit 2; }

cargo build --quiet
bin=$PWD/target/debug/jianghua
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT

checked=0
bad=0
for f in "$dir"/*.txt; do
  [ -e "$f" ] || continue
  checked=$((checked + 1))
  title=$(env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_STATE_HOME -u XDG_CACHE_HOME HOME="$home" \
    "$bin" outline "$f" --format json | jq -r '.title // ""')
  if [ -z "$title" ] || [[ "$title" == *。* ]]; then
    bad=$((bad + 1))
    printf '%s\t%s\n' "$(basename "$f")" "${title:-(no title)}"
  fi
done
echo "$checked reports checked, $bad with an empty title or one containing 。"
[ "$bad" -eq 0 ]
