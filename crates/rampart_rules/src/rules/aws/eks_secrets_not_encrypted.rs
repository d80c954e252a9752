use crate::prelude::*;
use crate::views::logging::is_set;

pub static RULE: Rule = Rule {
    id: "AWS-EKS-003",
    title: "EKS cluster does not encrypt Kubernetes secrets with a KMS key",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_eks_cluster"],
    rationale: "Without envelope encryption, Kubernetes Secrets are stored in etcd protected only by EKS's default \
volume encryption: anyone who can read etcd data or its backups reads every token, password and key in the cluster. \
An `encryption_config` with `resources = [\"secrets\"]` and a customer-managed KMS key (`provider.key_arn`) adds a \
layer that access to the key, logged in CloudTrail, controls.",
    remediation: "Add `encryption_config { resources = [\"secrets\"] provider { key_arn = aws_kms_key.eks.arn } }`. \
It can be enabled on an existing cluster but never disabled, and deleting or disabling the key makes the cluster \
unrecoverable. No machine fix: the key and its policy are a decision.",
    references: &[
        "https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-3",
    ],
    aliases: &["AVD-AWS-0039", "aws-eks-encrypt-secrets", "CKV_AWS_58"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(cluster: ResourceRef<'_>) -> Vec<Hit> {
    let configs = match cluster.get("encryption_config") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::List(configs)) => configs.iter().collect(),
        Some(_) => return Vec::new(),
    };
    let mut encrypted = Truth::False;
    for (i, config) in configs.iter().enumerate() {
        let covers_secrets = match config.get("resources") {
            Some(Value::List(items)) => items
                .iter()
                .map(|r| match r {
                    Value::String(s) => Truth::from_bool(s == "secrets"),
                    _ => Truth::Unknown,
                })
                .fold(Truth::False, Truth::or),
            Some(Value::Unknown(_)) => Truth::Unknown,
            _ => Truth::False,
        };
        let has_key = is_set(
            &cluster,
            &format!("encryption_config.{i}.provider.0.key_arn"),
        );
        encrypted = encrypted.or(covers_secrets.and(has_key));
    }
    if !encrypted.is_false() {
        return Vec::new();
    }
    let (at, why) = if configs.is_empty() {
        ("", "has no `encryption_config`")
    } else {
        (
            "encryption_config",
            "has no `encryption_config` covering \"secrets\" with a KMS key",
        )
    };
    let message = format!("EKS cluster `{}` {why}", cluster.address);
    vec![if at.is_empty() {
        Hit::resource(message)
    } else {
        Hit::at(at, message)
    }]
}
