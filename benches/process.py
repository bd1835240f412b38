#!/usr/bin/env python3
"""Whole-process figures, as the candidate feels them: spawn to first frame in a pseudo-terminal.

Usage: process.py BINARY BANKS_DIR [--runs N]

BANKS_DIR holds bench-1000.yaml, bench-10000.yaml and (optionally) bench-100000.yaml from
`cargo bench --bench gen`. Each figure is the median of N runs after warm-up runs that
fill the caches (and a pause past the cache's racily-clean window, so the warm runs are
the ones a candidate gets every day). Peak memory is the child's maximum resident set.
Prints one `key value` line per figure, for benches/run.sh.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from idle_cpu import App  # noqa: E402  (the pty driver and screen model)


def stop(app):
    """SIGTERM, drain, reap; the child's peak RSS in KiB."""
    os.kill(app.pid, signal.SIGTERM)
    end = time.perf_counter() + 5
    while time.perf_counter() < end:
        pid, _status, usage = os.wait4(app.pid, os.WNOHANG)
        if pid:
            os.close(app.fd)
            return usage.ru_maxrss
        app.pump(0.02)
    os.kill(app.pid, signal.SIGKILL)
    _, _, usage = os.wait4(app.pid, 0)
    os.close(app.fd)
    return usage.ru_maxrss


def first_frame(binary, args, data, text, then=None):
    """ms from spawn until `text` is on screen; with `then=(keys, text2)` also ms from the
    keys to `text2`; and peak RSS in KiB."""
    app = App(binary, args, data)
    try:
        ms = (app.wait_for(text, 30) - app.started) * 1000.0
        key_ms = None
        if then:
            keys, text2 = then
            t = time.perf_counter()
            app.send(keys)
            key_ms = (app.wait_for(text2, 30) - t) * 1000.0
    finally:
        rss = stop(app)
    return ms, key_ms, rss


def measure(binary, args, data, text, runs, then=None):
    for _ in range(2):  # fill the caches
        first_frame(binary, args, data, text, then)
    time.sleep(2.2)  # past the racily-clean window of the cache's stamps
    first_frame(binary, args, data, text, then)
    got = [first_frame(binary, args, data, text, then) for _ in range(runs)]
    ms = statistics.median(g[0] for g in got)
    key = statistics.median(g[1] for g in got) if then else None
    rss = statistics.median(g[2] for g in got) / 1024.0
    return ms, key, rss


def measure_cold(binary, args, data, text, runs):
    """As `measure`, with the cache removed before every run: the first start with a bank."""
    got = []
    for _ in range(runs):
        shutil.rmtree(os.path.join(data, "cache"), ignore_errors=True)
        got.append(first_frame(binary, args, data, text))
    return statistics.median(g[0] for g in got), statistics.median(g[2] for g in got) / 1024.0


def sessions_index(root, n):
    """`n` finished sessions of the bundled ccnp-scor bank in index.json."""
    import datetime

    t0 = datetime.datetime(2025, 1, 1, 9, tzinfo=datetime.timezone.utc)
    ids = ["network", "cloud", "concepts", "content", "access", "endpoint"]
    out = []
    for i in range(n):
        c = 50 + (i * 7919) % 40
        s = (t0 + datetime.timedelta(hours=i)).isoformat().replace("+00:00", "Z")
        out.append({"id": f"s{i:05}", "bank_id": "ccnp-scor", "bank_title": "CCNP Security Core (SCOR) practice",
            "mode": "simulation", "full_length": True, "seed": i, "started_at": s, "finished_at": s,
            "finish": "completed", "questions": 90, "answered": 90, "correct": c, "score": round(c * 100 / 90, 1),
            "passing_score": 70, "target": 80, "passed": c * 100 >= 6300,
            "domains": [{"id": d, "name": d, "asked": 15, "correct": (c // 6 + k) % 16} for k, d in enumerate(ids)],
            "clock_anomaly": False, "torn_tail": False, "unconfirmed": 0})
    os.makedirs(os.path.join(root, "sessions"), exist_ok=True)
    with open(os.path.join(root, "index.json"), "w") as f:
        json.dump(out, f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("banks")
    ap.add_argument("--runs", type=int, default=15)
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    work = tempfile.mkdtemp(prefix="proctor-process-")
    try:
        def data(name):
            d = os.path.join(work, name)
            os.makedirs(d, exist_ok=True)
            return d

        out = {}
        ms, _, rss = measure(binary, [], data("empty"), "Banks", a.runs)
        out["home_empty_ms"], out["home_empty_mb"] = ms, rss

        bank = os.path.join(a.banks, "bench-10000.yaml")
        ms, _, rss = measure(binary, ["exam", bank], data("exam10k"), "Exam rules", a.runs)
        out["exam_10k_ms"], out["exam_10k_mb"] = ms, rss

        ms, rss = measure_cold(binary, ["exam", bank], data("exam10k-cold"), "Exam rules", max(5, a.runs // 3))
        out["exam_10k_cold_ms"], out["exam_10k_cold_mb"] = ms, rss

        big = os.path.join(a.banks, "bench-100000.yaml")
        if os.path.exists(big):
            args = ["--max-bank-size", "400000000", "exam", big]
            ms, _, rss = measure(binary, args, data("exam100k"), "Exam rules", max(5, a.runs // 3))
            out["exam_100k_ms"], out["exam_100k_mb"] = ms, rss
            ms, rss = measure_cold(binary, args, data("exam100k-cold"), "Exam rules", 3)
            out["exam_100k_cold_ms"], out["exam_100k_cold_mb"] = ms, rss

        # 20 user banks of 1,000 questions each, each with its own id.
        d = data("home20")
        os.makedirs(os.path.join(d, "banks"), exist_ok=True)
        with open(os.path.join(a.banks, "bench-1000.yaml")) as f:
            text = f.read()
        for i in range(20):
            with open(os.path.join(d, "banks", f"user-{i:02}.yaml"), "w") as f:
                f.write(text.replace("id: bench-1000\n", f"id: user-{i:02}\n", 1))
        ms, _, rss = measure(binary, [], d, "Banks", a.runs)
        out["home_20_banks_ms"], out["home_20_banks_mb"] = ms, rss

        d = data("sessions10k")
        sessions_index(d, 10000)
        ms, key, rss = measure(binary, [], d, "Banks", a.runs, then=(b"p", "Progress ·"))
        out["home_10k_sessions_ms"], out["progress_key_ms"], out["home_10k_sessions_mb"] = ms, key, rss

        env = dict(os.environ, PROCTOR_DATA_DIR=d)
        times = []
        for i in range(a.runs + 2):
            t = time.perf_counter()
            subprocess.run([binary, "history"], env=env, cwd=d, stdout=subprocess.DEVNULL, check=True)
            if i >= 2:
                times.append((time.perf_counter() - t) * 1000.0)
        out["history_10k_ms"] = statistics.median(times)
        for k, v in out.items():
            print(f"{k} {v:.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
