//! AZU-KV-005: a key vault secret does not say what it holds.
use crate::prelude::*;
use crate::views::azure::Scalar;

pub static RULE: Rule = Rule {
    id: "AZU-KV-005",
    title: "Key vault secret has no content type",
    severity: Severity::Low,
    category: Category::Secrets,
    provider: Provider::Azure,
    kinds: &["azurerm_key_vault_secret"],
    rationale: "The content type tells operators and rotation tooling what a secret is (a password, a connection \
string, a PEM certificate). Without it, secrets are rotated wrongly or not at all, and an inventory of what would \
leak if the vault were compromised cannot be made.",
    remediation: "Set `content_type` to a short description of the value (`password`, `text/plain`, \
`application/x-pem-file`). There is no machine fix: only the owner knows what the secret holds.",
    references: &["https://learn.microsoft.com/azure/key-vault/secrets/about-secrets"],
    aliases: &[
        "CKV_AZURE_114",
        "AVD-AZU-0015",
        "azure-keyvault-content-type-for-secret",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let content_type = Scalar::at(&r, "content_type");
    let missing =
        content_type == Scalar::Absent || content_type.is_one_of(&[""], Truth::False).is_true();
    if is_managed(&r) && missing {
        vec![Hit::resource(format!(
            "secret `{}` has no content type",
            r.address
        ))]
    } else {
        Vec::new()
    }
}
