//! AWS-RDS-005: IAM database authentication is off for an engine that supports it.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-RDS-005",
    title: "RDS database does not enable IAM database authentication",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_db_instance", "aws_rds_cluster"],
    rationale: "Without IAM database authentication every application and person logs in with a long-lived database \
password, which is copied into configuration, rarely rotated and not tied to an identity; access cannot be revoked \
centrally and logins are not attributable in CloudTrail. With it, clients use short-lived tokens issued to IAM \
principals. Only engines that support it are checked (MySQL and PostgreSQL instances; Aurora MySQL/PostgreSQL and \
Multi-AZ clusters); an Aurora instance is covered by its cluster.",
    remediation: "Set `iam_database_authentication_enabled = true`, create database users that use the `rds_iam` / \
`AWSAuthenticationPlugin` mechanism, and grant `rds-db:connect` to the roles that need it. Password logins keep \
working, so this can be adopted gradually.",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html",
    ],
    aliases: &[
        "AVD-AWS-0176",
        "aws-rds-enable-iam-auth",
        "CKV_AWS_161",
        "CKV_AWS_162",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn supports_iam_auth(r: &ResourceRef<'_>) -> bool {
    match (r.kind.as_str(), r.get("engine")) {
        // the provider defaults a cluster's engine to Aurora MySQL
        ("aws_rds_cluster", None | Some(Value::Null)) => true,
        ("aws_rds_cluster", Some(Value::String(e))) => {
            matches!(
                e.as_str(),
                "aurora" | "aurora-mysql" | "aurora-postgresql" | "mysql" | "postgres"
            )
        }
        ("aws_db_instance", Some(Value::String(e))) => matches!(e.as_str(), "mysql" | "postgres"),
        _ => false,
    }
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r)
        && supports_iam_auth(&r)
        && flag(&r, "iam_database_authentication_enabled", false).is_false()
    {
        vec![Hit::at(
            "iam_database_authentication_enabled",
            format!(
                "`{}` accepts only database passwords, not IAM authentication",
                r.address
            ),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "iam_database_authentication_enabled",
        Value::Bool(true),
        "enable IAM database authentication",
        Applicability::Safe,
    ))
}
