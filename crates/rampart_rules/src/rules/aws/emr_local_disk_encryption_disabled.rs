//! AWS-EMR-003: an EMR security configuration does not encrypt local disks.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-EMR-003",
    title: "EMR security configuration does not encrypt local disks",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_emr_security_configuration"],
    rationale: "Without a `LocalDiskEncryptionConfiguration` naming a key provider (and at-rest encryption enabled), instance store and EBS volumes of the cluster — HDFS blocks, spill files, temporary copies of data — are unencrypted.",
    remediation: "Under `AtRestEncryptionConfiguration`, set `LocalDiskEncryptionConfiguration { EncryptionKeyProviderType = \"AwsKms\", AwsKmsKey = <key ARN> }` (and `EnableEbsEncryption = true`) with `EnableAtRestEncryption = true`. The key needs a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-data-encryption-options.html#emr-encryption-localdisk",
    ],
    aliases: &[
        "AVD-AWS-0139",
        "aws-emr-enable-local-disk-encryption",
        "CKV_AWS_349",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Ok(Some(config)) = svc::json_at(&r, "configuration") else {
        return Vec::new();
    };
    let Some(encryption) = svc::field_ci(&config, "EncryptionConfiguration") else {
        return svc::hit_if_true(
            &r,
            Truth::True,
            "configuration",
            "does not encrypt local disks (no `EncryptionConfiguration`)",
        );
    };
    let at_rest = match svc::field_ci(encryption, "EnableAtRestEncryption") {
        None | Some(Value::Null) => Truth::False,
        Some(v) => v.truth(),
    };
    let provider = match svc::field_ci(encryption, "AtRestEncryptionConfiguration")
        .and_then(|a| svc::field_ci(a, "LocalDiskEncryptionConfiguration"))
        .and_then(|l| svc::field_ci(l, "EncryptionKeyProviderType"))
    {
        None | Some(Value::Null) => Truth::False,
        Some(Value::String(p)) => Truth::from_bool(!p.trim().is_empty()),
        Some(_) => Truth::Unknown,
    };
    svc::hit_if_false(
        &r,
        at_rest.and(provider),
        "configuration",
        "does not encrypt local disks (no local disk key provider, or at-rest encryption off)",
    )
}
