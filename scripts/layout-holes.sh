#!/usr/bin/env bash
# The widest hole line breaking leaves over the corpus (issue 15), at the widths given
# (default 80 52 30 20). Before the layout capped holes itself, the reader passed only terms up
# to a third of the row: run with LONGEST_THIRD=1 on an older build to compare.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${JIANGHUA_CORPUS:-../shared/corpus}
[ "$#" -gt 0 ] || set -- 80 52 30 20
cargo run -q --example layout_holes -- "$corpus" "$@"
