#!/usr/bin/env bash
# Bytes the reader sends to the terminal for one `j` (down one row), at 100x30, with three panes
# and in text-only mode (`z`): the median over PRESSES presses, read from `tmux pipe-pane`.
#
#   scripts/wire-bytes.sh [BIN...]      binaries to compare (default: target/release/jianghua)
#   DOC=file PRESSES=50 SIZE=100x30     the document, the number of presses, the terminal size
#   DUMP=dir                            keep each run's raw output (dir/NAME-MODE.bytes) to study
#
# Each press is sent alone and the output is left to settle (PAUSE seconds, default 0.15) before
# the next, so every delta is one frame. Runs in a private tmux server (`tmux -L`) with a
# temporary HOME and XDG directories; nothing of the user's is read or written.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
bins=("$@")
[ ${#bins[@]} -gt 0 ] || bins=("$repo/target/release/jianghua")
doc=${DOC:-$repo/samples/county_government_report_2025.txt}
presses=${PRESSES:-50}
size=${SIZE:-100x30}
pause=${PAUSE:-0.15}
command -v tmux >/dev/null || { echo "tmux is needed" >&2; exit 2; }

work=$(mktemp -d)
sock=wire-$$
cleanup() { tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache \
  XDG_STATE_HOME=$work/state
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
tmux -L "$sock" -f /dev/null new-session -d -s wire -x "${size%x*}" -y "${size#*x}" 'sleep 1000000'

screen() { tmux -L "$sock" capture-pane -p -t "wire:$1" 2>/dev/null || true; }
wait_for() {
  local end=$(( $(date +%s) + 30 ))
  until screen "$1" | grep -qF -- "$2"; do
    [ "$(date +%s)" -lt "$end" ] || { echo "timed out waiting for '$2'" >&2; screen "$1" >&2; exit 1; }
    sleep 0.02
  done
}
fsize() { stat -c %s "$1" 2>/dev/null || echo 0; }

printf '%-40s %-6s %8s %8s %8s %6s\n' binary mode median min max frames
for bin in "${bins[@]}"; do
  for mode in three text; do
    win=w$RANDOM
    rm -rf "$XDG_STATE_HOME" "$XDG_CACHE_HOME"; mkdir -p "$XDG_STATE_HOME" "$XDG_CACHE_HOME"
    tmux -L "$sock" new-window -d -t wire -n "$win" "exec $(printf '%q ' "$bin" "$doc")"
    tmux -L "$sock" resize-window -t "wire:$win" -x "${size%x*}" -y "${size#*x}" 2>/dev/null || true
    wait_for "$win" '%'
    [ "$mode" = text ] && tmux -L "$sock" send-keys -t "wire:$win" z
    sleep 1 # keywords arrive and are drawn before measuring
    out=$work/$win.bytes
    tmux -L "$sock" pipe-pane -o -t "wire:$win" "cat > $out"
    sleep 0.3
    deltas=()
    for _ in $(seq "$presses"); do
      before=$(fsize "$out")
      tmux -L "$sock" send-keys -t "wire:$win" j
      sleep "$pause"
      deltas+=($(( $(fsize "$out") - before )))
    done
    tmux -L "$sock" pipe-pane -t "wire:$win"
    [ -n "${DUMP:-}" ] && { mkdir -p "$DUMP"; cp "$out" "$DUMP/$(basename "$bin")-$mode.bytes"; }
    tmux -L "$sock" send-keys -t "wire:$win" q
    sorted=$(printf '%s\n' "${deltas[@]}" | sort -n)
    printf '%-40s %-6s %8s %8s %8s %6s\n' "$(basename "$(dirname "$bin")")/$(basename "$bin")" "$mode" \
      "$(sed -n "$(( (presses + 1) / 2 ))p" <<<"$sorted")" "$(head -1 <<<"$sorted")" "$(tail -1 <<<"$sorted")" \
      "$(grep -vc '^0$' <<<"$sorted" || true)"
  done
done
