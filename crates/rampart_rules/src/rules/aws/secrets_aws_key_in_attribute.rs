use crate::prelude::*;
use crate::views::secrets::{self, SecretKind, SecretMatch};

pub static RULE: Rule = Rule {
    id: "AWS-SEC-001",
    title: "Hard-coded AWS access key in a resource attribute",
    severity: Severity::Critical,
    category: Category::Secrets,
    provider: Provider::Aws,
    kinds: &["*"],
    rationale: "An AWS access key id (`AKIA…`, `ASIA…`) or secret access key written into infrastructure code is in \
every clone, fork, CI log and state file of the repository. Leaked keys are harvested from public repositories within \
minutes and used for crypto-mining and data theft; in a private repository every reader gets the key's permissions. \
Any attribute of any resource is searched. A 40-character secret is reported only under a secret-looking name \
(`secret_key`, `AWS_SECRET_ACCESS_KEY=`), and never when it is 40 hex characters (a checksum or commit id). EC2 user \
data and Lambda environments are searched by AWS-SEC-002 and AWS-SEC-003, provider credentials by AWS-SEC-005.",
    remediation: "Deactivate and rotate the key now (IAM → access keys), check CloudTrail for its use, then remove it \
from the code and from history. Give workloads roles instead of keys (instance profiles, IRSA, Lambda execution \
roles) or read secrets at run time from Secrets Manager or SSM Parameter Store. No machine fix: the key is already \
leaked and must be revoked by a person.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles",
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

/// Attributes other secrets rules search, so a key there is reported once.
fn searched_elsewhere(kind: &str, top: &str) -> bool {
    match kind {
        "aws_instance" | "aws_launch_template" | "aws_launch_configuration" => {
            top == "user_data" || top == "user_data_base64"
        }
        "aws_lambda_function" => top == "environment",
        "provider" => matches!(top, "access_key" | "secret_key" | "token"),
        _ => false,
    }
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (top, value) in &r.attributes {
        if searched_elsewhere(&r.kind, top) {
            continue;
        }
        let mut strings = Vec::new();
        secrets::strings_in(value, top, Some(top), &mut strings);
        for at in strings {
            let found = find(&at);
            if !found.is_empty() {
                let what: Vec<String> = found.iter().map(SecretMatch::describe).collect();
                hits.push(Hit::at(
                    at.path.clone(),
                    format!(
                        "`{}` has a hard-coded {} in `{}`",
                        r.address,
                        what.join(" and "),
                        at.path
                    ),
                ));
            }
        }
    }
    hits
}

fn find(at: &secrets::StringAt<'_>) -> Vec<SecretMatch> {
    // cheap filter first: this rule sees every string of every resource
    let text = at.text;
    let interesting = text.len() >= 20
        && (text.contains("AKIA")
            || text.contains("ASIA")
            || text.contains("ABIA")
            || text.contains("ACCA")
            || text.contains("A3T")
            || text.to_ascii_lowercase().contains("secret")
            || at
                .key
                .is_some_and(|k| k.to_ascii_lowercase().contains("secret")));
    if !interesting {
        return Vec::new();
    }
    let mut found = secrets::aws_access_key_ids(text);
    let named_secret = at.key.is_some_and(|k| {
        let k = k.to_ascii_lowercase();
        k.contains("secret") && k.contains("key")
    });
    if named_secret && secrets::is_aws_secret_access_key(text) {
        found.push(SecretMatch {
            kind: SecretKind::AwsSecretAccessKey,
            masked: secrets::redacted(text),
        });
    } else {
        found.extend(
            secrets::scan_text(text)
                .into_iter()
                .filter(|m| m.kind == SecretKind::AwsSecretAccessKey),
        );
    }
    found
}
