//! CloudFormation property paths, through the fix renderer's reverse mapping (itself the
//! loader's tables): `ingress.2.cidr_blocks` of an `AWS::EC2::SecurityGroup` is
//! `SecurityGroupIngress[2].CidrIp`.

use crate::cloudformation::mapping;
use crate::cloudformation::reverse::{self, Step};
use rampart_model::{Resource, Value};

fn names(r: &Resource) -> Option<(&str, Option<&str>)> {
    let names = r.source_names.as_deref()?;
    Some((names.kind.as_str(), names.split_off.as_deref()))
}

/// Steps as CloudFormation documentation writes a property path.
fn render(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
            Step::ItemWith { key, one_of, .. } => {
                let wanted = one_of.first().map(String::as_str).unwrap_or("");
                out.push_str(&format!("[{key}={wanted}]"));
            }
        }
    }
    out
}

/// Settings an `AWS::EC2::Instance` has no property for: they are made on the launch
/// template its `LaunchTemplate` property names (the fix renderer adds one when there is none).
const THROUGH_LAUNCH_TEMPLATE: &[&str] = &["metadata_options"];

/// Properties the loader maps in code rather than through its tables (each named after the
/// mapping function that reads it), so [`reverse::property_for`] has no entry for them:
/// (CloudFormation type, model attribute, property path).
const MAPPED_IN_CODE: &[(&str, &str, &str)] = &[
    // compute.rs `instance`, `launch_configuration`: user data, decoded from base64
    ("AWS::EC2::Instance", "user_data", "UserData"),
    (
        "AWS::AutoScaling::LaunchConfiguration",
        "user_data",
        "UserData",
    ),
    // compute.rs `launch_configuration`: the mapping on a root device name
    (
        "AWS::AutoScaling::LaunchConfiguration",
        "root_block_device",
        "BlockDeviceMappings[DeviceName=/dev/xvda].Ebs",
    ),
    // containers.rs `task_definition`: the container list, kept as written
    (
        "AWS::ECS::TaskDefinition",
        "container_definitions",
        "ContainerDefinitions",
    ),
    // databases.rs `opensearch_domain`: the log publishing map
    (
        "AWS::OpenSearchService::Domain",
        "log_publishing_options",
        "LogPublishingOptions",
    ),
    (
        "AWS::Elasticsearch::Domain",
        "log_publishing_options",
        "LogPublishingOptions",
    ),
    // s3.rs `bucket`: lifecycle rules
    (
        "AWS::S3::Bucket",
        "lifecycle_rule",
        "LifecycleConfiguration.Rules",
    ),
    // network.rs `load_balancer`: `access_logs.s3.*` load balancer attributes
    (
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "access_logs",
        "LoadBalancerAttributes[Key=access_logs.s3.enabled]",
    ),
];

pub fn path(r: &Resource, path: &str) -> Option<String> {
    let (cfn_type, split_off) = names(r)?;
    let head = path.split('.').next().unwrap_or(path);
    if let Some((_, _, property)) = MAPPED_IN_CODE
        .iter()
        .find(|(t, attribute, _)| *t == cfn_type && *attribute == head)
    {
        return Some((*property).to_string());
    }
    // iam.rs `principal_policies`: `ManagedPolicyArns` items and `Policies` items become
    // `<Id>.policy_attachment.<n>` and `<Id>.policy.<n>`
    if let Some(n) = split_off.and_then(|s| s.strip_prefix("policy_attachment.")) {
        return (path == "policy_arn").then(|| format!("ManagedPolicyArns[{n}]"));
    }
    // iam.rs `managed_policy`: each of `Roles`, `Users`, `Groups` → `<Id>.role_attachment.<n>`…
    for (principal, property) in [("role", "Roles"), ("user", "Users"), ("group", "Groups")] {
        if let Some(n) = split_off.and_then(|s| s.strip_prefix(&format!("{principal}_attachment.")))
        {
            return match path {
                // the attachment's policy is this policy: `!GetAtt <Id>.PolicyArn`
                "policy_arn" => Some("PolicyArn".into()),
                p if p == principal => Some(format!("{property}[{n}]")),
                _ => None,
            };
        }
    }
    if let Some(n) = split_off.and_then(|s| s.strip_prefix("policy.")) {
        let property = match path {
            "policy" => "PolicyDocument",
            "name" => "PolicyName",
            _ => return None,
        };
        return Some(format!("Policies[{n}].{property}"));
    }
    if cfn_type == "AWS::EC2::Instance" && THROUGH_LAUNCH_TEMPLATE.contains(&head) {
        let on_template = reverse::property_for("AWS::EC2::LaunchTemplate", None, path, None)
            .map(|t| render(&t.steps))
            .ok()?;
        return Some(format!("LaunchTemplate → {on_template}"));
    }
    if let Ok(target) = reverse::property_for(cfn_type, split_off, path, None) {
        return Some(render(&target.steps)).filter(|p| !p.is_empty());
    }
    // a setting Terraform writes inline on the owner (`logging`, `versioning`) that the
    // loader splits off: the owner's property for the whole setting
    if split_off.is_none() {
        let head = path.split('.').next().unwrap_or(path);
        if let Some(suffix) = reverse::split_off_suffix(cfn_type, &format!("aws_s3_bucket_{head}"))
            && let Some(steps) = reverse::split_off_property(cfn_type, suffix)
        {
            return Some(render(&steps));
        }
    }
    None
}

/// The value as the template writes it (`public-read` → `PublicRead`).
pub fn value(r: &Resource, path: &str, value: &Value) -> Option<String> {
    let (cfn_type, split_off) = names(r)?;
    let target = reverse::property_for(cfn_type, split_off, path, Some(value)).ok()?;
    Some(match target.value? {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

/// A kind another message names: the CloudFormation type it comes from, or, for a setting
/// the loader splits off this resource, the property that holds it.
pub fn kind_name(r: &Resource, kind: &str) -> Option<String> {
    if let Some((cfn_type, _)) = names(r)
        && let Some(suffix) = reverse::split_off_suffix(cfn_type, kind)
        && let Some(steps) = reverse::split_off_property(cfn_type, suffix)
    {
        return Some(render(&steps));
    }
    mapping::table()
        .find(|k| k.kind == kind)
        .map(|k| k.cfn_type.to_string())
}
