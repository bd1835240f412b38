//! The parsed-bank cache under the data dir's `cache/`, in two parts.
//!
//! - **Entries**: a validated bank in postcard (a compact binary serde format with a
//!   documented, stable wire format), keyed by the SHA-256 of the bank's bytes and
//!   Proctor's version, carrying that SHA-256. A later load whose bytes are unchanged
//!   decodes it instead of parsing YAML. The entry opens with a head (exam, domains,
//!   question counts, warnings) that can be read alone: a list of banks need not decode
//!   every question of every bank. A large bank's questions follow in two parts, decoded
//!   on two threads.
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
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::diagnostic::Severity;
use super::{Bank, Diagnostic};

/// Bumped when the model's shape changes, so old entries are never misread.
const FORMAT: u32 = 5;

/// A file whose mtime or ctime is this close to (or after) its stamp's write time is hashed.
pub const RACY_SECS: i64 = 2;

/// A bank with at least this many questions stores them in `PARTS` parts, decoded at once
/// on as many threads: decoding is most of a warm start, and the machine has the cores.
const SPLIT_AT: usize = 2_000;
const PARTS: usize = 2;

/// The longest string a streamed decode holds at once; a part with a longer one is
/// decoded from memory instead.
const SCRATCH: usize = 1 << 20;

/// A head longer than this is not believed (the length comes first, from the file).
const MAX_HEAD: u64 = 64 << 20;

/// An entry is its head's length (8 bytes, little-endian), the head, then the questions
/// in parts. The head holds what the home screen's list and readiness need (the exam, the
/// domains, how many questions each has, the warnings), so a list of many banks decodes a
/// few hundred bytes of each; the questions are decoded on use.
#[derive(Serialize, Deserialize)]
struct Head {
    format: u32,
    version: String,
    sha256: String,
    exam: super::Exam,
    domains: Vec<super::Domain>,
    domain_counts: Vec<usize>,
    testlets: Vec<super::Testlet>,
    warnings: Vec<CachedDiagnostic>,
    /// Each part of the questions: its length in bytes and how many questions it holds.
    parts: Vec<(u64, u64)>,
}

impl Head {
    /// Written by this build for these bytes, and whole.
    fn sound(&self, sha256: &str) -> bool {
        self.format == FORMAT
            && self.version == env!("CARGO_PKG_VERSION")
            && self.sha256 == sha256
            && self.domain_counts.len() == self.domains.len()
            && !self.parts.is_empty()
    }
}

/// A bank known from its entry's head alone: enough to list it.
#[derive(Debug, Clone, PartialEq)]
pub struct BankHead {
    /// The bank without its questions.
    pub bank: Bank,
    /// Questions per domain, in domain order (the whole bank's `domain_counts`).
    pub domain_counts: Vec<usize>,
    pub warnings: Vec<Diagnostic>,
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

pub(crate) fn entry_path(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(format!("{sha256}-{}.bank", env!("CARGO_PKG_VERSION")))
}

/// The sound head of the entry in `f` (read from its start) for these bytes, and where
/// the questions begin.
fn read_head(f: &mut File, sha256: &str) -> Option<(Head, u64)> {
    let mut len = [0u8; 8];
    f.read_exact(&mut len).ok()?;
    let len = u64::from_le_bytes(len);
    if len > MAX_HEAD {
        return None;
    }
    let mut bytes = Vec::new();
    Read::by_ref(f).take(len).read_to_end(&mut bytes).ok()?;
    let (h, rest): (Head, &[u8]) = postcard::take_from_bytes(&bytes).ok()?;
    (rest.is_empty() && bytes.len() as u64 == len && h.sound(sha256)).then_some((h, 8 + len))
}

/// One part of the questions: `len` bytes at `at` in the entry, holding `count` questions.
/// Decoded straight from the file a buffer at a time, so the entry's bytes (about as large
/// as the bank decoded from them) are never held whole beside it; from memory when a
/// string is too long for that.
fn read_part(path: &Path, at: u64, len: u64, count: u64) -> Option<Vec<super::Question>> {
    let open = || -> Option<std::io::Take<File>> {
        let mut f = File::open(path).ok()?;
        f.seek(SeekFrom::Start(at)).ok()?;
        Some(f.take(len))
    };
    let streamed = || -> Option<Vec<super::Question>> {
        let mut reader = std::io::BufReader::with_capacity(256 * 1024, open()?);
        let mut scratch = vec![0u8; SCRATCH];
        let (qs, (reader, _)): (Vec<super::Question>, _) =
            postcard::from_io((&mut reader, scratch.as_mut_slice())).ok()?;
        // Bytes left in the part mean it is not what was written: not trusted.
        let mut more = [0u8; 1];
        (reader.read(&mut more).ok()? == 0).then_some(qs)
    };
    let in_memory = || -> Option<Vec<super::Question>> {
        let mut bytes = Vec::new();
        open()?.read_to_end(&mut bytes).ok()?;
        let (qs, rest): (Vec<super::Question>, &[u8]) = postcard::take_from_bytes(&bytes).ok()?;
        rest.is_empty().then_some(qs)
    };
    streamed().or_else(in_memory).filter(|qs| qs.len() as u64 == count)
}

/// The cached bank for these bytes, if a sound entry exists.
pub fn get(dir: &Path, sha256: &str) -> Option<(Bank, Vec<Diagnostic>)> {
    let path = entry_path(dir, sha256);
    let mut f = File::open(&path).ok()?;
    let file_len = f.metadata().ok()?.len();
    let (h, start) = read_head(&mut f, sha256)?;
    drop(f);
    let mut spans = Vec::with_capacity(h.parts.len());
    let mut at = start;
    for &(len, count) in &h.parts {
        spans.push((at, len, count));
        at = at.checked_add(len)?;
    }
    // Trailing (or missing) bytes mean the entry is not what was written: not trusted.
    if at != file_len {
        return None;
    }
    // The first part on this thread, the others each on their own.
    let parts: Vec<Option<Vec<super::Question>>> = std::thread::scope(|scope| {
        let path = &path;
        let others: Vec<_> =
            spans[1..].iter().map(|&(at, len, count)| scope.spawn(move || read_part(path, at, len, count))).collect();
        let (at, len, count) = spans[0];
        let first = read_part(path, at, len, count);
        std::iter::once(first).chain(others.into_iter().map(|t| t.join().ok().flatten())).collect()
    });
    // The others appended to the first part: its buffer grows (in place, for one this
    // large), rather than all of them copied into a new one while they are still held.
    let mut parts = parts.into_iter();
    let mut questions = parts.next().flatten()?;
    for part in parts {
        questions.extend(part?);
    }
    let b = Bank { exam: h.exam, domains: h.domains, questions, testlets: h.testlets };
    let sound =
        b.questions.iter().all(|q| q.domain < b.domains.len() && q.testlet.is_none_or(|t| t < b.testlets.len()))
            && b.domain_counts() == h.domain_counts;
    sound.then(|| (b, h.warnings.into_iter().map(Diagnostic::from).collect()))
}

/// The head of the cached bank for these bytes, reading no more of the entry than the
/// head. The questions are not looked at: `get` checks them when they are used.
pub fn get_head(dir: &Path, sha256: &str) -> Option<BankHead> {
    let mut f = File::open(entry_path(dir, sha256)).ok()?;
    let (h, _) = read_head(&mut f, sha256)?;
    let bank = Bank { exam: h.exam, domains: h.domains, questions: Vec::new(), testlets: h.testlets };
    let warnings = h.warnings.into_iter().map(Diagnostic::from).collect();
    Some(BankHead { bank, domain_counts: h.domain_counts, warnings })
}

/// Stores a validated bank; failures are ignored (the cache is only a speed-up).
pub fn put(dir: &Path, sha256: &str, bank: &Bank, warnings: &[Diagnostic]) {
    if let Ok(data) = encode(sha256, bank, warnings) {
        // Synced: a stamp may later point here without the bank being hashed.
        let _ = write_whole(dir, &entry_path(dir, sha256), &data, true);
    }
}

/// Entry writes still under way on their own threads (`put_in_background`).
static WRITES: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>> = std::sync::Mutex::new(Vec::new());

/// As `put`, with the entry encoded now and written (and synced) on a thread of its own,
/// then `after` run there: a first start does not wait for the disk. `finish_writes` waits
/// for every such write; a process that ends without it may leave the entry unwritten
/// (the bank is then read again next time) but never a torn one.
pub fn put_in_background(
    dir: &Path,
    sha256: &str,
    bank: &Bank,
    warnings: &[Diagnostic],
    after: impl FnOnce() + Send + 'static,
) {
    let Ok(data) = encode(sha256, bank, warnings) else { return };
    let (dir, path) = (dir.to_path_buf(), entry_path(dir, sha256));
    let write = move || {
        if write_whole(&dir, &path, &data, true).is_ok() {
            after();
        }
    };
    // No thread to be had: the entry is simply not cached this time.
    if let Ok(h) = std::thread::Builder::new().name("cache-write".into()).spawn(write) {
        WRITES.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(h);
    }
}

/// Waits for the entry writes `put_in_background` started.
pub fn finish_writes() {
    let pending = std::mem::take(&mut *WRITES.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    for h in pending {
        let _ = h.join();
    }
}

/// A cache entry's bytes, in the order they are written: the head's length, the head, the
/// question parts. The parts are encoded at once on as many threads, and kept apart so
/// that they are never copied into one buffer.
fn encode(sha256: &str, bank: &Bank, warnings: &[Diagnostic]) -> std::io::Result<Vec<Vec<u8>>> {
    let n = bank.questions.len();
    let chunk = if n >= SPLIT_AT { n.div_ceil(PARTS) } else { n.max(1) };
    let split: Vec<&[super::Question]> =
        if n == 0 { vec![&bank.questions[..]] } else { bank.questions.chunks(chunk).collect() };
    let one = |q: &[super::Question]| postcard::to_stdvec(q).map_err(std::io::Error::other);
    let parts: Vec<Vec<u8>> = std::thread::scope(|s| {
        let later: Vec<_> = split[1..].iter().map(|q| s.spawn(move || one(q))).collect();
        std::iter::once(one(split[0]))
            .chain(
                later.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(std::io::Error::other("encoding failed")))),
            )
            .collect::<std::io::Result<_>>()
    })?;
    let h = Head {
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        sha256: sha256.to_owned(),
        exam: bank.exam.clone(),
        domains: bank.domains.clone(),
        domain_counts: bank.domain_counts(),
        testlets: bank.testlets.clone(),
        warnings: warnings.iter().map(CachedDiagnostic::from).collect(),
        parts: parts.iter().zip(&split).map(|(b, q)| (b.len() as u64, q.len() as u64)).collect(),
    };
    let head = postcard::to_stdvec(&h).map_err(std::io::Error::other)?;
    Ok([(head.len() as u64).to_le_bytes().to_vec(), head].into_iter().chain(parts).collect())
}

/// Written whole under a temporary name, then renamed: a reader never sees half.
fn write_whole<B: AsRef<[u8]>>(dir: &Path, path: &Path, data: &[B], sync: bool) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut f = File::create(&tmp)?;
    for d in data {
        f.write_all(d.as_ref())?;
    }
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
        let _ = path.parent().map(|d| write_whole(d, &path, &[data], false));
    }
}
