//! Proctor: a practice-exam simulator for candidates preparing an IT certification retake.
//!
//! Three layers, and the arrows run one way (`cli` and `tui` → `app` → `engine`):
//! - [`engine`]: the rules, pure — banks and their validation, drawing and preparing
//!   papers, the strictly timed no-revisit session, scoring, diagnosis, readiness, the
//!   study plan, retake rules, and the history store with journaling and recovery. No
//!   terminal, no clock reads, no OS randomness, no printing.
//! - [`app`]: the use cases the terminal app and the command line share, returning
//!   typed data.
//! - [`tui`]: the terminal app — state, views, the one event loop and the key table; and
//!   [`cli`]: the commands, printing the app layer's data as text, CSV or JSON.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod app;
pub mod cli;
pub mod engine;
pub mod tui;

pub use engine::bank::{Bank, LoadedBank};
