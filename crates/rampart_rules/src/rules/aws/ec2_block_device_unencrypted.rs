use crate::prelude::*;
use crate::views::defaults::{Read, ebs_encryption_by_default, value_or_default};

pub static RULE: Rule = Rule {
    id: "AWS-EC2-008",
    title: "Instance or launch configuration has an unencrypted block device",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &[
        "aws_instance",
        "aws_launch_configuration",
        "aws_launch_template",
    ],
    rationale: "An unencrypted root or EBS block device stores the instance's data — and every snapshot and AMI made \
from it — in clear text. A snapshot shared by mistake or copied to another account can then be read directly. For \
`aws_instance` and `aws_launch_configuration`, a root device declared with `encrypted = false` is reported unless \
`aws_ebs_encryption_by_default` is enabled in the same root. A root device without `encrypted` (or none declared) \
is encrypted as the AMI's root snapshot is — a public AMI's is not — so the check is undecided unless encryption by \
default is enabled in the same root, and is never reported as a finding; an `ebs_block_device` created from a \
snapshot inherits the snapshot's encryption and is not reported. \
For `aws_launch_template` only an explicit `encrypted = \"false\"` is reported, because an omitted value keeps the \
AMI's mapping.",
    remediation: "Set `encrypted = true` (optionally `kms_key_id`) on `root_block_device` and every \
`ebs_block_device`, or enable EBS encryption by default for the region with `aws_ebs_encryption_by_default`. \
Changing encryption of an existing device replaces the instance.",
    references: &[
        "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/RootDeviceStorage.html",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance#ebs-ephemeral-and-root-block-devices",
    ],
    aliases: &[
        "CKV_AWS_8",
        "AVD-AWS-0131",
        "aws-ec2-enable-at-rest-encryption",
        "AVD-AWS-0008",
        "aws-ec2-enable-launch-config-at-rest-encryption",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let by_default = ebs_encryption_by_default(&r);
    if !by_default.is_false() {
        return Vec::new();
    }
    if r.kind == "aws_launch_template" {
        return launch_template_hits(&r);
    }
    let mut hits = Vec::new();
    const ROOT: &str = "root_block_device.0.encrypted";
    match r.get("root_block_device") {
        Some(Value::Unknown(_)) => {}
        _ => match value_or_default(&r, ROOT) {
            Read::Written(v) if v.truth().is_false() => hits.push(Hit::at(
                ROOT,
                format!("root block device of `{}` is not encrypted", r.address),
            )),
            // no root device, or one without `encrypted`: the volume is encrypted as the AMI's
            // root snapshot is, which the code does not show (a public AMI's is not)
            Read::Depends(_) if r.is_from_template() => rampart_model::undecided::note_depends(
                ROOT,
                &format!(
                    "the root volume of `{}` is encrypted only if the AMI's root snapshot is, which the template \
does not show (a public AMI's is not), or if EBS encryption by default is on in the account",
                    r.address
                ),
            ),
            Read::Depends(_) => rampart_model::undecided::note_depends(
                ROOT,
                &format!(
                    "the root volume of `{}` is encrypted only if the AMI's root snapshot is, which the code does \
not show (a public AMI's is not), and no `aws_ebs_encryption_by_default` with `enabled = true` is declared in \
this root",
                    r.address
                ),
            ),
            _ => {}
        },
    }
    if let Some(Value::List(devices)) = r.get("ebs_block_device") {
        for (i, device) in devices.iter().enumerate() {
            let from_snapshot = device.get("snapshot_id").is_some_and(|v| !v.is_null());
            let encrypted = match device.get("encrypted") {
                None | Some(Value::Null) if from_snapshot => Truth::Unknown,
                None | Some(Value::Null) => Truth::False,
                Some(v) => v.truth(),
            };
            if encrypted.is_false() {
                let name = device
                    .get("device_name")
                    .and_then(Value::as_str)
                    .unwrap_or("?");
                hits.push(Hit::at(
                    format!("ebs_block_device.{i}.encrypted"),
                    format!(
                        "EBS block device `{name}` of `{}` is not encrypted",
                        r.address
                    ),
                ));
            }
        }
    }
    hits
}

fn launch_template_hits(r: &ResourceRef<'_>) -> Vec<Hit> {
    let Some(Value::List(mappings)) = r.get("block_device_mappings") else {
        return Vec::new();
    };
    mappings
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.path("ebs.0.encrypted")
                .is_some_and(|v| v.truth().is_false() && !v.is_null())
        })
        .map(|(i, m)| {
            let name = m.get("device_name").and_then(Value::as_str).unwrap_or("?");
            Hit::at(
                format!("block_device_mappings.{i}.ebs.0.encrypted"),
                format!(
                    "launch template `{}` maps `{name}` to an unencrypted EBS volume",
                    r.address
                ),
            )
        })
        .collect()
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let path = hit
        .attribute
        .clone()
        .unwrap_or_else(|| "root_block_device.0.encrypted".into());
    let value = if r.kind == "aws_launch_template" {
        Value::string("true")
    } else {
        Value::Bool(true)
    };
    Some(Fix {
        summary: "encrypt the block device".into(),
        changes: vec![Change::SetAttribute { address: r.address.clone(), path, value }],
        applicability: Applicability::Unsafe(
            "changing the encryption of an existing device replaces the instance (new volume, data on the old root \
volume is lost unless it was moved)"
                .into(),
        ),
    })
}
