//! AWS-OS-005: the domain publishes no audit logs.
use crate::prelude::*;
use crate::views::aws_services as svc;
use crate::views::search_domain;

pub static RULE: Rule = Rule {
    id: "AWS-OS-005",
    title: "OpenSearch domain does not publish audit logs",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_opensearch_domain", "aws_elasticsearch_domain"],
    rationale: "Audit logs record who authenticated, which indices were read or written and which requests were refused. Without a `log_publishing_options` block of type `AUDIT_LOGS` (enabled), bulk exports of indexed data or failed-login storms leave no trace. Audit logs need fine-grained access control, which needs OpenSearch or Elasticsearch 6.7 or later: a domain on an older Elasticsearch cannot publish them and is not reported.",
    remediation: "Add `log_publishing_options { log_type = \"AUDIT_LOGS\", cloudwatch_log_group_arn = ... }` (audit logs also need fine-grained access control with `audit` enabled in its settings). The log group and its resource policy need a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/audit-logs.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-5",
    ],
    aliases: &[
        "AVD-AWS-0042",
        "aws-elasticsearch-enable-domain-logging",
        "CKV_AWS_317",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    // a domain whose engine version cannot have audit logs is not reported for lacking it
    if !search_domain::supports(r.resource(), search_domain::AUDIT_LOGS).is_true() {
        return Vec::new();
    }
    let audit = svc::any_block(&r, "log_publishing_options", |b| {
        svc::field_in(b, "log_type", None, &["AUDIT_LOGS"]).and(svc::field_flag(b, "enabled", true))
    });
    svc::hit_if_false(
        &r,
        audit,
        "log_publishing_options",
        "does not publish audit logs",
    )
}
