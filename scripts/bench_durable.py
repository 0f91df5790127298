#!/usr/bin/env python3
"""Durable-store figures (issue 17), side by side in one run; run through scripts/bench-durable.

1. PUT and GET of a 1 KiB object at BENCH_CONNECTIONS (default 16) connections: `osslab serve`
   in memory vs `osslab serve --data-dir` (every PUT acknowledged after its group commit),
   BENCH_ROUNDS rounds (default 3) alternating which goes first, medians.
2. Restart time with N stored versions (argv[3], default 1,000,000, filled by the
   `durable_fill` example): spawn to the `listening on` line, median of 3 starts.
3. Disk bytes per version record (no body), from the same fill.
4. The sync cost behind the body layout (bodies in the database vs content-addressed files).

argv: OSSLAB_BINARY DURABLE_FILL_BINARY [N]
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_http import BODY, CONNECTIONS, DURATION, request, start, wrk  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def throughput(osslab, data_dir):
    servers = {
        "memory": start([osslab, "serve", "--addr", "127.0.0.1:0"]),
        "durable": start([osslab, "serve", "--addr", "127.0.0.1:0", "--data-dir", data_dir]),
    }
    for _, url, _ in servers.values():
        assert request("PUT", url + "/bench")[0] == 200
        assert request("PUT", url + "/bench/obj", BODY)[0] == 200
        assert request("GET", url + "/bench/obj") == (200, 1024)
    runs = {}
    for n in range(ROUNDS):
        for method in ("PUT", "GET"):
            order = ["memory", "durable"] if n % 2 == 0 else ["durable", "memory"]
            for name in order:
                p, url, _ = servers[name]
                runs.setdefault((name, method), []).append(wrk(url + "/bench/obj", method, p.pid))
    for p, _, _ in servers.values():
        p.kill()
        p.wait()
    return runs


def sync_costs(work, runs=200):
    """What a group commit of 16 one-KiB bodies costs in syncs, for the body layout choice:
    as 16 content-addressed files (each written and fsync'd, then the directory fsync'd)
    vs one 16 KiB write and one fdatasync (bodies inside the database file). ms per batch."""
    d = os.path.join(work, "bodies")
    os.makedirs(d)
    body = os.urandom(1024)
    t = time.perf_counter()
    for r in range(runs):
        for i in range(16):
            fd = os.open(f"{d}/{r}-{i}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.write(fd, body)
            os.fsync(fd)
            os.close(fd)
        dfd = os.open(d, os.O_RDONLY)
        os.fsync(dfd)
        os.close(dfd)
    files = (time.perf_counter() - t) / runs * 1000
    fd = os.open(os.path.join(work, "one"), os.O_WRONLY | os.O_CREAT, 0o644)
    t = time.perf_counter()
    for _ in range(runs):
        os.write(fd, body * 16)
        os.fdatasync(fd)
    os.close(fd)
    one = (time.perf_counter() - t) / runs * 1000
    return files, one


def main():
    osslab, fill = sys.argv[1], sys.argv[2]
    versions = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
    work = tempfile.mkdtemp(prefix="osslab-bench-durable-")
    try:
        runs = throughput(osslab, os.path.join(work, "tp"))
        print(f"wrk -t1 -c{CONNECTIONS} -d{DURATION}s, 1 KiB body, loopback; median of {ROUNDS} rounds\n")
        print("| server | method | requests/s | p99 latency (ms) | non-2xx | server CPU µs/request |")
        print("|---|---|---|---|---|---|")
        med = {}
        for (name, method), results in sorted(runs.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            row = [statistics.median(col) for col in zip(*results)]
            med[(name, method)] = row[0]
            rps, p99, bad, cpu = row
            print(f"| osslab {name} | {method} | {rps:,.0f} | {p99:.2f} | {bad:.0f} | {cpu:.1f} |")
        print()
        for m in ("PUT", "GET"):
            each = ", ".join(
                f"{d[0] / r[0]:.2f}" for d, r in zip(runs[("durable", m)], runs[("memory", m)])
            )
            print(f"durable {m} / memory {m}: {med[('durable', m)] / med[('memory', m)]:.2f}x (rounds: {each})")

        files, one = sync_costs(work)
        print(f"\n16 one-KiB bodies per commit: as files {files:.2f} ms (16 writes, 17 fsyncs); "
              f"in one file {one:.2f} ms (one write, one fdatasync)")

        data = os.path.join(work, "big")
        t = time.perf_counter()
        out = subprocess.run([fill, data, str(versions), "1000"], capture_output=True, text=True, check=True)
        print(f"\nfill: {out.stdout.strip()} ({time.perf_counter() - t:.1f} s)")
        readies = []
        for _ in range(3):
            p, url, ready = start([osslab, "serve", "--addr", "127.0.0.1:0", "--data-dir", data])
            readies.append(ready * 1000)
            assert request("GET", url + "/bench?versions&max-keys=1")[0] == 200
            p.terminate()
            p.wait()
        print(f"restart with {versions:,} versions, spawn to `listening on`: median {statistics.median(readies):,.0f} ms "
              f"(runs: {', '.join(f'{r:,.0f}' for r in readies)})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
