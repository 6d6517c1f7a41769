#!/usr/bin/env bash
# Wall time and size of a clean release build, per link-time optimisation setting, each in a
# throwaway clone with its own target directory (deleted afterwards: a release target is ~1 GB).
#
#   scripts/release-build.sh [LTO...]     LTO settings to try: fat thin false (default: all three)
#   KEEP=dir                              copy each binary to dir/jianghua-LTO before deleting
#
# The settings are given as CARGO_PROFILE_RELEASE_* variables, so Cargo.toml is not edited; the
# rest of the release profile (strip, codegen units) is as in Cargo.toml unless CGU is set.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
settings=("$@")
[ ${#settings[@]} -gt 0 ] || settings=(fat thin false)
for lto in "${settings[@]}"; do
  tmp=$(mktemp -d /tmp/jianghua-release.XXXXXX)
  git clone --quiet "$repo" "$tmp/src"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  start=$(date +%s.%N)
  (cd "$tmp/src" && CARGO_TARGET_DIR=$tmp/target CARGO_PROFILE_RELEASE_LTO=$lto \
    ${CGU:+CARGO_PROFILE_RELEASE_CODEGEN_UNITS=$CGU} cargo build --release --quiet --locked)
  end=$(date +%s.%N)
  size=$(stat -c %s "$tmp/target/release/jianghua")
  [ -n "${KEEP:-}" ] && { mkdir -p "$KEEP"; cp "$tmp/target/release/jianghua" "$KEEP/jianghua-$lto"; }
  printf 'lto=%-6s build %6.0f s  binary %5.1f MB  load before %s, after %s\n' "$lto" \
    "$(echo "$end - $start" | bc)" "$(echo "$size / 1000000" | bc -l)" "$load" "$(cut -d' ' -f1-3 /proc/loadavg)"
  rm -rf "$tmp"
done
