//! AWS-ECR-003: the repository policy grants access to anyone.
use crate::prelude::*;
use crate::views::aws_services as svc;
use crate::views::iam::public_statement_labels;

pub static RULE: Rule = Rule {
    id: "AWS-ECR-003",
    title: "ECR repository policy grants access to any principal",
    severity: Severity::High,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: &["aws_ecr_repository_policy"],
    rationale: "An `Allow` statement with `Principal: \"*\"` (or `{\"AWS\": \"*\"}`) and no condition pinning the caller (`aws:PrincipalOrgID`, `aws:SourceAccount`…) lets every AWS account act on the repository: pulling private images (and the secrets baked into them), or — with push or `ecr:SetRepositoryPolicy` — replacing images and taking over the repository.",
    remediation: "Name the accounts or roles that need access in `Principal`, or add an `aws:PrincipalOrgID` condition, and grant only the pull actions they need. Who needs access is a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html",
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html",
    ],
    aliases: &["AVD-AWS-0032", "aws-ecr-no-public-access", "CKV_AWS_32"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let open = public_statement_labels(&r, "policy");
    if open.is_empty() {
        return Vec::new();
    }
    svc::hit_if_true(
        &r,
        Truth::True,
        "policy",
        &format!(
            "repository policy lets any principal in: {}",
            open.join(", ")
        ),
    )
}
