//! AWS-RS-005: a Redshift cluster does not write audit logs.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-RS-005",
    title: "Redshift cluster does not have audit logging enabled",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_redshift_cluster"],
    rationale: "Without audit logging there is no record of connections, users and queries: data exfiltration through `UNLOAD`, a brute-forced login or a privilege change cannot be investigated. Logging is on with an inline `logging { enable = true }` (provider v4) or an `aws_redshift_logging` resource for the cluster.",
    remediation: "Add an `aws_redshift_logging` with `log_destination_type = \"cloudwatch\"` (or an S3 bucket) for the cluster, and `enable_user_activity_logging` in its parameter group for query logs. The destination needs a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-4",
    ],
    aliases: &["CKV_AWS_71"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let inline = svc::any_block(&r, "logging", |b| svc::field_flag(b, "enable", false));
    let separate = svc::setting_holds(
        &r,
        "aws_redshift_logging",
        "cluster_identifier",
        &["cluster_identifier", "id"],
        |_| Truth::True,
    );
    svc::hit_if_false(
        &r,
        inline.or(separate),
        "logging",
        "does not write audit logs",
    )
}
