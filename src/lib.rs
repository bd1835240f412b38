//! Proctor: a practice-exam simulator for candidates preparing an IT certification retake.
//!
//! The library holds everything testable: the bank format and its validation, drawing
//! papers by blueprint weight, the strictly timed no-revisit session, scoring and the
//! per-domain report. The `proctor` binary is a thin terminal layer over it.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod engine;
pub mod paths;
pub mod text;

pub use engine::bank::{Bank, LoadedBank};
