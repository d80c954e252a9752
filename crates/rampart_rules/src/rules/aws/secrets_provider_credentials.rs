use crate::prelude::*;
use crate::views::secrets;

pub static RULE: Rule = Rule {
    id: "AWS-SEC-005",
    title: "AWS provider configured with hard-coded credentials",
    severity: Severity::Critical,
    category: Category::Secrets,
    provider: Provider::Aws,
    kinds: &["provider"],
    rationale: "An `access_key`, `secret_key` or `token` written into a `provider \"aws\"` block — directly, or \
through a variable whose default is the literal key — puts long-lived credentials in every clone, fork and CI log of \
the repository. Whoever reads the code gets the permissions of the key, usually those of the whole deployment. A \
variable without a value (given by the environment at run time) is unknown statically and is not reported.",
    remediation: "Deactivate and rotate the key now, check CloudTrail for its use, and remove it from the code and \
from history. Let the provider find credentials by itself: environment variables, a shared profile (`profile = \
\"deploy\"`), an assumed role (`assume_role { role_arn = … }`), or OIDC federation in CI. No machine fix: the key is \
already leaked and must be revoked by a person.",
    references: &[
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console",
    ],
    aliases: &["CKV_AWS_41"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

/// Provider arguments that hold a credential, and how each is described.
const CREDENTIALS: &[(&str, &str)] = &[
    ("access_key", "access key id"),
    ("secret_key", "secret access key"),
    ("token", "session token"),
];

fn check(provider: ResourceRef<'_>) -> Vec<Hit> {
    // `aws` or an aliased `aws.west`
    if provider.name.split('.').next() != Some("aws") {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for (attribute, what) in CREDENTIALS {
        let Some(value) = provider.str(attribute) else {
            continue;
        };
        if !secrets::is_literal_secret_value(value) {
            continue;
        }
        let shown = if *attribute == "access_key" {
            secrets::mask_key_id(value.trim())
        } else {
            secrets::redacted(value)
        };
        let written_at = provider
            .value_origins
            .get(*attribute)
            .map(|span| format!(" (written at {}:{})", span.file, span.start.line))
            .unwrap_or_default();
        hits.push(Hit::at(
            *attribute,
            format!(
                "`{}` has a hard-coded {what} `{shown}` in `{attribute}`{written_at}",
                provider.address
            ),
        ));
    }
    hits
}
