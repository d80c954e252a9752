//! AWS-SGM-002: a notebook's storage is not encrypted with a customer-managed key.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-SGM-002",
    title: "SageMaker notebook instance storage is not encrypted with a customer-managed KMS key",
    severity: Severity::Low,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_sagemaker_notebook_instance"],
    rationale: "Without `kms_key_id`, the notebook's ML storage volume — datasets, credentials saved by users, model artefacts — is encrypted with a key AWS manages: no key policy of yours limits who can use it, and no key can be disabled in an incident.",
    remediation: "Set `kms_key_id` to a customer-managed `aws_kms_key`. It applies only when the notebook is created (it is replaced), so Rampart proposes no automatic change.",
    references: &["https://docs.aws.amazon.com/sagemaker/latest/dg/encryption-at-rest-nbi.html"],
    aliases: &["CKV_AWS_22"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    svc::hit_if_false(
        &r,
        svc::customer_managed_key(&r, "kms_key_id"),
        "kms_key_id",
        "is not encrypted with a customer-managed KMS key",
    )
}
