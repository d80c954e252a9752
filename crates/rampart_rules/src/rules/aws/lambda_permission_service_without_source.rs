//! AWS-LMB-003: a service principal may invoke the function on behalf of any account.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-LMB-003",
    title: "Lambda permission for an AWS service does not name the source resource or account",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_lambda_permission"],
    rationale: "A permission for a service principal (`s3.amazonaws.com`, `sns.amazonaws.com`, `events.amazonaws.com`…) without `source_arn` or `source_account` lets that service invoke the function on behalf of any resource in any AWS account: another customer's bucket or topic can trigger it (the confused deputy problem).",
    remediation: "Set `source_arn` to the bucket, topic, rule or API allowed to invoke the function (and `source_account` for S3, whose ARNs carry no account). Rampart cannot know which resource is meant, so it proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
    ],
    aliases: &[
        "AVD-AWS-0067",
        "aws-lambda-restrict-source-arn",
        "CKV_AWS_364",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let service = match r.get("principal") {
        Some(Value::String(p)) => {
            let p = p.trim().to_ascii_lowercase();
            Truth::from_bool(p.ends_with(".amazonaws.com") || p.ends_with(".amazonaws.com.cn"))
        }
        _ => Truth::False,
    };
    let pinned = svc::is_set(&r, "source_arn").or(svc::is_set(&r, "source_account"));
    svc::hit_if_true(
        &r,
        service.and(pinned.not()),
        "principal",
        &format!(
            "lets `{}` invoke the function for any source (no `source_arn` or `source_account`)",
            r.str("principal").unwrap_or_default()
        ),
    )
}
