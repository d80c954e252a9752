use crate::prelude::*;
use crate::views::logging::vpc_has_flow_log;

pub static RULE: Rule = Rule {
    id: "AWS-VPC-001",
    title: "VPC has no flow log",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_vpc"],
    rationale: "VPC flow logs record the IP traffic accepted and rejected in the VPC. Without them there is no way to \
tell which hosts a compromised instance talked to, whether data left the network, or what a scanner probed — the \
first questions of any network incident. A VPC is fine when any `aws_flow_log` points at it through `vpc_id`; when a \
flow log's `vpc_id` cannot be resolved, the VPC is not reported.",
    remediation: "Add an `aws_flow_log` with `vpc_id` set to the VPC, `traffic_type = \"ALL\"` (or at least \
\"REJECT\"), and a destination: a CloudWatch log group with an IAM role, or an S3 bucket. No machine fix: the \
destination, its retention and the role are decisions, and a placeholder destination would not apply.",
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6",
    ],
    aliases: &[
        "AVD-AWS-0178",
        "aws-ec2-require-vpc-flow-logs-for-all-vpcs",
        "CKV2_AWS_11",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(vpc: ResourceRef<'_>) -> Vec<Hit> {
    if vpc_has_flow_log(vpc).is_false() {
        vec![Hit::resource(format!(
            "VPC `{}` has no flow log",
            vpc.address
        ))]
    } else {
        Vec::new()
    }
}
