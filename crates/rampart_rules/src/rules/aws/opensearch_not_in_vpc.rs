//! AWS-OS-006: the domain has a public endpoint.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-OS-006",
    title: "OpenSearch domain is not deployed in a VPC",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_opensearch_domain", "aws_elasticsearch_domain"],
    rationale: "A domain without `vpc_options` has a public endpoint on the internet; its access policy is then the only control, and a policy with `Principal: \"*\"` (common for Kibana/Dashboards access) makes every document readable by anyone.",
    remediation: "Create the domain with `vpc_options { subnet_ids = [...], security_group_ids = [...] }` in private subnets. A domain cannot move into a VPC in place, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-2",
    ],
    aliases: &["CKV_AWS_137"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let in_vpc = svc::any_block(&r, "vpc_options", |b| match b.get("subnet_ids") {
        None | Some(Value::Null) => Truth::False,
        Some(v) if v.is_unknown() => Truth::Unknown,
        Some(v) => Truth::from_bool(!v.items().is_empty()),
    });
    svc::hit_if_false(
        &r,
        in_vpc,
        "vpc_options",
        "has a public endpoint (no `vpc_options`)",
    )
}
