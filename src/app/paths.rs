//! Where Proctor keeps the user's data: `--data-dir`, else `PROCTOR_DATA_DIR`, else the
//! platform data directory. Without a home directory there is no safe default, so that is
//! an error asking for `--data-dir`, never a relative fallback.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[error(
    "no home directory to keep Proctor's data in (HOME and XDG_DATA_HOME are unset); pass --data-dir DIR or set PROCTOR_DATA_DIR"
)]
pub struct NoDataDir;

/// The data directory: the explicit choice, the environment variable, or the platform's.
pub fn data_dir(explicit: Option<PathBuf>) -> Result<PathBuf, NoDataDir> {
    if let Some(d) = explicit {
        return Ok(d);
    }
    if let Some(d) = std::env::var_os("PROCTOR_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    // Without HOME (or XDG_DATA_HOME) the platform lookup falls back to the password
    // database, which may name a directory this user cannot write or did not mean.
    let set = |v: &str| std::env::var_os(v).is_some_and(|x| !x.is_empty());
    if cfg!(unix) && !set("HOME") && !set("XDG_DATA_HOME") {
        return Err(NoDataDir);
    }
    directories::ProjectDirs::from("", "", "proctor")
        .map(|p| p.data_dir().to_path_buf())
        .filter(|p| p.is_absolute())
        .ok_or(NoDataDir)
}

/// The user's own banks, under the data directory.
pub fn user_banks(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("banks")
}
