//! Questions the AWS service rules (CloudFront, Lambda, ECR, ECS, ElastiCache, Redshift,
//! DynamoDB, OpenSearch, API Gateway, Secrets Manager, MSK, MQ, Neptune, DocumentDB, Athena,
//! CodeBuild, SSM, WorkSpaces, EMR, SageMaker…) ask, answered once in three-valued logic:
//! is a flag on (with the provider's default when absent), does a key attribute name a
//! customer-managed KMS key, does a list hold a value, does a separate resource point at this
//! one. A value that is not known statically answers `Unknown`, never "no".
//!
//! Must never: report on its own, treat an unknown value as a known one, or panic.

use crate::rule::Hit;
use crate::util::is_managed;
use rampart_model::{Inventory, Resource, ResourceId, ResourceRef, Truth, Value};
use std::collections::HashMap;

/// `[hit]` when `t` is certainly false (and the resource is managed), else nothing.
pub fn hit_if_false(r: &ResourceRef<'_>, t: Truth, attribute: &str, what: &str) -> Vec<Hit> {
    if is_managed(r) && t.is_false() {
        vec![Hit::at(attribute, format!("`{}` {what}", r.address))]
    } else {
        Vec::new()
    }
}

/// `[hit]` when `t` is certainly true (and the resource is managed), else nothing.
pub fn hit_if_true(r: &ResourceRef<'_>, t: Truth, attribute: &str, what: &str) -> Vec<Hit> {
    hit_if_false(r, t.not(), attribute, what)
}

/// Whether the string at `path` is one of `options` (case-insensitive); `default` stands for an
/// absent or null value. Unknown when not known statically.
pub fn str_in(r: &Resource, path: &str, default: Option<&str>, options: &[&str]) -> Truth {
    match r.get(path) {
        None | Some(Value::Null) => Truth::from_bool(
            default.is_some_and(|d| options.iter().any(|o| o.eq_ignore_ascii_case(d))),
        ),
        Some(Value::String(s)) => {
            Truth::from_bool(options.iter().any(|o| s.trim().eq_ignore_ascii_case(o)))
        }
        Some(_) => Truth::Unknown,
    }
}

/// Whether the string at `path` starts with one of `prefixes` (case-insensitive); absent is
/// false, not known statically is Unknown.
pub fn str_starts_with(r: &Resource, path: &str, prefixes: &[&str]) -> Truth {
    match r.get(path) {
        None | Some(Value::Null) => Truth::False,
        Some(Value::String(s)) => {
            let s = s.trim().to_ascii_lowercase();
            Truth::from_bool(
                prefixes
                    .iter()
                    .any(|p| s.starts_with(&p.to_ascii_lowercase())),
            )
        }
        Some(_) => Truth::Unknown,
    }
}

/// Whether the attribute at `path` holds a non-empty value (an unknown one names something).
pub fn is_set(r: &Resource, path: &str) -> Truth {
    crate::views::logging::is_set(r, path)
}

/// Whether a key attribute names a customer-managed KMS key: absent, null or empty is false;
/// an AWS-managed alias (`alias/aws/<service>`, as a name or inside an ARN) is false; any other
/// literal is true; a reference is Unknown (it may be an AWS-managed key looked up by alias).
pub fn customer_managed_key(r: &Resource, path: &str) -> Truth {
    match r.get(path) {
        None | Some(Value::Null) => Truth::False,
        Some(Value::String(k)) => {
            let k = k.trim();
            Truth::from_bool(!k.is_empty() && !is_aws_managed_key_name(k))
        }
        Some(Value::Unknown(u)) => match u.refers_to.as_deref() {
            // a key created here is customer-managed by definition
            Some(a) if a.starts_with("aws_kms_key.") || a.contains(".aws_kms_key.") => Truth::True,
            _ => Truth::Unknown,
        },
        Some(_) => Truth::Unknown,
    }
}

/// `alias/aws/s3`, `arn:aws:kms:…:alias/aws/s3`: a key AWS creates and governs.
pub fn is_aws_managed_key_name(key: &str) -> bool {
    key.trim().to_ascii_lowercase().contains("alias/aws/")
}

/// OR of `test` over the items of the block list at `path`; absent is false.
pub fn any_block(r: &Resource, path: &str, test: impl Fn(&Value) -> Truth) -> Truth {
    match r.get(path) {
        None | Some(Value::Null) => Truth::False,
        Some(v) if v.is_unknown() => Truth::Unknown,
        Some(v) => v
            .items()
            .into_iter()
            .map(|item| {
                if item.is_unknown() {
                    Truth::Unknown
                } else {
                    test(item)
                }
            })
            .fold(Truth::False, Truth::or),
    }
}

/// Truth of a boolean field of a block value; `default` when absent or null.
pub fn field_flag(block: &Value, field: &str, default: bool) -> Truth {
    match block.get(field) {
        None | Some(Value::Null) => Truth::from_bool(default),
        Some(v) => v.truth(),
    }
}

/// Whether a string field of a block value is one of `options`; `default` when absent.
pub fn field_in(block: &Value, field: &str, default: Option<&str>, options: &[&str]) -> Truth {
    match block.get(field) {
        None | Some(Value::Null) => Truth::from_bool(
            default.is_some_and(|d| options.iter().any(|o| o.eq_ignore_ascii_case(d))),
        ),
        Some(Value::String(s)) => {
            Truth::from_bool(options.iter().any(|o| s.trim().eq_ignore_ascii_case(o)))
        }
        Some(_) => Truth::Unknown,
    }
}

/// Whether the list (or single string) at `path` holds one of `values` (case-insensitive).
/// Absent is false; an unknown list, or unknown items when no known item matches, is Unknown.
pub fn list_has(r: &Resource, path: &str, values: &[&str]) -> Truth {
    match r.get(path) {
        None | Some(Value::Null) => Truth::False,
        Some(v) if v.is_unknown() => Truth::Unknown,
        Some(v) => v
            .items()
            .into_iter()
            .map(|item| match item {
                Value::String(s) => {
                    Truth::from_bool(values.iter().any(|x| s.trim().eq_ignore_ascii_case(x)))
                }
                Value::Unknown(_) => Truth::Unknown,
                _ => Truth::False,
            })
            .fold(Truth::False, Truth::or),
    }
}

/// Whether `pointer` (an attribute of a separate resource) names `owner`: an unknown reference
/// to the owner's address, or a literal equal to one of the owner's `identity` attributes.
/// A reference to nothing loaded, or a literal while none of the owner's identity attributes is
/// known, may name it (Unknown).
pub fn points_at(pointer: &Value, owner: &ResourceRef<'_>, identity: &[&str]) -> Truth {
    match pointer {
        Value::Unknown(u) => match u.refers_to.as_deref() {
            Some(a) if a == owner.address => Truth::True,
            Some(a) if owner.inventory.id_of(a).is_some() => Truth::False,
            _ => Truth::Unknown,
        },
        Value::String(s) => {
            let mut any_known = false;
            for attr in identity {
                match owner.resource().get(attr) {
                    Some(Value::String(id)) if id == s => return Truth::True,
                    Some(Value::String(_)) => any_known = true,
                    _ => {}
                }
            }
            // with no identity known (all computed), a literal may still name the owner
            if any_known {
                Truth::False
            } else {
                Truth::Unknown
            }
        }
        _ => Truth::False,
    }
}

/// Managed resources of `kind` whose `via` attribute may name `owner`, with how certainly
/// (True or Unknown; those that certainly do not are left out).
pub fn pointing_at<'a>(
    owner: &ResourceRef<'a>,
    kind: &'a str,
    via: &'a str,
    identity: &'a [&'a str],
) -> Vec<(ResourceRef<'a>, Truth)> {
    let owner = *owner;
    let inv = owner.inventory;
    let pointers = inv.memo_keyed(&format!("{kind}\n{via}"), |inv| {
        Pointers::build(inv, kind, via)
    });
    // only the settings whose pointer may name this owner; `points_at` decides, in the
    // kind's order
    let mut candidates: Vec<ResourceId> = pointers.may_name_any.clone();
    candidates.extend(
        pointers
            .by_address
            .get(owner.address.as_str())
            .into_iter()
            .flatten(),
    );
    let known: Vec<&str> = identity
        .iter()
        .filter_map(|attr| match owner.resource().get(attr) {
            Some(Value::String(id)) => Some(id.as_str()),
            _ => None,
        })
        .collect();
    if known.is_empty() {
        candidates.extend(&pointers.literals);
    } else {
        for id in known {
            candidates.extend(pointers.by_literal.get(id).into_iter().flatten());
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    candidates
        .into_iter()
        .filter_map(|id| inv.resource_ref(id))
        .filter_map(|s| {
            let t = s
                .resource()
                .get(via)
                .map_or(Truth::False, |p| points_at(p, &owner, identity));
            (!t.is_false()).then_some((s, t))
        })
        .collect()
}

/// The managed resources of a kind grouped by what their `via` pointer may name (see
/// [`points_at`]), built once per inventory: looking at every one of them for every owner is
/// quadratic.
struct Pointers {
    /// A reference to an address: names the owners at that address only.
    by_address: HashMap<String, Vec<ResourceId>>,
    /// A reference to nothing loaded: may name any owner.
    may_name_any: Vec<ResourceId>,
    /// A literal: names owners with an identity attribute equal to it, and may name owners
    /// with no identity known.
    by_literal: HashMap<String, Vec<ResourceId>>,
    literals: Vec<ResourceId>,
}

impl Pointers {
    fn build(inv: &Inventory, kind: &str, via: &str) -> Pointers {
        let mut p = Pointers {
            by_address: HashMap::new(),
            may_name_any: Vec::new(),
            by_literal: HashMap::new(),
            literals: Vec::new(),
        };
        for s in inv.of_kind(kind).filter(is_managed) {
            match s.resource().get(via) {
                Some(Value::Unknown(u)) => match u.refers_to.as_deref() {
                    Some(a) if inv.id_of(a).is_some() => {
                        p.by_address.entry(a.to_string()).or_default().push(s.id);
                    }
                    _ => p.may_name_any.push(s.id),
                },
                Some(Value::String(literal)) => {
                    p.by_literal.entry(literal.clone()).or_default().push(s.id);
                    p.literals.push(s.id);
                }
                _ => {}
            }
        }
        p
    }
}

/// OR over separate resources of `kind` pointing at `owner` of `test` (weighed by how certainly
/// they point at it: a "yes" from one that only may apply is Unknown).
pub fn setting_holds(
    owner: &ResourceRef<'_>,
    kind: &str,
    via: &str,
    identity: &[&str],
    test: impl Fn(&ResourceRef<'_>) -> Truth,
) -> Truth {
    pointing_at(owner, kind, via, identity)
        .iter()
        .map(|(s, certain)| test(s).and(*certain))
        .fold(Truth::False, Truth::or)
}

/// The JSON held by a string attribute (a heredoc or `jsonencode(...)` result), or the value
/// itself when the evaluator kept it as an object. `Err(())` when not known statically or not
/// JSON; `Ok(None)` when absent.
#[allow(clippy::result_unit_err)]
pub fn json_at(r: &Resource, path: &str) -> Result<Option<Value>, ()> {
    match r.get(path) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => serde_json::from_str::<serde_json::Value>(s)
            .map(|j| Some(Value::from_json(&j)))
            .map_err(|_| ()),
        // what `jsonencode(...)` was given, kept as a value when parts of it are unknown
        Some(v @ (Value::Map(_) | Value::List(_))) => Ok(Some(v.clone())),
        Some(_) => Err(()),
    }
}

/// The hit of an EMR encryption-switch rule: the security configuration's JSON is known and its
/// `EncryptionConfiguration.<switch>` (`EnableAtRestEncryption`, …) is not true (absent is
/// off); `what` names the encryption in the message.
pub fn emr_encryption_off_hits(r: &ResourceRef<'_>, switch: &str, what: &str) -> Vec<Hit> {
    let Ok(Some(config)) = json_at(r, "configuration") else {
        return Vec::new();
    };
    let on = match field_ci(&config, "EncryptionConfiguration").and_then(|e| field_ci(e, switch)) {
        None | Some(Value::Null) => Truth::False,
        Some(v) => v.truth(),
    };
    hit_if_false(
        r,
        on,
        "configuration",
        &format!("does not enable {what} (`{switch}` is not true)"),
    )
}

/// The names (in backticks, `?` when unnamed) of the containers in an ECS task definition's
/// `container_definitions` for which `keep` holds; empty when the definitions are not known.
pub fn ecs_container_names(r: &ResourceRef<'_>, keep: impl Fn(&Value) -> bool) -> Vec<String> {
    let Ok(Some(containers)) = json_at(r, "container_definitions") else {
        return Vec::new();
    };
    containers
        .items()
        .into_iter()
        .filter(|c| keep(c))
        .map(|c| {
            format!(
                "`{}`",
                field_ci(c, "name").and_then(Value::as_str).unwrap_or("?")
            )
        })
        .collect()
}

/// Whether an ECS container definition certainly sets `"privileged": true`.
pub fn ecs_container_privileged(container: &Value) -> bool {
    field_ci(container, "privileged").is_some_and(|p| p.truth().is_true())
}

/// Case-insensitive field of a JSON-ish map value.
pub fn field_ci<'v>(v: &'v Value, name: &str) -> Option<&'v Value> {
    v.as_map()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, x)| x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::Inventory;

    fn resource(kind: &str, name: &str, attrs: serde_json::Value) -> Resource {
        crate::views::test_resources::in_code(kind, format!("{kind}.{name}"), attrs)
    }

    #[test]
    fn customer_key_tells_aws_managed_aliases_from_own_keys() {
        let r = resource(
            "aws_sns_topic",
            "t",
            serde_json::json!({"a": "alias/aws/sns", "b": "arn:aws:kms:us-east-1:1:key/x", "c": ""}),
        );
        assert_eq!(customer_managed_key(&r, "a"), Truth::False);
        assert_eq!(customer_managed_key(&r, "b"), Truth::True);
        assert_eq!(customer_managed_key(&r, "c"), Truth::False);
        assert_eq!(customer_managed_key(&r, "missing"), Truth::False);
        let mut r = r;
        r.attributes
            .insert("d".into(), Value::unknown_ref("aws_kms_key.k"));
        r.attributes.insert("e".into(), Value::unknown());
        assert_eq!(customer_managed_key(&r, "d"), Truth::True);
        assert_eq!(customer_managed_key(&r, "e"), Truth::Unknown);
    }

    #[test]
    fn list_has_reads_strings_lists_and_unknowns() {
        let mut r = resource(
            "aws_docdb_cluster",
            "c",
            serde_json::json!({"one": "audit", "many": ["profiler", "audit"], "none": ["x"]}),
        );
        assert_eq!(list_has(&r, "one", &["audit"]), Truth::True);
        assert_eq!(list_has(&r, "many", &["AUDIT"]), Truth::True);
        assert_eq!(list_has(&r, "none", &["audit"]), Truth::False);
        r.attributes.insert(
            "partly".into(),
            Value::List(vec![Value::from("x"), Value::unknown()]),
        );
        assert_eq!(list_has(&r, "partly", &["audit"]), Truth::Unknown);
    }

    #[test]
    fn separate_settings_join_by_reference_or_identity() {
        let mut rotation = resource(
            "aws_secretsmanager_secret_rotation",
            "r",
            serde_json::json!({}),
        );
        rotation.attributes.insert(
            "secret_id".into(),
            Value::unknown_ref("aws_secretsmanager_secret.a"),
        );
        let literal = resource(
            "aws_secretsmanager_secret_rotation",
            "l",
            serde_json::json!({"secret_id": "arn:b"}),
        );
        let inv = Inventory::new(vec![
            resource(
                "aws_secretsmanager_secret",
                "a",
                serde_json::json!({"name": "a"}),
            ),
            resource(
                "aws_secretsmanager_secret",
                "b",
                serde_json::json!({"arn": "arn:b"}),
            ),
            resource(
                "aws_secretsmanager_secret",
                "c",
                serde_json::json!({"arn": "arn:c"}),
            ),
            rotation,
            literal,
        ]);
        let on = |addr: &str| {
            let owner = inv.by_address(addr).expect("secret");
            setting_holds(
                &owner,
                "aws_secretsmanager_secret_rotation",
                "secret_id",
                &["arn", "id"],
                |_| Truth::True,
            )
        };
        assert_eq!(on("aws_secretsmanager_secret.a"), Truth::True);
        assert_eq!(on("aws_secretsmanager_secret.b"), Truth::True);
        assert_eq!(on("aws_secretsmanager_secret.c"), Truth::False);
    }
}
