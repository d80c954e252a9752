//! AWS-KIN-001: a stream stores records unencrypted.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-KIN-001",
    title: "Kinesis data stream is not encrypted at rest",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_kinesis_stream"],
    rationale: "With `encryption_type = \"NONE\"` (the default) records are stored unencrypted for the whole retention period; streams carry clickstreams, logs and change events full of personal data.",
    remediation: "Set `encryption_type = \"KMS\"` with `kms_key_id` (`alias/aws/kinesis`, or a customer-managed key whose policy lets producers and consumers use it). It is applied in place.",
    references: &[
        "https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/kinesis-controls.html#kinesis-1",
    ],
    aliases: &[
        "AVD-AWS-0064",
        "aws-kinesis-enable-in-transit-encryption",
        "CKV_AWS_43",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let on = svc::str_in(&r, "encryption_type", Some("NONE"), &["KMS"]);
    svc::hit_if_false(&r, on, "encryption_type", "stores records unencrypted")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let mut changes = vec![Change::SetAttribute {
        address: r.address.clone(),
        path: "encryption_type".into(),
        value: Value::string("KMS"),
    }];
    if svc::is_set(&r, "kms_key_id").is_false() {
        changes.push(Change::SetAttribute {
            address: r.address.clone(),
            path: "kms_key_id".into(),
            value: Value::string("alias/aws/kinesis"),
        });
    }
    Some(Fix {
        summary: "encrypt the stream with the AWS-managed Kinesis key".into(),
        changes,
        applicability: Applicability::Safe,
    })
}
