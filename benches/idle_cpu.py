#!/usr/bin/env python3
"""Idle CPU and start-up time of the proctor binary, measured in a real pseudo-terminal.

It builds nothing: build first (`cargo build --release`), then run

    python3 benches/idle_cpu.py [BINARY] [--seconds S]     # idle CPU on the question screen
    python3 benches/idle_cpu.py [BINARY] --startup [--runs N]  # spawn -> first home frame

BINARY defaults to target/release/proctor next to this script's parent directory.

Idle mode starts `proctor exam netfund-quick --seed 1` in a 100x30 pseudo-terminal with
PROCTOR_DATA_DIR (and the working directory) set to a fresh temporary directory, drains its
output continuously, presses Enter on the rules screen, waits for "Question 1 of", then reads
the process's utime+stime from /proc/PID/stat before and after a window of S seconds (20 by
default) in which nothing is typed. It prints the CPU used as a percentage of one core and the
bytes the app wrote in the window, then sends SIGTERM and checks that the exit code is 143.

Start-up mode runs `proctor` (the home screen) N times (20 by default) and prints the median
time from fork to the first frame showing "Banks", each run ended with SIGTERM (exit 143).

Text is looked for on a small screen model (cursor moves, erases, wide characters), not in
the raw byte stream, because a diffing renderer may skip unchanged cells inside a word.

Linux only (/proc). Standard library only. Exit status: 0 when every check passed, 1 otherwise.
"""

import argparse
import codecs
import fcntl
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
import unicodedata

COLS, ROWS = 100, 30


class Screen:
    """Just enough of a VT100/xterm to read back what a ratatui app shows."""

    def __init__(self, rows, cols):
        self.rows, self.cols = rows, cols
        self.clear()
        self.row = self.col = 0
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.pending = ""  # an escape sequence cut by a read boundary
        self.replies = []  # bytes the terminal owes the app (cursor position reports)

    def clear(self):
        self.cells = [[" "] * self.cols for _ in range(self.rows)]

    def text(self):
        return "\n".join("".join(c for c in line if c is not None) for line in self.cells)

    def feed(self, data):
        s = self.pending + self.decoder.decode(data)
        self.pending = ""
        i, n = 0, len(s)
        while i < n:
            ch = s[i]
            if ch == "\x1b":
                end = self._escape(s, i)
                if end is None:
                    self.pending = s[i:]
                    return
                i = end
                continue
            if ch == "\r":
                self.col = 0
            elif ch == "\n":
                self.row = min(self.row + 1, self.rows - 1)
            elif ch == "\b":
                self.col = max(self.col - 1, 0)
            elif ch >= " " and ch != "\x7f":
                self._put(ch)
            i += 1

    def _put(self, ch):
        if unicodedata.combining(ch):
            return
        width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if self.col + width > self.cols:
            self.col = 0
            self.row = min(self.row + 1, self.rows - 1)
        self.cells[self.row][self.col] = ch
        if width == 2 and self.col + 1 < self.cols:
            self.cells[self.row][self.col + 1] = None
        self.col += width

    def _escape(self, s, i):
        """Applies the escape sequence at s[i]; the index after it, or None if cut short."""
        if i + 1 >= len(s):
            return None
        kind = s[i + 1]
        if kind == "[":
            j = i + 2
            while j < len(s) and not ("@" <= s[j] <= "~"):
                j += 1
            if j >= len(s):
                return None
            self._csi(s[i + 2 : j], s[j])
            return j + 1
        if kind == "]":  # OSC, ended by BEL or ESC \
            j = i + 2
            while j < len(s):
                if s[j] == "\x07":
                    return j + 1
                if s[j] == "\x1b" and j + 1 < len(s) and s[j + 1] == "\\":
                    return j + 2
                j += 1
            return None
        if kind in "()*+":  # character set designation: one more character
            return i + 3 if i + 2 < len(s) else None
        return i + 2

    def _csi(self, params, final):
        private = params.startswith("?")
        nums = [int(p) if p.isdigit() else 0 for p in params.lstrip("?<=>").split(";")] if params else []

        def arg(k, default=1):
            return nums[k] if len(nums) > k and nums[k] else default

        if private:
            if final in "hl" and any(p in (47, 1047, 1049) for p in nums):
                self.clear()
            return
        if final in "Hf":
            self.row = min(arg(0) - 1, self.rows - 1)
            self.col = min(arg(1) - 1, self.cols - 1)
        elif final == "A":
            self.row = max(self.row - arg(0), 0)
        elif final == "B":
            self.row = min(self.row + arg(0), self.rows - 1)
        elif final == "C":
            self.col = min(self.col + arg(0), self.cols - 1)
        elif final == "D":
            self.col = max(self.col - arg(0), 0)
        elif final == "G":
            self.col = min(arg(0) - 1, self.cols - 1)
        elif final == "d":
            self.row = min(arg(0) - 1, self.rows - 1)
        elif final == "J":
            mode = arg(0, 0)
            if mode in (2, 3):
                self.clear()
            elif mode == 0:
                self.cells[self.row][self.col :] = [" "] * (self.cols - self.col)
                for r in range(self.row + 1, self.rows):
                    self.cells[r] = [" "] * self.cols
            elif mode == 1:
                for r in range(self.row):
                    self.cells[r] = [" "] * self.cols
                self.cells[self.row][: self.col + 1] = [" "] * (self.col + 1)
        elif final == "K":
            mode = arg(0, 0)
            if mode == 0:
                self.cells[self.row][self.col :] = [" "] * (self.cols - self.col)
            elif mode == 1:
                self.cells[self.row][: self.col + 1] = [" "] * (self.col + 1)
            else:
                self.cells[self.row] = [" "] * self.cols
        elif final == "n" and arg(0, 0) == 6:
            self.replies.append(f"\x1b[{self.row + 1};{self.col + 1}R".encode())


class App:
    """The binary running in a pseudo-terminal, its output drained into a Screen."""

    def __init__(self, binary, args, data_dir):
        self.screen = Screen(ROWS, COLS)
        self.bytes_read = 0
        self.status = None
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        env.update(TERM="xterm-256color", PROCTOR_DATA_DIR=data_dir)
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # child: size the terminal before the app can ask, then exec
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
                os.chdir(data_dir)
                os.execve(binary, [binary, *args], env)
            except OSError as e:
                os.write(2, f"cannot start {binary}: {e}\r\n".encode())
            os._exit(127)
        self.pid, self.fd = pid, fd

    def pump(self, timeout):
        """Reads whatever output arrives within `timeout` seconds; False once the pty closed."""
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the app exited and the slave side is closed
            return False
        if not data:
            return False
        self.bytes_read += len(data)
        self.screen.feed(data)
        for reply in self.screen.replies:
            os.write(self.fd, reply)
        self.screen.replies.clear()
        return True

    def wait_for(self, text, timeout):
        """Drains output until the screen shows `text`; the time it first did, or raises."""
        end = time.perf_counter() + timeout
        while True:
            if text in self.screen.text():
                return time.perf_counter()
            left = end - time.perf_counter()
            if left <= 0 or not self.pump(min(left, 0.05)):
                if text in self.screen.text():
                    return time.perf_counter()
                raise RuntimeError(f"timed out waiting for {text!r}; screen:\n{self.screen.text()}")

    def drain_for(self, seconds):
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            if not self.pump(left):
                break

    def send(self, data):
        os.write(self.fd, data)

    def cpu_seconds(self):
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # After "pid (comm)": fields[0] is state (field 3), so utime (14) and stime (15)
        # are fields[11] and fields[12].
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def terminate(self, timeout=5.0):
        """Sends SIGTERM, keeps draining, and returns the exit code (None if it hung)."""
        os.kill(self.pid, signal.SIGTERM)
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = os.waitstatus_to_exitcode(status)
                break
            self.pump(0.02)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)
        return self.status


def idle(binary, seconds, data_dir):
    app = App(binary, ["exam", "netfund-quick", "--seed", "1"], data_dir)
    try:
        app.wait_for("Exam rules", 15)
        app.send(b"\r")
        app.wait_for("Question 1 of", 15)
        before_bytes, before_cpu, t0 = app.bytes_read, app.cpu_seconds(), time.perf_counter()
        app.drain_for(seconds)
        after_cpu, t1 = app.cpu_seconds(), time.perf_counter()
        written = app.bytes_read - before_bytes
        wall = t1 - t0
        pct = 100.0 * (after_cpu - before_cpu) / wall
        print(f"idle CPU on the question screen: {pct:.3f}% of one core over {seconds:g} s")
        print(
            f"bytes written by the app during the window: {written} "
            f"({written / wall:.1f} B/s; CPU {after_cpu - before_cpu:.3f} s in {wall:.2f} s wall, "
            f"resolution {100.0 / os.sysconf('SC_CLK_TCK') / wall:.3f}%)"
        )
    finally:
        code = app.terminate()
    print(f"exit code after SIGTERM: {code} ({'ok' if code == 143 else 'expected 143'})")
    return code == 143


def startup(binary, runs, data_dir):
    times, codes = [], []
    for _ in range(runs):
        app = App(binary, [], data_dir)
        try:
            seen = app.wait_for("Banks", 15)
            times.append((seen - app.started) * 1000.0)
        finally:
            codes.append(app.terminate())
    bad = [c for c in codes if c != 143]
    print(
        f"start-up to first home frame: median {statistics.median(times):.1f} ms over {runs} runs "
        f"(min {min(times):.1f}, max {max(times):.1f})"
    )
    print(f"exit codes after SIGTERM: {'all 143' if not bad else bad}")
    return not bad


def main():
    default = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "target/release/proctor")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary", nargs="?", default=default, help="the proctor binary (default: %(default)s)")
    ap.add_argument("--seconds", type=float, default=20.0, help="idle window in seconds (default 20)")
    ap.add_argument("--startup", action="store_true", help="measure start-up time instead of idle CPU")
    ap.add_argument("--runs", type=int, default=20, help="start-up runs (default 20)")
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"{binary} is not an executable; build it first: cargo build --release")
    data_dir = tempfile.mkdtemp(prefix="proctor-bench-")
    try:
        ok = startup(binary, a.runs, data_dir) if a.startup else idle(binary, a.seconds, data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
