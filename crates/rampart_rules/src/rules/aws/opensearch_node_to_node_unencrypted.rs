//! AWS-OS-002: nodes talk to each other in clear text.
use crate::prelude::*;
use crate::views::aws_services as svc;
use crate::views::search_domain;

pub static RULE: Rule = Rule {
    id: "AWS-OS-002",
    title: "OpenSearch domain does not encrypt node-to-node traffic",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_opensearch_domain", "aws_elasticsearch_domain"],
    rationale: "Without `node_to_node_encryption { enabled = true }` shard replication and queries between nodes cross the VPC in clear text. It is also required for fine-grained access control. Node-to-node encryption needs OpenSearch or Elasticsearch 6.0 or later: a domain on an older Elasticsearch (an `aws_elasticsearch_domain` without `elasticsearch_version` runs the provider's default, 1.5) cannot have it and is not reported.",
    remediation: "Set `node_to_node_encryption { enabled = true }`.",
    references: &[
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ntn.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-3",
    ],
    aliases: &[
        "AVD-AWS-0043",
        "aws-elasticsearch-enable-in-transit-encryption",
        "CKV_AWS_6",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    // a domain whose engine version cannot have node-to-node encryption is not reported for lacking it
    if !search_domain::supports(r.resource(), search_domain::NODE_TO_NODE_ENCRYPTION).is_true() {
        return Vec::new();
    }
    let on = svc::any_block(&r, "node_to_node_encryption", |b| {
        svc::field_flag(b, "enabled", false)
    });
    svc::hit_if_false(
        &r,
        on,
        "node_to_node_encryption",
        "does not encrypt traffic between its nodes",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(&r, "node_to_node_encryption.0.enabled", Value::Bool(true), "encrypt node-to-node traffic", Applicability::Unsafe("enabling it triggers a blue/green deployment, and older engine versions require a new domain".into())))
}
