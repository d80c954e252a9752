//! AWS-ATH-001: query results or the database are not encrypted.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-ATH-001",
    title: "Athena workgroup or database does not encrypt query results",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_athena_workgroup", "aws_athena_database"],
    rationale: "Query results written to S3 contain whatever the queries selected — often the most sensitive columns of the data lake. Without an `encryption_configuration` they are written with whatever the result bucket defaults to, and clients choose their own settings.",
    remediation: "Set `configuration { result_configuration { encryption_configuration { encryption_option = \"SSE_KMS\", kms_key_arn = ... } } }` on the workgroup (with `enforce_workgroup_configuration = true`), and `encryption_configuration` on `aws_athena_database`.",
    references: &[
        "https://docs.aws.amazon.com/athena/latest/ug/encrypting-query-results-stored-in-s3.html",
        "https://docs.aws.amazon.com/athena/latest/ug/encryption.html",
    ],
    aliases: &[
        "AVD-AWS-0006",
        "aws-athena-enable-at-rest-encryption",
        "CKV_AWS_77",
        "CKV_AWS_159",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn has_option(b: &Value) -> Truth {
    match b.get("encryption_option") {
        None | Some(Value::Null) => Truth::False,
        Some(Value::String(s)) => Truth::from_bool(!s.trim().is_empty()),
        Some(_) => Truth::Unknown,
    }
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let (encrypted, at) = if r.kind == "aws_athena_database" {
        (
            svc::any_block(&r, "encryption_configuration", has_option),
            "encryption_configuration",
        )
    } else {
        let t = svc::any_block(&r, "configuration", |c| {
            match c.path("result_configuration") {
                None | Some(Value::Null) => Truth::False,
                Some(rc) if rc.is_unknown() => Truth::Unknown,
                Some(rc) => rc
                    .items()
                    .into_iter()
                    .map(|rc| match rc.get("encryption_configuration") {
                        None | Some(Value::Null) => Truth::False,
                        Some(e) if e.is_unknown() => Truth::Unknown,
                        Some(e) => e
                            .items()
                            .into_iter()
                            .map(has_option)
                            .fold(Truth::False, Truth::or),
                    })
                    .fold(Truth::False, Truth::or),
            }
        });
        (t, "configuration")
    };
    svc::hit_if_false(&r, encrypted, at, "does not encrypt query results")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // a database's encryption applies only when it is created; it is replaced
    if r.kind != "aws_athena_workgroup" {
        return None;
    }
    Some(set_attribute_fix(
        &r,
        "configuration.0.result_configuration.0.encryption_configuration.0.encryption_option",
        Value::string("SSE_S3"),
        "encrypt query results with SSE-S3",
        Applicability::Safe,
    ))
}
