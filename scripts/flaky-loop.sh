#!/usr/bin/env bash
# Run one test of one test target N times in a row while BUSY busy loops (default 2) keep the
# cores occupied, and count passes. Used to prove intermittent session and state tests stable.
# TEST `all` runs every test of the target at once (ignored ones too), as `cargo test` does.
#   scripts/flaky-loop.sh TARGET TEST [N] [BUSY] [extra test-binary args...]
# e.g. scripts/flaky-loop.sh session the_leader_leaving_ends_the_session_and_its_return_is_followed 30 2
set -uo pipefail
cd "$(dirname "$0")/.."
target=$1 test=$2 n=${3:-30} busy=${4:-2}
shift $(( $# < 4 ? $# : 4 ))
bin=$(cargo test --test "$target" --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]==sys.argv[1] and m.get("executable"): print(m["executable"])' "$target" | tail -1)
[ -x "$bin" ] || { echo "no test binary for $target" >&2; exit 2; }
if [ "$test" = all ]; then args=(--include-ignored "$@"); else args=(--exact "$test" --include-ignored "$@"); fi
pids=()
for _ in $(seq "$busy"); do (while :; do :; done) & pids+=($!); done
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done' EXIT
pass=0 fail=0
for i in $(seq "$n"); do
  if out=$("$bin" "${args[@]}" 2>&1); then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "--- run $i failed:"; echo "$out" | tail -40
  fi
done
echo "$target::$test: $pass of $n passed ($fail failed) with $busy busy loops; load $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$fail" -eq 0 ]
