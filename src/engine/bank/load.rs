//! Reading banks from disk and from the binary: single files, directory banks
//! (`bank.yaml` plus `*.yaml` question files), and the bundled banks.
//!
//! Everything that can go wrong before parsing (not a regular file, too large, not UTF-8)
//! becomes a diagnostic naming the path, like any other problem in the bank.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::cache::FileMeta;
use super::diagnostic::{self, Diagnostic};
use super::validate::{self, SourceText};
use super::{Bank, bundled};

/// Default per-file size cap; a larger bank can be split into a directory bank.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Where a bank comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankSource {
    /// Compiled into the binary, under its `question_banks/` name.
    Bundled(&'static str),
    File(PathBuf),
    Dir(PathBuf),
}

impl BankSource {
    /// How the source is shown to the user.
    pub fn display(&self) -> String {
        match self {
            BankSource::Bundled(name) => format!("<bundled>/{name}"),
            BankSource::File(p) | BankSource::Dir(p) => p.display().to_string(),
        }
    }
}

/// Which of the places Proctor looks in a bank was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Bundled,
    /// `./question_banks/` in the working directory.
    Local,
    /// The banks directory under the user's data dir.
    User,
    /// A path named on the command line.
    Path,
}

/// A bank that passed validation, with where it came from and its fingerprint.
#[derive(Debug, Clone)]
pub struct LoadedBank {
    pub bank: Bank,
    pub source: BankSource,
    /// SHA-256 of the bank's bytes (all files of a directory bank), lowercase hex.
    pub sha256: String,
    pub warnings: Vec<Diagnostic>,
    /// Listed from its cache entry's head alone (`LoadOptions::deferring`): `bank` has no
    /// questions yet, and `complete` reads them.
    pub deferred: Option<Deferred>,
}

/// What a bank listed from its cache entry's head needs to be read whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Deferred {
    /// Questions per domain of the whole bank, in domain order.
    domain_counts: Vec<usize>,
    cache_dir: PathBuf,
    max_file_bytes: u64,
}

impl LoadedBank {
    /// A bank read whole.
    pub fn whole(bank: Bank, source: BankSource, sha256: String, warnings: Vec<Diagnostic>) -> LoadedBank {
        LoadedBank { bank, source, sha256, warnings, deferred: None }
    }

    /// How many questions the bank has (known before they are read).
    pub fn question_count(&self) -> usize {
        match &self.deferred {
            Some(d) => d.domain_counts.iter().sum(),
            None => self.bank.questions.len(),
        }
    }

    /// Questions per domain, in domain order (known before they are read).
    pub fn domain_counts(&self) -> Vec<usize> {
        match &self.deferred {
            Some(d) => d.domain_counts.clone(),
            None => self.bank.domain_counts(),
        }
    }

    /// Reads the questions of a bank listed from its head: from the same cache entry, or,
    /// when that is gone or unsound, from the bank's files as a fresh load would (a bank
    /// changed since is then read as it is now). Nothing to do for a bank read whole. On
    /// an error the bank stays deferred, without its questions.
    pub fn complete(&mut self) -> Result<(), LoadError> {
        let Some(d) = self.deferred.take() else { return Ok(()) };
        if let Some((bank, warnings)) = super::cache::get(&d.cache_dir, &self.sha256) {
            self.bank = bank;
            self.warnings = warnings;
            return Ok(());
        }
        let opts = LoadOptions::new(d.max_file_bytes, Some(d.cache_dir.clone()));
        let report = match &self.source {
            BankSource::Bundled(name) => check_bundled(name, &opts),
            BankSource::File(p) | BankSource::Dir(p) => Some(check_path(p, &opts)),
        };
        match report.map(into_result) {
            Some(Ok(whole)) => {
                *self = whole;
                Ok(())
            }
            Some(Err(e)) => {
                self.deferred = Some(d);
                Err(e)
            }
            None => {
                self.deferred = Some(d);
                Err(LoadError { diagnostics: vec![Diagnostic::error(self.source.display(), "not a bundled bank")] })
            }
        }
    }
}

/// The bank could not be used; every problem found is listed.
#[derive(Debug, thiserror::Error)]
#[error("{}", render(.diagnostics))]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

fn render(ds: &[Diagnostic]) -> String {
    let mut s: String = ds.iter().filter(|d| d.is_error()).map(|d| format!("{d}\n")).collect();
    s.push_str(&diagnostic::summary(ds, 1));
    s
}

/// Options for reading bank files.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub max_file_bytes: u64,
    /// Where validated banks are cached (the data dir's `cache/`); `None` disables it.
    pub cache_dir: Option<PathBuf>,
    /// A bank served from the cache by its stamp is read from its entry's head alone (see
    /// `LoadedBank::deferred`): for a list of banks shown before any is used.
    pub defer: bool,
}

impl LoadOptions {
    pub fn new(max_file_bytes: u64, cache_dir: Option<PathBuf>) -> Self {
        LoadOptions { max_file_bytes, cache_dir, defer: false }
    }

    pub fn uncached() -> Self {
        LoadOptions::new(DEFAULT_MAX_FILE_BYTES, None)
    }

    /// These options, with banks served by their stamp listed from their heads.
    pub fn deferring(&self) -> LoadOptions {
        LoadOptions { defer: true, ..self.clone() }
    }
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions::uncached()
    }
}

/// Result of checking one bank: the bank when usable, and every diagnostic.
pub struct Report {
    pub source: BankSource,
    pub bank: Option<LoadedBank>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks the bank at `path` (a file or a directory bank).
pub fn check_path(path: &Path, opts: &LoadOptions) -> Report {
    let shown = path.display().to_string();
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return failed(BankSource::File(path.into()), Diagnostic::error(shown, format!("cannot read: {e}"))),
    };
    if meta.is_dir() {
        return check_dir(path, opts);
    }
    let source = BankSource::File(path.into());
    let paths = [path.to_path_buf()];
    let metas = match by_stamp(&paths, &source, opts) {
        Lookup::Hit(report) => return *report,
        Lookup::Miss(metas) => metas,
    };
    let cache = opts.cache_dir.as_deref().map(|dir| CacheUse { dir, paths: &paths, metas });
    match read_text(path, opts) {
        Ok((text, bom, sha256)) => finish(source, vec![SourceText { name: shown, text, bom }], cache, sha256),
        Err(d) => failed(source, *d),
    }
}

/// Loads a bank for use; errors when it has any error-level diagnostic.
pub fn load_path(path: &Path, opts: &LoadOptions) -> Result<LoadedBank, LoadError> {
    into_result(check_path(path, opts))
}

fn into_result(r: Report) -> Result<LoadedBank, LoadError> {
    r.bank.ok_or(LoadError { diagnostics: r.diagnostics })
}

fn failed(source: BankSource, d: Diagnostic) -> Report {
    Report { source, bank: None, diagnostics: vec![d] }
}

fn check_dir(dir: &Path, opts: &LoadOptions) -> Report {
    let source = BankSource::Dir(dir.into());
    let header = dir.join("bank.yaml");
    if !header.is_file() {
        return failed(
            source,
            Diagnostic::error(
                dir.display().to_string(),
                "a directory bank needs a `bank.yaml` holding `exam:` and `domains:`",
            ),
        );
    }
    let mut others: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                !name.starts_with('.') && name != "bank.yaml" && (name.ends_with(".yaml") || name.ends_with(".yml"))
            })
            .collect(),
        Err(e) => return failed(source, Diagnostic::error(dir.display().to_string(), format!("cannot list: {e}"))),
    };
    others.sort();
    let paths: Vec<PathBuf> = std::iter::once(header).chain(others).collect();
    let metas = match by_stamp(&paths, &source, opts) {
        Lookup::Hit(report) => return *report,
        Lookup::Miss(metas) => metas,
    };
    let mut files = Vec::with_capacity(paths.len());
    let mut problems = Vec::new();
    for p in &paths {
        match read_text(p, opts) {
            Ok((text, bom, _)) => files.push(SourceText { name: p.display().to_string(), text, bom }),
            Err(d) if files.is_empty() => return failed(source, *d),
            Err(d) => problems.push(*d),
        }
    }
    // A bank with an unreadable file is never cached.
    let cache =
        opts.cache_dir.as_deref().filter(|_| problems.is_empty()).map(|dir| CacheUse { dir, paths: &paths, metas });
    let mut report = finish(source, files, cache, None);
    if !problems.is_empty() {
        report.bank = None;
        report.diagnostics.splice(0..0, problems);
    }
    report
}

/// Reads a bank file as text: refuses what is not a regular file or is over the size cap
/// before reading it, reports non-UTF-8 bytes by position, and drops a byte-order mark.
/// Also the file's SHA-256 (its `fingerprint` as a single-file bank) when it was taken
/// while reading.
fn read_text(path: &Path, opts: &LoadOptions) -> Result<(String, bool, Option<String>), Box<Diagnostic>> {
    let shown = path.display().to_string();
    let err = |msg: String| Box::new(Diagnostic::error(shown.clone(), msg));
    let meta = fs::metadata(path).map_err(|e| err(format!("cannot read: {e}")))?;
    if !meta.is_file() {
        let kind = if meta.is_dir() { "a directory" } else { "a device, FIFO or socket" };
        return Err(err(format!("not a regular file ({kind}); give a bank file or a bank directory")));
    }
    if meta.len() > opts.max_file_bytes {
        return Err(err(too_large(meta.len(), opts.max_file_bytes)));
    }
    let file = File::open(path).map_err(|e| err(format!("cannot open: {e}")))?;
    let (bytes, sha256) =
        read_bytes(file, meta.len(), opts.max_file_bytes).map_err(|e| err(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > opts.max_file_bytes {
        return Err(err(too_large(bytes.len() as u64, opts.max_file_bytes)));
    }
    let bom = bytes.starts_with(BOM);
    decode(bytes).map(|t| (t, bom, sha256)).map_err(|(line, col, offset)| {
        Box::new(
            Diagnostic::error(shown.clone(), format!("invalid UTF-8 at byte offset {offset}; save the file as UTF-8"))
                .at(line, col),
        )
    })
}

/// Files from this size are hashed on another core as they are read, block by block: the
/// hash then costs a first start no time of its own.
const HASH_WHILE_READING_FROM: u64 = 1 << 20;

/// The file's bytes, never more than `cap + 1` of them (it may grow after its size was
/// taken), and for a large file their SHA-256 in hex. A file that grew past the size it
/// had is not hashed here: the bytes after that size were read after the hash was done.
fn read_bytes(mut file: File, len: u64, cap: u64) -> std::io::Result<(Vec<u8>, Option<String>)> {
    if len < HASH_WHILE_READING_FROM {
        let mut bytes = Vec::with_capacity(len as usize);
        file.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
        return Ok((bytes, None));
    }
    const BLOCK: usize = 4 << 20;
    let mut bytes = vec![0u8; len as usize];
    let (filled, digest) = std::thread::scope(|s| -> std::io::Result<(usize, Option<String>)> {
        let (blocks, read) = std::sync::mpsc::sync_channel::<&[u8]>(4);
        let hasher = s.spawn(move || {
            let mut h = Sha256::new();
            for b in read {
                h.update(b);
            }
            hex(&h.finalize())
        });
        let mut filled = 0;
        for block in bytes.chunks_mut(BLOCK) {
            let n = read_full(&mut file, block)?;
            filled += n;
            let block: &[u8] = block;
            // A hasher that is gone (it panicked) only means no hash: the bank is hashed later.
            if blocks.send(&block[..n]).is_err() || n < block.len() {
                break;
            }
        }
        drop(blocks);
        Ok((filled, hasher.join().ok()))
    })?;
    // A file that shrank: what was read is all there is, and all that was hashed.
    bytes.truncate(filled);
    let mut more = Vec::new();
    file.take(cap.saturating_add(1).saturating_sub(filled as u64)).read_to_end(&mut more)?;
    if more.is_empty() {
        return Ok((bytes, digest));
    }
    bytes.extend(more);
    Ok((bytes, None))
}

/// Reads until `buf` is full or the file ends; how many bytes were read.
fn read_full(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

fn too_large(len: u64, cap: u64) -> String {
    format!(
        "the file is {} bytes ({:.1} MiB), over the {:.1} MiB cap; split it into a directory bank or raise --max-bank-size",
        len,
        len as f64 / 1048576.0,
        cap as f64 / 1048576.0
    )
}

/// UTF-8 text without a BOM, or the (line, column, byte offset) of the first bad byte.
pub fn decode(bytes: Vec<u8>) -> Result<String, (usize, usize, usize)> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let good = &e.as_bytes()[..offset];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let col = std::str::from_utf8(&good[line_start..]).map_or(1, |s| s.chars().count() + 1);
            Err((line, col, offset))
        }
    }
}

/// Banks from this size have their cache entry written on a thread of its own: writing
/// and syncing tens of megabytes is time a first start need not wait for.
const WRITE_IN_BACKGROUND_FROM: usize = 1 << 20;

/// The cache as one load uses it: where it is, and for a bank on disk its files with the
/// metadata they had before they were read (for the stamp).
struct CacheUse<'a> {
    dir: &'a Path,
    paths: &'a [PathBuf],
    metas: Option<Vec<FileMeta>>,
}

/// Checks `files` (through the cache when there is one). `sha256` is their fingerprint
/// when it was already taken.
fn finish(source: BankSource, files: Vec<SourceText>, cache: Option<CacheUse<'_>>, sha256: Option<String>) -> Report {
    let Some(cache) = cache else {
        if let Some(sha256) = sha256 {
            let checked = validate::check(&files);
            return report(source, sha256, checked.bank, checked.diagnostics);
        }
        // Without a cache, fingerprint on the other core while the files are checked.
        let (sha256, checked) = std::thread::scope(|scope| {
            let hashing = scope.spawn(|| fingerprint(&files));
            let checked = validate::check(&files);
            (hashing.join().unwrap_or_else(|_| fingerprint(&files)), checked)
        });
        return report(source, sha256, checked.bank, checked.diagnostics);
    };
    // The one hash of these bytes: the key looked up, and the key a miss is stored under.
    let sha256 = sha256.unwrap_or_else(|| fingerprint(&files));
    let stamp = |sha: &str| {
        if let Some(m) = &cache.metas {
            super::cache::stamp(cache.dir, cache.paths, m, sha);
        }
    };
    if let Some((bank, warnings)) = super::cache::get(cache.dir, &sha256) {
        stamp(&sha256);
        return report(source, sha256, Some(bank), warnings);
    }
    let checked = validate::check(&files);
    let large = files.iter().map(|f| f.text.len()).sum::<usize>() >= WRITE_IN_BACKGROUND_FROM;
    drop(files);
    if let Some(bank) = &checked.bank {
        if large {
            // The entry is written, synced and then stamped while the app starts.
            let (dir, paths, metas, sha) =
                (cache.dir.to_path_buf(), cache.paths.to_vec(), cache.metas.clone(), sha256.clone());
            super::cache::put_in_background(cache.dir, &sha256, bank, &checked.diagnostics, move || {
                if let Some(m) = metas {
                    super::cache::stamp(&dir, &paths, &m, &sha);
                }
            });
        } else {
            super::cache::put(cache.dir, &sha256, bank, &checked.diagnostics);
            stamp(&sha256);
        }
    }
    report(source, sha256, checked.bank, checked.diagnostics)
}

fn report(source: BankSource, sha256: String, bank: Option<Bank>, diagnostics: Vec<Diagnostic>) -> Report {
    let bank = bank.map(|bank| LoadedBank::whole(bank, source.clone(), sha256, diagnostics.clone()));
    Report { source, bank, diagnostics }
}

const BOM: &[u8] = b"\xef\xbb\xbf";

/// A bank's SHA-256, lowercase hex: for a single file, of its bytes (what `sha256sum`
/// prints); for a directory bank, over each file's bytes and each name after the first.
fn fingerprint(files: &[SourceText]) -> String {
    let mut hasher = Sha256::new();
    for (i, f) in files.iter().enumerate() {
        if i > 0 {
            hasher.update(file_name(&f.name).as_bytes());
            hasher.update([0]);
        }
        if f.bom {
            hasher.update(BOM);
        }
        hasher.update(f.text.as_bytes());
        if files.len() > 1 {
            hasher.update([0]);
        }
    }
    hex(&hasher.finalize())
}

fn file_name(path: &str) -> String {
    Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// What looking for a bank in the cache before reading it found.
enum Lookup {
    Hit(Box<Report>),
    /// Not served without reading: the files' metadata as they were before the read, when
    /// every file could be looked at.
    Miss(Option<Vec<FileMeta>>),
}

/// The cached bank for these files when their metadata match the stamp taken when they
/// were last hashed (and are not racily clean), without reading or hashing them.
fn by_stamp(paths: &[PathBuf], source: &BankSource, opts: &LoadOptions) -> Lookup {
    let Some(dir) = opts.cache_dir.as_deref() else { return Lookup::Miss(None) };
    let metas: Option<Vec<FileMeta>> = paths
        .iter()
        .map(|p| fs::metadata(p).ok().filter(|m| m.is_file() && m.len() <= opts.max_file_bytes))
        .map(|m| m.as_ref().and_then(FileMeta::of))
        .collect();
    let Some(metas) = metas else { return Lookup::Miss(None) };
    let Some(sha256) = super::cache::stamped(dir, paths, &metas) else { return Lookup::Miss(Some(metas)) };
    if opts.defer
        && let Some(head) = super::cache::get_head(dir, &sha256)
    {
        let deferred = Deferred {
            domain_counts: head.domain_counts,
            cache_dir: dir.to_owned(),
            max_file_bytes: opts.max_file_bytes,
        };
        let mut r = report(source.clone(), sha256, Some(head.bank), head.warnings);
        if let Some(b) = &mut r.bank {
            b.deferred = Some(deferred);
        }
        return Lookup::Hit(Box::new(r));
    }
    if let Some((bank, warnings)) = super::cache::get(dir, &sha256) {
        return Lookup::Hit(Box::new(report(source.clone(), sha256, Some(bank), warnings)));
    }
    Lookup::Miss(Some(metas))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks one bundled bank by its `question_banks/` name, through the cache when `opts`
/// has one (keyed by the SHA-256 of the text compiled in).
pub fn check_bundled(name: &'static str, opts: &LoadOptions) -> Option<Report> {
    let (_, files) = bundled::BUNDLED.iter().find(|(n, _)| *n == name)?;
    let files = files
        .iter()
        .map(|(f, text)| SourceText {
            name: format!("<bundled>/{}", f),
            text: text.strip_prefix('\u{feff}').unwrap_or(text).to_owned(),
            bom: text.starts_with('\u{feff}'),
        })
        .collect();
    let cache = opts.cache_dir.as_deref().map(|dir| CacheUse { dir, paths: &[], metas: None });
    Some(finish(BankSource::Bundled(name), files, cache, None))
}

/// Every bundled bank, loaded. Bundled banks are checked by the test suite, so a failure
/// here is reported, not hidden.
pub fn load_bundled() -> Vec<Result<LoadedBank, LoadError>> {
    bundled::BUNDLED
        .iter()
        .filter_map(|(name, _)| check_bundled(name, &LoadOptions::uncached()))
        .map(into_result)
        .collect()
}

/// Checks a single-file bank held in memory (tests, fuzzing, the cache).
pub fn check_str(name: &str, text: &str) -> Report {
    let bom = text.starts_with('\u{feff}');
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_owned();
    finish(BankSource::File(PathBuf::from(name)), vec![SourceText { name: name.to_owned(), text, bom }], None, None)
}

/// Loads a single-file bank held in memory.
pub fn load_str(name: &str, text: &str) -> Result<LoadedBank, LoadError> {
    into_result(check_str(name, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = include_str!("../../../tests/fixtures/banks/valid/mini.yaml");

    fn cached_opts(dir: &Path) -> LoadOptions {
        LoadOptions::new(DEFAULT_MAX_FILE_BYTES, Some(dir.join("cache")))
    }

    fn entries(cache: &Path) -> Vec<PathBuf> {
        fs::read_dir(cache).expect("cache dir").map(|e| e.expect("entry").path()).filter(|p| p.is_file()).collect()
    }

    #[test]
    fn a_single_file_banks_fingerprint_is_the_sha256_of_its_bytes() {
        // sha256sum of "abc"
        let files = [SourceText { name: "a.yaml".into(), text: "abc".into(), bom: false }];
        assert_eq!(fingerprint(&files), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    /// A large file is hashed while it is read: the hash is its bytes' SHA-256, a BOM
    /// included, as `fingerprint` takes it.
    #[test]
    fn a_large_file_hashed_while_read_has_its_fingerprint() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.yaml");
        let body: String = (0..200_000).map(|i| format!("# line {i} of a large file\n")).collect();
        for bom in [false, true] {
            let bytes = [if bom { BOM } else { b"" }, body.as_bytes()].concat();
            fs::write(&path, &bytes).expect("write");
            let (text, had_bom, sha) = read_text(&path, &LoadOptions::uncached()).expect("read");
            assert!(bytes.len() as u64 > 4 * HASH_WHILE_READING_FROM, "several blocks");
            assert_eq!((text.as_str(), had_bom), (body.as_str(), bom));
            let files = [SourceText { name: "big.yaml".into(), text, bom }];
            assert_eq!(sha.as_deref(), Some(fingerprint(&files).as_str()));
            assert_eq!(sha, Some(hex(&Sha256::digest(&bytes))));
        }
    }

    /// A large bank's entry is written on a thread of its own: once the writes are waited
    /// for, it is there, stamped, and serves the next load without reading the bank.
    #[test]
    fn a_large_banks_entry_is_written_in_the_background_then_serves_the_next_load() {
        use std::fmt::Write as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let mut text = String::from(
            "exam:\n  id: big\n  title: Big\n  minutes: 60\n  questions: 40\n  passing_score: 70\n\
             domains:\n  - id: a\n    name: A\n    weight: 100\nquestions:\n",
        );
        let mut i = 0;
        while text.len() < WRITE_IN_BACKGROUND_FROM + 1000 {
            let _ = write!(
                text,
                "  - id: q{i}\n    domain: a\n    stem: Which statement about item {i} holds?\n    options:\n\
                 \x20     - text: right {i}\n        correct: true\n      - text: wrong {i}\n\
                 \x20     - text: also wrong {i}\n      - text: not this one {i}\n"
            );
            i += 1;
        }
        let bank = dir.path().join("big.yaml");
        fs::write(&bank, &text).expect("write");
        let opts = cached_opts(dir.path());
        let first = load_path(&bank, &opts).expect("cold");
        super::super::cache::finish_writes();
        assert_eq!(entries(&dir.path().join("cache")).len(), 1, "the entry");
        assert!(fs::read_dir(dir.path().join("cache/stamps")).expect("stamps").next().is_some(), "the stamp");
        let warm = load_path(&bank, &opts).expect("warm");
        assert_eq!((&warm.bank, &warm.sha256), (&first.bank, &first.sha256));
    }

    #[test]
    fn the_cache_is_used_when_sound_and_rebuilt_when_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bank = dir.path().join("mini.yaml");
        fs::write(&bank, MINI).expect("write");
        let cache = dir.path().join("cache");
        let opts = cached_opts(dir.path());
        let first = load_path(&bank, &opts).expect("cold");
        let entry = entries(&cache);
        assert_eq!(entry.len(), 1);
        // A warm load returns the same bank and fingerprint.
        let warm = load_path(&bank, &opts).expect("warm");
        assert_eq!((&warm.bank, &warm.sha256), (&first.bank, &first.sha256));
        // A corrupt or truncated entry is ignored and rewritten.
        let good = fs::read(&entry[0]).expect("read");
        for bad in [b"{not postcard".to_vec(), good[..good.len() / 2].to_vec(), [good.as_slice(), b"x"].concat()] {
            fs::write(&entry[0], bad).expect("corrupt");
            assert_eq!(load_path(&bank, &opts).expect("rebuilt").bank, first.bank);
            assert_eq!(fs::read(&entry[0]).expect("read"), good);
        }
        // Changed bytes are a different key: the edit is seen.
        fs::write(&bank, MINI.replace("Mini practice exam", "Edited")).expect("write");
        assert_eq!(load_path(&bank, &opts).expect("edited").bank.exam.title, "Edited");
        // An unwritable cache is not an error.
        let opts = LoadOptions::new(DEFAULT_MAX_FILE_BYTES, Some(bank.join("not-a-dir")));
        assert!(load_path(&bank, &opts).is_ok());
    }

    #[test]
    fn an_edit_keeping_size_and_mtime_is_seen() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bank = dir.path().join("mini.yaml");
        fs::write(&bank, MINI).expect("write");
        let old = filetime::FileTime::from_unix_time(1_700_000_000, 0);
        filetime::set_file_mtime(&bank, old).expect("mtime");
        let opts = cached_opts(dir.path());
        assert_eq!(load_path(&bank, &opts).expect("cold").bank.exam.title, "Mini practice exam");
        let edited = MINI.replace("Mini practice exam", "Mini practice EXAM");
        assert_eq!(edited.len(), MINI.len());
        fs::write(&bank, &edited).expect("write");
        filetime::set_file_mtime(&bank, old).expect("mtime");
        let warm = load_path(&bank, &opts).expect("edited");
        assert_eq!(warm.bank.exam.title, "Mini practice EXAM");
        assert_eq!(warm.sha256, hex(&Sha256::digest(edited.as_bytes())));
    }

    #[test]
    fn a_racily_clean_stamp_is_not_trusted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bank = dir.path().join("mini.yaml");
        fs::write(&bank, MINI).expect("write");
        let cache = dir.path().join("cache");
        let paths = [bank.clone()];
        let metas = || vec![FileMeta::of(&fs::metadata(&bank).expect("stat")).expect("unix metadata")];
        // A stamp written just now for a file changed just now: the metadata cannot tell an
        // edit in the same tick, so it is not used.
        super::super::cache::stamp(&cache, &paths, &metas(), "feed");
        assert_eq!(super::super::cache::stamped(&cache, &paths, &metas()), None);
        // Written well after the file last changed, it is.
        let stamp = fs::read_dir(cache.join("stamps")).expect("stamps").next().expect("one").expect("entry").path();
        let later = filetime::FileTime::from_unix_time(filetime::FileTime::now().unix_seconds() + 3600, 0);
        filetime::set_file_mtime(&stamp, later).expect("mtime");
        assert_eq!(super::super::cache::stamped(&cache, &paths, &metas()).as_deref(), Some("feed"));
        // Other metadata (another size, here) is not.
        fs::write(&bank, format!("{MINI}\n")).expect("write");
        filetime::set_file_mtime(&stamp, later).expect("mtime");
        assert_eq!(super::super::cache::stamped(&cache, &paths, &metas()), None);
    }

    #[test]
    fn a_stamped_bank_is_served_without_reading_and_keeps_its_sha256() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bank = dir.path().join("mini.yaml");
        fs::write(&bank, MINI).expect("write");
        let opts = cached_opts(dir.path());
        let cold = load_path(&bank, &opts).expect("cold");
        let stamps = dir.path().join("cache/stamps");
        let stamp = fs::read_dir(&stamps).expect("stamps").next().expect("one").expect("entry").path();
        let later = filetime::FileTime::from_unix_time(filetime::FileTime::now().unix_seconds() + 3600, 0);
        filetime::set_file_mtime(&stamp, later).expect("mtime");
        let paths = [bank.clone()];
        let metas = vec![FileMeta::of(&fs::metadata(&bank).expect("stat")).expect("unix metadata")];
        assert!(matches!(by_stamp(&paths, &cold.source, &opts), Lookup::Hit(_)));
        let warm = load_path(&bank, &opts).expect("warm");
        assert_eq!(warm.sha256, cold.sha256);
        assert_eq!(
            super::super::cache::stamped(&opts.cache_dir.clone().expect("cache"), &paths, &metas),
            Some(cold.sha256)
        );
    }

    /// The stamp of `bank`'s cache written an hour from now: well after the file changed,
    /// so it is trusted (not racily clean).
    fn trust_stamp(dir: &Path) {
        let stamps = dir.join("cache/stamps");
        let stamp = fs::read_dir(&stamps).expect("stamps").next().expect("one").expect("entry").path();
        let later = filetime::FileTime::from_unix_time(filetime::FileTime::now().unix_seconds() + 3600, 0);
        filetime::set_file_mtime(&stamp, later).expect("mtime");
    }

    /// A list of banks decodes each entry's head only: the same exam, domains, counts,
    /// SHA-256 and warnings as the whole bank, which `complete` then reads; with the entry
    /// gone or corrupt by then, from the bank's file.
    #[test]
    fn a_deferred_bank_is_listed_from_its_head_and_completes_to_the_whole_bank() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bank = dir.path().join("mini.yaml");
        fs::write(&bank, MINI).expect("write");
        let opts = cached_opts(dir.path());
        let whole = load_path(&bank, &opts).expect("cold");
        trust_stamp(dir.path());
        let mut listed = load_path(&bank, &opts.deferring()).expect("warm");
        assert!(listed.deferred.is_some() && listed.bank.questions.is_empty(), "listed from the head");
        assert_eq!(listed.question_count(), whole.bank.questions.len());
        assert_eq!(listed.domain_counts(), whole.bank.domain_counts());
        assert_eq!(
            (&listed.bank.exam, &listed.bank.domains, &listed.sha256, &listed.warnings),
            (&whole.bank.exam, &whole.bank.domains, &whole.sha256, &whole.warnings)
        );
        listed.complete().expect("complete");
        assert!(listed.deferred.is_none());
        assert_eq!((&listed.bank, &listed.sha256), (&whole.bank, &whole.sha256));
        // Options without deferring read the bank whole, as every command but home does.
        assert!(load_path(&bank, &opts).expect("warm").deferred.is_none());

        let mut again = load_path(&bank, &opts.deferring()).expect("warm");
        assert!(again.deferred.is_some());
        for e in entries(&dir.path().join("cache")) {
            fs::write(e, b"junk").expect("corrupt");
        }
        again.complete().expect("read from the file");
        assert_eq!((&again.bank, &again.sha256), (&whole.bank, &whole.sha256));
    }

    /// A head that does not fit the first read is read on; a head cut short is no head.
    #[test]
    fn a_long_head_is_read_whole_and_a_cut_one_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("cache");
        let mut whole = load_str("mini.yaml", MINI).expect("mini");
        whole.bank.exam.title = "t".repeat(100_000);
        super::super::cache::put(&cache, "feed", &whole.bank, &whole.warnings);
        let head = super::super::cache::get_head(&cache, "feed").expect("head");
        assert_eq!(head.bank.exam, whole.bank.exam);
        assert_eq!(head.domain_counts, whole.bank.domain_counts());
        let entry = entries(&cache).pop().expect("entry");
        let bytes = fs::read(&entry).expect("read");
        fs::write(&entry, &bytes[..50_000]).expect("cut");
        assert_eq!(super::super::cache::get_head(&cache, "feed"), None);
        assert_eq!(super::super::cache::get_head(&cache, "other"), None);
    }

    /// A large bank's questions are stored in two parts and read back whole, in order; a
    /// byte changed in the second part, a part cut short or bytes added after it are not
    /// trusted.
    #[test]
    fn a_split_entry_round_trips_and_a_damaged_part_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("cache");
        let bank = crate::engine::testing::bank(700);
        assert!(bank.questions.len() >= 2_000, "large enough to split");
        super::super::cache::put(&cache, "feed", &bank, &[]);
        let (back, _) = super::super::cache::get(&cache, "feed").expect("used");
        assert_eq!(back, bank);
        let entry = entries(&cache).pop().expect("entry");
        let good = fs::read(&entry).expect("read");
        let mut flipped = good.clone();
        let at = good.len() - 10;
        flipped[at] = 0xff;
        for bad in [flipped, good[..good.len() - 1].to_vec(), [good.as_slice(), b"x"].concat()] {
            fs::write(&entry, &bad).expect("damage");
            assert_ne!(super::super::cache::get(&cache, "feed").map(|b| b.0), Some(bank.clone()));
        }
    }

    /// A string longer than a streamed decode holds at once: the entry is decoded from
    /// memory instead, and is still used.
    #[test]
    fn an_entry_with_a_very_long_string_is_still_used() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = dir.path().join("cache");
        let mut whole = load_str("mini.yaml", MINI).expect("mini");
        whole.bank.questions[0].explanation = Some("e".repeat(3 << 20));
        super::super::cache::put(&cache, "feed", &whole.bank, &whole.warnings);
        let (bank, _) = super::super::cache::get(&cache, "feed").expect("used");
        assert_eq!(bank, whole.bank);
    }

    #[test]
    fn bundled_banks_are_cached_too() {
        let dir = tempfile::tempdir().expect("tempdir");
        let opts = cached_opts(dir.path());
        let cold = check_bundled("netfund-quick.yaml", &opts).and_then(|r| r.bank).expect("bundled");
        assert_eq!(entries(&dir.path().join("cache")).len(), 1);
        let warm = check_bundled("netfund-quick.yaml", &opts).and_then(|r| r.bank).expect("bundled");
        assert_eq!((warm.bank, warm.sha256), (cold.bank, cold.sha256));
    }

    #[test]
    fn decode_strips_bom_and_locates_bad_bytes() {
        assert_eq!(decode(b"\xef\xbb\xbfexam:".to_vec()).unwrap(), "exam:");
        assert_eq!(decode(b"a\nbc\xff".to_vec()).unwrap_err(), (2, 3, 4));
    }
}
