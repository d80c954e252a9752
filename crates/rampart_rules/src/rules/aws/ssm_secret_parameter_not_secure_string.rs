//! AWS-SSM-001: a secret-looking parameter is stored as plain String.
use crate::prelude::*;
use crate::views::aws_services as svc;
use crate::views::secrets;

pub static RULE: Rule = Rule {
    id: "AWS-SSM-001",
    title: "SSM parameter with a secret name is not a SecureString",
    severity: Severity::High,
    category: Category::Secrets,
    provider: Provider::Aws,
    kinds: &["aws_ssm_parameter"],
    rationale: "A parameter named like a secret (`.../db_password`, `api-token`) of type `String` or `StringList` is stored unencrypted: anyone with `ssm:GetParameter` (read-only roles, CI systems) reads it, it appears in clear in the console and in the Terraform state, and no KMS key policy restricts it.",
    remediation: "Use `type = \"SecureString\"` (optionally with `key_id` naming a customer-managed key), give readers `kms:Decrypt`, and rotate the value: it has been stored in clear. CloudFormation cannot create SecureString parameters: move the value to AWS Secrets Manager or create the parameter outside the template (no automatic fix there).",
    references: &[
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(name) = r.str("name") else {
        return Vec::new();
    };
    let leaf = name.rsplit('/').next().unwrap_or(name);
    if !secrets::is_secret_name(leaf) {
        return Vec::new();
    }
    let plain = svc::str_in(&r, "type", None, &["String", "StringList"]);
    svc::hit_if_true(
        &r,
        plain,
        "type",
        &format!("stores `{name}` unencrypted (type is not `SecureString`)"),
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // CloudFormation cannot create SecureString parameters: the template fix would not deploy
    if r.format == rampart_model::SourceFormat::CloudFormation {
        return None;
    }
    Some(set_attribute_fix(&r, "type", Value::string("SecureString"), "store the parameter as a SecureString", Applicability::Unsafe("the parameter is replaced, and readers need kms:Decrypt and must request decryption (WithDecryption)".into())))
}
