//! `count` and `for_each` give real instance addresses; zero instances means no resource;
//! an unknown count keeps one resource at the plain address with Unknown dependent values.

use rampart_ingest::load_terraform_text;
use rampart_model::Value;

fn addresses(text: &str) -> Vec<String> {
    let out = load_terraform_text("main.tf", text);
    out.inventory
        .resources()
        .iter()
        .map(|r| r.address.clone())
        .collect()
}

#[test]
fn count_gives_indexed_addresses_and_zero_means_absent() {
    let text = r#"
variable "enabled" { default = false }
resource "aws_instance" "web" {
  count = 3
  ami   = "ami-${count.index}"
}
resource "aws_s3_bucket" "optional" {
  count  = var.enabled ? 1 : 0
  bucket = "x"
}
"#;
    assert_eq!(
        addresses(text),
        vec![
            "aws_instance.web[0]",
            "aws_instance.web[1]",
            "aws_instance.web[2]"
        ]
    );
    let out = load_terraform_text("main.tf", text);
    let web2 = out
        .inventory
        .by_address("aws_instance.web[2]")
        .expect("web[2]");
    assert_eq!(web2.str("ami"), Some("ami-2"));
    assert_eq!(web2.name, "web");
}

#[test]
fn for_each_over_map_and_set_gives_keyed_addresses() {
    let text = r#"
locals {
  roles = { cache = 20, db = 100 }
}
resource "aws_ebs_volume" "per_role" {
  for_each = local.roles
  size     = each.value
  tags     = { Role = each.key }
}
resource "aws_s3_bucket" "named" {
  for_each = toset(["logs", "assets"])
  bucket   = "acme-${each.value}"
}
resource "aws_s3_bucket_versioning" "named" {
  for_each = aws_s3_bucket.named
  bucket   = each.value.id
}
resource "aws_sqs_queue" "none" {
  for_each = {}
  name     = each.key
}
"#;
    let out = load_terraform_text("main.tf", text);
    let cache = out
        .inventory
        .by_address("aws_ebs_volume.per_role[\"cache\"]")
        .expect("cache volume");
    assert_eq!(cache.get("size"), Some(&Value::Number(20.0)));
    assert_eq!(cache.str("tags.Role"), Some("cache"));
    assert!(
        out.inventory
            .by_address("aws_ebs_volume.per_role[\"db\"]")
            .is_some()
    );
    let logs = out
        .inventory
        .by_address("aws_s3_bucket.named[\"logs\"]")
        .expect("logs bucket");
    assert_eq!(logs.str("bucket"), Some("acme-logs"));
    let v = out
        .inventory
        .by_address("aws_s3_bucket_versioning.named[\"assets\"]")
        .expect("versioning keyed like the bucket");
    assert_eq!(
        v.get("bucket"),
        Some(&Value::unknown_ref("aws_s3_bucket.named[\"assets\"]"))
    );
    assert!(
        out.inventory
            .resources()
            .iter()
            .all(|r| r.kind != "aws_sqs_queue")
    );
    assert_eq!(out.inventory.len(), 6);
}

#[test]
fn unknown_count_keeps_one_resource_at_the_plain_address() {
    let text = r#"
variable "n" {}
resource "aws_instance" "web" {
  count = var.n
  ami   = "ami-1"
  tags  = { Name = "web-${count.index}" }
}
"#;
    let out = load_terraform_text("main.tf", text);
    assert_eq!(out.inventory.len(), 1);
    let web = out.inventory.by_address("aws_instance.web").expect("web");
    assert_eq!(web.str("ami"), Some("ami-1"));
    assert!(web.get("tags.Name").is_some_and(Value::is_unknown));
}
