"""Turns load.sh's results.tsv into a markdown table, an SVG bar chart and the one-line summary."""
import statistics
import sys
from collections import defaultdict

tsv, md_out, svg_out = sys.argv[1:4]
rows = [line.rstrip("\n").split("\t") for line in open(tsv)][1:]
by = defaultdict(list)
for r, config, rps, p50, p99, bad in rows:
    by[config].append((float(rps), float(p50), float(p99), int(bad)))
order = ["unprotected", "noop", "hs256", "rs256", "es256", "session", "naive"]
labels = {"unprotected": "unprotected", "hs256": "refauth HS256 bearer", "rs256": "refauth RS256 bearer",
          "noop": "do-nothing JAX-RS filter (floor)", "es256": "refauth ES256 bearer", "session": "refauth cookie session", "naive": "naive filter (HS256, no cache)"}
med = {c: (statistics.median(v[0] for v in by[c]), statistics.median(v[1] for v in by[c]),
           statistics.median(v[2] for v in by[c]), sum(v[3] for v in by[c])) for c in order if c in by}
base = med["unprotected"]
lines = ["| configuration | requests/s (median of rounds) | vs unprotected | p50 ms | p99 ms | p99 vs unprotected | non-2xx |",
         "|---|---:|---:|---:|---:|---:|---:|"]
for c in order:
    if c not in med:
        continue
    rps, p50, p99, bad = med[c]
    lines.append(f"| {labels[c]} | {rps:,.0f} | {rps / base[0]:.3f}x | {p50:.2f} | {p99:.2f} | {p99 / base[2]:.2f}x | {bad} |")
rounds = len(by["unprotected"])
lines.append("")
lines.append(f"Medians of {rounds} interleaved rounds (each round measures every configuration once, in the same order).")
open(md_out, "w").write("\n".join(lines) + "\n")

width, bar_h, gap, left = 760, 28, 12, 250
height = 60 + len(med) * (bar_h + gap)
top = max(v[0] for v in med.values())
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="13">',
       f'<text x="10" y="24" font-size="15" font-weight="bold">Jersey GET on 1 core, requests/s (wrk, {rounds} interleaved rounds)</text>']
for i, c in enumerate(c for c in order if c in med):
    y = 44 + i * (bar_h + gap)
    w = (width - left - 120) * med[c][0] / top
    color = "#9ca3af" if c == "unprotected" else "#ef4444" if c == "naive" else "#2563eb"
    svg.append(f'<text x="10" y="{y + 19}">{labels[c]}</text>')
    svg.append(f'<rect x="{left}" y="{y}" width="{w:.0f}" height="{bar_h}" fill="{color}"/>')
    svg.append(f'<text x="{left + w + 8:.0f}" y="{y + 19}">{med[c][0]:,.0f} ({med[c][0] / base[0]:.2f}x)</text>')
svg.append("</svg>")
open(svg_out, "w").write("\n".join(svg) + "\n")
print(open(md_out).read())
print(f"protected/unprotected: HS256={med['hs256'][0] / base[0]:.3f} RS256={med['rs256'][0] / base[0]:.3f}" if "rs256" in med
      else f"protected/unprotected: HS256={med['hs256'][0] / base[0]:.3f}")
