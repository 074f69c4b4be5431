#!/usr/bin/env bash
# The cold path against bare nimbus, paired: ROUNDS short JMH runs per algorithm, each measuring `cold` and then
# `nimbusClaims` in one fork, a minute apart at most; the ratio of their medians per round, then the median
# over rounds. (One long JMH run measures all of `cold` before all of `nimbusClaims`, and this machine drifts.)
# Usage: benchmarks/cold-ratio.sh   (env: ROUNDS=5 ALGORITHMS="HS256 RS256 ES256")
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
read -r -a ALGORITHMS <<< "${ALGORITHMS:-HS256 RS256 ES256}"
[ -f benchmarks/target/benchmarks.jar ] || mvn -q -B -DskipTests -pl benchmarks -am package
OUT=benchmarks/target/cold-ratio
rm -rf "$OUT"; mkdir -p "$OUT"
for r in $(seq 1 "$ROUNDS"); do
  for a in "${ALGORITHMS[@]}"; do
    java -jar benchmarks/target/benchmarks.jar 'AuthPathBenchmark\.(cold|nimbusClaims)$' -p algorithm="$a" -f 1 -wi 3 -w 2 -i 3 -r 2 \
      -rf json -rff "$OUT/$a.$r.json" > "$OUT/$a.$r.txt" 2>&1
  done
done
python3 - "$OUT" "${ALGORITHMS[@]}" <<'PY'
import glob, json, statistics, sys
out, algorithms = sys.argv[1], sys.argv[2:]
print("| algorithm | cold p50 µs (median of rounds) | nimbusClaims p50 µs | cold / nimbusClaims (median of paired rounds) | min, max |")
print("|---|---:|---:|---:|---|")
for a in algorithms:
    cold, floor, ratios = [], [], []
    for f in sorted(glob.glob(f"{out}/{a}.*.json")):
        p50 = {b["benchmark"].rsplit(".", 1)[1]: b["primaryMetric"]["scorePercentiles"]["50.0"] for b in json.load(open(f))}
        cold.append(p50["cold"]); floor.append(p50["nimbusClaims"]); ratios.append(p50["cold"] / p50["nimbusClaims"])
    print(f"| {a} | {statistics.median(cold):.2f} | {statistics.median(floor):.2f} | {statistics.median(ratios):.3f}x | "
          f"{min(ratios):.3f}x, {max(ratios):.3f}x |")
PY
