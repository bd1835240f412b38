//! Preparing a paper: how many questions, which ones (by blueprint weight for a
//! simulation; the weak or named domains for a drill, missed questions first on request),
//! the time limit, and the seed. The session that comes out has not started: the rules
//! screen is shown and the clock starts when the candidate says so.

use crate::engine::bank::{Bank, QuestionId};
use crate::engine::blueprint::{self, Seen};
use crate::engine::history::Store;
use crate::engine::plan;
use crate::engine::readiness::DEFAULT_LAST_N;
use crate::engine::session::{Mode, Session, Settings};

/// Default number of questions in a drill.
pub const DEFAULT_DRILL_QUESTIONS: usize = 20;

/// How a new simulation should be set up (from the command line or the defaults).
#[derive(Debug, Clone, Copy, Default)]
pub struct ExamOptions {
    pub questions: Option<u32>,
    pub limit_secs: Option<u64>,
    pub seed: Option<u64>,
}

/// What a drill covers and how it runs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DrillSpec {
    /// Domain ids to drill; empty means the weak domains (or all by weight without history).
    pub domains: Vec<String>,
    /// Questions answered wrongly before come first, then unseen ones, then the rest.
    pub missed: bool,
    pub questions: Option<usize>,
    pub untimed: bool,
    pub feedback: bool,
    pub limit_secs: Option<u64>,
    pub seed: Option<u64>,
    /// Domain results of a real exam report, used when practice history is thin.
    pub reported: Vec<plan::ReportedDomain>,
}

/// A paper ready to be taken.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub session: Session,
    /// The seed the paper was drawn with (shown on the results, stored with the session).
    pub seed: u64,
    /// What a drill covers, for the rules screen.
    pub about: Option<String>,
}

/// A simulation of `bank`: the full paper, or `options.questions` in the blueprint's
/// proportions at the bank's pace. `fallback_seed` is used when no seed was given.
pub fn exam(bank: &Bank, options: ExamOptions, fallback_seed: u64) -> Result<Prepared, String> {
    let n = options.questions.map_or(bank.exam.questions as usize, |n| n as usize);
    let full_secs = u64::from(bank.exam.minutes) * 60;
    // A shortened paper keeps the bank's pace unless a limit was given.
    let limit = options
        .limit_secs
        .unwrap_or_else(|| (full_secs * n as u64).div_ceil(u64::from(bank.exam.questions).max(1)).max(1));
    let seed = options.seed.unwrap_or(fallback_seed);
    let counts = blueprint::full_counts(bank, n);
    let paper = blueprint::draw(
        bank,
        &counts,
        &Seen::default(),
        blueprint::DEFAULT_FRESH_SESSIONS,
        &mut blueprint::rng_from_seed(seed),
    )
    .map_err(|e| format!("cannot start {}: {e}", bank.exam.id))?;
    let settings = Settings {
        mode: Mode::Simulation,
        limit_secs: Some(limit),
        feedback: false,
        full_length: n == bank.exam.questions as usize && limit == full_secs,
    };
    Ok(Prepared { session: Session::new(bank, paper, settings), seed, about: None })
}

/// A drill of `bank` as `spec` asks, steered by the history in `store` (weak domains,
/// recently seen and missed questions). `fallback_seed` is used when no seed was given.
pub fn drill(bank: &Bank, spec: &DrillSpec, store: Option<&Store>, fallback_seed: u64) -> Result<Prepared, String> {
    let n = spec.questions.unwrap_or(DEFAULT_DRILL_QUESTIONS).max(1);
    let available = bank.domain_counts();
    let summaries = store.map(|s| s.summaries()).unwrap_or_default();
    let (counts, about) = if spec.domains.is_empty() {
        // A real exam's score report is evidence from the first day.
        let reported = if spec.reported.is_empty() {
            store.map(|s| s.reported_domains(bank)).unwrap_or_default()
        } else {
            spec.reported.clone()
        };
        let ranked = plan::rank_domains(bank, &summaries, DEFAULT_LAST_N, bank.exam.target(), &reported);
        let weak: Vec<&str> = ranked.iter().filter(|w| w.weak).map(|w| w.name.as_str()).collect();
        let about = if weak.is_empty() {
            "across all domains by blueprint weight (no weak domain known yet)".to_owned()
        } else {
            format!("70% on the weak domains: {}", weak.join(", "))
        };
        (plan::weak_drill_counts(bank, &ranked, n, &available).map_err(|e| e.to_string())?, about)
    } else {
        let mut idxs = Vec::new();
        for id in &spec.domains {
            let i = bank.domain_index(id).ok_or_else(|| {
                let known: Vec<&str> = bank.domains.iter().map(|d| d.id.0.as_str()).collect();
                format!("no domain `{id}` in {}; its domains are {}", bank.exam.id, known.join(", "))
            })?;
            idxs.push(i);
        }
        let names: Vec<&str> = idxs.iter().map(|&i| bank.domains[i].name.as_str()).collect();
        (
            plan::domain_drill_counts(bank, &idxs, n, &available).map_err(|e| e.to_string())?,
            format!("on {}", names.join(", ")),
        )
    };
    let seed = spec.seed.unwrap_or(fallback_seed);
    let mut rng = blueprint::rng_from_seed(seed);
    let (paper, about) = if spec.missed {
        let hist = store.map(|s| s.question_history(&bank.exam.id)).unwrap_or_default();
        // Missed (most recently first), then never seen, then least recently seen.
        let rank = |id: &QuestionId| match hist.get(id) {
            Some(h) if h.missed_ago.is_some() => (0, h.missed_ago.unwrap_or(0) as i64),
            None => (1, 0),
            Some(h) => (2, -(h.seen_ago as i64)),
        };
        let p = blueprint::draw_ranked(bank, &counts, |q| rank(&q.id), &mut rng).map_err(|e| e.to_string())?;
        (p, format!("{about}; questions you missed before first"))
    } else {
        let fresh = blueprint::DEFAULT_FRESH_SESSIONS;
        let seen = store.map_or_else(Seen::default, |s| s.seen(&bank.exam.id, fresh));
        (blueprint::draw(bank, &counts, &seen, fresh, &mut rng).map_err(|e| e.to_string())?, about)
    };
    // Paced at the bank's own seconds per question unless untimed or told otherwise.
    let per_question = f64::from(bank.exam.minutes) * 60.0 / f64::from(bank.exam.questions.max(1));
    let limit = if spec.untimed {
        None
    } else {
        Some(spec.limit_secs.unwrap_or((per_question * n as f64).ceil() as u64).max(1))
    };
    let settings = Settings { mode: Mode::Drill, limit_secs: limit, feedback: spec.feedback, full_length: false };
    Ok(Prepared { session: Session::new(bank, paper, settings), seed, about: Some(about) })
}
