//! The banks a run of Proctor can use: discovered in the three places, each identical copy
//! once, plus the banks interrupted or reviewed sessions were taken from by path.

use std::path::Path;

use crate::engine::bank::LoadedBank;
use crate::engine::bank::catalog::{self, Found};
use crate::engine::bank::load::{self, LoadOptions};
use crate::engine::history::Store;

/// Banks from every place Proctor looks, usable or not, in discovery order.
pub fn discover(data_dir: Option<&Path>, opts: &LoadOptions) -> Vec<Found> {
    let user = data_dir.map(super::paths::user_banks);
    catalog::discover(Some(Path::new("question_banks")), user.as_deref(), opts)
}

/// Every bank that loads, once: a local or user copy identical to a bundled one is shown once.
pub fn usable(data_dir: Option<&Path>, opts: &LoadOptions) -> Vec<LoadedBank> {
    catalog::usable(discover(data_dir, opts))
}

/// Reads whole, before the first frame, the banks listed from their heads when start-up
/// needs their questions: an interrupted session to resume, or a booked exam whose plan
/// home shows (today's reviews). A bank that cannot be read is left to the app to report.
pub fn complete_if_needed(store: &Store, banks: &mut [LoadedBank]) {
    if banks.iter().all(|b| b.deferred.is_none()) {
        return;
    }
    let booked = banks.iter().any(|b| store.booked(&b.bank.exam.id).ok().flatten().is_some());
    if booked || !store.unfinished().is_empty() {
        for b in banks.iter_mut() {
            let _ = b.complete();
        }
    }
}

/// Adds the banks that sessions were taken from by path (not found by discovery), so
/// interrupted sessions can resume and reviews and exports can name causes. `all` looks
/// at every session, else only at unfinished ones.
pub fn add_session_banks(store: &Store, banks: &mut Vec<LoadedBank>, opts: &LoadOptions, all: bool) {
    let sessions = if all { store.scan().sessions } else { store.unfinished() };
    for s in sessions {
        let known = banks.iter().any(|b| b.sha256 == s.start.bank_sha256);
        let path = Path::new(&s.start.bank_source);
        if !known
            && !s.start.bank_source.starts_with("<bundled>")
            && path.exists()
            && let Ok(b) = load::load_path(path, opts)
            && !banks.iter().any(|x| x.sha256 == b.sha256)
        {
            banks.push(b);
        }
    }
}
