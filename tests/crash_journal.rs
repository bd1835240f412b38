//! SIGKILL at random points while answers are being journaled, 200 times: every answer
//! reported saved is in the journal, and no journal is ever unreadable (at most its last,
//! torn line is dropped).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use proctor::engine::bank::{DomainId, QuestionId};
use proctor::engine::history::record::{AnswerRecord, ExamInfo, FrozenItem};
use proctor::engine::history::{Body, Record, StartRecord, Store};
use proctor::engine::session::{Answer, Mode, Settings};

const CHILD: &str = "PROCTOR_CRASH_CHILD_DIR";

fn start() -> StartRecord {
    let t = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date");
    StartRecord {
        session: "crash".into(),
        bank_id: "b".into(),
        bank_title: "B".into(),
        bank_sha256: String::new(),
        bank_source: String::new(),
        mode: Mode::Simulation,
        seed: 0,
        settings: Settings { mode: Mode::Simulation, limit_secs: None, feedback: false, full_length: false },
        exam: ExamInfo { questions: 1, minutes: 1, passing_score: 50, buffer: 0 },
        domains: vec![(DomainId("d".into()), "D".into())],
        paper: vec![FrozenItem {
            kind: Default::default(),
            partial: false,
            accepted: Vec::new(),
            testlet: None,
            question: QuestionId("q".into()),
            domain: DomainId("d".into()),
            order: vec![0, 1],
            correct: vec![0],
            choose: 1,
            new: None,
            read_secs: None,
        }],
        started_at: t,
        deadline: None,
    }
}

/// The child: journals answers forever, printing "saved N" after each fsync.
fn child(dir: &str) {
    let store = Store::open(std::path::Path::new(dir)).expect("store");
    let mut j = store.begin(&start()).expect("begin");
    let mut out = std::io::stdout().lock();
    for i in 0.. {
        let r = Record::new(Body::Answer(AnswerRecord {
            seq: i,
            answer: Answer {
                typed: None,
                credit: None,
                item: i,
                question: QuestionId(format!("q{i}")),
                selection: vec![0],
                correct: true,
                seconds: 1.0,
                changed: false,
                held_correct: true,
                guess: false,
                unanswered: None,
                at: Utc::now(),
            },
        }));
        j.append(&r).expect("append");
        writeln!(out, "saved {}", i + 1).expect("stdout");
        out.flush().expect("flush");
    }
}

#[test]
fn sigkill_never_loses_a_saved_answer() {
    if let Ok(dir) = std::env::var(CHILD) {
        child(&dir);
        return;
    }
    let exe = std::env::current_exe().expect("exe");
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for run in 0..200 {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut c = Command::new(&exe)
            .args(["--exact", "sigkill_never_loses_a_saved_answer", "--nocapture", "--test-threads=1"])
            .env(CHILD, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        // xorshift: a different, reproducible kill point each run: once the child has
        // reported 1 to 300 saves (at thousands a second, about the first 30 ms of saving).
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let target = 1 + (x % 300) as usize;
        // The child's reports, read on a thread so that every wait here is bounded.
        let out = c.stdout.take().expect("stdout");
        let (tx, reports) = mpsc::channel();
        let reader = thread::spawn(move || {
            for l in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(n) = l.strip_prefix("saved ") {
                    let _ = tx.send(n.parse::<usize>().expect("n"));
                }
            }
        });
        let mut saved = 0usize;
        let deadline = Instant::now() + Duration::from_secs(10);
        while saved < target {
            match reports.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(n) => saved = n,
                Err(_) => break,
            }
        }
        c.kill().expect("kill");
        c.wait().expect("wait");
        // The rest of what it reported before it died (the reader ends at end of file).
        reader.join().expect("reader");
        if let Some(n) = reports.try_iter().last() {
            saved = n;
        }
        let store = Store::open(dir.path()).expect("store");
        let s = store
            .read_session(&store.journal_path("crash"))
            .unwrap_or_else(|e| panic!("run {run}: unreadable journal: {e}"));
        let kept = s.answers().count();
        assert!(kept >= saved, "run {run}: {saved} reported saved, {kept} in the journal");
    }
}
