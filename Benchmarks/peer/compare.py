#!/usr/bin/env python3
"""The peer comparison: the tutorial's own runtime, CPython asyncio, against Interleave.

Runs the same crawler and producer/consumer workloads (same task counts, zero latencies,
no CPU work, nothing printed) in CPython asyncio and in `interleave run ... --headless`,
traced and untraced (`--untraced`: the same executor and scheduling, no event recorded),
and prints tasks per second, events per second and the ratios.

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


def run_asyncio(coro_factory):
    start = time.perf_counter()
    tasks = asyncio.run(coro_factory())
    return {"seconds": time.perf_counter() - start, "tasks": tasks + 1, "events": None}


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


def median_run(fn, repeat):
    runs = [fn() for _ in range(repeat)]
    runs.sort(key=lambda r: r["seconds"])
    return runs[len(runs) // 2]


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
    ap.add_argument("--repeat", type=int, default=3, help="runs of each; the median is shown")
    args = ap.parse_args()

    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "interleave"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)

    workloads = [
        (f"crawler: {args.urls:,} urls, {args.concurrency:,} in flight",
         lambda: crawler(args.urls, args.concurrency),
         "crawler", {"urls": args.urls, "concurrency": args.concurrency, "latency": 0, "cpu": 0, "failures": 0}),
        (f"producer/consumer: {args.producers} -> {args.consumers:,}, {args.items:,} items",
         lambda: pipeline(args.producers, args.consumers, args.capacity, args.items),
         "pipeline", {"producers": args.producers, "consumers": args.consumers, "capacity": args.capacity,
                      "items": args.items, "produce": 0, "consume": 0, "cpu": 0}),
    ]
    print(f"CPython {sys.version.split()[0]} asyncio vs Interleave (release, --threads {args.threads}, virtual time); "
          f"median of {args.repeat}")
    header = f"{'workload':<46} {'runtime':<20} {'seconds':>8} {'tasks/s':>10} {'events/s':>11} {'peak MiB':>8}"
    print(header)
    print("-" * len(header))
    for title, factory, scenario, settings in workloads:
        py = median_run(lambda: run_asyncio(factory), args.repeat)
        traced = median_run(lambda: run_interleave(args.binary, scenario, settings, False, args.threads), args.repeat)
        untraced = median_run(lambda: run_interleave(args.binary, scenario, settings, True, args.threads), args.repeat)
        rows = [("CPython asyncio", py), ("Interleave traced", traced), ("Interleave untraced", untraced)]
        for name, r in rows:
            tps = r["tasks"] / r["seconds"]
            eps = f"{r['events'] / r['seconds']:>11,.0f}" if r["events"] else f"{'-':>11}"
            peak = f"{r['peak']:>8}" if r.get("peak") else f"{'-':>8}"
            print(f"{title:<46} {name:<20} {r['seconds']:>8.3f} {tps:>10,.0f} {eps} {peak}")
        if traced["tasks"] != untraced["tasks"]:
            print(f"  (task counts differ: traced {traced['tasks']}, untraced {untraced['tasks']})")
        if traced.get("dropped"):
            print(f"  ({traced['dropped']} events dropped by the traced run)")
        print(f"{'':<46} traced vs asyncio: {py['seconds'] / traced['seconds']:.2f}x the speed; "
              f"untraced vs asyncio: {py['seconds'] / untraced['seconds']:.2f}x; "
              f"tracing overhead: {traced['seconds'] / untraced['seconds']:.2f}x the untraced time")
        print()


if __name__ == "__main__":
    main()
