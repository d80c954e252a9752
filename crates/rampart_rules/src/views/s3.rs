//! What an S3 bucket's effective settings are, answered once for every S3 rule. A setting may
//! be written in the bucket's inline blocks (AWS provider v3: `versioning {}`, `logging {}`,
//! `acl`, `policy`, `server_side_encryption_configuration {}`), in a separate
//! `aws_s3_bucket_*` resource joined to it, or account-wide (`aws_s3_account_public_access_block`).
//! A separate resource whose `bucket` cannot be resolved *may* apply to any bucket: it turns a
//! "yes" into Unknown, never into a "no".
//!
//! Must never: report a setting as missing when it may be made elsewhere, or panic.

use crate::util::{flag, is_unresolved_pointer};
use rampart_model::{Inventory, Mode, Resource, ResourceRef, Truth, Value};

pub const BUCKET: &str = "aws_s3_bucket";
pub const ACL: &str = "aws_s3_bucket_acl";
pub const POLICY: &str = "aws_s3_bucket_policy";
pub const VERSIONING: &str = "aws_s3_bucket_versioning";
pub const ENCRYPTION: &str = "aws_s3_bucket_server_side_encryption_configuration";
pub const LOGGING: &str = "aws_s3_bucket_logging";
pub const OWNERSHIP: &str = "aws_s3_bucket_ownership_controls";
pub const LIFECYCLE: &str = "aws_s3_bucket_lifecycle_configuration";
pub const NOTIFICATION: &str = "aws_s3_bucket_notification";
/// Not joined by the model's relations: looked up through [`crate::views::aws_services::setting_holds`].
pub const REPLICATION: &str = "aws_s3_bucket_replication_configuration";
pub const BUCKET_BLOCK: &str = "aws_s3_bucket_public_access_block";
pub const ACCOUNT_BLOCK: &str = "aws_s3_account_public_access_block";
/// The kinds a public-access-block flag rule looks at: a bucket's block and the account-wide one.
pub const PUBLIC_ACCESS_BLOCK_KINDS: &[&str] = &[BUCKET_BLOCK, ACCOUNT_BLOCK];

const ALL_USERS: &str = "acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS: &str = "acs.amazonaws.com/groups/global/AuthenticatedUsers";
const LOG_DELIVERY: &str = "acs.amazonaws.com/groups/s3/LogDelivery";

/// A separate setting resource and whether it certainly configures the bucket (joined to it)
/// or only may (its `bucket` could not be resolved).
#[derive(Clone, Copy)]
pub struct Setting<'a> {
    pub resource: ResourceRef<'a>,
    pub certain: bool,
}

impl Setting<'_> {
    /// A "yes" from a setting that only may apply is Unknown; a "no" stays a "no".
    pub fn weigh(&self, t: Truth) -> Truth {
        if self.certain {
            t
        } else {
            t.and(Truth::Unknown)
        }
    }
}

/// The four flags of a public access block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockFlag {
    BlockPublicAcls,
    BlockPublicPolicy,
    IgnorePublicAcls,
    RestrictPublicBuckets,
}

impl BlockFlag {
    pub const ALL: [BlockFlag; 4] = [
        BlockFlag::BlockPublicAcls,
        BlockFlag::BlockPublicPolicy,
        BlockFlag::IgnorePublicAcls,
        BlockFlag::RestrictPublicBuckets,
    ];
    pub fn attribute(self) -> &'static str {
        match self {
            BlockFlag::BlockPublicAcls => "block_public_acls",
            BlockFlag::BlockPublicPolicy => "block_public_policy",
            BlockFlag::IgnorePublicAcls => "ignore_public_acls",
            BlockFlag::RestrictPublicBuckets => "restrict_public_buckets",
        }
    }
}

/// The bucket a question is about: the bucket resource when it is known, else the `bucket`
/// pointer written in a separate resource (`aws_s3_bucket_acl.bucket = "name"`).
#[derive(Clone, Copy)]
pub struct BucketScope<'a> {
    inventory: &'a Inventory,
    owner: Option<ResourceRef<'a>>,
    pointer: Option<&'a Value>,
}

impl<'a> BucketScope<'a> {
    /// The scope of a bucket resource.
    pub fn of_bucket(bucket: ResourceRef<'a>) -> Self {
        BucketScope {
            inventory: bucket.inventory,
            owner: Some(bucket),
            pointer: None,
        }
    }
    /// The scope of the bucket a separate resource (ACL, policy…) configures.
    pub fn of_setting(setting: ResourceRef<'a>) -> Self {
        BucketScope {
            inventory: setting.inventory,
            owner: setting.uses(BUCKET).find(|b| b.mode == Mode::Managed),
            pointer: setting.resource().get("bucket"),
        }
    }
    pub fn owner(&self) -> Option<ResourceRef<'a>> {
        self.owner
    }

    /// Separate resources of `kind` that configure this bucket, certainly or possibly.
    pub fn settings(&self, kind: &'a str) -> Vec<Setting<'a>> {
        let inv = self.inventory;
        let mut out = Vec::new();
        match self.owner {
            // joined settings come from the relation index; only settings that joined no
            // bucket at all may still be this bucket's (an unresolved pointer)
            Some(owner) => {
                out.extend(owner.related(kind).filter(|s| s.mode == Mode::Managed).map(
                    |resource| Setting {
                        resource,
                        certain: true,
                    },
                ));
            }
            None => {
                for s in inv.of_kind(kind).filter(|s| s.mode == Mode::Managed) {
                    if let (Some(mine), Some(theirs)) = (self.pointer, s.resource().get("bucket"))
                        && same_pointer(mine, theirs)
                    {
                        out.push(Setting {
                            resource: s,
                            certain: true,
                        });
                    }
                }
            }
        }
        for s in inv.unjoined(kind).filter(|s| s.mode == Mode::Managed) {
            if out.iter().any(|o| o.resource.id == s.id) {
                continue;
            }
            if s.resource()
                .get("bucket")
                .is_some_and(|p| self.may_name_this_bucket(p))
            {
                out.push(Setting {
                    resource: s,
                    certain: false,
                });
            }
        }
        out
    }

    /// Whether an unjoined pointer could still name this bucket.
    fn may_name_this_bucket(&self, pointer: &Value) -> bool {
        if is_unresolved_pointer(self.inventory, pointer) {
            return true;
        }
        // a literal name that matched no bucket could be this one when its name is unknown
        match (pointer, self.owner) {
            (Value::String(_), Some(owner)) => owner
                .resource()
                .get("bucket")
                .is_some_and(Value::is_unknown),
            (Value::String(_), None) => self.pointer.is_none_or(Value::is_unknown),
            _ => false,
        }
    }

    fn inline(&self) -> Option<&'a Resource> {
        self.owner.map(|o| o.resource())
    }

    /// Whether versioning is enabled, inline (`versioning { enabled = true }`) or through
    /// `aws_s3_bucket_versioning` (`status = "Enabled"`).
    pub fn versioning_enabled(&self) -> Truth {
        let mut t = match self.inline().and_then(|b| b.get("versioning")) {
            Some(v) => any_item(v, |block| {
                block.get("enabled").map_or(Truth::False, Value::truth)
            }),
            None => Truth::False,
        };
        for s in self.settings(VERSIONING) {
            let status = s.resource.get("versioning_configuration.status");
            t = t.or(s.weigh(string_is(status, &["Enabled"])));
        }
        t
    }

    /// Whether default encryption is configured (a rule with an `sse_algorithm`).
    pub fn default_encryption(&self) -> Truth {
        self.encryption_rules(|rule| {
            match rule.path("apply_server_side_encryption_by_default.sse_algorithm") {
                Some(Value::String(s)) => Truth::from_bool(!s.trim().is_empty()),
                Some(v) if v.is_unknown() => Truth::Unknown,
                _ => Truth::False,
            }
        })
    }

    /// Whether default encryption uses a customer-managed KMS key: `aws:kms` (or
    /// `aws:kms:dsse`) with a `kms_master_key_id` that is not the AWS-managed `aws/s3` key.
    pub fn customer_managed_key(&self) -> Truth {
        self.encryption_rules(|rule| {
            let Some(default) = rule.path("apply_server_side_encryption_by_default") else {
                return Truth::False;
            };
            let kms = string_is(default.path("sse_algorithm"), &["aws:kms", "aws:kms:dsse"]);
            let key = match default.path("kms_master_key_id") {
                None | Some(Value::Null) => Truth::False,
                Some(Value::String(k)) => {
                    let k = k.trim();
                    Truth::from_bool(!k.is_empty() && !k.ends_with("alias/aws/s3"))
                }
                Some(_) => Truth::Unknown,
            };
            kms.and(key)
        })
    }

    /// Whether default encryption uses KMS (`aws:kms` or `aws:kms:dsse`), with any key,
    /// the AWS-managed `aws/s3` one included.
    pub fn kms_encryption(&self) -> Truth {
        self.encryption_rules(|rule| {
            string_is(
                rule.path("apply_server_side_encryption_by_default.sse_algorithm"),
                &["aws:kms", "aws:kms:dsse"],
            )
        })
    }

    /// Any encryption rule, inline or separate, for which `test` holds.
    fn encryption_rules(&self, test: impl Fn(&Value) -> Truth) -> Truth {
        let rules_of = |config: Option<&Value>| match config {
            None => Truth::False,
            Some(c) => any_item(c, |block| match block.get("rule") {
                Some(rules) => any_item(rules, &test),
                None => Truth::False,
            }),
        };
        let mut t = self.inline().map_or(Truth::False, |b| {
            rules_of(b.get("server_side_encryption_configuration"))
        });
        for s in self.settings(ENCRYPTION) {
            let rules = match s.resource.get("rule") {
                Some(rules) => any_item(rules, &test),
                None => Truth::False,
            };
            t = t.or(s.weigh(rules));
        }
        t
    }

    /// Whether server access logging is on: an inline `logging {}` block or an
    /// `aws_s3_bucket_logging`.
    pub fn access_logging(&self) -> Truth {
        let inline = match self.inline().and_then(|b| b.get("logging")) {
            Some(v) => any_item(v, |block| match block.get("target_bucket") {
                None | Some(Value::Null) => Truth::False,
                Some(Value::String(s)) => Truth::from_bool(!s.trim().is_empty()),
                Some(_) => Truth::True,
            }),
            None => Truth::False,
        };
        self.settings(LOGGING)
            .iter()
            .fold(inline, |t, s| t.or(s.weigh(Truth::True)))
    }

    /// Whether the bucket receives S3 server access logs: ACL `log-delivery-write`, a grant to
    /// the LogDelivery group, a policy admitting `logging.s3.amazonaws.com`, or another
    /// bucket's logging naming it as target. Such buckets cannot use SSE-KMS and do not log
    /// themselves.
    pub fn is_log_target(&self) -> Truth {
        let mut t = Truth::False;
        if let Some(b) = self.inline() {
            t = t
                .or(string_is(b.get("acl"), &["log-delivery-write"]))
                .or(grants_to(b, "grant", LOG_DELIVERY))
                .or(policy_admits_log_delivery(b));
        }
        for s in self.settings(ACL) {
            let r = s.resource.resource();
            let acl = string_is(r.get("acl"), &["log-delivery-write"]).or(grants_to(
                r,
                "access_control_policy.0.grant",
                LOG_DELIVERY,
            ));
            t = t.or(s.weigh(acl));
        }
        for s in self.settings(POLICY) {
            t = t.or(s.weigh(policy_admits_log_delivery(s.resource.resource())));
        }
        if let Some(owner) = self.owner {
            t = t.or(named_as_log_target(owner));
        }
        t
    }

    /// Whether a lifecycle rule is in force: an inline `lifecycle_rule { enabled = true }`
    /// (provider v3) or an `aws_s3_bucket_lifecycle_configuration` with a rule whose `status`
    /// is `Enabled`. A configuration whose rules are all disabled manages nothing.
    pub fn lifecycle_rule_enabled(&self) -> Truth {
        let inline = match self.inline().and_then(|b| b.get("lifecycle_rule")) {
            Some(v) => any_item(v, |rule| {
                rule.get("enabled").map_or(Truth::False, Value::truth)
            }),
            None => Truth::False,
        };
        self.settings(LIFECYCLE).iter().fold(inline, |t, s| {
            let enabled = s.resource.get("rule").map_or(Truth::False, |rules| {
                any_item(rules, |r| string_is(r.get("status"), &["Enabled"]))
            });
            t.or(s.weigh(enabled))
        })
    }

    /// Whether an `aws_s3_bucket_notification` sends the bucket's events somewhere: to
    /// EventBridge, or to at least one topic, queue or Lambda function.
    pub fn event_notifications(&self) -> Truth {
        self.settings(NOTIFICATION)
            .iter()
            .fold(Truth::False, |t, s| {
                let r = s.resource.resource();
                let eventbridge = r.get("eventbridge").map_or(Truth::False, Value::truth);
                let targets = ["topic", "queue", "lambda_function"]
                    .iter()
                    .map(|block| match r.get(block) {
                        None | Some(Value::Null) => Truth::False,
                        Some(v) if v.is_unknown() => Truth::Unknown,
                        Some(v) => Truth::from_bool(!v.items().is_empty()),
                    })
                    .fold(Truth::False, Truth::or);
                t.or(s.weigh(eventbridge.or(targets)))
            })
    }

    /// Whether the bucket replicates its objects: an inline `replication_configuration` with a
    /// rule whose `status` is `Enabled` (provider v3), or an
    /// `aws_s3_bucket_replication_configuration` naming this bucket as its source with one.
    /// Only for a bucket resource; the scope of a separate setting answers Unknown.
    pub fn replicates(&self) -> Truth {
        let Some(owner) = self.owner else {
            return Truth::Unknown;
        };
        let rules_enabled = |rules: Option<&Value>| {
            rules.map_or(Truth::False, |rules| {
                any_item(rules, |r| string_is(r.get("status"), &["Enabled"]))
            })
        };
        let inline = match owner.resource().get("replication_configuration") {
            Some(v) => any_item(v, |c| rules_enabled(c.get("rules"))),
            None => Truth::False,
        };
        inline.or(crate::views::aws_services::setting_holds(
            &owner,
            REPLICATION,
            "bucket",
            &["bucket", "id"],
            |s| rules_enabled(s.resource().get("rule")),
        ))
    }

    /// Whether some replication configuration (separate, or inline on another bucket) copies
    /// objects into this bucket: a replica does not need to replicate again.
    pub fn is_replication_destination(&self) -> Truth {
        let Some(owner) = self.owner else {
            return Truth::Unknown;
        };
        let index = self.inventory.memo(ReplicationRules::build);
        let mut t = Truth::False;
        // a bucket's own inline configuration does not make it a destination
        for (_, rules) in index
            .rules
            .iter()
            .filter(|(from, _)| *from != Some(owner.id))
        {
            if rules.is_unknown() {
                t = t.or(Truth::Unknown);
                continue;
            }
            for rule in rules.items() {
                let Some(dest) = rule.get("destination") else {
                    continue;
                };
                for d in dest.items() {
                    t = t.or(names_bucket(d.get("bucket"), &owner));
                }
            }
        }
        t
    }

    /// Whether any public access block (bucket-level or account-wide) exists.
    pub fn public_access_block_exists(&self) -> Truth {
        let account = self
            .inventory
            .of_kind(ACCOUNT_BLOCK)
            .any(|b| b.mode == Mode::Managed);
        self.settings(BUCKET_BLOCK)
            .iter()
            .fold(Truth::from_bool(account), |t, s| t.or(s.weigh(Truth::True)))
    }

    /// The effective value of one public access block flag: on if it is on in the bucket's
    /// block or in the account-wide block (S3 applies the most restrictive combination).
    pub fn block_flag(&self, which: BlockFlag) -> Truth {
        let attr = which.attribute();
        let account = self
            .inventory
            .of_kind(ACCOUNT_BLOCK)
            .filter(|b| b.mode == Mode::Managed)
            .map(|b| flag(&b, attr, false))
            .fold(Truth::False, Truth::or);
        self.settings(BUCKET_BLOCK).iter().fold(account, |t, s| {
            t.or(s.weigh(flag(&s.resource, attr, false)))
        })
    }

    /// Whether ACLs are disabled by `object_ownership = "BucketOwnerEnforced"`.
    pub fn acls_disabled(&self) -> Truth {
        self.settings(OWNERSHIP).iter().fold(Truth::False, |t, s| {
            let owner = s.resource.get("rule").map_or(Truth::False, |rules| {
                any_item(rules, |r| {
                    string_is(r.get("object_ownership"), &["BucketOwnerEnforced"])
                })
            });
            t.or(s.weigh(owner))
        })
    }

    /// Whether public ACLs on this bucket are neutralised: `ignore_public_acls` (bucket or
    /// account) or ACLs disabled. `block_public_acls` alone is not enough: it rejects new
    /// public ACLs but keeps one already applied (an inline `acl` is applied before the block
    /// that references the bucket).
    pub fn public_acls_neutralised(&self) -> Truth {
        self.block_flag(BlockFlag::IgnorePublicAcls)
            .or(self.acls_disabled())
    }
}

/// Whether a bucket ARN (`arn:aws:s3:::name` or a reference to a bucket's `arn`) names
/// `owner`: Unknown when either side is not known statically.
fn names_bucket(arn: Option<&Value>, owner: &ResourceRef<'_>) -> Truth {
    match arn {
        None | Some(Value::Null) => Truth::False,
        Some(Value::Unknown(u)) => match u.refers_to.as_deref() {
            Some(a) if a == owner.address => Truth::True,
            Some(a) if owner.inventory.id_of(a).is_some() => Truth::False,
            _ => Truth::Unknown,
        },
        Some(Value::String(s)) => {
            let name = s.rsplit(":::").next().unwrap_or(s).trim();
            match owner.resource().get("bucket") {
                Some(Value::String(b)) => Truth::from_bool(b == name),
                _ => Truth::Unknown,
            }
        }
        Some(_) => Truth::Unknown,
    }
}

/// True when two pointers certainly name the same thing.
fn same_pointer(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Unknown(x), Value::Unknown(y)) => {
            x.refers_to.is_some() && x.refers_to == y.refers_to
        }
        _ => false,
    }
}

/// Whether a string value is one of `options`; Unknown when not known statically.
pub fn string_is(v: Option<&Value>, options: &[&str]) -> Truth {
    match v {
        Some(Value::String(s)) => {
            Truth::from_bool(options.iter().any(|o| s.trim().eq_ignore_ascii_case(o)))
        }
        Some(v) if v.is_unknown() => Truth::Unknown,
        _ => Truth::False,
    }
}

/// OR of `test` over the items of a (block) list.
fn any_item(v: &Value, test: impl Fn(&Value) -> Truth) -> Truth {
    if v.is_unknown() {
        return Truth::Unknown;
    }
    v.items()
        .into_iter()
        .map(test)
        .fold(Truth::False, Truth::or)
}

/// Whether some grant under `path` (inline `grant` blocks or `access_control_policy.0.grant`)
/// names the group `uri_suffix`.
fn grants_to(r: &Resource, path: &str, uri_suffix: &str) -> Truth {
    match r.get(path) {
        Some(grants) => any_item(grants, |g| grant_uri_is(g, uri_suffix)),
        None => Truth::False,
    }
}

fn grant_uri_is(grant: &Value, uri_suffix: &str) -> Truth {
    // inline grants carry `uri`; access_control_policy grants nest it in `grantee`
    let uri = grant.get("uri").or_else(|| grant.path("grantee.uri"));
    match uri {
        Some(Value::String(u)) => Truth::from_bool(u.trim_end_matches('/').ends_with(uri_suffix)),
        Some(v) if v.is_unknown() => Truth::Unknown,
        _ => Truth::False,
    }
}

fn policy_admits_log_delivery(r: &Resource) -> Truth {
    let doc = super::iam::policy_at(r, "policy");
    if doc == super::iam::Document::Unknown {
        return Truth::Unknown;
    }
    doc.statements()
        .iter()
        .filter(|s| s.is_allow())
        .map(|s| {
            s.principal
                .as_ref()
                .and_then(|p| p.of_type("Service"))
                .map_or(Truth::False, |ids| ids.contains("logging.s3.amazonaws.com"))
        })
        .fold(Truth::False, Truth::or)
}

/// Whether another bucket's logging names `bucket` as its target bucket.
fn named_as_log_target(bucket: ResourceRef<'_>) -> Truth {
    let names: Vec<&str> = ["bucket", "id"]
        .iter()
        .filter_map(|a| bucket.resource().str(a))
        .collect();
    let seen = bucket.inventory.memo(LogTargets::build);
    // a bucket whose own inline logging points at itself is not "named by another bucket"
    let by_other = |sources: Option<&Vec<Option<usize>>>| {
        sources.is_some_and(|v| v.iter().any(|src| *src != Some(bucket.id)))
    };
    let named = names.iter().any(|n| by_other(seen.names.get(*n)));
    let referenced = by_other(seen.references.get(bucket.address.as_str()));
    Truth::from_bool(named || referenced)
}

/// Every bucket named as a log target, by inline `logging` blocks or `aws_s3_bucket_logging`,
/// built once per inventory (checking each bucket against every other is quadratic).
/// Target name or referenced address → the buckets naming it (`None` for a separate
/// `aws_s3_bucket_logging`).
struct LogTargets {
    names: std::collections::HashMap<String, Vec<Option<usize>>>,
    references: std::collections::HashMap<String, Vec<Option<usize>>>,
}

impl LogTargets {
    fn build(inv: &rampart_model::Inventory) -> Self {
        let mut t = LogTargets {
            names: Default::default(),
            references: Default::default(),
        };
        let mut add = |v: Option<&Value>, source: Option<usize>| match v {
            Some(Value::String(s)) => t.names.entry(s.clone()).or_default().push(source),
            Some(Value::Unknown(u)) => {
                if let Some(a) = u.refers_to.as_deref() {
                    t.references.entry(a.to_string()).or_default().push(source);
                }
            }
            _ => {}
        };
        for b in inv.of_kind(BUCKET) {
            if let Some(l) = b.get("logging") {
                for block in l.items() {
                    add(block.get("target_bucket"), Some(b.id));
                }
            }
        }
        for l in inv.of_kind(LOGGING) {
            add(l.get("target_bucket"), None);
        }
        t
    }
}

/// What a canned ACL exposes, if it is public.
pub fn canned_acl_exposure(acl: &str) -> Option<&'static str> {
    match acl.trim() {
        "public-read" => Some("lets anyone on the internet list and read objects"),
        "public-read-write" => {
            Some("lets anyone on the internet list, read, write and delete objects")
        }
        "website" => Some("lets anyone on the internet read objects (legacy `website` ACL)"),
        "authenticated-read" => {
            Some("lets every AWS account holder in the world list and read objects")
        }
        _ => None,
    }
}

/// The public exposures an ACL-carrying resource declares, as (attribute path, what it exposes):
/// a canned `acl`, inline `grant` blocks (bucket) or `access_control_policy` grants.
pub fn public_acl_grants(r: &Resource) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(exposure) = r.str("acl").and_then(canned_acl_exposure) {
        out.push((
            "acl".to_string(),
            format!(
                "canned ACL `{}` {exposure}",
                r.str("acl").unwrap_or_default()
            ),
        ));
    }
    for base in ["grant", "access_control_policy.0.grant"] {
        let Some(grants) = r.get(base) else { continue };
        for (i, g) in grants.items().into_iter().enumerate() {
            let who = if grant_uri_is(g, ALL_USERS).is_true() {
                "everyone (AllUsers)"
            } else if grant_uri_is(g, AUTHENTICATED_USERS).is_true() {
                "every AWS account holder (AuthenticatedUsers)"
            } else {
                continue;
            };
            let permission = g
                .get("permission")
                .or_else(|| g.get("permissions"))
                .map(|p| {
                    p.items()
                        .iter()
                        .map(|x| x.to_display_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_else(|| "access".into());
            out.push((
                format!("{base}.{i}"),
                format!("grant gives {permission} to {who}"),
            ));
        }
    }
    out
}

/// The hits of a public-access-block flag rule: the block (bucket-level or account-wide) leaves
/// `which` off, and no account-wide block turns it on. A bucket with no block at all is
/// AWS-S3-003's finding, not this one's.
pub fn block_flag_hits(
    block: ResourceRef<'_>,
    which: BlockFlag,
    what: &str,
) -> Vec<crate::rule::Hit> {
    let attr = which.attribute();
    if block.mode != Mode::Managed || !flag(&block, attr, false).is_false() {
        return Vec::new();
    }
    let account_on = block
        .inventory
        .of_kind(ACCOUNT_BLOCK)
        .filter(|b| b.mode == Mode::Managed && b.id != block.id)
        .map(|b| flag(&b, attr, false))
        .fold(Truth::False, Truth::or);
    if !account_on.is_false() {
        return Vec::new();
    }
    let scope = if block.kind == ACCOUNT_BLOCK {
        "account-wide public access block"
    } else {
        "public access block"
    };
    vec![crate::rule::Hit::at(
        attr,
        format!(
            "`{}`: the {scope} does not {what} (`{attr}` is not true)",
            block.address
        ),
    )]
}

/// The fix of a public-access-block flag rule: turn `which` on in the block. Unsafe because a
/// bucket that is public on purpose stops being reachable.
pub fn block_flag_fix(block: &ResourceRef<'_>, which: BlockFlag) -> crate::rule::Fix {
    let attr = which.attribute();
    crate::util::set_attribute_fix(
        block,
        attr,
        Value::Bool(true),
        &format!("turn on `{attr}`"),
        rampart_model::Applicability::Unsafe(
            "anything that relies on the bucket being public (a static website, public downloads) stops working"
                .into(),
        ),
    )
}

/// Every replication rule list of the inventory — of `aws_s3_bucket_replication_configuration`
/// resources (`None`) and of buckets' inline configurations (the bucket's id) — gathered once:
/// looking through every bucket for every bucket checked is quadratic (50,000 buckets from one
/// `count` took minutes).
struct ReplicationRules {
    rules: Vec<(Option<usize>, Value)>,
}

impl ReplicationRules {
    fn build(inv: &Inventory) -> Self {
        let mut rules = Vec::new();
        for s in inv.of_kind(REPLICATION).filter(|s| s.mode == Mode::Managed) {
            if let Some(r) = s.resource().get("rule") {
                rules.push((None, r.clone()));
            }
        }
        for b in inv.of_kind(BUCKET) {
            if let Some(config) = b.resource().get("replication_configuration") {
                for c in config.items() {
                    if let Some(r) = c.get("rules") {
                        rules.push((Some(b.id), r.clone()));
                    }
                }
            }
        }
        Self { rules }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(kind: &str, name: &str, attrs: serde_json::Value) -> Resource {
        crate::views::test_resources::in_code(kind, format!("{kind}.{name}"), attrs)
    }

    fn scope_of(inv: &Inventory, address: &str) -> Truth {
        let b = inv.by_address(address).expect("bucket in inventory");
        BucketScope::of_bucket(b).versioning_enabled()
    }

    #[test]
    fn versioning_inline_separate_and_unresolved() {
        let inv = Inventory::new(vec![
            resource(
                "aws_s3_bucket",
                "inline",
                serde_json::json!({"bucket": "a", "versioning": [{"enabled": true}]}),
            ),
            resource(
                "aws_s3_bucket",
                "separate",
                serde_json::json!({"bucket": "b"}),
            ),
            resource(
                "aws_s3_bucket_versioning",
                "b",
                serde_json::json!({"bucket": "b", "versioning_configuration": [{"status": "Enabled"}]}),
            ),
            resource("aws_s3_bucket", "none", serde_json::json!({"bucket": "c"})),
        ]);
        assert_eq!(scope_of(&inv, "aws_s3_bucket.inline"), Truth::True);
        assert_eq!(scope_of(&inv, "aws_s3_bucket.separate"), Truth::True);
        assert_eq!(scope_of(&inv, "aws_s3_bucket.none"), Truth::False);

        let mut unresolved = resource(
            "aws_s3_bucket_versioning",
            "x",
            serde_json::json!({"versioning_configuration": [{"status": "Enabled"}]}),
        );
        unresolved
            .attributes
            .insert("bucket".into(), Value::unknown());
        let inv = Inventory::new(vec![
            resource("aws_s3_bucket", "none", serde_json::json!({"bucket": "c"})),
            unresolved,
        ]);
        assert_eq!(
            scope_of(&inv, "aws_s3_bucket.none"),
            Truth::Unknown,
            "an unresolved enabled setting may apply"
        );
    }

    #[test]
    fn account_block_counts_for_every_bucket() {
        let inv = Inventory::new(vec![
            resource("aws_s3_bucket", "b", serde_json::json!({"bucket": "b"})),
            resource(
                "aws_s3_account_public_access_block",
                "acct",
                serde_json::json!({"ignore_public_acls": true}),
            ),
        ]);
        let s = BucketScope::of_bucket(inv.by_address("aws_s3_bucket.b").expect("bucket"));
        assert_eq!(s.public_access_block_exists(), Truth::True);
        assert_eq!(s.block_flag(BlockFlag::IgnorePublicAcls), Truth::True);
        assert_eq!(s.block_flag(BlockFlag::BlockPublicPolicy), Truth::False);
        assert_eq!(s.public_acls_neutralised(), Truth::True);
    }

    #[test]
    fn acl_grants_to_all_users_are_public() {
        let r = resource(
            "aws_s3_bucket_acl",
            "a",
            serde_json::json!({
                "access_control_policy": [{"grant": [
                    {"grantee": [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers"}], "permission": "READ"},
                    {"grantee": [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/s3/LogDelivery"}], "permission": "WRITE"}
                ]}]
            }),
        );
        let found = public_acl_grants(&r);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "access_control_policy.0.grant.0");
        assert!(found[0].1.contains("READ"));
        assert!(
            public_acl_grants(&resource(
                "aws_s3_bucket",
                "p",
                serde_json::json!({"acl": "private"})
            ))
            .is_empty()
        );
    }

    #[test]
    fn replication_source_and_destination_by_reference_and_by_arn() {
        let mut config = resource(
            "aws_s3_bucket_replication_configuration",
            "r",
            serde_json::json!({"rule": [{"status": "Enabled", "destination": [{}]}]}),
        );
        config
            .attributes
            .insert("bucket".into(), Value::unknown_ref("aws_s3_bucket.src"));
        if let Some(Value::List(rules)) = config.attributes.get_mut("rule")
            && let Some(Value::Map(rule)) = rules.first_mut()
        {
            rule.insert(
                "destination".into(),
                Value::List(vec![Value::Map(
                    [(
                        "bucket".to_string(),
                        Value::unknown_ref("aws_s3_bucket.dst"),
                    )]
                    .into(),
                )]),
            );
        }
        let inv = Inventory::new(vec![
            resource("aws_s3_bucket", "src", serde_json::json!({"bucket": "src"})),
            resource("aws_s3_bucket", "dst", serde_json::json!({"bucket": "dst"})),
            resource(
                "aws_s3_bucket",
                "legacy",
                serde_json::json!({"bucket": "legacy", "replication_configuration": [{"rules": [
                    {"status": "Enabled", "destination": [{"bucket": "arn:aws:s3:::named-copy"}]}
                ]}]}),
            ),
            resource(
                "aws_s3_bucket",
                "named_copy",
                serde_json::json!({"bucket": "named-copy"}),
            ),
            resource("aws_s3_bucket", "unnamed", serde_json::json!({})),
            config,
        ]);
        let scope = |a: &str| BucketScope::of_bucket(inv.by_address(a).expect("bucket"));
        assert_eq!(scope("aws_s3_bucket.src").replicates(), Truth::True);
        assert_eq!(scope("aws_s3_bucket.legacy").replicates(), Truth::True);
        assert_eq!(scope("aws_s3_bucket.dst").replicates(), Truth::False);
        assert_eq!(
            scope("aws_s3_bucket.dst").is_replication_destination(),
            Truth::True
        );
        assert_eq!(
            scope("aws_s3_bucket.named_copy").is_replication_destination(),
            Truth::True
        );
        assert_eq!(
            scope("aws_s3_bucket.src").is_replication_destination(),
            Truth::False
        );
        // a literal ARN may name a bucket whose name is not known
        assert_eq!(
            scope("aws_s3_bucket.unnamed").is_replication_destination(),
            Truth::Unknown
        );
    }

    #[test]
    fn notifications_need_a_destination_and_lifecycle_an_enabled_rule() {
        let mut empty = resource("aws_s3_bucket_notification", "e", serde_json::json!({}));
        empty
            .attributes
            .insert("bucket".into(), Value::unknown_ref("aws_s3_bucket.a"));
        let mut bridge = resource(
            "aws_s3_bucket_notification",
            "b",
            serde_json::json!({"eventbridge": true}),
        );
        bridge
            .attributes
            .insert("bucket".into(), Value::unknown_ref("aws_s3_bucket.b"));
        let mut disabled = resource(
            "aws_s3_bucket_lifecycle_configuration",
            "a",
            serde_json::json!({"rule": [{"status": "Disabled"}]}),
        );
        disabled
            .attributes
            .insert("bucket".into(), Value::unknown_ref("aws_s3_bucket.a"));
        let inv = Inventory::new(vec![
            resource("aws_s3_bucket", "a", serde_json::json!({"bucket": "a"})),
            resource(
                "aws_s3_bucket",
                "b",
                serde_json::json!({"bucket": "b", "lifecycle_rule": [{"enabled": true}]}),
            ),
            empty,
            bridge,
            disabled,
        ]);
        let scope = |a: &str| BucketScope::of_bucket(inv.by_address(a).expect("bucket"));
        assert_eq!(scope("aws_s3_bucket.a").event_notifications(), Truth::False);
        assert_eq!(scope("aws_s3_bucket.b").event_notifications(), Truth::True);
        assert_eq!(
            scope("aws_s3_bucket.a").lifecycle_rule_enabled(),
            Truth::False
        );
        assert_eq!(
            scope("aws_s3_bucket.b").lifecycle_rule_enabled(),
            Truth::True
        );
    }
}
