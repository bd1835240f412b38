//! The key table's rules: what each key means per screen, what the help bar shows, and
//! the keys that must never do harm (Esc never quits; only y says yes).

use super::*;
use ratatui::crossterm::event::KeyEvent;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn letters_and_digits_select_options() {
    assert_eq!(action(Context::Question, key(KeyCode::Char('a'))), Some(Action::Option(0)));
    assert_eq!(action(Context::Question, key(KeyCode::Char('B'))), Some(Action::Option(1)));
    assert_eq!(action(Context::Question, key(KeyCode::Char('3'))), Some(Action::Option(2)));
    assert_eq!(action(Context::Question, key(KeyCode::Char('0'))), Some(Action::Option(9)));
    assert_eq!(action(Context::Question, key(KeyCode::Char('g'))), Some(Action::Guess));
}

#[test]
fn back_keys_map_to_no_back() {
    assert_eq!(action(Context::Question, key(KeyCode::Left)), Some(Action::NoBack));
    assert_eq!(action(Context::Question, key(KeyCode::Backspace)), Some(Action::NoBack));
}

#[test]
fn ctrl_c_quits_and_ctrl_z_suspends_everywhere() {
    let cc = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let cz = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
    for ctx in [Context::Home, Context::Question, Context::Results, Context::Rules] {
        assert_eq!(action(ctx, cc), Some(Action::Quit));
        assert_eq!(action(ctx, cz), Some(Action::Suspend));
    }
    // Ctrl-A is not the letter a.
    let ca = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL);
    assert_eq!(action(Context::Question, ca), None);
}

const ALL: [Context; 19] = [
    Context::Home,
    Context::Rules,
    Context::Question,
    Context::QuestionOrder,
    Context::QuestionMatch,
    Context::QuestionText,
    Context::Exhibit,
    Context::Feedback,
    Context::TimeUp,
    Context::Results,
    Context::Confirm,
    Context::Help,
    Context::Review,
    Context::Breakdown,
    Context::Note,
    Context::Progress,
    Context::History,
    Context::Plan,
    Context::DrillSetup,
];

#[test]
fn esc_never_quits_and_ctrl_c_always_can() {
    let cc = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for ctx in ALL {
        assert_ne!(action(ctx, key(KeyCode::Esc)), Some(Action::Quit), "Esc quits in {ctx:?}");
        // In a confirmation Ctrl-C does nothing: the question is answered first.
        if ctx != Context::Confirm {
            assert_eq!(action(ctx, cc), Some(Action::Quit), "Ctrl-C in {ctx:?}");
        }
    }
}

#[test]
fn only_y_says_yes() {
    for code in [KeyCode::Enter, KeyCode::Esc, KeyCode::Char('n'), KeyCode::Char(' ')] {
        assert_ne!(action(Context::Confirm, key(code)), Some(Action::Yes), "{code:?}");
    }
    assert_eq!(action(Context::Confirm, key(KeyCode::Char('y'))), Some(Action::Yes));
    assert_eq!(bar(Context::Confirm, Offers::default()), vec![("y", "yes"), ("Enter/Esc", "no")]);
}

/// On the resume question "no" abandons the session: a hurried Enter or Esc must not.
#[test]
fn enter_and_esc_do_not_answer_the_resume_question() {
    assert_eq!(action(Context::Resume, key(KeyCode::Enter)), None);
    assert_eq!(action(Context::Resume, key(KeyCode::Esc)), None);
    assert_eq!(action(Context::Resume, key(KeyCode::Char('y'))), Some(Action::Yes));
    assert_eq!(action(Context::Resume, key(KeyCode::Char('n'))), Some(Action::No));
    assert_eq!(bar(Context::Resume, Offers::default()), vec![("y", "resume"), ("n", "score it as abandoned")]);
}

#[test]
fn h_opens_history_from_home_and_its_keys_are_on_the_bar() {
    assert_eq!(action(Context::Home, key(KeyCode::Char('h'))), Some(Action::History));
    assert!(bar(Context::Home, Offers::default()).contains(&("h", "history")));
    assert_eq!(action(Context::History, key(KeyCode::Enter)), Some(Action::Enter));
    assert_eq!(action(Context::History, key(KeyCode::Esc)), Some(Action::Back));
    assert_eq!(action(Context::History, key(KeyCode::Char('j'))), Some(Action::Down));
    assert_eq!(
        bar(Context::History, Offers::default())[..3],
        [("↑↓", "choose session"), ("Enter", "review"), ("Esc", "back")]
    );
}

#[test]
fn help_bar_comes_from_the_table() {
    let bar = bar(Context::Question, Offers::default());
    assert!(bar.contains(&("Enter", "submit")));
    assert!(bar.contains(&("←", "no going back")));
}

#[test]
fn order_and_match_place_by_letter_and_take_back_with_backspace() {
    for ctx in [Context::QuestionOrder, Context::QuestionMatch] {
        assert_eq!(action(ctx, key(KeyCode::Char('c'))), Some(Action::Option(2)), "{ctx:?}");
        assert_eq!(action(ctx, key(KeyCode::Backspace)), Some(Action::Unplace), "{ctx:?}");
        assert_eq!(action(ctx, key(KeyCode::Char(' '))), Some(Action::Toggle), "{ctx:?}");
        assert_eq!(action(ctx, key(KeyCode::Left)), Some(Action::NoBack), "{ctx:?}");
        assert_eq!(action(ctx, key(KeyCode::Char('x'))), Some(Action::Exhibit), "{ctx:?}");
        assert_eq!(action(ctx, key(KeyCode::Char(']'))), Some(Action::Next), "{ctx:?}");
        assert_eq!(action(ctx, key(KeyCode::Char('['))), Some(Action::Prev), "{ctx:?}");
        assert_eq!(action(ctx, key(KeyCode::Char('L'))), Some(Action::Leave), "{ctx:?}");
        assert_eq!(bar(ctx, Offers::default())[1], ("Backspace", "take back"), "{ctx:?}");
    }
    // On a choice question Backspace is still "no going back".
    assert_eq!(action(Context::Question, key(KeyCode::Backspace)), Some(Action::NoBack));
}

/// Typing an answer: letters (q and x included) are text, so they are bound to nothing
/// and the event loop gives them to the input; the commands are Enter, Tab and Ctrl keys.
#[test]
fn a_text_answer_takes_every_letter_and_its_commands_are_ctrl_keys() {
    let ctx = Context::QuestionText;
    for c in ['q', 'x', 'a', 'L', '[', ']', '?', 'g', ' ', '5'] {
        assert_eq!(action(ctx, key(KeyCode::Char(c))), None, "{c:?} is text");
    }
    assert_eq!(action(ctx, key(KeyCode::Backspace)), None, "Backspace edits the text");
    assert_eq!(action(ctx, key(KeyCode::Enter)), Some(Action::Enter));
    assert_eq!(action(ctx, key(KeyCode::Esc)), Some(Action::Back), "Esc asks to abandon, as elsewhere");
    assert_eq!(action(ctx, key(KeyCode::Tab)), Some(Action::Next));
    assert_eq!(action(ctx, key(KeyCode::BackTab)), Some(Action::Prev));
    assert_eq!(action(ctx, key(KeyCode::F(1))), Some(Action::Help));
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    assert_eq!(action(ctx, ctrl('x')), Some(Action::Exhibit));
    assert_eq!(action(ctx, ctrl('l')), Some(Action::Leave));
    assert_eq!(action(ctx, ctrl('g')), Some(Action::Guess));
    assert_eq!(bar(ctx, Offers::default())[..2], [("type", "answer"), ("Enter", "submit")]);
}

#[test]
fn testlet_and_exhibit_keys_are_shown_only_where_they_apply() {
    let plain = bar(Context::Question, Offers::default());
    assert!(!plain.iter().any(|(k, _)| *k == "x" || *k == "[ ]" || *k == "L"), "{plain:?}");
    assert!(plain.contains(&("←", "no going back")));
    let inside = bar(Context::Question, Offers { exhibit: true, testlet: true });
    for k in ["x", "[ ]", "L"] {
        assert!(inside.iter().any(|(n, _)| *n == k), "{k} in {inside:?}");
    }
    assert!(!inside.contains(&("←", "no going back")), "inside a testlet [ goes back");
    assert!(help(Context::Question, Offers { exhibit: true, testlet: false }).iter().any(|(k, _)| *k == "x"));
}

#[test]
fn the_exhibit_view_closes_with_esc_or_x_and_scrolls_sideways() {
    for code in [KeyCode::Esc, KeyCode::Char('x')] {
        assert_eq!(action(Context::Exhibit, key(code)), Some(Action::Exhibit), "{code:?}");
    }
    assert_eq!(action(Context::Exhibit, key(KeyCode::Left)), Some(Action::Left));
    assert_eq!(action(Context::Exhibit, key(KeyCode::Right)), Some(Action::Right));
    assert_eq!(action(Context::Exhibit, key(KeyCode::Char('q'))), Some(Action::Quit), "q asks to abandon");
}
