//! AWS-ECR-001: pushed images are not scanned.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-ECR-001",
    title: "ECR repository does not scan images on push",
    severity: Severity::Medium,
    category: Category::Compute,
    provider: Provider::Aws,
    kinds: &["aws_ecr_repository"],
    rationale: "Without scanning on push, images with known critical CVEs (an outdated OpenSSL, a vulnerable base image) are stored and deployed with nobody told. `scan_on_push` defaults to false. A registry-wide `aws_ecr_registry_scanning_configuration` (basic scan-on-push or enhanced scanning) whose filter covers every repository counts as scanning.",
    remediation: "Set `image_scanning_configuration { scan_on_push = true }`, or turn on registry-level scanning with `aws_ecr_registry_scanning_configuration` (enhanced scanning with Amazon Inspector also rescans continuously).",
    references: &[
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-1",
    ],
    aliases: &["AVD-AWS-0030", "aws-ecr-enable-image-scans", "CKV_AWS_163"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

/// Registry-wide scanning: every repository when a rule's filter is `*`, maybe otherwise.
fn registry_scans(r: &ResourceRef<'_>) -> Truth {
    r.inventory
        .of_kind("aws_ecr_registry_scanning_configuration")
        .filter(is_managed)
        .map(|config| {
            svc::any_block(&config, "rule", |rule| {
                let filters = rule
                    .get("repository_filter")
                    .map(|f| f.items())
                    .unwrap_or_default();
                let all = filters
                    .iter()
                    .any(|f| svc::field_in(f, "filter", None, &["*"]).is_true());
                if all { Truth::True } else { Truth::Unknown }
            })
        })
        .fold(Truth::False, Truth::or)
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let on_push = svc::any_block(&r, "image_scanning_configuration", |b| {
        svc::field_flag(b, "scan_on_push", false)
    });
    svc::hit_if_false(
        &r,
        on_push.or(registry_scans(&r)),
        "image_scanning_configuration",
        "does not scan images on push",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "image_scanning_configuration.0.scan_on_push",
        Value::Bool(true),
        "scan images when they are pushed",
        Applicability::Safe,
    ))
}
