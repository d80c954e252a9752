//! AWS-SGM-001: a notebook instance has direct internet access.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-SGM-001",
    title: "SageMaker notebook instance has direct internet access",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_sagemaker_notebook_instance"],
    rationale: "`direct_internet_access = \"Enabled\"` (the default) gives the notebook a SageMaker-managed route to the internet outside your VPC: code run in it can exfiltrate data or pull tools without passing your firewalls, proxies or flow logs.",
    remediation: "Set `direct_internet_access = \"Disabled\"` with `subnet_id` and `security_groups` in your VPC, and provide egress through a NAT gateway or VPC endpoints.",
    references: &[
        "https://docs.aws.amazon.com/sagemaker/latest/dg/appendix-notebook-and-internet-access.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/sagemaker-controls.html#sagemaker-2",
    ],
    aliases: &["CKV_AWS_122"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let direct = svc::str_in(&r, "direct_internet_access", Some("Enabled"), &["Enabled"]);
    svc::hit_if_true(
        &r,
        direct,
        "direct_internet_access",
        "has direct internet access (`direct_internet_access` is `Enabled`, the default)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // disabling direct access is only valid for a notebook placed in a subnet
    if !svc::is_set(&r, "subnet_id").is_true() {
        return None;
    }
    Some(set_attribute_fix(&r, "direct_internet_access", Value::string("Disabled"), "route the notebook's traffic through its VPC only", Applicability::Unsafe("the notebook is replaced and reaches the internet only if its subnet has a NAT gateway or VPC endpoints".into())))
}
