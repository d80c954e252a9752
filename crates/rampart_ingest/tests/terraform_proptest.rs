//! No input makes the Terraform loader panic or hang: random bytes, and a realistic
//! configuration mutated by byte deletions, insertions and duplications, loaded as text and as
//! a folder (with a local module and tfvars). Errors are allowed; only returning matters.

mod common;

use common::{Edit, apply_edits, edit};
use proptest::prelude::*;
use rampart_ingest::{LoadOptions, load_paths, load_terraform_text};

const REALISTIC: &str = r#"
variable "env" {
  type    = string
  default = "prod"
}
variable "ports" { default = { ssh = 22, https = 443 } }
variable "unset" {}
locals {
  name   = "acme-${var.env}"
  tags   = merge({ Env = var.env }, { Name = local.name })
  cycle  = local.cycle2
  cycle2 = local.cycle
}
module "site" {
  source   = "./mod"
  for_each = toset(["a", "b"])
  name     = "${local.name}-${each.key}"
}
resource "aws_s3_bucket" "b" {
  count  = var.env == "prod" ? 2 : 0
  bucket = "${local.name}-${count.index}"
  tags   = local.tags
}
resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b[0].id
  versioning_configuration { status = "Enabled" }
}
resource "aws_security_group" "sg" {
  name = try(var.unset.name, "sg")
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = [for c in ["10.0.0.0/8", "0.0.0.0/0"] : c if c != "0.0.0.0/0"]
    }
  }
}
data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.b[*].arn}"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "aws_instance" "web" {
  for_each  = { for k, v in var.ports : k => v if v > 0 }
  ami       = "ami-${each.key}"
  user_data = <<-EOT
    port=${each.value}
    %{ for n in keys(var.ports) ~}
    ${n}
    %{ endfor ~}
  EOT
}
output "ids" { value = module.site["a"].id }
"#;

const MODULE: &str = r#"
variable "name" {}
resource "aws_s3_bucket" "this" { bucket = var.name }
output "id" { value = aws_s3_bucket.this.id }
module "again" {
  source = "../mod"
}
"#;

/// The single bytes a mutation inserts: HCL punctuation, template markers and plain letters.
const INSERTED_BYTES: &[u8] = b"{}[]()\"$%~=.,:*?!<>-\n#/\\ax0";

fn mutation() -> impl Strategy<Value = Edit> {
    edit(INSERTED_BYTES.len())
}

/// `text` with `mutations` applied to its bytes (which may split a character: the result is
/// read back lossily).
fn mutate(text: &str, mutations: &[Edit]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    apply_edits(&mut bytes, mutations, |i| vec![INSERTED_BYTES[i]]);
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), json in any::<bool>()) {
        let text = String::from_utf8_lossy(&bytes);
        let name = if json { "fuzz.tf.json" } else { "fuzz.tf" };
        let out = load_terraform_text(name, &text);
        prop_assert_eq!(out.files, 1);
    }

    #[test]
    fn mutated_configuration_never_panics(mutations in prop::collection::vec(mutation(), 1..6)) {
        let text = mutate(REALISTIC, &mutations);
        let out = load_terraform_text("main.tf", &text);
        prop_assert!(out.sources.contains_key("main.tf"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_folder_never_panics(
        main in prop::collection::vec(mutation(), 0..5),
        module in prop::collection::vec(mutation(), 0..3),
        tfvars in prop::collection::vec(mutation(), 0..3),
    ) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let root = dir.path();
        let write = |p: &str, t: String| std::fs::write(root.join(p), t);
        std::fs::create_dir_all(root.join("mod")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        write("main.tf", mutate(REALISTIC, &main)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        write("mod/main.tf", mutate(MODULE, &module)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        write("terraform.tfvars", mutate("env = \"dev\"\nports = { ssh = 2222 }\n", &tfvars))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let out = load_paths(&[root.to_path_buf()], &LoadOptions::default());
        prop_assert_eq!(out.files, 3);
    }
}
