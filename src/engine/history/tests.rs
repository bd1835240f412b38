//! Store tests: journals round-trip, torn tails and mid-file corruption, the atomic index,
//! the lock, and write failures that never damage what is already written.

use chrono::{TimeZone, Utc};

use super::record::FinishRecord;
use super::*;
use crate::engine::session::FinishReason;

use super::tests_support::{answer, start};

#[test]
fn journal_round_trip_and_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let mut j = store.begin(&start("s1")).expect("begin");
    j.append(&answer(0, true, 10)).expect("a0");
    j.append(&answer(1, false, 20)).expect("a1");
    let s = store.read_session(j.path()).expect("read");
    assert_eq!(s.answers().count(), 2);
    assert!(s.finish().is_none());
    let sum = Summary::of(&s);
    assert_eq!((sum.correct, sum.questions, sum.answered), (1, 2, 2));
    assert_eq!(sum.score, 50.0);
    assert_eq!(sum.domains[0].asked, 2);
}

#[test]
fn torn_tail_is_dropped_and_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let mut j = store.begin(&start("s1")).expect("begin");
    j.append(&answer(0, true, 10)).expect("a0");
    let path = j.path().to_owned();
    let mut f = OpenOptions::new().append(true).open(&path).expect("open");
    f.write_all(b"{\"v\":1,\"type\":\"answer\",\"se").expect("tear");
    let s = store.read_session(&path).expect("read");
    assert!(s.journal.torn_tail);
    assert_eq!(s.answers().count(), 1);
    // Continuing the journal cuts the torn line off first.
    let mut j = Journal::reopen(&path, s.journal.good_len).expect("reopen");
    j.append(&answer(1, true, 20)).expect("a1");
    let s = store.read_session(&path).expect("read");
    assert!(!s.journal.torn_tail);
    assert_eq!(s.answers().count(), 2);
}

#[test]
fn corrupt_middle_record_refuses_the_session_without_touching_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let mut j = store.begin(&start("bad")).expect("begin");
    j.append(&answer(0, true, 10)).expect("a0");
    let path = j.path().to_owned();
    let mut f = OpenOptions::new().append(true).open(&path).expect("open");
    f.write_all(b"not json\n").expect("write");
    drop(j);
    let mut j2 = Journal::reopen(&path, fs::metadata(&path).expect("meta").len()).expect("reopen");
    j2.append(&answer(1, true, 20)).expect("a1");
    let before = fs::read(&path).expect("read");
    store.begin(&start("good")).expect("other");
    let scan = store.scan();
    assert_eq!(scan.sessions.len(), 1);
    assert_eq!(scan.problems.len(), 1);
    let msg = scan.problems[0].to_string();
    assert!(msg.contains("bad.jsonl:3: corrupt record"), "{msg}");
    assert_eq!(fs::read(&path).expect("read"), before);
}

#[test]
fn index_is_rebuilt_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    for i in 0..3 {
        let mut j = store.begin(&start(&format!("s{i}"))).expect("begin");
        j.append(&answer(0, i % 2 == 0, 10)).expect("a");
        let t = Utc.with_ymd_and_hms(2026, 3, 1, 9, 5, 0).single().expect("date");
        j.append(&Record::new(Body::Finish(FinishRecord {
            reason: FinishReason::Abandoned,
            finished_at: t,
            clock_anomaly: false,
        })))
        .expect("finish");
    }
    let (first, problems) = store.rebuild_index();
    assert!(problems.is_empty());
    let bytes = fs::read(store.index_path()).expect("index");
    fs::remove_file(store.index_path()).expect("rm");
    assert_eq!(store.summaries(), first);
    assert_eq!(fs::read(store.index_path()).expect("index"), bytes);
    assert_eq!(first.len(), 3);
}

#[test]
fn clock_going_back_is_flagged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let mut j = store.begin(&start("s1")).expect("begin");
    j.append(&answer(0, true, 100)).expect("a0");
    j.append(&answer(1, true, 50)).expect("a1");
    assert!(Summary::of(&store.read_session(j.path()).expect("read")).clock_anomaly);
}

#[test]
fn second_lock_is_refused_with_the_pid() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let lock = store.try_lock().expect("first");
    let other = Store::open(dir.path()).expect("open");
    let err = other.try_lock().expect_err("second");
    assert_eq!(err.to_string(), format!("an exam is in progress in process {}", std::process::id()));
    drop(lock);
    assert!(other.try_lock().is_ok());
}

#[test]
fn write_failure_names_the_path_and_keeps_earlier_records() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    let mut j = store.begin(&start("s1")).expect("begin");
    j.append(&answer(0, true, 10)).expect("a0");
    let path = j.path().to_owned();
    // /dev/full fails every write with "No space left on device".
    let Ok(full) = OpenOptions::new().append(true).open("/dev/full") else { return };
    let mut broken = Journal { path: path.clone(), file: full, good_len: 0, dirty: false };
    let err = broken.append(&answer(1, true, 20)).expect_err("disk full");
    assert!(err.to_string().contains("No space left"), "{err}");
    assert!(err.to_string().contains("s1.jsonl"), "{err}");
    assert_eq!(store.read_session(&path).expect("read").answers().count(), 1);
}

/// The sessions a review looks back through: the bank's finished ones that started
/// before, the latest first, as many as asked.
#[test]
fn earlier_sessions_are_the_latest_first_and_bounded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    for i in 0..4 {
        let mut s = start(&format!("s{i}"));
        s.started_at += chrono::Duration::days(i);
        let mut j = store.begin(&s).expect("begin");
        j.append(&answer(0, true, 10)).expect("a");
        j.append(&super::tests_support::finish(20)).expect("finish");
    }
    store.rebuild_index();
    let all = store.summaries();
    let last = all.iter().find(|x| x.id.contains("s3")).expect("s3");
    let last = store.read_session(&store.journal_path(&last.id)).expect("read");
    let ids = |n| store.earlier_sessions(&last, n).into_iter().map(|s| s.start.session).collect::<Vec<_>>();
    assert_eq!(ids(2), ["s2", "s1"]);
    assert_eq!(ids(100), ["s2", "s1", "s0"]);
}
