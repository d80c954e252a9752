//! AWS-ECS-004: a container runs privileged.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-ECS-004",
    title: "ECS task definition runs a privileged container",
    severity: Severity::High,
    category: Category::Compute,
    provider: Provider::Aws,
    kinds: &["aws_ecs_task_definition"],
    rationale: "`\"privileged\": true` gives the container root access to the host: all devices, all capabilities, no seccomp or AppArmor confinement. A compromise of the container is a compromise of the EC2 instance and of every other task on it, and of the instance role's credentials.",
    remediation: "Remove `privileged` and grant only the Linux capabilities the workload needs through `linuxParameters.capabilities.add`. Whether the workload can run without it needs a human, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-4",
    ],
    aliases: &["CKV_AWS_334"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let privileged = svc::ecs_container_names(&r, svc::ecs_container_privileged);
    if privileged.is_empty() {
        return Vec::new();
    }
    svc::hit_if_true(
        &r,
        Truth::True,
        "container_definitions",
        &format!("runs privileged containers: {}", privileged.join(", ")),
    )
}
