//! Symbolic links in a scanned repository: a link to a file inside the scanned folders is a
//! file of the folder it is in (Terraform loads it; Rampart ignored it); a link that leads
//! outside is an error naming the link and its target is never read; folder links, loops
//! included, are not followed.

#![cfg(unix)]
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use rampart_ingest::{LoadOptions, LoadOutput, load_paths};
use std::os::unix::fs::symlink;
use std::path::Path;

const SECRET: &str = "OUTSIDE-SECRET-4d1c";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn load(root: &Path) -> LoadOutput {
    load_paths(&[root.to_path_buf()], &LoadOptions::default())
}

fn leaked(out: &LoadOutput) -> bool {
    out.sources.values().any(|t| t.contains(SECRET))
        || out.errors.iter().any(|e| e.message.contains(SECRET))
        || format!("{:?}", out.inventory).contains(SECRET)
}

#[test]
fn a_link_to_a_file_inside_the_scan_is_loaded_in_the_folder_of_the_link() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    write(
        &repo.join("shared/versions.tf.in"),
        "resource \"aws_s3_bucket\" \"shared\" {\n  bucket = var.name\n}\n",
    );
    write(
        &repo.join("app/main.tf"),
        "variable \"name\" {\n  default = \"app-bucket\"\n}\n",
    );
    symlink("../shared/versions.tf.in", repo.join("app/shared.tf")).unwrap();
    let out = load(&repo);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    // evaluated in the module of the link: the variable of app/ is in scope
    let bucket = out
        .inventory
        .by_address("aws_s3_bucket.shared")
        .expect("the linked file is loaded");
    assert_eq!(bucket.str("bucket"), Some("app-bucket"));
}

#[test]
fn a_link_leading_outside_is_an_error_naming_it_and_is_never_read() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    write(
        &tmp.path().join("outside/secret.tf"),
        &format!("# {SECRET}\n"),
    );
    write(
        &tmp.path().join("outside/pod.yaml"),
        &format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {SECRET}\n"),
    );
    write(
        &repo.join("main.tf"),
        "resource \"aws_s3_bucket\" \"b\" {}\n",
    );
    symlink("../outside/secret.tf", repo.join("leak.tf")).unwrap();
    symlink("../outside/pod.yaml", repo.join("pod.yaml")).unwrap();
    symlink("/nowhere/at/all.tf", repo.join("dangling.tf")).unwrap();
    let out = load(&repo);
    let errors: Vec<(&str, &str)> = out
        .errors
        .iter()
        .filter(|e| e.is_error())
        .map(|e| (e.file.rsplit('/').next().unwrap_or(""), e.message.as_str()))
        .collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(
        errors[0].0 == "dangling.tf" && errors[0].1.contains("cannot be followed"),
        "{errors:?}"
    );
    assert!(
        errors[1].0 == "leak.tf" && errors[1].1.contains("leads outside the scanned folders"),
        "{errors:?}"
    );
    assert!(
        errors[2].0 == "pod.yaml" && errors[2].1.contains("is not read"),
        "{errors:?}"
    );
    assert!(!leaked(&out));
    assert!(out.inventory.by_address("aws_s3_bucket.b").is_some());
}

#[test]
fn folder_link_loops_end_and_folder_links_are_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    write(
        &repo.join("a/main.tf"),
        "resource \"aws_s3_bucket\" \"a\" {}\n",
    );
    symlink("..", repo.join("a/up")).unwrap();
    symlink(".", repo.join("a/self")).unwrap();
    symlink("l2", repo.join("l1")).unwrap();
    symlink("l1", repo.join("l2")).unwrap();
    write(&tmp.path().join("outside/x.tf"), &format!("# {SECRET}\n"));
    symlink("../outside", repo.join("ext")).unwrap();
    let out = load(&repo);
    assert!(out.errors.iter().all(|e| !e.is_error()), "{:?}", out.errors);
    // the folder reached through `up`/`self` is loaded once, under its real path
    assert_eq!(out.inventory.len(), 1);
    let warnings: Vec<&str> = out.errors.iter().map(|e| e.file.as_str()).collect();
    assert!(
        warnings.len() == 1 && warnings[0].ends_with("ext"),
        "{:?}",
        out.errors
    );
    assert!(!leaked(&out));
}

#[test]
fn a_link_in_a_called_module_outside_the_scan_may_not_lead_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        &tmp.path().join("root/main.tf"),
        "module \"m\" {\n  source = \"../modules/m\"\n}\n",
    );
    write(
        &tmp.path().join("modules/m/main.tf"),
        "resource \"aws_s3_bucket\" \"m\" {}\n",
    );
    write(&tmp.path().join("elsewhere/x.tf"), &format!("# {SECRET}\n"));
    symlink("../../elsewhere/x.tf", tmp.path().join("modules/m/x.tf")).unwrap();
    let out = load(&tmp.path().join("root"));
    let errors: Vec<_> = out.errors.iter().filter(|e| e.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].file.ends_with("modules/m/x.tf"), "{errors:?}");
    assert!(
        out.inventory
            .by_address("module.m.aws_s3_bucket.m")
            .is_some()
    );
    assert!(!leaked(&out));
}

#[test]
fn a_link_into_an_allowed_folder_is_loaded() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    write(
        &repo.join("main.tf"),
        "resource \"aws_s3_bucket\" \"b\" {}\n",
    );
    write(
        &tmp.path().join("shared/common.tf"),
        "resource \"aws_sqs_queue\" \"q\" {}\n",
    );
    symlink("../shared/common.tf", repo.join("common.tf")).unwrap();
    let refused = load(&repo);
    assert!(
        refused
            .errors
            .iter()
            .any(|e| e.is_error() && e.message.contains("--allow-read")),
        "{:?}",
        refused.errors
    );
    let options = LoadOptions {
        allow_read: vec![tmp.path().join("shared")],
        ..LoadOptions::default()
    };
    let out = load_paths(&[repo], &options);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert!(out.inventory.by_address("aws_sqs_queue.q").is_some());
}
