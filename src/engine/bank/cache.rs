//! The parsed-bank cache under the data dir's `cache/`, in two parts.
//!
//! - **Entries**: a validated bank in postcard (a compact binary serde format with a
//!   documented, stable wire format), keyed by the SHA-256 of the bank's bytes and
//!   Proctor's version, carrying that SHA-256. A later load whose bytes are unchanged
//!   decodes it instead of parsing YAML.
//! - **Stamps**: for a bank on disk, what its files looked like (size, mtime, ctime, inode,
//!   device) when their SHA-256 was last taken, and that SHA-256. When every file still
//!   looks the same, the bank is not read or hashed at all. As git does for its index, a
//!   file changed within [`RACY_SECS`] of the stamp being written is "racily clean": an
//!   edit in the same timestamp tick would not show, so the bank is hashed as if there
//!   were no stamp.
//!
//! Anything wrong with an entry or a stamp — corrupt, truncated, stale, unreadable, from
//! another version — means it is ignored and rebuilt, never trusted and never an error.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::diagnostic::Severity;
use super::{Bank, Diagnostic};

/// Bumped when the model's shape changes, so old entries are never misread.
const FORMAT: u32 = 3;

/// A file whose mtime or ctime is this close to (or after) its stamp's write time is hashed.
pub const RACY_SECS: i64 = 2;

#[derive(Serialize, Deserialize)]
struct Entry {
    format: u32,
    version: String,
    sha256: String,
    bank: Bank,
    warnings: Vec<CachedDiagnostic>,
}

/// A diagnostic as the cache stores it: every field written (the user-facing JSON form
/// leaves an absent question out, which a non-self-describing format cannot read back).
#[derive(Serialize, Deserialize)]
struct CachedDiagnostic(Severity, String, usize, usize, Option<String>, String);

impl From<&Diagnostic> for CachedDiagnostic {
    fn from(d: &Diagnostic) -> Self {
        CachedDiagnostic(d.severity, d.file.clone(), d.line, d.column, d.question.clone(), d.message.clone())
    }
}

impl From<CachedDiagnostic> for Diagnostic {
    fn from(CachedDiagnostic(severity, file, line, column, question, message): CachedDiagnostic) -> Self {
        Diagnostic { severity, file, line, column, question, message }
    }
}

fn entry_path(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(format!("{sha256}-{}.bank", env!("CARGO_PKG_VERSION")))
}

/// The cached bank for these bytes, if a sound entry exists.
pub fn get(dir: &Path, sha256: &str) -> Option<(Bank, Vec<Diagnostic>)> {
    let bytes = fs::read(entry_path(dir, sha256)).ok()?;
    // Trailing bytes mean the entry is not what was written: not trusted.
    let (e, rest): (Entry, &[u8]) = postcard::take_from_bytes(&bytes).ok()?;
    let b = &e.bank;
    let sound = rest.is_empty()
        && e.format == FORMAT
        && e.version == env!("CARGO_PKG_VERSION")
        && e.sha256 == sha256
        && b.questions.iter().all(|q| q.domain < b.domains.len() && q.testlet.is_none_or(|t| t < b.testlets.len()));
    sound.then(|| (e.bank, e.warnings.into_iter().map(Diagnostic::from).collect()))
}

/// Stores a validated bank; failures are ignored (the cache is only a speed-up).
pub fn put(dir: &Path, sha256: &str, bank: &Bank, warnings: &[Diagnostic]) {
    let write = || -> std::io::Result<()> {
        let e = Entry {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            sha256: sha256.to_owned(),
            bank: bank.clone(),
            warnings: warnings.iter().map(CachedDiagnostic::from).collect(),
        };
        let data = postcard::to_stdvec(&e).map_err(std::io::Error::other)?;
        // Synced: a stamp may later point here without the bank being hashed.
        write_whole(dir, &entry_path(dir, sha256), &data, true)
    };
    let _ = write();
}

/// Written whole under a temporary name, then renamed: a reader never sees half.
fn write_whole(dir: &Path, path: &Path, data: &[u8], sync: bool) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut f = File::create(&tmp)?;
    f.write_all(data)?;
    if sync {
        f.sync_all()?;
    }
    fs::rename(&tmp, path)
}

/// What one file looked like: size, mtime, ctime (nanoseconds), inode and device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMeta {
    size: u64,
    mtime_ns: i128,
    ctime_ns: i128,
    inode: u64,
    device: u64,
}

impl FileMeta {
    /// `None` where the platform does not give all five (the bank is then always hashed).
    pub fn of(meta: &fs::Metadata) -> Option<FileMeta> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
            Some(FileMeta {
                size: meta.size(),
                mtime_ns: ns(meta.mtime(), meta.mtime_nsec()),
                ctime_ns: ns(meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
                device: meta.dev(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }

    /// The modification time, in nanoseconds since the epoch.
    pub(crate) fn mtime_ns(&self) -> i128 {
        self.mtime_ns
    }

    /// Changed so close to `written_ns` (or after it) that an edit in the same tick
    /// would not show in the metadata.
    pub(crate) fn racy(&self, written_ns: i128) -> bool {
        let limit = written_ns - i128::from(RACY_SECS) * 1_000_000_000;
        self.mtime_ns >= limit || self.ctime_ns >= limit
    }
}

#[derive(Serialize, Deserialize)]
struct Stamp {
    format: u32,
    version: String,
    paths: Vec<String>,
    files: Vec<FileMeta>,
    sha256: String,
}

fn stamp_path(dir: &Path, paths: &[PathBuf]) -> PathBuf {
    let mut h = Sha256::new();
    for p in paths {
        h.update(p.as_os_str().as_encoded_bytes());
        h.update([0]);
    }
    let key: String = h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
    dir.join("stamps").join(format!("{key}.stamp"))
}

/// The SHA-256 recorded for these files when every one of them still has the metadata it
/// had then and none changed within [`RACY_SECS`] of the stamp being written.
pub fn stamped(dir: &Path, paths: &[PathBuf], now: &[FileMeta]) -> Option<String> {
    let mut f = File::open(stamp_path(dir, paths)).ok()?;
    // The stamp file's own mtime is when it was written, on the same clock as the files'.
    let written = FileMeta::of(&f.metadata().ok()?)?.mtime_ns();
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes).ok()?;
    let (s, rest): (Stamp, &[u8]) = postcard::take_from_bytes(&bytes).ok()?;
    let same_paths = s.paths.len() == paths.len() && s.paths.iter().zip(paths).all(|(a, b)| Path::new(a) == b);
    let sound = rest.is_empty()
        && s.format == FORMAT
        && s.version == env!("CARGO_PKG_VERSION")
        && same_paths
        && s.files == now
        && !now.iter().any(|m| m.racy(written));
    sound.then_some(s.sha256)
}

/// Records that files with these metadata (taken before they were read) hash to `sha256`.
pub fn stamp(dir: &Path, paths: &[PathBuf], metas: &[FileMeta], sha256: &str) {
    let s = Stamp {
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        paths: paths.iter().map(|p| p.to_string_lossy().into_owned()).collect(),
        files: metas.to_vec(),
        sha256: sha256.to_owned(),
    };
    if let Ok(data) = postcard::to_stdvec(&s) {
        let path = stamp_path(dir, paths);
        // Not synced: a lost or torn stamp only means the bank is hashed once more.
        let _ = path.parent().map(|d| write_whole(d, &path, &data, false));
    }
}
