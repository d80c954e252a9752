//! Data stores and keys: RDS, KMS, SNS, SQS, DynamoDB, ECR, EFS.

use super::super::ev::Ev;
use super::{Conv, KindMap, Mapped, Props, TAGS, f};

pub const KINDS: &[KindMap] = &[
    KindMap {
        cfn_type: "AWS::RDS::DBInstance",
        kind: "aws_db_instance",
        fields: &[
            f("DBInstanceIdentifier", "identifier", Conv::Str),
            f("DBClusterIdentifier", "cluster_identifier", Conv::Str),
            f("Engine", "engine", Conv::Str),
            f("EngineVersion", "engine_version", Conv::Str),
            f("DBInstanceClass", "instance_class", Conv::Str),
            f("AllocatedStorage", "allocated_storage", Conv::Num),
            f("StorageType", "storage_type", Conv::Str),
            f("StorageEncrypted", "storage_encrypted", Conv::Bool),
            f("KmsKeyId", "kms_key_id", Conv::Str),
            f("PubliclyAccessible", "publicly_accessible", Conv::Bool),
            f("MultiAZ", "multi_az", Conv::Bool),
            f(
                "BackupRetentionPeriod",
                "backup_retention_period",
                Conv::Num,
            ),
            f("DeletionProtection", "deletion_protection", Conv::Bool),
            f(
                "EnableIAMDatabaseAuthentication",
                "iam_database_authentication_enabled",
                Conv::Bool,
            ),
            f("MasterUsername", "username", Conv::Str),
            f("MasterUserPassword", "password", Conv::Str),
            f(
                "ManageMasterUserPassword",
                "manage_master_user_password",
                Conv::Bool,
            ),
            f("VPCSecurityGroups", "vpc_security_group_ids", Conv::StrList),
            f("DBSubnetGroupName", "db_subnet_group_name", Conv::Str),
            f(
                "AutoMinorVersionUpgrade",
                "auto_minor_version_upgrade",
                Conv::Bool,
            ),
            f(
                "EnablePerformanceInsights",
                "performance_insights_enabled",
                Conv::Bool,
            ),
            f(
                "PerformanceInsightsKMSKeyId",
                "performance_insights_kms_key_id",
                Conv::Str,
            ),
            f("MonitoringInterval", "monitoring_interval", Conv::Num),
            f(
                "EnableCloudwatchLogsExports",
                "enabled_cloudwatch_logs_exports",
                Conv::StrList,
            ),
            f("CopyTagsToSnapshot", "copy_tags_to_snapshot", Conv::Bool),
            TAGS,
        ],
        extra: Some(db_instance),
    },
    KindMap {
        cfn_type: "AWS::RDS::DBCluster",
        kind: "aws_rds_cluster",
        fields: &[
            f("DBClusterIdentifier", "cluster_identifier", Conv::Str),
            f("Engine", "engine", Conv::Str),
            f("EngineVersion", "engine_version", Conv::Str),
            f("EngineMode", "engine_mode", Conv::Str),
            f("StorageEncrypted", "storage_encrypted", Conv::Bool),
            f("KmsKeyId", "kms_key_id", Conv::Str),
            f(
                "BackupRetentionPeriod",
                "backup_retention_period",
                Conv::Num,
            ),
            f("DeletionProtection", "deletion_protection", Conv::Bool),
            f(
                "EnableIAMDatabaseAuthentication",
                "iam_database_authentication_enabled",
                Conv::Bool,
            ),
            f("MasterUsername", "master_username", Conv::Str),
            f("MasterUserPassword", "master_password", Conv::Str),
            f(
                "ManageMasterUserPassword",
                "manage_master_user_password",
                Conv::Bool,
            ),
            f(
                "VpcSecurityGroupIds",
                "vpc_security_group_ids",
                Conv::StrList,
            ),
            f("DBSubnetGroupName", "db_subnet_group_name", Conv::Str),
            f(
                "EnableCloudwatchLogsExports",
                "enabled_cloudwatch_logs_exports",
                Conv::StrList,
            ),
            f("CopyTagsToSnapshot", "copy_tags_to_snapshot", Conv::Bool),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::KMS::Key",
        kind: "aws_kms_key",
        fields: &[
            f("Description", "description", Conv::Str),
            f("EnableKeyRotation", "enable_key_rotation", Conv::Bool),
            f("RotationPeriodInDays", "rotation_period_in_days", Conv::Num),
            f("KeyPolicy", "policy", Conv::Json),
            f("KeySpec", "customer_master_key_spec", Conv::Str),
            f("KeyUsage", "key_usage", Conv::Str),
            f("Enabled", "is_enabled", Conv::Bool),
            f("PendingWindowInDays", "deletion_window_in_days", Conv::Num),
            f("MultiRegion", "multi_region", Conv::Bool),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::KMS::Alias",
        kind: "aws_kms_alias",
        fields: &[
            f("AliasName", "name", Conv::Str),
            f("TargetKeyId", "target_key_id", Conv::Str),
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::SNS::Topic",
        kind: "aws_sns_topic",
        fields: &[
            f("TopicName", "name", Conv::Str),
            f("DisplayName", "display_name", Conv::Str),
            f("KmsMasterKeyId", "kms_master_key_id", Conv::Str),
            f("FifoTopic", "fifo_topic", Conv::Bool),
            f(
                "ContentBasedDeduplication",
                "content_based_deduplication",
                Conv::Bool,
            ),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::SNS::TopicPolicy",
        kind: "aws_sns_topic_policy",
        fields: &[f("PolicyDocument", "policy", Conv::Json)],
        extra: Some(topic_policy),
    },
    KindMap {
        cfn_type: "AWS::SQS::Queue",
        kind: "aws_sqs_queue",
        fields: &[
            f("QueueName", "name", Conv::Str),
            f("KmsMasterKeyId", "kms_master_key_id", Conv::Str),
            f(
                "KmsDataKeyReusePeriodSeconds",
                "kms_data_key_reuse_period_seconds",
                Conv::Num,
            ),
            f(
                "SqsManagedSseEnabled",
                "sqs_managed_sse_enabled",
                Conv::Bool,
            ),
            f("FifoQueue", "fifo_queue", Conv::Bool),
            f(
                "MessageRetentionPeriod",
                "message_retention_seconds",
                Conv::Num,
            ),
            f("VisibilityTimeout", "visibility_timeout_seconds", Conv::Num),
            f("DelaySeconds", "delay_seconds", Conv::Num),
            f("MaximumMessageSize", "max_message_size", Conv::Num),
            f(
                "ReceiveMessageWaitTimeSeconds",
                "receive_wait_time_seconds",
                Conv::Num,
            ),
            f("RedrivePolicy", "redrive_policy", Conv::Json),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::SQS::QueuePolicy",
        kind: "aws_sqs_queue_policy",
        fields: &[f("PolicyDocument", "policy", Conv::Json)],
        extra: Some(queue_policy),
    },
    KindMap {
        cfn_type: "AWS::DynamoDB::Table",
        kind: "aws_dynamodb_table",
        fields: &[
            f("TableName", "name", Conv::Str),
            f("BillingMode", "billing_mode", Conv::Str),
            f(
                "SSESpecification",
                "server_side_encryption",
                Conv::Block(&[
                    f("SSEEnabled", "enabled", Conv::Bool),
                    f("KMSMasterKeyId", "kms_key_arn", Conv::Str),
                ]),
            ),
            f(
                "PointInTimeRecoverySpecification",
                "point_in_time_recovery",
                Conv::Block(&[f("PointInTimeRecoveryEnabled", "enabled", Conv::Bool)]),
            ),
            f(
                "DeletionProtectionEnabled",
                "deletion_protection_enabled",
                Conv::Bool,
            ),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::ECR::Repository",
        kind: "aws_ecr_repository",
        fields: &[
            f("RepositoryName", "name", Conv::Str),
            f("ImageTagMutability", "image_tag_mutability", Conv::Str),
            f(
                "ImageScanningConfiguration",
                "image_scanning_configuration",
                Conv::Block(&[f("ScanOnPush", "scan_on_push", Conv::Bool)]),
            ),
            f(
                "EncryptionConfiguration",
                "encryption_configuration",
                Conv::Block(&[
                    f("EncryptionType", "encryption_type", Conv::Str),
                    f("KmsKey", "kms_key", Conv::Str),
                ]),
            ),
            TAGS,
        ],
        extra: Some(repository_policy),
    },
    KindMap {
        cfn_type: "AWS::EFS::FileSystem",
        kind: "aws_efs_file_system",
        fields: &[
            f("Encrypted", "encrypted", Conv::Bool),
            f("KmsKeyId", "kms_key_id", Conv::Str),
            f("PerformanceMode", "performance_mode", Conv::Str),
            f("ThroughputMode", "throughput_mode", Conv::Str),
            f("FileSystemTags", "tags", Conv::Tags),
        ],
        extra: None,
    },
];

/// An instance that belongs to an Aurora cluster is what Terraform calls a cluster instance.
fn db_instance(m: &mut Mapped, props: &Props) {
    if props.contains_key("DBClusterIdentifier") {
        m.main.kind = "aws_rds_cluster_instance".into();
    }
}

/// `RepositoryPolicyText` → `aws_ecr_repository_policy` at `.policy`, as Terraform keeps it.
fn repository_policy(m: &mut Mapped, props: &Props) {
    if let Some(ev) = props.get("RepositoryPolicyText") {
        let d = m.child(
            "aws_ecr_repository_policy",
            "policy",
            "repository",
            ev.span.clone(),
        );
        d.set("policy", ev, Conv::Json);
    }
}

/// One topic policy per topic it names (Terraform's `aws_sns_topic_policy` has one `arn`).
fn topic_policy(m: &mut Mapped, props: &Props) {
    per_target(m, props, "Topics", "arn");
}

/// One queue policy per queue it names (Terraform's `aws_sqs_queue_policy` has one `queue_url`).
fn queue_policy(m: &mut Mapped, props: &Props) {
    per_target(m, props, "Queues", "queue_url");
}

fn per_target(m: &mut Mapped, props: &Props, property: &str, attribute: &str) {
    let targets: Vec<Ev> = match props.get(property) {
        Some(ev) => ev
            .as_list()
            .map(<[Ev]>::to_vec)
            .unwrap_or_else(|| vec![ev.clone()]),
        None => return,
    };
    let template = m.main.clone();
    for (n, target) in targets.iter().enumerate() {
        let d = if n == 0 {
            &mut m.main
        } else {
            let mut copy = template.clone();
            copy.address = format!("{}.{attribute}.{n}", m.logical_id);
            m.extra.push(copy);
            let last = m.extra.len() - 1;
            &mut m.extra[last]
        };
        d.set(attribute, target, Conv::Str);
    }
}
