//! Writes the generated benchmark banks for the whole-process measurements of
//! `benches/run.sh`: `cargo bench --bench gen -- DIR N...` writes `DIR/bench-N.yaml` for
//! each N (the same bytes as the criterion benches load).

mod common;

fn main() {
    // `cargo bench` passes `--bench`; everything else is the directory and the sizes.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let Some((dir, sizes)) = args.split_first() else {
        eprintln!("usage: cargo bench --bench gen -- DIR N...");
        std::process::exit(2);
    };
    for n in sizes {
        let n: usize = n.parse().unwrap_or_else(|_| {
            eprintln!("not a number of questions: {n}");
            std::process::exit(2)
        });
        let path = std::path::Path::new(dir).join(format!("bench-{n}.yaml"));
        if let Err(e) = std::fs::write(&path, common::bank_yaml(n)) {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
    }
}
