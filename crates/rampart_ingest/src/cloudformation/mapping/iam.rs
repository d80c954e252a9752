//! IAM: roles, users, groups, policies, access keys, instance profiles. Policy documents become
//! JSON strings like Terraform's `policy`; inline `Policies` and `ManagedPolicyArns` become the
//! separate `aws_iam_*_policy` / `aws_iam_*_policy_attachment` resources Terraform uses.

use super::super::ev::Ev;
use super::{Conv, KindMap, Mapped, Props, TAGS, f};

pub const KINDS: &[KindMap] = &[
    KindMap {
        cfn_type: "AWS::IAM::Role",
        kind: "aws_iam_role",
        fields: &[
            f("RoleName", "name", Conv::Str),
            f("AssumeRolePolicyDocument", "assume_role_policy", Conv::Json),
            f("Path", "path", Conv::Str),
            f("Description", "description", Conv::Str),
            f("MaxSessionDuration", "max_session_duration", Conv::Num),
            f("PermissionsBoundary", "permissions_boundary", Conv::Str),
            TAGS,
        ],
        extra: Some(role),
    },
    KindMap {
        cfn_type: "AWS::IAM::User",
        kind: "aws_iam_user",
        fields: &[
            f("UserName", "name", Conv::Str),
            f("Path", "path", Conv::Str),
            f("PermissionsBoundary", "permissions_boundary", Conv::Str),
            TAGS,
        ],
        extra: Some(user),
    },
    KindMap {
        cfn_type: "AWS::IAM::Group",
        kind: "aws_iam_group",
        fields: &[
            f("GroupName", "name", Conv::Str),
            f("Path", "path", Conv::Str),
        ],
        extra: Some(group),
    },
    KindMap {
        cfn_type: "AWS::IAM::ManagedPolicy",
        kind: "aws_iam_policy",
        fields: &[
            f("ManagedPolicyName", "name", Conv::Str),
            f("Path", "path", Conv::Str),
            f("Description", "description", Conv::Str),
            f("PolicyDocument", "policy", Conv::Json),
        ],
        extra: Some(managed_policy),
    },
    KindMap {
        cfn_type: "AWS::IAM::Policy",
        kind: "aws_iam_role_policy",
        fields: &[
            f("PolicyName", "name", Conv::Str),
            f("PolicyDocument", "policy", Conv::Json),
        ],
        extra: Some(inline_policy),
    },
    KindMap {
        cfn_type: "AWS::IAM::AccessKey",
        kind: "aws_iam_access_key",
        fields: &[
            f("UserName", "user", Conv::Str),
            f("Status", "status", Conv::Str),
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::IAM::InstanceProfile",
        kind: "aws_iam_instance_profile",
        fields: &[
            f("InstanceProfileName", "name", Conv::Str),
            f("Path", "path", Conv::Str),
        ],
        extra: Some(instance_profile),
    },
];

/// Principal kinds: the attribute naming the principal and the Terraform kinds for its inline
/// policies and its managed policy attachments.
struct Principal {
    attribute: &'static str,
    inline: &'static str,
    attachment: &'static str,
}

const ROLE: Principal = Principal {
    attribute: "role",
    inline: "aws_iam_role_policy",
    attachment: "aws_iam_role_policy_attachment",
};
const USER: Principal = Principal {
    attribute: "user",
    inline: "aws_iam_user_policy",
    attachment: "aws_iam_user_policy_attachment",
};
const GROUP: Principal = Principal {
    attribute: "group",
    inline: "aws_iam_group_policy",
    attachment: "aws_iam_group_policy_attachment",
};

/// `Policies` → `<Id>.policy.<n>` inline policy resources; `ManagedPolicyArns` →
/// `<Id>.policy_attachment.<n>` attachment resources.
fn principal_policies(m: &mut Mapped, props: &Props, p: &Principal) {
    if let Some(policies) = props.get("Policies").and_then(Ev::as_list) {
        for (i, policy) in policies.iter().enumerate() {
            let d = m.child(
                p.inline,
                &format!("policy.{i}"),
                p.attribute,
                policy.span.clone(),
            );
            if let Some(name) = policy.get("PolicyName") {
                d.set("name", name, Conv::Str);
            }
            if let Some(doc) = policy.get("PolicyDocument") {
                d.set("policy", doc, Conv::Json);
            }
        }
    }
    if let Some(arns) = props.get("ManagedPolicyArns") {
        let arns: Vec<Ev> = match arns.as_list() {
            Some(items) => items.to_vec(),
            None => vec![arns.clone()],
        };
        for (i, arn) in arns.iter().enumerate() {
            let d = m.child(
                p.attachment,
                &format!("policy_attachment.{i}"),
                p.attribute,
                arn.span.clone(),
            );
            d.set("policy_arn", arn, Conv::Str);
        }
    }
}

fn role(m: &mut Mapped, props: &Props) {
    principal_policies(m, props, &ROLE);
}

fn user(m: &mut Mapped, props: &Props) {
    principal_policies(m, props, &USER);
    if let Some(profile) = props.get("LoginProfile") {
        let d = m.child(
            "aws_iam_user_login_profile",
            "login_profile",
            "user",
            profile.span.clone(),
        );
        if let Some(reset) = profile.get("PasswordResetRequired") {
            d.set("password_reset_required", reset, Conv::Bool);
        }
    }
    if let Some(groups) = props.get("Groups") {
        let d = m.child(
            "aws_iam_user_group_membership",
            "group_membership",
            "user",
            groups.span.clone(),
        );
        d.set("groups", groups, Conv::StrList);
    }
}

fn group(m: &mut Mapped, props: &Props) {
    principal_policies(m, props, &GROUP);
}

/// Each of `Roles`, `Users`, `Groups` → one attachment of this policy.
fn managed_policy(m: &mut Mapped, props: &Props) {
    for (property, p) in [("Roles", &ROLE), ("Users", &USER), ("Groups", &GROUP)] {
        for (i, target) in targets(props, property).iter().enumerate() {
            let d = m.child(
                p.attachment,
                &format!("{}_attachment.{i}", p.attribute),
                "policy_arn",
                target.span.clone(),
            );
            d.set(p.attribute, target, Conv::Str);
        }
    }
}

/// `AWS::IAM::Policy` is an inline policy of each role, user and group it names: the first
/// target is the main resource, every further one a copy at `<Id>.<role|user|group>.<n>`.
fn inline_policy(m: &mut Mapped, props: &Props) {
    let mut all: Vec<(&Principal, Ev)> = Vec::new();
    for (property, p) in [("Roles", &ROLE), ("Users", &USER), ("Groups", &GROUP)] {
        all.extend(targets(props, property).into_iter().map(|t| (p, t)));
    }
    let template = m.main.clone();
    for (n, (p, target)) in all.iter().enumerate() {
        let d = if n == 0 {
            &mut m.main
        } else {
            let mut copy = template.clone();
            copy.address = format!("{}.{}.{n}", m.logical_id, p.attribute);
            m.extra.push(copy);
            let last = m.extra.len() - 1;
            &mut m.extra[last]
        };
        d.kind = p.inline.to_string();
        d.set(p.attribute, target, Conv::Str);
    }
}

fn targets(props: &Props, property: &str) -> Vec<Ev> {
    match props.get(property) {
        Some(ev) => match ev.as_list() {
            Some(items) => items.to_vec(),
            None => vec![ev.clone()],
        },
        None => Vec::new(),
    }
}

fn instance_profile(m: &mut Mapped, props: &Props) {
    if let Some(first) = targets(props, "Roles").first() {
        m.main.set("role", first, Conv::Str);
    }
}
