//! The question screen's keys per item type, testlets and the exhibit view, driven through
//! the event loop's dispatch on papers of the bundled item-types demo bank.

use chrono::Duration;
use ratatui::crossterm::event::KeyCode;

use crate::engine::bank::Kind;
use crate::engine::session::Unanswered;
use crate::tui::keys::Context;
use crate::tui::state::{Dialog, Screen};
use crate::tui::test_support::{ctrl, key, keys, on_paper, t0};

fn session(rt: &crate::tui::effects::Runtime) -> &crate::engine::session::Session {
    &rt.app.exam.as_ref().expect("exam").session
}

#[test]
fn order_letters_place_items_in_turn_and_backspace_takes_back_the_last() {
    // Shown C A D B: the right order (bank 0 1 2 3) is typed b d a c.
    let mut rt = on_paper(&[("demo-ike-order", &[2, 0, 3, 1]), ("demo-esp-proto", &[])]);
    assert_eq!(rt.app.context(), Context::QuestionOrder);
    keys(&mut rt, "bd", t0());
    assert_eq!(session(&rt).selected_positions(), vec![1, 3]);
    key(&mut rt, KeyCode::Char('b'), t0());
    assert!(rt.app.status.as_deref().is_some_and(|s| s.starts_with("B is already placed")), "{:?}", rt.app.status);
    key(&mut rt, KeyCode::Backspace, t0());
    assert_eq!(session(&rt).selected_positions(), vec![1]);
    // The cursor and Space place too: D is two rows down from the top.
    key(&mut rt, KeyCode::Up, t0());
    key(&mut rt, KeyCode::Down, t0());
    key(&mut rt, KeyCode::Down, t0());
    key(&mut rt, KeyCode::Down, t0());
    key(&mut rt, KeyCode::Char(' '), t0());
    keys(&mut rt, "ac", t0());
    key(&mut rt, KeyCode::Enter, t0());
    let a = &session(&rt).answers()[0];
    assert_eq!((a.selection.as_slice(), a.correct), (&[0u8, 1, 2, 3][..], true));
}

#[test]
fn match_letters_go_to_the_highlighted_left_item_and_may_repeat() {
    // Lefts SSH, HTTPS, RADIUS, TACACS+; rights shown in bank order: 22 443 1812 49 23 3389.
    let mut rt = on_paper(&[("demo-ports-match", &[]), ("demo-esp-proto", &[])]);
    assert_eq!(rt.app.context(), Context::QuestionMatch);
    keys(&mut rt, "aa", t0());
    assert_eq!(session(&rt).selected_positions(), vec![0, 0], "one right item may serve two left ones");
    key(&mut rt, KeyCode::Backspace, t0());
    keys(&mut rt, "bc", t0());
    // Short of one: asked first, and Enter says no.
    key(&mut rt, KeyCode::Enter, t0());
    assert_eq!(rt.app.dialog, Some(Dialog::SubmitIncomplete { selected: 3, required: 4 }));
    key(&mut rt, KeyCode::Enter, t0());
    assert_eq!(rt.app.dialog, None);
    key(&mut rt, KeyCode::Char('d'), t0());
    key(&mut rt, KeyCode::Enter, t0());
    assert!(session(&rt).answers()[0].correct);
}

#[test]
fn typing_goes_to_a_text_answer_letters_q_and_x_included() {
    let mut rt = on_paper(&[("demo-aaa-cmd", &[]), ("demo-esp-proto", &[])]);
    assert_eq!(rt.app.context(), Context::QuestionText);
    keys(&mut rt, "aaa new-modelqx", t0());
    assert!(!rt.app.quit && rt.app.dialog.is_none() && rt.app.exhibit.is_none(), "q and x are text");
    key(&mut rt, KeyCode::Backspace, t0());
    key(&mut rt, KeyCode::Backspace, t0());
    assert_eq!(session(&rt).typed(), "aaa new-model");
    // Ctrl keys are commands, never text.
    ctrl(&mut rt, 'g', t0());
    assert!(session(&rt).guess_flag());
    assert_eq!(session(&rt).typed(), "aaa new-model");
    key(&mut rt, KeyCode::Enter, t0());
    let a = &session(&rt).answers()[0];
    assert_eq!((a.typed.as_deref(), a.correct, a.guess), (Some("aaa new-model"), true, true));
}

#[test]
fn an_empty_text_answer_is_asked_first_and_only_y_submits_it() {
    let mut rt = on_paper(&[("demo-esp-proto", &[]), ("demo-aaa-cmd", &[])]);
    key(&mut rt, KeyCode::Enter, t0());
    assert_eq!(rt.app.dialog, Some(Dialog::SubmitIncomplete { selected: 0, required: 1 }));
    assert_eq!(rt.app.context(), Context::Confirm, "the confirmation's keys, not the text input");
    for no in [KeyCode::Enter, KeyCode::Esc, KeyCode::Char('n')] {
        key(&mut rt, no, t0());
        assert_eq!(rt.app.dialog, None, "{no:?}");
        assert!(session(&rt).answers().is_empty(), "{no:?} submitted nothing");
        key(&mut rt, KeyCode::Enter, t0());
    }
    key(&mut rt, KeyCode::Char('y'), t0());
    assert_eq!(session(&rt).answers()[0].unanswered, Some(Unanswered::Skipped));
    assert_eq!(rt.app.current_question().map(|q| q.kind), Some(Kind::Text));
}

#[test]
fn esc_never_leaves_the_app_on_any_question_type_or_the_exhibit() {
    for id in ["demo-cmap", "demo-ike-order", "demo-ports-match", "demo-esp-proto"] {
        let mut rt = on_paper(&[(id, &[])]);
        key(&mut rt, KeyCode::Esc, t0());
        assert!(!rt.app.quit, "{id}");
        assert_eq!(rt.app.dialog, Some(Dialog::Abandon), "{id}: Esc asks to abandon");
        key(&mut rt, KeyCode::Esc, t0());
        assert_eq!((rt.app.dialog, rt.app.screen), (None, Screen::Question), "{id}: Esc again says no");
    }
    let mut rt = on_paper(&[("demo-cmap", &[])]);
    key(&mut rt, KeyCode::Char('x'), t0());
    assert_eq!(rt.app.context(), Context::Exhibit);
    key(&mut rt, KeyCode::Esc, t0());
    assert_eq!((rt.app.context(), rt.app.quit), (Context::Question, false), "Esc closes the exhibit only");
}

#[test]
fn the_exhibit_view_scrolls_sideways_within_its_widest_line() {
    let mut rt = on_paper(&[("demo-cmap", &[]), ("demo-esp-proto", &[])]);
    rt.app.resize(ratatui::layout::Rect::new(0, 0, 60, 16));
    key(&mut rt, KeyCode::Char('x'), t0());
    for _ in 0..20 {
        key(&mut rt, KeyCode::Right, t0());
    }
    // The widest line (the ACL, 63 columns) ends in view: 58 columns show, so 5 is the end.
    assert_eq!(rt.app.exhibit.map(|o| o.x), Some(5));
    key(&mut rt, KeyCode::Left, t0());
    assert_eq!(rt.app.exhibit.map(|o| o.x), Some(0));
    key(&mut rt, KeyCode::Char('x'), t0());
    assert_eq!(rt.app.exhibit, None);
    // Time passes while it is open: it closes when the question goes.
    key(&mut rt, KeyCode::Char('x'), t0());
    assert!(rt.app.exhibit.is_some());
    rt.tick(t0() + Duration::minutes(21));
    assert_eq!((rt.app.screen, rt.app.exhibit), (Screen::TimeUp, None));
    // A question without an exhibit says so.
    let mut rt = on_paper(&[("demo-ike-order", &[])]);
    key(&mut rt, KeyCode::Char('x'), t0());
    assert_eq!(rt.app.exhibit, None);
    assert_eq!(rt.app.status.as_deref(), Some("This question has no exhibit."));
}

/// The testlet's three questions between two standalone ones.
fn testlet_paper() -> crate::tui::effects::Runtime {
    let mut rt = on_paper(&[
        ("demo-esp-proto", &[]),
        ("demo-branch-group", &[]),
        ("demo-branch-profile", &[]),
        ("demo-branch-verify", &[]),
        ("demo-aaa-cmd", &[]),
    ]);
    keys(&mut rt, "50", t0());
    key(&mut rt, KeyCode::Enter, t0());
    assert_eq!(session(&rt).testlet_span(), Some((1, 4)));
    rt
}

#[test]
fn brackets_move_inside_a_testlet_and_its_answers_stay_open() {
    let mut rt = testlet_paper();
    key(&mut rt, KeyCode::Char('['), t0());
    assert_eq!(
        rt.app.status.as_deref(),
        Some("This is the first question of the testlet: ] goes on; L leaves it."),
        "at its first question"
    );
    key(&mut rt, KeyCode::Char('a'), t0());
    key(&mut rt, KeyCode::Enter, t0());
    // On to the next without an answer: the text one, where Tab and Shift-Tab move.
    assert_eq!(session(&rt).current(), Some(2));
    assert_eq!(rt.app.context(), Context::QuestionText);
    key(&mut rt, KeyCode::BackTab, t0());
    assert_eq!(session(&rt).current(), Some(1));
    // The answer given is still open to change.
    key(&mut rt, KeyCode::Char('b'), t0());
    key(&mut rt, KeyCode::Enter, t0());
    assert_eq!(session(&rt).draft(1).map(|a| a.selection.clone()), Some(vec![1]));
    assert!(session(&rt).answers().len() == 1, "nothing final inside the testlet");
}

#[test]
fn leaving_a_testlet_is_asked_first_and_only_y_leaves() {
    let mut rt = testlet_paper();
    key(&mut rt, KeyCode::Char('L'), t0());
    assert_eq!(rt.app.dialog, Some(Dialog::LeaveTestlet));
    for no in [KeyCode::Enter, KeyCode::Esc, KeyCode::Char('n'), KeyCode::Char(' ')] {
        key(&mut rt, no, t0());
        assert!(session(&rt).testlet_span().is_some(), "{no:?} kept the candidate inside");
        key(&mut rt, KeyCode::Char('L'), t0());
    }
    key(&mut rt, KeyCode::Char('y'), t0());
    assert_eq!(session(&rt).testlet_span(), None);
    assert_eq!(session(&rt).current(), Some(4));
    assert_eq!(session(&rt).answers()[1].unanswered, Some(Unanswered::Skipped));
    // After it, [ says the testlet is closed (the text question here takes Tab for it).
    key(&mut rt, KeyCode::BackTab, t0());
    let said = rt.app.status.clone().unwrap_or_default();
    assert!(said.contains("“Branch office VPN” is closed"), "{said}");
    ctrl(&mut rt, 'l', t0());
    assert!(rt.app.status.as_deref().is_some_and(|s| s.contains("is closed")));
    assert_eq!(rt.app.dialog, None);
}

#[test]
fn answering_the_last_open_question_of_a_testlet_asks_to_leave() {
    let mut rt = testlet_paper();
    key(&mut rt, KeyCode::Char('a'), t0());
    key(&mut rt, KeyCode::Enter, t0());
    keys(&mut rt, "PROF-HQ", t0());
    key(&mut rt, KeyCode::Enter, t0());
    assert_eq!(rt.app.dialog, None, "one still open");
    key(&mut rt, KeyCode::Char('a'), t0());
    key(&mut rt, KeyCode::Enter, t0());
    assert_eq!(rt.app.dialog, Some(Dialog::LeaveTestlet));
    key(&mut rt, KeyCode::Char('n'), t0());
    assert!(rt.app.status.as_deref().is_some_and(|s| s.starts_with("Still in the testlet")));
    key(&mut rt, KeyCode::Char('L'), t0());
    key(&mut rt, KeyCode::Char('y'), t0());
    let answers = session(&rt).answers();
    assert_eq!(answers.len(), 4);
    assert!(answers[1..4].iter().all(|a| a.correct), "{answers:?}");
}

#[test]
fn outside_any_testlet_the_brackets_say_there_is_no_going_back() {
    let mut rt = on_paper(&[("demo-cmap", &[])]);
    key(&mut rt, KeyCode::Char('['), t0());
    assert_eq!(rt.app.status.as_deref(), Some("This question is not in a testlet: there is no going back."));
    key(&mut rt, KeyCode::Char('L'), t0());
    assert_eq!(rt.app.dialog, None);
}
