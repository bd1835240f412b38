//! Preparing a paper: how many questions, which ones (by blueprint weight for a
//! simulation; the weak or named domains for a drill, missed questions first on request),
//! the time limit, and the seed. The session that comes out has not started: the rules
//! screen is shown and the clock starts when the candidate says so.

use crate::engine::bank::{Bank, QuestionId};
use crate::engine::blueprint::{self, Freshness};
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
    /// The reviews due (`proctor drill --due`), in the order to ask them: when given,
    /// exactly these are asked, and the domain choices above do not apply.
    pub due: Vec<QuestionId>,
}

/// A paper ready to be taken.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub session: Session,
    /// The seed the paper was drawn with (shown on the results, stored with the session).
    pub seed: u64,
    /// What a drill covers, for the rules screen.
    pub about: Option<String>,
    /// How many of the paper's questions are new to the candidate, and how many fresh
    /// papers the bank has left (`None` for a drill of missed questions, which repeats on
    /// purpose).
    pub fresh: Option<Freshness>,
    /// Per paper item: the candidate had never been shown it (recorded in the journal, for
    /// the fresh score).
    pub new_items: Vec<bool>,
}

/// A simulation of `bank`: the full paper, or `options.questions` in the blueprint's
/// proportions at the bank's pace, of questions the candidate has not been shown before as
/// far as the bank allows (their whole history in `store`). `fallback_seed` is used when no
/// seed was given.
pub fn exam(bank: &Bank, options: ExamOptions, store: Option<&Store>, fallback_seed: u64) -> Result<Prepared, String> {
    let n = options.questions.map_or(bank.exam.questions as usize, |n| n as usize);
    let full_secs = u64::from(bank.exam.minutes) * 60;
    // A shortened paper keeps the bank's pace unless a limit was given.
    let limit = options
        .limit_secs
        .unwrap_or_else(|| (full_secs * n as u64).div_ceil(u64::from(bank.exam.questions).max(1)).max(1));
    let seed = options.seed.unwrap_or(fallback_seed);
    let counts = blueprint::full_counts(bank, n);
    let exposure = store.map(|s| s.exposure(&bank.key())).unwrap_or_default();
    let (paper, fresh) = blueprint::draw_fresh(bank, &counts, &exposure, &mut blueprint::rng_from_seed(seed))
        .map_err(|e| format!("cannot start {}: {e}", bank.exam.id))?;
    let settings = Settings {
        mode: Mode::Simulation,
        limit_secs: Some(limit),
        feedback: false,
        full_length: n == bank.exam.questions as usize && limit == full_secs,
    };
    let new_items = new_items(bank, &paper, &exposure);
    Ok(Prepared { session: Session::new(bank, paper, settings), seed, about: None, fresh: Some(fresh), new_items })
}

/// A drill of `bank` as `spec` asks, steered by the history in `store` (weak domains,
/// recently seen and missed questions). `fallback_seed` is used when no seed was given.
pub fn drill(bank: &Bank, spec: &DrillSpec, store: Option<&Store>, fallback_seed: u64) -> Result<Prepared, String> {
    if !spec.due.is_empty() {
        return due_drill(bank, spec, store, fallback_seed);
    }
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
        // The same ranking as `weak_domains`, which the drill options show beforehand.
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
    let exposure = store.map(|s| s.exposure(&bank.key())).unwrap_or_default();
    let (paper, about, fresh) = if spec.missed {
        let hist = store.map(|s| s.question_history(&bank.key())).unwrap_or_default();
        // Missed (most recently first), then never seen, then least recently seen.
        let rank = |id: &QuestionId| match hist.get(id) {
            Some(h) if h.missed_ago.is_some() => (0, h.missed_ago.unwrap_or(0) as i64),
            None => (1, 0),
            Some(h) => (2, -(h.seen_ago as i64)),
        };
        let p = blueprint::draw_ranked(bank, &counts, |q| rank(&q.id), &mut rng).map_err(|e| e.to_string())?;
        (p, format!("{about}; questions you missed before first"), None)
    } else {
        let (p, fresh) = blueprint::draw_fresh(bank, &counts, &exposure, &mut rng).map_err(|e| e.to_string())?;
        (p, about, Some(fresh))
    };
    Ok(drill_session(bank, spec, paper, &exposure, seed, about, fresh))
}

/// The names of the domains a weak-domain drill of `bank` would put 70% of its questions
/// on, from the history in `store` and the real attempts' score reports; empty while none
/// is known (the drill then follows the blueprint's weights).
pub fn weak_domains(bank: &Bank, store: Option<&Store>) -> Vec<String> {
    let summaries = store.map(|s| s.summaries()).unwrap_or_default();
    let reported = store.map(|s| s.reported_domains(bank)).unwrap_or_default();
    let ranked = plan::rank_domains(bank, &summaries, DEFAULT_LAST_N, bank.exam.target(), &reported);
    ranked.into_iter().filter(|w| w.weak).map(|w| w.name).collect()
}

/// A drill of the reviews in `spec.due`, asked in that order, each on its own (a review
/// is of one question, not of the testlet it came in). Questions since removed from the
/// bank are left out.
fn due_drill(bank: &Bank, spec: &DrillSpec, store: Option<&Store>, fallback_seed: u64) -> Result<Prepared, String> {
    let seed = spec.seed.unwrap_or(fallback_seed);
    let mut rng = blueprint::rng_from_seed(seed);
    let items: Vec<blueprint::PaperItem> = spec
        .due
        .iter()
        .filter_map(|id| bank.questions.iter().position(|q| &q.id == id))
        .map(|i| blueprint::PaperItem {
            question: i,
            order: blueprint::option_order(&bank.questions[i], &mut rng),
            testlet: None,
        })
        .collect();
    if items.is_empty() {
        return Err(format!("none of the questions due is in {} any more", bank.exam.id));
    }
    let about = format!(
        "{} due for review, most overdue first",
        if items.len() == 1 { "1 question".to_owned() } else { format!("{} questions", items.len()) }
    );
    let exposure = store.map(|s| s.exposure(&bank.key())).unwrap_or_default();
    Ok(drill_session(bank, spec, blueprint::Paper { items }, &exposure, seed, about, None))
}

/// The drill session of `paper`: paced at the bank's own seconds per question unless
/// untimed or told otherwise.
fn drill_session(
    bank: &Bank,
    spec: &DrillSpec,
    mut paper: blueprint::Paper,
    exposure: &blueprint::Exposure,
    seed: u64,
    about: String,
    fresh: Option<Freshness>,
) -> Prepared {
    let n = paper.items.len();
    let per_question = f64::from(bank.exam.minutes) * 60.0 / f64::from(bank.exam.questions.max(1));
    let limit = if spec.untimed {
        None
    } else {
        Some(spec.limit_secs.unwrap_or((per_question * n as f64).ceil() as u64).max(1))
    };
    let settings = Settings { mode: Mode::Drill, limit_secs: limit, feedback: spec.feedback, full_length: false };
    if spec.feedback {
        // Feedback follows each answer, so an answer cannot stay open to change: a
        // testlet's questions are asked one by one (still together, with the scenario).
        paper.items.iter_mut().for_each(|it| it.testlet = None);
    }
    let new_items = new_items(bank, &paper, exposure);
    Prepared { session: Session::new(bank, paper, settings), seed, about: Some(about), fresh, new_items }
}

/// Which items of `paper` the candidate has never been shown.
fn new_items(bank: &Bank, paper: &blueprint::Paper, exposure: &blueprint::Exposure) -> Vec<bool> {
    paper.items.iter().map(|it| exposure.is_new(&bank.questions[it.question].id)).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use chrono::{DateTime, Duration, Utc};

    use super::*;
    use crate::engine::bank::{BankSource, LoadedBank, QuestionId};
    use crate::engine::history::{Body, Journal, Recorder, Summary};
    use crate::engine::session::Command;
    use crate::engine::testing::{bank, day};

    fn loaded(per: usize) -> LoadedBank {
        LoadedBank::whole(bank(per), BankSource::Bundled("t"), "t".into(), Vec::new())
    }

    /// Takes `p` to the end (option A everywhere) and journals and indexes it.
    fn take(store: &Store, b: &LoadedBank, p: Prepared, at: DateTime<Utc>) -> Vec<QuestionId> {
        let mut s = p.session;
        let mut r = Recorder::new(b, &s, p.seed);
        let mut journal: Option<Journal> = None;
        let mut write = |e, s: &Session, journal: &mut Option<Journal>| {
            for mut rec in r.record(e, s) {
                match (&mut rec.body, journal.as_mut()) {
                    (Body::Start(start), None) => *journal = Some(store.begin_unique(start).expect("begin")),
                    (_, Some(j)) => j.append(&rec).expect("append"),
                    (_, None) => panic!("a record before the start"),
                }
            }
        };
        let e = s.apply(Command::Start, at).expect("start");
        write(e, &s, &mut journal);
        let mut now = at;
        while !s.is_finished() {
            now += Duration::seconds(30);
            s.apply(Command::Select(0), now).expect("select");
            let e = s.apply(Command::Submit { confirmed: true }, now).expect("submit");
            write(e, &s, &mut journal);
        }
        let path = journal.expect("journal").path().to_owned();
        store.update_index(Summary::of(&store.read_session(&path).expect("read"))).expect("index");
        s.paper.items.iter().map(|it| b.bank.questions[it.question].id.clone()).collect()
    }

    #[test]
    fn simulations_take_never_seen_questions_first_and_stay_disjoint_with_drills_between() {
        // 20 a domain; a paper is 5/3/2: room for 4 disjoint papers.
        let b = loaded(20);
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let mut papers: Vec<HashSet<QuestionId>> = Vec::new();
        let mut left = usize::MAX;
        for k in 0..4u64 {
            let p = exam(&b.bank, ExamOptions::default(), Some(&store), k).expect("exam");
            let f = p.fresh.expect("freshness");
            let counts = blueprint::full_counts(&b.bank, 10);
            let per_domain = |ids: &[QuestionId]| {
                let mut c = vec![0; 3];
                for id in ids {
                    c[b.bank.questions.iter().find(|q| &q.id == id).expect("q").domain] += 1;
                }
                c
            };
            let ids = take(&store, &b, p, day(k as i64 * 2));
            assert_eq!(per_domain(&ids), counts, "the blueprint counts hold");
            let set: HashSet<QuestionId> = ids.into_iter().collect();
            for earlier in &papers {
                assert!(set.is_disjoint(earlier), "paper {k} repeats a question of an earlier paper");
            }
            // Drills use up never-shown questions too: fewer fresh papers each time.
            assert!(
                f.papers_left < left || f.papers_left == 0,
                "fresh papers left after paper {k}: {left} then {}",
                f.papers_left
            );
            if k == 0 {
                assert_eq!((f.new, f.of, f.papers_left), (10, 10, 3));
            }
            left = f.papers_left;
            papers.push(set);
            // A drill in between shows more questions.
            let d = drill(&b.bank, &DrillSpec { questions: Some(6), ..DrillSpec::default() }, Some(&store), 100 + k)
                .expect("drill");
            take(&store, &b, d, day(k as i64 * 2 + 1));
        }
        // The fifth paper can no longer be fresh: it says so.
        let p = exam(&b.bank, ExamOptions::default(), Some(&store), 9).expect("exam");
        assert!(p.fresh.is_some_and(|f| f.new < f.of && f.papers_left == 0), "{:?}", p.fresh);
    }

    #[test]
    fn drills_take_never_seen_questions_first_too() {
        let b = loaded(20);
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let first = exam(&b.bank, ExamOptions::default(), Some(&store), 1).expect("exam");
        let seen: HashSet<QuestionId> = take(&store, &b, first, day(0)).into_iter().collect();
        let d =
            drill(&b.bank, &DrillSpec { questions: Some(10), ..DrillSpec::default() }, Some(&store), 2).expect("drill");
        assert_eq!(d.fresh.map(|f| f.new), Some(10));
        let ids = take(&store, &b, d, day(1));
        assert!(ids.iter().all(|id| !seen.contains(id)));
    }

    #[test]
    fn a_due_drill_asks_exactly_the_reviews_in_their_order() {
        let b = loaded(5);
        let due: Vec<QuestionId> = ["q7", "q2", "gone", "q4"].iter().map(|q| QuestionId((*q).into())).collect();
        let spec = DrillSpec { due, feedback: true, ..DrillSpec::default() };
        let p = drill(&b.bank, &spec, None, 3).expect("drill");
        let asked: Vec<&str> =
            p.session.paper.items.iter().map(|it| b.bank.questions[it.question].id.0.as_str()).collect();
        assert_eq!(asked, ["q7", "q2", "q4"], "a question no longer in the bank is left out");
        assert!(p.session.settings.feedback && p.session.settings.mode == crate::engine::session::Mode::Drill);
        // Paced at the bank's 60 s a question.
        assert_eq!(p.session.settings.limit_secs, Some(180));
        assert_eq!(p.about.as_deref(), Some("3 questions due for review, most overdue first"));
        let none = DrillSpec { due: vec![QuestionId("gone".into())], ..DrillSpec::default() };
        assert!(drill(&b.bank, &none, None, 3).is_err());
    }
}
