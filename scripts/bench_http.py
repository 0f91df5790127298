#!/usr/bin/env python3
"""Load benchmark: GET and PUT of a 1 KiB object against osslab, a bare hyper server and
moto_server, side by side in one run on loopback, plus osslab's start-to-ready time.

Run through scripts/bench-http (which builds and installs what this needs). Prints a
Markdown table for BENCHMARKS.md. Bounded: each wrk run lasts BENCH_SECONDS (default 10);
BENCH_ROUNDS (default 1) repeats the osslab / bare hyper pair, alternating which goes first,
and reports medians: on a busy machine use several.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
# Rounds of osslab-then-bare runs; more rounds make the ratio steadier on a busy machine.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
BODY = b"x" * 1024


def start(cmd, ready_line=True, port=None):
    """Start a server; return (process, base url, seconds from spawn to ready)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if ready_line:
        line = p.stdout.readline().strip()
        ready = time.perf_counter() - t0
        m = re.search(r"listening on (http://\S+)", line)
        if not m:
            p.kill()
            raise SystemExit(f"{cmd[0]} printed {line!r}")
        return p, m.group(1), ready
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except urllib.error.HTTPError:
            break
        except Exception:
            time.sleep(0.05)
    return p, url, time.perf_counter() - t0


# moto denies anonymous reads; it does not verify signatures, so any well-formed SigV4
# header makes it serve the object. osslab and the bare server ignore it.
AUTH = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0"


def request(method, url, body=None):
    """(status, body length) of one request."""
    req = urllib.request.Request(url, data=body, method=method, headers={"Authorization": AUTH, "Content-Type": "application/octet-stream"})
    try:
        r = urllib.request.urlopen(req, timeout=5)
        return r.status, len(r.read())
    except urllib.error.HTTPError as e:
        return e.code, 0


def cpu_seconds(pid):
    """User + system CPU seconds the process has used so far (all threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(url, method, pid):
    """requests/s, p99 ms, non-2xx count, and the server's CPU microseconds per request.

    CPU per request (user + kernel time of the server process over the run, divided by the
    requests served) moves much less than requests/s when other work shares the cores.
    """
    script = None
    args = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", "-H", f"Authorization: {AUTH}"]
    if method == "PUT":
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write('wrk.method = "PUT"\nwrk.body = string.rep("x", 1024)\n')
        script.close()
        args += ["-s", script.name]
    cpu0 = cpu_seconds(pid)
    out = subprocess.run(args + [url], capture_output=True, text=True, timeout=DURATION + 30).stdout
    cpu = cpu_seconds(pid) - cpu0
    if script:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, float(p99.group(1)) * scale, int(non2xx.group(1)) if non2xx else 0, cpu * 1e6 / total


def main():
    OSSLAB = sys.argv[1]
    BARE = sys.argv[2]
    MOTO = sys.argv[3] if len(sys.argv) > 3 else None
    rows = []
    # osslab: ready time over 5 starts, then the load runs.
    readies = []
    for _ in range(5):
        p, url, ready = start([OSSLAB, "serve", "--addr", "127.0.0.1:0"])
        readies.append(ready * 1000)
        p.kill()
        p.wait()
    # osslab and the bare server run side by side; each round measures both, one after the
    # other, so a change in machine load hits both alike. Figures are medians over rounds.
    p, url, _ = start([OSSLAB, "serve", "--addr", "127.0.0.1:0"])
    b, burl, _ = start([BARE, "127.0.0.1:0"])
    assert request("PUT", url + "/bench")[0] == 200
    assert request("PUT", url + "/bench/obj", BODY)[0] == 200
    assert request("GET", url + "/bench/obj") == (200, 1024)
    runs = {}
    ratios = {"GET": [], "PUT": []}
    for n in range(ROUNDS):
        for method in ("GET", "PUT"):
            # Alternate which goes first, so neither always follows the other's load.
            if n % 2 == 0:
                o = wrk(url + "/bench/obj", method, p.pid)
                r = wrk(burl + "/bench/obj", method, b.pid)
            else:
                r = wrk(burl + "/bench/obj", method, b.pid)
                o = wrk(url + "/bench/obj", method, p.pid)
            runs.setdefault(("osslab", method), []).append(o)
            runs.setdefault(("bare hyper", method), []).append(r)
            ratios[method].append(o[0] / r[0])
    for name in ("osslab", "bare hyper"):
        for method in ("GET", "PUT"):
            results = runs[(name, method)]
            rows.append((name, method, *(statistics.median(col) for col in zip(*results))))
    for proc in (p, b):
        proc.kill()
        proc.wait()

    if MOTO:
        port = 45123
        m, murl, _ = start([MOTO, "-H", "127.0.0.1", "-p", str(port)], ready_line=False, port=port)
        request("PUT", murl + "/bench")
        request("PUT", murl + "/bench/obj", BODY)
        assert request("GET", murl + "/bench/obj") == (200, 1024), "moto must serve the object"
        rows.append(("moto_server", "GET", *wrk(murl + "/bench/obj", "GET", m.pid)))
        rows.append(("moto_server", "PUT", *wrk(murl + "/bench/obj", "PUT", m.pid)))
        m.kill()
        m.wait()

    print(f"wrk -t1 -c{CONNECTIONS} -d{DURATION}s, 1 KiB body, loopback, {os.cpu_count()} cores shared by wrk and the server")
    print(f"osslab and bare hyper: median of {ROUNDS} round(s), each running both back to back\n")
    print("| server | method | requests/s | p99 latency (ms) | non-2xx | server CPU µs/request |")
    print("|---|---|---|---|---|---|")
    for name, method, rps, p99, bad, cpu in rows:
        print(f"| {name} | {method} | {rps:,.0f} | {p99:.2f} | {bad:.0f} | {cpu:.1f} |")
    by = {(n, m): r for n, m, r, _, _, _ in rows}
    cpu = {(n, m): c for n, m, _, _, _, c in rows}
    print()
    for m in ("GET", "PUT"):
        each = ", ".join(f"{r:.2f}" for r in ratios[m])
        print(f"osslab {m} / bare hyper {m}: {statistics.median(ratios[m]):.2f}x (median; rounds: {each})")
    for m in ("GET", "PUT"):
        print(f"server CPU per {m}, bare hyper / osslab: {cpu[('bare hyper', m)] / cpu[('osslab', m)]:.2f}x")
    if MOTO:
        print(f"osslab GET / moto_server GET: {by[('osslab','GET')] / by[('moto_server','GET')]:.1f}x")
        print(f"osslab PUT / moto_server PUT: {by[('osslab','PUT')] / by[('moto_server','PUT')]:.1f}x")
    print(f"osslab start to ready: median {statistics.median(readies):.1f} ms over 5 starts (min {min(readies):.1f}, max {max(readies):.1f})")


if __name__ == "__main__":
    main()
