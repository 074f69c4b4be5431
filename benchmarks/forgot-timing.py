#!/usr/bin/env python3
"""forgot-password: does a known address answer slower than an unknown one? Interleaved pairs in random order
over HTTP against a running sample; prints the medians and the median paired difference.

    java -jar sample-launcher/target/sample-app.jar --port 8095 --data /tmp/timing &
    python3 benchmarks/forgot-timing.py 8095 user@example.com 2000
"""
import http.client, json, random, statistics, sys, time

port, known, pairs = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])

def forgot(email):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.perf_counter()
    conn.request("POST", "/auth/forgot-password", body=json.dumps({"email": email}), headers={"Content-Type": "application/json"})
    conn.getresponse().read()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed * 1000

known_ms, unknown_ms = [], []
for i in range(pairs):
    order = [("known", known), ("unknown", "nobody-%d@example.com" % i)]
    random.shuffle(order)
    for kind, email in order:
        (known_ms if kind == "known" else unknown_ms).append(forgot(email))
diff = [k - u for k, u in zip(known_ms, unknown_ms)]
print("%d pairs: known median %.3f ms, unknown median %.3f ms, median paired difference %+.3f ms, known slower in %.0f %%"
      % (pairs, statistics.median(known_ms), statistics.median(unknown_ms), statistics.median(diff),
         100 * sum(1 for d in diff if d > 0) / len(diff)))
