//! Bank loading and paper drawing at 1,000, 10,000 and 100,000 questions (about 2 MB,
//! 20 MB and 200 MB of YAML).
//!
//! For each size, group `load/<n>` holds two benchmarks over the same text, so their ratio
//! is the cost of validation on top of parsing:
//! - `cold_load_validate`: `load::load_str`, i.e. parse, validate, build the `Bank` and
//!   fingerprint it, as the app does for a bank file;
//! - `bare_typed_parse`: `serde_yaml::from_str::<RawFile>` alone, the whole file on one
//!   core: the floor of one parse (the loader parses a large file in pieces on every core,
//!   so it can come in under it).
//!
//! Group `draw_full_paper` draws a 90-question paper from each loaded bank.
//!
//! The texts are generated once per size, outside the timed closures. Set
//! `PROCTOR_BENCH_DUMP=DIR` to also write each generated bank to `DIR/bench-<n>.yaml`
//! (to check it with `proctor validate --strict`).

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use proctor::engine::bank::load::{LoadOptions, load_path, load_str};
use proctor::engine::bank::raw::RawFile;
use proctor::engine::blueprint::{draw, full_counts, rng_from_seed};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// The generated text, checked once: it must load with no error and no warning.
fn bank_text(n: usize) -> String {
    let text = common::bank_yaml(n);
    if let Some(dir) = std::env::var_os("PROCTOR_BENCH_DUMP") {
        let path = std::path::Path::new(&dir).join(format!("bench-{n}.yaml"));
        std::fs::write(&path, &text).expect("write the generated bank");
    }
    let loaded = load_str("bench.yaml", &text).expect("the generated bank is valid");
    assert!(loaded.warnings.is_empty(), "the generated bank has warnings: {:?}", loaded.warnings);
    assert_eq!(loaded.bank.questions.len(), n);
    text
}

fn tune(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, n: usize) {
    group.sample_size(10);
    match n {
        0..=1_000 => {
            group.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
        }
        1_001..=10_000 => {
            group.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
        }
        _ => {
            // Seconds per iteration: one warm-up run and one iteration per sample (10 in all),
            // the least criterion allows. Its "unable to complete 10 samples" warning is expected.
            group
                .sampling_mode(SamplingMode::Flat)
                .warm_up_time(Duration::from_millis(1))
                .measurement_time(Duration::from_millis(1));
        }
    }
}

fn benches(c: &mut Criterion) {
    let mut loaded = Vec::new();
    for n in SIZES {
        let text = bank_text(n);
        let mut group = c.benchmark_group(format!("load/{n}"));
        tune(&mut group, n);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("cold_load_validate", |b| {
            b.iter_with_large_drop(|| load_str("bench.yaml", black_box(&text)).expect("valid"))
        });
        group.bench_function("bare_typed_parse", |b| {
            b.iter_with_large_drop(|| serde_yaml::from_str::<RawFile>(black_box(&text)).expect("parses"))
        });
        // Warm: the same bank read from disk when its validated model is in the cache.
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("bench.yaml");
        std::fs::write(&file, &text).expect("write the bank");
        let opts = LoadOptions::new(u64::MAX, Some(dir.path().join("cache")));
        load_path(&file, &opts).expect("cold load fills the cache");
        group.bench_function("warm_load_cached", |b| {
            b.iter_with_large_drop(|| load_path(black_box(&file), &opts).expect("cached"))
        });
        group.finish();
        loaded.push((n, load_str("bench.yaml", &text).expect("valid").bank));
    }

    let mut group = c.benchmark_group("draw_full_paper");
    group.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    for (n, bank) in &loaded {
        let counts = full_counts(bank, common::FULL_PAPER);
        group.bench_with_input(BenchmarkId::from_parameter(n), bank, |b, bank| {
            b.iter(|| {
                let mut rng = rng_from_seed(1);
                draw(black_box(bank), &counts, &mut rng).expect("draws")
            })
        });
    }
    group.finish();
}

criterion_group!(load, benches);
criterion_main!(load);
