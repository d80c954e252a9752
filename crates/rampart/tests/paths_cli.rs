//! End-to-end tests of `rampart paths` and `rampart graph` on rampart_graph's Terraform fixture
//! of planted toxic combinations: the paths are found with their hops and break point, the
//! vulnerability reports join them, a clean folder has none, and the graph is written in each
//! format (Graphviz and the Cypher parser check the formats themselves in rampart_graph).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

mod common;

use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../rampart_graph/tests/fixtures")
}

fn rampart(args: &[&str]) -> (i32, String, String) {
    common::outcome(common::rampart().env("NO_COLOR", "1").args(args))
}

#[test]
fn paths_finds_the_planted_combinations_with_hops_and_a_break_point() {
    let toxic = fixtures().join("toxic");
    let trivy = fixtures().join("trivy.json");
    let (code, out, err) = rampart(&[
        "paths",
        toxic.to_str().unwrap(),
        "--trivy",
        trivy.to_str().unwrap(),
        "--format",
        "json",
        "--quiet",
    ]);
    assert_eq!(code, 1, "{err}");
    let paths: Json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let paths = paths
        .as_array()
        .or_else(|| paths["paths"].as_array())
        .cloned()
        .unwrap();
    let exposed: Vec<&Json> = paths.iter().filter(|p| p["id"] == "PATH-001").collect();
    assert_eq!(
        exposed.len(),
        1,
        "only the Trivy-reported instance: {paths:?}"
    );
    let hops = exposed[0]["hops"].as_array().unwrap();
    let text = serde_json::to_string(hops).unwrap();
    for must in [
        "aws_internet_gateway.igw",
        "aws_security_group.web",
        "aws_instance.web",
        "CVE-2024-3094",
        "aws_iam_role.web",
        "aws_s3_bucket.customers",
    ] {
        assert!(text.contains(must), "{must} missing from {text}");
    }
    assert!(
        exposed[0]["break_at"]["rule_id"] == "AWS-EC2-005",
        "{}",
        exposed[0]
    );
    assert!(paths.iter().any(|p| p["id"] == "PATH-002"), "{paths:?}");
}

#[test]
fn a_folder_without_toxic_combinations_exits_clean() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"acme-logs\"\n}\n",
    )
    .unwrap();
    let (code, out, err) = rampart(&["paths", dir.path().to_str().unwrap(), "--quiet"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn graph_writes_dot_json_and_cypher() {
    let dir = tempfile::tempdir().unwrap();
    let toxic = fixtures().join("toxic");
    for (format, starts) in [("dot", "digraph"), ("json", "{"), ("cypher", "CREATE")] {
        let file = dir.path().join(format!("graph.{format}"));
        let (code, out, err) = rampart(&[
            "graph",
            toxic.to_str().unwrap(),
            "--format",
            format,
            "--output",
            file.to_str().unwrap(),
            "--quiet",
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(out.is_empty());
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.trim_start().starts_with(starts),
            "{format}: {}",
            &text[..80.min(text.len())]
        );
        assert!(text.contains("aws_instance.web"), "{format}");
    }
    let (code, _, err) = rampart(&["paths", "--trivy", "missing.json", toxic.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.json"), "{err}");
}

#[test]
fn scan_with_attack_paths_raises_the_findings_on_a_path_and_names_it() {
    let toxic = fixtures().join("toxic");
    let scan = |extra: &[&str]| -> Json {
        let mut args = vec![
            "scan",
            toxic.to_str().unwrap(),
            "--format",
            "json",
            "--quiet",
        ];
        args.extend_from_slice(extra);
        let (code, out, err) = rampart(&args);
        assert_eq!(code, 1, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    let plain = scan(&[]);
    let raised = scan(&["--attack-paths"]);
    let by_key = |report: &Json| -> Vec<(String, String, String, Json)> {
        let mut all: Vec<_> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["id"].as_str().unwrap().to_string(),
                    f["address"].as_str().unwrap().to_string(),
                    f["severity"].as_str().unwrap().to_string(),
                    f["attack_path"].clone(),
                )
            })
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    };
    let (plain, raised_list) = (by_key(&plain), by_key(&raised));
    assert_eq!(plain.len(), raised_list.len());
    let order = ["info", "low", "medium", "high", "critical"];
    let level = |s: &str| order.iter().position(|o| *o == s).unwrap();
    let mut marked = 0;
    for (before, after) in plain.iter().zip(&raised_list) {
        assert_eq!(before.0, after.0, "same findings, same fingerprints");
        assert!(before.3.is_null(), "no path marks without the flag");
        if after.1 == "aws_s3_bucket.leaky" {
            // the public bucket holding secrets is PATH-002
            marked += 1;
            assert_eq!(after.3["paths"][0], "PATH-002", "{:?}", after);
            assert_eq!(after.3["raised_from"], before.2.as_str());
            assert_eq!(level(&after.2), (level(&before.2) + 1).min(4));
        } else if after.1 == "aws_security_group.web" {
            // PATH-001 needs a critical CVE, which only the Trivy report brings
            assert!(after.3.is_null(), "{after:?}");
            assert_eq!(before.2, after.2);
        }
    }
    assert!(marked > 0);
    // the marked report still follows the published schema
    common::assert_report_schema(&raised);
}
