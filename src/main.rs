//! `proctor`: parse the command line, run it, turn the outcome into an exit code.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;
use proctor::cli::args::Cli;

fn main() -> ExitCode {
    match proctor::cli::run(Cli::parse()) {
        Ok(code) => code,
        // A closed pipe (`proctor history | head`) is the reader's choice, not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            // Not `eprintln!`: with the terminal gone, a failed print must not panic.
            let mut chain = e.chain().map(ToString::to_string);
            let first = chain.next().unwrap_or_default();
            let _ = writeln!(std::io::stderr(), "proctor: {}", proctor::engine::text::join_causes(first, chain));
            ExitCode::from(1)
        }
    }
}
