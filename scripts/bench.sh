#!/usr/bin/env bash
# Whole-process performance of jianghua, measured with hyperfine (medians), against the targets of
# the performance issue. Builds the 10 MB input from ../shared/corpus/gwr (the State Council
# reports concatenated until 10 MB) and prints one table: target, measured, limit, ratio.
#
#   scripts/bench.sh            # needs hyperfine (apt-get install hyperfine) and the corpus
#   KEYS=500 scripts/bench.sh   # fewer keys per run for the per-key costs (default 2000)
#
# The criterion benches (cargo bench) measure the same things from inside: analysis throughput
# against a bare jieba cut, wrap speed, and update+draw per key on TestBackend.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 2; }
corpus=${JIANGHUA_CORPUS:-../shared/corpus}
[ -d "$corpus/gwr" ] || { echo "the corpus is needed at $corpus (or set JIANGHUA_CORPUS)" >&2; exit 2; }
keys_per_run=${KEYS:-2000}

cargo build --release --quiet
bin=$PWD/target/release/jianghua
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ref=$corpus/county_party_work_conference_2023.txt
big=$work/ten-mb.txt
while [ "$(stat -c %s "$big" 2>/dev/null || echo 0)" -lt $((10 * 1024 * 1024)) ]; do
  for f in "$corpus"/gwr/*.txt; do
    cat "$f" >> "$big"
    [ "$(stat -c %s "$big")" -ge $((10 * 1024 * 1024)) ] && break
  done
done

# median in ms of one command, from hyperfine's JSON
median() { # name, hyperfine args...
  local name=$1; shift
  hyperfine --style none --warmup 2 --min-runs "${RUNS:-10}" --export-json "$work/$name.json" "$@" >/dev/null 2>&1
  python3 -c "import json,sys; print('%.2f' % (json.load(open(sys.argv[1]))['results'][0]['median']*1000))" "$work/$name.json"
}
repeat() { # key, count
  local out=''; for _ in $(seq "$2"); do out+=$1; done; printf '%s' "$out"
}
rows=()
row() { rows+=("$(printf '%-44s %12s %12s %8s' "$1" "$2" "$3" "$4")"); }
ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }

# First frame vs. waiting for keywords, reference speech at 120x40.
first=$(median first "$bin render $ref --size 120x40")
waited=$(median waited "$bin render $ref --size 120x40 --wait-analysis")
row "first frame, reference speech (ms)" "$first" "" ""
row "first frame / with --wait-analysis" "$(ratio "$first" "$waited")" "0.20" "$(ratio "$(ratio "$first" "$waited")" 0.2)"

# Opening the 10 MB document to its first frame.
open10=$(median open10 "$bin render $big --size 160x48")
row "open 10 MB to first frame (ms)" "$open10" "400" "$(ratio "$open10" 400)"

# Per-key cost on 10 MB at 160x48: (T(keys x N) - T(base)) / N.
per_key() { # label, base keys, key
  local base=$2 keys
  keys="$base$(repeat "$3" "$keys_per_run")"
  local t0 t1
  t0=$(RUNS=5 median "base" "$bin render $big --size 160x48 --keys '$base'")
  t1=$(RUNS=5 median "keys" "$bin render $big --size 160x48 --keys '$keys'")
  local each; each=$(python3 -c "print('%.3f' % (max(0.0, $t1 - $t0) / $keys_per_run))")
  row "per key: $1 (ms)" "$each" "1" "$(ratio "$each" 1)"
}
per_key "scroll j" "G<PageUp>" "jk"
per_key "page Space/b" ":50%<CR>" " b"
per_key "outline jump j/k (outline focus)" "1:50%<CR>" "jk"
per_key "next match n" "/发展<CR>" "n"
per_key "toggle pane t" "" "t"

# Search: a two-character query over 10 MB, to the first highlighted match (typing both
# characters searches twice; the difference includes those searches and their frames).
s0=$(median s0 "$bin render $big --size 160x48")
s1=$(median s1 "$bin render $big --size 160x48 --keys '/发展'")
search=$(python3 -c "print('%.2f' % max(0.0, $s1 - $s0))")
row "search 发展 over 10 MB, incl. frames (ms)" "$search" "30" "$(ratio "$search" 30)"

# Startup on the embedded sample (the path of cargo run --release).
startup=$(median startup "$bin render --size 80x24")
row "startup, embedded sample (ms)" "$startup" "" ""

# Peak RSS in KB, the median of five runs (a single run varies by a few hundred KB).
rss() {
  for _ in 1 2 3 4 5; do /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 3p
}
ref_bytes=$(stat -c %s "$ref"); big_bytes=$(stat -c %s "$big")
# The process itself (code, libraries, the embedded sample) and jieba's dictionaries, measured
# apart on the embedded sample so that neither measured document defines its own allowance.
base=$(rss "$bin" render --size 160x48)
dict=$(( $(rss "$bin" render --size 160x48 --wait-analysis) - base ))
for pair in "reference:$ref" "10 MB:$big"; do
  name=${pair%%:*}; file=${pair#*:}; bytes=$(stat -c %s "$file")
  plain=$(rss "$bin" render "$file" --size 160x48)
  full=$(rss "$bin" render "$file" --size 160x48 --wait-analysis)
  limit=$(( 3 * bytes / 1024 + dict + base ))
  row "peak RSS, $name, first frame (KB)" "$plain" "$limit" "$(ratio "$plain" "$limit")"
  row "peak RSS, $name, with keywords (KB)" "$full" "$limit" "$(ratio "$full" "$limit")"
done

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(uname -sr); $("$bin" --version)"
echo "inputs: reference speech $ref_bytes bytes; 10 MB document $big_bytes bytes"
echo "RSS limit = 3 x document + dictionaries (~${dict} KB) + the process's own base (~${base} KB)"
printf '%-44s %12s %12s %8s\n' "target" "measured" "limit" "ratio"
printf '%s\n' "${rows[@]}"
