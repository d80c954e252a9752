//! Containers and builds: ECS clusters and task definitions, CodeBuild projects. Container
//! definitions become the JSON document Terraform's `container_definitions` holds, with the
//! ECS API's camelCase keys (`Environment` → `environment`).

use super::{Conv, Field, KindMap, Mapped, Props, TAGS, f};
use rampart_model::Value;

pub const KINDS: &[KindMap] = &[
    KindMap {
        cfn_type: "AWS::ECS::Cluster",
        kind: "aws_ecs_cluster",
        fields: &[
            f("ClusterName", "name", Conv::Str),
            f(
                "ClusterSettings",
                "setting",
                Conv::Blocks(&[f("Name", "name", Conv::Str), f("Value", "value", Conv::Str)]),
            ),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::ECS::TaskDefinition",
        kind: "aws_ecs_task_definition",
        fields: &[
            f("Family", "family", Conv::Str),
            f("NetworkMode", "network_mode", Conv::Str),
            f(
                "RequiresCompatibilities",
                "requires_compatibilities",
                Conv::StrList,
            ),
            f("Cpu", "cpu", Conv::Str),
            f("Memory", "memory", Conv::Str),
            f("ExecutionRoleArn", "execution_role_arn", Conv::Str),
            f("TaskRoleArn", "task_role_arn", Conv::Str),
            f("PidMode", "pid_mode", Conv::Str),
            f("IpcMode", "ipc_mode", Conv::Str),
            f("Volumes", "volume", Conv::Blocks(VOLUME)),
            TAGS,
        ],
        extra: Some(container_definitions),
    },
    KindMap {
        cfn_type: "AWS::CodeBuild::Project",
        kind: "aws_codebuild_project",
        fields: &[
            f("Name", "name", Conv::Str),
            f("Description", "description", Conv::Str),
            f("ServiceRole", "service_role", Conv::Str),
            f("EncryptionKey", "encryption_key", Conv::Str),
            f("TimeoutInMinutes", "build_timeout", Conv::Num),
            f("Artifacts", "artifacts", Conv::Block(ARTIFACTS)),
            f(
                "SecondaryArtifacts",
                "secondary_artifacts",
                Conv::Blocks(ARTIFACTS),
            ),
            f(
                "Source",
                "source",
                Conv::Block(&[
                    f("Type", "type", Conv::Str),
                    f("Location", "location", Conv::Str),
                    f("BuildSpec", "buildspec", Conv::Str),
                ]),
            ),
            f(
                "Environment",
                "environment",
                Conv::Block(&[
                    f("ComputeType", "compute_type", Conv::Str),
                    f("Image", "image", Conv::Str),
                    f("Type", "type", Conv::Str),
                    f("PrivilegedMode", "privileged_mode", Conv::Bool),
                    f(
                        "EnvironmentVariables",
                        "environment_variable",
                        Conv::Blocks(&[
                            f("Name", "name", Conv::Str),
                            f("Value", "value", Conv::Str),
                            f("Type", "type", Conv::Str),
                        ]),
                    ),
                ]),
            ),
            TAGS,
        ],
        extra: None,
    },
];

const ARTIFACTS: &[Field] = &[
    f("Type", "type", Conv::Str),
    f("Location", "location", Conv::Str),
    f("Name", "name", Conv::Str),
    f("ArtifactIdentifier", "artifact_identifier", Conv::Str),
    f("EncryptionDisabled", "encryption_disabled", Conv::Bool),
];

const VOLUME: &[Field] = &[
    f("Name", "name", Conv::Str),
    f(
        "EFSVolumeConfiguration",
        "efs_volume_configuration",
        Conv::Block(&[
            f("FilesystemId", "file_system_id", Conv::Str),
            f("RootDirectory", "root_directory", Conv::Str),
            f("TransitEncryption", "transit_encryption", Conv::Str),
            f(
                "TransitEncryptionPort",
                "transit_encryption_port",
                Conv::Num,
            ),
            f(
                "AuthorizationConfig",
                "authorization_config",
                Conv::Block(&[
                    f("AccessPointId", "access_point_id", Conv::Str),
                    f("IAM", "iam", Conv::Str),
                ]),
            ),
        ]),
    ),
];

/// Maps whose keys are the user's own (labels, log driver options): left as written.
const USER_KEYED: &[&str] = &["DockerLabels", "Options", "DriverOpts", "Labels"];

fn container_definitions(m: &mut Mapped, props: &Props) {
    let Some(ev) = props.get("ContainerDefinitions") else {
        return;
    };
    if ev.is_unknown() {
        m.main.set("container_definitions", ev, Conv::Same);
        return;
    }
    let json = camel_case_keys(ev.to_json_with_placeholders());
    m.main.put(
        "container_definitions",
        Value::String(json.to_string()),
        ev.span.clone(),
    );
    if let Some(s) = &ev.from {
        m.main
            .value_origins
            .insert("container_definitions".into(), s.clone());
    }
}

/// `{"Environment": [{"Name": …}]}` → `{"environment": [{"name": …}]}`, except inside maps
/// whose keys the user chose.
fn camel_case_keys(json: serde_json::Value) -> serde_json::Value {
    match json {
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(camel_case_keys).collect())
        }
        serde_json::Value::Object(map) => serde_json::Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = if USER_KEYED.contains(&k.as_str()) {
                        v
                    } else {
                        camel_case_keys(v)
                    };
                    (lower_first(&k), v)
                })
                .collect(),
        ),
        other => other,
    }
}

fn lower_first(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::camel_case_keys;
    use serde_json::json;

    #[test]
    fn container_keys_become_camel_case_but_user_keys_stay() {
        let out = camel_case_keys(json!([{
            "Name": "web",
            "PortMappings": [{"ContainerPort": 80}],
            "DockerLabels": {"Team": "a"},
            "LogConfiguration": {"LogDriver": "awslogs", "Options": {"Awslogs-Group": "g"}}
        }]));
        assert_eq!(
            out,
            json!([{
                "name": "web",
                "portMappings": [{"containerPort": 80}],
                "dockerLabels": {"Team": "a"},
                "logConfiguration": {"logDriver": "awslogs", "options": {"Awslogs-Group": "g"}}
            }])
        );
    }
}
