//! Logging and audit: CloudTrail trails, CloudWatch log groups and CloudWatch Logs deliveries
//! (VPC flow logs live with networking).

use super::{Conv, KindMap, TAGS, f};

pub const KINDS: &[KindMap] = &[
    KindMap {
        cfn_type: "AWS::CloudTrail::Trail",
        kind: "aws_cloudtrail",
        fields: &[
            f("TrailName", "name", Conv::Str),
            f("S3BucketName", "s3_bucket_name", Conv::Str),
            f("S3KeyPrefix", "s3_key_prefix", Conv::Str),
            f("IsLogging", "enable_logging", Conv::Bool),
            f("IsMultiRegionTrail", "is_multi_region_trail", Conv::Bool),
            f(
                "IncludeGlobalServiceEvents",
                "include_global_service_events",
                Conv::Bool,
            ),
            f(
                "EnableLogFileValidation",
                "enable_log_file_validation",
                Conv::Bool,
            ),
            f("KMSKeyId", "kms_key_id", Conv::Str),
            f(
                "CloudWatchLogsLogGroupArn",
                "cloud_watch_logs_group_arn",
                Conv::Str,
            ),
            f(
                "CloudWatchLogsRoleArn",
                "cloud_watch_logs_role_arn",
                Conv::Str,
            ),
            f("SnsTopicName", "sns_topic_name", Conv::Str),
            f("IsOrganizationTrail", "is_organization_trail", Conv::Bool),
            f(
                "EventSelectors",
                "event_selector",
                Conv::Blocks(&[
                    f("ReadWriteType", "read_write_type", Conv::Str),
                    f(
                        "IncludeManagementEvents",
                        "include_management_events",
                        Conv::Bool,
                    ),
                    f(
                        "DataResources",
                        "data_resource",
                        Conv::Blocks(&[
                            f("Type", "type", Conv::Str),
                            f("Values", "values", Conv::StrList),
                        ]),
                    ),
                ]),
            ),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::Logs::LogGroup",
        kind: "aws_cloudwatch_log_group",
        fields: &[
            f("LogGroupName", "name", Conv::Str),
            f("RetentionInDays", "retention_in_days", Conv::Num),
            f("KmsKeyId", "kms_key_id", Conv::Str),
            f("LogGroupClass", "log_group_class", Conv::Str),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::Logs::DeliverySource",
        kind: "aws_cloudwatch_log_delivery_source",
        fields: &[
            f("Name", "name", Conv::Str),
            f("LogType", "log_type", Conv::Str),
            f("ResourceArn", "resource_arn", Conv::Str),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::Logs::Delivery",
        kind: "aws_cloudwatch_log_delivery",
        fields: &[
            f("DeliverySourceName", "delivery_source_name", Conv::Str),
            f(
                "DeliveryDestinationArn",
                "delivery_destination_arn",
                Conv::Str,
            ),
            f("RecordFields", "record_fields", Conv::StrList),
            f("FieldDelimiter", "field_delimiter", Conv::Str),
            TAGS,
        ],
        extra: None,
    },
];
