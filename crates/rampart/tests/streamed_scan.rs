//! The streamed scan (the default: one Terraform root or folder of templates at a time) against
//! the whole-tree scan (`RAMPART_SCAN_PIPELINE=whole`: everything in one inventory).
//!
//! The exact relationship: a streamed scan reports what scanning each unit alone reports,
//! merged. So where a tree is one unit, both scans print the same bytes; where a tree has
//! several, the whole-tree scan also joins resources across them, which Terraform never does:
//! an account-level public access block or registry scanning setting of one root (or of a
//! Terraform file beside a CloudFormation template) silences findings on buckets, repositories
//! and clusters of another root or template, and a flow log of another root makes a VPC's
//! check undecided. Nothing says two roots deploy into the same account, so the streamed
//! answer (each root on its own) is the one a scan can stand behind.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{examples_dir, outcome, rampart};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../rampart_rules/fixtures")
}

/// `rampart scan ARGS` with the streamed (default) or whole-tree pipeline: stdout.
fn scan(args: &[&str], whole: bool) -> String {
    let mut cmd = rampart();
    cmd.arg("scan").arg("--quiet").args(args);
    match whole {
        true => cmd.env("RAMPART_SCAN_PIPELINE", "whole"),
        false => cmd.env_remove("RAMPART_SCAN_PIPELINE"),
    };
    let (code, stdout, stderr) = outcome(&mut cmd);
    assert!((0..=2).contains(&code), "{args:?}: exit {code}: {stderr}");
    stdout
}

fn scan_json(args: &[&str], whole: bool) -> Json {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = scan(&all, whole);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
}

fn text(path: &Path) -> String {
    path.display().to_string()
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "snapshots"))
        .collect();
    out.sort();
    out
}

/// Rule fixture folders whose files form more than one unit and join across them in one
/// inventory (each holds a second root in a subfolder, or Terraform account settings beside a
/// template), so the two scans differ there and only there.
const JOINED_ACROSS_UNITS: [&str; 13] = [
    "AWS-CF-004",  // a Terraform log delivery makes the template's distribution undecided
    "AWS-ECR-001", // Terraform registry scanning silences the template's repository
    "AWS-ECS-001", // Terraform account default silences the template's cluster
    "AWS-S3-001",  // account public access block of `good_account_block/` (a root of its own)
    "AWS-S3-002",  // the same
    "AWS-S3-003",  // the same
    // the template's log bucket decides whether a Terraform bucket is a log target (in the
    // whole-tree scan only when the template's addresses, which start with its path, sort
    // before the Terraform ones: with absolute paths, as here, not with relative ones)
    "AWS-S3-006",
    "AWS-S3-008",  // account block of `good_account_covers_bucket/`
    "AWS-S3-009",  // the same
    "AWS-S3-010",  // the same
    "AWS-S3-011",  // the same
    "AWS-S3-012",  // Terraform account block silences the template's bucket
    "AWS-VPC-001", // a flow log in `pending/` (another root) for an unresolved VPC
];

#[test]
fn every_fixture_folder_scans_the_same_either_way_unless_it_joins_across_units() {
    let mut differ = Vec::new();
    for dir in sorted_dirs(&fixtures_dir()) {
        let d = text(&dir);
        if scan_json(&[&d], false) != scan_json(&[&d], true) {
            differ.push(dir.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert_eq!(differ, JOINED_ACROSS_UNITS);
}

#[test]
fn the_examples_print_the_same_bytes_in_every_format() {
    let examples = text(&examples_dir());
    for format in ["json", "text", "sarif", "junit"] {
        let args = [examples.as_str(), "--format", format, "--no-color"];
        let streamed = scan(&args, false);
        assert!(streamed.len() > 1000, "{format}: {streamed}");
        assert_eq!(streamed, scan(&args, true), "{format}");
    }
    // one unit at a time gives the same bytes as several in flight
    let mut cmd = rampart();
    cmd.args(["scan", "--quiet", "--format", "json", &examples])
        .env("RAMPART_SCAN_WINDOW", "1");
    assert_eq!(
        outcome(&mut cmd).1,
        scan(&[&examples, "--format", "json"], false)
    );
}

/// The units of one rule fixture folder as whole-tree scans: each folder's Terraform files
/// with the subfolders its module calls reach (other subfolders and documents excluded), and
/// each folder's documents.
fn unit_scans(dir: &Path, out: &mut Vec<Json>) {
    let mut children = sorted_dirs(dir);
    let mut tf = false;
    let mut documents = Vec::new();
    let mut called = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".tf") || name.ends_with(".tf.json") {
            tf = true;
            called.extend(local_module_sources(
                &std::fs::read_to_string(&path).unwrap(),
            ));
        } else if !name.ends_with(".tfvars") && !name.ends_with(".md") {
            documents.push(path);
        }
    }
    // a folder a module call reaches belongs to the caller's unit, not to a unit of its own
    children.retain(|c| {
        !called
            .iter()
            .any(|m| c.file_name() == Some(std::ffi::OsStr::new(m)))
    });
    documents.sort();
    if tf {
        // the subfolders and documents excluded through a config of the operator's
        let excluded: Vec<String> = children
            .iter()
            .chain(&documents)
            .map(|p| format!("{:?}", p.file_name().unwrap().to_string_lossy()))
            .collect();
        let config = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(
            config.path(),
            format!("exclude = [{}]\n", excluded.join(", ")),
        )
        .unwrap();
        let config_path = text(config.path());
        out.push(scan_json(&[&text(dir), "--config", &config_path], true));
    }
    if !documents.is_empty() {
        let args: Vec<String> = documents.iter().map(|p| text(p)).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        out.push(scan_json(&args, true));
    }
    for child in children {
        unit_scans(&child, out);
    }
}

/// The subfolders named by `source = "./name"` module calls in a Terraform file.
fn local_module_sources(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("source")?.trim_start();
            let path = rest.strip_prefix('=')?.trim().strip_prefix("\"./")?;
            let name = path.split(['"', '/']).next()?;
            (!name.is_empty()).then(|| name.to_string())
        })
        .collect()
}

/// The order findings are reported in: file, line, column, rule, address, attribute.
fn finding_key(f: &Json) -> (String, u64, u64, String, String, String) {
    let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
    let n = |k: &str| f[k].as_u64().unwrap_or(0);
    (
        s("file"),
        n("line"),
        n("column"),
        s("rule_id"),
        s("address"),
        s("attribute"),
    )
}

fn array(report: &Json, key: &str) -> Vec<Json> {
    report[key].as_array().cloned().unwrap_or_default()
}

/// The mask output puts in place of a secret.
const MASK: &str = "********";

/// `got` equals `expected` except in strings where either shows a mask. Every output masks the
/// secret values the scan found anywhere, so a merged scan masks in one unit's messages the
/// secrets of the others (`K8S-024`'s secret name `db` is a password elsewhere), as the
/// whole-tree scan does, and a unit scanned alone masks only its own: the masked strings
/// cannot be compared.
fn same_but_masked(got: &Json, expected: &Json) -> bool {
    match (got, expected) {
        (Json::String(g), Json::String(e)) => g == e || g.contains(MASK) || e.contains(MASK),
        (Json::Object(g), Json::Object(e)) => {
            g.len() == e.len()
                && g.iter()
                    .all(|(k, v)| e.get(k).is_some_and(|w| same_but_masked(v, w)))
        }
        (Json::Array(g), Json::Array(e)) => {
            g.len() == e.len() && g.iter().zip(e).all(|(a, b)| same_but_masked(a, b))
        }
        _ => got == expected,
    }
}

#[test]
fn the_streamed_fixture_tree_is_each_unit_scanned_alone() {
    let tree = text(&fixtures_dir());
    let streamed = scan_json(&[&tree], false);
    let mut units = Vec::new();
    for dir in sorted_dirs(&fixtures_dir()) {
        unit_scans(&dir, &mut units);
    }
    assert!(units.len() > 300, "{} units", units.len());

    let mut findings: Vec<Json> = units.iter().flat_map(|u| array(u, "findings")).collect();
    findings.sort_by_key(finding_key);
    let got = array(&streamed, "findings");
    assert_eq!(got.len(), findings.len());
    assert!(got.is_sorted_by_key(finding_key), "findings out of order");
    for (g, f) in got.iter().zip(&findings) {
        assert!(same_but_masked(g, f), "streamed {g}\nalone    {f}");
    }
    // a unit's secrets are masked in every unit's findings, the same way as in the
    // whole-tree scan: every finding both scans report is masked alike
    let whole = scan_json(&[&tree], true);
    let whole_findings = array(&whole, "findings");
    let by_key: std::collections::HashMap<_, &Json> =
        whole_findings.iter().map(|f| (finding_key(f), f)).collect();
    for g in &got {
        if let Some(w) = by_key.get(&finding_key(g))
            && same_but_masked(w, g)
        {
            assert_eq!(&g, w, "the two scans mask this finding differently");
        }
    }

    // undecided checks and load errors in a fixed order (their messages may be masked)
    let key = |v: &Json| -> Vec<String> {
        [
            "file",
            "line",
            "column",
            "rule_id",
            "address",
            "attribute",
            "level",
        ]
        .iter()
        .map(|k| v[*k].to_string())
        .collect()
    };
    for list in ["undecided", "errors"] {
        let mut expected: Vec<Json> = units.iter().flat_map(|u| array(u, list)).collect();
        let mut streamed_list = array(&streamed, list);
        expected.sort_by_key(|v| key(v));
        streamed_list.sort_by_key(|v| key(v));
        assert_eq!(streamed_list.len(), expected.len(), "{list}");
        for (g, e) in streamed_list.iter().zip(&expected) {
            assert!(same_but_masked(g, e), "{list}: streamed {g}\nalone {e}");
        }
    }

    let sum = |k: &str| -> u64 {
        units
            .iter()
            .map(|u| u["summary"][k].as_u64().unwrap())
            .sum()
    };
    for k in ["files_scanned", "resources_scanned"] {
        assert_eq!(streamed["summary"][k].as_u64().unwrap(), sum(k), "{k}");
    }

    // the whole-tree scan of the same tree joins across all of them, 300 rule folders as if
    // one deployment: settings of one fixture (an account public access block, a log bucket,
    // a registry scanning rule) silence findings of every other
    assert!(whole_findings.len() < got.len());
    let only_whole = whole_findings
        .iter()
        .filter(|f| !by_streamed_key(&got, f))
        .count();
    let only_streamed = got
        .iter()
        .filter(|f| !by_streamed_key(&whole_findings, f))
        .count();
    assert!(only_streamed > only_whole, "{only_streamed} / {only_whole}");
}

fn by_streamed_key(list: &[Json], f: &Json) -> bool {
    list.iter().any(|g| finding_key(g) == finding_key(f))
}
