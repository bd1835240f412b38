//! Append-only session journals. Each record is one line written with a single `write`
//! call and fsynced before the caller moves on. A failed write is rolled back to the last
//! complete record, so a retry never leaves a torn line in the middle of the file.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::StoreError;
use super::record::{Body, Record, SCHEMA_VERSION, StartRecord};

/// An open journal that records can be appended to.
#[derive(Debug)]
pub struct Journal {
    pub(super) path: PathBuf,
    pub(super) file: File,
    /// Length of the file up to the last complete record.
    pub(super) good_len: u64,
    /// A write failed and cutting its partial line off failed too: the next append must
    /// cut back first, and refuses to write after a partial line.
    pub(super) dirty: bool,
}

impl Journal {
    /// Creates a new journal holding `start`; fails if it already exists.
    pub fn create(path: &Path, start: &StartRecord) -> Result<Journal, StoreError> {
        let file = OpenOptions::new().create_new(true).append(true).open(path).map_err(|e| StoreError::io(path, e))?;
        let mut j = Journal { path: path.to_owned(), file, good_len: 0, dirty: false };
        let written = j.append(&Record::new(Body::Start(Box::new(start.clone())))).and_then(|()| match path.parent() {
            Some(dir) => sync_dir(dir).map_err(|e| StoreError::io(dir, e)),
            None => Ok(()),
        });
        if let Err(e) = written {
            // The file is this call's own (`create_new`) and holds no session: remove it, or
            // every retry of a start on a full disk would leave another empty journal. If
            // even that fails, what stays is an empty file the scan reports, never a record.
            drop(j);
            let _ = std::fs::remove_file(path);
            return Err(e);
        }
        Ok(j)
    }

    /// Opens an existing journal to continue it (resume, review) after its last complete
    /// record, which `read` found at `good_len`: a torn last line is cut off here, so a new
    /// record never follows a partial one.
    pub fn reopen(path: &Path, good_len: u64) -> Result<Journal, StoreError> {
        let file = OpenOptions::new().append(true).open(path).map_err(|e| StoreError::io(path, e))?;
        let len = file.metadata().map_err(|e| StoreError::io(path, e))?.len();
        if len > good_len {
            file.set_len(good_len).map_err(|e| StoreError::io(path, e))?;
        }
        Ok(Journal { path: path.to_owned(), file, good_len, dirty: false })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one record and fsyncs it. On failure the file is cut back to its last
    /// complete record and the error names the reason and the path.
    pub fn append(&mut self, record: &Record) -> Result<(), StoreError> {
        let mut line = serde_json::to_vec(record).map_err(|e| StoreError::Encode(e.to_string()))?;
        line.push(b'\n');
        if self.dirty {
            // An earlier partial line is still there: cut it off before writing on.
            self.file.set_len(self.good_len).map_err(|e| StoreError::io(&self.path, e))?;
            self.dirty = false;
        }
        let result = self.file.write_all(&line).and_then(|()| self.file.sync_data());
        match result {
            Ok(()) => {
                self.good_len += line.len() as u64;
                Ok(())
            }
            Err(e) => {
                // A partial line must not stay in front of the next record; when it cannot
                // be cut off now, the next append tries again before writing.
                self.dirty = self.file.set_len(self.good_len).is_err();
                Err(StoreError::io(&self.path, e))
            }
        }
    }
}

/// What reading a journal found.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadJournal {
    pub records: Vec<Record>,
    /// Bytes up to the end of the last complete record.
    pub good_len: u64,
    /// A torn last line (no newline, or not valid JSON) that was dropped.
    pub torn_tail: bool,
}

/// Reads every complete record. Only an unterminated last line is torn (a write cut short:
/// each record is written with one call ending in its newline); it is dropped and
/// reported. A terminated line that does not parse, or a record of a newer schema version,
/// is an error naming `file:line`, and the file is left untouched.
pub fn read(path: &Path) -> Result<ReadJournal, StoreError> {
    // A FIFO or device named `*.jsonl` would block the read (or never end): refused.
    let meta = std::fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
    if !meta.is_file() {
        return Err(StoreError::NotAJournal { path: path.to_owned(), reason: "not a regular file".into() });
    }
    let bytes = std::fs::read(path).map_err(|e| StoreError::io(path, e))?;
    let mut records = Vec::new();
    let mut good_len = 0u64;
    let mut torn_tail = false;
    let mut rest: &[u8] = &bytes;
    let mut line_no = 0usize;
    while !rest.is_empty() {
        line_no += 1;
        let (line, complete) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..i], true),
            None => (rest, false),
        };
        let consumed = line.len() + usize::from(complete);
        if !complete {
            // No newline: the write of the last record was cut short.
            torn_tail = true;
            break;
        }
        // The version first: a newer record may not even parse as this build's records.
        if let Some(v) = record_version(line)
            && v > SCHEMA_VERSION
        {
            return Err(StoreError::Newer { path: path.to_owned(), line: line_no, version: v });
        }
        match serde_json::from_slice::<Record>(line) {
            Ok(r) => {
                records.push(r);
                good_len += consumed as u64;
            }
            Err(e) => return Err(StoreError::Corrupt { path: path.to_owned(), line: line_no, reason: e.to_string() }),
        }
        rest = &rest[consumed..];
    }
    Ok(ReadJournal { records, good_len, torn_tail })
}

/// The schema version `v` of a journal line, when it has one.
fn record_version(line: &[u8]) -> Option<u32> {
    #[derive(serde::Deserialize)]
    struct Versioned {
        v: u32,
    }
    serde_json::from_slice::<Versioned>(line).ok().map(|x| x.v)
}

/// Makes a rename or a new file in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Replaces `path` with `bytes` so that it holds either its old content or all of the new,
/// through a crash: a temporary file in the same directory, synced, renamed over it, the
/// directory synced. The temporary file is removed when any step fails.
pub fn replace_durably(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        sync_dir(&dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
