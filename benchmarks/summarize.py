"""Turns load.sh's results.tsv into a markdown table, an SVG bar chart and the one-line summary."""
import statistics
import sys
from collections import defaultdict

tsv, md_out, svg_out = sys.argv[1:4]
rows = [line.rstrip("\n").split("\t") for line in open(tsv)][1:]
by = defaultdict(list)
paired = defaultdict(list)  # config -> (rps ratio, p99 ratio) against the unprotected run just before it
last = None
pairs = defaultdict(lambda: defaultdict(dict))  # "a:b" -> round -> {config: rps}, measured back to back
for r, config, rps, p50, p99, bad in rows:
    if "@" in config:
        name, pair = config.split("@", 1)
        pairs[pair][r][name] = float(rps)
        continue
    by[config].append((float(rps), float(p50), float(p99), int(bad)))
    if config == "unprotected":
        last = (float(rps), float(p99))
    elif last is not None:
        paired[config].append((float(rps) / last[0], float(p99) / last[1]))
ratio = {c: (statistics.median(v[0] for v in paired[c]), statistics.median(v[1] for v in paired[c])) for c in paired}
ratio["unprotected"] = (1.0, 1.0)
order = ["unprotected", "noop", "adapter", "hs256", "hs256-metrics", "hs256-twin", "rs256", "es256", "session", "naive"]
labels = {"unprotected": "unprotected", "hs256": "refauth HS256 bearer", "hs256-metrics": "refauth HS256 bearer, metrics on", "hs256-twin": "refauth HS256 bearer (twin)", "rs256": "refauth RS256 bearer",
          "noop": "do-nothing JAX-RS filter (floor)", "adapter": "adapter floor (Jersey calls only)", "es256": "refauth ES256 bearer", "session": "refauth cookie session", "naive": "naive filter (HS256, no cache)"}
med = {c: (statistics.median(v[0] for v in by[c]), statistics.median(v[1] for v in by[c]),
           statistics.median(v[2] for v in by[c]), sum(v[3] for v in by[c])) for c in order if c in by}
base = med["unprotected"]
lines = ["| configuration | requests/s (median) | vs unprotected (median of paired ratios) | p50 ms | p99 ms | p99 vs unprotected (paired) | non-2xx |",
         "|---|---:|---:|---:|---:|---:|---:|"]
for c in order:
    if c not in med:
        continue
    rps, p50, p99, bad = med[c]
    lines.append(f"| {labels[c]} | {rps:,.0f} | {ratio[c][0]:.3f}x | {p50:.2f} | {p99:.2f} | {ratio[c][1]:.2f}x | {bad} |")
rounds = max(len(v) for v in paired.values())
lines.append("")
lines.append(f"{rounds} rounds; in each, every configuration is measured right after the unprotected endpoint and divided by "
             "that measurement; the ratios are the medians of those pairs.")
pair_ratio = {}
for pair, by_round in pairs.items():
    a, b = pair.split(":")
    each = [m[b] / m[a] for m in by_round.values() if a in m and b in m]
    if each:
        pair_ratio[pair] = statistics.median(each)
        lines.append("")
        lines.append(f"{labels.get(b, b)} / {labels.get(a, a)}, measured back to back in each round (alternating "
                     f"which goes first): median {pair_ratio[pair]:.3f}x over {len(each)} rounds "
                     f"(each: {', '.join(f'{x:.3f}' for x in each)}).")
open(md_out, "w").write("\n".join(lines) + "\n")

width, bar_h, gap, left = 760, 28, 12, 250
height = 60 + len(med) * (bar_h + gap)
top = max(v[0] for v in med.values())
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="13">',
       f'<text x="10" y="24" font-size="15" font-weight="bold">Jersey GET on 1 core, requests/s (wrk, {rounds} paired rounds)</text>']
for i, c in enumerate(c for c in order if c in med):
    y = 44 + i * (bar_h + gap)
    w = (width - left - 120) * med[c][0] / top
    color = "#9ca3af" if c == "unprotected" else "#ef4444" if c == "naive" else "#2563eb"
    svg.append(f'<text x="10" y="{y + 19}">{labels[c]}</text>')
    svg.append(f'<rect x="{left}" y="{y}" width="{w:.0f}" height="{bar_h}" fill="{color}"/>')
    svg.append(f'<text x="{left + w + 8:.0f}" y="{y + 19}">{med[c][0]:,.0f} ({ratio[c][0]:.2f}x)</text>')
svg.append("</svg>")
open(svg_out, "w").write("\n".join(svg) + "\n")
print(open(md_out).read())
for pair, x in pair_ratio.items():
    print(f"back to back {pair}: {x:.3f}")
print(f"protected/unprotected: HS256={ratio['hs256'][0]:.3f} RS256={ratio['rs256'][0]:.3f}" if "rs256" in ratio
      else f"protected/unprotected: HS256={ratio['hs256'][0]:.3f}")
