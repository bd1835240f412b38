//! Setting up a drill: which domains (the weak ones by default once there is history, or
//! those named), missed questions first on request, paced or untimed, with or without
//! feedback after each answer.

use proctor::engine::bank::QuestionId;
use proctor::engine::blueprint::{self, Seen};
use proctor::engine::plan;
use proctor::engine::readiness::DEFAULT_LAST_N;
use proctor::engine::session::{Mode, Session, Settings};

use super::app::{App, ExamRun, Screen};

/// Default number of questions in a drill.
pub const DEFAULT_DRILL_QUESTIONS: usize = 20;

#[derive(Debug, Clone, Default)]
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

impl App {
    /// Draws a drill from bank `idx` and shows its rules.
    pub fn prepare_drill(&mut self, idx: usize, spec: &DrillSpec) -> Result<(), String> {
        let loaded = self.banks.get(idx).ok_or("no such bank")?;
        let bank = &loaded.bank;
        let n = spec.questions.unwrap_or(DEFAULT_DRILL_QUESTIONS).max(1);
        let available = bank.domain_counts();
        let store = self.persist.store.clone();
        let summaries = store.as_ref().map(|s| s.summaries()).unwrap_or_default();
        let (counts, about) = if spec.domains.is_empty() {
            // A real exam's score report is evidence from the first day.
            let reported = if spec.reported.is_empty() {
                store.as_ref().map(|s| s.reported_domains(bank)).unwrap_or_default()
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
        let seed = spec.seed.unwrap_or(self.fallback_seed);
        let mut rng = blueprint::rng_from_seed(seed);
        let (paper, about) = if spec.missed {
            let hist = store.as_ref().map(|s| s.question_history(&bank.exam.id)).unwrap_or_default();
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
            let seen = store.as_ref().map_or_else(Seen::default, |s| s.seen(&bank.exam.id, fresh));
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
        let mut run = ExamRun::new(idx, Session::new(bank, paper, settings), seed);
        run.about = Some(about);
        self.exam = Some(run);
        self.screen = Screen::Rules;
        Ok(())
    }
}
