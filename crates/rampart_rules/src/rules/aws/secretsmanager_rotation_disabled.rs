//! AWS-SM-002: a secret is never rotated automatically.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-SM-002",
    title: "Secrets Manager secret is not rotated automatically",
    severity: Severity::Low,
    category: Category::Secrets,
    provider: Provider::Aws,
    kinds: &["aws_secretsmanager_secret"],
    rationale: "A secret that never changes stays valid for as long as any copy of it survives: in a laptop's shell history, an old container image, a leaked log. Rotation limits how long a leaked value works. Rotation is on with an `aws_secretsmanager_secret_rotation` for the secret (or the legacy inline `rotation_lambda_arn`).",
    remediation: "Add an `aws_secretsmanager_secret_rotation` with a rotation function (or the managed rotation of RDS/Redshift/DocumentDB secrets) and `rotation_rules { automatically_after_days = 30 }`. Rotation needs a function that knows the credential, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-1",
    ],
    aliases: &["CKV2_AWS_57"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let inline = svc::is_set(&r, "rotation_lambda_arn");
    let separate = svc::setting_holds(
        &r,
        "aws_secretsmanager_secret_rotation",
        "secret_id",
        &["arn", "id", "name"],
        |_| Truth::True,
    );
    svc::hit_if_false(
        &r,
        inline.or(separate),
        "name",
        "is never rotated automatically",
    )
}
