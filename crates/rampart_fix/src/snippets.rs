//! boto3 scripts and Pulumi (Python) snippets for the fixes that map to one API call or one
//! resource argument: block public access, versioning, encryption, IMDSv2, closing ingress,
//! RDS public access, key rotation and the like. Table-driven per (resource kind, change),
//! filled with the real identifiers like the CLI commands (see [`crate::aws_cli`]).
//!
//! Renders text only; never runs it. Every boto3 snippet is compiled and checked against
//! botocore's service models by `tests/awscli.rs`.

use crate::aws_cli::{On, fill_for, fill_sample, subject};
use rampart_model::{Change, Inventory};
use std::collections::BTreeMap;
use std::sync::Arc;

struct Snippet {
    kind: &'static str,
    on: On,
    boto3: &'static str,
    /// Pulumi is declarative: the argument to set on the resource (or the resource to add).
    pulumi: Option<&'static str>,
}

const fn snippet(
    kind: &'static str,
    on: On,
    boto3: &'static str,
    pulumi: Option<&'static str>,
) -> Snippet {
    Snippet {
        kind,
        on,
        boto3,
        pulumi,
    }
}

use On::{Adds, Attribute, Removal};

const PAB_BOTO3: &str = r#"s3 = boto3.client("s3", region_name="{region}")
s3.put_public_access_block(
    Bucket="{bucket}",
    PublicAccessBlockConfiguration={
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    },
)
print(s3.get_public_access_block(Bucket="{bucket}")["PublicAccessBlockConfiguration"])
"#;
const PAB_PULUMI: &str = r#"aws.s3.BucketPublicAccessBlock(
    "{bucket}-public-access-block",
    bucket="{bucket}",
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)
"#;
const VERSIONING_BOTO3: &str = r#"s3 = boto3.client("s3", region_name="{region}")
s3.put_bucket_versioning(Bucket="{bucket}", VersioningConfiguration={"Status": "Enabled"})
print(s3.get_bucket_versioning(Bucket="{bucket}").get("Status"))
"#;
const VERSIONING_PULUMI: &str = r#"aws.s3.BucketVersioningV2(
    "{bucket}-versioning",
    bucket="{bucket}",
    versioning_configuration=aws.s3.BucketVersioningV2VersioningConfigurationArgs(status="Enabled"),
)
"#;
const ACL_BOTO3: &str = r#"s3 = boto3.client("s3", region_name="{region}")
s3.put_bucket_acl(Bucket="{bucket}", ACL="private")
print(s3.get_bucket_acl(Bucket="{bucket}")["Grants"])
"#;
const INGRESS_BOTO3: &str = r#"ec2 = boto3.client("ec2", region_name="{region}")
ec2.revoke_security_group_ingress(
    GroupId="{group_id}",
    IpPermissions={ip_permissions},
)
print(ec2.describe_security_groups(GroupIds=["{group_id}"])["SecurityGroups"][0]["IpPermissions"])
"#;
const RDS_PUBLIC_BOTO3: &str = r#"rds = boto3.client("rds", region_name="{region}")
rds.modify_db_instance(DBInstanceIdentifier="{identifier}", PubliclyAccessible=False, ApplyImmediately=True)
print(rds.describe_db_instances(DBInstanceIdentifier="{identifier}")["DBInstances"][0]["PubliclyAccessible"])
"#;
const EBS_BOTO3: &str = r#"ec2 = boto3.client("ec2", region_name="{region}")
ec2.enable_ebs_encryption_by_default()
print(ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"])
"#;
const EBS_PULUMI: &str = r#"aws.ebs.EncryptionByDefault("ebs-encryption-by-default", enabled=True)
"#;

const SNIPPETS: &[Snippet] = &[
    snippet(
        "aws_s3_bucket",
        Adds("aws_s3_bucket_public_access_block"),
        PAB_BOTO3,
        Some(PAB_PULUMI),
    ),
    snippet(
        "aws_s3_bucket_public_access_block",
        Attribute(""),
        PAB_BOTO3,
        Some(PAB_PULUMI),
    ),
    snippet(
        "aws_s3_bucket",
        Adds("aws_s3_bucket_versioning"),
        VERSIONING_BOTO3,
        Some(VERSIONING_PULUMI),
    ),
    snippet(
        "aws_s3_bucket",
        Attribute("versioning"),
        VERSIONING_BOTO3,
        Some(VERSIONING_PULUMI),
    ),
    snippet(
        "aws_s3_bucket_versioning",
        Attribute("versioning_configuration"),
        VERSIONING_BOTO3,
        Some(VERSIONING_PULUMI),
    ),
    snippet(
        "aws_s3_bucket",
        Adds("aws_s3_bucket_server_side_encryption_configuration"),
        r#"s3 = boto3.client("s3", region_name="{region}")
s3.put_bucket_encryption(
    Bucket="{bucket}",
    ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]
    },
)
print(s3.get_bucket_encryption(Bucket="{bucket}")["ServerSideEncryptionConfiguration"])
"#,
        Some(
            r#"aws.s3.BucketServerSideEncryptionConfigurationV2(
    "{bucket}-encryption",
    bucket="{bucket}",
    rules=[
        aws.s3.BucketServerSideEncryptionConfigurationV2RuleArgs(
            apply_server_side_encryption_by_default=aws.s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs(
                sse_algorithm="aws:kms",
            ),
        )
    ],
)
"#,
        ),
    ),
    snippet(
        "aws_s3_bucket",
        Attribute("acl"),
        ACL_BOTO3,
        Some("aws.s3.BucketAclV2(\"{bucket}-acl\", bucket=\"{bucket}\", acl=\"private\")\n"),
    ),
    snippet(
        "aws_s3_bucket_acl",
        Attribute("acl"),
        ACL_BOTO3,
        Some("aws.s3.BucketAclV2(\"{bucket}-acl\", bucket=\"{bucket}\", acl=\"private\")\n"),
    ),
    snippet(
        "aws_instance",
        Attribute("metadata_options"),
        r#"ec2 = boto3.client("ec2", region_name="{region}")
ec2.modify_instance_metadata_options(InstanceId="{id}", HttpTokens="required", HttpEndpoint="enabled")
reservations = ec2.describe_instances(InstanceIds=["{id}"])["Reservations"]
print(reservations[0]["Instances"][0]["MetadataOptions"])
"#,
        Some(
            r#"# keep the instance's other arguments
aws.ec2.Instance(
    "{name}",
    metadata_options=aws.ec2.InstanceMetadataOptionsArgs(http_tokens="required", http_endpoint="enabled"),
)
"#,
        ),
    ),
    snippet(
        "aws_security_group",
        Attribute("ingress"),
        INGRESS_BOTO3,
        None,
    ),
    snippet("aws_security_group_rule", Removal, INGRESS_BOTO3, None),
    snippet(
        "aws_db_instance",
        Attribute("publicly_accessible"),
        RDS_PUBLIC_BOTO3,
        Some(
            "# keep the instance's other arguments\naws.rds.Instance(\"{identifier}\", publicly_accessible=False)\n",
        ),
    ),
    snippet(
        "aws_kms_key",
        Attribute("enable_key_rotation"),
        r#"kms = boto3.client("kms", region_name="{region}")
kms.enable_key_rotation(KeyId="{id}")
print(kms.get_key_rotation_status(KeyId="{id}")["KeyRotationEnabled"])
"#,
        Some(
            "# keep the key's other arguments\naws.kms.Key(\"{name}\", enable_key_rotation=True)\n",
        ),
    ),
    snippet(
        "aws_cloudtrail",
        Attribute("enable_log_file_validation"),
        r#"cloudtrail = boto3.client("cloudtrail", region_name="{region}")
cloudtrail.update_trail(Name="{name}", EnableLogFileValidation=True)
print(cloudtrail.get_trail(Name="{name}")["Trail"]["LogFileValidationEnabled"])
"#,
        Some(
            "# keep the trail's other arguments\naws.cloudtrail.Trail(\"{name}\", enable_log_file_validation=True)\n",
        ),
    ),
    snippet(
        "aws_ebs_volume",
        Attribute("encrypted"),
        EBS_BOTO3,
        Some(EBS_PULUMI),
    ),
    snippet(
        "aws_instance",
        Attribute("root_block_device"),
        EBS_BOTO3,
        Some(EBS_PULUMI),
    ),
    snippet(
        "aws_ecr_repository",
        Attribute("image_scanning_configuration"),
        r#"ecr = boto3.client("ecr", region_name="{region}")
ecr.put_image_scanning_configuration(repositoryName="{name}", imageScanningConfiguration={"scanOnPush": True})
print(ecr.describe_repositories(repositoryNames=["{name}"])["repositories"][0]["imageScanningConfiguration"])
"#,
        Some(
            "# keep the repository's other arguments\naws.ecr.Repository(\n    \"{name}\",\n    image_scanning_configuration=aws.ecr.RepositoryImageScanningConfigurationArgs(scan_on_push=True),\n)\n",
        ),
    ),
    snippet(
        "aws_subnet",
        Attribute("map_public_ip_on_launch"),
        r#"ec2 = boto3.client("ec2", region_name="{region}")
ec2.modify_subnet_attribute(SubnetId="{id}", MapPublicIpOnLaunch={"Value": False})
print(ec2.describe_subnets(SubnetIds=["{id}"])["Subnets"][0]["MapPublicIpOnLaunch"])
"#,
        Some(
            "# keep the subnet's other arguments\naws.ec2.Subnet(\"{name}\", map_public_ip_on_launch=False)\n",
        ),
    ),
    snippet(
        "aws_cloudwatch_log_group",
        Attribute("retention_in_days"),
        r#"logs = boto3.client("logs", region_name="{region}")
logs.put_retention_policy(logGroupName="{name}", retentionInDays={new})
print(logs.describe_log_groups(logGroupNamePrefix="{name}")["logGroups"][0].get("retentionInDays"))
"#,
        Some(
            "# keep the log group's other arguments\naws.cloudwatch.LogGroup(\"{name}\", retention_in_days={new})\n",
        ),
    ),
    snippet(
        "aws_sqs_queue",
        Attribute("sqs_managed_sse_enabled"),
        r#"sqs = boto3.client("sqs", region_name="{region}")
sqs.set_queue_attributes(QueueUrl="{@url|queue-url}", Attributes={"SqsManagedSseEnabled": "true"})
print(sqs.get_queue_attributes(QueueUrl="{@url|queue-url}", AttributeNames=["SqsManagedSseEnabled"])["Attributes"])
"#,
        Some(
            "# keep the queue's other arguments\naws.sqs.Queue(\"{name}\", sqs_managed_sse_enabled=True)\n",
        ),
    ),
    snippet(
        "aws_dynamodb_table",
        Attribute("point_in_time_recovery"),
        r#"dynamodb = boto3.client("dynamodb", region_name="{region}")
dynamodb.update_continuous_backups(
    TableName="{name}",
    PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
)
print(dynamodb.describe_continuous_backups(TableName="{name}")["ContinuousBackupsDescription"])
"#,
        Some(
            "# keep the table's other arguments\naws.dynamodb.Table(\n    \"{name}\",\n    point_in_time_recovery=aws.dynamodb.TablePointInTimeRecoveryArgs(enabled=True),\n)\n",
        ),
    ),
];

const BOTO3_HEADER: &str = "import boto3\n\n";
const PULUMI_HEADER: &str = "import pulumi_aws as aws\n\n";

/// The boto3 script and the Pulumi snippet for the changes of one fix, when the table has them.
pub fn render(
    inventory: &Inventory,
    sources: &BTreeMap<Arc<str>, Arc<str>>,
    changes: &[Change],
) -> (Option<String>, Option<String>) {
    let mut boto3: Vec<String> = Vec::new();
    let mut pulumi: Vec<String> = Vec::new();
    for change in changes {
        let Some(resource) = inventory.by_address(subject(change)) else {
            continue;
        };
        let Some(row) = SNIPPETS
            .iter()
            .find(|s| s.kind == resource.kind && s.on.answers(change))
        else {
            continue;
        };
        // values computed from a file's contents are never printed: placeholders instead
        let change = &*crate::redact::printable_change(resource.resource(), change);
        let r = &*crate::redact::printable(resource.resource());
        let script = fill_for(inventory, r, sources, change, row.boto3);
        if !boto3.contains(&script) {
            boto3.push(script);
        }
        if let Some(template) = row.pulumi {
            let snippet = fill_for(inventory, r, sources, change, template);
            if !pulumi.contains(&snippet) {
                pulumi.push(snippet);
            }
        }
    }
    let join = |header: &str, parts: Vec<String>| {
        (!parts.is_empty()).then(|| format!("{header}{}", parts.join("\n")))
    };
    (join(BOTO3_HEADER, boto3), join(PULUMI_HEADER, pulumi))
}

/// Every boto3 and Pulumi snippet of the table with placeholders filled, for the checks in
/// `tests/awscli.rs`: (what it is, boto3 script, Pulumi snippet).
pub fn table_snippets() -> Vec<(String, String, Option<String>)> {
    SNIPPETS
        .iter()
        .map(|s| {
            (
                s.kind.to_string(),
                format!("{BOTO3_HEADER}{}", fill_sample(s.kind, s.boto3)),
                s.pulumi
                    .map(|p| format!("{PULUMI_HEADER}{}", fill_sample(s.kind, p))),
            )
        })
        .collect()
}
