//! AWS-RDS-001: database storage is not encrypted.
use crate::prelude::*;
use crate::views::defaults::value_or_default;

pub static RULE: Rule = Rule {
    id: "AWS-RDS-001",
    title: "RDS database storage is not encrypted",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_db_instance", "aws_rds_cluster"],
    rationale: "Unencrypted RDS storage leaves the data, its automated backups, read replicas and every snapshot in \
clear text; a snapshot shared by mistake or copied to another account is readable directly. `storage_encrypted` \
defaults to false. Instances and clusters that inherit encryption (read replicas, restores from a snapshot, secondary \
clusters of a global database, Aurora Serverless v1) are not reported, nor is an Aurora instance (its cluster is).",
    remediation: "Set `storage_encrypted = true` (optionally with `kms_key_id`). Encryption cannot be turned on in \
place: restore an encrypted copy from a snapshot and switch over.",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
    ],
    aliases: &[
        "AVD-AWS-0080",
        "aws-rds-encrypt-instance-storage-data",
        "AVD-AWS-0079",
        "aws-rds-encrypt-cluster-storage-data",
        "CKV_AWS_16",
        "CKV_AWS_96",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

/// Attributes that make the database inherit its encryption from elsewhere.
const INHERITS: &[&str] = &[
    "replicate_source_db",
    "snapshot_identifier",
    "replication_source_identifier",
    "global_cluster_identifier",
    "restore_to_point_in_time",
    "s3_import",
];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r)
        || INHERITS
            .iter()
            .any(|a| r.get(a).is_some_and(|v| !v.is_null()))
    {
        return Vec::new();
    }
    let engine = r.str("engine").unwrap_or_default();
    if r.kind == "aws_db_instance" && engine.starts_with("aurora") {
        return Vec::new(); // the cluster holds the storage
    }
    let key_given = match r.get("kms_key_id") {
        None | Some(Value::Null) => Truth::False,
        Some(Value::String(k)) => Truth::from_bool(!k.trim().is_empty()),
        Some(_) => Truth::True,
    };
    // Aurora Serverless v1 is always encrypted: the default for `engine_mode = "serverless"`
    if value_or_default(&r, "storage_encrypted")
        .truth()
        .or(key_given)
        .is_false()
    {
        vec![Hit::at(
            "storage_encrypted",
            format!("`{}` stores its data unencrypted", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "storage_encrypted",
        Value::Bool(true),
        "encrypt the database storage",
        Applicability::Unsafe(
            "turning on encryption replaces the database; restore from a snapshot into an encrypted copy and switch over first".into(),
        ),
    ))
}
