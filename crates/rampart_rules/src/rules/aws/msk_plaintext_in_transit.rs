//! AWS-MSK-002: the cluster accepts plaintext client or broker traffic.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-MSK-002",
    title: "MSK cluster allows unencrypted traffic",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_msk_cluster"],
    rationale: "`client_broker = \"TLS_PLAINTEXT\"` or `\"PLAINTEXT\"` lets producers and consumers send messages in clear text, and `in_cluster = false` leaves replication between brokers unencrypted: messages and SASL/SCRAM credentials are readable on the network. The defaults (`TLS`, `true`) are safe.",
    remediation: "Set `encryption_info { encryption_in_transit { client_broker = \"TLS\", in_cluster = true } }` after moving clients to the TLS listener.",
    references: &[
        "https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/msk-controls.html#msk-1",
    ],
    aliases: &[
        "AVD-AWS-0073",
        "aws-msk-enable-in-transit-encryption",
        "CKV_AWS_81",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(transit) = r.get("encryption_info.0.encryption_in_transit") else {
        return Vec::new();
    };
    let Some(transit) = transit.items().into_iter().next() else {
        return Vec::new();
    };
    let tls_only = svc::field_in(transit, "client_broker", Some("TLS"), &["TLS"]);
    let in_cluster = svc::field_flag(transit, "in_cluster", true);
    svc::hit_if_false(
        &r,
        tls_only.and(in_cluster),
        "encryption_info.0.encryption_in_transit",
        "allows unencrypted traffic (`client_broker` is not `TLS` or `in_cluster` is false)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let path = "encryption_info.0.encryption_in_transit.0";
    let mut changes = vec![Change::SetAttribute {
        address: r.address.clone(),
        path: format!("{path}.client_broker"),
        value: Value::string("TLS"),
    }];
    if r.get(&format!("{path}.in_cluster")).is_some() {
        changes.push(Change::SetAttribute {
            address: r.address.clone(),
            path: format!("{path}.in_cluster"),
            value: Value::Bool(true),
        });
    }
    Some(Fix {
        summary: "accept only TLS traffic".into(),
        changes,
        applicability: Applicability::Unsafe("clients using the plaintext listener (port 9092) must move to TLS (9094) first; changing in-cluster encryption replaces the cluster".into()),
    })
}
