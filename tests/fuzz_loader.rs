//! Fuzzing the loader and the validator with proptest: arbitrary bytes, and mutations of
//! the bank corpus under `fuzz/corpus/`. Nothing may panic or hang.
//!
//! `cargo test --test fuzz_loader` runs a quick pass. For a long run set
//! `PROCTOR_FUZZ_SECS` (e.g. `PROCTOR_FUZZ_SECS=600 cargo test --release --test fuzz_loader
//! -- --nocapture`): the time-bounded loop keeps generating inputs until the time is up.

use std::time::{Duration, Instant};

use proctor::engine::bank::load::{check_str, decode};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

fn corpus() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir).expect("fuzz/corpus").map(|e| e.expect("entry").path()).collect();
    files.sort();
    files.into_iter().map(|p| std::fs::read(p).expect("read")).collect()
}

/// Feeds bytes through the same path a bank file takes: UTF-8 decoding, then the checks.
fn load(bytes: Vec<u8>) {
    if let Ok(text) = decode(bytes) {
        let report = check_str("fuzz.yaml", &text);
        // Every message is printable: bank text never reaches the terminal raw.
        for d in &report.diagnostics {
            let shown = d.to_string();
            assert!(!shown.chars().any(|c| c == '\u{1b}' || c == '\u{9b}'), "escape leaked: {shown:?}");
        }
    }
}

/// A mutation of a corpus file: bytes replaced, inserted or deleted, or lines duplicated.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let seeds = corpus();
    let n = seeds.len();
    (0..n, prop::collection::vec((any::<u16>(), any::<u8>(), 0u8..4), 1..24)).prop_map(move |(i, edits)| {
        let mut b = seeds[i].clone();
        for (at, byte, op) in edits {
            if b.is_empty() {
                b.push(byte);
                continue;
            }
            let at = at as usize % b.len();
            match op {
                0 => b[at] = byte,
                1 => b.insert(at, byte),
                2 => {
                    b.remove(at);
                }
                _ => {
                    let end = b[at..].iter().position(|&c| c == b'\n').map_or(b.len(), |e| at + e + 1);
                    let line = b[at..end].to_vec();
                    b.splice(at..at, line);
                }
            }
        }
        b
    })
}

fn inputs() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        mutated(),
        "[\\[\\]{}&*!:#|>\"' \n-a-z0-9]{0,400}".prop_map(String::into_bytes)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
    #[test]
    fn arbitrary_input_never_panics(bytes in inputs()) {
        load(bytes);
    }
}

#[test]
fn long_fuzz_run_when_asked() {
    let Some(secs) = std::env::var("PROCTOR_FUZZ_SECS").ok().and_then(|s| s.parse::<u64>().ok()) else { return };
    let end = Instant::now() + Duration::from_secs(secs);
    let mut runner = TestRunner::new(Config { cases: u32::MAX, ..Config::default() });
    let strategy = inputs();
    let mut cases = 0u64;
    while Instant::now() < end {
        let value = strategy.new_tree(&mut runner).expect("input").current();
        let started = Instant::now();
        load(value.clone());
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "slow input ({} bytes): {:?}",
            value.len(),
            String::from_utf8_lossy(&value)
        );
        cases += 1;
    }
    println!("fuzzed {cases} inputs in {secs} s without a panic");
}
