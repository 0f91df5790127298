"""An `osslab serve --data-dir DIR` the test controls: start, stop cleanly, SIGKILL, restart.

Used by the restart tests (test_durable.py) and the crash test (test_crash.py).
"""

import os
import pathlib
import re
import signal
import subprocess
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


def binary() -> pathlib.Path:
    if os.environ.get("OSSLAB_BIN"):
        return pathlib.Path(os.environ["OSSLAB_BIN"])
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    if not target.is_absolute():
        target = ROOT / target
    return target / "server" / "osslab"


class DurableServer:
    """One server process at a time on `data_dir`; `url` is set while it runs."""

    def __init__(self, data_dir, *extra_args):
        self.data_dir = str(data_dir)
        self.extra_args = list(extra_args)
        self.proc = None
        self.url = None
        self.stderr = []
        self.started_in = None

    def start(self, timeout=30):
        assert self.proc is None, "already running"
        t0 = time.monotonic()
        self.proc = subprocess.Popen(
            [str(binary()), "serve", "--addr", "127.0.0.1:0", "--data-dir", self.data_dir]
            + self.extra_args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        found = {}

        def read_stdout(proc):
            for line in proc.stdout:
                m = LISTENING.search(line)
                if m and "url" not in found:
                    found["url"] = m.group(1)

        def read_stderr(proc):
            for line in proc.stderr:
                self.stderr.append(line.rstrip("\n"))

        threading.Thread(target=read_stdout, args=(self.proc,), daemon=True).start()
        threading.Thread(target=read_stderr, args=(self.proc,), daemon=True).start()
        deadline = time.monotonic() + timeout
        while "url" not in found:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"osslab serve exited with {self.proc.returncode}: {self.stderr[-5:]!r}"
                )
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"osslab serve printed no ready line: {self.stderr[-5:]!r}")
            time.sleep(0.005)
        self.started_in = time.monotonic() - t0
        self.url = found["url"]
        return self.url

    def stop(self):
        """Clean stop (SIGINT, like Ctrl-C): waits for the exit."""
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
            raise
        finally:
            self.proc = None
            self.url = None

    def kill(self):
        """SIGKILL: no chance to flush or close anything."""
        if self.proc is None:
            return
        self.proc.kill()
        self.proc.wait(timeout=10)
        self.proc = None
        self.url = None

    def restart(self, how):
        """`how` is "stop" (clean) or "kill" (SIGKILL), then start again."""
        getattr(self, how)()
        return self.start()
