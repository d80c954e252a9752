//! Shared test helpers: awscli's own models check the commands drift prints.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)] // test helpers: a failed step fails the test

use std::path::{Path, PathBuf};
use std::process::Command;

fn awscli_python() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp"));
    home.join(".cache/rampart-awscli-venv/bin/python")
}

/// What rampart_fix's checker (`tests/awscli_check.py`, against awscli's service models) says
/// about `(source, command)` pairs: an empty JSON list when every command is valid. The venv is
/// the one `.ci/run` and `cargo test -p rampart_fix --test awscli` create; without it the test
/// fails, never skips.
pub fn awscli_problems(cli: &[(String, String)]) -> serde_json::Value {
    let python = awscli_python();
    assert!(
        python.exists(),
        "{} is missing: run `.ci/run` or `cargo test -p rampart_fix --test awscli`, which create it",
        python.display()
    );
    let input = serde_json::json!({
        "cli": cli.iter().map(|(s, c)| serde_json::json!({"source": s, "command": c})).collect::<Vec<_>>(),
        "boto3": [],
        "python": [],
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.json");
    std::fs::write(&path, input.to_string()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rampart_fix/tests/awscli_check.py");
    let out = Command::new(&python)
        .arg(script)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
