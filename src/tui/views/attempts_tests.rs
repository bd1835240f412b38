//! Real exam attempts on the progress screen: listed newest first with their score and
//! domains, added with `a`, chosen with ←→ and removed with `x` — asked first, `y` only.

use super::*;
use crate::tui::state::Dialog;

/// Types `line` into the attempt form and submits it.
fn add_attempt(app: &mut Driven, line: &str, now: DateTime<Utc>) {
    press(app, KeyCode::Char('a'), now);
    for c in line.chars() {
        app.0.text_key(KeyCode::Char(c), now);
    }
    app.0.text_key(KeyCode::Enter, now);
}

fn progress_with_two_attempts() -> (tempfile::TempDir, Driven) {
    let mut app = app_with(MINI);
    let dir = with_store(&mut app);
    press(&mut app, KeyCode::Char('p'), t0());
    add_attempt(&mut app, "2026-01-10 fail 64% net=50%", t0());
    add_attempt(&mut app, "2026-02-20 fail 71%", t0());
    assert_eq!(app.attempts.len(), 2, "{:?}", app.status);
    (dir, app)
}

#[test]
fn the_progress_screen_lists_the_attempts_newest_first() {
    let (_dir, app) = progress_with_two_attempts();
    assert_eq!(app.attempts[0].attempt.date.to_string(), "2026-02-20");
    let shown = text(&draw(&app, 100, 30, t0())).join("\n");
    let rows: Vec<&str> = shown.lines().filter(|l| l.contains("  fail ")).collect();
    assert_eq!(rows.len(), 2, "{shown}");
    assert!(rows[0].contains("› 2026-02-20  fail 71%"), "{shown}");
    assert!(rows[1].contains("2026-01-10  fail 64%  net=50%"), "{shown}");
    assert!(shown.contains("Real exam attempts · a adds · ←→ choose · x removes"), "{shown}");
}

#[test]
fn x_removes_the_chosen_attempt_only_after_y() {
    let (dir, mut app) = progress_with_two_attempts();
    press(&mut app, KeyCode::Right, t0());
    assert_eq!(app.attempt_cursor, 1);
    press(&mut app, KeyCode::Char('x'), t0());
    assert_eq!(app.dialog, Some(Dialog::RemoveAttempt));
    let shown = text(&draw(&app, 80, 24, t0())).join("\n");
    assert!(shown.contains("Remove the real exam attempt of 2026-01-10 fail 64%?"), "{shown}");
    assert!(shown.contains("y yes") && shown.contains("Enter/Esc no"), "{shown}");
    // Enter and Esc keep it.
    press(&mut app, KeyCode::Enter, t0());
    press(&mut app, KeyCode::Char('x'), t0());
    press(&mut app, KeyCode::Esc, t0());
    assert_eq!((app.dialog, app.attempts.len()), (None, 2));
    // Scrolled down to the list, the screen stays there after the removal.
    for _ in 0..20 {
        press(&mut app, KeyCode::PageDown, t0());
    }
    let scrolled = app.scroll;
    assert!(scrolled > 0);
    press(&mut app, KeyCode::Char('x'), t0());
    press(&mut app, KeyCode::Char('y'), t0());
    assert_eq!(app.scroll, scrolled, "the list stays in view");
    assert_eq!(app.attempts.len(), 1);
    assert_eq!(app.attempts[0].attempt.date.to_string(), "2026-02-20", "the other one stays");
    assert_eq!(app.status.as_deref(), Some("Removed the attempt of 2026-01-10."));
    assert_eq!(app.screen, Screen::Progress);
    let file = std::fs::read_to_string(dir.path().join("attempts.jsonl")).expect("attempts");
    assert_eq!(file.lines().count(), 1, "{file}");
}

#[test]
fn x_without_attempts_says_how_to_record_one() {
    let mut app = app_with(MINI);
    press(&mut app, KeyCode::Char('p'), t0());
    press(&mut app, KeyCode::Char('x'), t0());
    assert_eq!(app.dialog, None);
    assert!(app.status.as_deref().is_some_and(|s| s.contains("a records one")), "{:?}", app.status);
}

/// A mistake in the attempt form threw the typed line away.
#[test]
fn a_mistake_in_the_form_keeps_the_typed_line_to_correct() {
    let mut app = app_with(MINI);
    let _dir = with_store(&mut app);
    press(&mut app, KeyCode::Char('p'), t0());
    add_attempt(&mut app, "2026-02-20 fail 71% nett=40", t0());
    assert!(app.attempts.is_empty());
    assert!(app.status.as_deref().is_some_and(|s| s.contains("no domain `nett`")), "{:?}", app.status);
    assert_eq!(app.attempt_input.as_ref().map(|t| t.text()), Some("2026-02-20 fail 71% nett=40"));
    // The message and the form both fit 80 columns: the message wraps, the form shows its end.
    let shown = text(&draw(&app, 80, 24, t0())).join("\n");
    assert!(shown.contains("nett=40▏"), "{shown}");
    let flat: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("its domains are net, cloud"), "{shown}");
    // Corrected (a name in quotes works too), it is recorded.
    for _ in 0.."nett=40".len() {
        app.0.text_key(KeyCode::Backspace, t0());
    }
    for c in "\"Securing the Cloud\"=40".chars() {
        app.0.text_key(KeyCode::Char(c), t0());
    }
    app.0.text_key(KeyCode::Enter, t0());
    assert_eq!(app.attempts.len(), 1, "{:?}", app.status);
    assert_eq!(app.attempts[0].attempt.domains[0].0, "cloud");
    assert!(app.attempt_input.is_none());
}
