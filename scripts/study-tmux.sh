#!/usr/bin/env bash
# The study-session check in real terminals: a leader at 120x40 and followers at 80x24 and
# 100x30, each in its own tmux server, all hermetic (temporary HOME, XDG dirs and session
# directory). The leader goes to 三、（二） with `:三、（二）`; the three screens are printed and
# saved to $OUT (default /tmp/i16-screens).
#
#   scripts/study-tmux.sh            # uses target/debug/jianghua (cargo build first)
#   BIN=target/release/jianghua OUT=/tmp/screens scripts/study-tmux.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${BIN:-target/debug/jianghua}")
[ -x "$bin" ] || { echo "no binary at $bin: run cargo build" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tmux is needed" >&2; exit 2; }
out=${OUT:-/tmp/i16-screens}
mkdir -p "$out"
work=$(mktemp -d /tmp/jianghua-tmux.XXXXXX)
sample=$PWD/samples/county_economic_meeting_2025.txt
servers=(leader f80 f100)
cleanup() {
  for s in "${servers[@]}"; do tmux -L "i16-$s-$$" kill-server 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/home" "$work/run" "$work/s" "$work/cfg" "$work/data" "$work/cache" "$work/state"
chmod 700 "$work/run"
env_line="env -i PATH=$PATH TERM=xterm-256color LANG=C.UTF-8 HOME=$work/home XDG_RUNTIME_DIR=$work/run \
XDG_CONFIG_HOME=$work/cfg XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache XDG_STATE_HOME=$work/state \
JIANGHUA_SESSION_DIR=$work/s"

start() { # server, width, height, command...
  local server=i16-$1-$$ w=$2 h=$3; shift 3
  tmux -L "$server" -f /dev/null new-session -d -x "$w" -y "$h" -c "$work" "$env_line $*"
  tmux -L "$server" set-option -g status off >/dev/null
  tmux -L "$server" resize-window -x "$w" -y "$h" 2>/dev/null || true
}
capture() { tmux -L "i16-$1-$$" capture-pane -p -t 0; }
wait_for() { # server, text
  for _ in $(seq 100); do capture "$1" | grep -qF -- "$2" && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' on $1:" >&2; capture "$1" >&2; return 1
}

start leader 120 40 "$bin" lead "$sample" --name 学习
wait_for leader 领读
start f80 80 24 "$bin" follow 学习
start f100 100 30 "$bin" follow 学习
wait_for leader 2人跟随
tmux -L "i16-leader-$$" send-keys -l ':三、（二）'
tmux -L "i16-leader-$$" send-keys Enter
sleep 1
for s in leader f80 f100; do
  case $s in leader) size=120x40 ;; f80) size=80x24 ;; f100) size=100x30 ;; esac
  capture "$s" > "$out/$s-$size.txt"
  echo "=== $s ($size) ==="
  cat "$out/$s-$size.txt"
done
# Each text pane shows 三、（二） (the outline pane names it without the sentence end).
for f in "$out"/*.txt; do
  grep -q '（二）改进工作作风。' "$f" || { echo "三、（二） is not in the text on $f" >&2; exit 1; }
done
