//! Bringing questions in and banks out: `proctor import` and `proctor export-bank`.
//!
//! The engine's readers and writers are pure; this is where files are read (with the bank
//! size cap, refusing what is not UTF-8 by its position), the format guessed, a bank to
//! merge into loaded, the bank text checked by the same validation `proctor validate`
//! runs, and the result written atomically (a temporary file beside it, then a rename), so
//! a failed import leaves nothing behind and an interrupted one never a half-written bank.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::engine::bank::diagnostic::Diagnostic;
use crate::engine::bank::load::{self, LoadOptions};
use crate::engine::bank::{Bank, LoadError};
use crate::engine::import::build::{self, BuildError, Report, Source};
use crate::engine::import::export::Exported;
use crate::engine::import::{Format, emit, gift, moodle, slug};

/// What to import and how the bank is to be.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub files: Vec<PathBuf>,
    /// The format of every file; guessed per file when `None`.
    pub from: Option<Format>,
    pub output: PathBuf,
    pub merge: Option<PathBuf>,
    pub id: Option<String>,
    pub title: Option<String>,
    pub minutes: Option<u32>,
    pub questions: Option<u32>,
    pub passing: Option<u8>,
    pub domain: Option<String>,
    pub weights: Option<Vec<(String, u32)>>,
    pub max_file_bytes: u64,
}

/// A bank written.
#[derive(Debug, Clone)]
pub struct Imported {
    pub report: Report,
    /// Each input file and the format it was read as.
    pub formats: Vec<(String, Format)>,
    pub output: PathBuf,
    pub bank_id: String,
    pub questions: usize,
    pub domains: usize,
    /// What `proctor validate` says of the bank written (warnings only: a bank with an
    /// error is never written).
    pub warnings: Vec<Diagnostic>,
}

/// Why nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Input that cannot be read as its format, each problem at `file:line:column`.
    #[error("{} error(s) in the input; nothing written", .0.len())]
    Input(Vec<Diagnostic>),
    /// The bank could not be made; what the readers left out comes with it.
    #[error("{error}; nothing written")]
    Build { error: BuildError, report_skipped: Vec<String> },
    #[error("cannot merge into {path} (see above); nothing written")]
    Merge { path: String, source: LoadError },
    /// The bank made does not pass validation: a fault of the importer, never written.
    #[error(
        "the bank made from these files does not pass validation (a fault in proctor import; please report it); nothing written"
    )]
    Invalid(Vec<Diagnostic>),
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

/// Reads every file, builds the bank, checks it and writes it.
pub fn import(req: &ImportRequest) -> Result<Imported, ImportError> {
    let mut problems = Vec::new();
    let mut sources = Vec::new();
    let mut formats = Vec::new();
    for path in &req.files {
        let shown = path.display().to_string();
        let text = match read(path, req.max_file_bytes) {
            Ok(t) => t,
            Err(d) => {
                problems.push(*d);
                continue;
            }
        };
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let Some(format) = req.from.or_else(|| Format::guess(ext.as_deref(), &text)) else {
            problems.push(Diagnostic::error(
                &shown,
                "cannot tell the format from the name or the content; give --from gift, aiken, moodle-xml or csv",
            ));
            continue;
        };
        match crate::engine::import::parse(format, &text) {
            Ok(parsed) => {
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| shown.clone());
                formats.push((shown.clone(), format));
                sources.push(Source { file: shown, stem, parsed });
            }
            Err(errors) => problems
                .extend(errors.into_iter().map(|e| Diagnostic::error(&shown, e.message).at(e.pos.line, e.pos.column))),
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Input(problems));
    }
    let into = match &req.merge {
        Some(p) => Some(
            load::load_path(p, &LoadOptions::new(req.max_file_bytes, None))
                .map_err(|source| ImportError::Merge { path: p.display().to_string(), source })?
                .bank,
        ),
        None => None,
    };
    let out_stem = req.output.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let id = req
        .id
        .clone()
        .or_else(|| into.as_ref().map(|b| b.exam.id.clone()))
        .unwrap_or_else(|| Some(slug(&out_stem)).filter(|s| !s.is_empty()).unwrap_or_else(|| "imported".into()));
    let title = req
        .title
        .clone()
        .or_else(|| into.as_ref().map(|b| b.exam.title.clone()))
        .unwrap_or_else(|| if out_stem.trim().is_empty() { id.clone() } else { out_stem.clone() });
    let opts = build::Options {
        id,
        title,
        minutes: req.minutes,
        questions: req.questions,
        passing: req.passing,
        domain: req.domain.clone(),
        weights: req.weights.clone(),
    };
    let skipped_lines = |sources: &[Source]| -> Vec<String> {
        sources
            .iter()
            .flat_map(|s| s.parsed.skipped.iter().map(move |k| format!("{}:{}: {}", s.file, k.pos.line, k.reason)))
            .collect()
    };
    let all_skipped = skipped_lines(&sources);
    let (bank, report) = build::build(sources, &opts, into).map_err(|error| {
        let report_skipped = match &error {
            BuildError::NothingImported(_) => all_skipped.clone(),
            _ => Vec::new(),
        };
        ImportError::Build { error, report_skipped }
    })?;
    let shown = req.output.display().to_string();
    let header = vec![
        format!("{} — written by proctor import from {}.", bank.exam.title, list(&req.files)),
        "Check it with `proctor validate`; edit freely.".to_owned(),
    ];
    let text = emit::bank(&bank, &header);
    let checked = load::check_str(&shown, &text);
    if checked.bank.is_none() || checked.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(ImportError::Invalid(checked.diagnostics));
    }
    write_atomic(&req.output, text.as_bytes()).map_err(|source| ImportError::Write { path: shown.clone(), source })?;
    Ok(Imported {
        formats,
        output: req.output.clone(),
        bank_id: bank.exam.id.clone(),
        questions: bank.questions.len(),
        domains: bank.domains.len(),
        warnings: checked.diagnostics,
        report,
    })
}

fn list(files: &[PathBuf]) -> String {
    let names: Vec<String> =
        files.iter().map(|f| f.file_name().unwrap_or(f.as_os_str()).to_string_lossy().into_owned()).collect();
    names.join(", ")
}

/// A file's text: refused, by its position, when it is not UTF-8; a byte-order mark dropped.
fn read(path: &Path, cap: u64) -> Result<String, Box<Diagnostic>> {
    let shown = path.display().to_string();
    let err = |m: String| Box::new(Diagnostic::error(shown.clone(), m));
    let meta = fs::metadata(path).map_err(|e| err(format!("cannot read: {e}")))?;
    if !meta.is_file() {
        return Err(err("not a regular file".into()));
    }
    if meta.len() > cap {
        return Err(err(format!("the file is {} bytes, over the {cap}-byte cap (--max-bank-size)", meta.len())));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    File::open(path)
        .and_then(|f| f.take(cap.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|e| err(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > cap {
        return Err(err(format!("the file is over the {cap}-byte cap (--max-bank-size)")));
    }
    load::decode(bytes).map_err(|(line, col, offset)| {
        Box::new(
            Diagnostic::error(
                shown.clone(),
                format!(
                    "invalid UTF-8 at byte offset {offset}; save the file as UTF-8 (from a spreadsheet: CSV UTF-8)"
                ),
            )
            .at(line, col),
        )
    })
}

/// Writes `bytes` to `path` so that `path` holds either its old content or all of the new:
/// a temporary file in the same directory, synced, renamed over it, the directory synced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::engine::history::journal::replace_durably(path, bytes)
}

/// The formats `export-bank` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Gift,
    MoodleXml,
}

/// Writes `bank` as `to` to `output`, atomically; what was kept, changed and left out.
pub fn export_bank(bank: &Bank, to: ExportFormat, output: &Path) -> Result<Exported, ImportError> {
    let exported = match to {
        ExportFormat::Gift => gift::write(bank),
        ExportFormat::MoodleXml => moodle::write(bank),
    };
    write_atomic(output, exported.text.as_bytes())
        .map_err(|source| ImportError::Write { path: output.display().to_string(), source })?;
    Ok(exported)
}
