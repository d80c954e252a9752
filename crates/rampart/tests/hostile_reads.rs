//! A repository is hostile input: what it names must not make Rampart read a device, hang on a
//! pipe, publish a file from outside the scanned tree, or quietly check nothing.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{outcome, project, rampart};

const SECRET: &str = "PLANTED-SECRET-TOKEN-93b1";

/// A bucket named from a file outside `repo/`: with the contents, the S3 remediations (CLI,
/// boto3, Pulumi) and explain would print the token.
const READS_OUTSIDE: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = file(\"../outside/secret.txt\")\n  tags   = { t = file(\"../outside/secret.txt\") }\n}\n";

#[test]
fn contents_of_a_file_outside_the_tree_reach_no_output() {
    let dir = project(&[
        ("repo/main.tf", READS_OUTSIDE),
        ("outside/secret.txt", SECRET),
    ]);
    let repo = dir.path().join("repo");
    let mut runs: Vec<Vec<String>> = ["text", "json", "sarif", "junit", "asff", "ocsf"]
        .iter()
        .map(|f| vec!["scan".into(), ".".into(), "--format".into(), f.to_string()])
        .collect();
    runs.push(vec![
        "scan".into(),
        ".".into(),
        "--format".into(),
        "json".into(),
        "--remediation".into(),
    ]);
    runs.push(vec!["explain".into(), "main.tf:1".into()]);
    runs.push(vec![
        "explain".into(),
        "main.tf:1".into(),
        "--format".into(),
        "json".into(),
    ]);
    runs.push(vec!["fix".into(), ".".into(), "--dry-run".into()]);
    for args in &runs {
        let (code, stdout, stderr) = outcome(rampart().current_dir(&repo).args(args));
        assert!(
            !stdout.contains(SECRET) && !stderr.contains(SECRET),
            "{args:?} printed the secret:\n{stdout}\n{stderr}"
        );
        assert!((0..=2).contains(&code), "{args:?}: {code}\n{stderr}");
    }
    // the refusal is reported where the read is written
    let (_, text, _) = outcome(rampart().current_dir(&repo).args(["scan", "."]));
    assert!(text.contains("main.tf:2"), "{text}");
    assert!(text.contains("outside the scanned tree"), "{text}");
}

#[test]
fn allow_read_lets_a_listed_folder_be_read() {
    let dir = project(&[
        ("repo/main.tf", READS_OUTSIDE),
        ("outside/secret.txt", SECRET),
    ]);
    let repo = dir.path().join("repo");
    let (_, text, _) =
        outcome(
            rampart()
                .current_dir(&repo)
                .args(["scan", ".", "--allow-read", "../outside"]),
        );
    assert!(!text.contains("outside the scanned tree"), "{text}");
    // the same from the config file, relative to it: a monorepo's config in the current
    // folder may name a folder beside the scanned one, under its own folder
    std::fs::write(
        dir.path().join(".rampart.toml"),
        "allow_read = [\"outside\"]\n",
    )
    .unwrap();
    let (_, text, stderr) = outcome(rampart().current_dir(dir.path()).args(["scan", "repo"]));
    assert!(!text.contains("outside the scanned tree"), "{text}{stderr}");
    assert!(text.contains("repo/main.tf"), "{text}{stderr}");
    let (code, _, stderr) =
        outcome(
            rampart()
                .current_dir(&repo)
                .args(["scan", ".", "--allow-read", "../nope"]),
        );
    assert_eq!(code, 2);
    assert!(stderr.contains("`../nope` does not exist"), "{stderr}");
    let (code, _, stderr) = outcome(rampart().current_dir(&repo).args([
        "scan",
        ".",
        "--allow-read",
        "../outside/secret.txt",
    ]));
    assert_eq!(code, 2);
    assert!(stderr.contains("which is not a folder"), "{stderr}");
}

#[test]
fn a_baseline_or_var_file_that_is_a_device_is_an_error() {
    let dir = project(&[("main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n")]);
    let (code, _, stderr) =
        outcome(
            rampart()
                .current_dir(dir.path())
                .args(["scan", ".", "--baseline", "/dev/zero"]),
        );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("cannot read baseline `/dev/zero`"),
        "{stderr}"
    );
    assert!(stderr.contains("character device"), "{stderr}");

    std::fs::write(
        dir.path().join(".rampart.toml"),
        "var_files = [\"/dev/zero\"]\n",
    )
    .unwrap();
    let (code, _, stderr) = outcome(rampart().current_dir(dir.path()).args(["scan", "."]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("`/dev/zero` is not a regular file"),
        "{stderr}"
    );
    std::fs::remove_file(dir.path().join(".rampart.toml")).unwrap();

    let (code, _, stderr) =
        outcome(
            rampart()
                .current_dir(dir.path())
                .args(["scan", ".", "--config", "/dev/zero"]),
        );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("cannot read config file `/dev/zero`"),
        "{stderr}"
    );
}

#[test]
fn a_config_file_in_the_scanned_tree_cannot_widen_what_is_read() {
    let dir = project(&[
        ("repo/main.tf", READS_OUTSIDE),
        ("outside/secret.txt", SECRET),
        ("outside/vars.tfvars", "x = 1\n"),
    ]);
    let repo = dir.path().join("repo");
    for (config, key) in [
        ("allow_read = [\"/\"]\n", "allow_read"),
        ("allow_read = [\"../outside\"]\n", "allow_read"),
        ("var_files = [\"../outside/vars.tfvars\"]\n", "var_files"),
        ("baseline = \"/dev/zero\"\n", "baseline"),
    ] {
        std::fs::write(repo.join(".rampart.toml"), config).unwrap();
        let (code, stdout, stderr) = outcome(rampart().current_dir(&repo).args(["scan", "."]));
        assert_eq!(code, 2, "{config}: {stdout}{stderr}");
        assert!(stderr.contains(&format!("`{key}` names")), "{stderr}");
        assert!(stderr.contains("outside the scanned paths"), "{stderr}");
        assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));
    }
    // the same file given by the operator with --config is trusted
    std::fs::write(dir.path().join("ci.toml"), "allow_read = [\"outside\"]\n").unwrap();
    let (_, text, stderr) =
        outcome(
            rampart()
                .current_dir(&repo)
                .args(["scan", ".", "--config", "../ci.toml"]),
        );
    assert!(!text.contains("outside the scanned tree"), "{text}{stderr}");
    // a config linked out of its folder is not read at all
    std::fs::remove_file(repo.join(".rampart.toml")).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("outside/secret.txt"),
        repo.join(".rampart.toml"),
    )
    .unwrap();
    let (code, stdout, stderr) = outcome(rampart().current_dir(&repo).args(["scan", "."]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is a link to"), "{stderr}");
    assert!(
        !stdout.contains(SECRET) && !stderr.contains(SECRET),
        "{stderr}"
    );
}

#[test]
fn a_file_function_on_a_pipe_does_not_hang_and_is_reported() {
    let dir = project(&[(
        "main.tf",
        "resource \"aws_instance\" \"i\" {\n  ami       = \"ami-1\"\n  user_data = file(\"${path.module}/pipe\")\n}\n",
    )]);
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe"))
        .status()
        .unwrap();
    assert!(made.success());
    let (_, text, _) = outcome(rampart().current_dir(dir.path()).args(["scan", "."]));
    assert!(text.contains("main.tf:3"), "{text}");
    assert!(text.contains("named pipe"), "{text}");
}

#[test]
fn rule_and_skip_rule_of_the_same_rule_is_a_usage_error() {
    let dir = project(&[("main.tf", "resource \"aws_ebs_volume\" \"v\" {}\n")]);
    for args in [
        vec!["--rule", "AWS-EBS-001", "--skip-rule", "AWS-EBS-001"],
        // an alias names the same rule
        vec!["--rule", "CKV_AWS_3", "--skip-rule", "AWS-EBS-001"],
    ] {
        let (code, stdout, stderr) = outcome(
            rampart()
                .current_dir(dir.path())
                .arg("scan")
                .arg(".")
                .args(&args),
        );
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(
            stderr.contains("every rule named with --rule (AWS-EBS-001) is also skipped"),
            "{stderr}"
        );
    }
}

#[test]
fn a_count_of_a_million_is_one_error_and_a_small_report() {
    let dir = project(&[(
        "main.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n  count  = 1000000\n  bucket = \"b${count.index}\"\n}\n",
    )]);
    let (code, stdout, stderr) = outcome(
        rampart()
            .current_dir(dir.path())
            .args(["scan", ".", "--format", "json"]),
    );
    assert_eq!(code, 2, "{stderr}");
    // one stand-in instance, not a million: the report stays small
    assert!(stdout.len() < 100_000, "{} bytes", stdout.len());
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let errors = report["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e["line"] == 2
            && e["message"]
                .as_str()
                .unwrap()
                .starts_with("count = 1000000: more than 10000 instances")),
        "{errors:?}"
    );
}

#[test]
fn strings_doubling_through_locals_end_in_an_error_not_exhaustion() {
    let mut text = String::from("locals {\n  a0 = \"lol\"\n");
    for i in 1..=32 {
        text.push_str(&format!(
            "  a{i} = \"${{local.a{}}}${{local.a{}}}\"\n",
            i - 1,
            i - 1
        ));
    }
    text.push_str("}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.a32\n}\n");
    let dir = project(&[("main.tf", &text)]);
    let (code, stdout, _) = outcome(rampart().current_dir(dir.path()).args(["scan", "."]));
    assert_eq!(code, 2, "{stdout}");
    assert!(stdout.contains("main.tf:25"), "{stdout}");
    assert!(stdout.contains("more than 16 MiB of text"), "{stdout}");
}

#[test]
fn contents_of_files_read_by_the_configuration_are_never_echoed_in_remediation_text() {
    // allowed reads (inside the tree, or an --allow-read folder) still feed the rules, but
    // commands, snippets and explanations show placeholders for what came from the files
    let dir = project(&[
        (
            "repo/main.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = file(\"name.txt\")\n}\nresource \"aws_s3_bucket\" \"c\" {\n  bucket = file(\"../outside/secret.txt\")\n}\n",
        ),
        ("repo/name.txt", "IN-TREE-TOKEN-5d2e"),
        ("outside/secret.txt", SECRET),
    ]);
    let repo = dir.path().join("repo");
    for args in [
        vec![
            "scan",
            ".",
            "--format",
            "json",
            "--remediation",
            "--allow-read",
            "../outside",
        ],
        vec!["explain", "main.tf:1", "--allow-read", "../outside"],
        vec![
            "explain",
            "main.tf:4",
            "--allow-read",
            "../outside",
            "--format",
            "json",
        ],
    ] {
        let (code, stdout, stderr) = outcome(rampart().current_dir(&repo).args(&args));
        assert!((0..=1).contains(&code), "{args:?}: {code}\n{stderr}");
        for token in [SECRET, "IN-TREE-TOKEN-5d2e"] {
            assert!(
                !stdout.contains(token) && !stderr.contains(token),
                "{args:?} printed {token}:\n{stdout}"
            );
        }
        assert!(
            stdout.contains("<bucket-name>") || stdout.contains("aws_s3_bucket."),
            "{stdout}"
        );
    }
}

#[test]
fn a_rule_file_linked_out_of_the_repository_is_not_read() {
    let dir = project(&[
        ("repo/main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n"),
        ("outside/keys.yaml", &format!("{SECRET}: 1\nid: X\n")),
    ]);
    let rules = dir.path().join("repo/.rampart/rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::os::unix::fs::symlink(dir.path().join("outside/keys.yaml"), rules.join("x.yaml")).unwrap();
    let (code, stdout, stderr) = outcome(
        rampart()
            .current_dir(dir.path().join("repo"))
            .args(["scan", "."]),
    );
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stdout.contains("outside its folder"), "{stdout}");
    assert!(
        !stdout.contains(SECRET) && !stderr.contains(SECRET),
        "{stdout}{stderr}"
    );
}
