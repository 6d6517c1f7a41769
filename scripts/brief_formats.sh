#!/usr/bin/env bash
# What writing the brief as .docx or .txt costs beside Markdown: hyperfine medians of
# `jianghua brief SAMPLE -o OUT --force` for each format, in one run, in a temporary HOME and
# working directory (removed afterwards). Usage: scripts/brief_formats.sh [BINARY] [SPEECH]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$(realpath "${1:-$root/target/release/jianghua}")"
speech="${2:-$root/samples/$(ls "$root/samples" | grep '\.txt$' | head -1)}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/cwd"
cd "$tmp/cwd"
export HOME="$tmp/home"
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME JIANGHUA_CONFIG
hyperfine -N --warmup 3 --runs 30 --export-json "$tmp/times.json" \
  "$bin brief $speech -o brief.md --force" \
  "$bin brief $speech -o brief.txt --force" \
  "$bin brief $speech -o brief.docx --force"
python3 - "$tmp/times.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"median {r['median'] * 1000:7.1f} ms  {r['command'].split(' -o ')[1]}")
PY
