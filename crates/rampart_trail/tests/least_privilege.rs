//! The CloudTrail sample under `tests/data/trail/` end to end: an IAM user (`alice`, in a
//! plain log file, a truncated log file and a JSON Lines export), an assumed role with two
//! sessions (`ci/Deployer`, in a gzip log file) and a service (`cloudtrail.amazonaws.com`),
//! with one AccessDenied call, one event no action stands for, one event older than
//! `--since 90d`, one truncated file and one malformed line. Each test states what the minimal
//! policy must be and what the engine must decide.
#![allow(clippy::unwrap_used)] // test helpers: a failed step fails the test

use chrono::{TimeZone, Utc};
use rampart_trail::proof::ProofFailure;
use rampart_trail::{
    Format, Location, Options, PrincipalKind, aggregate, least_privilege, parse_since, prove,
    render, report,
};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const ALICE: &str = "arn:aws:iam::111122223333:user/alice";
const DEPLOYER: &str = "arn:aws:iam::111122223333:role/ci/Deployer";
const CLOUDTRAIL: &str = "cloudtrail.amazonaws.com";

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

fn options(since: Option<&str>, principal: Option<&str>) -> Options {
    let mut options = Options::new(Utc.with_ymd_and_hms(2026, 12, 7, 0, 0, 0).unwrap());
    options.since = since.map(|s| parse_since(s).unwrap());
    options.principal = principal.map(str::to_string);
    options
}

fn current(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(data(&format!("current/{name}.json"))).unwrap())
        .unwrap()
}

#[test]
fn every_event_is_accounted_for_and_bad_input_is_reported_where_it_is() {
    let usage = aggregate(&data("trail"), options(Some("90d"), None)).unwrap();
    let c = &usage.counts;
    // 7 (alice.json) + 7 (deployer.json.gz) + 2 (the truncated file's complete records)
    // + 3 (the export's good lines); README.txt is not read
    assert_eq!(usage.read.files, 4);
    assert_eq!(c.events, 19);
    assert_eq!(c.used, 16);
    assert_eq!(c.access_denied, 1);
    assert_eq!(c.unmapped, 1);
    assert_eq!(c.before_since, 1);
    assert_eq!(
        c.events,
        c.used + c.access_denied + c.unmapped + c.before_since + c.unattributed + c.undated
    );
    assert_eq!(
        usage.unmapped,
        BTreeMap::from([("signin.amazonaws.com ConsoleLogin".to_string(), 1)])
    );
    let problems: Vec<(String, Location)> = usage
        .read
        .problems
        .iter()
        .map(|p| {
            let name = p.file.file_name().unwrap().to_string_lossy().into_owned();
            (name, p.location.clone())
        })
        .collect();
    assert_eq!(
        problems,
        [
            (
                "111122223333_CloudTrail_us-east-1_20261201T1200Z_truncated.json".to_string(),
                Location::Record(2)
            ),
            ("lake-export.jsonl".to_string(), Location::Line(3)),
        ]
    );
    let principals: Vec<&str> = usage.principals.keys().map(String::as_str).collect();
    // sorted by ARN (`role/` before `user/`), services after
    assert_eq!(principals, [DEPLOYER, ALICE, CLOUDTRAIL]);
}

#[test]
fn the_user_gets_what_it_used_and_loses_the_rest_proven_by_the_engine() {
    let usage = aggregate(&data("trail"), options(Some("90d"), Some(ALICE))).unwrap();
    let alice = &usage.principals[ALICE];
    assert_eq!(alice.kind, PrincipalKind::User);
    // GetObject and HeadObject in three files are one action
    assert_eq!(alice.actions["s3:GetObject"].calls, 5);
    // the refused PutObject is reported, not granted
    assert_eq!(
        alice.denied,
        BTreeMap::from([("s3:PutObject".to_string(), 1)])
    );
    assert!(!alice.actions.contains_key("s3:PutObject"));

    let answer = least_privilege(alice, Some(&current("alice"))).unwrap();
    assert_eq!(
        answer.policy,
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["ec2:DescribeInstances"], "Resource": ["*"]},
            {"Effect": "Allow", "Action": ["s3:ListBucket"],
             "Resource": ["arn:aws:s3:::reports-bucket"]},
            {"Effect": "Allow", "Action": ["s3:GetObject"],
             "Resource": ["arn:aws:s3:::reports-bucket/2026/q3.csv",
                          "arn:aws:s3:::reports-bucket/2026/q4.csv"]},
        ]})
    );
    let diff = answer.diff.as_ref().unwrap();
    assert_eq!(
        diff.kept,
        ["ec2:DescribeInstances", "s3:GetObject", "s3:ListBucket"]
    );
    assert!(diff.used_not_in_current.is_empty());
    assert_eq!(diff.current_actions, diff.kept.len() + diff.removed.len());
    // high-risk: Permissions management anywhere, Write on iam; s3:PutObject is neither
    for action in [
        "iam:CreateUser",
        "iam:PassRole",
        "s3:PutBucketPolicy",
        "iam:CreateAccessKey",
    ] {
        assert!(
            diff.high_risk_removed.iter().any(|a| a == action),
            "{action}"
        );
    }
    assert!(diff.removed.iter().any(|a| a == "s3:PutObject"));
    assert!(!diff.high_risk_removed.iter().any(|a| a == "s3:PutObject"));
    assert!(!diff.high_risk_removed.iter().any(|a| a.starts_with("ec2:")));
    assert_eq!(answer.high_risk_removed, diff.high_risk_removed.len());

    let proof = &answer.proof;
    assert!(proof.holds, "{:?}", proof.failures);
    assert_eq!((proof.observed_checked, proof.observed_allowed), (4, 4));
    assert_eq!(proof.must_deny_checked, diff.high_risk_removed.len());
    assert_eq!(proof.must_deny_denied, proof.must_deny_checked);
    assert_eq!(proof.failure_count, 0);
}

#[test]
fn the_assumed_role_is_aggregated_by_role_with_its_sessions_as_detail() {
    let usage = aggregate(&data("trail"), options(Some("90d"), None)).unwrap();
    let role = &usage.principals[DEPLOYER];
    assert_eq!(role.kind, PrincipalKind::Role);
    assert_eq!(
        role.sessions,
        BTreeMap::from([("ci-run-1".to_string(), 3), ("ci-run-2".to_string(), 4)])
    );
    let actions: Vec<&str> = role.actions.keys().map(String::as_str).collect();
    // versioned Lambda names, `monitoring` for CloudWatch, sts
    assert_eq!(
        actions,
        [
            "cloudwatch:PutMetricData",
            "dynamodb:PutItem",
            "lambda:GetFunction",
            "lambda:UpdateFunctionCode",
            "s3:PutObject",
            "sts:GetCallerIdentity",
        ]
    );

    let answer = least_privilege(role, Some(&current("deployer"))).unwrap();
    assert_eq!(
        answer.policy,
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow",
             "Action": ["cloudwatch:PutMetricData", "lambda:GetFunction",
                        "lambda:UpdateFunctionCode", "sts:GetCallerIdentity"],
             "Resource": ["*"]},
            {"Effect": "Allow", "Action": ["dynamodb:PutItem"],
             "Resource": ["arn:aws:dynamodb:us-east-1:111122223333:table/deployments"]},
            {"Effect": "Allow", "Action": ["s3:PutObject"],
             "Resource": ["arn:aws:s3:::artifacts-bucket/builds/app.zip"]},
        ]})
    );
    // `"Action": "*"` stands for the whole catalogue
    let diff = answer.diff.as_ref().unwrap();
    assert!(diff.current_actions > 15_000);
    assert!(diff.high_risk_removed.len() > 500);
    assert!(answer.proof.holds, "{:?}", answer.proof.failures);
    assert_eq!(answer.proof.observed_allowed, 6);
    assert_eq!(answer.proof.must_deny_denied, diff.high_risk_removed.len());
}

#[test]
fn a_service_gets_a_resource_policy_statement_naming_it() {
    let usage = aggregate(&data("trail"), options(Some("90d"), None)).unwrap();
    let service = &usage.principals[CLOUDTRAIL];
    assert_eq!(service.kind, PrincipalKind::Service);
    let answer = least_privilege(service, None).unwrap();
    assert_eq!(
        answer.policy,
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": CLOUDTRAIL},
             "Action": ["s3:GetBucketAcl"], "Resource": ["arn:aws:s3:::trail-logs-bucket"]},
            {"Effect": "Allow", "Principal": {"Service": CLOUDTRAIL}, "Action": ["s3:PutObject"],
             "Resource": ["arn:aws:s3:::trail-logs-bucket/AWSLogs/111122223333/CloudTrail/us-east-1/2026/12/01/log.json.gz"]},
        ]})
    );
    // without a current policy, every unused high-risk action of the catalogue must be denied
    assert!(answer.proof.holds, "{:?}", answer.proof.failures);
    assert!(answer.proof.must_deny_checked > 500);
}

#[test]
fn since_and_the_principal_filter_choose_the_events() {
    // without --since, the June CreateUser counts
    let usage = aggregate(&data("trail"), options(None, Some(ALICE))).unwrap();
    assert!(
        usage.principals[ALICE]
            .actions
            .contains_key("iam:CreateUser")
    );
    assert_eq!(usage.counts.other_principals, 9);
    assert_eq!(usage.principals.len(), 1);
    // a session ARN selects that session's calls only, under its role
    let session = "arn:aws:sts::111122223333:assumed-role/Deployer/ci-run-1";
    let usage = aggregate(&data("trail"), options(Some("90d"), Some(session))).unwrap();
    let role = &usage.principals[DEPLOYER];
    assert_eq!(role.sessions, BTreeMap::from([("ci-run-1".to_string(), 3)]));
    assert!(!role.actions.contains_key("dynamodb:PutItem"));
    // the role without its path names it too
    let usage = aggregate(
        &data("trail"),
        options(Some("90d"), Some("arn:aws:iam::111122223333:role/Deployer")),
    )
    .unwrap();
    assert_eq!(usage.principals[DEPLOYER].calls, 7);
    assert_eq!(usage.principals.len(), 1);
    // 12h before the 7th: nothing of the 1st is left
    let usage = aggregate(&data("trail"), options(Some("12h"), None)).unwrap();
    assert!(usage.principals.is_empty());
    assert_eq!(usage.counts.before_since, usage.counts.events);
}

#[test]
fn a_wrong_policy_fails_the_proof_naming_each_failure() {
    let usage = aggregate(&data("trail"), options(Some("90d"), Some(ALICE))).unwrap();
    let alice = &usage.principals[ALICE];
    let answer = least_privilege(alice, Some(&current("alice"))).unwrap();
    let must_deny = &answer.diff.as_ref().unwrap().high_risk_removed;

    // too wide: iam:PassRole left in
    let mut too_wide = answer.policy.clone();
    too_wide["Statement"][0]["Action"] = json!(["ec2:DescribeInstances", "iam:PassRole"]);
    let proof = prove(alice, &too_wide, must_deny).unwrap();
    assert!(!proof.holds);
    assert!(
        proof
            .failures
            .contains(&ProofFailure::RemovedActionAllowed {
                action: "iam:PassRole".into(),
                resource: "*".into(),
            })
    );
    assert_eq!(proof.must_deny_denied, proof.must_deny_checked - 1);
    assert_eq!(proof.observed_allowed, 4);

    // too narrow: one object of the two, and no ListBucket
    let too_narrow = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["ec2:DescribeInstances"], "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::reports-bucket/2026/q4.csv"}]});
    let proof = prove(alice, &too_narrow, must_deny).unwrap();
    assert!(!proof.holds);
    let not_allowed: Vec<(&str, &str)> = proof
        .failures
        .iter()
        .filter_map(|f| match f {
            ProofFailure::ObservedCallNotAllowed {
                action, resource, ..
            } => Some((action.as_str(), resource.as_str())),
            ProofFailure::RemovedActionAllowed { .. } => None,
        })
        .collect();
    assert_eq!(
        not_allowed,
        [
            ("s3:GetObject", "arn:aws:s3:::reports-bucket/2026/q3.csv"),
            ("s3:ListBucket", "arn:aws:s3:::reports-bucket"),
        ]
    );

    // right actions, but an explicit deny takes an observed call away
    let mut denied = answer.policy.clone();
    if let Some(statements) = denied["Statement"].as_array_mut() {
        statements.push(json!({"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "*"}));
    }
    let proof = prove(alice, &denied, must_deny).unwrap();
    assert_eq!((proof.holds, proof.observed_allowed), (false, 3));

    // a wildcard grant on a specific resource is caught on that resource, not only on `*`
    let mut scoped = answer.policy.clone();
    if let Some(statements) = scoped["Statement"].as_array_mut() {
        statements.push(json!({"Effect": "Allow", "Action": "iam:*",
                               "Resource": "arn:aws:iam::111122223333:role/*"}));
    }
    let proof = prove(alice, &scoped, must_deny).unwrap();
    assert!(!proof.holds);
    assert!(
        proof
            .failures
            .contains(&ProofFailure::RemovedActionAllowed {
                action: "iam:PassRole".into(),
                resource: "arn:aws:iam::111122223333:role/*".into(),
            })
    );
}

#[test]
fn a_current_policy_the_engine_refuses_is_an_error() {
    let usage = aggregate(&data("trail"), options(Some("90d"), Some(ALICE))).unwrap();
    let bad = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*"}]});
    assert!(least_privilege(&usage.principals[ALICE], Some(&bad)).is_err());
}

#[test]
fn the_report_renders_as_json_terraform_and_text() {
    let usage = aggregate(&data("trail"), options(Some("90d"), None)).unwrap();
    let current = BTreeMap::from([(ALICE.to_string(), current("alice"))]);
    let report = report(&usage, &current).unwrap();
    assert!(report.proven);

    let json: Value = serde_json::from_str(&render(&report, Format::Json)).unwrap();
    assert_eq!(json["proven"], json!(true));
    assert_eq!(json["principals"].as_array().map(Vec::len), Some(3));
    assert_eq!(json["principals"][1]["usage"]["principal"], json!(ALICE));
    assert_eq!(json["principals"][1]["proof"]["holds"], json!(true));
    assert!(
        json["principals"][1]["diff"]["high_risk_removed"]
            .as_array()
            .is_some_and(|a| a.len() > 100)
    );
    assert_eq!(json["counts"]["access_denied"], json!(1));

    let terraform = render(&report, Format::Terraform);
    let body = hcl_edit::parser::parse_body(&terraform).unwrap();
    let names: Vec<String> = body
        .blocks()
        .map(|b| {
            b.labels
                .iter()
                .map(|l| l.as_str().to_string())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(
        names,
        [
            "aws_iam_policy_document least_privilege_deployer",
            "aws_iam_policy_document least_privilege_alice",
            "aws_iam_policy_document least_privilege_cloudtrail",
        ]
    );
    assert!(terraform.contains("\"arn:aws:s3:::reports-bucket/2026/q4.csv\""));
    assert!(terraform.contains("identifiers = [\"cloudtrail.amazonaws.com\"]"));

    let text = render(&report, Format::Text);
    assert!(text.contains("denied (not granted): s3:PutObject ×1"));
    assert!(text.contains("sessions: ci-run-1 ×3, ci-run-2 ×4"));
    assert!(text.contains("signin.amazonaws.com ConsoleLogin ×1"));
    assert!(text.contains("record 2"));
    assert!(text.contains("proof holds: 4/4 observed calls allowed"));
}

#[test]
fn gzip_is_found_by_its_bytes_not_its_name() {
    let dir = std::env::temp_dir().join(format!("rampart-trail-gz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gz = data(
        "trail/111122223333/2026/12/01/111122223333_CloudTrail_us-east-1_20261201T1100Z_deployer.json.gz",
    );
    let renamed = dir.join("deployer.json");
    std::fs::copy(&gz, &renamed).unwrap();
    let from_gz = aggregate(&gz, options(None, None)).unwrap();
    let from_renamed = aggregate(&renamed, options(None, None)).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(from_gz.counts.used, 7);
    assert_eq!(from_gz.principals, from_renamed.principals);
}

#[test]
fn the_replay_checks_every_call_one_by_one_and_can_fail() {
    // a cap of one resource per action widens alice's two objects to `reports-bucket/*`; the
    // replay checks both exact objects against it
    let mut narrow = options(Some("90d"), None);
    narrow.limits.resources_per_action = 1;
    let usage = aggregate(&data("trail"), narrow.clone()).unwrap();
    let alice = &usage.principals[ALICE];
    assert!(alice.actions["s3:GetObject"].widened);
    let mut report = report(&usage, &BTreeMap::new()).unwrap();
    rampart_trail::replay(&data("trail"), narrow.clone(), &mut report).unwrap();
    let replay = report.replay.clone().unwrap();
    assert!(replay.holds, "{:?}", replay.failures);
    assert_eq!(replay.calls_checked, usage.counts.used);
    assert_eq!(replay.calls_allowed, replay.calls_checked);
    // repeated calls are not evaluated again
    assert!(replay.evaluations < replay.calls_checked);
    assert!(report.proven);

    // a policy that lost one object fails the replay on that object's calls only
    let at = report
        .principals
        .iter()
        .position(|p| p.usage.principal == ALICE)
        .unwrap();
    report.principals[at].policy = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["ec2:DescribeInstances", "s3:ListBucket"], "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::reports-bucket/2026/q4.csv"}]});
    rampart_trail::replay(&data("trail"), narrow, &mut report).unwrap();
    let replay = report.replay.unwrap();
    assert!(!replay.holds);
    assert!(!report.proven);
    assert_eq!(replay.failure_count, 1);
    assert_eq!(replay.failures[0].principal, ALICE);
    assert_eq!(
        replay.failures[0].resource,
        "arn:aws:s3:::reports-bucket/2026/q3.csv"
    );
}

#[test]
fn the_root_user_cannot_be_proven_and_says_why_and_odd_arns_are_not_principals() {
    let event = json!({"eventSource": "s3.amazonaws.com", "eventName": "ListBuckets",
        "eventTime": "2026-12-01T00:00:00Z",
        "userIdentity": {"type": "Root", "arn": "arn:aws:iam::111122223333:root",
                         "accountId": "111122223333"}});
    let dir = std::env::temp_dir().join(format!("rampart-trail-root-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("root.jsonl");
    // and a user whose ARN names no account: not a principal the engine can evaluate
    let odd = json!({"eventSource": "s3.amazonaws.com", "eventName": "ListBuckets",
        "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::nope:user/x"}});
    std::fs::write(&file, format!("{event}\n{odd}\n")).unwrap();
    let usage = aggregate(&file, options(None, None));
    std::fs::remove_dir_all(&dir).unwrap();
    let usage = usage.unwrap();
    assert_eq!(usage.principals.len(), 1);
    assert_eq!(usage.counts.unattributed, 1);
    assert!(report(&usage, &BTreeMap::new()).is_ok());
    let root = &usage.principals["arn:aws:iam::111122223333:root"];
    assert_eq!(root.kind, PrincipalKind::Root);
    let answer = least_privilege(root, None).unwrap();
    // the engine allows the root user everything, so removed actions stay allowed
    assert!(!answer.proof.holds);
    assert_eq!(answer.proof.observed_allowed, 1);
    assert!(answer.notes[0].contains("root user"));
}
