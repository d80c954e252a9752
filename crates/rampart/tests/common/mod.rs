//! What the end-to-end tests of the `rampart` binary share: a temporary project written from
//! (path, text) pairs, the binary with a clean colour environment, its outcome as (exit code,
//! stdout, stderr), a JSON scan, and the `examples/` folder. Test-only; each test file uses a
//! part of it, hence the `dead_code` allowance.

#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A temporary folder holding `files` (relative path, text); parent folders are created.
pub fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The `rampart` binary, with `NO_COLOR` removed so colour depends only on the terminal.
pub fn rampart() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("rampart");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs `cmd` and returns (exit code, stdout, stderr); the code is -1 when a signal ended it.
pub fn outcome(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let output = cmd.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs `rampart scan <dir> --format json <extra>` and returns (exit code, parsed report).
pub fn scan_json(dir: &Path, extra: &[&str]) -> (i32, Json) {
    let (code, stdout, stderr) = outcome(
        rampart()
            .arg("scan")
            .arg(dir)
            .args(["--format", "json"])
            .args(extra),
    );
    let report: Json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {stdout}\nstderr: {stderr}"));
    (code, report)
}

/// The repository's `examples/` folder.
pub fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Asserts that `report` (a `scan --format json` report) follows the published schema,
/// docs/schemas/rampart-report.schema.json.
pub fn assert_report_schema(report: &Json) {
    let schema: Json = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../docs/schemas/rampart-report.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
