//! Snapshots of the item types on the question and review screens (order, match, text, an
//! exhibit, a testlet question), the full-screen exhibit, the leave dialog and a drill's
//! feedback, on papers of the bundled item-types demo bank; plus checks on the buffer
//! that exhibits keep their leading spaces and that the text input stays in view.

use chrono::Duration;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

use crate::engine::review::Filter;
use crate::engine::session::{Mode, Settings};
use crate::tui::effects::Runtime;
use crate::tui::state::Screen;
use crate::tui::test_support::{key, keys, on_paper, on_paper_with, t0};
use crate::tui::theme::Theme;

fn draw(rt: &mut Runtime, w: u16, h: u16) -> Terminal<TestBackend> {
    rt.app.resize(ratatui::layout::Rect::new(0, 0, w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| super::render(f, &rt.app, Theme { color: true }, t0() + Duration::seconds(42))).expect("draw");
    t
}

fn text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The question screens at 80x24, 100x30 and 120x40.
macro_rules! snap_question {
    ($name:expr, $rt:expr) => {
        for (w, h) in [(80, 24), (100, 30), (120, 40)] {
            insta::assert_snapshot!(format!("{}_{w}x{h}", $name), draw($rt, w, h).backend());
        }
    };
}

/// The review screens at 80x24 and 120x40.
macro_rules! snap_review {
    ($name:expr, $rt:expr) => {
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("{}_{w}x{h}", $name), draw($rt, w, h).backend());
        }
    };
}

#[test]
fn order_question() {
    // Shown C A D B; two placed, the order forming below the items.
    let mut rt = on_paper(&[("demo-dot1x-order", &[3, 0, 5, 1, 2, 4]), ("demo-esp-proto", &[])]);
    keys(&mut rt, "bd", t0());
    snap_question!("question_order", &mut rt);
}

#[test]
fn match_question() {
    let mut rt = on_paper(&[("demo-ipsec-match", &[4, 2, 0, 3, 1]), ("demo-esp-proto", &[])]);
    keys(&mut rt, "cb", t0());
    snap_question!("question_match", &mut rt);
}

#[test]
fn text_question() {
    let mut rt = on_paper(&[("demo-aaa-cmd", &[]), ("demo-esp-proto", &[])]);
    keys(&mut rt, "aaa new", t0());
    snap_question!("question_text", &mut rt);
}

#[test]
fn exhibit_question() {
    let mut rt = on_paper(&[("demo-cmap", &[1, 3, 0, 2]), ("demo-esp-proto", &[])]);
    key(&mut rt, KeyCode::Char('c'), t0());
    snap_question!("question_exhibit", &mut rt);
    // Every leading space of the exhibit is on screen as in the bank.
    let shown = text(&draw(&mut rt, 100, 30));
    assert!(shown.contains("│ crypto map VPN 10 ipsec-isakmp "), "{shown}");
    assert!(shown.contains("│  set peer 198.51.100.2 "), "{shown}");
}

/// The testlet's three questions between two standalone ones, on its text question with
/// the first answered.
fn in_testlet() -> Runtime {
    let mut rt = on_paper(&[
        ("demo-esp-proto", &[]),
        ("demo-branch-group", &[2, 0, 3, 1]),
        ("demo-branch-profile", &[]),
        ("demo-branch-verify", &[]),
        ("demo-aaa-cmd", &[]),
    ]);
    keys(&mut rt, "50", t0());
    key(&mut rt, KeyCode::Enter, t0());
    key(&mut rt, KeyCode::Char('b'), t0());
    key(&mut rt, KeyCode::Enter, t0());
    keys(&mut rt, "PROF", t0());
    rt
}

#[test]
fn testlet_question() {
    let mut rt = in_testlet();
    snap_question!("question_testlet", &mut rt);
    // However tall the exhibit, what is typed is in view.
    for (w, h) in [(80, 24), (60, 16)] {
        let shown = text(&draw(&mut rt, w, h));
        assert!(shown.contains("PROF▏"), "{w}x{h}:\n{shown}");
        assert!(shown.contains("Testlet \"Branch office VPN\" · question 2 of 3 · answered 1"), "{shown}");
    }
    // Too short to pin the scenario: one line names the key that shows it.
    let shown = text(&draw(&mut rt, 60, 16));
    assert!(shown.contains("Scenario: Branch office VPN · Ctrl-X shows it full screen"), "{shown}");
}

#[test]
fn exhibit_full_screen() {
    let mut rt = in_testlet();
    key(&mut rt, KeyCode::Tab, t0());
    key(&mut rt, KeyCode::Char('x'), t0());
    assert!(rt.app.exhibit.is_some());
    for (w, h) in [(80, 24), (100, 30)] {
        insta::assert_snapshot!(format!("exhibit_view_{w}x{h}"), draw(&mut rt, w, h).backend());
    }
    // At 60 columns the crypto ACL is too wide: marked where it is cut, and scrolled
    // sideways to its end.
    let mut rt = on_paper(&[("demo-cmap", &[])]);
    draw(&mut rt, 60, 16);
    key(&mut rt, KeyCode::Char('x'), t0());
    let shown = text(&draw(&mut rt, 60, 16));
    assert!(shown.contains("10.2.2.0 0.0.›") && !shown.contains("‹"), "{shown}");
    key(&mut rt, KeyCode::Right, t0());
    let shown = text(&draw(&mut rt, 60, 16));
    assert!(shown.contains("‹s-list 110") && shown.contains("columns 6–63"), "{shown}");
}

#[test]
fn leave_dialog() {
    let mut rt = in_testlet();
    key(&mut rt, KeyCode::Tab, t0());
    key(&mut rt, KeyCode::Char('L'), t0());
    insta::assert_snapshot!("leave_dialog_80x24", draw(&mut rt, 80, 24).backend());
}

#[test]
fn feedback_on_a_match_question() {
    let settings = Settings { mode: Mode::Drill, limit_secs: None, feedback: true, full_length: false };
    let mut rt = on_paper_with(&[("demo-ports-match", &[1, 4, 0, 5, 3, 2]), ("demo-esp-proto", &[])], settings);
    keys(&mut rt, "cadf", t0());
    key(&mut rt, KeyCode::Enter, t0());
    insta::assert_snapshot!("feedback_match_80x24", draw(&mut rt, 80, 24).backend());
}

/// A finished paper of one question of each type (and the testlet), answered partly
/// wrong, on the review of its item `item`.
fn reviewed(item: usize) -> Runtime {
    let mut rt = on_paper(&[
        ("demo-ike-order", &[2, 0, 3, 1]),
        ("demo-ipsec-match", &[4, 2, 0, 3, 1]),
        ("demo-esp-proto", &[]),
        ("demo-acl", &[3, 1, 0, 2]),
        ("demo-branch-group", &[2, 0, 3, 1]),
        ("demo-branch-profile", &[]),
        ("demo-branch-verify", &[]),
    ]);
    let mut now = t0();
    let mut at = |s: i64| {
        now += Duration::seconds(s);
        now
    };
    // Order (shown C A D B, right B D A C): the first two swapped.
    keys(&mut rt, "dbac", at(30));
    key(&mut rt, KeyCode::Enter, at(1));
    // Match (partial; shown extra IKE ESP SA AH): ESP, AH right; IKE given the extra; SA
    // given AH's.
    keys(&mut rt, "ceae", at(40));
    key(&mut rt, KeyCode::Enter, at(1));
    keys(&mut rt, "51", at(20));
    key(&mut rt, KeyCode::Enter, at(1));
    key(&mut rt, KeyCode::Char('b'), at(30));
    key(&mut rt, KeyCode::Enter, at(1));
    // The testlet: a wrong group, the profile, and leave without the third.
    key(&mut rt, KeyCode::Char('a'), at(30));
    key(&mut rt, KeyCode::Enter, at(1));
    keys(&mut rt, "PROF-HQ", at(20));
    key(&mut rt, KeyCode::Enter, at(1));
    key(&mut rt, KeyCode::Char('L'), at(10));
    key(&mut rt, KeyCode::Char('y'), at(1));
    assert_eq!(rt.app.screen, Screen::Results);
    key(&mut rt, KeyCode::Char('r'), at(1));
    assert_eq!(rt.app.screen, Screen::Review);
    let st = rt.app.review.as_mut().expect("review");
    st.filter = Filter::All;
    st.shown = st.review.select(Filter::All);
    st.pos = item;
    rt
}

#[test]
fn review_of_each_type() {
    for (item, name) in
        [(0, "review_order"), (1, "review_match"), (2, "review_text"), (3, "review_exhibit"), (4, "review_testlet")]
    {
        snap_review!(name, &mut reviewed(item));
    }
}
