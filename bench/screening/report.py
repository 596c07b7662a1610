#!/usr/bin/python3
"""Prints the Markdown tables of docs/performance.md ("Screening (issue 3)") from the
JSON the benchmark writes, with each target marked met or missed.

Usage: bench/screening/report.py [bench/out/screening.json]
"""
import json
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "bench/out/screening.json"
d = json.load(open(path, encoding="utf-8"))
cats = d["categories"]

SPELLING = ["typo", "reordered", "family-given", "initials", "legal-form", "joined-split",
            "diacritics"]
OTHER = ["alias-out", "alias-out-unrelated", "yente-un-untreated", "yente-un-treated"]
CROSS = sorted(c for c in cats if c.startswith("cross-script"))


def f(x):
    return f"{x:.3f}"


def verdict(value, target):
    return "met" if value >= target else "**missed**"


def row(name, g, target=None, sample=True):
    c = cats[name]
    a = c[g]
    base = c["baseline_sample"]
    same = c["asta_on_baseline_sample"]
    eq = c.get("among-equals") if g == "all" else None
    t = "-"
    if target is not None:
        t = (f"≥ {target}: @1 {verdict(a['recall_at_1'], target)}, "
             f"@10 {verdict(a['recall_at_10'], target)}")
        if eq is not None:
            t += (f"; among equals @1 {verdict(eq['recall_at_1'], target)}, "
                  f"@10 {verdict(eq['recall_at_10'], target)}")
    cells = [name if g == "all" else f"  {name} {g}", str(a["n"]), f(a["recall_at_1"]),
             f(a["recall_at_10"]),
             f(eq["recall_at_1"]) if eq else "", f(eq["recall_at_10"]) if eq else "",
             f(a["found_and_alerted"])]
    if sample and g == "all":
        cells += [str(base["n"]), f(same["recall_at_1"]), f(same["recall_at_10"]),
                  f(base["recall_at_1"]), f(base["recall_at_10"])]
    else:
        cells += [""] * 5
    cells.append(t)
    print("| " + " | ".join(cells) + " |")


print("| category | n | asta R@1 | asta R@10 | asta R@1 among equals | asta R@10 among equals | "
      "found and alerted | n (baseline sample) | asta R@1 (sample) | asta R@10 (sample) | "
      "baseline R@1 | baseline R@10 | target |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for c in SPELLING:
    if c in cats:
        row(c, "all", 0.98)
for c in OTHER:
    if c in cats:
        row(c, "all")
for c in CROSS:
    row(c, "all")
    for g in sorted(cats[c]):
        if g.startswith("kind="):
            row(c, g, 0.90 if g == "kind=person" else None, sample=False)
print()

print("By script of the query and by the list the query was made from (asta):")
print()
print("| category | group | n | R@1 | R@10 |")
print("|---|---|---:|---:|---:|")
for c in SPELLING + OTHER + CROSS:
    if c not in cats:
        continue
    for g in sorted(cats[c]):
        if g.startswith("script=") or g.startswith("list=") or g.startswith("kind="):
            a = cats[c][g]
            print(f"| {c} | {g} | {a['n']} | {f(a['recall_at_1'])} | {f(a['recall_at_10'])} |")
print()

p = d["labelled_pairs"]
print("| labelled pairs | pairs | precision | recall | F1 | target F1 ≥ 0.85 |")
print("|---|---:|---:|---:|---:|---|")
print(f"| asta `ScorePair` at {p['asta']['threshold']:.2f} | {p['pairs']} | "
      f"{f(p['asta']['precision'])} | {f(p['asta']['recall'])} | {f(p['asta']['f1'])} | "
      f"{verdict(p['asta']['f1'], 0.85)} |")
print(f"| reference (nomenklatura logic-v2, frozen, at 0.7) | {p['pairs']} | "
      f"{f(p['reference_logicv2']['precision'])} | {f(p['reference_logicv2']['recall'])} | "
      f"{f(p['reference_logicv2']['f1'])} | |")
print(f"| baseline Levenshtein ratio at {p['baseline_threshold']:.2f} (its best F1) | "
      f"{p['pairs']} | {f(p['baseline']['precision'])} | {f(p['baseline']['recall'])} | "
      f"{f(p['baseline']['f1'])} | |")
a = p["all_cases"]
print(f"| asta on all rows of cases.csv | {a['pairs']} | {f(a['asta']['precision'])} | "
      f"{f(a['asta']['recall'])} | {f(a['asta']['f1'])} | |")
print(f"| baseline at {a['baseline_threshold']:.2f} on all rows | {a['pairs']} | "
      f"{f(a['baseline']['precision'])} | {f(a['baseline']['recall'])} | "
      f"{f(a['baseline']['f1'])} | |")
print()

print("Among equals, on the baseline's sample (both matchers judged by the same rule):")
print()
print("| category | n | asta R@1 | asta R@10 | baseline R@1 | baseline R@10 |")
print("|---|---:|---:|---:|---:|---:|")
for c in SPELLING:
    if c in cats and "baseline_sample_among_equals" in cats[c]:
        a = cats[c]["asta_on_baseline_sample_among_equals"]
        b = cats[c]["baseline_sample_among_equals"]
        print(f"| {c} | {a['n']} | {f(a['recall_at_1'])} | {f(a['recall_at_10'])} | "
              f"{f(b['recall_at_1'])} | {f(b['recall_at_10'])} |")
print()

fa = d["false_alerts"]
print("| false alerts on clean names | names | alerts | per 1,000 | target ≤ 1 |")
print("|---|---:|---:|---:|---|")
print(f"| asta at {fa['asta_threshold']:.2f} | {fa['names']} | {fa['asta_alerts']} | "
      f"{fa['asta_per_1000']:.2f} | {'met' if fa['asta_per_1000'] <= 1 else '**missed**'} |")
print(f"| baseline at {fa['baseline_threshold']:.2f} (sample) | {fa['baseline_names']} | "
      f"{fa['baseline_alerts']} | {fa['baseline_per_1000']:.2f} | |")
print()

if "operating_curve" in d:
    print("Operating curve (asta): where the default threshold sits between the two targets.")
    print()
    print("| threshold | F1 on the labelled pairs | false alerts per 1,000 | both targets |")
    print("|---:|---:|---:|---|")
    for p_ in d["operating_curve"]:
        both = p_["f1"] >= 0.85 and p_["false_alerts_per_1000"] <= 1
        mark = " (default)" if abs(p_["threshold"] - fa["asta_threshold"]) < 1e-9 else ""
        print(f"| {p_['threshold']:.2f}{mark} | {p_['f1']:.3f} | "
              f"{p_['false_alerts_per_1000']:.2f} | {'met' if both else '-'} |")
    print()

s = d["speed"]
st, b, bl = s["single_thread"], s["batch"], s["baseline_single_thread"]
ix = d["index"]
print("| speed | asta | baseline | asta/baseline | target |")
print("|---|---:|---:|---:|---|")
print(f"| queries/s, 1 thread, wall clock | {st['queries_per_second']:.0f} | "
      f"{bl['queries_per_second']:.1f} | {s['speedup_asta_over_baseline']:.1f}× | ≥ 2,000: "
      f"{verdict(st['queries_per_second'], 2000)} |")
print(f"| queries per CPU-second, 1 thread | {st['queries_per_cpu_second']:.0f} | "
      f"{bl['queries_per_cpu_second']:.1f} | {s['speedup_asta_over_baseline_cpu']:.1f}× | "
      f"≥ 2,000: {verdict(st['queries_per_cpu_second'], 2000)} |")
print(f"| p50 latency, ms (wall) | {st['p50_ms']:.3f} | {bl['p50_ms']:.3f} | | |")
print(f"| p99 latency, ms (wall) | {st['p99_ms']:.3f} | {bl['p99_ms']:.3f} | | ≤ 5: "
      f"{'met' if st['p99_ms'] <= 5 else '**missed**'} |")
print(f"| p50 / p99 CPU time per query, ms | {st['cpu_p50_ms']:.3f} / {st['cpu_p99_ms']:.3f} "
      f"| | | ≤ 5: {'met' if st['cpu_p99_ms'] <= 5 else '**missed**'} |")
print(f"| {b['names']:,}-name batch, {b['threads']} threads, s | {b['wall_seconds']:.1f} | "
      f"~{bl['batch_100k_estimate_seconds']:.0f} (estimated from the sample) | | |")
print(f"| timed queries (1 thread) | {st['queries']} | {bl['queries']} | | |")
print(f"| index build, s ({ix['names']:,} names, {ix['entities']:,} entities) | "
      f"{ix['build_seconds']:.2f} | none (scans the names) | | |")
print(f"| index memory: MemoryBytes / RSS growth, MiB | {ix['memory_bytes'] / 1048576:.1f} / "
      f"{ix['rss_delta_bytes'] / 1048576:.1f} | | | |")
print(f"| analyzer start-up (ICU, MeCab), s | {ix['analyzer_startup_seconds']:.2f} | | | |")
print()
print(f"Load average (1 min) at the end of the run: {s['load_average_1min_at_end']:.2f}.")
