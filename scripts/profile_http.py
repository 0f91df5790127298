#!/usr/bin/env python3
"""Deterministic HTTP cost: user-space instructions (callgrind Ir) per request of osslab and
the bare hyper baseline, for a GET and a PUT of a 1 KiB object.

Wall-clock load tests (scripts/bench-http) swing with whatever else runs on the machine;
instruction counts barely move, so this is the figure to compare before and after a change.
Each server runs under `valgrind --tool=callgrind`; after a warm-up the counters are zeroed
(`callgrind_control -z`), N requests go over one keep-alive connection, one after another,
with the same request line and headers wrk sends in scripts/bench-http, and the counters are
dumped (`callgrind_control -d`). Ir/request = dumped total / N. Kernel time (syscalls) is not
counted, so the Ir ratio is not the throughput ratio; it tracks the server's own work.

Run through scripts/profile-http. Usage:
    profile_http.py OSSLAB BARE_HYPER OUT_DIR [N]
Dumps stay in OUT_DIR (`callgrind_annotate OUT_DIR/osslab-GET.out` for the breakdown).
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import time

OSSLAB, BARE, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
N = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
WARMUP = 200
BODY = b"x" * 1024
# Sent by scripts/bench_http.py too (moto needs it); osslab and the bare server ignore it.
AUTH = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0"


class Conn:
    """One keep-alive HTTP/1.1 connection sending wrk's request shape."""

    def __init__(self, host, port):
        self.host = f"{host}:{port}"
        self.sock = socket.create_connection((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def request(self, method, path, body=b""):
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: {AUTH}\r\n"
        if method == "PUT":
            head += f"Content-Length: {len(body)}\r\n"
        self.sock.sendall(head.encode() + b"\r\n" + body)
        while b"\r\n\r\n" not in self.buf:
            self.more()
        raw, self.buf = self.buf.split(b"\r\n\r\n", 1)
        status = int(raw.split(b" ", 2)[1])
        m = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", raw)
        length = int(m.group(1)) if m else 0
        while len(self.buf) < length:
            self.more()
        body, self.buf = self.buf[:length], self.buf[length:]
        return status, body

    def more(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise SystemExit("server closed the connection")
        self.buf += chunk


def total_ir(path):
    with open(path) as f:
        for line in f:
            if line.startswith(("totals:", "summary:")):
                return int(line.split()[1])
    raise SystemExit(f"no totals in {path}")


def control(pid, *args):
    subprocess.run(["callgrind_control", *args, str(pid)], check=True, capture_output=True)


def profile(name, cmd, setup):
    """Ir per request for GET and PUT of /bench/obj on one server run."""
    base = os.path.join(OUT, f"{name}.callgrind")
    p = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={base}", *cmd],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        line = p.stdout.readline()
        m = re.search(r"listening on http://([\d.]+):(\d+)", line)
        if not m:
            raise SystemExit(f"{cmd[0]} printed {line!r}")
        conn = Conn(m.group(1), int(m.group(2)))
        for method, path, body in setup:
            status, _ = conn.request(method, path, body)
            assert status == 200, (name, method, path, status)
        result = {}
        for method, body in (("GET", b""), ("PUT", BODY)):
            for _ in range(WARMUP):
                status, got = conn.request(method, "/bench/obj", body)
                assert status == 200, (name, method, status)
                if method == "GET":
                    assert got == BODY, (name, len(got))
            control(p.pid, "-z")
            for _ in range(N):
                conn.request(method, "/bench/obj", body)
            before = set(os.listdir(OUT))
            control(p.pid, "-d")
            dump = None
            for _ in range(100):
                new = [f for f in set(os.listdir(OUT)) - before if f.startswith(f"{name}.callgrind.")]
                if new:
                    dump = os.path.join(OUT, new[0])
                    break
                time.sleep(0.1)
            if dump is None:
                raise SystemExit(f"no callgrind dump for {name} {method}")
            time.sleep(0.2)  # let valgrind finish writing
            final = os.path.join(OUT, f"{name}-{method}.out")
            shutil.move(dump, final)
            result[method] = total_ir(final) / N
        return result
    finally:
        p.kill()
        p.wait()


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if ".callgrind" in f or f.endswith(".out"):
            os.unlink(os.path.join(OUT, f))
    osslab = profile(
        "osslab",
        [OSSLAB, "serve", "--addr", "127.0.0.1:0"],
        [("PUT", "/bench", b""), ("PUT", "/bench/obj", BODY)],
    )
    bare = profile("bare_hyper", [BARE, "127.0.0.1:0"], [])
    print(f"callgrind, {N} requests over one keep-alive connection after {WARMUP} warm-up, 1 KiB body\n")
    print("| method | osslab Ir/request | bare hyper Ir/request | osslab ÷ bare |")
    print("|---|---|---|---|")
    for method in ("GET", "PUT"):
        o, b = osslab[method], bare[method]
        print(f"| {method} | {o:,.0f} | {b:,.0f} | {o / b:.2f}× |")
    print(f"\ndumps: {OUT}/{{osslab,bare_hyper}}-{{GET,PUT}}.out (callgrind_annotate FILE)")


if __name__ == "__main__":
    main()
