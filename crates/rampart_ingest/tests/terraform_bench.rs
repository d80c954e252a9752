//! Load-time measurement on a generated corpus (not run by default): set
//! `RAMPART_TF_BENCH_DIR` and run
//! `cargo test --release -p rampart_ingest --test terraform_bench -- --ignored --nocapture`.
//! `RAMPART_TF_BENCH_MODE=parse` times hcl-edit parsing alone (read + parse, in parallel),
//! `load` (default) the whole `load_paths`; run each under `/usr/bin/time` to compare CPU
//! time on a busy machine.

use rampart_ingest::{LoadOptions, load_paths};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

#[test]
#[ignore = "needs a generated corpus; see the module doc"]
fn load_paths_speed() {
    let Ok(dir) = std::env::var("RAMPART_TF_BENCH_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let parse_only = std::env::var("RAMPART_TF_BENCH_MODE").is_ok_and(|m| m == "parse");
    let rounds: usize = std::env::var("RAMPART_TF_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    for round in 0..rounds {
        let t = Instant::now();
        if parse_only {
            let found = rampart_ingest::discover::discover(std::slice::from_ref(&dir), &[]);
            let files: Vec<PathBuf> = found
                .terraform_dirs
                .iter()
                .flat_map(|d| d.files.clone())
                .collect();
            let parsed = files
                .par_iter()
                .filter(|p| {
                    std::fs::read_to_string(p)
                        .ok()
                        .is_some_and(|t| hcl_edit::parser::parse_body(&t).is_ok())
                })
                .count();
            println!(
                "round {round}: parsed {parsed} files in {:.2?}",
                t.elapsed()
            );
        } else {
            let out = load_paths(std::slice::from_ref(&dir), &LoadOptions::default());
            println!(
                "round {round}: load_paths {:.2?}: {} files, {} resources, {} relations, {} errors/warnings",
                t.elapsed(),
                out.files,
                out.inventory.len(),
                out.inventory.relations().len(),
                out.errors.len()
            );
            assert!(out.inventory.len() >= out.files);
        }
    }
}
