use crate::prelude::*;
use crate::views::secrets::{self, SecretMatch};

pub static RULE: Rule = Rule {
    id: "AWS-SEC-003",
    title: "Lambda environment variable holds a hard-coded secret",
    severity: Severity::High,
    category: Category::Secrets,
    provider: Provider::Aws,
    kinds: &["aws_lambda_function"],
    rationale: "Lambda environment variables are shown in clear text to anyone with `lambda:GetFunctionConfiguration` \
(a read-only permission many roles have), stored in Terraform state and written in the repository. A variable named \
like a secret (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*API_KEY*`) with a literal value, or any value that is an AWS \
key, is exposed to all of them. Names that describe a secret rather than hold one (`SECRET_ARN`, `TOKEN_TTL`) and \
values that are references (`${...}`, ARNs) are not reported.",
    remediation: "Rotate the secret, store it in Secrets Manager or SSM Parameter Store (SecureString), pass only its \
name or ARN in the environment, and read it at run time (the AWS Parameters and Secrets Lambda extension caches it). \
Give the function's role access instead of access keys. No machine fix: the value is already exposed.",
    references: &[
        "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-encryption",
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html",
    ],
    aliases: &["CKV_AWS_45"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(function: ResourceRef<'_>) -> Vec<Hit> {
    let Some(Value::Map(variables)) = function.get("environment.0.variables") else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for (name, value) in variables {
        let Some(text) = value.as_str() else { continue };
        let mut found: Vec<SecretMatch> = secrets::scan_text(text);
        if found.is_empty()
            && secrets::is_secret_name(name)
            && secrets::is_literal_secret_value(text)
        {
            found.push(SecretMatch {
                kind: secrets::SecretKind::Password,
                masked: secrets::redacted(text),
            });
        }
        if found.is_empty() {
            continue;
        }
        let what: Vec<String> = found
            .iter()
            .map(|m| match m.kind {
                secrets::SecretKind::Password => format!("a literal secret `{}`", m.masked),
                _ if m.kind.describe().starts_with('A') => format!("an {}", m.describe()),
                _ => format!("a {}", m.describe()),
            })
            .collect();
        hits.push(Hit::at(
            format!("environment.0.variables.{name}"),
            format!(
                "environment variable `{name}` of `{}` holds {}",
                function.address,
                what.join(", ")
            ),
        ));
    }
    hits
}
