use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-EKS-004",
    title: "EKS control plane logging does not cover every log type",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_eks_cluster"],
    rationale: "The control plane logs — `api`, `audit`, `authenticator`, `controllerManager`, `scheduler` — are the \
only record of who did what in the cluster: which identity created a privileged pod, read a secret or changed RBAC. \
They are off unless listed in `enabled_cluster_log_types`, and the `audit` and `authenticator` logs are the ones an \
investigation needs first.",
    remediation: "Set `enabled_cluster_log_types = [\"api\", \"audit\", \"authenticator\", \"controllerManager\", \
\"scheduler\"]`. EKS then writes to the `/aws/eks/<cluster>/cluster` CloudWatch log group (give it a retention and a \
KMS key). The machine fix sets the full list; it only adds logging (and CloudWatch cost).",
    references: &[
        "https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-8",
    ],
    aliases: &[
        "AVD-AWS-0038",
        "aws-eks-enable-control-plane-logging",
        "CKV_AWS_37",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

const LOG_TYPES: [&str; 5] = [
    "api",
    "audit",
    "authenticator",
    "controllerManager",
    "scheduler",
];

fn check(cluster: ResourceRef<'_>) -> Vec<Hit> {
    let enabled: Vec<&Value> = match cluster.get("enabled_cluster_log_types") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::List(items)) => items.iter().collect(),
        Some(_) => return Vec::new(),
    };
    if enabled.iter().any(|v| !matches!(v, Value::String(_))) {
        // an unknown element may be any of the missing types
        return Vec::new();
    }
    let missing: Vec<&str> = LOG_TYPES
        .iter()
        .copied()
        .filter(|t| !enabled.iter().any(|v| v.as_str() == Some(*t)))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let message = format!(
        "EKS cluster `{}` does not log {}",
        cluster.address,
        missing.join(", ")
    );
    vec![
        if enabled.is_empty() && cluster.get("enabled_cluster_log_types").is_none() {
            Hit::resource(message)
        } else {
            Hit::at("enabled_cluster_log_types", message)
        },
    ]
}

fn fix(cluster: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(Fix {
        summary: "enable every control plane log type".into(),
        changes: vec![Change::SetAttribute {
            address: cluster.address.clone(),
            path: "enabled_cluster_log_types".into(),
            value: Value::List(LOG_TYPES.iter().map(|t| Value::string(*t)).collect()),
        }],
        applicability: Applicability::Safe,
    })
}
