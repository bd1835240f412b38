//! The parsed-bank cache: a validated bank stored as JSON under the data dir's `cache/`,
//! keyed by the SHA-256 of the bank's bytes and Proctor's version. A later load whose bytes
//! are unchanged reads it instead of parsing YAML. Anything wrong with an entry — corrupt,
//! stale, unreadable, from another version — means it is ignored and rebuilt, never
//! trusted and never an error for the user.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Bank, Diagnostic};

/// Bumped when the model's shape changes, so old entries are never misread.
const FORMAT: u32 = 2;

#[derive(Serialize, Deserialize)]
struct Entry {
    format: u32,
    version: String,
    sha256: String,
    bank: Bank,
    warnings: Vec<Diagnostic>,
}

fn entry_path(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(format!("{sha256}-{}.json", env!("CARGO_PKG_VERSION")))
}

/// The cached bank for these bytes, if a sound entry exists.
pub fn get(dir: &Path, sha256: &str) -> Option<(Bank, Vec<Diagnostic>)> {
    let bytes = fs::read(entry_path(dir, sha256)).ok()?;
    let e: Entry = serde_json::from_slice(&bytes).ok()?;
    let sound = e.format == FORMAT
        && e.version == env!("CARGO_PKG_VERSION")
        && e.sha256 == sha256
        && e.bank.questions.iter().all(|q| q.domain < e.bank.domains.len());
    sound.then_some((e.bank, e.warnings))
}

/// Stores a validated bank; failures are ignored (the cache is only a speed-up).
pub fn put(dir: &Path, sha256: &str, bank: &Bank, warnings: &[Diagnostic]) {
    let write = || -> std::io::Result<()> {
        fs::create_dir_all(dir)?;
        let e = Entry {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            sha256: sha256.to_owned(),
            bank: bank.clone(),
            warnings: warnings.to_vec(),
        };
        let data = serde_json::to_vec(&e).map_err(std::io::Error::other)?;
        // Written whole under a temporary name, then renamed: a reader never sees half.
        let tmp = dir.join(format!(".{sha256}.{}.tmp", std::process::id()));
        let mut f = File::create(&tmp)?;
        f.write_all(&data)?;
        f.sync_all()?;
        fs::rename(&tmp, entry_path(dir, sha256))
    };
    let _ = write();
}
