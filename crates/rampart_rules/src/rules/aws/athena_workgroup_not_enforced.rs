//! AWS-ATH-002: clients may override the workgroup settings.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-ATH-002",
    title: "Athena workgroup lets clients override its settings, including encryption",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_athena_workgroup"],
    rationale: "With `enforce_workgroup_configuration = false` (or no `configuration` block at all), each client decides where results go and whether they are encrypted: one query run with client-side settings writes unencrypted results to any bucket the caller can write.",
    remediation: "Add `configuration { enforce_workgroup_configuration = true }` (the default inside the block) together with an encrypted `result_configuration`.",
    references: &["https://docs.aws.amazon.com/athena/latest/ug/workgroups-settings-override.html"],
    aliases: &[
        "AVD-AWS-0007",
        "aws-athena-no-encryption-override",
        "CKV_AWS_82",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let enforced = svc::any_block(&r, "configuration", |c| {
        svc::field_flag(c, "enforce_workgroup_configuration", true)
    });
    svc::hit_if_false(
        &r,
        enforced,
        "configuration",
        "lets clients override its result location and encryption",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "configuration.0.enforce_workgroup_configuration",
        Value::Bool(true),
        "enforce the workgroup configuration",
        Applicability::Unsafe(
            "clients that set their own output location or encryption get the workgroup's instead"
                .into(),
        ),
    ))
}
