//! Compute: EC2 instances, volumes, launch templates and Auto Scaling launch configurations,
//! Lambda functions, EKS clusters, WorkSpaces.

use super::super::ev::{Ev, EvKind};
use super::{Conv, Field, KindMap, Mapped, Props, TAGS, f};
use base64::Engine;
use rampart_model::Value;

pub const KINDS: &[KindMap] = &[
    KindMap {
        cfn_type: "AWS::EC2::Instance",
        kind: "aws_instance",
        fields: &[
            f("ImageId", "ami", Conv::Str),
            f("InstanceType", "instance_type", Conv::Str),
            f("KeyName", "key_name", Conv::Str),
            f("SubnetId", "subnet_id", Conv::Str),
            f("SecurityGroupIds", "vpc_security_group_ids", Conv::StrList),
            f("SecurityGroups", "security_groups", Conv::StrList),
            f("IamInstanceProfile", "iam_instance_profile", Conv::Str),
            f("Monitoring", "monitoring", Conv::Bool),
            f("EbsOptimized", "ebs_optimized", Conv::Bool),
            f(
                "DisableApiTermination",
                "disable_api_termination",
                Conv::Bool,
            ),
            f(
                "LaunchTemplate",
                "launch_template",
                Conv::Block(&[
                    f("LaunchTemplateId", "id", Conv::Str),
                    f("LaunchTemplateName", "name", Conv::Str),
                    f("Version", "version", Conv::Str),
                ]),
            ),
            TAGS,
        ],
        extra: Some(instance),
    },
    KindMap {
        cfn_type: "AWS::EC2::Volume",
        kind: "aws_ebs_volume",
        fields: &[
            f("AvailabilityZone", "availability_zone", Conv::Str),
            f("Encrypted", "encrypted", Conv::Bool),
            f("KmsKeyId", "kms_key_id", Conv::Str),
            f("Size", "size", Conv::Num),
            f("SnapshotId", "snapshot_id", Conv::Str),
            f("VolumeType", "type", Conv::Str),
            f("Iops", "iops", Conv::Num),
            f("Throughput", "throughput", Conv::Num),
            f("MultiAttachEnabled", "multi_attach_enabled", Conv::Bool),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::EC2::LaunchTemplate",
        kind: "aws_launch_template",
        fields: &[f("LaunchTemplateName", "name", Conv::Str)],
        extra: Some(launch_template),
    },
    KindMap {
        cfn_type: "AWS::Lambda::Function",
        kind: "aws_lambda_function",
        fields: &[
            f("FunctionName", "function_name", Conv::Str),
            f("Role", "role", Conv::Str),
            f("Runtime", "runtime", Conv::Str),
            f("Handler", "handler", Conv::Str),
            f("Timeout", "timeout", Conv::Num),
            f("MemorySize", "memory_size", Conv::Num),
            f("KmsKeyArn", "kms_key_arn", Conv::Str),
            f("Layers", "layers", Conv::StrList),
            f("Architectures", "architectures", Conv::StrList),
            f("PackageType", "package_type", Conv::Str),
            f(
                "ReservedConcurrentExecutions",
                "reserved_concurrent_executions",
                Conv::Num,
            ),
            f(
                "Environment",
                "environment",
                Conv::Block(&[f("Variables", "variables", Conv::Same)]),
            ),
            f(
                "TracingConfig",
                "tracing_config",
                Conv::Block(&[f("Mode", "mode", Conv::Str)]),
            ),
            f(
                "VpcConfig",
                "vpc_config",
                Conv::Block(&[
                    f("SubnetIds", "subnet_ids", Conv::StrList),
                    f("SecurityGroupIds", "security_group_ids", Conv::StrList),
                ]),
            ),
            f(
                "DeadLetterConfig",
                "dead_letter_config",
                Conv::Block(&[f("TargetArn", "target_arn", Conv::Str)]),
            ),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::Lambda::Permission",
        kind: "aws_lambda_permission",
        fields: &[
            f("FunctionName", "function_name", Conv::Str),
            f("Action", "action", Conv::Str),
            f("Principal", "principal", Conv::Str),
            f("SourceArn", "source_arn", Conv::Str),
            f("SourceAccount", "source_account", Conv::Str),
            f("FunctionUrlAuthType", "function_url_auth_type", Conv::Str),
            f("PrincipalOrgID", "principal_org_id", Conv::Str),
            f("EventSourceToken", "event_source_token", Conv::Str),
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::Lambda::Url",
        kind: "aws_lambda_function_url",
        fields: &[
            f("TargetFunctionArn", "function_name", Conv::Str),
            f("AuthType", "authorization_type", Conv::Str),
            f("Qualifier", "qualifier", Conv::Str),
            f("InvokeMode", "invoke_mode", Conv::Str),
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::AutoScaling::LaunchConfiguration",
        kind: "aws_launch_configuration",
        fields: &[
            f("LaunchConfigurationName", "name", Conv::Str),
            f("ImageId", "image_id", Conv::Str),
            f("InstanceType", "instance_type", Conv::Str),
            f("KeyName", "key_name", Conv::Str),
            f("SecurityGroups", "security_groups", Conv::StrList),
            f("IamInstanceProfile", "iam_instance_profile", Conv::Str),
            f(
                "AssociatePublicIpAddress",
                "associate_public_ip_address",
                Conv::Bool,
            ),
            f("EbsOptimized", "ebs_optimized", Conv::Bool),
            f("InstanceMonitoring", "enable_monitoring", Conv::Bool),
            f("PlacementTenancy", "placement_tenancy", Conv::Str),
            f("SpotPrice", "spot_price", Conv::Str),
            f(
                "MetadataOptions",
                "metadata_options",
                Conv::Block(&[
                    f("HttpEndpoint", "http_endpoint", Conv::Str),
                    f("HttpTokens", "http_tokens", Conv::Str),
                    f(
                        "HttpPutResponseHopLimit",
                        "http_put_response_hop_limit",
                        Conv::Num,
                    ),
                ]),
            ),
        ],
        extra: Some(launch_configuration),
    },
    KindMap {
        cfn_type: "AWS::WorkSpaces::Workspace",
        kind: "aws_workspaces_workspace",
        fields: &[
            f("BundleId", "bundle_id", Conv::Str),
            f("DirectoryId", "directory_id", Conv::Str),
            f("UserName", "user_name", Conv::Str),
            f(
                "RootVolumeEncryptionEnabled",
                "root_volume_encryption_enabled",
                Conv::Bool,
            ),
            f(
                "UserVolumeEncryptionEnabled",
                "user_volume_encryption_enabled",
                Conv::Bool,
            ),
            f("VolumeEncryptionKey", "volume_encryption_key", Conv::Str),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::EKS::Cluster",
        kind: "aws_eks_cluster",
        fields: &[
            f("Name", "name", Conv::Str),
            f("RoleArn", "role_arn", Conv::Str),
            f("Version", "version", Conv::Str),
            f(
                "ResourcesVpcConfig",
                "vpc_config",
                Conv::Block(&[
                    f("SubnetIds", "subnet_ids", Conv::StrList),
                    f("SecurityGroupIds", "security_group_ids", Conv::StrList),
                    f("EndpointPublicAccess", "endpoint_public_access", Conv::Bool),
                    f(
                        "EndpointPrivateAccess",
                        "endpoint_private_access",
                        Conv::Bool,
                    ),
                    f("PublicAccessCidrs", "public_access_cidrs", Conv::StrList),
                ]),
            ),
            f(
                "EncryptionConfig",
                "encryption_config",
                Conv::Blocks(&[
                    f(
                        "Provider",
                        "provider",
                        Conv::Block(&[f("KeyArn", "key_arn", Conv::Str)]),
                    ),
                    f("Resources", "resources", Conv::StrList),
                ]),
            ),
            f(
                "AccessConfig",
                "access_config",
                Conv::Block(&[
                    f("AuthenticationMode", "authentication_mode", Conv::Str),
                    f(
                        "BootstrapClusterCreatorAdminPermissions",
                        "bootstrap_cluster_creator_admin_permissions",
                        Conv::Bool,
                    ),
                ]),
            ),
            TAGS,
        ],
        extra: Some(eks_logging),
    },
];

pub(crate) const EBS: &[Field] = &[
    f("Encrypted", "encrypted", Conv::Bool),
    f("KmsKeyId", "kms_key_id", Conv::Str),
    f("VolumeSize", "volume_size", Conv::Num),
    f("VolumeType", "volume_type", Conv::Str),
    f("DeleteOnTermination", "delete_on_termination", Conv::Bool),
    f("Iops", "iops", Conv::Num),
    f("Throughput", "throughput", Conv::Num),
    f("SnapshotId", "snapshot_id", Conv::Str),
];

/// Device names AMIs use for their root volume. A mapping for one of them configures the root
/// volume (`root_block_device`); any other is an extra volume (`ebs_block_device`).
pub(crate) const ROOT_DEVICES: &[&str] = &["/dev/xvda", "/dev/sda1", "/dev/sda", "xvda", "sda1"];

fn instance(m: &mut Mapped, props: &Props) {
    if let Some(user_data) = props.get("UserData") {
        set_user_data(m, user_data);
    }
    block_devices(m, props);
    // a public address and extra groups asked for on the primary network interface
    if let Some(interfaces) = props.get("NetworkInterfaces").and_then(Ev::as_list) {
        for nic in interfaces {
            if let Some(public) = nic.get("AssociatePublicIpAddress") {
                m.main
                    .set("associate_public_ip_address", public, Conv::Bool);
            }
            if let Some(subnet) = nic
                .get("SubnetId")
                .filter(|_| !m.main.attributes.contains_key("subnet_id"))
            {
                m.main.set("subnet_id", subnet, Conv::Str);
            }
            let has_groups = m.main.attributes.contains_key("vpc_security_group_ids");
            if let Some(groups) = nic.get("GroupSet").filter(|_| !has_groups) {
                m.main.set("vpc_security_group_ids", groups, Conv::StrList);
            }
        }
    }
}

/// `BlockDeviceMappings` on a root device name → `root_block_device`, others →
/// `ebs_block_device` (instances and launch configurations alike).
fn block_devices(m: &mut Mapped, props: &Props) {
    if let Some(mappings) = props.get("BlockDeviceMappings").and_then(Ev::as_list) {
        let (mut root, mut other) = (Vec::new(), Vec::new());
        for mapping in mappings {
            let Some(ebs) = mapping.get("Ebs") else {
                continue;
            };
            let device = mapping.get("DeviceName").and_then(Ev::as_str).unwrap_or("");
            let mut ebs = ebs.clone();
            if let (EvKind::Map(map), false) = (&mut ebs.kind, device.is_empty()) {
                map.insert(
                    "DeviceName".into(),
                    Ev::new(EvKind::Str(device.to_string()), mapping.span.clone()),
                );
            }
            ebs.span = mapping.span.clone();
            if ROOT_DEVICES.contains(&device) {
                root.push(ebs);
            } else {
                other.push(ebs);
            }
        }
        const WITH_DEVICE: &[Field] = &[
            f("DeviceName", "device_name", Conv::Str),
            f("Encrypted", "encrypted", Conv::Bool),
            f("KmsKeyId", "kms_key_id", Conv::Str),
            f("VolumeSize", "volume_size", Conv::Num),
            f("VolumeType", "volume_type", Conv::Str),
            f("DeleteOnTermination", "delete_on_termination", Conv::Bool),
            f("Iops", "iops", Conv::Num),
            f("Throughput", "throughput", Conv::Num),
            f("SnapshotId", "snapshot_id", Conv::Str),
        ];
        if !root.is_empty() {
            m.main
                .set("root_block_device", &list(root), Conv::Blocks(EBS));
        }
        if !other.is_empty() {
            m.main
                .set("ebs_block_device", &list(other), Conv::Blocks(WITH_DEVICE));
        }
    }
}

/// Launch configurations: user data and block devices as for instances.
fn launch_configuration(m: &mut Mapped, props: &Props) {
    if let Some(user_data) = props.get("UserData") {
        set_user_data(m, user_data);
    }
    block_devices(m, props);
}

fn list(items: Vec<Ev>) -> Ev {
    let span = items.first().and_then(|i| i.span.clone());
    Ev::new(EvKind::List(items), span)
}

/// `user_data` holds the script as text (what Terraform users write); user data that cannot be
/// decoded to text stays base64 in `user_data_base64`.
fn set_user_data(m: &mut Mapped, ev: &Ev) {
    if let Some(plain) = &ev.base64_of {
        m.main
            .put("user_data", Value::String(plain.clone()), ev.span.clone());
        return;
    }
    let decoded = ev.as_str().and_then(|s| {
        base64::engine::general_purpose::STANDARD
            .decode(s.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
    });
    match decoded {
        Some(text) => m
            .main
            .put("user_data", Value::String(text), ev.span.clone()),
        None => m.main.set("user_data_base64", ev, Conv::Str),
    }
}

pub(crate) const LAUNCH_TEMPLATE_DATA: &[Field] = &[
    f("ImageId", "image_id", Conv::Str),
    f("InstanceType", "instance_type", Conv::Str),
    f("KeyName", "key_name", Conv::Str),
    f("SecurityGroupIds", "vpc_security_group_ids", Conv::StrList),
    f("SecurityGroups", "security_group_names", Conv::StrList),
    f("UserData", "user_data", Conv::Str),
    f("EbsOptimized", "ebs_optimized", Conv::Bool),
    f(
        "MetadataOptions",
        "metadata_options",
        Conv::Block(&[
            f("HttpEndpoint", "http_endpoint", Conv::Str),
            f("HttpTokens", "http_tokens", Conv::Str),
            f(
                "HttpPutResponseHopLimit",
                "http_put_response_hop_limit",
                Conv::Num,
            ),
            f("InstanceMetadataTags", "instance_metadata_tags", Conv::Str),
        ]),
    ),
    f(
        "BlockDeviceMappings",
        "block_device_mappings",
        Conv::Blocks(&[
            f("DeviceName", "device_name", Conv::Str),
            f("Ebs", "ebs", Conv::Block(EBS)),
        ]),
    ),
    f(
        "IamInstanceProfile",
        "iam_instance_profile",
        Conv::Block(&[f("Arn", "arn", Conv::Str), f("Name", "name", Conv::Str)]),
    ),
    f(
        "NetworkInterfaces",
        "network_interfaces",
        Conv::Blocks(&[
            f(
                "AssociatePublicIpAddress",
                "associate_public_ip_address",
                Conv::Bool,
            ),
            f("DeviceIndex", "device_index", Conv::Num),
            f("SubnetId", "subnet_id", Conv::Str),
            f("Groups", "security_groups", Conv::StrList),
        ]),
    ),
    f(
        "Monitoring",
        "monitoring",
        Conv::Block(&[f("Enabled", "enabled", Conv::Bool)]),
    ),
];

fn launch_template(m: &mut Mapped, props: &Props) {
    if let Some(data) = props.get("LaunchTemplateData").and_then(Ev::as_map) {
        m.main.fields(data, LAUNCH_TEMPLATE_DATA);
    }
}

fn eks_logging(m: &mut Mapped, props: &Props) {
    let Some(types) = props
        .get("Logging")
        .and_then(|l| l.get("ClusterLogging"))
        .and_then(|c| c.get("EnabledTypes"))
    else {
        return;
    };
    let names = match types.as_list() {
        Some(items) => Value::List(
            items
                .iter()
                .filter_map(|t| t.get("Type"))
                .map(Ev::to_value)
                .collect(),
        ),
        None => types.to_value(),
    };
    m.main
        .put("enabled_cluster_log_types", names, types.span.clone());
}
