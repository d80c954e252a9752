use crate::prelude::*;
use crate::views::secrets::{self, SecretKind};

pub static RULE: Rule = Rule {
    id: "AWS-SEC-006",
    title: "Private key written into an SSM parameter's value",
    severity: Severity::Critical,
    category: Category::Secrets,
    provider: Provider::Aws,
    kinds: &["aws_ssm_parameter"],
    rationale: "A parameter whose value is a literal `-----BEGIN … PRIVATE KEY-----` block carries the key in the \
code itself: in every clone, fork and CI log, and in the Terraform state in clear, whatever the parameter's type. \
Encrypting the parameter (`SecureString`) does not help once the key is in the repository. A value that comes from a \
resource (`tls_private_key`), a file outside the repository or a variable without a value is unknown statically and \
is not reported.",
    remediation: "Treat the key as compromised: replace it (new key pair, new certificate), and remove the old one \
from the code and from history. Generate the key outside the repository and put it into Parameter Store or Secrets \
Manager from a trusted pipeline, or create it with `tls_private_key` and a `SecureString` parameter. No machine fix: \
the key must be replaced by a person.",
    references: &[
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html",
        "https://developer.hashicorp.com/terraform/language/state/sensitive-data",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(parameter: ResourceRef<'_>) -> Vec<Hit> {
    let Some(value) = parameter.str("value") else {
        return Vec::new();
    };
    let found = secrets::scan_text(value)
        .into_iter()
        .find(|m| m.kind == SecretKind::PrivateKey);
    match found {
        Some(key) => vec![Hit::at(
            "value",
            format!("`{}` holds a {} in `value`", parameter.address, key.describe()),
        )],
        None => Vec::new(),
    }
}
