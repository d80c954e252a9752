use crate::prelude::*;
use crate::views::defaults::value_or_default;

pub static RULE: Rule = Rule {
    id: "AWS-EKS-001",
    title: "EKS cluster API endpoint is publicly accessible",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_eks_cluster"],
    rationale: "With `vpc_config.endpoint_public_access = true` (the default) the Kubernetes API server of the \
cluster is reachable from the internet. Every request is still authenticated, but the API server becomes a target \
for credential stuffing with leaked kubeconfigs and tokens and for any Kubernetes API vulnerability, and a stolen \
credential works from anywhere. When the endpoint must stay public, AWS-EKS-002 checks who may reach it.",
    remediation: "Set `endpoint_private_access = true` and `endpoint_public_access = false`, and reach the API from \
inside the VPC (a VPN, a bastion, CI runners in the VPC). The machine fix does exactly that.",
    references: &[
        "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-1",
    ],
    aliases: &[
        "AVD-AWS-0040",
        "aws-eks-no-public-cluster-access",
        "CKV_AWS_39",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(cluster: ResourceRef<'_>) -> Vec<Hit> {
    if cluster.get("vpc_config").is_some_and(Value::is_unknown) {
        return Vec::new();
    }
    if value_or_default(&cluster, "vpc_config.0.endpoint_public_access")
        .truth()
        .is_true()
    {
        let at = if cluster.get("vpc_config.0.endpoint_public_access").is_some() {
            "vpc_config.0.endpoint_public_access"
        } else {
            "vpc_config"
        };
        vec![Hit::at(
            at,
            format!(
                "EKS cluster `{}` exposes its API endpoint to the internet",
                cluster.address
            ),
        )]
    } else {
        Vec::new()
    }
}

fn fix(cluster: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let set = |path: &str, value: bool| Change::SetAttribute {
        address: cluster.address.clone(),
        path: path.into(),
        value: Value::Bool(value),
    };
    Some(Fix {
        summary: "make the API endpoint private".into(),
        changes: vec![
            set("vpc_config.0.endpoint_private_access", true),
            set("vpc_config.0.endpoint_public_access", false),
        ],
        applicability: Applicability::Unsafe(
            "kubectl, CI pipelines and tools outside the VPC lose access to the cluster API".into(),
        ),
    })
}
