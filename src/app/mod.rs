//! The use cases the terminal app and the command line share: finding banks, saving a
//! session as it is taken, recovering interrupted ones, reviewing a session, the progress
//! and retake figures, recording an attempt, the due reviews and the dated plan to the
//! exam. Each returns typed data; the terminal app shows it on screen and the commands
//! print it as text, CSV or JSON.
//!
//! This layer may read and write the data directory; it never draws, reads keys or reads
//! the clock (the caller passes `now`).

pub mod attempts;
pub mod banks;
pub mod export;
pub mod history;
pub mod home;
pub mod import;
pub mod journaling;
pub mod paths;
pub mod progress;
pub mod recovery;
pub mod report;
pub mod report_html;
pub mod report_md;
pub mod report_svg;
pub mod review_session;
pub mod study;
