//! AWS-ECS-002: an EFS volume is mounted without TLS.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-ECS-002",
    title: "ECS task definition mounts an EFS volume without encryption in transit",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_ecs_task_definition"],
    rationale: "With `transit_encryption` left at `DISABLED` (the default), file data between the task and EFS crosses the VPC in clear text, readable by anything that can capture traffic on the path (a compromised host, traffic mirroring). IAM authorization of the mount (`authorization_config.iam`) also requires it.",
    remediation: "Set `efs_volume_configuration { transit_encryption = \"ENABLED\" }` on every EFS volume.",
    references: &[
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html",
        "https://docs.aws.amazon.com/efs/latest/ug/encryption-in-transit.html",
    ],
    aliases: &[
        "AVD-AWS-0035",
        "aws-ecs-enable-in-transit-encryption",
        "CKV_AWS_97",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    let Some(volumes) = r.get("volume") else {
        return hits;
    };
    for (i, volume) in volumes.items().into_iter().enumerate() {
        let Some(efs) = volume
            .get("efs_volume_configuration")
            .and_then(|e| e.items().into_iter().next())
        else {
            continue;
        };
        if efs.is_unknown() {
            continue;
        }
        let encrypted = svc::field_in(efs, "transit_encryption", Some("DISABLED"), &["ENABLED"]);
        let name = volume.get("name").and_then(Value::as_str).unwrap_or("?");
        hits.extend(svc::hit_if_false(
            &r,
            encrypted,
            &format!("volume.{i}.efs_volume_configuration.0.transit_encryption"),
            &format!("mounts EFS volume `{name}` without encryption in transit"),
        ));
    }
    hits
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let path = hit.attribute.clone()?;
    Some(set_attribute_fix(
        &r,
        &path,
        Value::string("ENABLED"),
        "encrypt the EFS mount in transit",
        Applicability::Unsafe("tasks on the EC2 launch type need the EFS mount helper (the ECS-optimized AMI has it) and port 2049 open to the file system".into()),
    ))
}
