#!/usr/bin/env python3
"""What `interleave exec` costs the program it traces: wall time and peak memory, traced
against untraced, in paired rounds (one run of each per round, the order flipping every
round), so that this machine's drifting speed cannot skew the ratio as rows measured
minutes apart would.

    python3 Benchmarks/exec/overhead.py [--rounds 10] [--interleave PATH] [--only TEXT]

Builds interleave and the fixture programs in release first. Prints, per workload, the
untraced and traced seconds (median and range), the ratio per round (median and range),
the same for the agent alone (its stream read and thrown away, so nothing is folded or
shown: what the hot path costs, apart from the viewer's share of the CPU), the CPU time
(user + system) of the traced run, program and viewer together, against the untraced
program's, events kept and dropped, and both peak memories. Each round runs the three in
a rotated order. `--interleave` measures another build (its agent beside it);
`--baseline` adds a fourth run to each round, traced by that other build (say the one
before a change), so that before and after are compared within rounds.
"""
import argparse, os, re, resource, statistics, subprocess, sys, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.join(ROOT, ".build", "release", "interleave")
FIXTURES = os.path.join(ROOT, ".build-fixtures", "release")

WORKLOADS = [
    ("yield-heavy, 1 task x 400,000 Task.yield", "yield-loop", ["1", "400000"]),
    ("yield-heavy, 8 tasks x 100,000 Task.yield", "yield-loop", ["8", "100000"]),
    # The realistic program. A page's latency of 10 ms is still a fast service (the
    # tutorial's pages take seconds); the program is then mostly waiting, as a crawler is.
    ("realistic: 100,000 pages, 10 ms Task.sleep each, 1,000 in flight", "pages", ["100000", "1000", "10"]),
    # The same program at 1 ms a page: 1,000 in flight then ask for a million pages a second,
    # so the program is busy on every core and each event the viewer folds is taken from it.
    ("stress: 100,000 pages, 1 ms Task.sleep each, 1,000 in flight", "pages", ["100000", "1000", "1"]),
]


def build():
    subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["swift", "build", "-c", "release", "--package-path", "Tests/ProgramTraceTests/Fixtures",
                    "--scratch-path", ".build-fixtures"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def span(values, fmt):
    return f"{fmt(statistics.median(values))} ({fmt(min(values))}-{fmt(max(values))})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--interleave", default=BIN, help="the interleave binary to measure")
    parser.add_argument("--baseline", help="another interleave binary, traced alongside in every round")
    parser.add_argument("--only", help="measure only the workloads whose title contains this text")
    args = parser.parse_args()
    if not args.no_build:
        build()
    for title, program, arguments in WORKLOADS:
        if args.only and args.only not in title:
            continue
        plain_argv = [os.path.join(FIXTURES, program)] + arguments
        traced_argv = [args.interleave, "exec", "--headless", "--quiet", "--stats", "--"] + plain_argv
        # The agent alone: its stream read and thrown away, nothing folded or shown.
        agent_argv = [args.interleave, "exec", "--headless", "--quiet", "--stats", "--discard-trace", "--"] + plain_argv
        base_argv = [args.baseline] + traced_argv[1:] if args.baseline else None
        plain, traced, agent, ratios, agent_ratios, base_ratios, base_cpu = [], [], [], [], [], [], []
        kept, dropped, traced_mem, plain_mem, plain_cpu, agent_cpu, traced_cpu = [], [], [], [], [], [], []
        for round_ in range(args.rounds):
            order = [("plain", plain_argv), ("traced", traced_argv), ("agent", agent_argv)]
            if base_argv:
                order.append(("baseline", base_argv))
            # Each round starts one further along: every run takes every place in turn.
            order = order[round_ % len(order):] + order[:round_ % len(order)]
            times = {}
            for name, argv in order:
                # Each run in a child of its own, so ru_maxrss is that run's peak alone.
                reader, writer = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(reader)
                    start = time.monotonic()
                    result = subprocess.run(argv, capture_output=True, text=True)
                    elapsed = time.monotonic() - start
                    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
                    cpu = usage.ru_utime + usage.ru_stime
                    os.write(writer, f"{result.returncode}\t{elapsed}\t{usage.ru_maxrss}\t{cpu}\t{result.stdout}".encode())
                    os._exit(0)
                os.close(writer)
                data = b""
                while chunk := os.read(reader, 65536):
                    data += chunk
                os.close(reader)
                os.waitpid(pid, 0)
                code, elapsed, peak, cpu, output = data.decode().split("\t", 4)
                if code != "0":
                    sys.exit(f"{' '.join(argv)} failed ({code}):\n{output}")
                times[name] = float(elapsed)
                if name == "plain":
                    plain_mem.append(int(peak) / 1024)
                    plain_cpu.append(float(cpu))
                elif name == "baseline":
                    base_cpu.append(float(cpu))
                elif name == "agent":
                    agent_cpu.append(float(re.search(r"CPU: the program ([0-9.]+) s", output).group(1)))
                elif name == "traced":
                    stats = re.search(r"Stats: (\d+) tasks, (\d+) events \((\d+) dropped\)", output)
                    memory = re.search(r"the program (\d+) MiB", output)
                    kept.append(int(stats.group(2)))
                    dropped.append(int(stats.group(3)))
                    traced_mem.append(int(memory.group(1)))
                    traced_cpu.append(float(cpu))
            plain.append(times["plain"])
            traced.append(times["traced"])
            agent.append(times["agent"])
            ratios.append(times["traced"] / times["plain"])
            agent_ratios.append(times["agent"] / times["plain"])
            if base_argv:
                base_ratios.append(times["baseline"] / times["plain"])
        seconds = lambda v: f"{v:.3f} s"
        print(f"{title} ({args.rounds} paired rounds)")
        print(f"  untraced  {span(plain, seconds)}, peak {span(plain_mem, lambda v: f'{v:.0f}')} MiB")
        print(f"  traced    {span(traced, seconds)}, the program's peak {span(traced_mem, lambda v: f'{v:.0f}')} MiB")
        print(f"  traced / untraced per round: {span(ratios, lambda v: f'{v:.2f}x')}")
        print(f"  agent only (trace read and discarded) {span(agent, seconds)}: {span(agent_ratios, lambda v: f'{v:.2f}x')} untraced")
        cpu_ratios = [a / p for a, p in zip(agent_cpu, plain_cpu)]
        print(f"  the program's CPU time, agent alone / untraced: {span(cpu_ratios, lambda v: f'{v:.2f}x')}")
        traced_cpu_ratios = [t / p for t, p in zip(traced_cpu, plain_cpu)]
        print(f"  CPU time traced (program and viewer) / untraced: {span(traced_cpu_ratios, lambda v: f'{v:.2f}x')}"
              f" ({span(traced_cpu, seconds)} against {span(plain_cpu, seconds)})")
        if base_argv:
            print(f"  baseline traced / untraced per round: {span(base_ratios, lambda v: f'{v:.2f}x')}; CPU time "
                  f"{span([b / p for b, p in zip(base_cpu, plain_cpu)], lambda v: f'{v:.2f}x')} ({span(base_cpu, seconds)})")
        print(f"  events kept {span(kept, lambda v: f'{v:,.0f}')}, dropped {span(dropped, lambda v: f'{v:,.0f}')}")


if __name__ == "__main__":
    main()
