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
    aliases: &["AVD-AWS-0138", "aws-emr-enable-in-transit-encryption"],
    check: Checker::Native(check),
    fix: None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Ok(Some(config)) = svc::json_at(&r, "configuration") else {
        return Vec::new();
    };
    let on = match svc::field_ci(&config, "EncryptionConfiguration")
        .and_then(|e| svc::field_ci(e, "EnableInTransitEncryption"))
    {
        None | Some(Value::Null) => Truth::False,
        Some(v) => v.truth(),
    };
    svc::hit_if_false(
        &r,
        on,
        "configuration",
        "does not enable encryption in transit (`EnableInTransitEncryption` is not true)",
    )
}
