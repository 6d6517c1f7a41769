#!/usr/bin/env bash
# The study-session figures of issue 16, in about three minutes:
#  1. the leader's cost per key (update + publish + draw at 120x40) with 30 followers, leading
#     nobody, and not leading: criterion medians from the same run, and the ratio;
#  2. a leader's move to the frame of 30 follower processes (median, p95, clock resolution);
#  3. 100 followers joining and leaving for a minute: the leader's descriptors and RSS before and
#     after.
# The per-key cost is timed twice: by the wall clock, which on a small machine also counts the
# time the 30 followers' threads take from the leader's cores, and by the CPU time of the
# leader's own thread. Prints the load before and after, since other work on the machine disturbs every figure.
#
#   scripts/study-figures.sh           # all three
#   scripts/study-figures.sh keys      # only one of: keys, latency, churn
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
echo "load before: $(uptime)"
echo "cores: $(nproc)"
cargo bench --quiet --no-run --bench session --bench session_fanout 2>/dev/null

if [ "$what" = all ] || [ "$what" = keys ]; then
  echo "== leader per key, 120x40 (criterion, 100 samples each) =="
  cargo bench --quiet --bench session -- --warm-up-time 1 --measurement-time 3 --noplot >/dev/null 2>&1
  python3 - <<'PY'
import json, os
base = os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "criterion")
for group, what in (("leader_key_120x40", "wall time"), ("leader_key_cpu_120x40", "CPU time of the leader's thread")):
    print(f"-- {what} ({group})")
    med = {}
    for name in ("not_leading", "leading_alone", "leading_30_followers"):
        with open(os.path.join(base, group, name, "new", "estimates.json")) as f:
            e = json.load(f)["median"]
        med[name] = e["point_estimate"]
        ci = e["confidence_interval"]
        print(f"{name:22} median {med[name]/1000:8.1f} us  (95% CI {ci['lower_bound']/1000:.1f}..{ci['upper_bound']/1000:.1f})")
    r = med["leading_30_followers"] / med["leading_alone"]
    print(f"30 followers / alone: {r:.3f} ({(r-1)*100:+.1f}%, limit +10%)")
PY
fi
if [ "$what" = all ] || [ "$what" = latency ]; then
  echo "(took ${SECONDS} s so far)"
  echo "== move to frame, 30 follower processes =="
  cargo bench --quiet --bench session_fanout -- latency
fi
if [ "$what" = all ] || [ "$what" = churn ]; then
  echo "(took ${SECONDS} s so far)"
  echo "== 100 followers joining and leaving for 60 s =="
  cargo bench --quiet --bench session_fanout -- churn
fi
echo "took ${SECONDS} s; load after: $(uptime)"
