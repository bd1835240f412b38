//! The exam engine: banks, drawing papers, the session state machine and scoring.
//!
//! Nothing in here touches the terminal, reads the system clock or the OS random number
//! generator: time comes in as `now`, randomness as a seeded generator. A test fails if
//! this directory ever names the terminal crates.

pub mod attempt_form;
pub mod bank;
pub mod blueprint;
pub mod cause;
pub mod clock;
pub mod diagnosis;
pub mod estimate;
pub mod history;
pub mod import;
pub mod plan;
pub mod prepare;
pub mod progress;
pub mod readiness;
pub mod retake;
pub mod review;
pub mod schedule;
pub mod scoring;
pub mod session;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;
