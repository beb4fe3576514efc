#!/usr/bin/env python3
"""The viewer's CPU time an event: what `interleave exec --headless` itself spends (its user +
system time less the traced program's, which `--stats` reports), over the events it kept.
Two builds in alternating rounds, the order flipped each round, on the overhead workloads.

    python3 Benchmarks/exec/viewer_cpu.py --before OLD/interleave [--after .build/release/interleave] [--rounds 6]

Expects the release fixtures in .build-fixtures (see overhead.py). The figure includes the
process's start (about 25 ms), a few ns an event at these sizes.
"""
import argparse, os, re, resource, statistics, subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, ".build-fixtures", "release")
WORKLOADS = {
    "1 task x 400,000 yields": ["yield-loop", "1", "400000"],
    "8 tasks x 100,000 yields": ["yield-loop", "8", "100000"],
    "100,000 pages": ["pages", "100000", "1000", "1"],
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", default=os.path.join(ROOT, ".build", "release", "interleave"))
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    builds = {"before": args.before, "after": args.after}
    for title, (program, *arguments) in WORKLOADS.items():
        results = {"before": [], "after": []}
        for round_ in range(args.rounds):
            for name in (["before", "after"] if round_ % 2 == 0 else ["after", "before"]):
                start = resource.getrusage(resource.RUSAGE_CHILDREN)
                out = subprocess.run([builds[name], "exec", "--headless", "--quiet", "--stats", "--",
                                      os.path.join(FIXTURES, program)] + arguments, capture_output=True, text=True).stdout
                end = resource.getrusage(resource.RUSAGE_CHILDREN)
                total = end.ru_utime + end.ru_stime - start.ru_utime - start.ru_stime
                program_cpu = float(re.search(r"CPU: the program ([0-9.]+) s", out).group(1))
                events = int(re.search(r"(\d+) events", out).group(1))
                results[name].append(((total - program_cpu) / events * 1e9, events))
        print(title)
        for name, values in results.items():
            ns = [v[0] for v in values]
            print(f"  {name:6}  {statistics.median(ns):.0f} ns an event ({min(ns):.0f}-{max(ns):.0f}), "
                  f"events kept {statistics.median([v[1] for v in values]):,.0f}")


if __name__ == "__main__":
    main()
