//! Regression tests of the store's fault cases, each named after the defect it guards:
//! journals of a newer version, complete but unparseable lines, copies of a journal, a
//! missing sessions directory, a finished session missing from the index, concurrent index
//! writers, a FIFO among the journals, and a clock set back before a resume.

use std::fs::{self, OpenOptions};
use std::io::Write;

use chrono::Duration;

use super::tests_support::{answer, finish, start};
use super::*;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    (dir, store)
}

/// A finished session of two answers, id `id`, and its journal's path.
fn finished(store: &Store, id: &str) -> PathBuf {
    let mut j = store.begin(&start(id)).expect("begin");
    j.append(&answer(0, true, 10)).expect("a0");
    j.append(&answer(1, false, 20)).expect("a1");
    j.append(&finish(30)).expect("finish");
    j.path().to_owned()
}

#[test]
fn a_journal_written_by_a_newer_version_is_refused_not_read_as_v1() {
    let (_d, store) = store();
    let path = finished(&store, "s1");
    let text = fs::read_to_string(&path).expect("read");
    let newer = text.replacen("{\"v\":1,\"type\":\"answer\"", "{\"v\":99,\"type\":\"answer\"", 1);
    fs::write(&path, &newer).expect("write");
    let err = store.read_session(&path).expect_err("refused");
    assert!(err.to_string().contains("written by a newer Proctor"), "{err}");
    assert!(err.to_string().contains(":2:"), "names the line: {err}");
    assert_eq!(fs::read_to_string(&path).expect("read"), newer, "left untouched");
    assert_eq!(store.scan().problems.len(), 1, "doctor sees it");
}

#[test]
fn a_complete_line_that_does_not_parse_is_corrupt_not_a_torn_tail() {
    let (_d, store) = store();
    let mut j = store.begin(&start("s1")).expect("begin");
    j.append(&answer(0, true, 10)).expect("a0");
    let path = j.path().to_owned();
    OpenOptions::new().append(true).open(&path).expect("open").write_all(b"{\"v\":1,\"type\":\"answ\"}\n").expect("w");
    let before = fs::read(&path).expect("read");
    let err = store.read_session(&path).expect_err("corrupt");
    assert!(matches!(err, StoreError::Corrupt { line: 3, .. }), "{err}");
    assert_eq!(fs::read(&path).expect("read"), before, "never truncated");
}

#[test]
fn an_append_after_a_failed_write_first_cuts_the_partial_line_off() {
    let (_d, store) = store();
    let mut j = store.begin(&start("s1")).expect("begin");
    j.append(&answer(0, true, 10)).expect("a0");
    let path = j.path().to_owned();
    // A partial line left behind by a write whose rollback failed.
    OpenOptions::new().append(true).open(&path).expect("open").write_all(b"{\"v\":1,\"ty").expect("tear");
    j.dirty = true;
    j.append(&answer(1, true, 20)).expect("a1");
    let s = store.read_session(&path).expect("read");
    assert!(!s.journal.torn_tail);
    assert_eq!(s.answers().count(), 2);
}

#[test]
fn a_copied_journal_is_counted_once_and_reported() {
    let (_d, store) = store();
    let path = finished(&store, "s1");
    let copy = store.sessions_dir().join("backup-of-s1.jsonl");
    fs::copy(&path, &copy).expect("copy");
    let scan = store.scan();
    assert_eq!(scan.sessions.len(), 1);
    assert_eq!(scan.sessions[0].path, path, "the journal named after its id is the session");
    assert!(
        matches!(&scan.problems[..], [StoreError::Duplicate { path: p, first, .. }] if *p == copy && *first == path),
        "{:?}",
        scan.problems
    );
    assert_eq!(store.rebuild_index().0.len(), 1);
}

#[test]
fn rebuilding_without_the_sessions_directory_keeps_the_index() {
    let (_d, store) = store();
    finished(&store, "s1");
    finished(&store, "s2");
    assert_eq!(store.rebuild_index().0.len(), 2);
    fs::rename(store.sessions_dir(), store.root().join("moved-away")).expect("move");
    let (kept, problems) = store.rebuild_index();
    assert_eq!(kept.len(), 2, "the index is kept");
    assert_eq!(store.read_index().map(|i| i.len()), Some(2));
    assert!(problems.iter().any(|p| p.to_string().contains("was kept")), "{problems:?}");
}

#[test]
fn a_finished_session_missing_from_the_index_is_indexed_at_start_up() {
    let (_d, store) = store();
    let first = finished(&store, "s1");
    store.update_index(Summary::of(&store.read_session(&first).expect("s1"))).expect("index");
    // Killed between the journal's finish and the index rename: s2 is not in the index,
    // and the rewrite left its temporary file.
    finished(&store, "s2");
    let stale = store.root().join(".index.json.4000000.tmp");
    fs::write(&stale, "[").expect("stale temp");
    assert_eq!(store.summaries().len(), 1);
    assert_eq!(store.reconcile().expect("reconcile"), 1);
    let ids: Vec<String> = store.summaries().into_iter().map(|s| s.id).collect();
    assert!(ids.contains(&"s1".to_owned()) && ids.contains(&"s2".to_owned()), "{ids:?}");
    assert!(!stale.exists(), "a dead process's temp file is removed");
    assert_eq!(store.reconcile().expect("again"), 0, "nothing left to do");
}

#[test]
fn concurrent_index_updates_keep_every_session() {
    let (_d, store) = store();
    let paths: Vec<PathBuf> = (0..16).map(|i| finished(&store, &format!("s{i:02}"))).collect();
    let summaries: Vec<Summary> = paths.iter().map(|p| Summary::of(&store.read_session(p).expect("s"))).collect();
    store.write_index(&[]).expect("empty index");
    std::thread::scope(|scope| {
        for chunk in summaries.chunks(4) {
            let store = store.clone();
            scope.spawn(move || {
                for s in chunk {
                    store.update_index(s.clone()).expect("update");
                }
            });
        }
    });
    assert_eq!(store.read_index().map(|i| i.len()), Some(16), "no writer lost another's session");
}

#[test]
fn a_fifo_named_like_a_journal_is_refused_without_hanging() {
    let (_d, store) = store();
    finished(&store, "s1");
    let fifo = store.sessions_dir().join("pipe.jsonl");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available here");
        return;
    }
    let scan = store.scan();
    assert_eq!(scan.sessions.len(), 1);
    assert!(scan.problems.iter().any(|p| p.to_string().contains("not a regular file")), "{:?}", scan.problems);
    assert!(store.unfinished_and_unreadable().1.iter().any(|p| p.to_string().contains("not a regular file")));
}

#[test]
fn a_clock_set_back_gains_no_time_on_resume() {
    let (_d, store) = store();
    let mut j = store.begin(&start("s1")).expect("begin");
    j.append(&answer(0, true, 400)).expect("a0");
    let s = store.read_session(j.path()).expect("read");
    let t0 = s.start.started_at;
    // The wall clock now reads 100 s after the start, though an answer was made at 400 s.
    let now = t0 + Duration::seconds(100);
    assert_eq!(s.effective_now(now), t0 + Duration::seconds(400));
    let left = s.start.deadline.expect("timed") - s.effective_now(now);
    assert_eq!(left.num_seconds(), 200, "600 s exam, 400 s used");
}

#[test]
fn answers_faster_than_their_reading_time_make_a_session_rushed() {
    let (_d, store) = store();
    let mut st = start("s1");
    for item in &mut st.paper {
        item.read_secs = Some(30);
        item.new = Some(true);
    }
    let mut j = store.begin(&st).expect("begin");
    // Both answers in 5 s, under 40% of the 30 s it takes to read each question.
    j.append(&answer(0, true, 5)).expect("a0");
    j.append(&answer(1, false, 10)).expect("a1");
    j.append(&finish(10)).expect("finish");
    let s = Summary::of(&store.read_session(j.path()).expect("read"));
    assert!(s.rushed);
    assert_eq!(s.new_questions, Some(2));
    assert_eq!(s.fresh_score, Some(50.0));
    assert!(crate::engine::readiness::not_counted(&s).is_some_and(|why| why.starts_with("rushed")));
}

/// The question on screen when time ran out showed "00:00 spent" in the review.
#[test]
fn the_question_on_screen_at_time_up_keeps_its_time() {
    let (_d, store) = store();
    let mut j = store.begin(&start("s1")).expect("begin");
    j.append(&answer(0, true, 100)).expect("a0");
    j.append(&Record::new(Body::Finish(record::FinishRecord {
        reason: crate::engine::session::FinishReason::TimeUp,
        finished_at: start("s1").deadline.expect("timed"),
        clock_anomaly: false,
    })))
    .expect("finish");
    let s = store.read_session(j.path()).expect("read");
    let all = s.complete_answers();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].seconds, 500.0, "from the last answer at 100 s to the deadline at 600 s");
}
