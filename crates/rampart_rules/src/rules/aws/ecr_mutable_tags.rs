//! AWS-ECR-002: image tags can be overwritten.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-ECR-002",
    title: "ECR repository lets image tags be overwritten",
    severity: Severity::Medium,
    category: Category::Compute,
    provider: Provider::Aws,
    kinds: &["aws_ecr_repository"],
    rationale: "With mutable tags (the default) anyone who can push can replace `v1.4.2` or `prod` with a different image: a compromised CI job or credential silently swaps what every deployment pulls next, and a deployed tag no longer identifies what runs.",
    remediation: "Set `image_tag_mutability = \"IMMUTABLE\"` (or `IMMUTABLE_WITH_EXCLUSION` with exclusions for moving tags such as `latest`) and deploy by immutable tag or digest.",
    references: &[
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-2",
    ],
    aliases: &[
        "AVD-AWS-0031",
        "aws-ecr-enforce-immutable-repository",
        "CKV_AWS_51",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let immutable = svc::str_in(
        &r,
        "image_tag_mutability",
        Some("MUTABLE"),
        &["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"],
    );
    svc::hit_if_false(
        &r,
        immutable,
        "image_tag_mutability",
        "lets pushed image tags be overwritten (`image_tag_mutability` is `MUTABLE`)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(&r, "image_tag_mutability", Value::string("IMMUTABLE"), "make image tags immutable", Applicability::Unsafe("pipelines that re-push a moving tag such as `latest` fail; use IMMUTABLE_WITH_EXCLUSION for those tags".into())))
}
