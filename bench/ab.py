#!/usr/bin/env python3
"""A/B of batch_bench builds: runs each build in turn, `--reps` times, and
prints per size the median and range of the library's rows/s and of its ratio
to the bound measured in the same run. Alternating the builds spreads this
VM's drift over both, which one run of each would not.

  python3 bench/ab.py --reps 5 old=/tmp/batch_bench_old new=build/bench/batch_bench
"""

import argparse
import re
import statistics
import subprocess

RATIO_LINE = re.compile(r"\s+(\d+)\s+([\d.e+]+)\s+([\d.e+]+)\s+\S+\s+([\d.]+)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("builds", nargs="+", help="NAME=PATH of a batch_bench binary")
    args = parser.parse_args()
    builds = [b.split("=", 1) for b in args.builds]
    results = {}
    for _ in range(args.reps):
        for name, path in builds:
            out = subprocess.run([path, "--benchmark_filter=Bound|ScoreColumns/"],
                                 capture_output=True, text=True, check=True).stdout
            for line in out.splitlines():
                m = RATIO_LINE.match(line)
                if m:
                    results.setdefault((int(m.group(1)), name), []).append(
                        (float(m.group(3)), float(m.group(4))))
    for (rows, name), runs in sorted(results.items()):
        rates = [r[0] / 1e6 for r in runs]
        ratios = [r[1] for r in runs]
        print(f"{rows:>9} {name:>12}  library {statistics.median(rates):6.0f} M rows/s "
              f"({min(rates):.0f}-{max(rates):.0f})  library/bound "
              f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})")


if __name__ == "__main__":
    main()
