#!/usr/bin/env python3
"""The peer comparison: the tutorial's own runtime, CPython asyncio, against Interleave.

Runs the same crawler and producer/consumer workloads (same task counts, zero latencies,
no CPU work, nothing printed) in CPython asyncio and in `interleave run ... --headless`,
traced and untraced (`--untraced`: the same executor and scheduling, no event recorded),
and prints tasks per second, events per second, peak memory and the ratios.

The three runtimes run in alternating rounds (A, B, C, then B, C, A, ...: the order rotates),
each in a process of its own, and every ratio is taken within a round: this machine's speed
drifts 2x within minutes, so figures measured minutes apart compare two different machines.
Each figure is the median over the rounds, with the range (min-max) beside it.

    python3 Benchmarks/peer/compare.py            # builds .build/release/interleave first
    python3 Benchmarks/peer/compare.py --urls 20000 --items 50000 --repeat 1

Interleave runs with --threads 1 (an event loop, like asyncio) in virtual time, so a zero
sleep is a turn through the executor's timers, as asyncio.sleep(0) is a turn of the loop.
"""
import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def discard(_line):
    """The tutorial's print, without the terminal: the line is built, then dropped."""


# --- CPython asyncio: the same workloads -------------------------------------------

async def crawler(urls, concurrency, timeout=2.0):
    """interleave's `crawler` with latency=0 cpu=0 failures=0 urls=N."""
    loop = asyncio.get_running_loop()
    limit = asyncio.Semaphore(concurrency)
    tasks = 0

    async def page(n):
        try:
            discard(f"crawling url_{n}")
            await asyncio.sleep(0)
            discard(f"OK url_{n}")
        finally:
            limit.release()

    for n in range(1, urls + 1):
        await limit.acquire()
        task = asyncio.create_task(page(n), name=f"url_{n}")
        loop.call_later(timeout, task.cancel)
        tasks += 1
    # Every page spawned: wait until all have released their permits.
    while limit._value < concurrency:
        await asyncio.sleep(0.001)
    return tasks


async def pipeline(producers, consumers, capacity, items):
    """interleave's `pipeline` with produce=0 consume=0 cpu=0 items=N."""
    queue = asyncio.Queue(maxsize=capacity)
    tally = {"produced": 0, "consumed": 0}
    done = asyncio.Event()

    async def producer(number):
        while tally["produced"] < items:
            tally["produced"] += 1
            value = random.randint(1, 100)
            await queue.put(value)
            discard(f"producer_{number} put a val: {value}")
            await asyncio.sleep(0)

    async def consumer(number):
        while True:
            value = await queue.get()
            discard(f"consumer_{number} get a val: {value}")
            await asyncio.sleep(0)
            tally["consumed"] += 1
            if tally["consumed"] == items:
                done.set()

    workers = [asyncio.create_task(consumer(n), name=f"consumer_{n}") for n in range(1, consumers + 1)]
    workers += [asyncio.create_task(producer(n), name=f"producer_{n}") for n in range(1, producers + 1)]
    await done.wait()
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    return len(workers)


def peak_mib():
    """This process's peak resident set (VmHWM), as `interleave --stats` reports its own."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return (int(line.split()[1]) + 512) // 1024
    return None


def run_asyncio(coro_factory):
    start = time.perf_counter()
    tasks = asyncio.run(coro_factory())
    return {"seconds": time.perf_counter() - start, "tasks": tasks + 1, "events": None, "peak": peak_mib()}


def run_asyncio_apart(workload, args):
    """One asyncio run in a fresh interpreter, so its peak memory is its own."""
    cmd = [sys.executable, os.path.abspath(__file__), "--asyncio-only", workload]
    for name in ("urls", "concurrency", "producers", "consumers", "capacity", "items"):
        cmd += [f"--{name}", str(getattr(args, name))]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    seconds, tasks, peak = out.split()
    return {"seconds": float(seconds), "tasks": int(tasks), "events": None, "peak": int(peak)}


# --- Interleave ---------------------------------------------------------------------

STATS = re.compile(r"Stats: (\d+) tasks, (\d+) events \((\d+) dropped\).* in ([0-9.]+) s")
PEAK = re.compile(r"Peak memory: (\d+) MiB")


def run_interleave(binary, scenario, settings, untraced, threads):
    cmd = [binary, "run", scenario, "--headless", "--quiet", "--stats", "--virtual", "--threads", str(threads)]
    for k, v in settings.items():
        cmd += ["--set", f"{k}={v}"]
    if untraced:
        cmd.append("--untraced")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    m = STATS.search(out)
    if not m:
        sys.exit(f"no Stats line from {' '.join(cmd)}:\n{out}")
    peak = PEAK.search(out)
    return {"seconds": float(m.group(4)), "tasks": int(m.group(1)), "events": int(m.group(2)),
            "dropped": int(m.group(3)), "peak": int(peak.group(1)) if peak else None}


def alternating(runners, repeat):
    """`repeat` rounds of every runner, the order rotated each round; a list of rounds,
    each a dict from runner name to its result."""
    names = list(runners)
    rounds = []
    for r in range(repeat):
        order = names[r % len(names):] + names[:r % len(names)]
        rounds.append({name: runners[name]() for name in order})
    return rounds


def spread(values, fmt):
    """Median (min-max)."""
    values = sorted(values)
    middle = statistics.median(values)
    return f"{fmt.format(middle)} ({fmt.format(values[0])}-{fmt.format(values[-1])})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/interleave"))
    ap.add_argument("--no-build", action="store_true", help="do not run swift build -c release first")
    ap.add_argument("--urls", type=int, default=100_000)
    ap.add_argument("--concurrency", type=int, default=1_000)
    ap.add_argument("--producers", type=int, default=10)
    ap.add_argument("--consumers", type=int, default=1_000)
    ap.add_argument("--capacity", type=int, default=100)
    ap.add_argument("--items", type=int, default=200_000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=5, help="alternating rounds; medians and ranges are shown")
    ap.add_argument("--asyncio-only", choices=["crawler", "pipeline"], help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.asyncio_only:
        factory = {"crawler": lambda: crawler(args.urls, args.concurrency),
                   "pipeline": lambda: pipeline(args.producers, args.consumers, args.capacity, args.items)}
        r = run_asyncio(factory[args.asyncio_only])
        print(r["seconds"], r["tasks"], r["peak"])
        return

    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "interleave"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)

    workloads = [
        (f"crawler: {args.urls:,} urls, {args.concurrency:,} in flight", "crawler",
         {"urls": args.urls, "concurrency": args.concurrency, "latency": 0, "cpu": 0, "failures": 0}),
        (f"producer/consumer: {args.producers} -> {args.consumers:,}, {args.items:,} items", "pipeline",
         {"producers": args.producers, "consumers": args.consumers, "capacity": args.capacity,
          "items": args.items, "produce": 0, "consume": 0, "cpu": 0}),
    ]
    print(f"CPython {sys.version.split()[0]} asyncio vs Interleave (release, --threads {args.threads}, virtual time); "
          f"median (min-max) of {args.repeat} alternating rounds")
    header = f"{'workload':<46} {'runtime':<20} {'seconds':>20} {'tasks/s':>10} {'events/s':>11} {'peak MiB':>12}"
    print(header)
    print("-" * len(header))
    for title, scenario, settings in workloads:
        runners = {
            "CPython asyncio": lambda: run_asyncio_apart(scenario, args),
            "Interleave traced": lambda: run_interleave(args.binary, scenario, settings, False, args.threads),
            "Interleave untraced": lambda: run_interleave(args.binary, scenario, settings, True, args.threads),
        }
        rounds = alternating(runners, args.repeat)
        for name in runners:
            runs = [r[name] for r in rounds]
            seconds = spread([r["seconds"] for r in runs], "{:.3f}")
            tps = statistics.median(r["tasks"] / r["seconds"] for r in runs)
            eps = (f"{statistics.median(r['events'] / r['seconds'] for r in runs):>11,.0f}"
                   if runs[0]["events"] else f"{'-':>11}")
            peak = spread([r["peak"] for r in runs], "{:.0f}") if runs[0].get("peak") else "-"
            print(f"{title:<46} {name:<20} {seconds:>20} {tps:>10,.0f} {eps} {peak:>12}")
            if any(r.get("dropped") for r in runs):
                print(f"  ({max(r['dropped'] for r in runs)} events dropped by a run)")
        py, traced, untraced = ([r[name]["seconds"] for r in rounds] for name in runners)
        print(f"{'':<46} within each round: traced vs asyncio "
              f"{spread([p / t for p, t in zip(py, traced)], '{:.2f}')}x the speed; "
              f"untraced vs asyncio {spread([p / u for p, u in zip(py, untraced)], '{:.2f}')}x; "
              f"tracing overhead {spread([t / u for t, u in zip(traced, untraced)], '{:.2f}')}x the untraced time")
        print()


if __name__ == "__main__":
    main()
