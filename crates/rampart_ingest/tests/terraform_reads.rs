//! Files the Terraform file functions read: only regular files under the scanned paths or the
//! `allow_read` folders, never a device or a pipe (which would hang or never end), never more
//! than the cap. Every refusal is an Unknown value and a warning at the call's file:line.

// test helpers outside #[test] functions may unwrap too
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_ingest::{LoadOptions, LoadOutput, load_paths};
use rampart_model::Value;
use std::path::{Path, PathBuf};

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn load(root: &Path, allow_read: &[PathBuf]) -> LoadOutput {
    let options = LoadOptions {
        allow_read: allow_read.to_vec(),
        ..LoadOptions::default()
    };
    load_paths(&[root.to_path_buf()], &options)
}

fn user_data(out: &LoadOutput) -> Value {
    let i = out
        .inventory
        .by_address("aws_instance.i")
        .expect("instance");
    i.get("user_data").cloned().expect("user_data")
}

/// The one warning on `file:line`, with its message.
fn warning_at(out: &LoadOutput, file: &str, line: u32) -> String {
    let found: Vec<&str> = out
        .errors
        .iter()
        .filter(|e| e.file.ends_with(file) && e.line == line)
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(found.len(), 1, "{:?}", out.errors);
    found[0].to_string()
}

const SECRET: &str = "OUTSIDE-SECRET-41c7";

#[test]
fn a_file_outside_the_scanned_tree_is_not_read_unless_allowed() {
    let dir = project(&[
        (
            "repo/main.tf",
            "resource \"aws_instance\" \"i\" {\n  ami       = \"ami-1\"\n  user_data = file(\"../outside/secret.txt\")\n}\n",
        ),
        ("outside/secret.txt", SECRET),
    ]);
    let repo = dir.path().join("repo");
    let out = load(&repo, &[]);
    assert!(user_data(&out).is_unknown());
    let message = warning_at(&out, "main.tf", 3);
    assert!(message.contains("outside the scanned tree"), "{message}");
    assert!(message.contains("--allow-read"), "{message}");
    assert!(!message.contains(SECRET));
    assert!(out.sources.values().all(|text| !text.contains(SECRET)));

    let allowed = load(&repo, &[dir.path().join("outside")]);
    assert_eq!(user_data(&allowed), Value::String(SECRET.into()));
    assert!(allowed.errors.is_empty(), "{:?}", allowed.errors);
}

#[test]
fn absolute_paths_and_symlinks_out_of_the_tree_are_refused() {
    let dir = project(&[
        (
            "repo/main.tf",
            "resource \"aws_instance\" \"i\" {\n  ami       = \"ami-1\"\n  user_data = file(\"${path.module}/link\")\n  tags      = { h = filesha256(\"/etc/hostname\") }\n}\n",
        ),
        ("secret.txt", SECRET),
    ]);
    let repo = dir.path().join("repo");
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), repo.join("link")).unwrap();
    let out = load(&repo, &[]);
    assert!(user_data(&out).is_unknown());
    assert!(warning_at(&out, "main.tf", 3).contains("outside the scanned tree"));
    let i = out.inventory.by_address("aws_instance.i").unwrap();
    if Path::new("/etc/hostname").exists() {
        assert!(i.get("tags.h").unwrap().is_unknown());
        assert!(warning_at(&out, "main.tf", 4).contains("outside the scanned tree"));
    }
}

#[test]
fn devices_are_refused_even_in_an_allowed_folder() {
    let dir = project(&[(
        "main.tf",
        "resource \"aws_instance\" \"i\" {\n  ami       = \"ami-1\"\n  user_data = file(\"/dev/zero\")\n}\n",
    )]);
    let out = load(dir.path(), &[PathBuf::from("/dev")]);
    assert!(user_data(&out).is_unknown());
    let message = warning_at(&out, "main.tf", 3);
    assert!(message.contains("character device"), "{message}");
}

#[test]
fn a_named_pipe_is_refused_without_blocking() {
    let dir = project(&[(
        "main.tf",
        "resource \"aws_instance\" \"i\" {\n  ami       = \"ami-1\"\n  user_data = filebase64(\"${path.module}/pipe\")\n}\n",
    )]);
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe"))
        .status()
        .unwrap();
    assert!(made.success());
    // without the check, opening the pipe blocks this test forever
    let out = load(dir.path(), &[]);
    assert!(user_data(&out).is_unknown());
    let message = warning_at(&out, "main.tf", 3);
    assert!(message.contains("named pipe"), "{message}");
}

#[test]
fn a_file_past_the_cap_is_refused() {
    let dir = project(&[(
        "main.tf",
        "resource \"aws_instance\" \"i\" {\n  ami       = \"ami-1\"\n  user_data = file(\"big.txt\")\n}\n",
    )]);
    std::fs::write(dir.path().join("big.txt"), vec![b'x'; (16 << 20) + 1]).unwrap();
    let out = load(dir.path(), &[]);
    assert!(user_data(&out).is_unknown());
    let message = warning_at(&out, "main.tf", 3);
    assert!(message.contains("larger than 16 MiB"), "{message}");
}

#[test]
fn a_var_file_that_is_a_device_is_an_error_not_a_hang() {
    let dir = project(&[("main.tf", "variable \"x\" {}\n")]);
    let options = LoadOptions {
        var_files: vec![PathBuf::from("/dev/zero")],
        ..LoadOptions::default()
    };
    let out = load_paths(&[dir.path().to_path_buf()], &options);
    let error = out
        .errors
        .iter()
        .find(|e| e.file == "/dev/zero")
        .expect("an error naming the var file");
    assert!(error.is_error());
    assert!(
        error.message.contains("character device"),
        "{}",
        error.message
    );
}

#[test]
fn values_computed_from_file_contents_are_marked_wherever_they_flow() {
    let dir = project(&[
        (
            "main.tf",
            r#"locals {
  cfg = jsondecode(file("cfg.json"))
}
resource "aws_s3_bucket" "local" {
  bucket = local.cfg.name
  tags   = { plain = "kept" }
}
resource "aws_s3_bucket" "each" {
  for_each = toset(local.cfg.more)
  bucket   = each.value
}
resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.local.bucket
}
resource "aws_s3_bucket_versioning" "id" {
  bucket = aws_s3_bucket.local.id
}
module "m" {
  source = "./m"
  name   = trimspace(file("name.txt"))
}
"#,
        ),
        ("cfg.json", r#"{"name": "from-json", "more": ["x"]}"#),
        ("name.txt", "from-text\n"),
        (
            "m/main.tf",
            "variable \"name\" {}\nresource \"aws_s3_bucket\" \"m\" {\n  bucket = var.name\n  acl    = \"private\"\n}\n",
        ),
    ]);
    let out = load(dir.path(), &[]);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let marked = |address: &str| {
        let r = out.inventory.by_address(address).expect(address);
        r.file_derived.iter().cloned().collect::<Vec<_>>()
    };
    assert_eq!(marked("aws_s3_bucket.local"), ["bucket"]);
    assert_eq!(marked("aws_s3_bucket.each[\"x\"]"), ["bucket"]);
    assert_eq!(marked("aws_s3_bucket_versioning.v"), ["bucket"]);
    // the id is computed by the provider, not read from the file
    assert!(marked("aws_s3_bucket_versioning.id").is_empty());
    assert_eq!(marked("module.m.aws_s3_bucket.m"), ["bucket"]);
    let local = out.inventory.by_address("aws_s3_bucket.local").unwrap();
    assert_eq!(local.str("bucket"), Some("from-json"));
}
