//! AWS-EBS-002: an AMI (and the EBS snapshots behind it) is shared with every AWS account.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-EBS-002",
    title: "AMI is shared publicly with every AWS account",
    severity: Severity::High,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: &["aws_ami_launch_permission"],
    rationale: "`group = \"all\"` makes the image public: anyone can launch it and read its EBS snapshots, which often \
hold baked-in credentials, private keys, source code and configuration. (EBS snapshots themselves cannot be made \
public through Terraform: `aws_snapshot_create_volume_permission` only shares with a named account.)",
    remediation: "Remove the public launch permission and share with specific accounts (`account_id`) or your \
organisation (`organization_arn`) instead; `aws_ec2_image_block_public_access` with `state = \"block-new-sharing\"` \
prevents new public sharing account-wide.",
    references: &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html",
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-public-access-to-amis.html",
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
    let public = r
        .str("group")
        .is_some_and(|g| g.trim().eq_ignore_ascii_case("all"));
    if is_managed(&r) && public {
        vec![Hit::at(
            "group",
            format!("`{}` lets every AWS account launch the image", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(Fix {
        summary: "remove the public launch permission".into(),
        changes: vec![Change::RemoveResource {
            address: r.address.clone(),
        }],
        applicability: Applicability::Unsafe(
            "accounts that launch the image through its public sharing lose access".into(),
        ),
    })
}
