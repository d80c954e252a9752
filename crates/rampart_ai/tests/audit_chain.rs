#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_ai::{AuditLog, AuditRecord, verify_chain};

fn log_with(n: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    let log = AuditLog::new(&path);
    for i in 0..n {
        log.append(AuditRecord {
            who: format!("user{i}"),
            provider: "offline".into(),
            verdict: "verified".into(),
            ..Default::default()
        })
        .unwrap();
    }
    (dir, path)
}

fn lines(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

fn write(path: &std::path::Path, lines: &[String]) {
    std::fs::write(
        path,
        lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
}

#[test]
fn intact_chain_verifies() {
    let (_d, path) = log_with(4);
    assert_eq!(verify_chain(&path).unwrap().0, 4);
}

#[test]
fn changed_line_is_named() {
    let (_d, path) = log_with(4);
    let mut l = lines(&path);
    l[2] = l[2].replace("user2", "mallory");
    write(&path, &l);
    assert_eq!(verify_chain(&path).unwrap_err().line, 3);
}

#[test]
fn removed_line_is_named() {
    let (_d, path) = log_with(4);
    let mut l = lines(&path);
    l.remove(1);
    write(&path, &l);
    assert_eq!(verify_chain(&path).unwrap_err().line, 2);
}

#[test]
fn reordered_lines_are_named() {
    let (_d, path) = log_with(4);
    let mut l = lines(&path);
    l.swap(1, 2);
    write(&path, &l);
    assert_eq!(verify_chain(&path).unwrap_err().line, 2);
}

#[test]
fn inserted_line_is_named_and_tampered_log_is_not_extended() {
    let (_d, path) = log_with(3);
    let mut l = lines(&path);
    let copy = l[0].clone();
    l.insert(2, copy);
    write(&path, &l);
    assert_eq!(verify_chain(&path).unwrap_err().line, 3);
    assert!(AuditLog::new(&path).append(AuditRecord::default()).is_err());
}
