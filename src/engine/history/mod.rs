//! The history store: plain files under the data directory, readable and easy to back up.
//!
//! - `sessions/<id>.jsonl`: one append-only journal per session (see `record`).
//! - `index.json`: a summary per session for fast listing, rewritten atomically and
//!   always rebuildable from the journals.
//! - `lock`: held (with the holder's pid in it) while an exam is in progress, so a second
//!   copy of Proctor cannot start one; the OS releases it when the process dies.
//! - `attempts.jsonl`: real exam attempts (see `attempts`), with `attempts.jsonl.lock`
//!   held while it is changed.

mod attempts;
pub mod journal;
pub mod record;
pub mod recorder;
pub mod recovery;
mod summary;

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use attempts::{AttemptError, AttemptId, StoredAttempt};
pub use journal::{Journal, ReadJournal};
pub use record::{Body, Record, StartRecord};
pub use recorder::Recorder;
pub use summary::{DomainSummary, Summary};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The operating system refused a read or write; the cause is kept as the source
    /// (its kind decides what to retry) and named in the message.
    #[error("{source} ({})", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: corrupt record: {reason}", path.display())]
    Corrupt { path: PathBuf, line: usize, reason: String },
    #[error("{}: not a session journal: {reason}", path.display())]
    NotAJournal { path: PathBuf, reason: String },
    #[error("cannot encode a record: {0}")]
    Encode(String),
    #[error("an exam is in progress in process {0}")]
    Locked(String),
}

impl StoreError {
    pub fn io(path: &Path, e: std::io::Error) -> Self {
        StoreError::Io { path: path.to_owned(), source: e }
    }

    /// The kind of the underlying I/O error, when there is one.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            StoreError::Io { source, .. } => Some(source.kind()),
            _ => None,
        }
    }

    /// The error with its cause, on one line: what a status line or stderr shows.
    pub fn report(&self) -> String {
        crate::engine::text::error_chain(self)
    }
}

/// What the candidate did with one question across sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionHistory {
    pub seen_ago: usize,
    pub missed_ago: Option<usize>,
}

/// A session read back from its journal.
#[derive(Debug, Clone)]
pub struct Stored {
    pub path: PathBuf,
    pub journal: ReadJournal,
    pub start: StartRecord,
}

impl Stored {
    pub fn id(&self) -> &str {
        &self.start.session
    }

    pub fn answers(&self) -> impl Iterator<Item = &crate::engine::session::Answer> {
        self.journal.records.iter().filter_map(|r| match &r.body {
            Body::Answer(a) => Some(&a.answer),
            _ => None,
        })
    }

    pub fn finish(&self) -> Option<&record::FinishRecord> {
        self.journal.records.iter().find_map(|r| match &r.body {
            Body::Finish(f) => Some(f),
            _ => None,
        })
    }

    /// One answer per paper item: those recorded, then the ones the finish implies
    /// (unanswered at time-up or abandonment).
    pub fn complete_answers(&self) -> Vec<crate::engine::session::Answer> {
        use crate::engine::session::{Answer, FinishReason, Unanswered};
        let mut answers: Vec<Answer> = self.answers().cloned().collect();
        let why = match self.finish().map(|f| f.reason) {
            Some(FinishReason::TimeUp) => Unanswered::Time,
            Some(FinishReason::Abandoned) => Unanswered::Abandoned,
            _ => return answers,
        };
        let at = self.finish().map_or(self.start.started_at, |f| f.finished_at);
        for item in answers.len()..self.start.paper.len() {
            answers.push(Answer {
                item,
                question: self.start.paper[item].question.clone(),
                selection: Vec::new(),
                correct: false,
                seconds: 0.0,
                changed: false,
                held_correct: false,
                guess: false,
                at,
                unanswered: Some(why),
            });
        }
        answers
    }

    /// The latest confirmed cause (and note) per paper item.
    pub fn confirmed(&self) -> std::collections::HashMap<usize, crate::engine::review::Confirmed> {
        let mut out = std::collections::HashMap::new();
        for r in &self.journal.records {
            if let Body::Diagnosis(d) = &r.body {
                out.insert(d.item, crate::engine::review::Confirmed { cause: d.cause, note: d.note.clone() });
            }
        }
        out
    }

    /// A record dated before the one written ahead of it: the wall clock went back.
    pub fn clock_anomaly(&self) -> bool {
        self.journal.records.windows(2).any(|w| w[1].at() < w[0].at()) || self.finish().is_some_and(|f| f.clock_anomaly)
    }
}

/// Everything found in the sessions directory.
#[derive(Debug, Default)]
pub struct Scan {
    pub sessions: Vec<Stored>,
    /// Journals that could not be used, each with `file:line` and the reason.
    pub problems: Vec<StoreError>,
}

/// A session's id before it is made unique: start time, bank and seed, readable in a
/// listing.
pub fn session_id(bank_id: &str, started_at: DateTime<Utc>, seed: u64) -> String {
    format!("{}-{}-{:04x}", started_at.format("%Y%m%d-%H%M%S"), bank_id, seed & 0xffff)
}

#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// Held while an exam is in progress; released on drop or when the process dies.
#[derive(Debug)]
pub struct ExamLock {
    _file: File,
}

impl Store {
    /// Opens (creating if needed) the store under `root`.
    pub fn open(root: &Path) -> Result<Store, StoreError> {
        let sessions = root.join("sessions");
        fs::create_dir_all(&sessions).map_err(|e| StoreError::io(&sessions, e))?;
        Ok(Store { root: root.to_owned() })
    }

    /// A store opened only for reading: nothing is created.
    pub fn at(root: &Path) -> Store {
        Store { root: root.to_owned() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn sessions_dir(&self) -> PathBuf {
        self.root.join("sessions")
    }

    pub fn index_path(&self) -> PathBuf {
        self.root.join("index.json")
    }

    /// A new, unused session id: start time, bank, and the seed, readable in a listing.
    pub fn new_session_id(&self, bank_id: &str, started_at: DateTime<Utc>, seed: u64) -> String {
        let base = session_id(bank_id, started_at, seed);
        let mut id = base.clone();
        let mut n = 1;
        while self.journal_path(&id).exists() {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }

    pub fn journal_path(&self, id: &str) -> PathBuf {
        self.sessions_dir().join(format!("{id}.jsonl"))
    }

    /// Starts a session's journal with its `start` record, durably.
    pub fn begin(&self, start: &StartRecord) -> Result<Journal, StoreError> {
        Journal::create(&self.journal_path(&start.session), start)
    }

    /// As `begin`, first giving the session an id no journal uses yet (two sessions of
    /// one bank and seed started within a second get `-2`, `-3`…).
    pub fn begin_unique(&self, start: &mut StartRecord) -> Result<Journal, StoreError> {
        start.session = self.new_session_id(&start.bank_id, start.started_at, start.seed);
        self.begin(start)
    }

    /// Reads every journal. A bad journal is reported and skipped, never changed.
    pub fn scan(&self) -> Scan {
        let mut scan = Scan::default();
        let dir = self.sessions_dir();
        let Ok(rd) = fs::read_dir(&dir) else { return scan };
        let mut paths: Vec<PathBuf> = rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        paths.sort();
        for path in paths {
            match self.read_session(&path) {
                Ok(s) => scan.sessions.push(s),
                Err(e) => scan.problems.push(e),
            }
        }
        scan
    }

    /// Sessions without a `finish` record. Only journals the index does not list as
    /// finished are read, so start-up stays fast with a long history.
    pub fn unfinished(&self) -> Vec<Stored> {
        let finished: std::collections::HashSet<String> =
            self.read_index().unwrap_or_default().into_iter().filter(|s| s.finish.is_some()).map(|s| s.id).collect();
        let Ok(rd) = fs::read_dir(self.sessions_dir()) else { return Vec::new() };
        rd.filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .filter(|p| p.file_stem().and_then(|s| s.to_str()).is_none_or(|id| !finished.contains(id)))
            .filter_map(|p| self.read_session(&p).ok())
            .filter(|s| s.finish().is_none())
            .collect()
    }

    /// What the candidate saw in the last `k` sessions of `bank_id` (0 = the latest), for
    /// fresh draws. Only those journals' first lines are read.
    pub fn seen(&self, bank_id: &str, k: usize) -> crate::engine::blueprint::Seen {
        use std::io::BufRead;
        let mut recent: Vec<Summary> = self.summaries().into_iter().filter(|s| s.bank_id == bank_id).collect();
        recent.sort_by(|a, b| (b.started_at, &b.id).cmp(&(a.started_at, &a.id)));
        let mut seen = crate::engine::blueprint::Seen::default();
        for (ago, s) in recent.iter().take(k).enumerate() {
            let Ok(f) = File::open(self.journal_path(&s.id)) else { continue };
            let mut first = String::new();
            if std::io::BufReader::new(f).read_line(&mut first).is_err() {
                continue;
            }
            if let Ok(Record { body: Body::Start(start), .. }) = serde_json::from_str::<Record>(&first) {
                for item in &start.paper {
                    seen.sessions_ago.entry(item.question.clone()).or_insert(ago);
                }
            }
        }
        seen
    }

    /// The finished session of the same bank that started last before `s`.
    pub fn previous_session(&self, s: &Stored) -> Option<Stored> {
        let prev = self
            .summaries()
            .into_iter()
            .filter(|x| x.bank_id == s.start.bank_id && x.finish.is_some() && x.started_at < s.start.started_at)
            .max_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)))?;
        self.read_session(&self.journal_path(&prev.id)).ok()
    }

    /// For every question of `bank_id` the candidate has met: how many sessions ago it was
    /// last shown and last answered wrongly (0 = the latest session).
    pub fn question_history(
        &self,
        bank_id: &str,
    ) -> std::collections::HashMap<crate::engine::bank::QuestionId, QuestionHistory> {
        let mut recent: Vec<Summary> = self.summaries().into_iter().filter(|s| s.bank_id == bank_id).collect();
        recent.sort_by(|a, b| (b.started_at, &b.id).cmp(&(a.started_at, &a.id)));
        let mut out: std::collections::HashMap<crate::engine::bank::QuestionId, QuestionHistory> =
            std::collections::HashMap::new();
        for (ago, sum) in recent.iter().enumerate() {
            let Ok(s) = self.read_session(&self.journal_path(&sum.id)) else { continue };
            for a in s.complete_answers() {
                let h = out.entry(a.question.clone()).or_insert(QuestionHistory { seen_ago: ago, missed_ago: None });
                if !a.correct && a.unanswered.is_none_or(|u| u != crate::engine::session::Unanswered::Abandoned) {
                    h.missed_ago.get_or_insert(ago);
                }
            }
        }
        out
    }

    pub fn read_session(&self, path: &Path) -> Result<Stored, StoreError> {
        let journal = journal::read(path)?;
        let start = match journal.records.first().map(|r| &r.body) {
            Some(Body::Start(s)) => (**s).clone(),
            _ => {
                return Err(StoreError::NotAJournal {
                    path: path.to_owned(),
                    reason: "the first line is not a start record".into(),
                });
            }
        };
        Ok(Stored { path: path.to_owned(), journal, start })
    }

    /// Summaries from the index, or rebuilt from the journals when it is missing or
    /// unreadable.
    pub fn summaries(&self) -> Vec<Summary> {
        match self.read_index() {
            Some(s) => s,
            None => self.rebuild_index().0,
        }
    }

    pub fn read_index(&self) -> Option<Vec<Summary>> {
        let text = fs::read(self.index_path()).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// Rebuilds `index.json` from every journal; also returns the problems found.
    pub fn rebuild_index(&self) -> (Vec<Summary>, Vec<StoreError>) {
        let scan = self.scan();
        let summaries: Vec<Summary> = scan.sessions.iter().map(Summary::of).collect();
        let mut problems = scan.problems;
        if let Err(e) = self.write_index(&summaries) {
            problems.push(e);
        }
        (summaries, problems)
    }

    /// Puts one session's summary into the index (replacing an older one).
    pub fn update_index(&self, s: Summary) -> Result<(), StoreError> {
        let mut all = self.summaries();
        all.retain(|x| x.id != s.id);
        all.push(s);
        self.write_index(&all)
    }

    /// Atomic rewrite: temp file in the same directory, fsync, rename, fsync the directory.
    pub fn write_index(&self, summaries: &[Summary]) -> Result<(), StoreError> {
        let mut sorted: Vec<&Summary> = summaries.iter().collect();
        sorted.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
        let data = serde_json::to_vec_pretty(&sorted).map_err(|e| StoreError::Encode(e.to_string()))?;
        let path = self.index_path();
        let tmp = self.root.join(format!(".index.json.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut f = File::create(&tmp)?;
            f.write_all(&data)?;
            f.sync_all()?;
            fs::rename(&tmp, &path)?;
            journal::sync_dir(&self.root)
        };
        write().map_err(|e| {
            let _ = fs::remove_file(&tmp);
            StoreError::io(&path, e)
        })
    }

    /// Takes the exam lock, or says which process holds it.
    pub fn try_lock(&self) -> Result<ExamLock, StoreError> {
        let path = self.root.join("lock");
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| StoreError::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {
                let _ = file.set_len(0);
                let _ = file.seek(SeekFrom::Start(0));
                let _ = write!(file, "{}", std::process::id());
                let _ = file.sync_data();
                Ok(ExamLock { _file: file })
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut pid = String::new();
                let _ = file.read_to_string(&mut pid);
                let pid = pid.trim();
                Err(StoreError::Locked(if pid.is_empty() { "unknown".into() } else { pid.to_owned() }))
            }
            Err(std::fs::TryLockError::Error(e)) => Err(StoreError::io(&path, e)),
        }
    }
}

#[cfg(test)]
mod tests;
