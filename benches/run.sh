#!/usr/bin/env bash
# Proctor's performance figures in one table, from a release build on this machine.
#
#   bash benches/run.sh            # everything (about 10 minutes on 2 cores)
#   QUICK=1 bash benches/run.sh    # skip the 100,000-question cold loads
#
# Criterion benchmarks (`cargo bench`): loads, draws, screen renders, readiness and listing;
# medians are read from target/criterion/*/new/estimates.json. Process figures: start-up to
# the first frame and idle CPU in a pseudo-terminal (benches/idle_cpu.py), the warm load of
# a 100,000-question bank with its peak memory, `proctor history --format json` over 10,000
# sessions, and the stripped binary's size.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
bin=target/release/proctor
if [ -n "${QUICK:-}" ]; then filter='load/(1000|10000)/|draw|render|sessions'; else filter=''; fi
PROCTOR_BENCH_DUMP="$work" cargo bench --quiet --bench load -- ${filter:+"$filter"} >"$work/load.log" 2>&1
cargo bench --quiet --bench app >"$work/app.log" 2>&1

median() { # criterion id -> median in ms
  python3 -c "import json,sys;print(round(json.load(open(sys.argv[1]))['median']['point_estimate']/1e6, 3))" \
    "target/criterion/$1/new/estimates.json" 2>/dev/null || echo "n/a"
}

# Warm load of 100,000 questions in a fresh process: once to fill the cache, then timed.
data="$work/data"; mkdir -p "$data/banks"
warm_ms=n/a; warm_kb=n/a
if [ -f "$work/bench-100000.yaml" ]; then
  cp "$work/bench-100000.yaml" "$data/banks/"
  PROCTOR_DATA_DIR="$data" "$bin" --max-bank-size 400000000 banks >/dev/null
  read -r warm_s warm_kb < <( { PROCTOR_DATA_DIR="$data" /usr/bin/time -f '%e %M' "$bin" --max-bank-size 400000000 banks >/dev/null; } 2>&1 | tail -1)
  warm_ms=$(python3 -c "print(round($warm_s*1000))")
  rm -f "$data/banks/bench-100000.yaml"
fi

# 10,000 sessions in the index, listed by a fresh process (median of 10 runs).
python3 - "$data" <<'PY'
import json, sys, datetime
root = sys.argv[1]
t0 = datetime.datetime(2025, 1, 1, 9, tzinfo=datetime.timezone.utc)
ids = ["network", "cloud", "concepts", "content", "access", "endpoint"]
out = []
for i in range(10000):
    c = 50 + (i * 7919) % 40
    s = (t0 + datetime.timedelta(hours=i)).isoformat().replace("+00:00", "Z")
    out.append({"id": f"s{i:05}", "bank_id": "ccnp-scor", "bank_title": "CCNP Security Core (SCOR) practice",
        "mode": "simulation", "full_length": True, "seed": i, "started_at": s, "finished_at": s,
        "finish": "completed", "questions": 90, "answered": 90, "correct": c, "score": round(c * 100 / 90, 1),
        "passing_score": 70, "target": 80, "passed": c * 100 >= 6300,
        "domains": [{"id": d, "name": d, "asked": 15, "correct": (c // 6 + k) % 16} for k, d in enumerate(ids)],
        "clock_anomaly": False, "torn_tail": False, "unconfirmed": 0})
json.dump(out, open(f"{root}/index.json", "w"))
PY
mkdir -p "$data/sessions"
history_ms=$(python3 - "$bin" "$data" <<'PY'
import os, statistics, subprocess, sys, time
bin, data = sys.argv[1], sys.argv[2]
env = dict(os.environ, PROCTOR_DATA_DIR=data)
times = []
for _ in range(10):
    t = time.perf_counter()
    subprocess.run([bin, "history", "--format", "json"], env=env, stdout=subprocess.DEVNULL, check=True)
    times.append((time.perf_counter() - t) * 1000)
print(round(statistics.median(times), 1))
PY
)

startup=$(python3 benches/idle_cpu.py "$bin" --startup --runs 20 | sed -n 's/.*median \([0-9.]*\) ms.*/\1/p')
idle=$(python3 benches/idle_cpu.py "$bin" --seconds 20 | sed -n 's/.*screen: \([0-9.]*\)% .*/\1/p')
size_kb=$(( $(stat -c %s "$bin") / 1024 ))

cold=$(median load_10000/cold_load_validate); bare=$(median load_10000/bare_typed_parse); warm=$(median load_10000/warm_load_cached)
ratio=$(python3 -c "print(round($cold/$bare, 2))" 2>/dev/null || echo n/a)
speedup=$(python3 -c "print(round($cold/$warm, 1))" 2>/dev/null || echo n/a)

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d)"
echo
echo "| what | measured (median) | target |"
echo "|---|---|---|"
echo "| cold load + validate, 10,000 questions | $cold ms ($ratio× serde_yaml's bare typed parse, $bare ms) | within 1.2× |"
echo "| cold load + validate, 1,000 / 100,000 questions | $(median load_1000/cold_load_validate) ms / $(median load_100000/cold_load_validate) ms | — |"
echo "| warm load (cache hit), 10,000 questions | $warm ms ($speedup× faster than cold) | < 40 ms, ≥ 10× |"
echo "| warm load, 100,000 questions (whole process) | $warm_ms ms, peak $((${warm_kb/n\/a/0} / 1024)) MB | < 400 ms, < 600 MB |"
echo "| draw a 90-question paper from 100,000 | $(median draw_full_paper/100000) ms | < 5 ms |"
echo "| render question screen 120x40 / 240x70 | $(median render/question_120x40) / $(median render/question_240x70) ms | < 0.3 / 0.6 ms |"
echo "| render results, review, progress 120x40 | $(median render/results_120x40) / $(median render/review_120x40) / $(median render/progress_120x40) ms | — |"
echo "| readiness / progress figures over 10,000 sessions | $(median sessions_10000/readiness) / $(median sessions_10000/progress_figures) ms | < 100 ms |"
echo "| \`proctor history --format json\`, 10,000 sessions | $history_ms ms | < 300 ms |"
echo "| start-up to the first frame of the home screen | $startup ms | < 60 ms |"
echo "| idle CPU on the question screen (20 s) | $idle % of one core | < 0.1% |"
echo "| release binary (stripped) | $size_kb KiB | < 8 MB |"
