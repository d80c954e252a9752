//! IAM (account-wide): users with their inline and attached policies, access keys (age and last
//! use), MFA devices and login profiles; roles with their trust policies and policies;
//! instance profiles with their role; customer-managed policies with their default version's document; the password policy and
//! the account summary. Shapes are the AWS provider's state: `aws_iam_user`,
//! `aws_iam_user_policy`, `aws_iam_user_policy_attachment`, `aws_iam_role` with
//! `assume_role_policy`, `aws_iam_policy` with `policy`, `aws_iam_account_password_policy`.

use super::failure::{Failure, classify};
use super::policy_text::decode_policy;
use super::sink::Item;
use super::{Context, console, timestamp};
use aws_sdk_iam::Client;
use serde_json::{Value as Json, json};

/// The kinds this collector writes (one list, in the snapshot format: drift reads it too).
pub const KINDS: &[&str] = rampart_ingest::snapshot::aws_kinds::IAM;

const GLOBAL: &str = "global";

struct Iam<'a> {
    ctx: &'a Context,
    client: Client,
}

impl Iam<'_> {
    fn add(
        &self,
        kind: &str,
        key: &str,
        name: &str,
        arn: String,
        console_url: Option<String>,
        attributes: Json,
    ) {
        self.ctx.sink.add(Item {
            kind,
            key,
            name,
            region: GLOBAL,
            arn,
            console_url,
            attributes,
            unknown: Vec::new(),
        });
    }
    fn refused(&self, operation: &str, failure: &Failure) {
        self.ctx.sink.refused(GLOBAL, "iam", operation, failure);
    }
    fn account_arn(&self, rest: &str) -> String {
        format!("arn:aws:iam::{}:{rest}", self.ctx.sink.account)
    }
}

pub async fn collect(ctx: &Context) {
    let iam = Iam {
        ctx,
        client: Client::new(&ctx.sdk),
    };
    tokio::join!(
        users(&iam),
        roles(&iam),
        instance_profiles(&iam),
        groups(&iam),
        policies(&iam),
        password_policy(&iam),
        account_summary(&iam),
    );
}

async fn users(iam: &Iam<'_>) {
    let users = match iam
        .client
        .list_users()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(users) => users,
        Err(e) => return iam.refused("ListUsers", &classify(&e)),
    };
    let mfa = mfa_devices(iam).await;
    for user in &users {
        let name = user.user_name();
        iam.add(
            "aws_iam_user",
            name,
            name,
            user.arn().to_string(),
            Some(console::iam("users", name)),
            json!({
                "name": name,
                "id": name,
                "arn": user.arn(),
                "unique_id": user.user_id(),
                "path": user.path(),
                "create_date": timestamp(Some(user.create_date())),
                "password_last_used": timestamp(user.password_last_used()),
                "tags": tags(user.tags().iter().map(|t| (t.key(), t.value()))),
            }),
        );
        let _permit = iam.ctx.per_resource.acquire().await.ok();
        tokio::join!(
            user_policies(iam, name),
            user_attachments(iam, name),
            access_keys(iam, name),
            login_profile(iam, name),
        );
    }
    for (serial, user) in mfa {
        iam.add(
            "aws_iam_virtual_mfa_device",
            &serial,
            &serial,
            serial.clone(),
            user.as_deref().map(|u| console::iam("users", u)),
            json!({ "arn": serial, "serial_number": serial, "user_name": user }),
        );
    }
}

/// Every MFA device of the account and the user it is assigned to (virtual devices list the
/// root account's too).
async fn mfa_devices(iam: &Iam<'_>) -> Vec<(String, Option<String>)> {
    match iam
        .client
        .list_virtual_mfa_devices()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(devices) => devices
            .iter()
            .map(|d| {
                (
                    d.serial_number().to_string(),
                    d.user().map(|u| u.user_name().to_string()),
                )
            })
            .collect(),
        Err(e) => {
            iam.refused("ListVirtualMFADevices", &classify(&e));
            Vec::new()
        }
    }
}

async fn user_policies(iam: &Iam<'_>, user: &str) {
    let names = match iam
        .client
        .list_user_policies()
        .user_name(user)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(names) => names,
        Err(e) => return iam.refused("ListUserPolicies", &classify(&e)),
    };
    for policy in names {
        match iam
            .client
            .get_user_policy()
            .user_name(user)
            .policy_name(&policy)
            .send()
            .await
        {
            Ok(out) => Holder::user(iam, user).inline(iam, &policy, out.policy_document()),
            Err(e) => iam.refused("GetUserPolicy", &classify(&e)),
        }
    }
}

async fn user_attachments(iam: &Iam<'_>, user: &str) {
    match iam
        .client
        .list_attached_user_policies()
        .user_name(user)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(attached) => {
            let holder = Holder::user(iam, user);
            for a in attached {
                holder.attachment(iam, a.policy_arn(), a.policy_name());
            }
        }
        Err(e) => iam.refused("ListAttachedUserPolicies", &classify(&e)),
    }
}

async fn access_keys(iam: &Iam<'_>, user: &str) {
    let keys = match iam
        .client
        .list_access_keys()
        .user_name(user)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(keys) => keys,
        Err(e) => return iam.refused("ListAccessKeys", &classify(&e)),
    };
    for key in keys {
        let Some(id) = key.access_key_id() else {
            continue;
        };
        let last_used = match iam
            .client
            .get_access_key_last_used()
            .access_key_id(id)
            .send()
            .await
        {
            Ok(out) => timestamp(out.access_key_last_used().and_then(|u| u.last_used_date())),
            Err(e) => {
                iam.refused("GetAccessKeyLastUsed", &classify(&e));
                Json::Null
            }
        };
        iam.add(
            "aws_iam_access_key",
            id,
            id,
            iam.account_arn(&format!("user/{user}")),
            Some(console::iam("users", user)),
            json!({
                "id": id,
                "user": user,
                "status": key.status().map(|s| s.as_str()).unwrap_or(""),
                "create_date": timestamp(key.create_date()),
                "last_used_date": last_used,
            }),
        );
    }
}

async fn login_profile(iam: &Iam<'_>, user: &str) {
    match iam.client.get_login_profile().user_name(user).send().await {
        Ok(out) => {
            let reset = out
                .login_profile()
                .is_some_and(|p| p.password_reset_required());
            iam.add(
                "aws_iam_user_login_profile",
                user,
                user,
                iam.account_arn(&format!("user/{user}")),
                Some(console::iam("users", user)),
                json!({ "id": user, "user": user, "password_reset_required": reset }),
            );
        }
        Err(e) => iam.refused("GetLoginProfile", &classify(&e)),
    }
}

async fn roles(iam: &Iam<'_>) {
    let roles = match iam
        .client
        .list_roles()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(roles) => roles,
        Err(e) => return iam.refused("ListRoles", &classify(&e)),
    };
    for role in &roles {
        let name = role.role_name();
        iam.add(
            "aws_iam_role",
            name,
            name,
            role.arn().to_string(),
            Some(console::iam("roles", name)),
            json!({
                "name": name,
                "id": name,
                "arn": role.arn(),
                "unique_id": role.role_id(),
                "path": role.path(),
                "assume_role_policy": role.assume_role_policy_document().map(decode_policy),
                "description": role.description(),
                "max_session_duration": role.max_session_duration(),
                "create_date": timestamp(Some(role.create_date())),
                "tags": tags(role.tags().iter().map(|t| (t.key(), t.value()))),
            }),
        );
        let _permit = iam.ctx.per_resource.acquire().await.ok();
        tokio::join!(role_policies(iam, name), role_attachments(iam, name));
    }
}

/// Instance profiles with the role each carries: the hop from an instance to its permissions
/// (`aws_instance.iam_instance_profile` names the profile).
async fn instance_profiles(iam: &Iam<'_>) {
    let profiles = match iam
        .client
        .list_instance_profiles()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(p) => p,
        Err(e) => return iam.refused("ListInstanceProfiles", &classify(&e)),
    };
    for p in &profiles {
        let name = p.instance_profile_name();
        // a profile holds at most one role (an IAM limit)
        let role = p.roles().first().map(|r| r.role_name());
        iam.add(
            "aws_iam_instance_profile",
            name,
            name,
            p.arn().to_string(),
            Some(console::iam("roles", role.unwrap_or(name))),
            json!({
                "name": name,
                "id": name,
                "arn": p.arn(),
                "unique_id": p.instance_profile_id(),
                "path": p.path(),
                "role": role.unwrap_or(""),
                "create_date": timestamp(Some(p.create_date())),
                "tags": tags(p.tags().iter().map(|t| (t.key(), t.value()))),
            }),
        );
    }
}

async fn role_policies(iam: &Iam<'_>, role: &str) {
    let names = match iam
        .client
        .list_role_policies()
        .role_name(role)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(names) => names,
        Err(e) => return iam.refused("ListRolePolicies", &classify(&e)),
    };
    for policy in names {
        match iam
            .client
            .get_role_policy()
            .role_name(role)
            .policy_name(&policy)
            .send()
            .await
        {
            Ok(out) => Holder::role(iam, role).inline(iam, &policy, out.policy_document()),
            Err(e) => iam.refused("GetRolePolicy", &classify(&e)),
        }
    }
}

async fn role_attachments(iam: &Iam<'_>, role: &str) {
    match iam
        .client
        .list_attached_role_policies()
        .role_name(role)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(attached) => {
            let holder = Holder::role(iam, role);
            for a in attached {
                holder.attachment(iam, a.policy_arn(), a.policy_name());
            }
        }
        Err(e) => iam.refused("ListAttachedRolePolicies", &classify(&e)),
    }
}

async fn groups(iam: &Iam<'_>) {
    let groups = match iam
        .client
        .list_groups()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(groups) => groups,
        Err(e) => return iam.refused("ListGroups", &classify(&e)),
    };
    for group in &groups {
        let name = group.group_name();
        iam.add(
            "aws_iam_group",
            name,
            name,
            group.arn().to_string(),
            Some(console::iam("groups", name)),
            json!({ "name": name, "id": name, "arn": group.arn(), "path": group.path() }),
        );
        match iam
            .client
            .list_group_policies()
            .group_name(name)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
        {
            Ok(policies) => {
                for policy in policies {
                    match iam
                        .client
                        .get_group_policy()
                        .group_name(name)
                        .policy_name(&policy)
                        .send()
                        .await
                    {
                        Ok(out) => Holder::group(group.arn(), name).inline(
                            iam,
                            &policy,
                            out.policy_document(),
                        ),
                        Err(e) => iam.refused("GetGroupPolicy", &classify(&e)),
                    }
                }
            }
            Err(e) => iam.refused("ListGroupPolicies", &classify(&e)),
        }
        match iam
            .client
            .list_attached_group_policies()
            .group_name(name)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
        {
            Ok(attached) => {
                let holder = Holder::group(group.arn(), name);
                for a in attached {
                    holder.attachment(iam, a.policy_arn(), a.policy_name());
                }
            }
            Err(e) => iam.refused("ListAttachedGroupPolicies", &classify(&e)),
        }
    }
}

/// Customer-managed policies with their default version's document. AWS-managed policies
/// are not collected: they cannot be changed, and they are named by the attachments.
async fn policies(iam: &Iam<'_>) {
    let listed = iam
        .client
        .list_policies()
        .scope(aws_sdk_iam::types::PolicyScopeType::Local)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await;
    let policies = match listed {
        Ok(p) => p,
        Err(e) => return iam.refused("ListPolicies", &classify(&e)),
    };
    for p in policies {
        let (Some(arn), Some(name)) = (p.arn(), p.policy_name()) else {
            continue;
        };
        let document = match p.default_version_id() {
            Some(version) => match iam
                .client
                .get_policy_version()
                .policy_arn(arn)
                .version_id(version)
                .send()
                .await
            {
                Ok(out) => out
                    .policy_version()
                    .and_then(|v| v.document())
                    .map(decode_policy),
                Err(e) => {
                    iam.refused("GetPolicyVersion", &classify(&e));
                    None
                }
            },
            None => None,
        };
        let unknown = if document.is_none() {
            vec!["policy".to_string()]
        } else {
            Vec::new()
        };
        iam.ctx.sink.add(Item {
            kind: "aws_iam_policy",
            key: arn,
            name,
            region: GLOBAL,
            arn: arn.to_string(),
            console_url: Some(console::iam("policies", arn)),
            attributes: json!({
                "id": arn,
                "arn": arn,
                "name": name,
                "path": p.path(),
                "policy": document,
                "default_version_id": p.default_version_id(),
                "attachment_count": p.attachment_count(),
            }),
            unknown,
        });
    }
}

async fn password_policy(iam: &Iam<'_>) {
    match iam.client.get_account_password_policy().send().await {
        Ok(out) => {
            let Some(p) = out.password_policy() else {
                return;
            };
            let account = iam.ctx.sink.account.to_string();
            iam.add(
                "aws_iam_account_password_policy",
                &account,
                &account,
                iam.account_arn("account-password-policy"),
                Some("https://console.aws.amazon.com/iam/home#/account_settings".into()),
                json!({
                    "id": "iam-account-password-policy",
                    "minimum_password_length": p.minimum_password_length(),
                    "require_symbols": p.require_symbols(),
                    "require_numbers": p.require_numbers(),
                    "require_uppercase_characters": p.require_uppercase_characters(),
                    "require_lowercase_characters": p.require_lowercase_characters(),
                    "allow_users_to_change_password": p.allow_users_to_change_password(),
                    "expire_passwords": p.expire_passwords(),
                    "max_password_age": p.max_password_age(),
                    "password_reuse_prevention": p.password_reuse_prevention(),
                    "hard_expiry": p.hard_expiry(),
                }),
            );
        }
        // `NoSuchEntity`: the account has no password policy (AWS's defaults apply)
        Err(e) => iam.refused("GetAccountPasswordPolicy", &classify(&e)),
    }
}

/// The account summary: root access keys and MFA, entity counts. Not a Terraform resource;
/// recorded as `aws_iam_account_summary` with the API's keys.
async fn account_summary(iam: &Iam<'_>) {
    match iam.client.get_account_summary().send().await {
        Ok(out) => {
            let mut summary = serde_json::Map::new();
            for (k, v) in out.summary_map().into_iter().flatten() {
                summary.insert(k.as_str().to_string(), json!(v));
            }
            let account = iam.ctx.sink.account.to_string();
            let mut attributes = json!({
                "id": account,
                "account_mfa_enabled": summary.get("AccountMFAEnabled").and_then(Json::as_i64).map(|n| n > 0),
                "account_access_keys_present": summary.get("AccountAccessKeysPresent").and_then(Json::as_i64).map(|n| n > 0),
            });
            if let Json::Object(m) = &mut attributes {
                m.insert("summary_map".into(), Json::Object(summary));
            }
            iam.add(
                "aws_iam_account_summary",
                &account,
                &account,
                iam.account_arn("root"),
                Some("https://console.aws.amazon.com/iam/home#/home".into()),
                attributes,
            );
        }
        Err(e) => iam.refused("GetAccountSummary", &classify(&e)),
    }
}

/// A user, role or group that holds inline policies and policy attachments: the three are
/// recorded alike, under the Terraform kinds `aws_iam_{user,role,group}_policy[_attachment]`.
struct Holder<'a> {
    /// `user`, `role` or `group`: the kind's infix and the attribute naming the holder.
    noun: &'static str,
    name: &'a str,
    arn: String,
}

impl<'a> Holder<'a> {
    fn user(iam: &Iam<'_>, name: &'a str) -> Holder<'a> {
        let arn = iam.account_arn(&format!("user/{name}"));
        Holder {
            noun: "user",
            name,
            arn,
        }
    }
    fn role(iam: &Iam<'_>, name: &'a str) -> Holder<'a> {
        let arn = iam.account_arn(&format!("role/{name}"));
        Holder {
            noun: "role",
            name,
            arn,
        }
    }
    fn group(arn: &str, name: &'a str) -> Holder<'a> {
        Holder {
            noun: "group",
            name,
            arn: arn.to_string(),
        }
    }
    fn console(&self) -> Option<String> {
        Some(console::iam(&format!("{}s", self.noun), self.name))
    }
    /// An inline policy with its (URL-encoded) document.
    fn inline(&self, iam: &Iam<'_>, policy: &str, document: &str) {
        let key = format!("{}:{policy}", self.name);
        iam.add(
            &format!("aws_iam_{}_policy", self.noun),
            &key,
            policy,
            self.arn.clone(),
            self.console(),
            json!({
                "id": key,
                "name": policy,
                self.noun: self.name,
                "policy": decode_policy(document),
            }),
        );
    }
    /// An attached managed policy.
    fn attachment(&self, iam: &Iam<'_>, arn: Option<&str>, policy_name: Option<&str>) {
        let arn = arn.unwrap_or_default();
        let key = format!("{}/{arn}", self.name);
        iam.add(
            &format!("aws_iam_{}_policy_attachment", self.noun),
            &key,
            policy_name.unwrap_or(arn),
            self.arn.clone(),
            self.console(),
            json!({ "id": key, self.noun: self.name, "policy_arn": arn }),
        );
    }
}

fn tags<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Json {
    Json::Object(
        pairs
            .map(|(k, v)| (k.to_string(), Json::String(v.to_string())))
            .collect(),
    )
}
