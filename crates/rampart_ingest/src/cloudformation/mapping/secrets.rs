//! Secrets: Secrets Manager secrets and rotation schedules, SSM parameters. A secret's
//! `SecretString` is what Terraform keeps in `aws_secretsmanager_secret_version`, so it becomes
//! that separate resource (and stays visible to the hard-coded secret rules).

use super::{Conv, KindMap, Mapped, Props, TAGS, f};

pub const KINDS: &[KindMap] = &[
    KindMap {
        cfn_type: "AWS::SecretsManager::Secret",
        kind: "aws_secretsmanager_secret",
        fields: &[
            f("Name", "name", Conv::Str),
            f("Description", "description", Conv::Str),
            f("KmsKeyId", "kms_key_id", Conv::Str),
            TAGS,
        ],
        extra: Some(secret_version),
    },
    KindMap {
        cfn_type: "AWS::SecretsManager::RotationSchedule",
        kind: "aws_secretsmanager_secret_rotation",
        fields: &[
            f("SecretId", "secret_id", Conv::Str),
            f("RotationLambdaARN", "rotation_lambda_arn", Conv::Str),
            f(
                "RotateImmediatelyOnUpdate",
                "rotate_immediately",
                Conv::Bool,
            ),
            f(
                "RotationRules",
                "rotation_rules",
                Conv::Block(&[
                    f(
                        "AutomaticallyAfterDays",
                        "automatically_after_days",
                        Conv::Num,
                    ),
                    f("Duration", "duration", Conv::Str),
                    f("ScheduleExpression", "schedule_expression", Conv::Str),
                ]),
            ),
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::SSM::Parameter",
        kind: "aws_ssm_parameter",
        fields: &[
            f("Name", "name", Conv::Str),
            f("Type", "type", Conv::Str),
            f("Value", "value", Conv::Str),
            f("Description", "description", Conv::Str),
            f("Tier", "tier", Conv::Str),
            f("DataType", "data_type", Conv::Str),
            f("AllowedPattern", "allowed_pattern", Conv::Str),
            // a plain map here, not CloudFormation's usual `[{Key, Value}]`
            f("Tags", "tags", Conv::Same),
        ],
        extra: None,
    },
];

/// `SecretString` → `aws_secretsmanager_secret_version` at `.version`, `secret_id` referring
/// to the secret.
fn secret_version(m: &mut Mapped, props: &Props) {
    if let Some(ev) = props.get("SecretString") {
        let d = m.child(
            "aws_secretsmanager_secret_version",
            "version",
            "secret_id",
            ev.span.clone(),
        );
        d.set("secret_string", ev, Conv::Str);
    }
}
