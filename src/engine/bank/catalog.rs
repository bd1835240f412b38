//! Finding banks: the bundled ones, `./question_banks/`, and the user's banks directory;
//! resolving a bank named on the command line by path or id (one precedence, see
//! `resolve`); and finding the bank a stored session was drawn from.

use std::fs;
use std::path::{Path, PathBuf};

use super::load::{self, LoadOptions, Report};
use super::{LoadedBank, Origin};

/// Files in a banks directory that are not banks.
const NOT_BANKS: &[&str] = &[crate::engine::retake::POLICY_FILE_NAME];

/// One bank found, usable or not.
pub struct Found {
    pub origin: Origin,
    pub report: Report,
}

impl Found {
    pub fn bank(&self) -> Option<&LoadedBank> {
        self.report.bank.as_ref()
    }
}

/// Every bank in the three places, in the order: bundled, local, user.
pub fn discover(local: Option<&Path>, user: Option<&Path>, opts: &LoadOptions) -> Vec<Found> {
    let mut out: Vec<Found> = super::bundled::BUNDLED
        .iter()
        .filter_map(|(name, _)| load::check_bundled(name, opts))
        .map(|report| Found { origin: Origin::Bundled, report })
        .collect();
    for (origin, dir) in [(Origin::Local, local), (Origin::User, user)] {
        let Some(dir) = dir else { continue };
        for path in bank_paths(dir) {
            out.push(Found { origin, report: load::check_path(&path, opts) });
        }
    }
    out
}

/// The bank of `found` (in discovery order) whose id is `id`, by the precedence of
/// `resolve`: the one found last.
pub fn by_id(found: Vec<Found>, id: &str) -> Option<Found> {
    found.into_iter().rev().find(|f| f.bank().is_some_and(|b| b.bank.exam.id == id))
}

/// Bank files and directory banks directly inside `dir`, sorted by name.
pub fn bank_paths(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = fs::read_dir(dir) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') || NOT_BANKS.contains(&name) {
                return false;
            }
            if p.is_dir() { p.join("bank.yaml").is_file() } else { name.ends_with(".yaml") || name.ends_with(".yml") }
        })
        .collect();
    paths.sort();
    paths
}

/// Every usable bank of `found`, once: a copy identical (same SHA-256) to one found
/// before it is dropped, so discovery order is kept.
pub fn usable(found: Vec<Found>) -> Vec<LoadedBank> {
    let mut out: Vec<LoadedBank> = Vec::new();
    for f in found {
        if let Some(b) = f.report.bank
            && !out.iter().any(|o| o.sha256 == b.sha256)
        {
            out.push(b);
        }
    }
    out
}

/// Different banks (different content) that share one id, with where each was found:
/// history is kept by bank id, so their sessions would mix. The candidate is told to
/// rename one.
pub fn id_conflicts<'a>(banks: impl IntoIterator<Item = &'a LoadedBank>) -> Vec<(String, Vec<String>)> {
    let mut by_id: std::collections::BTreeMap<&str, Vec<String>> = std::collections::BTreeMap::new();
    for b in banks {
        by_id.entry(b.bank.exam.id.as_str()).or_default().push(b.source.display());
    }
    by_id.into_iter().filter(|(_, v)| v.len() > 1).map(|(id, v)| (id.to_owned(), v)).collect()
}

/// The conflict in words, for `proctor banks` and the home screen.
pub fn conflict_text(id: &str, sources: &[String]) -> String {
    format!(
        "bank id `{id}` is used by {} different banks ({}): their sessions would mix in one history; give one its own id",
        sources.len(),
        sources.join(", ")
    )
}

/// Why a bank named on the command line could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("cannot use bank {path}")]
    Load {
        path: String,
        #[source]
        source: super::load::LoadError,
    },
    #[error("no bank `{spec}`: not a path, and the known bank ids are {known}")]
    Unknown { spec: String, known: String },
}

/// The bank a user means by `spec`, as an index into `banks` (which are in discovery
/// order: bundled, `./question_banks/`, the user's banks directory). The one precedence,
/// used everywhere:
/// 1. a path that exists is loaded and used, whatever banks share its id;
/// 2. else the id, and the place searched last wins: the user's banks directory beats
///    `./question_banks/`, which beats the bundled copy — a bank the candidate put in
///    place on purpose is never shadowed by one that came with the program.
pub fn resolve(spec: &str, banks: &mut Vec<LoadedBank>, opts: &LoadOptions) -> Result<usize, ResolveError> {
    let path = Path::new(spec);
    if path.exists() {
        let b = load::load_path(path, opts)
            .map_err(|source| ResolveError::Load { path: path.display().to_string(), source })?;
        banks.push(b);
        return Ok(banks.len() - 1);
    }
    banks.iter().rposition(|b| b.bank.exam.id == spec).ok_or_else(|| ResolveError::Unknown {
        spec: spec.to_owned(),
        known: banks.iter().map(|b| b.bank.exam.id.as_str()).collect::<Vec<_>>().join(", "),
    })
}

/// The bank a stored session was drawn from: the exact file (by SHA-256) when it is still
/// there, else the bank with the same id (edited since). The one rule used by review,
/// resume and export alike.
pub fn find_for_session(banks: &[LoadedBank], sha256: &str, bank_id: &str) -> Option<usize> {
    banks.iter().position(|b| b.sha256 == sha256).or_else(|| banks.iter().position(|b| b.bank.exam.id == bank_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = include_str!("../../../tests/fixtures/banks/valid/mini.yaml");

    fn copy(title: &str) -> LoadedBank {
        let text = MINI.replace("title: Mini practice exam", &format!("title: {title}"));
        load::load_str("mini.yaml", &text).expect("bank")
    }

    /// The README's precedence: a path beats everything; by id, the user's banks directory
    /// beats `./question_banks/`, which beats the bundled copy (discovery order is bundled,
    /// local, user).
    #[test]
    fn a_path_beats_ids_and_the_place_searched_last_wins() {
        let opts = LoadOptions::new(load::DEFAULT_MAX_FILE_BYTES, None);
        let mut banks = vec![copy("bundled"), copy("local"), copy("user")];
        let i = resolve("mini", &mut banks, &opts).expect("by id");
        assert_eq!(banks[i].bank.exam.title, "user");
        banks.pop();
        let i = resolve("mini", &mut banks, &opts).expect("by id");
        assert_eq!(banks[i].bank.exam.title, "local");
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("mine.yaml");
        std::fs::write(&path, MINI.replace("title: Mini practice exam", "title: named by path")).expect("write");
        let i = resolve(path.to_str().expect("utf-8 path"), &mut banks, &opts).expect("by path");
        assert_eq!(banks[i].bank.exam.title, "named by path");
        assert!(matches!(resolve("nope", &mut banks, &opts), Err(ResolveError::Unknown { .. })));
    }

    /// Three 1-question sessions of a user bank reusing `netfund-quick` made the bundled
    /// bank "Ready": two banks with one id are now a reported conflict.
    #[test]
    fn two_different_banks_with_one_id_are_a_conflict_naming_both() {
        let banks = vec![copy("a"), copy("b")];
        let c = id_conflicts(&banks);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].0, "mini");
        assert!(conflict_text(&c[0].0, &c[0].1).contains("2 different banks"));
        assert!(id_conflicts(&banks[..1]).is_empty());
    }

    #[test]
    fn a_session_finds_its_exact_bank_first_then_one_with_its_id() {
        let banks = vec![copy("a"), copy("b")];
        assert_eq!(find_for_session(&banks, &banks[1].sha256, "mini"), Some(1));
        assert_eq!(find_for_session(&banks, "edited-since", "mini"), Some(0));
        assert_eq!(find_for_session(&banks, "edited-since", "other"), None);
    }
}
