//! A bucket and a separate `aws_s3_bucket_versioning` pointing at it through a computed
//! attribute (`aws_s3_bucket.b.id`) are joined by a `Configures` relation.

use rampart_ingest::load_terraform_text;
use rampart_model::{RelationKind, Value};

#[test]
fn computed_reference_joins_setting_to_owner() {
    let out = load_terraform_text(
        "main.tf",
        r#"
resource "aws_s3_bucket" "b" {
  bucket_prefix = "logs-"
}
resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}
"#,
    );
    let inv = &out.inventory;
    let v = inv
        .by_address("aws_s3_bucket_versioning.v")
        .expect("versioning");
    assert_eq!(
        v.get("bucket"),
        Some(&Value::unknown_ref("aws_s3_bucket.b"))
    );
    let (Some(from), Some(to)) = (
        inv.id_of("aws_s3_bucket_versioning.v"),
        inv.id_of("aws_s3_bucket.b"),
    ) else {
        panic!("both resources exist");
    };
    assert!(
        inv.relations()
            .iter()
            .any(|r| r.from == from && r.to == to && r.kind == RelationKind::Configures),
        "{:?}",
        inv.relations()
    );
    let bucket = inv.by_address("aws_s3_bucket.b").expect("bucket");
    assert_eq!(bucket.related("aws_s3_bucket_versioning").count(), 1);
}

#[test]
fn configured_attribute_reads_as_its_value() {
    let out = load_terraform_text(
        "main.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"named\"\n}\nresource \"aws_s3_bucket_acl\" \"a\" {\n  bucket = aws_s3_bucket.b.bucket\n}\n",
    );
    let a = out
        .inventory
        .by_address("aws_s3_bucket_acl.a")
        .expect("acl");
    assert_eq!(a.str("bucket"), Some("named"));
    assert_eq!(
        out.inventory.relations().len(),
        1,
        "joined by the bucket name"
    );
}
