//! AWS-IAM-002: a policy grants every action of a service, or sensitive actions on every
//! resource.
use crate::prelude::*;
use crate::views::iam::{Statement, group_by_path, identity_policies};

pub static RULE: Rule = Rule {
    id: "AWS-IAM-002",
    title: "IAM policy uses service-wide wildcard actions or sensitive actions on wildcard resources",
    severity: Severity::High,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &[
        "aws_iam_policy",
        "aws_iam_role_policy",
        "aws_iam_user_policy",
        "aws_iam_group_policy",
        "aws_iam_role",
        "aws_iam_policy_document",
    ],
    rationale: "`s3:*` or `iam:*` grants every present and future action of the service, including deleting data and \
rewriting permissions; `Allow` with `NotAction` grants every action not listed. Sensitive actions (reading objects or \
secrets, writing, changing permissions) on `*` reach every resource of that kind in the account, not only the ones the \
workload owns. Either turns a compromise of one principal into access far beyond its job. Actions that AWS only \
authorizes on `*` (most `Describe*`/`List*` calls, `sts:GetCallerIdentity`, `ecr:GetAuthorizationToken`, \
`cloudwatch:PutMetricData`…) are not reported on `*`, and bucket-scoped object ARNs (`arn:aws:s3:::bucket/*`) are not \
wildcard resources. Statements that grant `*` on `*` are reported by AWS-IAM-001 instead.",
    remediation: "List the individual actions the principal needs (`s3:GetObject`, `s3:PutObject`) and scope `Resource` \
to the ARNs it works on. IAM Access Analyzer policy generation and last-accessed information show what is really used. \
Which actions and resources are needed is a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
        "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    ],
    aliases: &[
        "AVD-AWS-0057",
        "aws-iam-no-policy-wildcards",
        "AVD-AWS-0345",
        "aws-iam-no-s3-full-access",
        "CKV_AWS_49",
        "CKV_AWS_63",
        "CKV_AWS_355",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

/// Account-level actions that AWS authorizes only on `Resource: "*"` (beyond `Describe*` and
/// `List*`), so `*` is the least privilege for them.
const ONLY_ON_ANY_RESOURCE: &[&str] = &[
    "sts:getcalleridentity",
    "ecr:getauthorizationtoken",
    "cloudwatch:putmetricdata",
    "cloudwatch:getmetricdata",
    "cloudwatch:getmetricstatistics",
    "xray:puttracesegments",
    "xray:puttelemetryrecords",
    "xray:getsamplingrules",
    "xray:getsamplingtargets",
    "xray:getsamplingstatisticsummaries",
    "iam:getaccountsummary",
    "iam:getaccountpasswordpolicy",
    "iam:generatecredentialreport",
    "iam:getcredentialreport",
    "tag:getresources",
    "tag:gettagkeys",
    "tag:gettagvalues",
    "kms:generaterandom",
];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if r.kind != "aws_iam_policy_document" && !is_managed(&r) {
        return Vec::new();
    }
    let mut problems = Vec::new();
    for doc in identity_policies(&r) {
        for s in doc.statements() {
            if let Some(why) = statement_problem(s) {
                problems.push((s.path.clone(), format!("{} {why}", s.label())));
            }
        }
    }
    group_by_path(problems)
        .into_iter()
        .map(|(path, why)| {
            Hit::at(
                path,
                format!("`{}` is broader than least privilege: {why}", r.address),
            )
        })
        .collect()
}

fn statement_problem(s: &Statement) -> Option<String> {
    if !s.is_allow() || s.allows_every_action().and_then(|| s.on_every_resource()).is_true() {
        return None; // full admin is AWS-IAM-001
    }
    let wild_resources: Vec<&str> = s
        .resource
        .iter()
        .flat_map(|r| r.known.iter().map(String::as_str))
        .filter(|r| is_wildcard_resource(r))
        .collect();
    let on = match wild_resources.first() {
        Some(res) => format!(" on `{res}`"),
        None => String::new(),
    };
    let mut why = Vec::new();
    match (&s.action, &s.not_action) {
        (Some(actions), _) => {
            let service_wide: Vec<String> = actions
                .known
                .iter()
                .filter(|a| is_service_wildcard(a))
                .map(|a| format!("`{a}`"))
                .collect();
            if !service_wide.is_empty() {
                why.push(format!(
                    "grants every action of a service ({}){on}",
                    service_wide.join(", ")
                ));
            }
            if !wild_resources.is_empty() {
                let sensitive: Vec<String> = actions
                    .known
                    .iter()
                    .filter(|a| !is_service_wildcard(a) && !authorized_only_on_any_resource(a))
                    .map(|a| format!("`{a}`"))
                    .collect();
                if !sensitive.is_empty() {
                    why.push(format!("allows {}{on}", sensitive.join(", ")));
                }
            }
        }
        (None, Some(_)) => why.push(format!(
            "uses `NotAction` with Allow, granting every action not listed{on}"
        )),
        (None, None) => {}
    }
    (!why.is_empty()).then(|| why.join(" and "))
}

/// `*`, `s3:*`: every action of a service (or of all services).
fn is_service_wildcard(action: &str) -> bool {
    let a = action.trim();
    a == "*"
        || a.split_once(':')
            .is_some_and(|(_, name)| name.trim() == "*")
}

/// Read-only metadata calls and account-level actions that need `Resource: "*"`.
fn authorized_only_on_any_resource(action: &str) -> bool {
    let a = action.trim().to_ascii_lowercase();
    let name = a.split_once(':').map_or(a.as_str(), |(_, n)| n);
    name.starts_with("describe")
        || name.starts_with("list")
        || ONLY_ON_ANY_RESOURCE.contains(&a.as_str())
}

/// `*`, or an ARN whose resource part names every resource of a type (`arn:aws:s3:::*`,
/// `arn:aws:dynamodb:*:*:table/*`, `arn:aws:ssm:...:parameter/*`). A bucket-scoped object ARN
/// (`arn:aws:s3:::bucket/*`) or a named log group's streams are not.
fn is_wildcard_resource(resource: &str) -> bool {
    let r = resource.trim();
    if r == "*" {
        return true;
    }
    let parts: Vec<&str> = r.splitn(6, ':').collect();
    let (Some(service), Some(rest)) = (parts.get(2), parts.get(5)) else {
        return false;
    };
    if *service == "s3" {
        return rest
            .split('/')
            .next()
            .is_some_and(|bucket| bucket.chars().all(|c| c == '*') && !bucket.is_empty());
    }
    if *rest == "*" {
        return true;
    }
    match rest.strip_suffix("/*").or_else(|| rest.strip_suffix(":*")) {
        Some(kind) => {
            !kind.is_empty()
                && kind
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_resources() {
        assert!(is_wildcard_resource("*"));
        assert!(is_wildcard_resource("arn:aws:s3:::*"));
        assert!(is_wildcard_resource("arn:aws:s3:::*/*"));
        assert!(is_wildcard_resource("arn:aws:dynamodb:*:*:table/*"));
        assert!(is_wildcard_resource(
            "arn:aws:lambda:us-east-1:123456789012:function:*"
        ));
        assert!(!is_wildcard_resource("arn:aws:s3:::my-bucket/*"));
        assert!(!is_wildcard_resource(
            "arn:aws:logs:us-east-1:123456789012:log-group:app:*"
        ));
        assert!(!is_wildcard_resource(
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders"
        ));
    }

    #[test]
    fn actions() {
        assert!(is_service_wildcard("s3:*"));
        assert!(is_service_wildcard("*"));
        assert!(!is_service_wildcard("s3:Get*"));
        assert!(authorized_only_on_any_resource("ec2:Describe*"));
        assert!(authorized_only_on_any_resource("sts:GetCallerIdentity"));
        assert!(!authorized_only_on_any_resource("s3:GetObject"));
        assert!(!authorized_only_on_any_resource("iam:PassRole"));
    }
}
