#!/usr/bin/env python3
"""Key-to-screen latency of the real reader, read straight from its pseudo-terminal.

    scripts/keylat.py [--size 100x30] [--runs 7] [--settle 5] [--fresh] [--prepare CMD]
                      [--before KEYS] --keys KEYS --until TEXT [--after KEYS] -- COMMAND ARGS...

Starts COMMAND in a pseudo-terminal of the given size, waits until it has drawn something and
then `--settle` seconds more (so background work at start-up is done), and then, `--runs` times:
types `--before` (not timed), types `--keys` and times until TEXT appears in what the reader
writes, then types `--after` (to undo, e.g. Escape). With `--fresh`, every run has a reader of
its own (nothing the last run read or cached in memory helps), and `--prepare` runs before each
start (e.g. emptying a cache). Prints one line per run and the median, in milliseconds. Unlike
polling tmux, nothing is sampled: the clock stops at the read that brings the text, so the
figure is the reader's own latency plus a pipe's.

Keys: plain characters, with <CR>, <Esc>, <C-c> for Enter, Escape and Ctrl-C.
The reader's cursor-position questions are answered (as a terminal that draws ambiguous
characters narrow), so it never waits on them.
"""

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time

ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")
CPR = b"\x1b[6n"
NAMED = {"<CR>": b"\r", "<Esc>": b"\x1b", "<C-c>": b"\x03"}


def key_list(keys):
    """Each key as the bytes a terminal sends for it (a character is sent whole)."""
    out, i = [], 0
    while i < len(keys):
        for name, code in NAMED.items():
            if keys.startswith(name, i):
                out.append(code)
                i += len(name)
                break
        else:
            out.append(keys[i].encode())
            i += 1
    return out


class Reader:
    def __init__(self, command, cols, rows):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["TERM"] = os.environ.get("TERM", "xterm-256color")
            os.execvp(command[0], command)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.seen = b""

    def read(self, timeout):
        """One read of what the reader wrote (answering its questions); False at timeout."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:
            raise SystemExit("the reader exited")
        for _ in range(chunk.count(CPR)):
            os.write(self.fd, b"\x1b[1;2R")
        self.seen += chunk
        return True

    def drain(self, quiet):
        """Read until the reader has written nothing for `quiet` seconds."""
        while self.read(quiet):
            pass
        self.seen = b""

    def wait_for(self, text, limit=120.0):
        wanted = text.encode()
        end = time.monotonic() + limit
        while wanted not in ESCAPES.sub(b"", self.seen):
            if time.monotonic() > end:
                raise SystemExit(f"timed out waiting for {text!r}")
            self.read(0.5)
        return time.monotonic()

    def type(self, keys):
        for key in keys:
            os.write(self.fd, key)
            time.sleep(0.005)

    def end(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except OSError:
            pass


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", default="100x30")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--settle", type=float, default=5.0)
    p.add_argument("--fresh", action="store_true", help="a new reader for every run")
    p.add_argument("--prepare", default="", help="shell command run before each reader starts")
    p.add_argument("--ready", default="%", help="text the first screen shows")
    p.add_argument("--before", default="")
    p.add_argument("--keys", required=True)
    p.add_argument("--until", required=True)
    p.add_argument("--after", default="")
    p.add_argument("command", nargs="+")
    a = p.parse_args()
    cols, rows = map(int, a.size.split("x"))

    def started():
        if a.prepare:
            subprocess.run(a.prepare, shell=True, check=True)
        reader = Reader(a.command, cols, rows)
        reader.wait_for(a.ready)
        time.sleep(a.settle)
        return reader

    reader = started()
    times = []
    try:
        for run in range(a.runs):
            if a.fresh and run > 0:
                reader.end()
                reader = started()
            reader.drain(0.3)
            reader.type(key_list(a.before))
            reader.drain(0.3)
            *head, last = key_list(a.keys)
            reader.type(head)
            reader.drain(0.3)
            start = time.monotonic()
            os.write(reader.fd, last)
            took = (reader.wait_for(a.until) - start) * 1000
            times.append(took)
            print(f"run {run + 1}: {took:.1f} ms", flush=True)
            reader.drain(0.2)
            reader.type(key_list(a.after))
        print(f"median {statistics.median(times):.1f} ms over {len(times)} runs")
    finally:
        reader.end()

if __name__ == "__main__":
    sys.exit(main())
