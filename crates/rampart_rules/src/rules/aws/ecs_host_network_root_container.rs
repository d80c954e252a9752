//! AWS-ECS-005: a container shares the host network and runs as root.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-ECS-005",
    title: "ECS task definition uses host networking with a container running as root",
    severity: Severity::Medium,
    category: Category::Compute,
    provider: Provider::Aws,
    kinds: &["aws_ecs_task_definition"],
    rationale: "`network_mode = \"host\"` puts the containers in the instance's network namespace: they can bind any host port, reach the instance metadata service and every local service, and see host traffic. A container that also runs as root (no `user`, or `root`/`0`) turns an application bug into control of the host's network.",
    remediation: "Use `network_mode = \"awsvpc\"` (or `bridge`), or set a non-root `user` in every container definition. Changing the network mode affects ports and security groups, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-1",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn runs_as_root(container: &Value) -> Truth {
    match svc::field_ci(container, "user") {
        None | Some(Value::Null) => Truth::True,
        Some(Value::String(u)) => {
            let who = u.split(':').next().unwrap_or_default().trim();
            Truth::from_bool(who.is_empty() || who == "root" || who == "0")
        }
        Some(_) => Truth::Unknown,
    }
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !svc::str_in(&r, "network_mode", None, &["host"]).is_true() {
        return Vec::new();
    }
    let root = svc::ecs_container_names(&r, |c| {
        // privileged containers are AWS-ECS-004's finding
        !svc::ecs_container_privileged(c) && runs_as_root(c).is_true()
    });
    if root.is_empty() {
        return Vec::new();
    }
    svc::hit_if_true(
        &r,
        Truth::True,
        "network_mode",
        &format!(
            "shares the host network with containers running as root: {}",
            root.join(", ")
        ),
    )
}
