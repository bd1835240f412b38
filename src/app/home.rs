//! What the home screen shows of each bank's history: the latest finished session and
//! the readiness verdict.

use std::collections::HashMap;

use crate::engine::bank::LoadedBank;
use crate::engine::history::{Store, Summary};
use crate::engine::readiness::{self, VerdictKind};

#[derive(Debug, Default, Clone)]
pub struct HomeScores {
    /// The latest finished session of each bank, by bank id.
    pub last: HashMap<String, Summary>,
    /// The readiness verdict of each bank with history, by bank id.
    pub readiness: HashMap<String, VerdictKind>,
    /// The chance of passing a fresh paper, by bank id, when there is evidence enough.
    pub pass_probability: HashMap<String, f64>,
    /// The whole estimate, by bank id.
    pub estimate: HashMap<String, crate::engine::estimate::Estimate>,
    /// Today's task toward a booked exam ("today: 18 due reviews · simulation on Friday"),
    /// by bank id, for the banks with a date booked.
    pub today: HashMap<String, String>,
}

/// The figures of every bank in `banks`, from the index, as of `now`.
pub fn home_scores(store: &Store, banks: &[LoadedBank], now: chrono::DateTime<chrono::Utc>) -> HomeScores {
    let all = store.summaries_shared();
    let mut out = HomeScores::default();
    for b in banks {
        let key = b.bank.key();
        if all.iter().any(|s| s.is_of(&key)) {
            let (_, r) = crate::app::progress::readiness_of(Some(store), &b.bank, readiness::Config::default());
            out.readiness.insert(b.bank.exam.id.clone(), r.verdict.kind);
            if let Some(p) = r.estimate.pass_probability {
                out.pass_probability.insert(b.bank.exam.id.clone(), p);
            }
            out.estimate.insert(b.bank.exam.id.clone(), r.estimate);
        }
        // Only a booked bank has a plan to follow: the others cost nothing here.
        if store.booked(&b.bank.exam.id).ok().flatten().is_some()
            && let Some(line) = crate::app::study::today_line(Some(store), &b.bank, now)
        {
            out.today.insert(b.bank.exam.id.clone(), line);
        }
    }
    let mut last: HashMap<&str, &Summary> = HashMap::new();
    for s in all.iter().filter(|s| s.finish.is_some()) {
        let newer = last.get(s.bank_id.as_str()).is_none_or(|l| l.started_at < s.started_at);
        if newer {
            last.insert(&s.bank_id, s);
        }
    }
    out.last = last.into_iter().map(|(id, s)| (id.to_owned(), s.clone())).collect();
    out
}
