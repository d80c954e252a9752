//! GCP-IAM-007: a workload identity pool provider has no attribute condition.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "GCP-IAM-007",
    title: "Workload identity pool provider accepts tokens without an attribute condition",
    severity: Severity::High,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: &["google_iam_workload_identity_pool_provider"],
    rationale: "A provider without `attribute_condition` accepts every token its issuer signs. For a shared issuer \
such as GitHub Actions (`token.actions.githubusercontent.com`), GitLab or an AWS partition, that is any repository or \
account in the world: whoever gets a service account impersonation grant on the pool's principals through a broad \
`principalSet://` can then act in the project from their own workflow.",
    remediation: "Set `attribute_condition` to a CEL expression that pins the trusted owner, for example \
`assertion.repository_owner == 'my-org'` for GitHub, or the AWS account for AWS providers. The right condition \
depends on the issuer, so Rampart proposes no automatic change.",
    references: &[
        "https://cloud.google.com/iam/docs/workload-identity-federation#conditions",
        "https://cloud.google.com/iam/docs/best-practices-for-using-workload-identity-federation",
    ],
    aliases: &[
        "AVD-GCP-0068",
        "google-iam-no-conditions-workload-identity-pool-provider",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let missing = match r.get("attribute_condition") {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(_) => false,
    };
    if missing {
        vec![Hit::resource(format!(
            "`{}` has no attribute_condition",
            r.address
        ))]
    } else {
        Vec::new()
    }
}
