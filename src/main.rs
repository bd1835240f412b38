//! `proctor`: parse the command line, load banks, run a command or the terminal app.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;
use proctor::engine::bank::load::LoadOptions;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("proctor: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let opts = LoadOptions { max_file_bytes: cli.max_bank_size };
    let data_dir = proctor::paths::data_dir(cli.data_dir.clone());
    match cli.command {
        Some(Command::Validate { paths, strict, format }) => commands::validate(&paths, strict, format, opts),
        Some(Command::Banks { format }) => {
            let found = commands::discover(data_dir.as_deref().ok(), opts);
            commands::banks(&found, format)
        }
        Some(Command::Exam(_)) | None => {
            let found = commands::discover(data_dir.as_deref().ok(), opts);
            commands::banks(&found, cli::Format::Text)
        }
    }
}
