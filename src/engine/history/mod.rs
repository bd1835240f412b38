//! The history store: plain files under the data directory, readable and easy to back up.
//!
//! - `sessions/<id>.jsonl`: one append-only journal per session (see `record`).
//! - `index.json`: a summary per session for fast listing, rewritten atomically and
//!   always rebuildable from the journals.
//! - `lock`: held (with the holder's pid in it) while an exam is in progress, so a second
//!   copy of Proctor cannot start one; the OS releases it when the process dies.
//! - `attempts.jsonl`: real exam attempts (see `attempts`), with `attempts.jsonl.lock`
//!   held while it is changed.
//! - `bookings.json`: the exam date booked for each bank (see `bookings`).

mod attempts;
mod bookings;
pub mod journal;
mod packed;
pub mod record;
pub mod recorder;
pub mod recovery;
mod summary;

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::engine::bank::cache::FileMeta;

pub use attempts::{AttemptError, AttemptId, StoredAttempt};
pub use bookings::BookedExam;
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
    /// A record of a schema this build does not know: refused, never read as an older one.
    #[error("{}:{line}: written by a newer Proctor (record version {version}; this one reads up to {}): update Proctor to read it", path.display(), record::SCHEMA_VERSION)]
    Newer { path: PathBuf, line: usize, version: u32 },
    /// Two journals hold the same session (a copy under another name): counted once.
    #[error("{}: the same session as {} (id `{id}`): counted once; remove the copy", path.display(), first.display())]
    Duplicate { path: PathBuf, first: PathBuf, id: String },
    /// The sessions directory cannot be listed: nothing is rebuilt from it.
    #[error("cannot list the sessions in {}", path.display())]
    Unlistable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
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

    /// The final answers, in paper order: each answer record, and the answers of each
    /// testlet left.
    pub fn answers(&self) -> impl Iterator<Item = &crate::engine::session::Answer> {
        self.journal.records.iter().flat_map(|r| match &r.body {
            Body::Answer(a) => std::slice::from_ref(&a.answer),
            Body::Leave(l) => l.answers.as_slice(),
            _ => &[],
        })
    }

    /// The answers given inside the testlet the session ended in (not final): the latest
    /// draft of each item after the final answers, in paper order.
    pub fn drafts(&self) -> Vec<crate::engine::session::Answer> {
        let done = self.answers().count();
        let mut latest: std::collections::BTreeMap<usize, &crate::engine::session::Answer> = Default::default();
        for r in &self.journal.records {
            if let Body::Draft(d) = &r.body
                && d.answer.item >= done
            {
                latest.insert(d.answer.item, &d.answer);
            }
        }
        latest.into_values().cloned().collect()
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
        // The question on screen when the session ended was being read since the last
        // answer (or the start): its time counts, as it did in the session itself.
        let since = answers.last().map_or(self.start.started_at, |a| a.at);
        let on_screen = ((at - since).num_milliseconds().max(0) as f64) / 1000.0;
        // Inside a testlet, the answers given to its questions count, as in the session.
        let mut drafts = self.drafts().into_iter().peekable();
        let first = answers.len();
        for item in first..self.start.paper.len() {
            if let Some(d) = drafts.next_if(|d| d.item == item) {
                answers.push(d);
                continue;
            }
            let secs = if item == first { on_screen } else { 0.0 };
            answers.push(Answer::unanswered(item, self.start.paper[item].question.clone(), secs, at, why));
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

    /// The latest time any record of the journal was made. A clock set back since must
    /// not give time back: "now" for this session is never earlier than this.
    pub fn last_at(&self) -> DateTime<Utc> {
        self.journal.records.iter().map(Record::at).max().unwrap_or(self.start.started_at)
    }

    /// `now` for this session: the wall clock, but never before its last record.
    pub fn effective_now(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now.max(self.last_at())
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
    /// The sessions directory exists but could not be listed: the scan says nothing about
    /// what is stored, and nothing may be rebuilt from it.
    pub unlistable: bool,
}

/// A session's id before it is made unique: start time, bank and seed, readable in a
/// listing.
pub fn session_id(bank_id: &str, started_at: DateTime<Utc>, seed: u64) -> String {
    format!("{}-{}-{:04x}", started_at.format("%Y%m%d-%H%M%S"), bank_id, seed & 0xffff)
}

/// Whether process `pid` still runs (where the system can tell; elsewhere assumed).
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") { Path::new("/proc").join(pid.to_string()).exists() } else { true }
}

#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// The index as this process last read or wrote it, with the file's metadata then. Home,
/// an exam's start, recovery and `history` all ask for the index, and a 10,000-session
/// index takes tens of milliseconds to parse. The index is only ever replaced by a
/// rename, never changed in place, so while the file at its path keeps its inode,
/// device, size and times it holds the same bytes; any other file there is parsed anew.
static INDEX_MEMO: std::sync::Mutex<Option<IndexMemo>> = std::sync::Mutex::new(None);

/// The index's path, the file's metadata when read, and its summaries.
type IndexMemo = (PathBuf, FileMeta, std::sync::Arc<Vec<Summary>>);

fn memo_get(path: &Path, meta: &FileMeta) -> Option<std::sync::Arc<Vec<Summary>>> {
    let memo = INDEX_MEMO.lock().ok()?;
    let (p, m, all) = memo.as_ref()?;
    (p == path && m == meta).then(|| all.clone())
}

fn memo_put(path: PathBuf, meta: FileMeta, all: std::sync::Arc<Vec<Summary>>) {
    if let Ok(mut memo) = INDEX_MEMO.lock() {
        *memo = Some((path, meta, all));
    }
}

fn memo_clear() {
    if let Ok(mut memo) = INDEX_MEMO.lock() {
        *memo = None;
    }
}

/// A short-held lock serialising the writers of one file (the index, the attempts):
/// blocking, since a holder keeps it for one read and one write; released on drop or when
/// the process dies, so a crash leaves none behind.
#[derive(Debug)]
pub(crate) struct WriteLock {
    _file: File,
}

impl WriteLock {
    pub(crate) fn take(path: &Path) -> Result<WriteLock, StoreError> {
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| StoreError::io(path, e))?;
        file.lock().map_err(|e| StoreError::io(path, e))?;
        Ok(WriteLock { _file: file })
    }
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
        let rd = match fs::read_dir(&dir) {
            Ok(rd) => rd,
            // A store that has never saved a session.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return scan,
            Err(source) => {
                scan.unlistable = true;
                scan.problems.push(StoreError::Unlistable { path: dir, source });
                return scan;
            }
        };
        let mut paths: Vec<PathBuf> = rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        paths.sort();
        let mut read = Vec::with_capacity(paths.len());
        for path in paths {
            match self.read_session(&path) {
                Ok(s) => read.push(s),
                Err(e) => scan.problems.push(e),
            }
        }
        // Of journals holding the same session, the one named after its id is the session;
        // any other is a copy, reported and not counted.
        let named = |s: &Stored| s.path.file_stem().is_some_and(|x| x == s.id());
        let mut keep: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (i, s) in read.iter().enumerate() {
            match keep.get(s.id()) {
                Some(&k) if named(&read[k]) || !named(s) => {}
                _ => {
                    keep.insert(s.id().to_owned(), i);
                }
            }
        }
        let kept: std::collections::HashMap<usize, PathBuf> =
            keep.values().map(|&k| (k, read[k].path.clone())).collect();
        for (i, s) in read.into_iter().enumerate() {
            match keep.get(s.id()) {
                Some(&k) if k == i => scan.sessions.push(s),
                Some(k) => {
                    let first = kept[k].clone();
                    let id = s.id().to_owned();
                    scan.problems.push(StoreError::Duplicate { path: s.path, first, id });
                }
                None => {}
            }
        }
        scan
    }

    /// Sessions without a `finish` record. Only journals the index does not list as
    /// finished are read, so start-up stays fast with a long history.
    pub fn unfinished(&self) -> Vec<Stored> {
        self.unfinished_and_unreadable().0
    }

    /// As `unfinished`, with the journals that could not be read (which may be interrupted
    /// sessions: they are reported, never dropped silently).
    pub fn unfinished_and_unreadable(&self) -> (Vec<Stored>, Vec<StoreError>) {
        let index = self.index_shared();
        let finished: std::collections::HashSet<&str> =
            index.iter().flat_map(|a| a.iter()).filter(|s| s.finish.is_some()).map(|s| s.id.as_str()).collect();
        let Ok(rd) = fs::read_dir(self.sessions_dir()) else { return (Vec::new(), Vec::new()) };
        let mut open = Vec::new();
        let mut unreadable = Vec::new();
        for path in rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .filter(|p| p.file_stem().and_then(|s| s.to_str()).is_none_or(|id| !finished.contains(id)))
        {
            match self.read_session(&path) {
                Ok(s) if s.finish().is_none() => open.push(s),
                Ok(_) => {}
                Err(e) => unreadable.push(e),
            }
        }
        (open, unreadable)
    }

    /// Every question of `bank` the candidate has been shown, in any session (finished,
    /// interrupted or running; simulation or drill), how often and when last. A question
    /// counts as shown when it was answered (or skipped), or was on screen when the session
    /// ended; questions never reached do not count.
    pub fn exposure(&self, bank: &crate::engine::bank::BankKey) -> crate::engine::blueprint::Exposure {
        let mut out = crate::engine::blueprint::Exposure::default();
        let mut ids: Vec<String> = self.summaries().into_iter().filter(|s| s.is_of(bank)).map(|s| s.id).collect();
        for open in self.unfinished() {
            if open.start.is_of(bank) && !ids.contains(&open.start.session) {
                ids.push(open.start.session.clone());
            }
        }
        for id in ids {
            let Ok(s) = self.read_session(&self.journal_path(&id)) else { continue };
            let answered: Vec<&crate::engine::session::Answer> = s.answers().collect();
            let simulation = s.start.mode == crate::engine::session::Mode::Simulation;
            for a in &answered {
                out.add(&a.question, a.at, simulation);
            }
            // Answers given inside a testlet the session ended in were shown too.
            let drafts = s.drafts();
            for a in &drafts {
                out.add(&a.question, a.at, simulation);
            }
            // The question on screen when the session ended (time-up, abandoned, killed).
            if s.finish().is_none_or(|f| f.reason != crate::engine::session::FinishReason::Completed)
                && let Some(current) = s.start.paper.get(answered.len())
            {
                let at = s.finish().map_or_else(|| s.last_at(), |f| f.finished_at);
                out.add(&current.question, at, simulation);
            }
        }
        out
    }

    /// The finished sessions of the same bank that started before `s`, the latest first,
    /// at most `limit` of them (a journal that cannot be read is left out).
    pub fn earlier_sessions(&self, s: &Stored, limit: usize) -> Vec<Stored> {
        let mut earlier: Vec<Summary> = self
            .summaries()
            .into_iter()
            .filter(|x| {
                x.bank_id == s.start.bank_id
                    && x.family.as_ref().is_none_or(|f| *f == s.start.family())
                    && x.finish.is_some()
                    && x.started_at < s.start.started_at
            })
            .collect();
        earlier.sort_by(|a, b| (b.started_at, &b.id).cmp(&(a.started_at, &a.id)));
        earlier.iter().take(limit).filter_map(|x| self.read_session(&self.journal_path(&x.id)).ok()).collect()
    }

    /// For every question of `bank` the candidate has met: how many sessions ago it was
    /// last shown and last answered wrongly (0 = the latest session).
    pub fn question_history(
        &self,
        bank: &crate::engine::bank::BankKey,
    ) -> std::collections::HashMap<crate::engine::bank::QuestionId, QuestionHistory> {
        let mut recent: Vec<Summary> = self.summaries().into_iter().filter(|s| s.is_of(bank)).collect();
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

    /// The index's summaries; `None` when it is missing or unreadable. Parsed once per
    /// process while the file is unchanged (see `INDEX_MEMO`).
    pub fn read_index(&self) -> Option<Vec<Summary>> {
        self.index_shared().map(|all| all.as_ref().clone())
    }

    /// The index's summaries without a copy, for readers that only look.
    fn index_shared(&self) -> Option<std::sync::Arc<Vec<Summary>>> {
        let path = self.index_path();
        let mut f = File::open(&path).ok()?;
        let meta = f.metadata().ok().as_ref().and_then(FileMeta::of);
        if let Some(m) = &meta
            && let Some(hit) = memo_get(&path, m)
        {
            return Some(hit);
        }
        // The packed copy, when it was made from this very file: no JSON to parse.
        let copy = packed::path(&self.root);
        if let Some(m) = &meta
            && let Some(all) = packed::get(&copy, &path, m)
        {
            let all = std::sync::Arc::new(all);
            memo_put(path, m.clone(), all.clone());
            return Some(all);
        }
        let mut text = Vec::new();
        f.read_to_end(&mut text).ok()?;
        let all = std::sync::Arc::new(serde_json::from_slice::<Vec<Summary>>(&text).ok()?);
        if let Some(m) = meta {
            packed::put(&copy, &m, packed::digest(&text), &all);
            memo_put(path, m, all.clone());
        }
        Some(all)
    }

    /// As `summaries`, shared: readers that only look (home, progress, `history`) take
    /// the parsed index without copying every summary.
    pub fn summaries_shared(&self) -> std::sync::Arc<Vec<Summary>> {
        match self.index_shared() {
            Some(all) => all,
            None => std::sync::Arc::new(self.rebuild_index().0),
        }
    }

    /// Held while the index is read and rewritten, so two processes (an exam finishing, a
    /// `doctor`, a second window) never lose each other's sessions. Short-held, and the OS
    /// releases it if the holder dies, as git's `index.lock` is removed.
    fn lock_index(&self) -> Result<WriteLock, StoreError> {
        WriteLock::take(&self.root.join("index.lock"))
    }

    /// Rebuilds `index.json` from every journal; also returns the problems found.
    pub fn rebuild_index(&self) -> (Vec<Summary>, Vec<StoreError>) {
        match self.lock_index() {
            Ok(_lock) => self.rebuild_locked(),
            Err(e) => {
                let scan = self.scan();
                let mut problems = scan.problems;
                problems.push(e);
                (scan.sessions.iter().map(Summary::of).collect(), problems)
            }
        }
    }

    fn rebuild_locked(&self) -> (Vec<Summary>, Vec<StoreError>) {
        let scan = self.scan();
        let summaries: Vec<Summary> = scan.sessions.iter().map(Summary::of).collect();
        let mut problems = scan.problems;
        if let Some(refused) = self.refuse_rebuild(scan.unlistable, summaries.len()) {
            problems.push(refused);
            return (self.read_index().unwrap_or_default(), problems);
        }
        if let Err(e) = self.write_index_locked(&summaries) {
            problems.push(e);
        }
        (summaries, problems)
    }

    /// Why an index must not be rebuilt from this scan: the sessions directory could not
    /// be listed, or is gone while the index lists sessions — an empty rebuild would write
    /// over a good index.
    pub fn refuse_rebuild(&self, unlistable: bool, found: usize) -> Option<StoreError> {
        let dir = self.sessions_dir();
        let missing = !dir.is_dir();
        let indexed = self.index_shared().map_or(0, |i| i.len());
        if unlistable || (missing && indexed > found) {
            let why = if unlistable { "it cannot be listed" } else { "it is missing" };
            return Some(StoreError::NotAJournal {
                path: dir,
                reason: format!(
                    "the sessions directory is needed to rebuild the index ({why}); the index, listing {indexed} session(s), was kept"
                ),
            });
        }
        None
    }

    /// Puts one session's summary into the index (replacing an older one), re-reading the
    /// index under its lock so a concurrent writer's session is kept.
    pub fn update_index(&self, s: Summary) -> Result<(), StoreError> {
        let _lock = self.lock_index()?;
        let mut all = match self.read_index() {
            Some(all) => all,
            None => self.rebuild_locked().0,
        };
        all.retain(|x| x.id != s.id);
        all.push(s);
        self.write_index_locked(&all)
    }

    /// Replaces the whole index with `summaries`.
    pub fn write_index(&self, summaries: &[Summary]) -> Result<(), StoreError> {
        let _lock = self.lock_index()?;
        self.write_index_locked(summaries)
    }

    /// Brings the index up to date with the journals, as start-up does: a finished journal
    /// missing from the index or written after it (a kill between the journal's finish and
    /// the index rename, a disk that filled up) is read and indexed; temporary index files
    /// left by dead processes are removed. Returns how many sessions were (re)indexed.
    pub fn reconcile(&self) -> Result<usize, StoreError> {
        self.remove_stale_temp_files();
        let Some(index) = self.index_shared() else {
            // No index (or one this build cannot read): rebuilt from the journals.
            let (all, _) = self.rebuild_index();
            return Ok(all.len());
        };
        let index_time = fs::metadata(self.index_path()).and_then(|m| m.modified()).ok();
        let known: std::collections::HashSet<&str> = index.iter().map(|s| s.id.as_str()).collect();
        let Ok(rd) = fs::read_dir(self.sessions_dir()) else { return Ok(0) };
        let mut stale = Vec::new();
        for entry in rd.filter_map(Result::ok) {
            let path = entry.path();
            if path.extension().is_none_or(|x| x != "jsonl") {
                continue;
            }
            let Some(id) = path.file_stem().and_then(|s| s.to_str()) else { continue };
            let newer = match (entry.metadata().and_then(|m| m.modified()), index_time) {
                (Ok(j), Some(i)) => j > i,
                _ => true,
            };
            if !known.contains(id) || newer {
                stale.push(path);
            }
        }
        let fresh: Vec<Summary> = stale
            .iter()
            .filter_map(|p| self.read_session(p).ok())
            .filter(|s| s.finish().is_some())
            .map(|s| Summary::of(&s))
            .filter(|s| !index.contains(s))
            .collect();
        if fresh.is_empty() {
            return Ok(0);
        }
        let _lock = self.lock_index()?;
        let mut all = self.read_index().unwrap_or_else(|| index.as_ref().clone());
        for s in &fresh {
            all.retain(|x| x.id != s.id);
            all.push(s.clone());
        }
        self.write_index_locked(&all)?;
        Ok(fresh.len())
    }

    /// `.index.json.PID.tmp` files whose process is gone: a rewrite that died half-way.
    fn remove_stale_temp_files(&self) {
        let Ok(rd) = fs::read_dir(&self.root) else { return };
        for entry in rd.filter_map(Result::ok) {
            let name = entry.file_name();
            let Some(pid) = name
                .to_str()
                .and_then(|n| n.strip_prefix(".index.json."))
                .and_then(|n| n.strip_suffix(".tmp"))
                .and_then(|p| p.parse::<u32>().ok())
            else {
                continue;
            };
            if pid != std::process::id() && !process_alive(pid) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Atomic rewrite: temp file in the same directory, fsync, rename, fsync the directory.
    fn write_index_locked(&self, summaries: &[Summary]) -> Result<(), StoreError> {
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
            // What was just written is what the next read would parse.
            let meta = fs::metadata(&path).ok().as_ref().and_then(FileMeta::of);
            let all: std::sync::Arc<Vec<Summary>> = std::sync::Arc::new(sorted.iter().map(|s| (*s).clone()).collect());
            match &meta {
                Some(m) => memo_put(path.clone(), m.clone(), all.clone()),
                None => memo_clear(),
            }
            journal::sync_dir(&self.root)?;
            // The next process decodes this instead of parsing the JSON (written after the
            // index is durable: a copy is only ever of an index that exists).
            if let Some(m) = &meta {
                packed::put(&packed::path(&self.root), m, packed::digest(&data), &all);
            }
            Ok(())
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
mod fault_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_support;
