#!/usr/bin/env python3
"""Two builds of `osslab` side by side, alternating which goes first each round, for the
durable endpoint's A/B figures in BENCHMARKS.md (issue 17). Not part of the tests.

  python3 scripts/bench_durable_ab.py restart DATA_DIR RUNS NAME=BINARY...
      spawn `serve --data-dir DATA_DIR` to `listening on`, one GET (a signal before the
      server's handler is installed would kill it uncleanly and the next open would repair),
      SIGINT; prints wall ms, the `loaded in` ms the server reports and the child's user+sys CPU.
  BENCH_SECONDS=5 python3 scripts/bench_durable_ab.py put ROUNDS NAME=BINARY...
      each binary in memory and with --data-dir, wrk PUT 1 KiB at 16 connections (as
      scripts/bench_http.py's wrk()); prints req/s and the durable ÷ memory ratio.
  BENCH_SECONDS=5 python3 scripts/bench_durable_ab.py keys KEYS ROUNDS NAME=BINARY...
      each binary with --data-dir: first every one of KEYS keys of the bucket is written
      twice (wrk, 16 connections, 1 KiB; the second write replaces the first, so each key
      has a removed version), then the PUT of put above; prints req/s and CPU per PUT.
"""
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_http import AUTH, BODY, request, start, wrk  # noqa: E402


def builds(args):
    return [a.split("=", 1) for a in args]


def restart(data, runs, bins):
    res = {n: [] for n, _ in bins}
    for r in range(runs):
        for name, b in bins if r % 2 == 0 else bins[::-1]:
            t0 = time.perf_counter()
            p = subprocess.Popen([b, "serve", "--addr", "127.0.0.1:0", "--data-dir", data],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            line = p.stdout.readline()
            ready = (time.perf_counter() - t0) * 1000
            assert "listening on" in line, line
            url = line.split("listening on ")[1].strip()
            urllib.request.urlopen(url + "/bench?versions&max-keys=1", timeout=30).read()
            p.send_signal(signal.SIGINT)
            err = p.stderr.read()
            _, _, ru = os.wait4(p.pid, 0)
            cpu = (ru.ru_utime + ru.ru_stime) * 1000
            m = re.search(r"loaded in (\d+) ms", err)
            loaded = int(m.group(1)) if m else -1
            res[name].append((ready, loaded, cpu))
            print(f"{name}: ready {ready:,.0f} ms, loaded in {loaded} ms, cpu {cpu:,.0f} ms", flush=True)
    for name, rows in res.items():
        med = [statistics.median(c) for c in zip(*rows)]
        print(f"{name}: median ready {med[0]:,.0f} ms (runs {', '.join(f'{x[0]:,.0f}' for x in rows)}); "
              f"loaded in {med[1]:,.0f} ms; CPU {med[2]:,.0f} ms (runs {', '.join(f'{x[2]:,.0f}' for x in rows)})")


def put(rounds, bins):
    work = tempfile.mkdtemp(prefix="osslab-ab-put-")
    servers = {}
    for name, b in bins:
        servers[(name, "memory")] = start([b, "serve", "--addr", "127.0.0.1:0"])
        servers[(name, "durable")] = start(
            [b, "serve", "--addr", "127.0.0.1:0", "--data-dir", os.path.join(work, name)])
    for _, url, _ in servers.values():
        assert request("PUT", url + "/bench")[0] == 200
        assert request("PUT", url + "/bench/obj", BODY)[0] == 200
    res = {}
    keys = list(servers)
    for r in range(rounds):
        for k in keys if r % 2 == 0 else keys[::-1]:
            p, url, _ = servers[k]
            out = wrk(url + "/bench/obj", "PUT", p.pid)
            res.setdefault(k, []).append(out)
            print(k, f"{out[0]:,.0f} req/s p99 {out[1]:.1f} ms cpu {out[3]:.1f} us/req", flush=True)
    for p, _, _ in servers.values():
        p.terminate()
        p.wait()
    for name, _ in bins:
        m = [x[0] for x in res[(name, "memory")]]
        d = [x[0] for x in res[(name, "durable")]]
        print(f"{name}: memory {statistics.median(m):,.0f}, durable {statistics.median(d):,.0f} req/s: "
              f"{statistics.median(d) / statistics.median(m):.2f}x "
              f"(rounds {', '.join(f'{a / b:.2f}' for a, b in zip(d, m))}); durable CPU "
              f"{statistics.median(x[3] for x in res[(name, 'durable')]):.1f} us/req")
    shutil.rmtree(work, ignore_errors=True)


def keys(n, rounds, bins):
    """Durable PUT in a bucket of n keys whose first versions were replaced."""
    work = tempfile.mkdtemp(prefix="osslab-ab-keys-")
    script = os.path.join(work, "keys.lua")
    with open(script, "w") as f:
        f.write(f'wrk.method = "PUT"\nwrk.body = string.rep("x", 1024)\ncounter = 0\n'
                f'request = function()\n  counter = counter + 1\n'
                f'  return wrk.format(nil, "/bench/k" .. (counter % {n}))\nend\n')
    res = {name: [] for name, _ in bins}
    for r in range(rounds):
        for name, b in bins if r % 2 == 0 else bins[::-1]:
            p, url, _ = start([b, "serve", "--addr", "127.0.0.1:0", "--data-dir",
                               os.path.join(work, f"{name}-{r}")])
            assert request("PUT", url + "/bench")[0] == 200
            assert request("PUT", url + "/bench/obj", BODY)[0] == 200
            written = 0
            while written < 2 * n:
                out = subprocess.run(["wrk", "-t1", "-c16", "-d5s", "-H", f"Authorization: {AUTH}",
                                      "-s", script, url], capture_output=True, text=True).stdout
                written += int(re.search(r"(\d+) requests in", out).group(1))
            out = wrk(url + "/bench/obj", "PUT", p.pid)
            p.terminate()
            p.wait()
            res[name].append(out)
            print(name, f"{out[0]:,.0f} req/s cpu {out[3]:.1f} us/req after {written:,} writes over {n:,} keys",
                  flush=True)
    for name, rows in res.items():
        print(f"{name}: durable PUT {statistics.median(x[0] for x in rows):,.0f} req/s "
              f"(rounds {', '.join(f'{x[0]:,.0f}' for x in rows)}); CPU "
              f"{statistics.median(x[3] for x in rows):.1f} us/req")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 4 and sys.argv[1] == "restart":
        restart(sys.argv[2], int(sys.argv[3]), builds(sys.argv[4:]))
    elif len(sys.argv) > 3 and sys.argv[1] == "put":
        put(int(sys.argv[2]), builds(sys.argv[3:]))
    elif len(sys.argv) > 4 and sys.argv[1] == "keys":
        keys(int(sys.argv[2]), int(sys.argv[3]), builds(sys.argv[4:]))
    else:
        sys.exit(__doc__)
