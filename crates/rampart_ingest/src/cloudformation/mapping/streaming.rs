//! Streaming and messaging: Kinesis data streams, MSK (Kafka) clusters, Amazon MQ brokers.

use super::{Conv, Field, KindMap, Mapped, Props, TAGS, f};

pub const KINDS: &[KindMap] = &[
    KindMap {
        cfn_type: "AWS::Kinesis::Stream",
        kind: "aws_kinesis_stream",
        fields: &[
            f("Name", "name", Conv::Str),
            f("ShardCount", "shard_count", Conv::Num),
            f("RetentionPeriodHours", "retention_period", Conv::Num),
            f(
                "StreamModeDetails",
                "stream_mode_details",
                Conv::Block(&[f("StreamMode", "stream_mode", Conv::Str)]),
            ),
            TAGS,
        ],
        extra: Some(stream_encryption),
    },
    KindMap {
        cfn_type: "AWS::MSK::Cluster",
        kind: "aws_msk_cluster",
        fields: &[
            f("ClusterName", "cluster_name", Conv::Str),
            f("KafkaVersion", "kafka_version", Conv::Str),
            f("NumberOfBrokerNodes", "number_of_broker_nodes", Conv::Num),
            f("EnhancedMonitoring", "enhanced_monitoring", Conv::Str),
            f(
                "BrokerNodeGroupInfo",
                "broker_node_group_info",
                Conv::Block(&[
                    f("InstanceType", "instance_type", Conv::Str),
                    f("ClientSubnets", "client_subnets", Conv::StrList),
                    f("SecurityGroups", "security_groups", Conv::StrList),
                    f(
                        "ConnectivityInfo",
                        "connectivity_info",
                        Conv::Block(&[f(
                            "PublicAccess",
                            "public_access",
                            Conv::Block(&[f("Type", "type", Conv::Str)]),
                        )]),
                    ),
                ]),
            ),
            f(
                "EncryptionInfo",
                "encryption_info",
                Conv::Block(&[f(
                    "EncryptionInTransit",
                    "encryption_in_transit",
                    Conv::Block(&[
                        f("ClientBroker", "client_broker", Conv::Str),
                        f("InCluster", "in_cluster", Conv::Bool),
                    ]),
                )]),
            ),
            f(
                "LoggingInfo",
                "logging_info",
                Conv::Block(&[f(
                    "BrokerLogs",
                    "broker_logs",
                    Conv::Block(&[
                        f(
                            "CloudWatchLogs",
                            "cloudwatch_logs",
                            Conv::Block(&[
                                f("Enabled", "enabled", Conv::Bool),
                                f("LogGroup", "log_group", Conv::Str),
                            ]),
                        ),
                        f(
                            "Firehose",
                            "firehose",
                            Conv::Block(&[
                                f("Enabled", "enabled", Conv::Bool),
                                f("DeliveryStream", "delivery_stream", Conv::Str),
                            ]),
                        ),
                        f(
                            "S3",
                            "s3",
                            Conv::Block(&[
                                f("Enabled", "enabled", Conv::Bool),
                                f("Bucket", "bucket", Conv::Str),
                                f("Prefix", "prefix", Conv::Str),
                            ]),
                        ),
                    ]),
                )]),
            ),
            f("Tags", "tags", Conv::Same),
        ],
        extra: Some(msk_encryption_at_rest),
    },
    KindMap {
        cfn_type: "AWS::AmazonMQ::Broker",
        kind: "aws_mq_broker",
        fields: &[
            f("BrokerName", "broker_name", Conv::Str),
            f("EngineType", "engine_type", Conv::Str),
            f("EngineVersion", "engine_version", Conv::Str),
            f("HostInstanceType", "host_instance_type", Conv::Str),
            f("DeploymentMode", "deployment_mode", Conv::Str),
            f("PubliclyAccessible", "publicly_accessible", Conv::Bool),
            f(
                "AutoMinorVersionUpgrade",
                "auto_minor_version_upgrade",
                Conv::Bool,
            ),
            f("SecurityGroups", "security_groups", Conv::StrList),
            f("SubnetIds", "subnet_ids", Conv::StrList),
            f(
                "Logs",
                "logs",
                Conv::Block(&[
                    f("Audit", "audit", Conv::Bool),
                    f("General", "general", Conv::Bool),
                ]),
            ),
            f(
                "EncryptionOptions",
                "encryption_options",
                Conv::Block(&[
                    f("KmsKeyId", "kms_key_id", Conv::Str),
                    f("UseAwsOwnedKey", "use_aws_owned_key", Conv::Bool),
                ]),
            ),
            f("Users", "user", Conv::Blocks(MQ_USER)),
            TAGS,
        ],
        extra: None,
    },
];

const MQ_USER: &[Field] = &[
    f("Username", "username", Conv::Str),
    f("Password", "password", Conv::Str),
    f("ConsoleAccess", "console_access", Conv::Bool),
    f("Groups", "groups", Conv::StrList),
];

/// `StreamEncryption` properties → top-level Terraform attributes.
pub const STREAM_ENCRYPTION: &[Field] = &[
    f("EncryptionType", "encryption_type", Conv::Str),
    f("KeyId", "kms_key_id", Conv::Str),
];

/// `StreamEncryption: {EncryptionType, KeyId}` → top-level `encryption_type`, `kms_key_id`.
fn stream_encryption(m: &mut Mapped, props: &Props) {
    if let Some(encryption) = props.get("StreamEncryption").and_then(|e| e.as_map()) {
        m.main.fields(encryption, STREAM_ENCRYPTION);
    }
}

/// `EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId` →
/// `encryption_info.0.encryption_at_rest_kms_key_arn`.
fn msk_encryption_at_rest(m: &mut Mapped, props: &Props) {
    let key = props
        .get("EncryptionInfo")
        .and_then(|e| e.get("EncryptionAtRest"))
        .and_then(|a| a.get("DataVolumeKMSKeyId"));
    if let Some(key) = key {
        let value = super::convert(
            key,
            Conv::Str,
            "encryption_info.0.encryption_at_rest_kms_key_arn",
            &mut m.main.spans,
            &mut m.main.value_origins,
        );
        m.main.set_in_block(
            "encryption_info",
            "encryption_at_rest_kms_key_arn",
            value,
            key.span.clone(),
        );
    }
}
