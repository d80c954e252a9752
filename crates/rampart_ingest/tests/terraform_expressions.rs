//! Expressions evaluated as Terraform does: locals in any order (cycles → Unknown + warning),
//! operators, conditionals, `for` and splats, templates and heredocs, functions, `try`/`can`,
//! `file`/`templatefile`, dynamic blocks and `aws_iam_policy_document` rendering.

use rampart_ingest::{LoadOptions, load_paths, load_terraform_text};
use rampart_model::Value;
use std::path::Path;

#[allow(clippy::panic)] // a test helper: a missing resource fails the test
fn one(text: &str, address: &str) -> rampart_model::Resource {
    let out = load_terraform_text("main.tf", text);
    assert!(out.errors.iter().all(|e| !e.is_error()), "{:?}", out.errors);
    out.inventory
        .by_address(address)
        .unwrap_or_else(|| panic!("no {address}"))
        .resource()
        .clone()
}

fn strings(items: &[&str]) -> Value {
    Value::List(items.iter().map(|s| Value::from(*s)).collect())
}

#[test]
fn locals_resolve_in_any_order() {
    let r = one(
        r#"
resource "aws_s3_bucket" "b" {
  bucket = local.full
}
locals {
  full = "${local.prefix}-${local.env}"
}
locals {
  prefix = upper("acme")
  env    = "prod"
}
"#,
        "aws_s3_bucket.b",
    );
    assert_eq!(r.str("bucket"), Some("ACME-prod"));
}

#[test]
fn local_cycle_is_unknown_with_a_warning() {
    let out = load_terraform_text(
        "main.tf",
        "locals {\n  a = local.b\n  b = local.a\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.a\n}\n",
    );
    let b = out.inventory.by_address("aws_s3_bucket.b").expect("bucket");
    assert!(b.get("bucket").is_some_and(Value::is_unknown));
    assert!(
        out.errors
            .iter()
            .any(|e| !e.is_error() && e.message.contains("depends on itself")),
        "{:?}",
        out.errors
    );
}

#[test]
fn operators_and_conditionals() {
    let r = one(
        r#"
variable "env" { default = "prod" }
variable "unknown" {}
resource "aws_instance" "i" {
  monitoring    = var.env == "prod" && !false
  instance_type = var.env == "prod" ? "m5.large" : "t3.micro"
  cpu_core_count = (2 + 3) * 4 % 7 - 10 / 5
  ebs_optimized = var.unknown == "x" ? true : true
  hibernation   = var.unknown == "x" ? true : false
  source_dest_check = var.unknown || true
}
"#,
        "aws_instance.i",
    );
    assert_eq!(r.get("monitoring"), Some(&Value::Bool(true)));
    assert_eq!(r.str("instance_type"), Some("m5.large"));
    assert_eq!(r.get("cpu_core_count"), Some(&Value::Number(4.0)));
    assert_eq!(
        r.get("ebs_optimized"),
        Some(&Value::Bool(true)),
        "both branches agree"
    );
    assert!(r.get("hibernation").is_some_and(Value::is_unknown));
    assert_eq!(r.get("source_dest_check"), Some(&Value::Bool(true)));
}

#[test]
fn for_expressions_and_splats() {
    let r = one(
        r#"
locals {
  rules = [
    { port = 22, cidr = "0.0.0.0/0", team = "ops" },
    { port = 443, cidr = "10.0.0.0/8", team = "web" },
    { port = 80, cidr = "10.0.0.0/8", team = "web" },
  ]
}
resource "aws_security_group" "sg" {
  tags = { for r in local.rules : tostring(r.port) => r.team if r.port != 80 }
  description = join(",", [for i, r in local.rules : "${i}:${r.port}"])
  egress {
    cidr_blocks = local.rules[*].cidr
    prefix_list_ids = local.rules.*.team
  }
  ingress {
    cidr_blocks = [for r in local.rules : r.cidr if r.port == 22]
    security_groups = keys({ for r in local.rules : r.team => r.port... })
  }
}
"#,
        "aws_security_group.sg",
    );
    let tags = r.get("tags").and_then(Value::as_map).expect("tags map");
    assert_eq!(tags.get("22"), Some(&Value::from("ops")));
    assert_eq!(tags.get("443"), Some(&Value::from("web")));
    assert!(!tags.contains_key("80"));
    assert_eq!(r.str("description"), Some("0:22,1:443,2:80"));
    assert_eq!(
        r.get("egress.0.cidr_blocks"),
        Some(&strings(&["0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/8"]))
    );
    assert_eq!(
        r.get("egress.0.prefix_list_ids"),
        Some(&strings(&["ops", "web", "web"]))
    );
    assert_eq!(
        r.get("ingress.0.cidr_blocks"),
        Some(&strings(&["0.0.0.0/0"]))
    );
    assert_eq!(
        r.get("ingress.0.security_groups"),
        Some(&strings(&["ops", "web"]))
    );
}

#[test]
fn splat_over_counted_resources() {
    let out = load_terraform_text(
        "main.tf",
        r#"
resource "aws_instance" "web" {
  count = 2
  ami   = "ami-${count.index}"
}
resource "aws_lb_target_group_attachment" "a" {
  target_id = aws_instance.web[1].ami
  port      = length(aws_instance.web[*].ami)
}
resource "aws_ssm_parameter" "p" {
  name  = "amis"
  value = join(",", aws_instance.web[*].ami)
  type  = aws_instance.web[0].id
}
"#,
    );
    let a = out
        .inventory
        .by_address("aws_lb_target_group_attachment.a")
        .expect("attachment");
    assert_eq!(a.str("target_id"), Some("ami-1"));
    assert_eq!(a.get("port"), Some(&Value::Number(2.0)));
    let p = out
        .inventory
        .by_address("aws_ssm_parameter.p")
        .expect("param");
    assert_eq!(p.str("value"), Some("ami-0,ami-1"));
    assert_eq!(
        p.get("type"),
        Some(&Value::unknown_ref("aws_instance.web[0]"))
    );
}

#[test]
fn templates_heredocs_and_directives() {
    let r = one(
        r#"
variable "names" { default = ["a", "b"] }
variable "on" { default = true }
resource "aws_instance" "i" {
  user_data = <<-EOT
    #!/bin/sh
    echo ${upper("hi")}
    %{ if var.on ~}
    enabled
    %{ else ~}
    disabled
    %{ endif ~}
    %{ for n in var.names ~}
    user ${n}
    %{ endfor ~}
  EOT
  ami = "x-%{ if !var.on }off%{ else }on%{ endif }-$${literal}"
}
"#,
        "aws_instance.i",
    );
    assert_eq!(
        r.str("user_data"),
        Some("#!/bin/sh\necho HI\nenabled\nuser a\nuser b\n")
    );
    assert_eq!(r.str("ami"), Some("x-on-${literal}"));
}

#[test]
fn unknown_function_is_unknown_with_one_warning_per_line() {
    let out = load_terraform_text(
        "main.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = no_such_fn(\"a\")\n  acl = \"${no_such_fn(1)}-${no_such_fn(2)}\"\n}\n",
    );
    let b = out.inventory.by_address("aws_s3_bucket.b").expect("bucket");
    assert!(b.get("bucket").is_some_and(Value::is_unknown));
    assert!(b.get("acl").is_some_and(Value::is_unknown));
    let warnings: Vec<_> = out.errors.iter().filter(|e| !e.is_error()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(warnings[0].line, 2);
    assert_eq!(warnings[1].line, 3);
}

#[test]
fn try_and_can() {
    let r = one(
        r#"
locals {
  settings = { name = "x" }
}
resource "aws_s3_bucket" "b" {
  bucket = try(local.settings.missing, local.settings.name)
  acl    = can(local.settings.missing) ? "bad" : "private"
  tags   = { ok = can(local.settings.name) }
}
"#,
        "aws_s3_bucket.b",
    );
    assert_eq!(r.str("bucket"), Some("x"));
    assert_eq!(r.str("acl"), Some("private"));
    assert_eq!(r.get("tags.ok"), Some(&Value::Bool(true)));
}

#[test]
fn file_functions_read_relative_to_the_module() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/terraform/files");
    let out = load_paths(&[dir], &LoadOptions::default());
    let web = out.inventory.by_address("aws_instance.web").expect("web");
    assert_eq!(
        web.str("user_data"),
        Some("#!/bin/sh\nlisten 8080\nuser a\nuser b\n")
    );
    assert_eq!(web.str("tags.Banner"), Some("hello banner"));
    assert_eq!(web.get("tags.Exists"), Some(&Value::Bool(true)));
    assert_eq!(web.get("tags.Missing"), Some(&Value::Bool(false)));
    assert_eq!(web.str("tags.Safe"), Some("fallback"));
    assert_eq!(web.get("tags.Can"), Some(&Value::Bool(false)));
    let broken = out
        .inventory
        .by_address("aws_instance.broken")
        .expect("broken");
    assert!(broken.get("user_data").is_some_and(Value::is_unknown));
    let warning = out
        .errors
        .iter()
        .find(|e| e.message.contains("does-not-exist.txt"))
        .expect("a warning for the missing file");
    assert!(!warning.is_error());
    assert_eq!(warning.line, 15);
}

#[test]
fn dynamic_blocks_expand_into_nested_blocks() {
    let out = load_terraform_text(
        "main.tf",
        r#"
variable "ports" { default = { ssh = 22, https = 443 } }
variable "unknown_ports" {}
resource "aws_security_group" "sg" {
  ingress {
    from_port = 8080
  }
  dynamic "ingress" {
    for_each = var.ports
    iterator = p
    content {
      description = p.key
      from_port   = p.value
      to_port     = p.value
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
  dynamic "egress" {
    for_each = var.unknown_ports
    content {
      from_port = egress.value
    }
  }
}
"#,
    );
    let sg = out
        .inventory
        .by_address("aws_security_group.sg")
        .expect("sg");
    let ingress = sg
        .get("ingress")
        .and_then(Value::as_list)
        .expect("ingress list");
    assert_eq!(ingress.len(), 3);
    assert_eq!(sg.get("ingress.0.from_port"), Some(&Value::Number(8080.0)));
    assert_eq!(sg.str("ingress.1.description"), Some("https"));
    assert_eq!(sg.get("ingress.1.from_port"), Some(&Value::Number(443.0)));
    assert_eq!(sg.str("ingress.2.description"), Some("ssh"));
    assert_eq!(sg.get("ingress.2.to_port"), Some(&Value::Number(22.0)));
    assert!(sg.get("egress").is_some_and(Value::is_unknown));
    let span = sg.attribute_spans.get("ingress.2.from_port").expect("span");
    assert_eq!(span.start.line, 13);
}

#[test]
fn policy_document_is_rendered_to_json() {
    let out = load_terraform_text(
        "main.tf",
        r#"
variable "unknown_bucket" {}
data "aws_iam_policy_document" "p" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::b/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
  statement {
    effect      = "Deny"
    not_actions = ["iam:*"]
    resources   = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
data "aws_iam_policy_document" "u" {
  statement {
    actions   = ["s3:*"]
    resources = [var.unknown_bucket]
  }
}
resource "aws_iam_policy" "x" {
  policy = data.aws_iam_policy_document.p.json
}
"#,
    );
    let policy = out
        .inventory
        .by_address("aws_iam_policy.x")
        .expect("policy");
    let text = policy.str("policy").expect("policy is a known string");
    let json: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
    assert_eq!(
        json,
        serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "Read",
                    "Effect": "Allow",
                    "Action": ["s3:GetObject", "s3:ListBucket"],
                    "Resource": "arn:aws:s3:::b/*",
                    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                    "Condition": {"Bool": {"aws:SecureTransport": "true"}}
                },
                {
                    "Effect": "Deny",
                    "NotAction": "iam:*",
                    "Resource": "*",
                    "Principal": "*"
                }
            ]
        })
    );
    let u = out
        .inventory
        .by_address("data.aws_iam_policy_document.u")
        .expect("data source");
    // a reference in `resources` leaves the rest known: the document is structured, with the
    // unknown resource as an Unknown leaf
    let json = u.get("json").expect("json");
    assert_eq!(json.path("Statement.0.Action"), Some(&Value::from("s3:*")));
    assert!(
        json.path("Statement.0.Resource")
            .is_some_and(Value::is_unknown)
    );
}

#[test]
fn file_hashes_fileset_and_templatestring() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("conf/sub")).expect("folders");
    std::fs::write(root.join("conf/hello.txt"), "hello\n").expect("write");
    std::fs::write(root.join("conf/sub/b.txt"), "b").expect("write");
    std::fs::write(
        root.join("main.tf"),
        r#"
locals {
  body = "port $${port}"
}
resource "aws_instance" "web" {
  ami       = "ami-1"
  user_data = templatestring(local.body, { port = 8080 })
  tags = {
    md5    = filemd5("conf/hello.txt")
    sha1   = filesha1("conf/hello.txt")
    sha256 = filesha256("conf/hello.txt")
    sha512 = filesha512("conf/hello.txt")
    b256   = filebase64sha256("conf/hello.txt")
    b512   = filebase64sha512("conf/hello.txt")
    files  = join(",", fileset(path.module, "conf/**/*.txt"))
  }
}
"#,
    )
    .expect("write");
    let out = load_paths(&[root.to_path_buf()], &LoadOptions::default());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let web = out.inventory.by_address("aws_instance.web").expect("web");
    assert_eq!(web.str("user_data"), Some("port 8080"));
    assert_eq!(
        web.str("tags.md5"),
        Some("b1946ac92492d2347c6235b4d2611184")
    );
    assert_eq!(
        web.str("tags.sha1"),
        Some("f572d396fae9206628714fb2ce00f72e94f2258f")
    );
    assert_eq!(
        web.str("tags.sha256"),
        Some("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03")
    );
    assert_eq!(
        web.str("tags.sha512"),
        Some(
            "e7c22b994c59d9cf2b48e549b1e24666636045930d3da7c1acb299d1c3b7f931f94aae41edda2c2b207a36e10f8bcb8d45223e54878f5b316e7ce3b6bc019629"
        )
    );
    assert_eq!(
        web.str("tags.b256"),
        Some("WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM=")
    );
    assert_eq!(
        web.str("tags.b512"),
        Some(
            "58IrmUxZ2c8rSOVJseJGZmNgRZMNPafBrLKZ0cO3+TH5Sq5B7dosKyB6NuEPi8uNRSI+VIePWzFufOO2vAGWKQ=="
        )
    );
    assert_eq!(web.str("tags.files"), Some("conf/hello.txt,conf/sub/b.txt"));
}
