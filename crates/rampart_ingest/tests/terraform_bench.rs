//! Load-time measurement on a generated corpus (not run by default): set
//! `RAMPART_TF_BENCH_DIR` and run
//! `cargo test --release -p rampart_ingest --test terraform_bench -- --ignored --nocapture`.
//! Prints the time of hcl-edit parsing alone and of the whole `load_paths`.

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
    let found = rampart_ingest::discover::discover(std::slice::from_ref(&dir), &[]);
    let files: Vec<PathBuf> = found
        .terraform_dirs
        .iter()
        .flat_map(|d| d.files.clone())
        .collect();
    let texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    for round in 0..3 {
        let t = Instant::now();
        let parsed = texts
            .par_iter()
            .filter(|t| hcl_edit::parser::parse_body(t).is_ok())
            .count();
        let parse_time = t.elapsed();
        let t = Instant::now();
        let out = load_paths(std::slice::from_ref(&dir), &LoadOptions::default());
        let load_time = t.elapsed();
        println!(
            "round {round}: {} files, {:.1} MB, parse only {parse_time:.2?} ({parsed} ok); load_paths {load_time:.2?}: {} resources, {} relations, {} errors/warnings",
            files.len(),
            bytes as f64 / 1e6,
            out.inventory.len(),
            out.inventory.relations().len(),
            out.errors.len()
        );
        assert!(out.inventory.len() >= files.len());
        let t = Instant::now();
        let found = rampart_ingest::discover::discover(std::slice::from_ref(&dir), &[]);
        let discover_time = t.elapsed();
        let t = Instant::now();
        let tf = rampart_ingest::terraform::load_dirs(&found.terraform_dirs, &LoadOptions::default());
        let terraform_time = t.elapsed();
        let t = Instant::now();
        let inventory = rampart_model::Inventory::new(tf.resources);
        let inventory_time = t.elapsed();
        println!(
            "  discover {discover_time:.2?}, terraform::load_dirs {terraform_time:.2?}, Inventory::new {inventory_time:.2?} ({} resources)",
            inventory.len()
        );
    }
}
