//! AWS-CB-001: build artifacts are stored unencrypted.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-CB-001",
    title: "CodeBuild project disables encryption of its build artifacts",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_codebuild_project"],
    rationale: "`encryption_disabled = true` on `artifacts` or any `secondary_artifacts` writes build outputs — binaries, packages, sometimes configuration with credentials — to S3 unencrypted.",
    remediation: "Remove `encryption_disabled` (or set it to false) on every artifact block.",
    references: &[
        "https://docs.aws.amazon.com/codebuild/latest/userguide/security-encryption.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/codebuild-controls.html#codebuild-7",
    ],
    aliases: &[
        "AVD-AWS-0018",
        "aws-codebuild-enable-encryption",
        "CKV_AWS_78",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for block in ["artifacts", "secondary_artifacts"] {
        let Some(items) = r.get(block) else { continue };
        for (i, b) in items.items().into_iter().enumerate() {
            if svc::field_flag(b, "encryption_disabled", false).is_true() {
                hits.extend(svc::hit_if_true(
                    &r,
                    Truth::True,
                    &format!("{block}.{i}.encryption_disabled"),
                    &format!(
                        "writes `{block}` {} unencrypted (`encryption_disabled = true`)",
                        i + 1
                    ),
                ));
            }
        }
    }
    hits
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let path = hit.attribute.clone()?;
    Some(set_attribute_fix(
        &r,
        &path,
        Value::Bool(false),
        "encrypt the build artifacts",
        Applicability::Safe,
    ))
}
