//! AWS-OS-001: a search domain is not encrypted at rest.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-OS-001",
    title: "OpenSearch domain does not encrypt data at rest",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_opensearch_domain", "aws_elasticsearch_domain"],
    rationale: "Without `encrypt_at_rest { enabled = true }` indices, logs, swap and automated snapshots are stored in clear text; search domains often index logs and documents full of personal data and credentials.",
    remediation: "Set `encrypt_at_rest { enabled = true }` (optionally with `kms_key_id`). On older engine versions this requires a new domain.",
    references: &[
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-1",
    ],
    aliases: &[
        "AVD-AWS-0048",
        "aws-elasticsearch-enable-domain-encryption",
        "CKV_AWS_5",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let on = svc::any_block(&r, "encrypt_at_rest", |b| {
        svc::field_flag(b, "enabled", false)
    });
    svc::hit_if_false(&r, on, "encrypt_at_rest", "does not encrypt data at rest")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(&r, "encrypt_at_rest.0.enabled", Value::Bool(true), "encrypt the domain at rest", Applicability::Unsafe("enabling encryption triggers a blue/green deployment, and older engine versions require a new domain".into())))
}
