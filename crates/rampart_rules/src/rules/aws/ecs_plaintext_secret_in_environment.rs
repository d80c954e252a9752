//! AWS-ECS-003: a container definition holds a secret in clear text.
use crate::prelude::*;
use crate::views::aws_services as svc;
use crate::views::secrets;

pub static RULE: Rule = Rule {
    id: "AWS-ECS-003",
    title: "ECS task definition passes a secret as a plain environment variable",
    severity: Severity::High,
    category: Category::Secrets,
    provider: Provider::Aws,
    kinds: &["aws_ecs_task_definition"],
    rationale: "`environment` values of a container definition are stored in the task definition in clear text: anyone with `ecs:DescribeTaskDefinition` (a read-only role, a CI system, the console), every revision ever registered, and the Terraform state can read them. An access key or password written there leaks with them.",
    remediation: "Store the value in Secrets Manager or SSM Parameter Store (SecureString) and reference it in the container definition's `secrets` list (`valueFrom`); give the task execution role read access to it. Rotate the exposed secret. Moving a secret needs a human, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-8",
    ],
    aliases: &["AVD-AWS-0036", "aws-ecs-no-plaintext-secrets"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

/// Why an environment entry is a secret in clear text, if it is one.
fn secret_in(name: &str, value: &str) -> Option<String> {
    if let Some(m) = secrets::scan_text(value).first() {
        return Some(m.describe());
    }
    (secrets::is_secret_name(name) && secrets::is_literal_secret_value(value))
        .then(|| format!("a literal secret `{}`", secrets::redacted(value)))
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Ok(Some(containers)) = svc::json_at(&r, "container_definitions") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for container in containers.items() {
        let container_name = svc::field_ci(container, "name")
            .and_then(Value::as_str)
            .unwrap_or("?");
        let Some(environment) = svc::field_ci(container, "environment") else {
            continue;
        };
        for entry in environment.items() {
            let name = svc::field_ci(entry, "name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let Some(value) = svc::field_ci(entry, "value").and_then(Value::as_str) else {
                continue;
            };
            if let Some(what) = secret_in(name, value) {
                found.push(format!(
                    "`{name}` of container `{container_name}` holds {what}"
                ));
            }
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    svc::hit_if_true(
        &r,
        Truth::True,
        "container_definitions",
        &format!(
            "passes secrets as plain environment variables: {}",
            found.join("; ")
        ),
    )
}
