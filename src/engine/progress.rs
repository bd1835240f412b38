//! Everything the progress screen and `proctor progress` show for one bank: readiness,
//! the weak-domain ranking, the 70/30 study split, and for each domain its dominant error
//! cause and missed terms over the recent sessions.

use std::collections::BTreeMap;

use serde::Serialize;

use super::bank::{Bank, Cause};
use super::history::{Store, Summary};
use super::plan::{self, ReportedDomain, WeakDomain};
use super::readiness::{self, Readiness};
use super::review::{self, Review};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanItem {
    pub id: String,
    pub name: String,
    pub weak: bool,
    /// Share of study time in percent.
    pub study_percent: u32,
    pub recent: Option<f64>,
    pub dominant_cause: Option<Cause>,
    /// Several causes share the lead: no single piece of advice fits.
    pub mixed_causes: bool,
    pub advice: Option<&'static str>,
    pub missed_terms: Vec<(String, usize)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub bank: String,
    pub title: String,
    pub readiness: Readiness,
    pub ranking: Vec<WeakDomain>,
    pub plan: Vec<PlanItem>,
    /// Error causes over time: per recent session (oldest first), counts by cause column.
    pub causes: Vec<(String, BTreeMap<String, usize>)>,
}

/// Builds the progress of `bank` from the store (its index, and the journals of the
/// last N sessions for causes and terms).
pub fn build(store: Option<&Store>, bank: &Bank, cfg: readiness::Config, reported: &[ReportedDomain]) -> Progress {
    let summaries = store.map(Store::summaries_shared).unwrap_or_default();
    let r = readiness::assess(bank, &summaries, cfg);
    build_with(store, bank, cfg, reported, &summaries, r)
}

/// As `build`, from `summaries` (the store's index) and their readiness `r` under `cfg`,
/// already assessed.
pub fn build_with(
    store: Option<&Store>,
    bank: &Bank,
    cfg: readiness::Config,
    reported: &[ReportedDomain],
    summaries: &[Summary],
    r: readiness::Readiness,
) -> Progress {
    let ranking = plan::rank_domains(bank, summaries, cfg.last_n, r.target, reported);
    let split = plan::study_split(&ranking);

    // Causes and missed terms from the recent finished sessions' reviews.
    let key = bank.key();
    let mut recent: Vec<&Summary> = summaries.iter().filter(|s| s.is_of(&key) && s.finish.is_some()).collect();
    recent.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
    let recent = &recent[recent.len().saturating_sub(cfg.last_n)..];
    let mut per_domain: BTreeMap<String, ([usize; 6], BTreeMap<String, usize>)> = BTreeMap::new();
    let mut causes = Vec::new();
    for sum in recent {
        let Some(s) = store.and_then(|st| st.read_session(&st.journal_path(&sum.id)).ok()) else { continue };
        let rv = Review::build(bank, &s.start.domains, &s.start.paper, &s.complete_answers(), &s.confirmed());
        let bd = review::breakdown(&rv, bank);
        causes.push((sum.id.clone(), review::COLUMNS.iter().map(|c| (*c).to_owned()).zip(bd.totals).collect()));
        for d in &bd.domains {
            let e = per_domain.entry(d.id.clone()).or_default();
            for (a, b) in e.0.iter_mut().zip(d.counts) {
                *a += b;
            }
        }
        for it in rv.items.iter().filter(|it| it.is_error()) {
            if let Some(q) = it.question {
                let e = per_domain.entry(it.domain.clone()).or_default();
                for t in &bank.questions[q].terms {
                    *e.1.entry(t.clone()).or_default() += 1;
                }
            }
        }
    }
    let plan = split
        .iter()
        .filter_map(|&(d, pct)| {
            let w = ranking.iter().find(|w| w.domain == d)?;
            let (counts, terms) = per_domain.get(&w.id).cloned().unwrap_or_default();
            let dominant = review::dominant_cause(&counts);
            let mixed = review::mixed_causes(&counts);
            let mut missed_terms: Vec<(String, usize)> = terms.into_iter().collect();
            missed_terms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            missed_terms.truncate(8);
            Some(PlanItem {
                id: w.id.clone(),
                name: w.name.clone(),
                weak: w.weak,
                study_percent: pct,
                recent: w.recent,
                dominant_cause: dominant,
                mixed_causes: mixed,
                advice: dominant.map(review::advice),
                missed_terms,
            })
        })
        .collect();
    Progress { bank: bank.exam.id.clone(), title: bank.exam.title.clone(), readiness: r, ranking, plan, causes }
}

/// `▁▂▃▄▅▆▇█` bars for percentages.
pub fn sparkline(values: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values.iter().map(|v| BARS[((v.clamp(0.0, 100.0) / 100.0) * 7.0).round() as usize]).collect()
}
