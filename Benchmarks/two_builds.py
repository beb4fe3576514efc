#!/usr/bin/env python3
"""The benchmark suite in two checkouts of the repository, in alternating rounds: each group
of benchmarks runs once in each checkout, back to back, the order flipped every round, so the
machine's drift falls on both alike. Prints, per benchmark, the median of the runs' p50 and
their range, before and after, and their ratio (a markdown table).

    python3 Benchmarks/two_builds.py --before ../old-checkout [--after .] [--rounds 4] [--log DIR]
                                     [--group "log: write.*" ...]

Each checkout's `Benchmarks` package is run with its own plugin (`swift package benchmark
--filter GROUP`), so build both in release first. The text output of every run is kept in
--log.
"""
import argparse, os, re, statistics, subprocess, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
# Run one after the other in each round; a group is short enough that the two checkouts'
# runs of it see about the same machine. A filter must match a benchmark's whole name.
GROUPS = ["log: .*", "executor: .*", "(record event|bus|lock): .*", "(render frame|compaction|replay): .*"]
# Metrics compared: wall clock, and the paired-rounds ratio the executor benchmarks report.
METRICS = re.compile(r"^(Time \(wall clock\)|tracing / default)")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def parse(text):
    """{(benchmark, metric): p50} from the plugin's text tables."""
    lines = [ANSI.sub("", line).rstrip() for line in text.splitlines()]
    results, name = {}, None
    for n, line in enumerate(lines):
        if line and n + 1 < len(lines) and lines[n + 1].startswith("╒"):
            name = line.strip()
        elif line.startswith("│") and name:
            cells = [c.strip() for c in line.strip("│").split("│")]
            if METRICS.match(cells[0]) and len(cells) >= 4:
                results[(name, cells[0].rstrip(" *"))] = float(cells[3].replace(",", ""))
    return results


def run(checkout, group, log, label):
    started = time.time()
    done = subprocess.run(["swift", "package", "benchmark", "--filter", group, "--no-progress"],
                          cwd=os.path.join(checkout, "Benchmarks"), capture_output=True, text=True)
    with open(os.path.join(log, label), "w") as f:
        f.write(done.stdout + done.stderr)
    if done.returncode != 0:
        print(f"  {label}: exit {done.returncode}, see {log}/{label}")
    print(f"  {label}: {time.time() - started:.0f} s", flush=True)
    return parse(done.stdout)


def number(value):
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def describe(values):
    if not values:
        return "—"
    return f"{number(statistics.median(values))} ({number(min(values))}–{number(max(values))})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", default=ROOT)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--log", default="/tmp/two_builds")
    parser.add_argument("--group", action="append", help="a filter to run instead of the default groups")
    args = parser.parse_args()
    os.makedirs(args.log, exist_ok=True)
    checkouts = {"before": os.path.abspath(args.before), "after": os.path.abspath(args.after)}
    samples = {"before": {}, "after": {}}
    for round_ in range(args.rounds):
        print(f"round {round_ + 1}", flush=True)
        for g, group in enumerate(args.group or GROUPS):
            for side in (["before", "after"] if round_ % 2 == 0 else ["after", "before"]):
                for key, value in run(checkouts[side], group, args.log, f"r{round_ + 1}-g{g + 1}-{side}.txt").items():
                    samples[side].setdefault(key, []).append(value)
    print("\n| benchmark | metric (p50) | before: median (range) | after: median (range) | after / before |")
    print("|---|---|---|---|---|")
    keys = sorted(set(samples["before"]) | set(samples["after"]))
    for name, metric in keys:
        before, after = samples["before"].get((name, metric), []), samples["after"].get((name, metric), [])
        ratio = f"{statistics.median(after) / statistics.median(before):.2f}" if before and after else (
            "only before" if before else "only after")
        print(f"| {name} | {metric} | {describe(before)} | {describe(after)} | {ratio} |")


if __name__ == "__main__":
    main()
