//! Session state machine tests with a manual clock: timing at the deadline, abandonment,
//! multi-select rules, no-revisit, feedback, and property tests over command sequences.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::engine::bank::load::load_str;
use crate::engine::blueprint::{PaperItem, draw, full_counts, rng_from_seed};

const MINI: &str = include_str!("../../tests/fixtures/banks/valid/mini.yaml");

fn bank() -> Bank {
    load_str("mini.yaml", MINI).expect("valid fixture").bank
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("valid date")
}

/// A paper of all four questions in bank order with options unshuffled.
fn fixed_paper(bank: &Bank) -> Paper {
    Paper {
        items: (0..bank.questions.len())
            .map(|q| PaperItem {
                question: q,
                order: (0..bank.questions[q].options.len() as u8).collect(),
                testlet: None,
            })
            .collect(),
    }
}

fn sim(limit: Option<u64>) -> Settings {
    Settings { mode: Mode::Simulation, limit_secs: limit, feedback: false, full_length: true }
}

fn started(limit: Option<u64>) -> (Bank, Session) {
    let b = bank();
    let mut s = Session::new(&b, fixed_paper(&b), sim(limit));
    s.apply(Command::Start, t0()).expect("start");
    (b, s)
}

#[test]
fn deadline_is_fixed_at_start() {
    let (_, s) = started(Some(600));
    assert_eq!(s.deadline(), Some(t0() + Duration::seconds(600)));
    assert_eq!(s.remaining(t0() + Duration::seconds(100)), Some(Duration::seconds(500)));
}

#[test]
fn commands_before_start_are_refused() {
    let b = bank();
    let mut s = Session::new(&b, fixed_paper(&b), sim(Some(600)));
    assert_eq!(s.apply(Command::Select(0), t0()), Err(SessionError::NotStarted));
    assert_eq!(s.phase(), Phase::Ready);
}

#[test]
fn submit_just_before_deadline_counts() {
    let (_, mut s) = started(Some(600));
    s.apply(Command::Select(0), t0()).expect("select");
    let just_before = t0() + Duration::seconds(600) - Duration::milliseconds(1);
    assert_eq!(s.apply(Command::Submit { confirmed: false }, just_before), Ok(Event::Submitted { item: 0 }));
    assert!(s.answers()[0].correct);
    assert_eq!(s.phase(), Phase::InProgress);
}

#[test]
fn submit_at_deadline_is_time_up_and_discards_the_selection() {
    let (_, mut s) = started(Some(600));
    s.apply(Command::Select(0), t0()).expect("select");
    s.apply(Command::Submit { confirmed: false }, t0() + Duration::seconds(10)).expect("submit");
    s.apply(Command::Select(0), t0() + Duration::seconds(20)).expect("select");
    let at = t0() + Duration::seconds(600);
    assert_eq!(s.apply(Command::Submit { confirmed: true }, at), Err(SessionError::TimeUp));
    assert_eq!(s.phase(), Phase::Finished(FinishReason::TimeUp));
    assert_eq!(s.answers().len(), 4);
    assert!(s.answers()[1..].iter().all(|a| a.unanswered == Some(Unanswered::Time) && a.selection.is_empty()));
    assert_eq!(s.finished_at(), Some(at));
    assert_eq!(s.apply(Command::Select(0), at + Duration::seconds(1)), Err(SessionError::Finished));
}

#[test]
fn tick_finishes_exactly_at_the_deadline() {
    let (_, mut s) = started(Some(600));
    assert_eq!(s.tick(t0() + Duration::seconds(599)), None);
    assert_eq!(s.tick(t0() + Duration::seconds(600)), Some(FinishReason::TimeUp));
    assert_eq!(s.tick(t0() + Duration::seconds(601)), None);
    assert_eq!(s.remaining(t0() + Duration::seconds(700)), Some(Duration::zero()));
}

#[test]
fn abandoning_scores_as_it_stands() {
    let (_, mut s) = started(Some(600));
    s.apply(Command::Select(0), t0()).expect("select");
    s.apply(Command::Submit { confirmed: false }, t0()).expect("submit");
    assert_eq!(s.apply(Command::Abandon, t0() + Duration::seconds(5)), Ok(Event::Finished(FinishReason::Abandoned)));
    assert_eq!(s.answers().iter().filter(|a| a.unanswered == Some(Unanswered::Abandoned)).count(), 3);
    assert!(s.answers()[0].correct);
}

#[test]
fn single_answer_selection_replaces_and_marks_change() {
    let (_, mut s) = started(None);
    s.apply(Command::Select(1), t0()).expect("select");
    s.apply(Command::Select(0), t0()).expect("select");
    assert_eq!(s.selected_positions(), vec![0]);
    s.apply(Command::Submit { confirmed: false }, t0()).expect("submit");
    let a = &s.answers()[0];
    assert!(a.correct && a.changed && a.held_correct);
}

#[test]
fn changing_a_right_answer_is_flagged() {
    let (_, mut s) = started(None);
    s.apply(Command::Select(0), t0()).expect("select");
    s.apply(Command::Select(1), t0()).expect("select");
    s.apply(Command::Submit { confirmed: false }, t0()).expect("submit");
    assert!(s.answers()[0].changed_right_to_wrong());
}

#[test]
fn multi_select_toggles_and_needs_exactly_n() {
    let (_, mut s) = started(None);
    s.apply(Command::Select(0), t0()).expect("select");
    s.apply(Command::Submit { confirmed: false }, t0()).expect("q1");
    // Question 2: choose 2 of 5.
    assert_eq!(s.current_choose(), 2);
    s.apply(Command::Select(0), t0()).expect("select");
    assert_eq!(
        s.apply(Command::Submit { confirmed: false }, t0()),
        Err(SessionError::Incomplete { selected: 1, required: 2 })
    );
    s.apply(Command::Select(2), t0()).expect("select");
    assert_eq!(s.apply(Command::Select(3), t0()), Err(SessionError::TooMany { choose: 2 }));
    s.apply(Command::Select(2), t0()).expect("deselect");
    s.apply(Command::Select(1), t0()).expect("select");
    assert_eq!(s.selected_positions(), vec![0, 1]);
    s.apply(Command::Submit { confirmed: false }, t0()).expect("submit");
    assert!(s.answers()[1].correct);
    assert!(s.answers()[1].changed);
}

#[test]
fn empty_submit_needs_confirmation_and_counts_as_skipped() {
    let (_, mut s) = started(None);
    assert_eq!(
        s.apply(Command::Submit { confirmed: false }, t0()),
        Err(SessionError::Incomplete { selected: 0, required: 1 })
    );
    s.apply(Command::Submit { confirmed: true }, t0()).expect("skip");
    assert_eq!(s.answers()[0].unanswered, Some(Unanswered::Skipped));
    assert_eq!(s.current(), Some(1));
}

#[test]
fn selection_refers_to_option_identity_not_position() {
    let b = bank();
    let mut paper = fixed_paper(&b);
    paper.items[0].order = vec![3, 2, 1, 0];
    let mut s = Session::new(&b, paper, sim(None));
    s.apply(Command::Start, t0()).expect("start");
    s.apply(Command::Select(3), t0()).expect("select");
    s.apply(Command::Submit { confirmed: false }, t0()).expect("submit");
    assert_eq!(s.answers()[0].selection, vec![0]);
    assert!(s.answers()[0].correct);
}

#[test]
fn feedback_step_shows_the_answer_then_moves_on() {
    let b = bank();
    let mut s = Session::new(
        &b,
        fixed_paper(&b),
        Settings { mode: Mode::Drill, limit_secs: None, feedback: true, full_length: false },
    );
    s.apply(Command::Start, t0()).expect("start");
    s.apply(Command::Select(1), t0()).expect("select");
    s.apply(Command::Submit { confirmed: false }, t0()).expect("submit");
    assert!(s.feedback_pending());
    assert_eq!(s.current(), Some(0));
    assert_eq!(s.selected_positions(), vec![1]);
    assert_eq!(s.apply(Command::Select(0), t0()), Err(SessionError::AwaitingFeedback));
    assert_eq!(s.apply(Command::Continue, t0()), Ok(Event::Continued));
    assert_eq!(s.current(), Some(1));
}

#[test]
fn guess_flag_is_recorded_and_reset() {
    let (_, mut s) = started(None);
    s.apply(Command::ToggleGuess, t0()).expect("guess");
    s.apply(Command::Select(0), t0()).expect("select");
    s.apply(Command::Submit { confirmed: false }, t0()).expect("submit");
    assert!(s.answers()[0].guess);
    assert!(!s.guess_flag());
}

#[test]
fn clock_set_back_gains_no_time_and_is_flagged() {
    let (_, mut s) = started(Some(600));
    s.tick(t0() + Duration::seconds(300));
    // The wall clock jumps back an hour.
    s.tick(t0() + Duration::seconds(300) - Duration::hours(1));
    assert!(s.clock_anomaly());
    assert_eq!(s.remaining(t0() + Duration::seconds(300) - Duration::hours(1)), Some(Duration::seconds(300)));
    assert_eq!(s.remaining(t0() + Duration::seconds(400) - Duration::hours(1)), Some(Duration::seconds(200)));
}

#[test]
fn resume_keeps_answers_and_the_original_deadline() {
    let (b, mut s) = started(Some(600));
    s.apply(Command::Select(0), t0()).expect("select");
    s.apply(Command::Submit { confirmed: false }, t0() + Duration::seconds(30)).expect("submit");
    let later = t0() + Duration::seconds(120);
    let r = Session::resume(
        s.paper.clone(),
        keys_for(&b, &s.paper),
        s.settings.clone(),
        t0(),
        s.answers().to_vec(),
        vec![],
        later,
    )
    .expect("resume");
    assert_eq!(r.current(), Some(1));
    assert_eq!(r.remaining(later), Some(Duration::seconds(480)));
    let too_late = t0() + Duration::seconds(900);
    let r = Session::resume(
        s.paper.clone(),
        keys_for(&b, &s.paper),
        s.settings.clone(),
        t0(),
        s.answers().to_vec(),
        vec![],
        too_late,
    )
    .expect("resume");
    assert_eq!(r.phase(), Phase::Finished(FinishReason::TimeUp));
    assert!(r.answers()[0].correct);
    assert_eq!(r.answers().len(), 4);
}

#[test]
fn resume_refuses_answers_out_of_order() {
    let (b, mut s) = started(None);
    s.apply(Command::Select(0), t0()).expect("select");
    s.apply(Command::Submit { confirmed: false }, t0()).expect("submit");
    let mut answers = s.answers().to_vec();
    answers[0].item = 1;
    assert_eq!(
        Session::resume(s.paper.clone(), keys_for(&b, &s.paper), s.settings.clone(), t0(), answers, vec![], t0()).err(),
        Some(SessionError::Revisit)
    );
}

/// `--seconds 10000000000000` panicked computing the deadline (past the calendar's end),
/// and `18446744073709551615` wrapped to -1 s, a deadline already passed. Both are errors,
/// at the start and when an interrupted session with such a limit is resumed.
#[test]
fn an_impossible_time_limit_is_an_error_not_a_panic_or_a_wrap() {
    let b = bank();
    for secs in [10_000_000_000_000, i64::MAX as u64, i64::MAX as u64 + 1, u64::MAX] {
        let mut s = Session::new(&b, fixed_paper(&b), sim(Some(secs)));
        assert_eq!(s.apply(Command::Start, t0()), Err(SessionError::ImpossibleLimit { secs }));
        assert_eq!(s.phase(), Phase::Ready, "a refused start leaves the session ready");
        assert_eq!(s.deadline(), None);
        let resumed = Session::resume(
            fixed_paper(&b),
            keys_for(&b, &fixed_paper(&b)),
            sim(Some(secs)),
            t0(),
            vec![],
            vec![],
            t0(),
        );
        assert_eq!(resumed.err(), Some(SessionError::ImpossibleLimit { secs }));
    }
    assert!(
        SessionError::ImpossibleLimit { secs: u64::MAX }
            .to_string()
            .starts_with("a time limit of 18446744073709551615 seconds puts the deadline past the end of the calendar")
    );
    // The longest limit a flag allows, a day, is kept to the second.
    let (_, s) = started(Some(86_400));
    assert_eq!(s.deadline(), Some(t0() + Duration::seconds(86_400)));
}

#[test]
fn pinned_options_keep_their_index() {
    let b = bank();
    for seed in 0..50 {
        let paper = draw(&b, &full_counts(&b, 4), &mut rng_from_seed(seed)).expect("draw");
        for it in &paper.items {
            for (pos, &opt) in it.order.iter().enumerate() {
                if b.questions[it.question].options[opt as usize].pin {
                    assert_eq!(pos, opt as usize);
                }
            }
        }
    }
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        (0usize..6).prop_map(Command::Select),
        Just(Command::ToggleGuess),
        any::<bool>().prop_map(|confirmed| Command::Submit { confirmed }),
        Just(Command::Continue),
        Just(Command::Abandon).prop_map(|c| c),
    ]
}

proptest! {
    #[test]
    fn no_sequence_revisits_or_reanswers(cmds in prop::collection::vec((command(), 0i64..200), 0..60), feedback: bool) {
        let b = bank();
        let mut s = Session::new(&b, fixed_paper(&b), Settings { mode: Mode::Drill, limit_secs: Some(600), feedback, full_length: false });
        let mut now = t0();
        s.apply(Command::Start, now).expect("start");
        let mut last_current = 0usize;
        let mut recorded = 0usize;
        for (c, dt) in cmds {
            now += Duration::seconds(dt);
            let before: Vec<Answer> = s.answers().to_vec();
            let _ = s.apply(c, now);
            // Answers already recorded never change.
            prop_assert_eq!(&s.answers()[..before.len()], &before[..]);
            prop_assert!(s.answers().len() >= recorded);
            recorded = s.answers().len();
            if let Some(cur) = s.current() {
                prop_assert!(cur >= last_current, "went back from {} to {}", last_current, cur);
                last_current = cur;
            }
            for (i, a) in s.answers().iter().enumerate() {
                prop_assert_eq!(a.item, i);
            }
        }
    }

    #[test]
    fn commands_after_the_deadline_finish_with_earlier_answers(
        before in prop::collection::vec(command(), 0..12),
        after in prop::collection::vec(command(), 1..6),
        overshoot in 0i64..5000,
    ) {
        let b = bank();
        let mut s = Session::new(&b, fixed_paper(&b), sim(Some(600)));
        s.apply(Command::Start, t0()).expect("start");
        for c in before {
            if c != Command::Abandon {
                let _ = s.apply(c, t0() + Duration::seconds(1));
            }
        }
        let submitted: Vec<Answer> = s.answers().iter().filter(|a| a.unanswered != Some(Unanswered::Time)).cloned().collect();
        let was_finished = s.is_finished();
        let late = t0() + Duration::seconds(600 + overshoot);
        for c in after {
            prop_assert!(s.apply(c, late).is_err());
        }
        prop_assert!(s.is_finished());
        if !was_finished {
            prop_assert_eq!(s.phase(), Phase::Finished(FinishReason::TimeUp));
        }
        prop_assert_eq!(&s.answers()[..submitted.len()], &submitted[..]);
        prop_assert_eq!(s.answers().len(), 4);
    }

    #[test]
    fn seeded_draws_are_reproducible_and_never_repeat(seed: u64) {
        let b = bank();
        let counts = full_counts(&b, 4);
        let p1 = draw(&b, &counts, &mut rng_from_seed(seed)).expect("draw");
        let p2 = draw(&b, &counts, &mut rng_from_seed(seed)).expect("draw");
        prop_assert_eq!(&p1, &p2);
        let mut qs: Vec<usize> = p1.items.iter().map(|i| i.question).collect();
        qs.sort_unstable();
        qs.dedup();
        prop_assert_eq!(qs.len(), 4);
        for it in &p1.items {
            let n = b.questions[it.question].options.len();
            let mut o = it.order.clone();
            o.sort_unstable();
            prop_assert_eq!(o, (0..n as u8).collect::<Vec<_>>());
        }
    }
}

#[test]
fn a_machine_suspended_past_the_deadline_gains_no_time() {
    let (_, mut s) = started(Some(600));
    s.apply(Command::Select(0), t0() + Duration::seconds(10)).expect("select");
    // The machine sleeps for two hours; the wall clock moves on meanwhile.
    let wake = t0() + Duration::hours(2);
    assert_eq!(s.apply(Command::Submit { confirmed: false }, wake), Err(SessionError::TimeUp));
    assert_eq!(s.finished_at(), Some(t0() + Duration::seconds(600)));
    assert!(s.answers().iter().all(|a| a.unanswered == Some(Unanswered::Time)));
}

#[test]
fn a_machine_suspended_mid_exam_loses_the_time_asleep() {
    let (_, mut s) = started(Some(600));
    s.tick(t0() + Duration::seconds(100));
    // Asleep for four minutes: the remaining time counts them.
    assert_eq!(s.remaining(t0() + Duration::seconds(340)), Some(Duration::seconds(260)));
}

/// 10 minutes for 4 questions is 150 s each: 65 s in with none submitted is 65 s behind;
/// two submitted by 100 s is 200 s ahead.
#[test]
fn pace_lead_compares_time_left_with_the_questions_left() {
    let (_, mut s) = started(Some(600));
    let t0 = t0();
    assert_eq!(s.pace_secs(), Some(150));
    assert_eq!(started(None).1.pace_lead(t0), None, "untimed: no pace");
    assert_eq!(s.pace_lead(t0 + Duration::seconds(65)), Some(-65));
    for _ in 0..2 {
        s.apply(Command::Select(0), t0 + Duration::seconds(100)).expect("select");
        s.apply(Command::Submit { confirmed: true }, t0 + Duration::seconds(100)).expect("submit");
    }
    assert_eq!(s.pace_lead(t0 + Duration::seconds(100)), Some(200));
}
