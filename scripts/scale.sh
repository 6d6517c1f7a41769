#!/usr/bin/env bash
# The scale figures of a library of 5,000 speeches, whole processes measured from outside:
# hyperfine medians for what `render` can drive, tmux for what needs the real terminal loop
# (marks, quit, bytes on the wire, memory of ten readers side by side).
#
#   scripts/scale.sh [ROW...]       rows: open search tsearch keys results filter mark quit fill trends
#                                   big bigtmux wire memory size (default: all of them, `fill` before the
#                                   rows again, so the library rows are measured with a cold cache,
#                                   then warm; `trends` measures cold and warm itself, in a cache of
#                                   its own)
#                                   fill: run the reader until its catalog and search index are
#                                   built in the cache; the rows after it are labelled warm
#   BIN=path/to/jianghua            the binary to measure (default: builds target/release/jianghua)
#   LIB=dir BIG=file                the library and the 64 MB document (default: generated once
#                                   into /tmp/jianghua-scale by scripts/gen-library.py --big)
#   RUNS=3 KEYS=200                 hyperfine runs per command; keys per run for per-key costs
#
# Every run uses a fresh temporary HOME and XDG directories, so nothing of the user's is read or
# written; the library is never inside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tmux is needed: apt-get install tmux" >&2; exit 2; }
if [ -z "${BIN:-}" ]; then cargo build --release --quiet; BIN=$repo/target/release/jianghua; fi
if [ -z "${LIB:-}" ]; then
  LIB=/tmp/jianghua-scale/lib BIG=/tmp/jianghua-scale/lib-big/big.txt
  [ -d "$LIB" ] || scripts/gen-library.py "$LIB" --big >&2
fi
BIG=${BIG:-$LIB-big/big.txt}
runs=${RUNS:-3}
keys=${KEYS:-200}
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=(open search tsearch keys results filter mark quit fill open search tsearch keys results filter mark trends big bigtmux wire memory size)
cache=cold

work=$(mktemp -d)
sock=jianghua-scale-$$
started=()
cleanup() { # a reader that loses its terminal may linger: end each one we started, by its pid
  for pid in "${started[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  tmux -L "$sock" kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache \
  XDG_STATE_HOME=$work/state
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
ref=$repo/samples/county_work_meeting_2024.txt

say() { printf '%-52s %s\n' "$1" "$2"; }
ms() { python3 -c "import json,sys; print('%.1f' % (json.load(open(sys.argv[1]))['results'][0]['median']*1000))" "$1"; }
quote() { local a out=''; for a in "$@"; do out+="'${a//\'/\'\\\'\'}' "; done; printf '%s' "$out"; }
median() { # name, command and arguments: the median in ms
  local name=$1; shift
  hyperfine --style none -N --warmup 1 --runs "$runs" --export-json "$work/$name.json" "$(quote "$@")" >/dev/null
  ms "$work/$name.json"
}
sub() { python3 -c "import sys; a,b,n=map(float,sys.argv[1:]); print('%.2f' % (max(0.0,a-b)/n))" "$1" "$2" "${3:-1}"; }
repeat() { local out=''; for _ in $(seq "$2"); do out+=$1; done; printf '%s' "$out"; }
now() { date +%s%N; }
since() { python3 -c "import sys; print('%.0f' % ((int(sys.argv[2])-int(sys.argv[1]))/1e6))" "$1" "$(now)"; }

# tmux helpers: one reader per window, exec'd so the pane's pid is the reader's.
start() { # window, size, args...
  local win=$1 size=$2; shift 2
  local cmd; cmd="exec $(printf '%q ' "$BIN" "$@")"
  # A window that only waits holds the session open, so a reader quitting never ends the server
  # between two rows.
  tmux -L "$sock" has-session 2>/dev/null ||
    tmux -L "$sock" new-session -d -s scale -n hold -x "${size%x*}" -y "${size#*x}" 'exec sleep 86400'
  tmux -L "$sock" new-window -d -t scale -n "$win" "$cmd"
  tmux -L "$sock" resize-window -t "scale:$win" -x "${size%x*}" -y "${size#*x}" 2>/dev/null || true
  started+=("$(tmux -L "$sock" display -p -t "scale:$win" '#{pane_pid}')")
}
screen() { tmux -L "$sock" capture-pane -p -t "scale:$1" 2>/dev/null || true; }
wait_for() { # window, fixed string, timeout s
  local end=$(( $(date +%s) + ${3:-120} ))
  until screen "$1" | grep -qF -- "$2"; do
    [ "$(date +%s)" -lt "$end" ] || { echo "timed out waiting for '$2' in $1" >&2; screen "$1" >&2; return 1; }
    sleep 0.01
  done
}
pid_of() { tmux -L "$sock" display -p -t "scale:$1" '#{pane_pid}'; }

for row in "${rows[@]}"; do
  case $row in
  open)
    t=$(median open "$BIN" render "$LIB" --size 100x30)
    say "first screen, library, $cache cache (ms, render)" "$t"
    rss=$( { /usr/bin/time -f %M "$BIN" render "$LIB" --size 100x30 >/dev/null; } 2>&1 | tail -1)
    say "first screen, library, $cache cache, peak RSS (MiB)" "$((rss / 1024))"
    ;;
  search)
    base=$(median base "$BIN" render "$LIB" --size 100x30)
    lit=$(median lit "$BIN" render "$LIB" --size 100x30 --keys 'S发展<CR>')
    py=$(median py "$BIN" render "$LIB" --size 100x30 --keys 'Sfz<CR>')
    rare=$(median rare "$BIN" render "$LIB" --size 100x30 --keys 'S两个确<CR>')
    say "literal search 发展, all documents, $cache (ms)" "$(sub "$lit" "$base")"
    say "literal search 两个确, all documents, $cache (ms)" "$(sub "$rare" "$base")"
    say "pinyin search fz, all documents, $cache (ms)" "$(sub "$py" "$base")"
    ;;
  results)
    base=$(median rbase "$BIN" render "$LIB" --size 100x30 --keys 'Sfz<CR>')
    moved=$(median rmoved "$BIN" render "$LIB" --size 100x30 --keys "Sfz<CR>$(repeat j "$keys")")
    say "move down the search results, per key, $cache (ms)" "$(sub "$moved" "$base" "$keys")"
    ;;
  tsearch)
    # Library search in the real reader (tmux): from Enter to the results on screen, after the
    # reader has had 5 s to open its search index in the background. Includes tmux's latency.
    win=ts$RANDOM
    start "$win" 100x30 "$LIB"
    wait_for "$win" '%' 600; sleep 5
    for q in 发展 两个确 fz; do
      tmux -L "$sock" send-keys -t "scale:$win" S; sleep 0.3
      tmux -L "$sock" send-keys -t "scale:$win" "$q"; sleep 0.3
      t0=$(now); tmux -L "$sock" send-keys -t "scale:$win" Enter; wait_for "$win" "全库搜索「$q」" 600
      say "library search $q in the reader, $cache (ms, tmux)" "$(since "$t0")"
      tmux -L "$sock" send-keys -t "scale:$win" Escape; sleep 0.3
    done
    tmux -L "$sock" send-keys -t "scale:$win" q
    ;;
  keys)
    # Key to screen in the real reader, read from its pseudo-terminal (scripts/keylat.py): no
    # tmux in between, whose polling adds 10-25 ms to the rows above. A new reader for every run,
    # given 3 s after its first screen (to open its search index in the background); cold, each
    # with an empty cache of its own (so it is filling its catalog meanwhile, as a first open
    # does), warm, with the cache `fill` filled.
    lat=(scripts/keylat.py --runs "$runs" --fresh --settle 3)
    if [ "$cache" = cold ]; then
      lat=(env XDG_CACHE_HOME="$work/keys-cache" "${lat[@]}" --prepare "rm -rf $(quote "$work/keys-cache")")
    fi
    for q in 发展 两个确 fz; do
      t=$("${lat[@]}" --keys "S$q<CR>" --until "全库搜索「$q」" --after '<Esc>' -- "$BIN" "$LIB" | awk '/^median/ {print $2}')
      say "library search $q in the reader, $cache (ms, pty)" "$t"
    done
    t=$("${lat[@]}" --keys 'ma' --until '书签 a 已设' -- "$BIN" "$LIB" | awk '/^median/ {print $2}')
    say "set a mark (m a), $cache (ms, pty)" "$t"
    rm -rf "$work/keys-cache"
    ;;
  filter)
    # The documents overlay (D): each key typed filters the whole library again.
    base=$(median fbase "$BIN" render "$LIB" --size 100x30 --keys 'D')
    typed=$(median ftyped "$BIN" render "$LIB" --size 100x30 --keys 'Dzfgzbg')
    say "documents filter (D), per query, $cache (ms)" "$(sub "$typed" "$base" 6)"
    ;;
  fill)
    # The reader fills the catalog and builds the search index in the background; wait for both.
    start fill 100x30 "$LIB"
    t0=$(now); wait_for fill '%' 600
    began=$(date +%s)
    indexed() { find "$XDG_CACHE_HOME" -path '*index*' -name '*.bin' 2>/dev/null | wc -l; }
    until ! screen fill | grep -qF '编目' && [ "$(indexed)" -ge 64 ]; do
      if [ "$(indexed)" -eq 0 ] && ! screen fill | grep -qF '编目' && [ "$(date +%s)" -gt $((began + 60)) ]; then
        echo "this binary fills no catalog or index in the background" >&2; break
      fi
      [ "$(date +%s)" -lt $((began + 1200)) ] || { echo "timed out filling the cache" >&2; break; }
      sleep 0.2
    done
    say "catalog and index filled in the background (ms)" "$(since "$t0")"
    tmux -L "$sock" send-keys -t scale:fill q
    sleep 1
    cache=warm
    ;;
  mark | quit)
    [ "$row" = quit ] && [[ " ${rows[*]} " == *" mark "* ]] && continue # measured with mark
    win=lib$RANDOM
    start "$win" 100x30 "$LIB"
    t0=$(now); wait_for "$win" '%' 600; say "first screen, library, $cache (ms, tmux)" "$(since "$t0")"
    say "RSS after the first screen, library, $cache (MiB)" "$(( $(awk '/VmRSS/ {print $2}' "/proc/$(pid_of "$win")/status") / 1024 ))"
    sleep 2
    t0=$(now); tmux -L "$sock" send-keys -t "scale:$win" m a; wait_for "$win" '书签 a 已设' 600
    say "set a mark (m a), $cache (ms, tmux)" "$(since "$t0")"
    pid=$(pid_of "$win")
    t0=$(now); tmux -L "$sock" send-keys -t "scale:$win" q
    # Until the process has exited (a zombie tmux has not reaped yet counts as gone).
    while [ -e "/proc/$pid/stat" ] && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]; do sleep 0.005; done
    say "quit, $cache (ms, tmux)" "$(since "$t0")"
    ;;
  trends)
    # Term trends of the whole library: `jianghua trends DIR` (hyperfine; cold = the cache emptied
    # before each run), then `T` in the reader (tmux): from the key to the overlay answering, and
    # to the trends on screen, cold (T pressed at the first screen, the catalog still filling)
    # and warm (a new reader over the cache the first one filled). In a cache of its own, so the
    # other rows keep theirs.
    mv "$XDG_CACHE_HOME" "$work/cache-aside"; mkdir -p "$XDG_CACHE_HOME"
    t=$(hyperfine --style none -N --runs "$runs" --prepare "rm -rf $(quote "$XDG_CACHE_HOME")/jianghua" \
      --export-json "$work/tcold.json" "$(quote "$BIN" trends "$LIB")" >/dev/null && ms "$work/tcold.json")
    say "jianghua trends DIR, cold cache (ms)" "$t"
    say "jianghua trends DIR, warm cache (ms)" "$(median twarm "$BIN" trends "$LIB")"
    rm -rf "$XDG_CACHE_HOME/jianghua"
    for state in cold warm; do
      win=tr$state$RANDOM
      start "$win" 100x30 "$LIB"
      wait_for "$win" '%' 600
      t0=$(now); tmux -L "$sock" send-keys -t "scale:$win" T
      wait_for "$win" '提法走势' 1200; say "trends T in the reader, $state: key to overlay (ms, tmux)" "$(since "$t0")"
      wait_for "$win" '按总次数' 1200; say "trends T in the reader, $state: key to trends (ms, tmux)" "$(since "$t0")"
      say "  RSS with the trends shown, $state (MiB)" "$(( $(awk '/VmRSS/ {print $2}' "/proc/$(pid_of "$win")/status") / 1024 ))"
      # The first reader goes on filling the cache (catalog, phrase counts, index) before it quits.
      if [ "$state" = cold ]; then
        tmux -L "$sock" send-keys -t "scale:$win" Escape
        until [ -n "$(find "$XDG_CACHE_HOME" -name '*.phrases.json' 2>/dev/null)" ] || ! screen "$win" | grep -qF '编目'; do sleep 0.2; done
        sleep 2
      fi
      tmux -L "$sock" send-keys -t "scale:$win" q; sleep 1
    done
    rm -rf "$XDG_CACHE_HOME"; mv "$work/cache-aside" "$XDG_CACHE_HOME"
    ;;
  big)
    mb=$(( $(stat -c %s "$BIG") / 1048576 ))
    t=$(median big "$BIN" render "$BIG" --size 100x30)
    say "first screen, $mb MB document (ms, render)" "$t"
    # With a key, render reads and analyses the whole document before applying it.
    t=$(median bigwhole "$BIN" render "$BIG" --size 100x30 --keys j)
    say "whole $mb MB document read and shown (ms, render --keys j)" "$t"
    ;;
  bigtmux)
    # The reader in tmux: from the start until the document's first line is on screen, and until
    # the status bar shows a percentage again (the whole document read and analysed). Medians of
    # RUNS starts; includes tmux's latency (about 10 ms of polling).
    mb=$(( $(stat -c %s "$BIG") / 1048576 ))
    needle=$(python3 -c "import sys; print(open(sys.argv[1], encoding='utf-8', errors='replace').readline().strip()[:8])" "$BIG")
    firsts=() wholes=()
    for _ in $(seq "$runs"); do
      win=big$RANDOM
      t0=$(now); start "$win" 100x30 "$BIG"
      wait_for "$win" "$needle" 60; firsts+=("$(since "$t0")")
      wait_for "$win" '%' 120; wholes+=("$(since "$t0")")
      tmux -L "$sock" send-keys -t "scale:$win" q
      sleep 0.5
    done
    med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
    say "first screen, $mb MB document (ms, tmux, median of $runs)" "$(med "${firsts[@]}")"
    say "  whole $mb MB document read, % shown (ms, tmux)" "$(med "${wholes[@]}")"
    ;;
  wire)
    for mode in three text; do
      start "w$mode" 100x30 "$ref"; wait_for "w$mode" '%' 30
      [ "$mode" = text ] && { tmux -L "$sock" send-keys -t "scale:w$mode" z; sleep 0.3; }
      tmux -L "$sock" send-keys -t "scale:w$mode" G; sleep 0.3
      tmux -L "$sock" pipe-pane -o -t "scale:w$mode" "cat > $work/wire-$mode"
      sleep 0.3
      for _ in $(seq 20); do tmux -L "$sock" send-keys -t "scale:w$mode" k; sleep 0.1; done
      sleep 0.3
      tmux -L "$sock" pipe-pane -t "scale:w$mode"
      say "bytes per j at 100x30, $mode (B)" "$(( $(stat -c %s "$work/wire-$mode") / 20 ))"
      tmux -L "$sock" send-keys -t "scale:w$mode" q
    done
    ;;
  memory)
    # The peak of each reader while its keywords are computed, sampled every 20 ms for 8 s from
    # before the first reader starts (the sampler picks up each pid as it is written).
    : > "$work/pids"
    python3 - "$work/pids" > "$work/peaks" <<'PY' &
import sys, time
peak = {}
end = time.time() + 8
while time.time() < end:
    with open(sys.argv[1]) as f:
        for p in f.read().split():
            peak.setdefault(p, 0)
    for p in peak:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                kb = sum(int(l.split()[1]) for l in f if l.startswith(("Private_Clean", "Private_Dirty")))
            peak[p] = max(peak[p], kb)
        except OSError:
            pass
    time.sleep(0.02)
print(" ".join(str(v) for v in peak.values()))
PY
    sampler=$!
    sleep 0.2
    for i in $(seq 10); do start "m$i" 120x40 "$ref"; pid_of "m$i" >> "$work/pids"; done
    for i in $(seq 10); do wait_for "m$i" '%' 60; tmux -L "$sock" send-keys -t "scale:m$i" M-3; done  # focus the terms pane
    # Keywords are shown when the last entry of the terms pane has a weight bar.
    for i in $(seq 10); do
      end=$(( $(date +%s) + 60 ))
      until screen "m$i" | grep -qE '█[▏▎▍▌▋▊▉]? +│ *$'; do
        [ "$(date +%s)" -lt "$end" ] || { echo "keywords never shown in m$i" >&2; exit 1; }
        tmux -L "$sock" send-keys -t "scale:m$i" G; sleep 0.2
      done
    done
    sleep 1
    kbs=()
    for i in $(seq 10); do
      kbs+=("$(awk '/^Private_(Clean|Dirty)/ {s += $2} END {print s}' "/proc/$(pid_of "m$i")/smaps_rollup")")
    done
    say "private memory per reader, 10 readers, keywords (MiB, median)" \
      "$(printf '%s\n' "${kbs[@]}" | sort -n | sed -n 5p | awk '{printf "%.1f", $1/1024}')"
    say "  (each, KiB)" "${kbs[*]}"
    wait "$sampler"
    say "  peak while keywords load, per reader (MiB, median)" \
      "$(tr ' ' '\n' < "$work/peaks" | sort -n | sed -n 5p | awk '{printf "%.1f", $1/1024}')"
    say "  (each, KiB)" "$(cat "$work/peaks")"
    for i in $(seq 10); do tmux -L "$sock" send-keys -t "scale:m$i" q; done
    ;;
  size)
    say "release binary (MB)" "$(python3 -c "import os,sys; print('%.1f' % (os.path.getsize(sys.argv[1])/1e6))" "$BIN")"
    ;;
  *) echo "unknown row: $row" >&2; exit 2 ;;
  esac
done
