//! Reading banks from disk and from the binary: single files, directory banks
//! (`bank.yaml` plus `*.yaml` question files), and the bundled banks.
//!
//! Everything that can go wrong before parsing (not a regular file, too large, not UTF-8)
//! becomes a diagnostic naming the path, like any other problem in the bank.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

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
}

impl LoadOptions {
    pub fn new(max_file_bytes: u64, cache_dir: Option<PathBuf>) -> Self {
        LoadOptions { max_file_bytes, cache_dir }
    }

    pub fn uncached() -> Self {
        LoadOptions { max_file_bytes: DEFAULT_MAX_FILE_BYTES, cache_dir: None }
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
    if let Some(hit) = cached(&[path.to_path_buf()], &source, opts) {
        return hit;
    }
    match read_text(path, opts) {
        Ok((text, bom)) => finish(source, vec![SourceText { name: shown, text, bom }], opts.cache_dir.as_deref()),
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
    if let Some(hit) = cached(&paths, &source, opts) {
        return hit;
    }
    let mut files = Vec::with_capacity(paths.len());
    let mut problems = Vec::new();
    for p in paths {
        match read_text(&p, opts) {
            Ok((text, bom)) => files.push(SourceText { name: p.display().to_string(), text, bom }),
            Err(d) if files.is_empty() => return failed(source, *d),
            Err(d) => problems.push(*d),
        }
    }
    let mut report = finish(source, files, opts.cache_dir.as_deref());
    if !problems.is_empty() {
        report.bank = None;
        report.diagnostics.splice(0..0, problems);
    }
    report
}

/// Reads a bank file as text: refuses what is not a regular file or is over the size cap
/// before reading it, reports non-UTF-8 bytes by position, and drops a byte-order mark.
fn read_text(path: &Path, opts: &LoadOptions) -> Result<(String, bool), Box<Diagnostic>> {
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
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between the size check and the read: never read past the cap.
    file.take(opts.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| err(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > opts.max_file_bytes {
        return Err(err(too_large(bytes.len() as u64, opts.max_file_bytes)));
    }
    let bom = bytes.starts_with(BOM);
    decode(bytes).map(|t| (t, bom)).map_err(|(line, col, offset)| {
        Box::new(
            Diagnostic::error(shown.clone(), format!("invalid UTF-8 at byte offset {offset}; save the file as UTF-8"))
                .at(line, col),
        )
    })
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

fn finish(source: BankSource, files: Vec<SourceText>, cache_dir: Option<&Path>) -> Report {
    let (sha256, checked) = match cache_dir {
        // The cache is looked up by fingerprint, so that comes first.
        // A cache hit was looked for before reading; this is a miss, to be filled.
        Some(_) => (fingerprint(&files), validate::check(&files)),
        // Without a cache, fingerprint on the other core while the files are checked.
        None => std::thread::scope(|scope| {
            let hashing = scope.spawn(|| fingerprint(&files));
            let checked = validate::check(&files);
            (hashing.join().unwrap_or_else(|_| fingerprint(&files)), checked)
        }),
    };
    if let (Some(dir), Some(bank)) = (cache_dir, &checked.bank) {
        super::cache::put(dir, &sha256, bank, &checked.diagnostics);
    }
    let bank = checked.bank.map(|bank| LoadedBank {
        bank,
        source: source.clone(),
        sha256,
        warnings: checked.diagnostics.clone(),
    });
    Report { source, bank, diagnostics: checked.diagnostics }
}

const BOM: &[u8] = b"\xef\xbb\xbf";

/// SHA-256 over a bank's bytes (file names count in a directory bank), lowercase hex.
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
        hasher.update([0]);
    }
    hex(&hasher.finalize())
}

fn file_name(path: &str) -> String {
    Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The same fingerprint as `fingerprint`, read straight from the files in chunks, so a
/// cache hit never holds a large bank's text in memory. `None` on any problem: the
/// normal path then reads the files and reports it.
fn stream_fingerprint(paths: &[PathBuf], opts: &LoadOptions) -> Option<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    for (i, p) in paths.iter().enumerate() {
        let meta = fs::metadata(p).ok()?;
        if !meta.is_file() || meta.len() > opts.max_file_bytes {
            return None;
        }
        if i > 0 {
            hasher.update(file_name(&p.display().to_string()).as_bytes());
            hasher.update([0]);
        }
        let mut f = File::open(p).ok()?;
        loop {
            match f.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => hasher.update(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
        hasher.update([0]);
    }
    Some(hex(&hasher.finalize()))
}

/// The cached bank for these files, when the cache holds a sound entry for their bytes.
fn cached(paths: &[PathBuf], source: &BankSource, opts: &LoadOptions) -> Option<Report> {
    let dir = opts.cache_dir.as_deref()?;
    let sha256 = stream_fingerprint(paths, opts)?;
    let (bank, warnings) = super::cache::get(dir, &sha256)?;
    let loaded = LoadedBank { bank, source: source.clone(), sha256, warnings: warnings.clone() };
    Some(Report { source: source.clone(), bank: Some(loaded), diagnostics: warnings })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks one bundled bank by its `question_banks/` name.
pub fn check_bundled(name: &'static str) -> Option<Report> {
    let (_, files) = bundled::BUNDLED.iter().find(|(n, _)| *n == name)?;
    let files = files
        .iter()
        .map(|(f, text)| SourceText {
            name: format!("<bundled>/{}", f),
            text: text.strip_prefix('\u{feff}').unwrap_or(text).to_owned(),
            bom: text.starts_with('\u{feff}'),
        })
        .collect();
    Some(finish(BankSource::Bundled(name), files, None))
}

/// Every bundled bank, loaded. Bundled banks are checked by the test suite, so a failure
/// here is reported, not hidden.
pub fn load_bundled() -> Vec<Result<LoadedBank, LoadError>> {
    bundled::BUNDLED.iter().filter_map(|(name, _)| check_bundled(name)).map(into_result).collect()
}

/// Checks a single-file bank held in memory (tests, fuzzing, the cache).
pub fn check_str(name: &str, text: &str) -> Report {
    let bom = text.starts_with('\u{feff}');
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_owned();
    finish(BankSource::File(PathBuf::from(name)), vec![SourceText { name: name.to_owned(), text, bom }], None)
}

/// Loads a single-file bank held in memory.
pub fn load_str(name: &str, text: &str) -> Result<LoadedBank, LoadError> {
    into_result(check_str(name, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_and_in_memory_fingerprints_agree() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bank = dir.path().join("bank.yaml");
        let other = dir.path().join("q.yaml");
        fs::write(&bank, b"\xef\xbb\xbfexam: {}\n").expect("write");
        fs::write(&other, "questions: []\n").expect("write");
        let paths = vec![bank.clone(), other.clone()];
        let opts = LoadOptions::default();
        let files: Vec<SourceText> = paths
            .iter()
            .map(|p| {
                let (text, bom) = read_text(p, &opts).expect("read");
                SourceText { name: p.display().to_string(), text, bom }
            })
            .collect();
        assert!(files[0].bom && !files[0].text.starts_with('\u{feff}'));
        assert_eq!(stream_fingerprint(&paths, &opts), Some(fingerprint(&files)));
    }

    #[test]
    fn the_cache_is_used_when_sound_and_rebuilt_when_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let bank = dir.path().join("mini.yaml");
        fs::write(&bank, include_str!("../../../tests/fixtures/banks/valid/mini.yaml")).expect("write");
        let cache = dir.path().join("cache");
        let opts = LoadOptions::new(DEFAULT_MAX_FILE_BYTES, Some(cache.clone()));
        let first = load_path(&bank, &opts).expect("cold");
        let entries: Vec<_> = fs::read_dir(&cache).expect("cache dir").map(|e| e.expect("entry").path()).collect();
        assert_eq!(entries.len(), 1);
        // A warm load returns the same bank.
        assert_eq!(load_path(&bank, &opts).expect("warm").bank, first.bank);
        // A corrupt entry is ignored and rewritten.
        fs::write(&entries[0], b"{not json").expect("corrupt");
        assert_eq!(load_path(&bank, &opts).expect("rebuilt").bank, first.bank);
        assert!(serde_json::from_slice::<serde_json::Value>(&fs::read(&entries[0]).expect("read")).is_ok());
        // A tampered entry (a domain index out of range) is not trusted.
        let mut v: serde_json::Value = serde_json::from_slice(&fs::read(&entries[0]).expect("read")).expect("json");
        v["bank"]["questions"][0]["domain"] = serde_json::json!(99);
        fs::write(&entries[0], serde_json::to_vec(&v).expect("json")).expect("write");
        assert_eq!(load_path(&bank, &opts).expect("rebuilt").bank, first.bank);
        // Changed bytes are a different key: the edit is seen.
        let edited =
            include_str!("../../../tests/fixtures/banks/valid/mini.yaml").replace("Mini practice exam", "Edited");
        fs::write(&bank, edited).expect("write");
        assert_eq!(load_path(&bank, &opts).expect("edited").bank.exam.title, "Edited");
        // An unwritable cache is not an error.
        let opts = LoadOptions::new(DEFAULT_MAX_FILE_BYTES, Some(bank.join("not-a-dir")));
        assert!(load_path(&bank, &opts).is_ok());
    }

    #[test]
    fn decode_strips_bom_and_locates_bad_bytes() {
        assert_eq!(decode(b"\xef\xbb\xbfexam:".to_vec()).unwrap(), "exam:");
        assert_eq!(decode(b"a\nbc\xff".to_vec()).unwrap_err(), (2, 3, 4));
    }
}
