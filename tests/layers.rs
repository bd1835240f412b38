//! The layering, checked on the source tree: the engine names no terminal crate, reads no
//! clock, draws no OS randomness and prints nothing; the engine imports neither the app
//! nor the terminal layer, the app layer not the terminal layer; the terminal layer reads
//! no clock but its own and opens no file itself.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("source directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// Every `file:line: text` under `src/<layer>` that contains one of `words`, except in
/// the files named in `allowed` and in unit tests (files named `*tests*.rs`, and what follows
/// a file's `#[cfg(test)]`): tests may write files and print.
fn offending(layer: &str, words: &[&str], allowed: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(layer);
    let files = rust_files(&root);
    assert!(files.len() > 3, "no sources found under {}", root.display());
    let mut hits = Vec::new();
    for f in files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if allowed.iter().any(|a| f.ends_with(a)) || name.contains("tests") {
            continue;
        }
        let text = fs::read_to_string(&f).expect("source");
        for (n, line) in text.lines().enumerate().take_while(|(_, l)| l.trim() != "#[cfg(test)]") {
            if words.iter().any(|w| line.contains(w)) {
                hits.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    hits
}

#[test]
fn the_engine_names_no_terminal_crate() {
    let hits = offending("engine", &["ratatui", "crossterm"], &[]);
    assert!(hits.is_empty(), "the engine must not know the terminal:\n{}", hits.join("\n"));
}

#[test]
fn the_engine_reads_no_clock_draws_no_os_randomness_and_prints_nothing() {
    let words = [
        "Utc::now",
        "Local::now",
        "SystemTime",
        "Instant::now",
        "thread_rng",
        "rand::rng()",
        "OsRng",
        "println!",
        "print!(",
    ];
    let hits = offending("engine", &words, &[]);
    assert!(hits.is_empty(), "time, randomness and output come from outside the engine:\n{}", hits.join("\n"));
}

#[test]
fn arrows_run_one_way() {
    let up = ["crate::app", "crate::tui", "crate::cli"];
    let hits = offending("engine", &up, &[]);
    assert!(hits.is_empty(), "the engine imports an outer layer:\n{}", hits.join("\n"));
    let hits = offending("app", &["crate::tui", "crate::cli", "ratatui", "crossterm", "Utc::now", "Local::now"], &[]);
    assert!(hits.is_empty(), "the app layer imports the terminal or reads the clock:\n{}", hits.join("\n"));
}

#[test]
fn the_terminal_layer_reads_only_its_own_clock_and_opens_no_file() {
    let hits = offending("tui", &["Local::now", "Utc::now", "SystemTime"], &["tui/clock.rs"]);
    assert!(hits.is_empty(), "only tui/clock.rs reads the time:\n{}", hits.join("\n"));
    let hits = offending("tui", &["std::fs", "fs::", "File::", "OpenOptions"], &[]);
    assert!(hits.is_empty(), "the terminal layer reaches files through the app layer:\n{}", hits.join("\n"));
}
