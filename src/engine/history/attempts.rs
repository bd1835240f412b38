//! Real exam attempts, in `attempts.jsonl` under the data dir: one JSON line each, appended
//! with one call and fsynced, like the journals.
//!
//! The file is read line by line as bytes, so that one bad line (not UTF-8, not JSON, cut
//! short by a crash) is reported as `file:line` and skipped while every other line still
//! counts. A new line is never appended after a torn one: the torn tail is cut back first.
//! Each attempt has a stable id (`AttemptId`); removing one rewrites the file atomically,
//! every other line kept byte for byte. Writers take `attempts.jsonl.lock` so that an
//! `attempt add` in one process cannot land between another's read and rename.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Store, StoreError, journal};
use crate::engine::bank::Bank;
use crate::engine::plan::ReportedDomain;
use crate::engine::retake::{Attempt, Outcome};

/// An attempt's id, as `proctor attempt list` shows it and `proctor attempt remove` takes it.
///
/// It is derived from what makes an attempt that attempt — its bank, date and result — and
/// not stored in the line or taken from its position. Lines written before ids existed get
/// the same id on every read without rewriting the file; a line number would shift when an
/// earlier line is removed (so a repeated `remove 3` would take a different attempt), and a
/// hash of the line's bytes would change when the line is re-encoded (key order, spacing, a
/// field a later version adds). It is unique exactly when the duplicate rule holds (the
/// same bank, date and result are refused a second time); lines recorded twice before that
/// rule share an id, and `remove` takes the later one first. Eight hex digits of SHA-256:
/// short to type, and a clash among one candidate's handful of attempts is out of reach.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct AttemptId(pub String);

impl AttemptId {
    pub fn of(a: &Attempt) -> AttemptId {
        let digest = Sha256::digest(format!("{}\n{}\n{}", a.bank, a.date, result_word(a.result)).as_bytes());
        AttemptId(digest.iter().take(4).map(|b| format!("{b:02x}")).collect())
    }
}

impl std::fmt::Display for AttemptId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An attempt as stored: its id and the line it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAttempt {
    pub id: AttemptId,
    /// 1-based line in `attempts.jsonl`.
    pub line: usize,
    pub attempt: Attempt,
}

/// Why an attempt was not recorded or removed.
#[derive(Debug, thiserror::Error)]
pub enum AttemptError {
    #[error(
        "{bank} {} on {date} is already recorded (attempt {id}); to correct it, run `proctor attempt remove {id}` and record it again",
        result_word(*result)
    )]
    Duplicate { id: AttemptId, bank: String, date: NaiveDate, result: Outcome },
    #[error("no attempt `{id}` is recorded; `proctor attempt list` shows the ids")]
    NotFound { id: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AttemptError {
    /// The error with its cause, on one line.
    pub fn report(&self) -> String {
        crate::engine::text::error_chain(self)
    }
}

fn result_word(r: Outcome) -> &'static str {
    match r {
        Outcome::Pass => "pass",
        Outcome::Fail => "fail",
    }
}

/// One line of the file: where it is and what it holds.
struct Line {
    /// 1-based.
    no: usize,
    /// Byte range of the line, without its newline.
    start: usize,
    end: usize,
    /// Ends with a newline (only the last line can lack one).
    terminated: bool,
    content: Content,
}

enum Content {
    Blank,
    Attempt(Attempt),
    Bad(String),
}

/// Splits `bytes` into lines and reads each on its own.
fn scan(bytes: &[u8]) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let (end, terminated) = match bytes[start..].iter().position(|&b| b == b'\n') {
            Some(i) => (start + i, true),
            None => (bytes.len(), false),
        };
        let content = parse_line(&bytes[start..end]);
        out.push(Line { no: out.len() + 1, start, end, terminated, content });
        start = end + 1;
    }
    out
}

fn parse_line(raw: &[u8]) -> Content {
    let text = match std::str::from_utf8(raw) {
        Ok(t) => t,
        Err(e) => {
            return Content::Bad(format!(
                "not UTF-8 (byte 0x{:02X} at column {}); fix or delete the line",
                raw[e.valid_up_to()],
                e.valid_up_to() + 1
            ));
        }
    };
    if text.trim().is_empty() {
        return Content::Blank;
    }
    match serde_json::from_str::<Attempt>(text) {
        Ok(a) => Content::Attempt(a),
        Err(e) => {
            // serde_json counts lines within the one line it was given: keep the column.
            let full = e.to_string();
            let at = format!(" at line {} column {}", e.line(), e.column());
            let what = full.strip_suffix(&at).unwrap_or(&full);
            Content::Bad(format!("{what} (column {}); fix or delete the line", e.column()))
        }
    }
}

/// The file's bytes; empty when it does not exist yet.
fn read_all(file: &mut File, path: &Path) -> Result<Vec<u8>, StoreError> {
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(|e| StoreError::io(path, e))?;
    Ok(bytes)
}

/// Appends `record` to `f`, whose complete lines end at byte `keep`, and fsyncs it. On
/// failure the file is cut back to `keep`, so a retry never glues a record to half of
/// another; when that cut fails too, the error says so (the file may then end in a partial
/// line, which the next `add` cuts off before writing).
fn append_line(f: &File, path: &Path, keep: u64, record: &[u8]) -> Result<(), StoreError> {
    let mut w = f;
    let Err(e) = w.write_all(record).and_then(|()| f.sync_data()) else { return Ok(()) };
    match f.set_len(keep).and_then(|()| f.sync_data()) {
        Ok(()) => Err(StoreError::io(path, e)),
        Err(cut) => Err(StoreError::io(
            path,
            io::Error::new(
                e.kind(),
                format!(
                    "{e}; cutting the partial record back off failed too ({cut}): the file may end in a partial line"
                ),
            ),
        )),
    }
}

impl Store {
    pub fn attempts_path(&self) -> PathBuf {
        self.root().join("attempts.jsonl")
    }

    /// Held while `attempts.jsonl` is changed.
    fn lock_attempts(&self) -> Result<super::WriteLock, StoreError> {
        super::WriteLock::take(&self.root().join("attempts.jsonl.lock"))
    }

    /// Appends one attempt durably, unless the same attempt (bank, date and result) is
    /// already recorded; its id.
    pub fn add_attempt(&self, a: &Attempt) -> Result<AttemptId, AttemptError> {
        fs::create_dir_all(self.root()).map_err(|e| StoreError::io(self.root(), e))?;
        let _lock = self.lock_attempts()?;
        let path = self.attempts_path();
        let mut f = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(|e| StoreError::io(&path, e))?;
        let existing = read_all(&mut f, &path)?;
        let lines = scan(&existing);
        let id = AttemptId::of(a);
        // The same attempt is the same bank, date and result (compared, not hashed).
        let same = |b: &Attempt| b.bank == a.bank && b.date == a.date && b.result == a.result;
        if lines.iter().any(|l| matches!(&l.content, Content::Attempt(b) if same(b))) {
            return Err(AttemptError::Duplicate { id, bank: a.bank.clone(), date: a.date, result: a.result });
        }
        let mut record = Vec::new();
        let mut keep = existing.len() as u64;
        if let Some(last) = lines.last().filter(|l| !l.terminated) {
            if matches!(last.content, Content::Attempt(_)) {
                // A whole record whose newline is missing (an edit by hand): end it.
                record.push(b'\n');
            } else {
                // Cut short by a crash: never append after it; cut back to the last
                // complete line first, and stop if that fails.
                keep = last.start as u64;
                f.set_len(keep).map_err(|e| StoreError::io(&path, e))?;
            }
        }
        record.extend(serde_json::to_vec(a).map_err(|e| StoreError::Encode(e.to_string()))?);
        record.push(b'\n');
        append_line(&f, &path, keep, &record)?;
        Ok(id)
    }

    /// Removes the attempt `id` (the later line when two share it), rewriting the file
    /// atomically: a temp file in the same directory, fsync, rename, fsync the directory.
    /// Every other line, unreadable ones included, is kept byte for byte. The attempt
    /// removed, and how many others still have the same id.
    pub fn remove_attempt(&self, id: &str) -> Result<(StoredAttempt, usize), AttemptError> {
        let not_found = || AttemptError::NotFound { id: id.to_owned() };
        if !self.attempts_path().exists() {
            // Nothing recorded yet (perhaps no data directory either): no lock to take.
            return Err(not_found());
        }
        let _lock = self.lock_attempts()?;
        let path = self.attempts_path();
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(not_found()),
            Err(e) => return Err(StoreError::io(&path, e).into()),
        };
        let lines = scan(&bytes);
        let matching: Vec<(&Line, &Attempt)> = lines
            .iter()
            .filter_map(|l| match &l.content {
                Content::Attempt(a) if AttemptId::of(a).0 == id => Some((l, a)),
                _ => None,
            })
            .collect();
        let Some(&(gone, attempt)) = matching.last() else { return Err(not_found()) };
        let cut_to = if gone.terminated { gone.end + 1 } else { gone.end };
        let mut rest = Vec::with_capacity(bytes.len());
        rest.extend_from_slice(&bytes[..gone.start]);
        rest.extend_from_slice(&bytes[cut_to..]);
        journal::replace_durably(&path, &rest).map_err(|e| StoreError::io(&path, e))?;
        let removed = StoredAttempt { id: AttemptId::of(attempt), line: gone.no, attempt: attempt.clone() };
        Ok((removed, matching.len() - 1))
    }

    /// Every attempt (of `bank` when given) with its id, oldest first, and the lines that
    /// could not be read (`file:line: reason`), which are skipped.
    pub fn stored_attempts(&self, bank: Option<&str>) -> (Vec<StoredAttempt>, Vec<StoreError>) {
        let path = self.attempts_path();
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return (Vec::new(), Vec::new()),
            Err(e) => return (Vec::new(), vec![StoreError::io(&path, e)]),
        };
        let mut out = Vec::new();
        let mut problems = Vec::new();
        for l in scan(&bytes) {
            match l.content {
                Content::Blank => {}
                Content::Attempt(a) => out.push(StoredAttempt { id: AttemptId::of(&a), line: l.no, attempt: a }),
                Content::Bad(_) if !l.terminated => problems.push(StoreError::Corrupt {
                    path: path.clone(),
                    line: l.no,
                    reason: "the last line is cut short (a crash while writing?); it is skipped, and the next \
                             `proctor attempt add` cuts it off"
                        .into(),
                }),
                Content::Bad(reason) => problems.push(StoreError::Corrupt { path: path.clone(), line: l.no, reason }),
            }
        }
        out.retain(|s| bank.is_none_or(|b| s.attempt.bank == b));
        out.sort_by_key(|s| s.attempt.date);
        (out, problems)
    }

    /// Every attempt (of `bank` when given), oldest first, and the lines that could not
    /// be read (`file:line`).
    pub fn attempts(&self, bank: Option<&str>) -> (Vec<Attempt>, Vec<StoreError>) {
        let (stored, problems) = self.stored_attempts(bank);
        (stored.into_iter().map(|s| s.attempt).collect(), problems)
    }

    /// The domain results of the latest failed attempt of `bank`, as percentages.
    pub fn reported_domains(&self, bank: &Bank) -> Vec<ReportedDomain> {
        let (attempts, _) = self.attempts(Some(&bank.exam.id));
        let Some(last) = attempts.iter().rev().find(|a| a.result == Outcome::Fail) else { return Vec::new() };
        last.domains
            .iter()
            .map(|(id, r)| ReportedDomain {
                id: id.clone(),
                percent: r.percent(bank.exam.passing_score, bank.exam.target()),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(date: &str, result: Outcome) -> Attempt {
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
        Attempt { v: 1, bank: "mini".into(), date, result, score: Some(640), out_of: None, domains: vec![] }
    }

    fn line(a: &Attempt) -> Vec<u8> {
        let mut l = serde_json::to_vec(a).expect("json");
        l.push(b'\n');
        l
    }

    fn dates(store: &Store) -> Vec<String> {
        store.attempts(None).0.iter().map(|a| a.date.to_string()).collect()
    }

    /// One byte that is not UTF-8 made `fs::read_to_string` fail, and every attempt
    /// vanished: `list` said none, the planner saw no failure, `add` said "recorded" and
    /// the list stayed empty. Now the bad line is reported `file:line` and skipped.
    #[test]
    fn one_non_utf8_byte_in_attempts_hides_no_other_attempt() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        store.add_attempt(&attempt("2026-01-05", Outcome::Fail)).expect("first");
        let mut f = OpenOptions::new().append(true).open(store.attempts_path()).expect("open");
        f.write_all(b"{\"v\":1,\"bank\":\"mini\xff\"}\n").expect("bad line");
        store.add_attempt(&attempt("2026-02-05", Outcome::Fail)).expect("third");
        assert_eq!(dates(&store), ["2026-01-05", "2026-02-05"]);
        let (_, problems) = store.attempts(None);
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [format!(
                "{}:2: corrupt record: not UTF-8 (byte 0xFF at column 20); fix or delete the line",
                store.attempts_path().display()
            )]
        );
        // JSON that is not an attempt is reported the same way; blank lines are nothing.
        f.write_all(b"\n{\"v\":1}\n").expect("more");
        let (all, problems) = store.attempts(None);
        assert_eq!(all.len(), 2);
        assert_eq!(problems.len(), 2);
        assert!(
            problems[1]
                .to_string()
                .ends_with("attempts.jsonl:5: corrupt record: missing field `bank` (column 7); fix or delete the line"),
            "{}",
            problems[1]
        );
    }

    /// A crash can leave the last line without its newline: a new record is never
    /// appended after it. The torn tail is cut back first; a whole record that only lacks
    /// its newline (an edit by hand) is kept and ended.
    #[test]
    fn attempt_add_never_appends_after_a_torn_last_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        let first = line(&attempt("2026-01-05", Outcome::Fail));
        let mut bytes = first.clone();
        bytes.extend_from_slice(b"{\"v\":1,\"bank\":\"mi");
        fs::write(store.attempts_path(), &bytes).expect("write");
        let (_, problems) = store.attempts(None);
        assert!(problems[0].to_string().contains(":2: corrupt record: the last line is cut short"), "{}", problems[0]);
        store.add_attempt(&attempt("2026-02-05", Outcome::Fail)).expect("add");
        let mut want = first.clone();
        want.extend(line(&attempt("2026-02-05", Outcome::Fail)));
        assert_eq!(fs::read(store.attempts_path()).expect("read"), want);
        // A whole record without its newline stays.
        let mut bytes = first.clone();
        bytes.extend_from_slice(&line(&attempt("2026-02-05", Outcome::Fail))[..]);
        bytes.pop();
        fs::write(store.attempts_path(), &bytes).expect("write");
        store.add_attempt(&attempt("2026-03-05", Outcome::Pass)).expect("add");
        assert_eq!(dates(&store), ["2026-01-05", "2026-02-05", "2026-03-05"]);
        assert!(store.attempts(None).1.is_empty());
    }

    /// The rollback of a failed append was `let _ = f.set_len(..)`: when it failed too,
    /// nobody knew the file might end in half a record. Both failures are reported.
    #[test]
    fn a_failed_rollback_of_an_attempt_is_an_error_not_ignored() {
        // /dev/full fails every write ("No space left on device"); it cannot be truncated.
        let Ok(full) = OpenOptions::new().append(true).open("/dev/full") else { return };
        let err = append_line(&full, Path::new("attempts.jsonl"), 0, b"{}\n").expect_err("disk full");
        let msg = err.to_string();
        assert!(msg.contains("No space left"), "{msg}");
        assert!(msg.contains("cutting the partial record back off failed too"), "{msg}");
        assert!(msg.ends_with("the file may end in a partial line (attempts.jsonl)"), "{msg}");
        assert_eq!(err.io_kind(), Some(io::ErrorKind::StorageFull));
    }

    #[test]
    fn the_same_attempt_is_refused_a_second_time() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        let a = attempt("2026-01-05", Outcome::Fail);
        let id = store.add_attempt(&a).expect("first");
        let before = fs::read(store.attempts_path()).expect("read");
        let mut again = a.clone();
        again.score = Some(700);
        let err = store.add_attempt(&again).expect_err("duplicate");
        assert_eq!(
            err.to_string(),
            format!(
                "mini fail on 2026-01-05 is already recorded (attempt {id}); to correct it, run `proctor attempt \
                 remove {id}` and record it again"
            )
        );
        assert_eq!(fs::read(store.attempts_path()).expect("read"), before, "nothing written");
        // A pass the same day is another attempt.
        assert!(store.add_attempt(&attempt("2026-01-05", Outcome::Pass)).is_ok());
    }

    /// Removal keeps every other line byte for byte, unreadable ones and the order
    /// included, and ids do not move when another attempt is removed.
    #[test]
    fn removing_an_attempt_keeps_every_other_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        let (a, b, c) = (
            attempt("2026-01-05", Outcome::Fail),
            attempt("2026-02-05", Outcome::Fail),
            attempt("2026-03-05", Outcome::Pass),
        );
        let mut bytes = line(&a);
        bytes.extend_from_slice(b"\xfe not an attempt\n");
        bytes.extend(line(&b));
        bytes.extend(line(&c));
        fs::write(store.attempts_path(), &bytes).expect("write");
        let ids_before: Vec<AttemptId> = store.stored_attempts(None).0.into_iter().map(|s| s.id).collect();
        let (gone, left) = store.remove_attempt(&AttemptId::of(&b).0).expect("remove");
        assert_eq!((gone.attempt, gone.line, left), (b.clone(), 3, 0));
        let mut want = line(&a);
        want.extend_from_slice(b"\xfe not an attempt\n");
        want.extend(line(&c));
        assert_eq!(fs::read(store.attempts_path()).expect("read"), want);
        let ids_after: Vec<AttemptId> = store.stored_attempts(None).0.into_iter().map(|s| s.id).collect();
        assert_eq!(ids_after, [ids_before[0].clone(), ids_before[2].clone()]);
        let err = store.remove_attempt(&AttemptId::of(&b).0).expect_err("gone");
        assert_eq!(
            err.to_string(),
            format!("no attempt `{}` is recorded; `proctor attempt list` shows the ids", AttemptId::of(&b))
        );
        // No temp file is left behind.
        let names: Vec<String> = fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    }

    /// Lines recorded twice before duplicates were refused share an id: `remove` takes
    /// the later one and says one is left.
    #[test]
    fn an_attempt_recorded_twice_before_the_rule_is_removed_one_line_at_a_time() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        let a = attempt("2026-01-05", Outcome::Fail);
        let mut twice = a.clone();
        twice.score = Some(700);
        let mut bytes = line(&a);
        bytes.extend(line(&twice));
        fs::write(store.attempts_path(), &bytes).expect("write");
        let (gone, left) = store.remove_attempt(&AttemptId::of(&a).0).expect("remove");
        assert_eq!((gone.attempt.score, gone.line, left), (Some(700), 2, 1));
        assert_eq!(fs::read(store.attempts_path()).expect("read"), line(&a));
    }

    #[test]
    fn ids_are_stable_and_differ_by_bank_date_and_result() {
        let a = attempt("2026-01-05", Outcome::Fail);
        let id = AttemptId::of(&a);
        assert_eq!(id.0.len(), 8);
        assert!(id.0.chars().all(|c| c.is_ascii_hexdigit()));
        let mut other = a.clone();
        other.score = None;
        assert_eq!(AttemptId::of(&other), id, "the score is not part of the identity");
        assert_ne!(AttemptId::of(&attempt("2026-01-06", Outcome::Fail)), id);
        assert_ne!(AttemptId::of(&attempt("2026-01-05", Outcome::Pass)), id);
        let mut elsewhere = a.clone();
        elsewhere.bank = "other".into();
        assert_ne!(AttemptId::of(&elsewhere), id);
    }
}
