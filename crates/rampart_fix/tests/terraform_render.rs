//! Terraform rendering: exact text after a fix, so formatting, comments, alignment and
//! heredocs are proven to survive, new lines land where a person would put them, and values
//! written elsewhere (variable defaults, tfvars) are edited where they are written.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

mod common;
use common::*;
use rampart_fix::edits;
use rampart_fix::render::{RenderContext, render_changes};
use rampart_fix::verify::Workspace;
use rampart_ingest::{LoadOptions, load_terraform_text};
use rampart_model::{Change, Edit, Value};
use rampart_rules::{EngineOptions, builtin_rules};
use std::collections::BTreeMap;

const REAL_LOOKING: &str = r#"# Production logging bucket: owned by the platform team.
resource "aws_s3_bucket" "logs" {
  bucket        = "acme-prod-logs"   # do not rename: referenced by Athena
  acl           = "public-read"
  force_destroy = false

  /* lifecycle rules live in lifecycle.tf */
  tags = {
    Team  =   "platform"
    Owner = "ops"
  }
}

resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/bash
    echo "hello $${name}"
  EOT

  root_block_device {
    volume_size = 20
  }
}
"#;

#[test]
fn format_comments_alignment_and_heredocs_survive() {
    let changes = vec![
        set("aws_s3_bucket.logs", "acl", "private"),
        set("aws_s3_bucket.logs", "tags.Env", "prod"),
        set(
            "aws_instance.web",
            "metadata_options.0.http_tokens",
            "required",
        ),
        set(
            "aws_instance.web",
            "metadata_options.0.http_endpoint",
            "enabled",
        ),
        set("aws_instance.web", "monitoring", true),
        set("aws_instance.web", "root_block_device.0.encrypted", true),
    ];
    let expected = r#"# Production logging bucket: owned by the platform team.
resource "aws_s3_bucket" "logs" {
  bucket        = "acme-prod-logs"   # do not rename: referenced by Athena
  acl           = "private"
  force_destroy = false

  /* lifecycle rules live in lifecycle.tf */
  tags = {
    Team  =   "platform"
    Owner = "ops"
    Env = "prod"
  }
}

resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/bash
    echo "hello $${name}"
  EOT
  monitoring = true

  root_block_device {
    volume_size = 20
    encrypted   = true
  }

  metadata_options {
    http_tokens   = "required"
    http_endpoint = "enabled"
  }
}
"#;
    assert_eq!(fix_text("main.tf", REAL_LOOKING, &changes), expected);
}

#[test]
fn inserts_into_missing_and_one_line_nested_blocks() {
    let text = "resource \"aws_instance\" \"a\" {\n\tami = \"x\"\n}\n\nresource \"aws_instance\" \"b\" {\n  ami = \"y\"\n  metadata_options { http_endpoint = \"enabled\" }\n}\n";
    let fixed = fix_text(
        "main.tf",
        text,
        &[
            set(
                "aws_instance.a",
                "metadata_options.0.http_tokens",
                "required",
            ),
            set(
                "aws_instance.b",
                "metadata_options.0.http_tokens",
                "required",
            ),
        ],
    );
    assert_eq!(
        fixed,
        "resource \"aws_instance\" \"a\" {\n\tami = \"x\"\n\n\tmetadata_options {\n\t\thttp_tokens = \"required\"\n\t}\n}\n\nresource \"aws_instance\" \"b\" {\n  ami = \"y\"\n  metadata_options {\n    http_endpoint = \"enabled\"\n    http_tokens = \"required\"\n  }\n}\n"
    );
}

#[test]
fn longer_key_starts_its_own_aligned_group() {
    let text =
        "resource \"aws_db_instance\" \"db\" {\n  engine = \"postgres\"\n  name   = \"app\"\n}\n";
    let fixed = fix_text(
        "db.tf",
        text,
        &[
            set("aws_db_instance.db", "storage_encrypted", true),
            set("aws_db_instance.db", "port", 5432.0),
        ],
    );
    assert_eq!(
        fixed,
        "resource \"aws_db_instance\" \"db\" {\n  engine = \"postgres\"\n  name   = \"app\"\n\n  storage_encrypted = true\n  port              = 5432\n}\n"
    );
    let fixed = fix_text("db.tf", text, &[set("aws_db_instance.db", "port", 5432.0)]);
    assert_eq!(
        fixed,
        "resource \"aws_db_instance\" \"db\" {\n  engine = \"postgres\"\n  name   = \"app\"\n  port   = 5432\n}\n"
    );
}

#[test]
fn removes_attributes_blocks_and_resources_with_their_own_comments() {
    let text = r#"resource "aws_security_group" "web" {
  name = "web" # keep

  # SSH from anywhere: temporary
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0", "192.168.0.0/16"]
  }
}

# legacy rule
resource "aws_security_group_rule" "old" {
  type              = "ingress"
  security_group_id = aws_security_group.web.id
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
"#;
    let fixed = fix_text(
        "sg.tf",
        text,
        &[
            remove("aws_security_group.web", "ingress.0"),
            remove("aws_security_group.web", "ingress.1.cidr_blocks.1"),
            Change::RemoveResource {
                address: "aws_security_group_rule.old".into(),
            },
        ],
    );
    assert_eq!(
        fixed,
        r#"resource "aws_security_group" "web" {
  name = "web" # keep

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "192.168.0.0/16"]
  }
}
"#
    );
}

fn add_versioning(owner: &str) -> Change {
    Change::AddResource {
        owner: owner.into(),
        kind: "aws_s3_bucket_versioning".into(),
        name: "ignored".into(),
        attributes: BTreeMap::from([(
            "versioning_configuration".to_string(),
            Value::from_json(&serde_json::json!([{"status": "Enabled"}])),
        )]),
        references: BTreeMap::from([("bucket".to_string(), format!("{owner}.id"))]),
    }
}

#[test]
fn added_resource_goes_after_its_owner_named_after_it() {
    let text = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"l\"\n}\n\nresource \"aws_s3_bucket_versioning\" \"logs\" {\n  bucket = \"other\"\n  versioning_configuration {\n    status = \"Suspended\"\n  }\n}\n";
    let fixed = fix_text("s3.tf", text, &[add_versioning("aws_s3_bucket.logs")]);
    assert_eq!(
        fixed,
        "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"l\"\n}\n\nresource \"aws_s3_bucket_versioning\" \"logs_2\" {\n  bucket = aws_s3_bucket.logs.id\n\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n\nresource \"aws_s3_bucket_versioning\" \"logs\" {\n  bucket = \"other\"\n  versioning_configuration {\n    status = \"Suspended\"\n  }\n}\n"
    );
}

#[test]
fn count_instances_share_one_block_and_one_edit() {
    let text =
        "resource \"aws_s3_bucket\" \"b\" {\n  count  = 2\n  bucket = \"b-${count.index}\"\n}";
    let loaded = load_terraform_text("c.tf", text);
    let addresses: Vec<String> = loaded
        .inventory
        .of_kind("aws_s3_bucket")
        .map(|r| r.address.clone())
        .collect();
    assert_eq!(addresses, vec!["aws_s3_bucket.b[0]", "aws_s3_bucket.b[1]"]);
    let changes: Vec<Change> = addresses
        .iter()
        .map(|a| add_versioning(a))
        .chain(addresses.iter().map(|a| set(a, "force_destroy", false)))
        .collect();
    let ctx = RenderContext {
        inventory: &loaded.inventory,
        sources: &loaded.sources,
    };
    let rendered = render_changes(&changes, &ctx).unwrap();
    assert_eq!(
        rendered.len(),
        2,
        "one insertion per block, not per instance: {rendered:?}"
    );
    let refs: Vec<&Edit> = rendered.iter().collect();
    let fixed = edits::apply(text, &refs).unwrap();
    assert_eq!(
        fixed,
        "resource \"aws_s3_bucket\" \"b\" {\n  count  = 2\n  bucket = \"b-${count.index}\"\n\n  force_destroy = false\n}\n\nresource \"aws_s3_bucket_versioning\" \"b\" {\n  count  = 2\n  bucket = aws_s3_bucket.b[count.index].id\n\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n"
    );
}

#[test]
fn overlapping_changes_are_rejected() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"public-read\"\n}\n";
    let loaded = load_terraform_text("o.tf", text);
    let ctx = RenderContext {
        inventory: &loaded.inventory,
        sources: &loaded.sources,
    };
    let clash = render_changes(
        &[
            set("aws_s3_bucket.b", "acl", "private"),
            set("aws_s3_bucket.b", "acl", "log-delivery-write"),
        ],
        &ctx,
    );
    assert!(
        matches!(clash, Err(rampart_fix::FixError::Overlap { .. })),
        "{clash:?}"
    );
    // a computed value cannot be followed into
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  tags = merge(local.t, {})\n}\n";
    let loaded = load_terraform_text("o.tf", text);
    let ctx = RenderContext {
        inventory: &loaded.inventory,
        sources: &loaded.sources,
    };
    let err = render_changes(&[set("aws_s3_bucket.b", "tags.Env", "x")], &ctx).unwrap_err();
    assert!(err.to_string().contains("o.tf:1:"), "{err}");
}

/// A module folder written to a temporary directory.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn fixed_files(
    dir: &tempfile::TempDir,
    rule: &str,
) -> (BTreeMap<String, String>, rampart_fix::Verification) {
    let ws = Workspace::load(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
        builtin_rules(),
        EngineOptions::default(),
    );
    let finding = ws
        .findings
        .iter()
        .find(|f| f.rule_id == rule)
        .unwrap_or_else(|| panic!("{rule} not reported: {:?}", ws.findings));
    let rem = rampart_fix::remediate(&ws, finding).expect("a fix");
    let edits = rem
        .targets
        .terraform
        .as_ref()
        .expect("terraform edits")
        .edits
        .clone();
    let texts = ws.edited_texts(&edits).unwrap();
    let short = texts
        .into_iter()
        .map(|(k, v)| {
            (
                std::path::Path::new(&k)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .to_string(),
                v,
            )
        })
        .collect();
    (short, rem.verified)
}

const INSTANCE_FROM_VAR: &str = "resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n  metadata_options {\n    http_tokens = var.tokens\n  }\n}\n";

#[test]
fn a_value_from_a_variable_default_is_fixed_at_the_default() {
    let dir = folder(&[
        ("main.tf", INSTANCE_FROM_VAR),
        (
            "variables.tf",
            "variable \"tokens\" {\n  type    = string\n  default = \"optional\" # IMDSv1 for the legacy agent\n}\n",
        ),
    ]);
    let (texts, verified) = fixed_files(&dir, "AWS-EC2-007");
    assert_eq!(
        texts.keys().collect::<Vec<_>>(),
        vec!["variables.tf"],
        "only the default is edited"
    );
    assert_eq!(
        texts["variables.tf"],
        "variable \"tokens\" {\n  type    = string\n  default = \"required\" # IMDSv1 for the legacy agent\n}\n"
    );
    assert!(verified.is_verified(), "{verified:?}");
}

#[test]
fn a_value_from_tfvars_is_fixed_in_the_tfvars_entry() {
    let dir = folder(&[
        ("main.tf", INSTANCE_FROM_VAR),
        (
            "variables.tf",
            "variable \"tokens\" {\n  default = \"required\"\n}\n",
        ),
        (
            "terraform.tfvars",
            "# per environment\ntokens = \"optional\"\n",
        ),
    ]);
    let (texts, verified) = fixed_files(&dir, "AWS-EC2-007");
    assert_eq!(texts.keys().collect::<Vec<_>>(), vec!["terraform.tfvars"]);
    assert_eq!(
        texts["terraform.tfvars"],
        "# per environment\ntokens = \"required\"\n"
    );
    assert!(verified.is_verified(), "{verified:?}");
}

#[test]
fn a_modified_variable_value_is_fixed_at_the_use_site() {
    // the variable flows through a function: editing the default would not give "required"
    let dir = folder(&[
        (
            "main.tf",
            "resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n  metadata_options {\n    http_tokens = lower(var.tokens)\n  }\n}\n",
        ),
        (
            "variables.tf",
            "variable \"tokens\" {\n  default = \"OPTIONAL\"\n}\n",
        ),
    ]);
    let (texts, verified) = fixed_files(&dir, "AWS-EC2-007");
    assert_eq!(texts.keys().collect::<Vec<_>>(), vec!["main.tf"]);
    assert!(
        texts["main.tf"].contains("    http_tokens = \"required\"\n"),
        "{}",
        texts["main.tf"]
    );
    assert!(verified.is_verified(), "{verified:?}");
}

#[test]
fn list_elements_are_removed_with_their_separator() {
    let text = |list: &str| {
        format!(
            "resource \"aws_security_group\" \"g\" {{\n  ingress {{\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = {list}\n  }}\n}}\n"
        )
    };
    let cases = [
        ("[\"a\", \"b\", \"c\"]", 0, "[\"b\", \"c\"]"),
        ("[\"a\", \"b\", \"c\"]", 2, "[\"a\", \"b\"]"),
        ("[\"a\"]", 0, "[]"),
        (
            "[\n      \"a\",\n      \"b\",\n    ]",
            1,
            "[\n      \"a\",\n    ]",
        ),
    ];
    for (list, index, expected) in cases {
        let fixed = fix_text(
            "g.tf",
            &text(list),
            &[remove(
                "aws_security_group.g",
                &format!("ingress.0.cidr_blocks.{index}"),
            )],
        );
        assert_eq!(fixed, text(expected), "removing {index} from {list}");
    }
}

#[test]
fn setting_nested_blocks_keeps_unchanged_ones_and_empties_to_an_explicit_list() {
    let text = "resource \"aws_security_group\" \"g\" {\n  name = \"g\"\n\n  ingress {\n    from_port = 22\n    to_port   = 22\n  }\n\n  # office\n  ingress {\n    from_port = 443\n    to_port   = 443\n  }\n}\n";
    let office = Value::from_json(&serde_json::json!([{"from_port": 443, "to_port": 443}]));
    let fixed = fix_text(
        "g.tf",
        text,
        &[set("aws_security_group.g", "ingress", office)],
    );
    assert_eq!(
        fixed,
        "resource \"aws_security_group\" \"g\" {\n  name = \"g\"\n\n  # office\n  ingress {\n    from_port = 443\n    to_port   = 443\n  }\n}\n"
    );
    let fixed = fix_text(
        "g.tf",
        text,
        &[set(
            "aws_security_group.g",
            "ingress",
            Value::List(Vec::new()),
        )],
    );
    assert_eq!(
        fixed,
        "resource \"aws_security_group\" \"g\" {\n  name = \"g\"\n\n  ingress = []\n}\n"
    );
}
