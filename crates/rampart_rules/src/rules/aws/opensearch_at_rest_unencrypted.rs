//! AWS-OS-001: a search domain is not encrypted at rest.
use crate::prelude::*;
use crate::views::aws_services as svc;
use crate::views::search_domain;

pub static RULE: Rule = Rule {
    id: "AWS-OS-001",
    title: "OpenSearch domain does not encrypt data at rest",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_opensearch_domain", "aws_elasticsearch_domain"],
    rationale: "Without `encrypt_at_rest { enabled = true }` indices, logs, swap and automated snapshots are stored in clear text; search domains often index logs and documents full of personal data and credentials. Encryption at rest needs OpenSearch or Elasticsearch 5.1 or later: a domain on an older Elasticsearch (an `aws_elasticsearch_domain` without `elasticsearch_version` runs the provider's default, 1.5) cannot have it and is not reported.",
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
    // a domain whose engine version cannot have encryption at rest is not reported for lacking it
    if !search_domain::supports(r.resource(), search_domain::ENCRYPTION_AT_REST).is_true() {
        return Vec::new();
    }
    let on = svc::any_block(&r, "encrypt_at_rest", |b| {
        svc::field_flag(b, "enabled", false)
    });
    svc::hit_if_false(&r, on, "encrypt_at_rest", "does not encrypt data at rest")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(&r, "encrypt_at_rest.0.enabled", Value::Bool(true), "encrypt the domain at rest", Applicability::Unsafe("enabling encryption triggers a blue/green deployment, and older engine versions require a new domain".into())))
}
