#!/usr/bin/env bash
# HTTP load, side by side in one run: the same trivial Jersey GET unprotected, protected by refauth (HS256,
# RS256, ES256 bearer tokens; a cookie session) and behind a naive verify-every-request filter.
# One server JVM on core 0 hosting every configuration, wrk on core 1; each configuration measured right after
# the unprotected one (U A U B ...)
# and compared with it, round after round, to cancel drift.
# Usage: benchmarks/load.sh   (env: WARMUP=30s DURATION=10s ROUNDS=3 CONNECTIONS=32)
# Metrics on and off: CONFIGS="unprotected hs256 hs256-metrics hs256-twin" PAIRS="hs256:hs256-metrics hs256:hs256-twin" benchmarks/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
WARMUP=${WARMUP:-30s}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
read -r -a CONFIGS <<< "${CONFIGS:-unprotected hs256 rs256 es256 session naive noop}"

if ! command -v wrk >/dev/null; then
  SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get install -y -qq wrk >/dev/null || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null; }
fi
mvn -q -B -DskipTests -pl benchmarks -am package
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/load
rm -rf "$OUT"; mkdir -p "$OUT"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
# one server JVM for every configuration (each under its own prefix): they share the JIT, the CPU caches and
# the thread pool, so that a measurement never pays for switching to a process that sat idle
# a free port, not a fixed one: another process may hold any given port
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
taskset -c 0 java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:+UseParallelGC -cp "$JAR" dev.refauth.bench.LoadServer "$port" "$OUT" "${CONFIGS[@]}" \
  > "$OUT/server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do grep -q READY "$OUT/server.log" 2>/dev/null && break; sleep 0.5; done
grep -q READY "$OUT/server.log" || { echo "the load server did not start"; cat "$OUT/server.log"; exit 1; }
for c in "${CONFIGS[@]}"; do echo "$port" > "$OUT/$c.port"; done

run() { # config duration [config whose headers to send] -> wrk output
  local c=$1 d=$2 h=${3:-$1}
  local header path padding
  header=$(sed -n 1p "$OUT/$h.target"); padding=$(sed -n 3p "$OUT/$h.target"); path=$(sed -n 2p "$OUT/$c.target")
  # the same request size for every configuration (LoadServer pads each to REQUEST_HEADER_BYTES)
  taskset -c 1 wrk --latency -t1 -c"$CONNECTIONS" -d"$d" -H "$header" -H "$padding" "http://127.0.0.1:$(cat "$OUT/$c.port")$path"
}

echo "warming up each configuration for $WARMUP (the JIT needs it on a shared core)"
for c in "${CONFIGS[@]}"; do
  run "$c" "$WARMUP" > "$OUT/$c.warmup.txt"
  [ "$c" = unprotected ] || run unprotected 10s "$c" > "$OUT/unprotected-$c.warmup.txt"
done
printf "round\tconfig\trps\tp50\tp99\tnon2xx\n" > "$OUT/results.tsv"
measure() { # round config [config whose headers to send]
  run "$2" "$DURATION" "${3:-$2}" > "$OUT/$2.$1.txt"
  python3 - "$OUT/$2.$1.txt" "$1" "$2" >> "$OUT/results.tsv" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(v):
    n, unit = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
print(f"{sys.argv[2]}\t{sys.argv[3]}\t{rps:.0f}\t{p50:.3f}\t{p99:.3f}\t{bad.group(1) if bad else 0}")
PY
}
# Each configuration is measured right after the unprotected endpoint driven with the very same request
# headers (its token, its padding), and compared with that measurement only: the two requests differ by their
# path alone, and this machine's throughput drifts by tens of percent within a minute.
# PAIRS="a:b ...": each round also measures b right after a (and a after b in every other round), with their own
# headers, tagged "@a:b": b/a without the unprotected endpoint's noise in between. By default hs256:hs256-metrics
# when both are listed (the cost of measuring); add hs256:hs256-twin (the same configuration twice) as its control.
read -r -a PAIRS <<< "${PAIRS:-}"
if [ ${#PAIRS[@]} -eq 0 ] && [[ " ${CONFIGS[*]} " == *" hs256 "* && " ${CONFIGS[*]} " == *" hs256-metrics "* ]]; then
  PAIRS=(hs256:hs256-metrics)
fi
pair() { # round config pair
  run "$2" "$DURATION" > "$OUT/$2.$3.$1.txt"
  python3 - "$OUT/$2.$3.$1.txt" "$1" "$2@$3" >> "$OUT/results.tsv" <<'PY'
import re, sys
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", open(sys.argv[1]).read()).group(1))
print(f"{sys.argv[2]}\t{sys.argv[3]}\t{rps:.0f}\t0\t0\t0")
PY
}
for r in $(seq 1 "$ROUNDS"); do
  for c in "${CONFIGS[@]}"; do
    [ "$c" = unprotected ] && continue
    measure "$r" unprotected "$c"
    measure "$r" "$c"
  done
  for p in "${PAIRS[@]}"; do
    a=${p%%:*}; b=${p##*:}
    if (( r % 2 )); then pair "$r" "$a" "$p"; pair "$r" "$b" "$p"; else pair "$r" "$b" "$p"; pair "$r" "$a" "$p"; fi
  done
done
python3 benchmarks/summarize.py "$OUT/results.tsv" docs/performance-load.md docs/performance-chart.svg
