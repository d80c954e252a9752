//! AWS-IAM-005: an IAM user has a long-lived access key.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-IAM-005",
    title: "IAM user has a long-lived access key",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_iam_access_key"],
    rationale: "An access key is a static credential that works from anywhere until someone deletes it. Keys end up in \
laptops, CI variables, container images and public repositories, and are the most common way AWS accounts are \
breached. When Terraform creates the key without `pgp_key`, the secret is also stored in plain text in the Terraform \
state.",
    remediation: "Use temporary credentials instead: IAM roles for workloads (instance profiles, IRSA, ECS task roles), \
OIDC federation for CI (GitHub Actions, GitLab), and IAM Identity Center for people. If a key is unavoidable, create \
it outside Terraform, rotate it, and scope the user's permissions tightly. Removing a key breaks whatever uses it, so \
Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let active = match r.get("status") {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("Active"),
        Some(_) => false, // not known: cannot prove the key is usable
    };
    if !active {
        return Vec::new();
    }
    let state = if r.is_from_template() || r.format == rampart_model::SourceFormat::Live {
        // a live key was not made by Terraform: its secret is in no state file
        // (a template's key secret is whatever the stack does with `!GetAtt Key.SecretAccessKey`)
        ""
    } else if r.get("pgp_key").is_none_or(Value::is_null) {
        "; its secret is stored unencrypted in the Terraform state"
    } else {
        ""
    };
    vec![Hit::at(
        "user",
        format!(
            "`{}` creates a long-lived access key for an IAM user{state}",
            r.address
        ),
    )]
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // deactivated, not deleted: it can be turned on again while its users move to roles
    Some(set_attribute_fix(
        &r,
        "status",
        Value::string("Inactive"),
        "deactivate the access key",
        Applicability::Unsafe(
            "whatever signs requests with this key (a CI job, a script, an application) is refused; move it to a role or short-lived credentials first".into(),
        ),
    ))
}
