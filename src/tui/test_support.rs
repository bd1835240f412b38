//! Test helpers shared by the state and screen tests of the item types: the bundled
//! item-types demo bank on a paper of chosen questions shown in chosen orders, driven key
//! by key through the same dispatch as the event loop (`Runtime::key`).

use chrono::{DateTime, TimeZone, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::journaling::Journaling;
use crate::engine::bank::LoadedBank;
use crate::engine::bank::load::load_str;
use crate::engine::blueprint::{Paper, PaperItem};
use crate::engine::prepare::Prepared;
use crate::engine::session::{Mode, Session, Settings};
use crate::tui::effects::Runtime;
use crate::tui::state::{App, ExamOptions, Screen};

const DEMO: &str = include_str!("../../question_banks/item-types-demo.yaml");

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date")
}

pub fn demo_bank() -> LoadedBank {
    load_str("item-types-demo.yaml", DEMO).expect("the demo bank is valid")
}

/// A timed simulation (20 minutes) of the demo bank's questions `items` — each an id and
/// the order its options are shown in (empty: bank order) — started at `t0`. Questions of
/// the testlet are asked inside it.
pub fn on_paper(items: &[(&str, &[u8])]) -> Runtime {
    on_paper_with(
        items,
        Settings { mode: Mode::Simulation, limit_secs: Some(1200), feedback: false, full_length: false },
    )
}

pub fn on_paper_with(items: &[(&str, &[u8])], settings: Settings) -> Runtime {
    let loaded = demo_bank();
    let bank = &loaded.bank;
    let paper = Paper {
        items: items
            .iter()
            .map(|(id, order)| {
                let question = bank.questions.iter().position(|q| q.id.0 == *id).expect("question in the demo bank");
                let q = &bank.questions[question];
                let order = if order.is_empty() { (0..q.options.len() as u8).collect() } else { order.to_vec() };
                // Drills with feedback ask a testlet's questions one by one, as the engine does.
                let testlet = q.testlet.filter(|_| !settings.feedback).map(|t| bank.testlets[t].id.clone());
                PaperItem { question, order, testlet }
            })
            .collect(),
    };
    let session = Session::new(bank, paper, settings);
    let mut app = App::new(vec![loaded], ExamOptions::default(), 1);
    app.show_rules(0, Prepared { session, seed: 1, about: None, fresh: None, new_items: Vec::new() });
    let mut rt = Runtime { app, journaling: Journaling::new(None) };
    key(&mut rt, KeyCode::Enter, t0());
    assert_eq!(rt.app.screen, Screen::Question);
    rt
}

/// One key press, as the event loop gives it.
pub fn key(rt: &mut Runtime, code: KeyCode, now: DateTime<Utc>) {
    rt.key(KeyEvent::new(code, KeyModifiers::NONE), now);
}

pub fn ctrl(rt: &mut Runtime, c: char, now: DateTime<Utc>) {
    rt.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL), now);
}

/// Each character of `s` as a key press.
pub fn keys(rt: &mut Runtime, s: &str, now: DateTime<Utc>) {
    for c in s.chars() {
        key(rt, KeyCode::Char(c), now);
    }
}
