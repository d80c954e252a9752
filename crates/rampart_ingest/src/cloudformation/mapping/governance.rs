//! Account-wide security services: AWS Config aggregators and recorders, GuardDuty detectors,
//! Security Hub.

use super::{Conv, Field, KindMap, TAGS, f};

pub const KINDS: &[KindMap] = &[
    KindMap {
        cfn_type: "AWS::Config::ConfigurationAggregator",
        kind: "aws_config_configuration_aggregator",
        fields: &[
            f("ConfigurationAggregatorName", "name", Conv::Str),
            f(
                "AccountAggregationSources",
                "account_aggregation_source",
                Conv::Blocks(&[
                    f("AccountIds", "account_ids", Conv::StrList),
                    f("AllAwsRegions", "all_regions", Conv::Bool),
                    f("AwsRegions", "regions", Conv::StrList),
                ]),
            ),
            f(
                "OrganizationAggregationSource",
                "organization_aggregation_source",
                Conv::Block(&[
                    f("RoleArn", "role_arn", Conv::Str),
                    f("AllAwsRegions", "all_regions", Conv::Bool),
                    f("AwsRegions", "regions", Conv::StrList),
                ]),
            ),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::Config::ConfigurationRecorder",
        kind: "aws_config_configuration_recorder",
        fields: &[
            f("Name", "name", Conv::Str),
            f("RoleARN", "role_arn", Conv::Str),
            f(
                "RecordingGroup",
                "recording_group",
                Conv::Block(RECORDING_GROUP),
            ),
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::GuardDuty::Detector",
        kind: "aws_guardduty_detector",
        fields: &[
            f("Enable", "enable", Conv::Bool),
            f(
                "FindingPublishingFrequency",
                "finding_publishing_frequency",
                Conv::Str,
            ),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::SecurityHub::Hub",
        kind: "aws_securityhub_account",
        fields: &[
            f("AutoEnableControls", "auto_enable_controls", Conv::Bool),
            f(
                "EnableDefaultStandards",
                "enable_default_standards",
                Conv::Bool,
            ),
            f(
                "ControlFindingGenerator",
                "control_finding_generator",
                Conv::Str,
            ),
        ],
        extra: None,
    },
];

const RECORDING_GROUP: &[Field] = &[
    f("AllSupported", "all_supported", Conv::Bool),
    f(
        "IncludeGlobalResourceTypes",
        "include_global_resource_types",
        Conv::Bool,
    ),
    f("ResourceTypes", "resource_types", Conv::StrList),
];
