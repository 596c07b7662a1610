#!/usr/bin/python3
"""Cross-checks the benchmark's C++ Levenshtein ratio (the baseline) against Debian's
python3-levenshtein (0.12, a C extension) on pairs in several scripts, both sides
case-folded. Run with /usr/bin/python3, where Debian installs the module.

Usage: bench/screening/check_ratio.py [path/to/bench_screening]
Exits 1 when any pair differs by more than 1e-6, 0 when all agree; skips (exit 0) when
python3-levenshtein is not installed.
"""
import subprocess
import sys

try:
    import Levenshtein
except ImportError:
    print("skipped: python3-levenshtein is not installed")
    sys.exit(0)

BINARY = sys.argv[1] if len(sys.argv) > 1 else "build/bench/screening/bench_screening"
PAIRS = [
    ("Olaf Scholz", "Olaf Scholze"),
    ("SADDAM HUSSEIN AL-TIKRITI", "Saddam Hussein"),
    ("KIM, Jong Un", "Kim Jong-un"),
    ("Ğüçlü Ödemiş", "Guclu Odemis"),
    ("株式会社東芝", "東芝株式会社"),
    ("صدام حسين التكريتي", "صدام حسين"),
    ("Владимир Путин", "Vladimir Putin"),
    ("", "abc"),
    ("Straße", "STRASSE"),
    ("a" * 70 + "b" * 70, "b" * 70 + "a" * 70),  # longer than one 64-bit word
    ("ABDUL GHANI BARADAR ABDUL AHMAD TURK", "Mullah Baradar Akhund"),
    ("DES INTERNATIONAL CO., LTD.", "D.E.S. INTERNATIONAL CO. LTD"),
]

bad = 0
for a, b in PAIRS:
    want = Levenshtein.ratio(a.casefold(), b.casefold())
    got = float(subprocess.run([BINARY, "--ratio", a, b], check=True, capture_output=True,
                               text=True).stdout)
    ok = abs(want - got) <= 1e-6
    bad += not ok
    print(f"{'ok ' if ok else 'BAD'} {want:.6f} {got:.6f}  {a!r} / {b!r}")
print("all agree" if not bad else f"{bad} pairs differ")
sys.exit(1 if bad else 0)
