//! Managed databases, caches and search: DocumentDB, Neptune, DAX, Redshift, ElastiCache,
//! OpenSearch and Elasticsearch domains.

use super::{Conv, Field, KindMap, Mapped, Props, TAGS, f};
use rampart_model::Value;
use std::collections::BTreeMap;

pub const KINDS: &[KindMap] = &[
    KindMap {
        cfn_type: "AWS::DocDB::DBCluster",
        kind: "aws_docdb_cluster",
        fields: &[
            f("DBClusterIdentifier", "cluster_identifier", Conv::Str),
            f("EngineVersion", "engine_version", Conv::Str),
            f("StorageEncrypted", "storage_encrypted", Conv::Bool),
            f("KmsKeyId", "kms_key_id", Conv::Str),
            f(
                "EnableCloudwatchLogsExports",
                "enabled_cloudwatch_logs_exports",
                Conv::StrList,
            ),
            f("MasterUsername", "master_username", Conv::Str),
            f("MasterUserPassword", "master_password", Conv::Str),
            f(
                "BackupRetentionPeriod",
                "backup_retention_period",
                Conv::Num,
            ),
            f("DeletionProtection", "deletion_protection", Conv::Bool),
            f(
                "VpcSecurityGroupIds",
                "vpc_security_group_ids",
                Conv::StrList,
            ),
            f("DBSubnetGroupName", "db_subnet_group_name", Conv::Str),
            f("Port", "port", Conv::Num),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::DocDB::DBInstance",
        kind: "aws_docdb_cluster_instance",
        fields: &[
            f("DBClusterIdentifier", "cluster_identifier", Conv::Str),
            f("DBInstanceIdentifier", "identifier", Conv::Str),
            f("DBInstanceClass", "instance_class", Conv::Str),
            f(
                "AutoMinorVersionUpgrade",
                "auto_minor_version_upgrade",
                Conv::Bool,
            ),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::Neptune::DBCluster",
        kind: "aws_neptune_cluster",
        fields: &[
            f("DBClusterIdentifier", "cluster_identifier", Conv::Str),
            f("EngineVersion", "engine_version", Conv::Str),
            f("StorageEncrypted", "storage_encrypted", Conv::Bool),
            f("KmsKeyId", "kms_key_arn", Conv::Str),
            f(
                "EnableCloudwatchLogsExports",
                "enable_cloudwatch_logs_exports",
                Conv::StrList,
            ),
            f(
                "IamAuthEnabled",
                "iam_database_authentication_enabled",
                Conv::Bool,
            ),
            f(
                "BackupRetentionPeriod",
                "backup_retention_period",
                Conv::Num,
            ),
            f("DeletionProtection", "deletion_protection", Conv::Bool),
            f(
                "VpcSecurityGroupIds",
                "vpc_security_group_ids",
                Conv::StrList,
            ),
            f("DBSubnetGroupName", "neptune_subnet_group_name", Conv::Str),
            f("Port", "port", Conv::Num),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::DAX::Cluster",
        kind: "aws_dax_cluster",
        fields: &[
            f("ClusterName", "cluster_name", Conv::Str),
            f("NodeType", "node_type", Conv::Str),
            f("ReplicationFactor", "replication_factor", Conv::Num),
            f("IAMRoleARN", "iam_role_arn", Conv::Str),
            f("SubnetGroupName", "subnet_group_name", Conv::Str),
            f("SecurityGroupIds", "security_group_ids", Conv::StrList),
            f(
                "ClusterEndpointEncryptionType",
                "cluster_endpoint_encryption_type",
                Conv::Str,
            ),
            f(
                "SSESpecification",
                "server_side_encryption",
                Conv::Block(&[f("SSEEnabled", "enabled", Conv::Bool)]),
            ),
            f("Tags", "tags", Conv::Same),
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::Redshift::Cluster",
        kind: "aws_redshift_cluster",
        fields: &[
            f("ClusterIdentifier", "cluster_identifier", Conv::Str),
            f("NodeType", "node_type", Conv::Str),
            f("ClusterType", "cluster_type", Conv::Str),
            f("NumberOfNodes", "number_of_nodes", Conv::Num),
            f("DBName", "database_name", Conv::Str),
            f("MasterUsername", "master_username", Conv::Str),
            f("MasterUserPassword", "master_password", Conv::Str),
            f("ManageMasterPassword", "manage_master_password", Conv::Bool),
            f("Encrypted", "encrypted", Conv::Bool),
            f("KmsKeyId", "kms_key_id", Conv::Str),
            f("PubliclyAccessible", "publicly_accessible", Conv::Bool),
            f(
                "ClusterSubnetGroupName",
                "cluster_subnet_group_name",
                Conv::Str,
            ),
            f(
                "VpcSecurityGroupIds",
                "vpc_security_group_ids",
                Conv::StrList,
            ),
            f("EnhancedVpcRouting", "enhanced_vpc_routing", Conv::Bool),
            f(
                "AutomatedSnapshotRetentionPeriod",
                "automated_snapshot_retention_period",
                Conv::Num,
            ),
            f(
                "LoggingProperties",
                "logging",
                Conv::Block(&[
                    f("BucketName", "bucket_name", Conv::Str),
                    f("S3KeyPrefix", "s3_key_prefix", Conv::Str),
                    f("LogDestinationType", "log_destination_type", Conv::Str),
                    f("LogExports", "log_exports", Conv::StrList),
                ]),
            ),
            TAGS,
        ],
        extra: Some(redshift_logging),
    },
    KindMap {
        cfn_type: "AWS::ElastiCache::ReplicationGroup",
        kind: "aws_elasticache_replication_group",
        fields: &[
            f("ReplicationGroupId", "replication_group_id", Conv::Str),
            f("ReplicationGroupDescription", "description", Conv::Str),
            f("Engine", "engine", Conv::Str),
            f("EngineVersion", "engine_version", Conv::Str),
            f("CacheNodeType", "node_type", Conv::Str),
            f("NumCacheClusters", "num_cache_clusters", Conv::Num),
            f(
                "AtRestEncryptionEnabled",
                "at_rest_encryption_enabled",
                Conv::Bool,
            ),
            f(
                "TransitEncryptionEnabled",
                "transit_encryption_enabled",
                Conv::Bool,
            ),
            f(
                "TransitEncryptionMode",
                "transit_encryption_mode",
                Conv::Str,
            ),
            f("AuthToken", "auth_token", Conv::Str),
            f("UserGroupIds", "user_group_ids", Conv::StrList),
            f("KmsKeyId", "kms_key_id", Conv::Str),
            f(
                "SnapshotRetentionLimit",
                "snapshot_retention_limit",
                Conv::Num,
            ),
            f(
                "AutomaticFailoverEnabled",
                "automatic_failover_enabled",
                Conv::Bool,
            ),
            f("MultiAZEnabled", "multi_az_enabled", Conv::Bool),
            f("SecurityGroupIds", "security_group_ids", Conv::StrList),
            f("CacheSubnetGroupName", "subnet_group_name", Conv::Str),
            f("Port", "port", Conv::Num),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::ElastiCache::CacheCluster",
        kind: "aws_elasticache_cluster",
        fields: &[
            f("ClusterName", "cluster_id", Conv::Str),
            f("Engine", "engine", Conv::Str),
            f("EngineVersion", "engine_version", Conv::Str),
            f("CacheNodeType", "node_type", Conv::Str),
            f("NumCacheNodes", "num_cache_nodes", Conv::Num),
            f(
                "SnapshotRetentionLimit",
                "snapshot_retention_limit",
                Conv::Num,
            ),
            f(
                "TransitEncryptionEnabled",
                "transit_encryption_enabled",
                Conv::Bool,
            ),
            f("VpcSecurityGroupIds", "security_group_ids", Conv::StrList),
            f("CacheSubnetGroupName", "subnet_group_name", Conv::Str),
            f("AZMode", "az_mode", Conv::Str),
            f("Port", "port", Conv::Num),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::ElastiCache::SecurityGroup",
        kind: "aws_elasticache_security_group",
        fields: &[f("Description", "description", Conv::Str), TAGS],
        extra: Some(cache_security_group),
    },
    KindMap {
        cfn_type: "AWS::OpenSearchService::Domain",
        kind: "aws_opensearch_domain",
        fields: SEARCH_DOMAIN,
        extra: Some(log_publishing_options),
    },
    KindMap {
        cfn_type: "AWS::Elasticsearch::Domain",
        kind: "aws_elasticsearch_domain",
        fields: SEARCH_DOMAIN,
        extra: Some(log_publishing_options),
    },
];

/// What OpenSearch and (legacy) Elasticsearch domains share, under the same Terraform names.
const SEARCH_DOMAIN: &[Field] = &[
    f("DomainName", "domain_name", Conv::Str),
    f("EngineVersion", "engine_version", Conv::Str),
    f("ElasticsearchVersion", "elasticsearch_version", Conv::Str),
    f("AccessPolicies", "access_policies", Conv::Json),
    f(
        "EncryptionAtRestOptions",
        "encrypt_at_rest",
        Conv::Block(&[
            f("Enabled", "enabled", Conv::Bool),
            f("KmsKeyId", "kms_key_id", Conv::Str),
        ]),
    ),
    f(
        "NodeToNodeEncryptionOptions",
        "node_to_node_encryption",
        Conv::Block(&[f("Enabled", "enabled", Conv::Bool)]),
    ),
    f(
        "DomainEndpointOptions",
        "domain_endpoint_options",
        Conv::Block(&[
            f("EnforceHTTPS", "enforce_https", Conv::Bool),
            f("TLSSecurityPolicy", "tls_security_policy", Conv::Str),
            f(
                "CustomEndpointEnabled",
                "custom_endpoint_enabled",
                Conv::Bool,
            ),
            f("CustomEndpoint", "custom_endpoint", Conv::Str),
            f(
                "CustomEndpointCertificateArn",
                "custom_endpoint_certificate_arn",
                Conv::Str,
            ),
        ]),
    ),
    f(
        "VPCOptions",
        "vpc_options",
        Conv::Block(&[
            f("SubnetIds", "subnet_ids", Conv::StrList),
            f("SecurityGroupIds", "security_group_ids", Conv::StrList),
        ]),
    ),
    f(
        "AdvancedSecurityOptions",
        "advanced_security_options",
        Conv::Block(&[
            f("Enabled", "enabled", Conv::Bool),
            f(
                "InternalUserDatabaseEnabled",
                "internal_user_database_enabled",
                Conv::Bool,
            ),
        ]),
    ),
    TAGS,
];

/// `LoggingProperties` being there is what turns Redshift audit logging on.
fn redshift_logging(m: &mut Mapped, props: &Props) {
    if let Some(ev) = props
        .get("LoggingProperties")
        .filter(|ev| ev.as_map().is_some())
    {
        m.main
            .set_in_block("logging", "enable", Value::Bool(true), ev.span.clone());
    }
}

/// `Description` is required by CloudFormation, which gives no default: a group without one
/// has an empty description (Terraform's "Managed by Terraform" default does not apply).
fn cache_security_group(m: &mut Mapped, props: &Props) {
    if !props.contains_key("Description") {
        let origin = m.main.origin.clone();
        m.main
            .put("description", Value::String(String::new()), origin);
    }
}

/// `LogPublishingOptions: {AUDIT_LOGS: {CloudWatchLogsLogGroupArn, Enabled}}` (keyed by log
/// type) → `log_publishing_options` blocks with `log_type`.
fn log_publishing_options(m: &mut Mapped, props: &Props) {
    let Some(ev) = props.get("LogPublishingOptions") else {
        return;
    };
    let Some(by_type) = ev.as_map() else {
        m.main.set("log_publishing_options", ev, Conv::Same);
        return;
    };
    let mut blocks = Vec::new();
    for (i, (log_type, option)) in by_type.iter().enumerate() {
        let path = format!("log_publishing_options.{i}");
        if let Some(s) = &option.span {
            m.main.spans.insert(path.clone(), s.clone());
        }
        let mut block = BTreeMap::new();
        block.insert("log_type".to_string(), Value::String(log_type.clone()));
        for (cfn, tf, conv) in [
            (
                "CloudWatchLogsLogGroupArn",
                "cloudwatch_log_group_arn",
                Conv::Str,
            ),
            ("Enabled", "enabled", Conv::Bool),
        ] {
            if let Some(v) = option.get(cfn) {
                let value = super::convert(
                    v,
                    conv,
                    &format!("{path}.{tf}"),
                    &mut m.main.spans,
                    &mut m.main.value_origins,
                );
                block.insert(tf.to_string(), value);
            }
        }
        blocks.push(Value::Map(block));
    }
    m.main.put(
        "log_publishing_options",
        Value::List(blocks),
        ev.span.clone(),
    );
}
