//! The breakdown's entries open the questions behind them: each question slipped or still
//! missed since its last earlier answer, and each missed term (the questions that taught it).
//! ↑↓ mark an entry (the view follows it), Enter opens, Esc comes back to the breakdown.

use super::*;
use crate::tui::review_state::{LinkKind, ReviewPane};

/// Three simulations of the mini bank (all right, two right, one right), the last one's
/// breakdown on screen: against the second, one question slipped and two still missed.
fn breakdown_after_three() -> (tempfile::TempDir, Driven) {
    let mut app = app_with(MINI);
    let dir = with_store(&mut app);
    for (day, right) in [(0, 4), (1, 2), (2, 1)] {
        app.screen = Screen::Home;
        app.exam = None;
        take_exam(&mut app, t0() + Duration::days(day), right);
        assert_eq!(app.screen, Screen::Results);
    }
    press(&mut app, KeyCode::Char('r'), t0() + Duration::days(3));
    press(&mut app, KeyCode::Char('b'), t0() + Duration::days(3));
    assert_eq!(app.review.as_ref().map(|r| r.view), Some(ReviewPane::Breakdown));
    app.status = None;
    (dir, app)
}

#[test]
fn since_last_time_lists_the_slipped_and_still_missed_questions() {
    let (_dir, app) = breakdown_after_three();
    let st = app.review.as_ref().expect("review");
    let kinds: Vec<&LinkKind> = st.links.iter().map(|l| &l.kind).collect();
    assert_eq!(kinds.iter().filter(|k| ***k == LinkKind::Slipped).count(), 1, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| ***k == LinkKind::StillMissed).count(), 2, "{kinds:?}");
    let frames = every_frame(&mut breakdown_after_three().1, KeyCode::PageDown, 100, 30, t0());
    let shown: String = frames.iter().map(|f| f.join("\n")).collect::<Vec<_>>().join("\n");
    // Both earlier sessions are looked through, each question against its last answer.
    assert!(shown.contains("Since last time: each question against your last answer to it (2 earlier"), "{shown}");
    assert!(shown.contains("Slipped (right last time):"), "{shown}");
    assert!(shown.contains("Still missed:"), "{shown}");
    assert!(shown.contains("› Question 2 · "), "the first entry is marked: {shown}");
}

#[test]
fn enter_opens_the_marked_entry_and_esc_comes_back_to_the_breakdown() {
    let (_dir, mut app) = breakdown_after_three();
    // The second entry: the first question still missed; its group is both still missed.
    press(&mut app, KeyCode::Down, t0());
    press(&mut app, KeyCode::Enter, t0());
    let st = app.review.as_ref().expect("review");
    assert_eq!(st.view, ReviewPane::Question);
    assert_eq!(st.focus.as_deref(), Some("still missed since last time"));
    assert_eq!((st.pos, st.shown.len()), (0, 2));
    let title = text(&draw(&app, 100, 30, t0()))[0].clone();
    assert!(title.contains("1 of 2 · still missed since last time"), "{title}");
    press(&mut app, KeyCode::Right, t0());
    assert_eq!(app.review.as_ref().map(|r| r.pos), Some(1), "→ moves within the group");
    press(&mut app, KeyCode::Esc, t0());
    let st = app.review.as_ref().expect("review");
    assert_eq!((st.view, st.focus.clone(), st.link), (ReviewPane::Breakdown, None, 1));
    assert_eq!(app.screen, Screen::Review, "Esc is back one step, not out of the review");
}

#[test]
fn a_missed_term_opens_the_questions_that_taught_it() {
    let (_dir, mut app) = breakdown_after_three();
    let st = app.review.as_ref().expect("review");
    let (k, link) = st
        .links
        .iter()
        .enumerate()
        .find(|(_, l)| matches!(l.kind, LinkKind::Term(_)))
        .map(|(k, l)| (k, l.clone()))
        .expect("a missed term");
    let LinkKind::Term(term) = &link.kind else { unreachable!() };
    for _ in 0..k {
        press(&mut app, KeyCode::Down, t0());
    }
    // The marked entry is in view at 80x24, however far down it is.
    sized(&mut app, 80, 24);
    press(&mut app, KeyCode::Up, t0());
    press(&mut app, KeyCode::Down, t0());
    let shown = text(&draw(&app, 80, 24, t0())).join("\n");
    assert!(shown.contains(&format!("› {term}")), "{shown}");
    press(&mut app, KeyCode::Enter, t0());
    let st = app.review.as_ref().expect("review");
    assert_eq!(st.focus, Some(format!("taught the term {term}")));
    let bank = &app.banks[0].bank;
    for &i in &st.shown {
        let q = st.review.items[i].question.expect("in the bank");
        assert!(bank.questions[q].terms.contains(term));
    }
    // `f` leaves the group for the filters.
    press(&mut app, KeyCode::Char('f'), t0());
    assert_eq!(app.review.as_ref().and_then(|r| r.focus.clone()), None);
}

/// A stem with line breaks showed `\n` in its one-line entry.
#[test]
fn an_entry_shows_a_multi_line_stem_on_one_line() {
    let (_dir, mut app) = breakdown_after_three();
    let bank = &mut app.banks[0].bank;
    for q in &mut bank.questions {
        q.stem = format!("First line\nsecond line of {}", q.id);
    }
    let frames = every_frame(&mut app, KeyCode::PageDown, 160, 45, t0());
    let shown: String = frames.iter().map(|f| f.join("\n")).collect::<Vec<_>>().join("\n");
    assert!(shown.contains("First line second line of"), "{shown}");
    assert!(!shown.contains("\\n"), "{shown}");
}

/// The breakdown names what it looked through: one earlier session by its date, several
/// by how many and their dates (one date when they share it).
#[test]
fn since_last_time_says_which_sessions_it_looked_through() {
    let mut app = app_with(MINI);
    let _dir = with_store(&mut app);
    let (mut heads, mut texts) = (Vec::new(), Vec::new());
    for (k, right) in [4, 2, 1].into_iter().enumerate() {
        app.screen = Screen::Home;
        app.exam = None;
        take_exam(&mut app, t0() + Duration::minutes(30 * k as i64), right);
        press(&mut app, KeyCode::Char('r'), t0() + Duration::hours(2));
        press(&mut app, KeyCode::Char('b'), t0() + Duration::hours(2));
        let shown = text(&draw(&app, 160, 45, t0())).join("\n");
        heads.push(shown.lines().find(|l| l.contains("Since last time")).map(str::to_owned));
        texts.push(shown);
        press(&mut app, KeyCode::Esc, t0());
        press(&mut app, KeyCode::Esc, t0());
    }
    let day = t0().with_timezone(&chrono::Local).format("%Y-%m-%d").to_string();
    assert!(heads[0].as_deref().is_some_and(|h| h.contains("no earlier session")), "{heads:?}");
    assert!(heads[1].as_deref().is_some_and(|h| h.contains(&format!("(the session of {day})"))), "{heads:?}");
    // The mini bank's papers share their questions: the figures show, not "none … asked in it".
    assert!(!texts[1].contains("none of this session's questions"), "{}", texts[1]);
    assert!(heads[2].as_deref().is_some_and(|h| h.contains(&format!("(2 earlier sessions, {day})"))), "{heads:?}");
}

/// Two short papers of fresh questions share none: the breakdown says none was asked in
/// the one earlier session ("in it", not "in them").
#[test]
fn since_last_time_with_no_shared_question_says_so() {
    let bank = load_str("bank.yaml", MINI).expect("valid bank");
    let options = ExamOptions { seed: Some(7), questions: Some(2), ..ExamOptions::default() };
    let mut app = Driven(Runtime { app: App::new(vec![bank], options, 1), journaling: Journaling::new(None) });
    let _dir = with_store(&mut app);
    for k in 0..2 {
        take_exam(&mut app, t0() + Duration::minutes(30 * k), 1);
    }
    press(&mut app, KeyCode::Char('r'), t0() + Duration::hours(2));
    press(&mut app, KeyCode::Char('b'), t0() + Duration::hours(2));
    let shown = text(&draw(&app, 160, 45, t0())).join("\n");
    assert!(shown.contains("none of this session's questions was asked in it"), "{shown}");
}
