//! AWS-EMR-002: an EMR security configuration does not encrypt in transit.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-EMR-002",
    title: "EMR security configuration does not enable encryption in transit",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_emr_security_configuration"],
    rationale: "With `EnableInTransitEncryption` false, shuffle data, HDFS block transfers and Spark/Presto/Hive traffic between nodes cross the network in clear text.",
    remediation: "Set `EncryptionConfiguration.EnableInTransitEncryption = true` with an `InTransitEncryptionConfiguration` naming a certificate provider. The certificates need a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-encryption-enable.html",
    ],
    aliases: &[
        "AVD-AWS-0138",
        "aws-emr-enable-in-transit-encryption",
        "CKV_AWS_351",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    svc::emr_encryption_off_hits(&r, "EnableInTransitEncryption", "encryption in transit")
}
