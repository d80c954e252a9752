//! AWS-DDB-003: a DAX cluster is not encrypted at rest.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-DDB-003",
    title: "DynamoDB Accelerator (DAX) cluster does not encrypt data at rest",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_dax_cluster"],
    rationale: "DAX caches items read from encrypted tables; without `server_side_encryption { enabled = true }` those copies, on the nodes' disks, are in clear text. It is off by default.",
    remediation: "Set `server_side_encryption { enabled = true }`. It cannot be changed in place: the cluster is replaced (a cache, so only warm-up is lost).",
    references: &[
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAXEncryptionAtRest.html",
    ],
    aliases: &[
        "AVD-AWS-0023",
        "aws-dynamodb-enable-at-rest-encryption",
        "CKV_AWS_47",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let on = svc::any_block(&r, "server_side_encryption", |b| {
        svc::field_flag(b, "enabled", false)
    });
    svc::hit_if_false(
        &r,
        on,
        "server_side_encryption",
        "does not encrypt cached data at rest",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "server_side_encryption.0.enabled",
        Value::Bool(true),
        "encrypt the DAX cluster at rest",
        Applicability::Unsafe("the cluster is replaced; the cache starts cold".into()),
    ))
}
