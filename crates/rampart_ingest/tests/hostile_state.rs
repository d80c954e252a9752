//! Terraform state and plan JSON with a broken resource entry: the file was skipped whole
//! without a word (state) or the entry dropped silently (plan). Now the entry is an error
//! naming the file, line and address, and every other entry loads.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use rampart_ingest::LoadOptions;
use rampart_ingest::documents::{DocumentsOutput, load_document_text};
use rampart_model::LoadError;

fn load(name: &str, text: &str) -> DocumentsOutput {
    load_document_text(name, text, &LoadOptions::default())
}

fn errors(out: &DocumentsOutput) -> Vec<&LoadError> {
    out.errors.iter().filter(|e| e.is_error()).collect()
}

fn addresses(out: &DocumentsOutput) -> Vec<&str> {
    let mut a: Vec<&str> = out.resources.iter().map(|r| r.address.as_str()).collect();
    a.sort_unstable();
    a
}

const STATE: &str = r#"{
  "version": 4,
  "terraform_version": "1.6.0",
  "resources": [
    {
      "mode": "managed", "type": "aws_s3_bucket", "name": "a",
      "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
      "instances": [{"attributes": {"bucket": "a"}}]
    },
    {
      "mode": "managed", "type": "aws_s3_bucket", "name": "broken",
      "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]"
    },
    {
      "mode": "managed", "type": "aws_s3_bucket", "name": "none",
      "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
      "instances": []
    },
    {
      "mode": "managed", "type": "aws_sqs_queue", "name": "q",
      "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
      "instances": [{"index_key": 0, "attributes": {}}]
    }
  ]
}"#;

#[test]
fn a_state_resource_without_instances_is_reported_and_the_rest_loads() {
    let out = load("terraform.tfstate.json", STATE);
    assert_eq!(
        addresses(&out),
        vec!["aws_s3_bucket.a", "aws_sqs_queue.q[0]"]
    );
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, "terraform.tfstate.json");
    assert_eq!(
        errors[0].line, 12,
        "the line of the broken entry: {}",
        errors[0]
    );
    assert!(
        errors[0]
            .message
            .starts_with("state resource `aws_s3_bucket.broken` has no `instances` list"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_plan_resource_without_a_type_is_reported_and_the_rest_loads() {
    let plan = r#"{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_s3_bucket.a", "mode": "managed", "type": "aws_s3_bucket", "name": "a", "values": {}},
    {"address": "aws_s3_bucket.b", "mode": "managed", "name": "b", "values": {}}
  ]}}
}"#;
    let out = load("plan.json", plan);
    assert_eq!(addresses(&out), vec!["aws_s3_bucket.a"]);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 5, "{}", errors[0]);
    assert!(
        errors[0]
            .message
            .contains("`aws_s3_bucket.b` has no `type`"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_folder_scan_reads_terraform_tfstate_and_reports_its_broken_entry() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("terraform.tfstate"), STATE).unwrap();
    let out = rampart_ingest::load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
    assert_eq!(out.files, 1);
    assert!(out.inventory.by_address("aws_s3_bucket.a").is_some());
    let errors: Vec<_> = out.errors.iter().filter(|e| e.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].file.ends_with("terraform.tfstate"));
    assert!(errors[0].message.contains("`aws_s3_bucket.broken`"));
}
