//! The item types through the session, the scoring, the draw and the journal, on the
//! bundled demo bank: ordering, matching and typed answers with and without partial
//! credit, testlets entered, moved around in, left and never re-entered, time-up inside
//! one, and a session resumed mid-testlet from its journal.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

use crate::engine::bank::load::load_str;
use crate::engine::bank::{Bank, Kind, LoadedBank};
use crate::engine::blueprint::{Paper, PaperItem, draw, full_counts, option_order, rng_from_seed};
use crate::engine::history::{Journal, Recorder, Store};
use crate::engine::scoring::score;
use crate::engine::session::{Command, Event, FinishReason, Mode, Session, SessionError, Settings, Unanswered};

const DEMO: &str = include_str!("../../question_banks/item-types-demo.yaml");

fn loaded() -> LoadedBank {
    load_str("item-types-demo.yaml", DEMO).expect("the demo bank is valid")
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date")
}

fn at(secs: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(secs)
}

/// The index of question `id` in the bank.
fn q(bank: &Bank, id: &str) -> usize {
    bank.questions.iter().position(|q| q.id.0 == id).expect("question in the demo bank")
}

/// A paper of these questions in this order, options unshuffled; testlet questions keep
/// their testlet.
fn paper(bank: &Bank, ids: &[&str]) -> Paper {
    Paper {
        items: ids
            .iter()
            .map(|id| {
                let i = q(bank, id);
                let question = &bank.questions[i];
                PaperItem {
                    question: i,
                    order: (0..question.options.len() as u8).collect(),
                    testlet: question.testlet.map(|t| bank.testlets[t].id.clone()),
                }
            })
            .collect(),
    }
}

fn sim(limit: Option<u64>) -> Settings {
    Settings { mode: Mode::Simulation, limit_secs: limit, feedback: false, full_length: false }
}

fn started(bank: &Bank, ids: &[&str], limit: Option<u64>) -> Session {
    let mut s = Session::new(bank, paper(bank, ids), sim(limit));
    s.apply(Command::Start, t0()).expect("start");
    s
}

fn place(s: &mut Session, positions: &[usize], now: DateTime<Utc>) {
    for &p in positions {
        s.apply(Command::Select(p), now).expect("place");
    }
}

fn submit(s: &mut Session, now: DateTime<Utc>) -> Event {
    s.apply(Command::Submit { confirmed: false }, now).expect("submit")
}

#[test]
fn an_order_question_is_right_only_in_the_right_order() {
    let b = loaded().bank;
    let mut s = started(&b, &["demo-ike-order", "demo-ike-order"], None);
    place(&mut s, &[0, 1, 2, 3], at(10));
    assert_eq!(s.selected_positions(), vec![0, 1, 2, 3]);
    submit(&mut s, at(10));
    place(&mut s, &[1, 0, 2, 3], at(20));
    submit(&mut s, at(20));
    let a = s.answers();
    assert!(a[0].correct && a[0].credit.is_none());
    assert!(!a[1].correct, "two swapped items are wrong without partial credit");
    assert_eq!(a[1].credit(), 0.0);
    assert_eq!(a[1].selection, vec![1, 0, 2, 3], "the candidate's order is kept");
}

#[test]
fn partial_credit_counts_each_item_in_its_place() {
    let b = loaded().bank;
    let mut s = started(&b, &["demo-dot1x-order", "demo-ipsec-match"], None);
    // Six items, the middle two swapped: four in place.
    place(&mut s, &[0, 1, 3, 2, 4, 5], at(30));
    submit(&mut s, at(30));
    // Four pairs, the last given the extra: three right.
    place(&mut s, &[0, 1, 2, 4], at(60));
    submit(&mut s, at(60));
    let a = s.answers();
    assert!(!a[0].correct);
    assert_eq!(a[0].credit, Some(4.0 / 6.0));
    assert_eq!(a[1].credit, Some(0.75));
    let r = score(&s, &b);
    assert_eq!(r.correct, 0, "no answer was fully right");
    assert!((r.credit - (4.0 / 6.0 + 0.75)).abs() < 1e-9, "{}", r.credit);
    assert_eq!(r.score, 70.8, "(2/3 + 3/4) of 2 questions");
    // Results show where the time went, domain by domain (30 s on each).
    assert!(r.domains.iter().all(|d| d.mean_secs == Some(30.0)), "{:?}", r.domains);
}

#[test]
fn a_match_may_reuse_a_right_item_but_an_order_may_not_repeat_one() {
    let b = loaded().bank;
    let mut s = started(&b, &["demo-ports-match", "demo-ike-order"], None);
    place(&mut s, &[0, 0, 0], at(5));
    assert_eq!(s.selected_positions(), vec![0, 0, 0]);
    s.apply(Command::Select(1), at(5)).expect("the fourth left item");
    assert_eq!(s.apply(Command::Select(2), at(5)), Err(SessionError::TooMany { choose: 4 }));
    submit(&mut s, at(6));
    assert!(!s.answers()[0].correct);
    s.apply(Command::Select(2), at(7)).expect("place C");
    assert_eq!(s.apply(Command::Select(2), at(7)), Err(SessionError::AlreadyPlaced { letter: 'C' }));
}

#[test]
fn taking_back_a_placed_item_counts_as_a_change() {
    let b = loaded().bank;
    let mut s = started(&b, &["demo-ike-order"], None);
    place(&mut s, &[0, 1, 2, 3], at(5));
    s.apply(Command::Unplace, at(6)).expect("take back");
    s.apply(Command::Unplace, at(6)).expect("take back");
    assert_eq!(s.selected_positions(), vec![0, 1]);
    place(&mut s, &[3, 2], at(7));
    assert_eq!(
        s.apply(Command::Submit { confirmed: false }, at(8)),
        Ok(Event::Submitted { item: 0 }),
        "four placed is complete"
    );
    let a = &s.answers()[0];
    assert!(a.changed && a.held_correct && !a.correct, "right, then changed to wrong");
    assert!(a.changed_right_to_wrong());
}

#[test]
fn an_incomplete_order_asks_first_and_nothing_placed_cannot_be_taken_back() {
    let b = loaded().bank;
    let mut s = started(&b, &["demo-ike-order"], None);
    assert_eq!(s.apply(Command::Unplace, at(1)), Err(SessionError::NothingPlaced));
    place(&mut s, &[2], at(2));
    assert_eq!(
        s.apply(Command::Submit { confirmed: false }, at(3)),
        Err(SessionError::Incomplete { selected: 1, required: 4 })
    );
    s.apply(Command::Submit { confirmed: true }, at(3)).expect("confirmed");
    assert_eq!(s.answers()[0].selection, vec![2]);
    assert!(s.is_finished());
}

#[test]
fn typed_answers_ignore_case_and_runs_of_spaces() {
    let b = loaded().bank;
    let mut s = started(&b, &["demo-aaa-cmd", "demo-aaa-cmd", "demo-esp-proto"], None);
    assert_eq!(s.apply(Command::Select(0), at(1)), Err(SessionError::NotText));
    s.apply(Command::Type("  AAA   New-Model ".into()), at(2)).expect("type");
    assert_eq!(s.typed(), "  AAA   New-Model ");
    submit(&mut s, at(3));
    s.apply(Command::Type("aaa new model".into()), at(4)).expect("type");
    submit(&mut s, at(5));
    assert_eq!(
        s.apply(Command::Submit { confirmed: false }, at(6)),
        Err(SessionError::Incomplete { selected: 0, required: 1 }),
        "an empty answer asks first"
    );
    s.apply(Command::Submit { confirmed: true }, at(6)).expect("skip");
    let a = s.answers();
    assert!(a[0].correct);
    assert_eq!(a[0].typed.as_deref(), Some("AAA   New-Model"), "kept as typed, trimmed");
    assert!(!a[1].correct);
    assert_eq!(a[2].unanswered, Some(Unanswered::Skipped));
}

#[test]
fn text_and_order_do_not_take_each_others_commands() {
    let b = loaded().bank;
    let mut s = started(&b, &["demo-ike-order"], None);
    assert_eq!(s.apply(Command::Type("x".into()), at(1)), Err(SessionError::NotText));
    assert_eq!(s.apply(Command::Step(true), at(1)), Err(SessionError::NotInTestlet));
    assert_eq!(s.apply(Command::Leave, at(1)), Err(SessionError::NotInTestlet));
}

const TESTLET: [&str; 5] = ["demo-acl", "demo-branch-group", "demo-branch-profile", "demo-branch-verify", "demo-cmap"];

#[test]
fn inside_a_testlet_answers_stay_open_until_it_is_left() {
    let b = loaded().bank;
    let mut s = started(&b, &TESTLET, None);
    place(&mut s, &[0], at(10));
    submit(&mut s, at(10));
    assert_eq!(s.testlet_span(), Some((1, 4)), "entered with the next question");
    assert_eq!(s.current(), Some(1));
    place(&mut s, &[1], at(20));
    assert_eq!(submit(&mut s, at(20)), Event::Submitted { item: 1 });
    assert_eq!(s.current(), Some(2), "on to the next question without an answer");
    assert_eq!(s.answers().len(), 1, "nothing inside is final yet");
    assert!(s.draft(1).is_some_and(|d| !d.correct));
    // Back to the first, changed to the right answer.
    assert_eq!(s.apply(Command::Step(false), at(25)), Ok(Event::Stepped));
    assert_eq!(s.selected_positions(), vec![1], "the answer given is shown again");
    assert_eq!(s.apply(Command::Step(false), at(25)), Err(SessionError::EdgeOfTestlet("first")));
    place(&mut s, &[0], at(30));
    submit(&mut s, at(30));
    let d = s.draft(1).expect("draft");
    assert!(d.correct && d.changed, "the new answer replaces the old, as a change");
    assert_eq!(d.seconds, 15.0, "time on it adds up over the visits: 10..20 and 25..30");
    assert_eq!(s.current(), Some(2));
    s.apply(Command::Type("prof-hq".into()), at(40)).expect("type");
    submit(&mut s, at(40));
    place(&mut s, &[0], at(50));
    submit(&mut s, at(50));
    assert!(s.testlet_complete(), "every question answered: time to leave");
    assert_eq!(s.current(), Some(3), "still inside until the candidate leaves");
    assert_eq!(s.apply(Command::Leave, at(55)), Ok(Event::Left { first: 1, end: 4 }));
    assert_eq!(s.answers().len(), 4);
    assert!(s.answers()[1..4].iter().all(|a| a.correct));
    assert_eq!(s.current(), Some(4));
    assert_eq!(s.apply(Command::Step(false), at(56)), Err(SessionError::NotInTestlet), "no way back in");
}

#[test]
fn leaving_a_testlet_early_records_the_rest_as_skipped() {
    let b = loaded().bank;
    let mut s = started(&b, &TESTLET[1..], None);
    place(&mut s, &[0], at(10));
    submit(&mut s, at(10));
    s.apply(Command::Leave, at(15)).expect("leave");
    let a = s.answers();
    assert_eq!(a.len(), 3);
    assert!(a[0].correct);
    assert_eq!(a[1].unanswered, Some(Unanswered::Skipped));
    assert_eq!(a[1].seconds, 5.0, "the time it was on screen counts");
    assert_eq!(a[2].unanswered, Some(Unanswered::Skipped));
    assert_eq!(s.current(), Some(3));
}

#[test]
fn time_up_inside_a_testlet_scores_what_is_answered() {
    let b = loaded().bank;
    let mut s = started(&b, &TESTLET, Some(120));
    place(&mut s, &[0], at(10));
    submit(&mut s, at(10));
    s.apply(Command::Step(true), at(20)).expect("next");
    s.apply(Command::Type("PROF-HQ".into()), at(30)).expect("type");
    submit(&mut s, at(30));
    assert_eq!(s.tick(at(121)), Some(FinishReason::TimeUp));
    let a = s.answers();
    assert_eq!(a.len(), 5);
    assert!(a[0].correct);
    assert_eq!(a[1].unanswered, Some(Unanswered::Time), "stepped over, never answered");
    assert!(a[2].correct, "answered inside the testlet: it counts");
    assert_eq!(a[3].unanswered, Some(Unanswered::Time));
    assert_eq!(a[4].unanswered, Some(Unanswered::Time));
    assert_eq!(score(&s, &b).correct, 2);
}

/// Writes every record of `event` to the journal (opened by the start record).
fn journal(rec: &mut Recorder, store: &Store, j: &mut Option<Journal>, e: Event, s: &Session) {
    for r in rec.record(e, s) {
        match (&r.body, j.as_mut()) {
            (crate::engine::history::Body::Start(start), None) => *j = Some(store.begin(start).expect("begin")),
            (_, Some(j)) => j.append(&r).expect("append"),
            (_, None) => panic!("a record before the start"),
        }
    }
}

/// A session of these questions started at `t0` and driven by `steps` (command, seconds
/// after `t0`), every event journalled as the app does: the store, the journal and the session.
fn journalled(
    l: &LoadedBank,
    ids: &[&str],
    limit: Option<u64>,
    steps: Vec<(Command, i64)>,
) -> (tempfile::TempDir, Store, std::path::PathBuf, Session) {
    let b = &l.bank;
    let mut s = Session::new(b, paper(b, ids), sim(limit));
    let mut rec = Recorder::new(l, &s, 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let mut j = None;
    let e = s.apply(Command::Start, t0()).expect("start");
    journal(&mut rec, &store, &mut j, e, &s);
    for (cmd, secs) in steps {
        let e = s.apply(cmd, at(secs)).expect("command");
        journal(&mut rec, &store, &mut j, e, &s);
    }
    let path = j.expect("journal").path().to_owned();
    (dir, store, path, s)
}

#[test]
fn a_session_interrupted_inside_a_testlet_resumes_with_its_answers_open() {
    let l = loaded();
    let steps = vec![
        (Command::Select(0), 10),
        (Command::Submit { confirmed: false }, 10),
        (Command::Select(1), 20),
        (Command::Submit { confirmed: false }, 20),
        (Command::Step(false), 25),
        (Command::Select(0), 30),
        (Command::Submit { confirmed: false }, 30),
        (Command::Type("PROF-HQ".into()), 40),
    ];
    // The process dies after these: the typed text was never submitted.
    let (_dir, store, path, _) = journalled(&l, &TESTLET, Some(600), steps);
    let stored = store.read_session(&path).expect("read back");
    assert_eq!(stored.answers().count(), 1, "only the answer before the testlet is final");
    let drafts = stored.drafts();
    assert_eq!(drafts.len(), 1, "the changed answer replaced the first one");
    assert!(drafts[0].correct && drafts[0].changed);
    let (_, r) =
        crate::engine::history::recovery::rebuild(std::slice::from_ref(&l), &stored, at(100)).expect("rebuild");
    assert_eq!(r.testlet_span(), Some((1, 4)));
    assert_eq!(r.current(), Some(2), "back at the first question without an answer");
    assert!(r.draft(1).is_some_and(|d| d.correct));
    assert_eq!(r.remaining(at(100)), Some(Duration::seconds(500)), "the original deadline");
    // Time runs out before the candidate returns: the journal alone scores the drafts.
    let summary = crate::engine::history::Summary::of(&{
        let mut closed = stored.clone();
        closed.journal.records.push(crate::engine::history::Record::new(crate::engine::history::Body::Finish(
            crate::engine::history::record::FinishRecord {
                reason: FinishReason::TimeUp,
                finished_at: at(600),
                clock_anomaly: false,
            },
        )));
        closed
    });
    assert_eq!(summary.correct, 2, "the answer before and the one inside the testlet");
}

#[test]
fn leaving_a_testlet_is_one_journal_line_and_old_records_stay_version_1() {
    let l = loaded();
    let b = &l.bank;
    let mut s = Session::new(b, paper(b, &["demo-cmap", "demo-branch-group", "demo-branch-profile"]), sim(None));
    let mut rec = Recorder::new(&l, &s, 1);
    let start = rec.record(s.apply(Command::Start, t0()).expect("start"), &s);
    assert_eq!(start[0].v, 2, "a paper with a testlet needs the new schema");
    s.apply(Command::Select(0), at(1)).expect("select");
    let first = rec.record(s.apply(Command::Submit { confirmed: false }, at(1)).expect("submit"), &s);
    assert_eq!(first[0].v, 1, "a plain choice answer is still version 1");
    s.apply(Command::Select(0), at(2)).expect("select");
    let draft = rec.record(s.apply(Command::Submit { confirmed: false }, at(2)).expect("submit"), &s);
    assert!(matches!(
        draft[..],
        [crate::engine::history::Record { v: 2, body: crate::engine::history::Body::Draft(_) }]
    ));
    let left = rec.record(s.apply(Command::Leave, at(3)).expect("leave"), &s);
    let kinds: Vec<&str> = left
        .iter()
        .map(|r| match &r.body {
            crate::engine::history::Body::Leave(l) => {
                assert_eq!(l.answers.len(), 2);
                "leave"
            }
            crate::engine::history::Body::Finish(_) => "finish",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["leave", "finish"], "the last testlet ends the paper");
}

#[test]
fn the_journal_records_each_types_answer() {
    let l = loaded();
    let steps: Vec<(Command, i64)> = [3, 2, 1, 0]
        .map(Command::Select)
        .into_iter()
        .chain([Command::Submit { confirmed: false }])
        .chain([0, 1, 4, 2].map(Command::Select))
        .chain([Command::Submit { confirmed: false }, Command::Type("50".into()), Command::Submit { confirmed: false }])
        .zip(0..)
        .collect();
    let (_dir, store, path, s) = journalled(&l, &["demo-ike-order", "demo-ipsec-match", "demo-esp-proto"], None, steps);
    let stored = store.read_session(&path).expect("read");
    let read: Vec<_> = stored.answers().cloned().collect();
    assert_eq!(read, s.answers(), "each answer reads back as given");
    assert_eq!(read[0].selection, vec![3, 2, 1, 0]);
    assert_eq!(read[1].credit, Some(0.5));
    assert_eq!(read[2].typed.as_deref(), Some("50"));
    assert_eq!(stored.start.paper[2].kind, Kind::Text);
    assert_eq!(stored.start.paper[2].accepted, vec!["50".to_owned()]);
    let summary = crate::engine::history::Summary::of(&stored);
    assert_eq!(summary.correct, 1);
    assert_eq!(summary.credit_units, Some(crate::engine::scoring::CREDIT_UNITS * 3 / 2));
    assert_eq!(summary.score, 50.0, "(0 + 1/2 + 1) of 3");
}

proptest! {
    #[test]
    fn an_order_of_three_or_more_is_never_shown_in_the_right_order(seed: u64) {
        let b = loaded().bank;
        for id in ["demo-ike-order", "demo-dot1x-order"] {
            let question = &b.questions[q(&b, id)];
            let order = option_order(question, &mut rng_from_seed(seed));
            prop_assert!(order.windows(2).any(|w| w[0] > w[1]), "{id} shown as {order:?}");
            let mut sorted = order.clone();
            sorted.sort_unstable();
            prop_assert_eq!(sorted, (0..question.options.len() as u8).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_testlet_is_drawn_whole_and_the_blueprint_counts_hold(n in 2usize..=11, seed: u64) {
        let b = loaded().bank;
        let counts = full_counts(&b, n);
        let Ok(p) = draw(&b, &counts, &mut rng_from_seed(seed)) else {
            // Too few standalone questions in a domain for this size: never a split testlet.
            return Ok(());
        };
        let mut per = vec![0; b.domains.len()];
        for it in &p.items {
            per[b.questions[it.question].domain] += 1;
        }
        prop_assert_eq!(&per, &counts);
        let at: Vec<usize> = p.items.iter().enumerate().filter(|(_, it)| it.testlet.is_some()).map(|(i, _)| i).collect();
        if let (Some(&first), Some(&last)) = (at.first(), at.last()) {
            prop_assert_eq!(at.len(), 3, "all three questions of the testlet");
            prop_assert_eq!(last - first, 2, "next to each other");
            let ids: Vec<&str> = at.iter().map(|&i| b.questions[p.items[i].question].id.0.as_str()).collect();
            prop_assert_eq!(ids, vec!["demo-branch-group", "demo-branch-profile", "demo-branch-verify"]);
        }
        prop_assert!(n < 9 || !at.is_empty(), "from 9 questions a third of the paper holds the testlet");
    }
}

#[test]
fn a_full_demo_paper_holds_the_testlet_and_every_type() {
    let b = loaded().bank;
    let n = b.exam.questions as usize;
    for seed in 0..20 {
        let p = draw(&b, &full_counts(&b, n), &mut rng_from_seed(seed)).expect("draw");
        assert_eq!(p.items.len(), n);
        assert_eq!(p.items.iter().filter(|it| it.testlet.is_some()).count(), 3, "seed {seed}");
        for kind in [Kind::Choice, Kind::Order, Kind::Match, Kind::Text] {
            assert!(p.items.iter().any(|it| b.questions[it.question].kind == kind), "{kind:?} on seed {seed}");
        }
    }
}

#[test]
fn causes_are_suggested_for_every_type() {
    use crate::engine::diagnosis::{Suggested, suggest};
    let b = loaded().bank;
    let mut s = started(&b, &["demo-aaa-cmd", "demo-dot1x-order", "demo-ports-match"], None);
    s.apply(Command::Type("aaa newmodel".into()), at(60)).expect("type");
    submit(&mut s, at(60));
    place(&mut s, &[0, 1, 3, 2, 4, 5], at(120));
    submit(&mut s, at(120));
    place(&mut s, &[0, 1, 2, 4], at(180));
    submit(&mut s, at(180));
    let a = s.answers();
    let typed = suggest(&b.questions[q(&b, "demo-aaa-cmd")], &a[0]).expect("wrong");
    assert_eq!(typed.suggested, Suggested::Cause(crate::engine::bank::Cause::Term));
    assert!(typed.reason.contains("close to the accepted “aaa new-model”"), "{}", typed.reason);
    let order = suggest(&b.questions[q(&b, "demo-dot1x-order")], &a[1]).expect("wrong");
    assert!(order.reason.starts_with("4 of 6 in place"), "{}", order.reason);
    let matched = suggest(&b.questions[q(&b, "demo-ports-match")], &a[2]).expect("wrong");
    assert!(matched.reason.starts_with("3 of 4 matched"), "{}", matched.reason);
    assert!(matched.low_confidence, "no trap on a match: the cause is the candidate's to set");
}

#[test]
fn answers_are_shown_in_the_letters_the_candidate_saw() {
    use crate::engine::review::shown_answer;
    let b = loaded().bank;
    let mut p = paper(&b, &["demo-ike-order", "demo-ports-match", "demo-esp-proto", "demo-cmap"]);
    p.items[0].order = vec![2, 0, 3, 1];
    p.items[1].order = vec![5, 4, 3, 2, 1, 0];
    p.items[3].order = vec![3, 2, 1, 0];
    let mut s = Session::new(&b, p.clone(), sim(None));
    s.apply(Command::Start, t0()).expect("start");
    // Shown B, D, A, C are bank items 0, 1, 2, 3: the right order.
    place(&mut s, &[1, 3, 0, 2], at(1));
    submit(&mut s, at(1));
    place(&mut s, &[5, 4, 3, 2], at(2));
    submit(&mut s, at(2));
    s.apply(Command::Type("50".into()), at(3)).expect("type");
    submit(&mut s, at(3));
    place(&mut s, &[3], at(4));
    submit(&mut s, at(4));
    let a = s.answers();
    assert!(a[0].correct && a[1].correct && a[2].correct && a[3].correct);
    assert_eq!(shown_answer(Kind::Order, &p.items[0].order, &a[0]), "BDAC");
    assert_eq!(shown_answer(Kind::Match, &p.items[1].order, &a[1]), "FEDC");
    assert_eq!(shown_answer(Kind::Text, &p.items[2].order, &a[2]), "50");
    assert_eq!(shown_answer(Kind::Choice, &p.items[3].order, &a[3]), "D");
}
