//! `rampart collect aws`, `rampart scan aws` and `rampart scan --inventory` against a real moto
//! server, configured only through the standard AWS environment (AWS_ENDPOINT_URL, keys,
//! region): the snapshot validates against its published schema, live findings carry the ARN
//! and console URL in every format, and a service refused by a loopback proxy is a warning in
//! every format.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test
#![cfg(feature = "aws")]

mod common;
#[path = "../../rampart_cloud/tests/support/mod.rs"]
mod support;

use common::{outcome, rampart};
use serde_json::{Value as Json, json};
use std::path::Path;

fn validator(schema_file: &str, draft: jsonschema::Draft) -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(schema_file)).unwrap();
    let mut schema: Json = serde_json::from_str(&text).unwrap();
    if schema_file.ends_with("sarif-2.1.0.json") {
        // the published file's `language` pattern has a stray `]` (see rampart_report's tests)
        for definition in ["run", "toolComponent"] {
            schema["definitions"][definition]["properties"]["language"]["pattern"] =
                json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
        }
    }
    jsonschema::options()
        .with_draft(draft)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, doc: &Json) {
    let errors: Vec<String> = validator.iter_errors(doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// `rampart` with the AWS environment of a test and nothing from the user's ~/.aws.
fn rampart_aws(endpoint: &str) -> assert_cmd::Command {
    let mut cmd = rampart();
    cmd.env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .env(
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        )
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/nonexistent/rampart-test-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/rampart-test-credentials",
        )
        .env("AWS_MAX_ATTEMPTS", "1")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN");
    cmd
}

async fn seed_public_bucket(endpoint: &str, bucket: &str) {
    let config = support::sdk_config(endpoint, "us-east-1").await;
    let s3 = support::s3_client(&config);
    s3.create_bucket().bucket(bucket).send().await.unwrap();
    s3.put_bucket_acl()
        .bucket(bucket)
        .acl(aws_sdk_s3::types::BucketCannedAcl::PublicRead)
        .send()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn collect_then_scan_the_inventory_finds_the_public_bucket_with_its_arn() {
    let moto = support::moto();
    seed_public_bucket(&moto.endpoint, "cli-public").await;
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("inventory.json");
    let (code, _, stderr) = outcome(
        rampart_aws(&moto.endpoint)
            .args([
                "collect",
                "aws",
                "--regions",
                "us-east-1",
                "--services",
                "s3",
                "-o",
            ])
            .arg(&inventory),
    );
    assert_eq!(code, 0, "{stderr}");
    let snapshot: Json =
        serde_json::from_str(&std::fs::read_to_string(&inventory).unwrap()).unwrap();
    assert_valid(
        &validator(
            "../../docs/schemas/rampart-inventory.schema.json",
            jsonschema::Draft::Draft202012,
        ),
        &snapshot,
    );
    assert_eq!(snapshot["services"], json!(["s3"]));
    assert!(
        snapshot["resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["address"] == "aws_s3_bucket_acl.cli-public")
    );

    let (code, stdout, stderr) = outcome(
        rampart()
            .args(["scan", "--inventory"])
            .arg(&inventory)
            .args(["--format", "json", "--rule", "AWS-S3-001"]),
    );
    assert_eq!(code, 1, "{stderr}");
    let report: Json = serde_json::from_str(&stdout).unwrap();
    assert_valid(
        &validator(
            "../../docs/schemas/rampart-report.schema.json",
            jsonschema::Draft::Draft202012,
        ),
        &report,
    );
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["address"] == "aws_s3_bucket_acl.cli-public")
        .expect("the public ACL is found");
    assert_eq!(finding["rule_id"], "AWS-S3-001");
    assert_eq!(finding["live"]["id"], "arn:aws:s3:::cli-public");
    assert_eq!(finding["live"]["region"], "us-east-1");
    assert_eq!(
        finding["live"]["console_url"],
        "https://s3.console.aws.amazon.com/s3/buckets/cli-public?region=us-east-1"
    );

    // the same finding live, in SARIF: the ARN as a logical location and as properties
    let (code, stdout, stderr) = outcome(rampart_aws(&moto.endpoint).args([
        "scan",
        "aws",
        "--regions",
        "us-east-1",
        "--services",
        "s3",
        "--format",
        "sarif",
        "--rule",
        "AWS-S3-001",
    ]));
    assert_eq!(code, 1, "{stderr}");
    let sarif: Json = serde_json::from_str(&stdout).unwrap();
    assert_valid(
        &validator(
            "../rampart_report/tests/data/sarif-2.1.0.json",
            jsonschema::Draft::Draft7,
        ),
        &sarif,
    );
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["properties"]["arn"] == "arn:aws:s3:::cli-public")
        .expect("a SARIF result with the bucket's ARN");
    assert_eq!(result["ruleId"], "AWS-S3-001");
    assert_eq!(
        result["properties"]["consoleUrl"],
        "https://s3.console.aws.amazon.com/s3/buckets/cli-public?region=us-east-1"
    );
    assert!(
        result["locations"][0]["logicalLocations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["fullyQualifiedName"] == "arn:aws:s3:::cli-public")
    );
}

#[test]
fn a_refused_service_is_a_warning_in_every_format() {
    let moto = support::moto();
    let proxy = support::DenyingProxy::start(moto.port, &["iam"]);
    let scan = |format: &str| {
        outcome(rampart_aws(&proxy.endpoint).args([
            "scan",
            "aws",
            "--regions",
            "us-east-1",
            "--services",
            "iam",
            "--format",
            format,
        ]))
    };
    let place = "aws://123456789012/global/iam";

    let (code, text, stderr) = scan("text");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        text.contains(&format!(
            "{place}:1:1: warning: iam ListUsers was refused (AccessDenied)"
        )),
        "{text}"
    );

    let (_, json_out, _) = scan("json");
    let report: Json = serde_json::from_str(&json_out).unwrap();
    assert_valid(
        &validator(
            "../../docs/schemas/rampart-report.schema.json",
            jsonschema::Draft::Draft202012,
        ),
        &report,
    );
    let warnings: Vec<&Json> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["file"] == place && e["level"] == "warning")
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w["message"].as_str().unwrap().contains("ListRoles")),
        "{warnings:?}"
    );
    assert!(report["summary"]["warnings"].as_u64().unwrap() >= 3);

    let (_, sarif_out, _) = scan("sarif");
    let sarif: Json = serde_json::from_str(&sarif_out).unwrap();
    assert_valid(
        &validator(
            "../rampart_report/tests/data/sarif-2.1.0.json",
            jsonschema::Draft::Draft7,
        ),
        &sarif,
    );
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(notes.iter().any(|n| {
        n["level"] == "warning"
            && n["message"]["text"]
                .as_str()
                .unwrap()
                .contains("ListUsers was refused (AccessDenied)")
    }));

    let (_, junit, _) = scan("junit");
    assert!(
        junit.contains("load warning") && junit.contains("ListUsers was refused (AccessDenied)"),
        "{junit}"
    );
}

#[test]
fn rules_say_which_rules_run_on_a_live_account() {
    let (code, stdout, _) = outcome(rampart().args(["rules", "--format", "json"]));
    assert_eq!(code, 0);
    let rules: Json = serde_json::from_str(&stdout).unwrap();
    let live = |id: &str| {
        rules
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["runs_live"].clone())
            .unwrap()
    };
    for id in [
        "AWS-S3-001",
        "AWS-S3-003",
        "AWS-EC2-001",
        "AWS-IAM-001",
        "AWS-KMS-001",
        "AWS-CT-001",
    ] {
        assert_eq!(live(id), json!(true), "{id}");
    }
    // RDS and Lambda are not collected yet, Kubernetes never is
    for id in ["AWS-RDS-004", "AWS-LMB-001"] {
        assert_eq!(live(id), json!(false), "{id}");
    }
    assert!(
        rules
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["provider"] == "kubernetes")
            .all(|r| r["runs_live"] == json!(false))
    );
    let (_, text, _) = outcome(rampart().args(["rules"]));
    assert!(text.lines().next().unwrap().contains("LIVE"), "{text}");
    assert!(text.contains("run on live AWS accounts"), "{text}");
}

/// `rampart drift --live` against moto: a bucket the code manages whose public access block
/// was turned off by hand, and a bucket created outside code.
#[tokio::test(flavor = "multi_thread")]
async fn drift_live_finds_a_public_access_block_turned_off_by_hand_and_an_unmanaged_bucket() {
    let moto = support::moto();
    let config = support::sdk_config(&moto.endpoint, "us-east-1").await;
    let s3 = support::s3_client(&config);
    for bucket in ["drift-live-data", "drift-live-extra"] {
        s3.create_bucket().bucket(bucket).send().await.unwrap();
    }
    s3.put_public_access_block()
        .bucket("drift-live-data")
        .public_access_block_configuration(
            aws_sdk_s3::types::PublicAccessBlockConfiguration::builder()
                .block_public_acls(false)
                .ignore_public_acls(true)
                .block_public_policy(true)
                .restrict_public_buckets(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let code = common::project(&[(
        "main.tf",
        r#"
resource "aws_s3_bucket" "data" {
  bucket = "drift-live-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}
"#,
    )]);
    let (status, stdout, stderr) = outcome(rampart_aws(&moto.endpoint).args([
        "drift",
        "--code",
        code.path().to_str().unwrap(),
        "--live",
        "--regions",
        "us-east-1",
        "--services",
        "s3",
        "--format",
        "json",
        "--quiet",
    ]));
    assert_eq!(status, 1, "{stderr}\n{stdout}");
    let report: Json = serde_json::from_str(&stdout).unwrap();
    let items = report["items"].as_array().unwrap();
    let turned_off = items
        .iter()
        .find(|i| {
            i["code_address"] == "aws_s3_bucket_public_access_block.data"
                && i["attribute"] == "block_public_acls"
        })
        .unwrap_or_else(|| panic!("{items:#?}"));
    assert_eq!(turned_off["kind"], "changed");
    assert_eq!(turned_off["severity"], "high");
    assert!(
        turned_off["revert"]
            .as_str()
            .unwrap()
            .contains("put-public-access-block --bucket drift-live-data"),
        "{turned_off}"
    );
    // only the flag changed by hand is drift
    assert!(
        !items.iter().any(|i| i["attribute"] == "ignore_public_acls"),
        "{items:#?}"
    );
    assert!(
        items.iter().any(|i| i["kind"] == "unmanaged"
            && i["live_address"]
                .as_str()
                .is_some_and(|a| a.ends_with("drift-live-extra"))),
        "{items:#?}"
    );
}
