#!/usr/bin/env python3
"""Proctor beside quizmd 2.4.4 (a Python terminal quiz app) on the same questions.

Usage: quizmd.py BINARY BANKS_DIR [--runs N] [--venv DIR]

Installs quizmd 2.4.4 (and PyYAML, to read the bank) into a virtual environment under
`--venv` (target/quizmd-venv by default), writes bench-10000.yaml from `cargo bench --bench
gen` as a quizmd Markdown quiz, and measures in one run, alternating the two apps: spawn to
the first frame (Proctor's exam rules, quizmd's "Are you ready to start?") warm and cold
(Proctor's cache removed before each cold run; quizmd keeps none). Prints `key value`
lines for benches/run.sh; when quizmd cannot be installed (no network, no venv module) it
prints `quizmd_skipped REASON` and exits 0.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from process import first_frame  # noqa: E402

QUIZMD = "quizmd==2.4.4"

# Run by the venv's Python (it has PyYAML): bank YAML on argv[1] -> quizmd Markdown on argv[2].
CONVERT = r"""
import sys, yaml
bank = yaml.safe_load(open(sys.argv[1]))
out = [f"# {bank['exam']['title']}", ""]
for i, q in enumerate(bank["questions"], 1):
    opts = q["options"]
    right = [str(k) for k, o in enumerate(opts, 1) if o.get("correct")]
    out += [f"## Question {i}", q["stem"].strip(), ""]
    out += [f"- {o['text']}" for o in opts]
    out += ["", f"Answer: {','.join(right)}", f"Type: {'multiple' if len(right) > 1 else 'single'}", "Time: 60"]
    if q.get("explanation"):
        out.append("Explanation: " + " ".join(q["explanation"].split()))
    out.append("")
open(sys.argv[2], "w").write("\n".join(out))
"""


def venv_with_quizmd(venv):
    """The venv's bin directory with quizmd installed, or raises with the reason."""
    bin_dir = os.path.join(venv, "bin")
    quizmd = os.path.join(bin_dir, "quizmd")
    if os.path.exists(quizmd):
        return bin_dir
    r = subprocess.run([sys.executable, "-m", "venv", venv], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("cannot create a virtual environment: " + r.stderr.strip().splitlines()[-1:][0])
    pip = [os.path.join(bin_dir, "python"), "-m", "pip", "install", "--quiet", QUIZMD, "pyyaml"]
    r = subprocess.run(pip, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        lines = (r.stderr or r.stdout).strip().splitlines()
        raise RuntimeError(f"pip install {QUIZMD} failed: " + (lines[-1] if lines else "no output"))
    return bin_dir


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("banks")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--venv", default=os.path.join("target", "quizmd-venv"))
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    try:
        bin_dir = venv_with_quizmd(os.path.abspath(a.venv))
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        print(f"quizmd_skipped {e}")
        return
    work = tempfile.mkdtemp(prefix="proctor-quizmd-")
    try:
        bank = os.path.join(a.banks, "bench-10000.yaml")
        quiz = os.path.join(work, "bench-10000.md")
        subprocess.run([os.path.join(bin_dir, "python"), "-c", CONVERT, bank, quiz], check=True)
        quizmd = os.path.join(bin_dir, "quizmd")
        data = os.path.join(work, "data")
        os.makedirs(data)
        cache = os.path.join(data, "cache")

        def proctor(cold):
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
            return first_frame(binary, ["exam", bank], data, "Exam rules")[0]

        def quiz_run():
            return first_frame(quizmd, [quiz], work, "Are you ready to start?")[0]

        # Warm-up: fills Proctor's cache and the page cache for both.
        for _ in range(2):
            proctor(False)
            quiz_run()
        time.sleep(2.2)  # past the racily-clean window of the cache's stamps
        warm, cold, theirs = [], [], []
        for _ in range(a.runs):
            warm.append(proctor(False))
            theirs.append(quiz_run())
        for _ in range(max(3, a.runs // 3)):
            cold.append(proctor(True))
        # A cold run leaves a fresh cache: the next warm run is racily clean, so wait.
        time.sleep(2.2)
        m = {
            "proctor_10k_warm_ms": statistics.median(warm),
            "proctor_10k_cold_ms": statistics.median(cold),
            "quizmd_10k_ms": statistics.median(theirs),
        }
        m["quizmd_over_warm"] = m["quizmd_10k_ms"] / m["proctor_10k_warm_ms"]
        m["quizmd_over_cold"] = m["quizmd_10k_ms"] / m["proctor_10k_cold_ms"]
        for k, v in m.items():
            print(f"{k} {v:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
