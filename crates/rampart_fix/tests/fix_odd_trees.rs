//! Trees where one address names several resources, or where fixes meet in one place: sibling
//! roots declaring the same address, CloudFormation templates sharing a logical id, and a
//! Kubernetes container written in flow style that several fixes extend. Each run fixes what
//! it can and says per finding why the rest waits.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

use rampart_fix::plan::{Decision, FixPlan, FixSelection, plan_fixes};
use rampart_fix::verify::Workspace;
use rampart_fix::writer::write_plan;
use rampart_ingest::LoadOptions;
use rampart_rules::{EngineOptions, builtin_rules};
use std::path::Path;

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn plan_in(dir: &Path, include_unsafe: bool, rules: &[&str]) -> (Workspace, FixPlan) {
    let ws = Workspace::load(
        &[dir.to_path_buf()],
        &LoadOptions::default(),
        builtin_rules(),
        EngineOptions::default(),
    );
    let selection = FixSelection {
        include_unsafe,
        rule_ids: rules.iter().map(|r| r.to_string()).collect(),
    };
    let plan = plan_fixes(&ws, &selection, &mut |_| true).unwrap();
    (ws, plan)
}

fn decisions(plan: &FixPlan) -> Vec<(String, String, Decision)> {
    plan.items
        .iter()
        .map(|p| {
            (
                p.finding.rule_id.to_string(),
                p.finding.file().unwrap_or("").to_string(),
                p.decision.clone(),
            )
        })
        .collect()
}

const SIBLING: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"NAME\"\n}\n\nresource \"aws_cloudtrail\" \"t\" {\n  name           = \"t\"\n  s3_bucket_name = \"NAME\"\n}\n";

#[test]
fn sibling_roots_declaring_the_same_address_are_fixed_each_in_its_own_file() {
    let dir = project(&[
        ("a/main.tf", &SIBLING.replace("NAME", "bucket-a")),
        ("b/main.tf", &SIBLING.replace("NAME", "bucket-b")),
    ]);
    let rules = ["AWS-CT-001", "AWS-S3-005"];
    let (ws, plan) = plan_in(dir.path(), false, &rules);
    let all = decisions(&plan);
    assert_eq!(all.len(), 4, "{all:?}");
    assert!(all.iter().all(|(_, _, d)| *d == Decision::Apply), "{all:?}");
    let report = write_plan(&ws, &plan).unwrap();
    assert_eq!(report.written.len(), 2, "{report:?}");
    for root in ["a", "b"] {
        let text = std::fs::read_to_string(dir.path().join(root).join("main.tf")).unwrap();
        assert_eq!(
            text.matches("is_multi_region_trail = true").count(),
            1,
            "{root}:\n{text}"
        );
        assert_eq!(
            text.matches("resource \"aws_s3_bucket_versioning\"")
                .count(),
            1,
            "{root}:\n{text}"
        );
    }
    let (_, again) = plan_in(dir.path(), false, &rules);
    assert!(again.items.is_empty(), "{:?}", decisions(&again));
}

const TEMPLATE: &str = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n      S3BucketName: logs\n";

#[test]
fn templates_sharing_a_logical_id_are_each_fixed() {
    let dir = project(&[("one.yaml", TEMPLATE), ("two.yaml", TEMPLATE)]);
    let (ws, plan) = plan_in(dir.path(), false, &["AWS-CT-001"]);
    let all = decisions(&plan);
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(all.iter().all(|(_, _, d)| *d == Decision::Apply), "{all:?}");
    assert_eq!(write_plan(&ws, &plan).unwrap().written.len(), 2);
    for name in ["one.yaml", "two.yaml"] {
        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(
            text.contains("      IsMultiRegionTrail: true\n"),
            "{name}:\n{text}"
        );
    }
}

const FLOW_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers: [{name: c, image: nginx}]\n";

#[test]
fn fixes_meeting_in_a_flow_style_container_are_merged_in_one_run() {
    let dir = project(&[("pod.yaml", FLOW_POD)]);
    // each adds the container's `securityContext`: one is inserted, the others are planned
    // again on the text that has it and merged into it, in the same run
    let rules = ["K8S-002", "K8S-003", "K8S-011"];
    let (ws, first) = plan_in(dir.path(), true, &rules);
    let all = decisions(&first);
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(first.applied().count(), 3, "{all:?}");
    // the first round inserts one `securityContext`; the second merges the other two into it
    assert_eq!(first.rounds, 2);
    assert_eq!(write_plan(&ws, &first).unwrap().written.len(), 1);
    let (ws, last) = plan_in(dir.path(), true, &rules);
    assert!(
        ws.loaded.errors.iter().all(|e| !e.is_error()),
        "{:?}",
        ws.loaded.errors
    );
    assert!(last.items.is_empty(), "{:?}", decisions(&last));
    let text = std::fs::read_to_string(dir.path().join("pod.yaml")).unwrap();
    assert_eq!(text.matches("securityContext").count(), 1, "{text}");
}

#[test]
fn a_fix_held_back_before_verification_is_not_called_verified() {
    let dir = project(&[("pod.yaml", FLOW_POD)]);
    let (_, plan) = plan_in(dir.path(), false, &["K8S-002"]);
    let item = plan.items.first().expect("K8S-002 is reported");
    assert!(
        matches!(&item.decision, Decision::Skip(why) if why.contains("--unsafe")),
        "{:?}",
        item.decision
    );
    let rem = item.remediation.as_ref().expect("the rule has a fix");
    assert!(
        matches!(&rem.verified, rampart_fix::Verification::Unverified { reason } if reason.starts_with("not checked: not safe")),
        "{:?}",
        rem.verified
    );
    assert!(!rem.safety.auto_apply);
}

const BLOCK_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: c\n      image: nginx\n";

#[test]
fn manifests_declaring_the_same_workload_are_each_fixed() {
    let dir = project(&[("a.yaml", BLOCK_POD), ("b.yaml", BLOCK_POD)]);
    let (ws, plan) = plan_in(dir.path(), true, &["K8S-002", "K8S-016"]);
    let all = decisions(&plan);
    assert_eq!(all.len(), 4, "{all:?}");
    assert!(all.iter().all(|(_, _, d)| *d == Decision::Apply), "{all:?}");
    assert_eq!(write_plan(&ws, &plan).unwrap().written.len(), 2);
    for name in ["a.yaml", "b.yaml"] {
        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
        // the container's setting before the pod's, each in its own block
        assert!(
            text.ends_with("      securityContext:\n        allowPrivilegeEscalation: false\n  automountServiceAccountToken: false\n"),
            "{name}:\n{text}"
        );
    }
}

/// The re-load that verifies a fix reads the edited text from memory and every other file
/// where it is: a template the code reads with `templatefile()` (not a file a scan lists as a
/// source) is read as the scan read it, so what the fixed code still has is seen (here a key in
/// the user data, which the fix of the metadata options does not touch).
#[test]
fn the_verifying_reload_reads_the_files_the_code_reads_in_place() {
    let dir = project(&[
        (
            "main.tf",
            "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-1\"\n  instance_type = \"t3.micro\"\n  user_data     = templatefile(\"${path.module}/init.tpl\", { region = \"eu-west-1\" })\n}\n",
        ),
        (
            "init.tpl",
            "#!/bin/sh\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nexport AWS_DEFAULT_REGION=${region}\n",
        ),
    ]);
    let (ws, plan) = plan_in(dir.path(), true, &["AWS-EC2-007", "AWS-SEC-002"]);
    let all = decisions(&plan);
    assert!(
        ws.findings.iter().any(|f| f.rule_id == "AWS-SEC-002"),
        "the scan sees the key in the template"
    );
    assert_eq!(plan.applied().count(), 1, "{all:?}");
    let remaining: Vec<&str> = plan.remaining.iter().map(|f| &*f.rule_id).collect();
    assert_eq!(remaining, ["AWS-SEC-002"], "{all:?}");
}
