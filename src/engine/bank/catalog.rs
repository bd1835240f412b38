//! Finding banks: the bundled ones, `./question_banks/`, and the user's banks directory,
//! and resolving a bank named on the command line by id or path.

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
        .filter_map(|(name, _)| load::check_bundled(name))
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

/// The bank a user means by `spec`: a path when one exists, else an id. The user's own
/// copies (local, then user dir) win over a bundled bank with the same id.
pub fn resolve<'a>(spec: &str, found: &'a [Found]) -> Option<&'a Found> {
    let by_id =
        |origin: Origin| found.iter().find(|f| f.origin == origin && f.bank().is_some_and(|b| b.bank.exam.id == spec));
    by_id(Origin::Local).or_else(|| by_id(Origin::User)).or_else(|| by_id(Origin::Bundled))
}
