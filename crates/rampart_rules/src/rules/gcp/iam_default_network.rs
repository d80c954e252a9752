//! GCP-IAM-009: a project is created with the default network.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "GCP-IAM-009",
    title: "Project is created with the default network",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Gcp,
    kinds: &["google_project"],
    rationale: "The auto-created `default` network has a subnet in every region and pre-populated firewall rules \
that admit SSH (22), RDP (3389) and ICMP from `0.0.0.0/0` and everything between its subnets. Every VM placed in it \
without thought is reachable from the internet. `auto_create_network` defaults to `true` on `google_project`.",
    remediation: "Set `auto_create_network = false` and create a custom-mode VPC with the subnets and firewall rules \
the project needs; enforce the `compute.skipDefaultNetworkCreation` organization policy for new projects.",
    references: &[
        "https://cloud.google.com/vpc/docs/vpc#default-network",
        "https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_project#auto_create_network",
    ],
    aliases: &[
        "AVD-GCP-0010",
        "google-iam-no-default-network",
        "CKV_GCP_27",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && flag(&r, "auto_create_network", true).is_true() {
        vec![Hit::at(
            "auto_create_network",
            format!("`{}` keeps the auto-created default network", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "auto_create_network",
        Value::Bool(false),
        "do not create the default network",
        Applicability::Unsafe("on an existing project Terraform deletes the default network, and VMs attached to it lose connectivity".into()),
    ))
}
