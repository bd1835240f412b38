//! Saving what the candidate does, as it happens. The events a session returns go through
//! the engine's `Recorder`; each record is appended and fsynced before the next frame. A
//! failed write is reported ("answer NOT saved") and retried with every later write while
//! the records wait in memory, in order — the start record included, so a session whose
//! first write failed is still saved once the disk has room again.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use crate::engine::history::{Body, ExamLock, Journal, Record, Recorder, Store, StoreError, Stored, Summary};
use crate::engine::session::{Event, Session};

/// What a write (or retry) did, for the status line and the home screen.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Flushed {
    /// Something the candidate must know: a write failed and will be retried.
    pub problem: Option<String>,
    /// A session's journal was completed (its finish written and indexed).
    pub finished: Option<PathBuf>,
}

/// The store side of a running app: the journal being written, the exam lock, and the
/// records not written yet.
#[derive(Debug, Default)]
pub struct Journaling {
    store: Option<Store>,
    recorder: Option<Recorder>,
    journal: Option<Journal>,
    lock: Option<ExamLock>,
    pending: VecDeque<Record>,
    /// Causes confirmed in review, not yet written: (journal, record).
    diagnoses: VecDeque<(PathBuf, Record)>,
    /// The journal of the session finished last, for its review.
    last_journal: Option<PathBuf>,
    /// Why the last write failed, while records wait.
    last_error: Option<String>,
}

/// Records that could not be written before the app ended, kept somewhere else.
#[derive(Debug)]
pub struct Rescued {
    /// Answers among them.
    pub answers: usize,
    /// All records among them (start, answers, finish, causes).
    pub records: usize,
    /// Why they could not be written where they belong.
    pub reason: String,
    /// Where they are now (a journal that can be moved into `sessions/`), or why nowhere.
    pub kept: Result<PathBuf, String>,
    /// The records as journal lines, for printing when no file would take them.
    pub lines: String,
}

impl Journaling {
    pub fn new(store: Option<Store>) -> Journaling {
        Journaling { store, ..Journaling::default() }
    }

    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// The journal of the session finished last.
    pub fn last_journal(&self) -> Option<&Path> {
        self.last_journal.as_deref()
    }

    /// Takes the exam lock before the clock starts; the reason when another Proctor
    /// holds it. Without a store there is nothing to protect.
    pub fn acquire_lock(&mut self) -> Result<(), StoreError> {
        let Some(store) = &self.store else { return Ok(()) };
        if self.lock.is_none() {
            self.lock = Some(store.try_lock()?);
        }
        Ok(())
    }

    pub fn release_lock(&mut self) {
        self.lock = None;
    }

    /// A new paper is on the rules screen: its events will be recorded by `recorder`.
    /// Records of an earlier session still waiting stay queued ahead of this one's.
    pub fn prepare(&mut self, recorder: Recorder) {
        self.recorder = Some(recorder);
    }

    /// Continues the journal of an interrupted session.
    pub fn resume(&mut self, s: &Stored) -> Result<(), StoreError> {
        self.journal = Some(Journal::reopen(&s.path, s.journal.good_len)?);
        self.recorder = Some(Recorder::resuming(s.start.clone()));
        Ok(())
    }

    /// Records what `event` did to `session`, then writes everything waiting.
    /// Without a store the records are kept all the same, for `rescue` at exit.
    pub fn record(&mut self, event: Event, session: &Session) -> Flushed {
        if let Some(r) = &mut self.recorder {
            self.pending.extend(r.record(event, session));
        }
        self.flush()
    }

    /// Queues a cause confirmed in review for the journal at `path`.
    pub fn queue_diagnosis(&mut self, path: PathBuf, record: Record) {
        if self.store.is_some() {
            self.diagnoses.push_back((path, record));
        }
    }

    /// Writes everything waiting, oldest first; stops at the first failure, which is
    /// retried on the next call.
    pub fn flush(&mut self) -> Flushed {
        let mut out = Flushed::default();
        let Some(store) = self.store.clone() else {
            self.last_error.get_or_insert_with(|| "no usable data directory".into());
            return out;
        };
        if let Err(e) = self.write_diagnoses(&store) {
            out.problem = Some(format!("cause NOT saved: {}; retrying on your next key", e.report()));
            self.last_error = Some(e.report());
            return out;
        }
        while let Some(r) = self.pending.front_mut() {
            let finish = matches!(r.body, Body::Finish(_));
            let written = if let Some(j) = &mut self.journal {
                j.append(r)
            } else if let Body::Start(start) = &mut r.body {
                store.begin_unique(start).map(|j| self.journal = Some(j))
            } else {
                // Records wait for their start record (never the case in practice).
                break;
            };
            if let Err(e) = written {
                let what = if self.journal.is_none() { "session" } else { "answer" };
                out.problem = Some(format!("{what} NOT saved: {}; retrying on your next key", e.report()));
                self.last_error = Some(e.report());
                return out;
            }
            self.last_error = None;
            self.pending.pop_front();
            if finish && let Some(j) = self.journal.take() {
                let path = j.path().to_owned();
                if let Ok(s) = store.read_session(&path) {
                    let _ = store.update_index(Summary::of(&s));
                }
                self.last_journal = Some(path.clone());
                self.recorder = None;
                self.lock = None;
                out.finished = Some(path);
            }
        }
        out
    }

    /// At exit: tries once more, and keeps whatever still could not be written in a rescue
    /// file in the first of `dirs` that takes it, so nothing the candidate did is lost
    /// silently. `None` when everything is saved.
    pub fn rescue(&mut self, dirs: &[PathBuf]) -> Option<Rescued> {
        self.flush();
        let mut records: Vec<Record> = self.pending.iter().cloned().collect();
        records.extend(self.diagnoses.iter().map(|(_, r)| r.clone()));
        if records.is_empty() {
            return None;
        }
        let answers = records.iter().filter(|r| matches!(r.body, Body::Answer(_))).count();
        let name = match records.iter().find_map(|r| match &r.body {
            Body::Start(s) => Some(s.session.clone()),
            _ => None,
        }) {
            Some(id) => format!("rescued-{id}.jsonl"),
            None => match &self.journal {
                Some(j) => {
                    format!("rescued-{}", j.path().file_name().and_then(|n| n.to_str()).unwrap_or("session.jsonl"))
                }
                None => "rescued-records.jsonl".to_owned(),
            },
        };
        let mut text = Vec::new();
        for r in &records {
            if let Ok(mut line) = serde_json::to_vec(r) {
                line.push(b'\n');
                text.extend(line);
            }
        }
        let mut tried = Vec::new();
        let mut kept = Err(String::new());
        for dir in dirs {
            let path = dir.join(&name);
            match write_new(&path, &text) {
                Ok(()) => {
                    kept = Ok(path);
                    break;
                }
                Err(e) => tried.push(format!("{}: {e}", path.display())),
            }
        }
        if let Err(why) = &mut kept {
            *why = tried.join("; ");
        }
        let reason = self.last_error.clone().unwrap_or_else(|| "the journal could not be written".into());
        let lines = String::from_utf8_lossy(&text).into_owned();
        Some(Rescued { answers, records: records.len(), reason, kept, lines })
    }

    /// Appends confirmed causes to their (finished) journals and refreshes the index.
    fn write_diagnoses(&mut self, store: &Store) -> Result<(), StoreError> {
        while let Some((path, r)) = self.diagnoses.front() {
            // After the last complete record: a torn tail is cut off, never written after;
            // a journal this build cannot read is refused.
            let good_len = crate::engine::history::journal::read(path)?.good_len;
            Journal::reopen(path, good_len)?.append(r)?;
            if let Ok(s) = store.read_session(path) {
                let _ = store.update_index(Summary::of(&s));
            }
            self.diagnoses.pop_front();
        }
        Ok(())
    }
}

/// Writes `data` to a new file at `path`, durably.
fn write_new(path: &Path, data: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(data)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::engine::blueprint::{draw, full_counts, rng_from_seed};
    use crate::engine::session::{Command, Mode, Settings};

    const MINI: &str = include_str!("../../tests/fixtures/banks/valid/mini.yaml");

    /// The mini bank and a full simulation of it (seed 3), not started.
    fn mini_session() -> (crate::engine::bank::LoadedBank, Session) {
        let loaded = crate::engine::bank::load::load_str("mini.yaml", MINI).expect("bank");
        let bank = &loaded.bank;
        let paper = draw(bank, &full_counts(bank, 4), &mut rng_from_seed(3)).expect("draw");
        let settings = Settings { mode: Mode::Simulation, limit_secs: Some(600), feedback: false, full_length: true };
        let session = Session::new(bank, paper, settings);
        (loaded, session)
    }

    /// The first record failing (no room for the journal) used to lose the whole session:
    /// now every record waits in order and is written once the store works again.
    #[test]
    fn a_failed_start_record_is_retried_with_the_answers_behind_it() {
        let (loaded, mut session) = mini_session();
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let mut j = Journaling::new(Some(store.clone()));
        j.prepare(Recorder::new(&loaded, &session, 3));
        // The sessions directory is not a directory: no journal can be created.
        std::fs::remove_dir(store.sessions_dir()).expect("rmdir");
        std::fs::write(store.sessions_dir(), "").expect("a file in its place");
        let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date");
        let e = session.apply(Command::Start, t0).expect("start");
        let f = j.record(e, &session);
        assert!(f.problem.as_deref().is_some_and(|p| p.starts_with("session NOT saved")), "{f:?}");
        let mut now = t0;
        for _ in 0..2 {
            now += Duration::seconds(20);
            session.apply(Command::Select(0), now).expect("select");
            let e = session.apply(Command::Submit { confirmed: true }, now).expect("submit");
            assert!(j.record(e, &session).problem.is_some(), "still failing");
        }
        // Room again: the next write takes everything, in order.
        std::fs::remove_file(store.sessions_dir()).expect("rm");
        std::fs::create_dir(store.sessions_dir()).expect("mkdir");
        assert_eq!(j.flush(), Flushed::default());
        let sessions = store.scan().sessions;
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].answers().count(), 2);
        assert_eq!(sessions[0].start.started_at, t0);
    }

    /// A cause confirmed in review reopened the journal at its full length, so a torn
    /// last line stayed in front of the diagnosis and the session turned corrupt.
    #[test]
    fn confirming_a_cause_after_a_torn_tail_keeps_the_session_readable() {
        use std::io::Write as _;
        let (loaded, mut session) = mini_session();
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let mut j = Journaling::new(Some(store.clone()));
        j.prepare(Recorder::new(&loaded, &session, 3));
        let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date");
        j.record(session.apply(Command::Start, t0).expect("start"), &session);
        j.record(session.apply(Command::Abandon, t0 + Duration::seconds(5)).expect("abandon"), &session);
        let path = j.last_journal().expect("finished").to_owned();
        std::fs::OpenOptions::new().append(true).open(&path).expect("open").write_all(b"{\"v\":1,\"ty").expect("tear");
        let diagnosis = Record::new(Body::Diagnosis(crate::engine::history::record::DiagnosisRecord {
            item: 0,
            question: session.answers()[0].question.clone(),
            cause: crate::engine::diagnosis::Suggested::NotReached,
            note: None,
            at: t0 + Duration::seconds(60),
        }));
        j.queue_diagnosis(path.clone(), diagnosis);
        assert_eq!(j.flush(), Flushed::default());
        let s = store.read_session(&path).expect("still readable");
        assert!(!s.journal.torn_tail);
        assert_eq!(s.confirmed().len(), 1);
    }

    #[test]
    fn records_that_cannot_be_written_are_rescued_at_exit() {
        let (loaded, mut session) = mini_session();
        // No data directory at all: the records still wait in memory.
        let mut j = Journaling::new(None);
        j.prepare(Recorder::new(&loaded, &session, 3));
        let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date");
        j.record(session.apply(Command::Start, t0).expect("start"), &session);
        session.apply(Command::Select(0), t0).expect("select");
        j.record(session.apply(Command::Submit { confirmed: true }, t0).expect("submit"), &session);
        let rescue = tempfile::tempdir().expect("tempdir");
        let unwritable = std::path::PathBuf::from("/proc/no-such-dir");
        let r = j.rescue(&[unwritable, rescue.path().to_owned()]).expect("something to rescue");
        assert_eq!((r.records, r.answers), (2, 1));
        let kept = r.kept.expect("kept");
        assert!(kept.starts_with(rescue.path()));
        let read = crate::engine::history::journal::read(&kept).expect("a journal");
        assert_eq!(read.records.len(), 2);
    }
}
