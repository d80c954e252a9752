use crate::prelude::*;
use crate::views::network::cidr_is_whole_internet;

pub static RULE: Rule = Rule {
    id: "AWS-EKS-002",
    title: "EKS public API endpoint accepts connections from any address",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_eks_cluster"],
    rationale: "A public EKS endpoint whose `public_access_cidrs` is `0.0.0.0/0` — the default when the list is \
omitted — accepts connections to the Kubernetes API from the whole internet. Limiting the source ranges to the \
networks administrators and CI use removes almost all of the attack surface of a public endpoint.",
    remediation: "Set `vpc_config.public_access_cidrs` to the egress ranges of your offices, VPN and CI, or make the \
endpoint private (AWS-EKS-001). No machine fix: only you know those ranges.",
    references: &[
        "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster#public_access_cidrs",
    ],
    aliases: &[
        "AVD-AWS-0041",
        "aws-eks-no-public-cluster-access-to-cidr",
        "CKV_AWS_38",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(cluster: ResourceRef<'_>) -> Vec<Hit> {
    if cluster.get("vpc_config").is_some_and(Value::is_unknown)
        || !flag(&cluster, "vpc_config.0.endpoint_public_access", true).is_true()
    {
        return Vec::new();
    }
    let open = match cluster.get("vpc_config.0.public_access_cidrs") {
        None | Some(Value::Null) => true,
        Some(Value::List(cidrs)) => cidrs
            .iter()
            .any(|c| c.as_str().is_some_and(cidr_is_whole_internet)),
        Some(_) => false,
    };
    if !open {
        return Vec::new();
    }
    let at = if cluster.get("vpc_config.0.public_access_cidrs").is_some() {
        "vpc_config.0.public_access_cidrs"
    } else {
        "vpc_config"
    };
    vec![Hit::at(
        at,
        format!(
            "EKS cluster `{}` accepts API connections from 0.0.0.0/0",
            cluster.address
        ),
    )]
}

fn fix(cluster: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // a cluster needs one endpoint: the private one takes over
    let set = |path: &str, on: bool| Change::SetAttribute {
        address: cluster.address.clone(),
        path: path.into(),
        value: Value::Bool(on),
    };
    Some(Fix {
        summary: "turn off the public API endpoint and use the private one".into(),
        changes: vec![
            set("vpc_config.0.endpoint_private_access", true),
            set("vpc_config.0.endpoint_public_access", false),
        ],
        applicability: Applicability::Unsafe(
            "kubectl, CI jobs and tools outside the cluster's VPC can no longer reach the API; give them a path into the VPC (VPN, bastion, peering) first".into(),
        ),
    })
}
