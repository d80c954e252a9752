//! Analytics and machine learning: Athena workgroups, EMR clusters and security configurations,
//! SageMaker notebook instances.

use super::{Conv, KindMap, TAGS, f};

pub const KINDS: &[KindMap] = &[
    KindMap {
        cfn_type: "AWS::Athena::WorkGroup",
        kind: "aws_athena_workgroup",
        fields: &[
            f("Name", "name", Conv::Str),
            f("Description", "description", Conv::Str),
            f("State", "state", Conv::Str),
            f("RecursiveDeleteOption", "force_destroy", Conv::Bool),
            f(
                "WorkGroupConfiguration",
                "configuration",
                Conv::Block(&[
                    f(
                        "EnforceWorkGroupConfiguration",
                        "enforce_workgroup_configuration",
                        Conv::Bool,
                    ),
                    f(
                        "PublishCloudWatchMetricsEnabled",
                        "publish_cloudwatch_metrics_enabled",
                        Conv::Bool,
                    ),
                    f(
                        "BytesScannedCutoffPerQuery",
                        "bytes_scanned_cutoff_per_query",
                        Conv::Num,
                    ),
                    f("RequesterPaysEnabled", "requester_pays_enabled", Conv::Bool),
                    f(
                        "ResultConfiguration",
                        "result_configuration",
                        Conv::Block(&[
                            f("OutputLocation", "output_location", Conv::Str),
                            f("ExpectedBucketOwner", "expected_bucket_owner", Conv::Str),
                            f(
                                "EncryptionConfiguration",
                                "encryption_configuration",
                                Conv::Block(&[
                                    f("EncryptionOption", "encryption_option", Conv::Str),
                                    f("KmsKey", "kms_key_arn", Conv::Str),
                                ]),
                            ),
                        ]),
                    ),
                ]),
            ),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::EMR::SecurityConfiguration",
        kind: "aws_emr_security_configuration",
        fields: &[
            f("Name", "name", Conv::Str),
            f("SecurityConfiguration", "configuration", Conv::Json),
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::EMR::Cluster",
        kind: "aws_emr_cluster",
        fields: &[
            f("Name", "name", Conv::Str),
            f("ReleaseLabel", "release_label", Conv::Str),
            f("SecurityConfiguration", "security_configuration", Conv::Str),
            f("ServiceRole", "service_role", Conv::Str),
            f("LogUri", "log_uri", Conv::Str),
            f("VisibleToAllUsers", "visible_to_all_users", Conv::Bool),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::SageMaker::NotebookInstance",
        kind: "aws_sagemaker_notebook_instance",
        fields: &[
            f("NotebookInstanceName", "name", Conv::Str),
            f("InstanceType", "instance_type", Conv::Str),
            f("RoleArn", "role_arn", Conv::Str),
            f("KmsKeyId", "kms_key_id", Conv::Str),
            f("DirectInternetAccess", "direct_internet_access", Conv::Str),
            f("RootAccess", "root_access", Conv::Str),
            f("SubnetId", "subnet_id", Conv::Str),
            f("SecurityGroupIds", "security_groups", Conv::StrList),
            f("VolumeSizeInGB", "volume_size", Conv::Num),
            TAGS,
        ],
        extra: None,
    },
];
