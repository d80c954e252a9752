//! The Python virtualenvs the feed checks run in (`$HOME/.cache/<name>`), created on demand
//! under a file lock, so parallel tests and other crates' tests never install into the same venv
//! at once. `.ci/run` creates them first. A venv that cannot be created fails the test: the
//! outputs are never reported as validated without the validators.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::process::Command;

fn cache_dir() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp"))
        .join(".cache")
}

fn imports(python: &Path, probe: &str) -> bool {
    Command::new(python)
        .args(["-c", probe])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The python of venv `name` in which `probe` (Python code) runs, installing `packages` first
/// when it does not.
pub fn python(name: &str, packages: &[&str], probe: &str) -> PathBuf {
    let dir = cache_dir();
    std::fs::create_dir_all(&dir).expect("create ~/.cache");
    let venv = dir.join(name);
    let python = venv.join("bin/python");
    if imports(&python, probe) {
        return python;
    }
    let lock_path = dir.join(format!("{name}.lock"));
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", lock_path.display()));
    lock.lock()
        .unwrap_or_else(|e| panic!("cannot lock {}: {e}", lock_path.display()));
    // another test may have built it while this one waited for the lock
    if !imports(&python, probe) {
        if !python.exists() {
            let made = Command::new("python3")
                .args(["-m", "venv"])
                .arg(&venv)
                .output()
                .expect("python3 is needed to validate the ASFF and OCSF outputs");
            assert!(
                made.status.success(),
                "cannot create {}: {}",
                venv.display(),
                String::from_utf8_lossy(&made.stderr)
            );
        }
        let pip = Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(packages)
            .output()
            .expect("the venv has pip");
        assert!(
            pip.status.success(),
            "pip install {} into {} failed (the feed outputs cannot be validated without them; \
             `.ci/run` installs them):\n{}",
            packages.join(" "),
            venv.display(),
            String::from_utf8_lossy(&pip.stderr)
        );
        assert!(
            imports(&python, probe),
            "{} installed into {} but `{probe}` fails",
            packages.join(" "),
            venv.display()
        );
    }
    drop(lock);
    python
}

/// Runs `script` (a file in `crates/rampart_report/tests`; the binary's tests share it) on `input` (written to a temporary file) with
/// `python`, and returns the problems it printed as a JSON list of strings.
pub fn run_checker(python: &Path, script: &str, input: &[u8]) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../rampart_report/tests")
        .join(script);
    let mut file = tempfile::NamedTempFile::new().expect("temporary file");
    std::io::Write::write_all(&mut file, input).expect("write checker input");
    let out = Command::new(python)
        .arg(&script)
        .arg(file.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    assert!(
        out.status.success(),
        "{} failed:\n{}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{} printed no JSON list ({e}):\n{}",
            script.display(),
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

pub fn awscli_python() -> PathBuf {
    python(
        "rampart-awscli-venv",
        &["awscli"],
        "import awscli, botocore.validate, botocore.session",
    )
}

pub fn ocsf_python() -> PathBuf {
    python(
        "rampart-ocsf-venv",
        // pinned: ocsf-emitter checks `metadata.version` against the catalogue it was built
        // from (1.5.0); a newer one would fail our 1.5.0 events for the wrong reason
        &["py-ocsf-models==0.10.0", "ocsf-emitter==0.3.0"],
        "import py_ocsf_models.events.findings.detection_finding, ocsf_emitter",
    )
}
