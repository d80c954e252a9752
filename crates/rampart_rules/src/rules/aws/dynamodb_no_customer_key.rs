//! AWS-DDB-002: a table is not encrypted with a customer-managed key.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-DDB-002",
    title: "DynamoDB table is not encrypted with a customer-managed KMS key",
    severity: Severity::Low,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_dynamodb_table"],
    rationale: "By default a table is encrypted with a key DynamoDB owns (and with `server_side_encryption { enabled = true }` but no `kms_key_arn`, the AWS-managed `aws/dynamodb` key): you cannot restrict decryption by key policy, audit each use, or disable the key to cut off access in an incident.",
    remediation: "Set `server_side_encryption { enabled = true, kms_key_arn = aws_kms_key.<key>.arn }`. The key and its policy need a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html",
    ],
    aliases: &[
        "AVD-AWS-0025",
        "aws-dynamodb-table-customer-key",
        "CKV_AWS_119",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let cmk = svc::any_block(&r, "server_side_encryption", |b| {
        let on = svc::field_flag(b, "enabled", false);
        let key = match b.get("kms_key_arn") {
            None | Some(Value::Null) => Truth::False,
            Some(Value::String(k)) => {
                Truth::from_bool(!k.trim().is_empty() && !svc::is_aws_managed_key_name(k))
            }
            Some(_) => Truth::Unknown,
        };
        on.and(key)
    });
    svc::hit_if_false(
        &r,
        cmk,
        "server_side_encryption",
        "is not encrypted with a customer-managed KMS key",
    )
}
