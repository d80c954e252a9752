//! Policies with Unknown parts, read in two worlds so the IAM evaluator can answer in three
//! values. The loader keeps a policy whose parts are not known statically as a document with
//! Unknown leaves; the evaluator needs whole documents. So each document is read twice:
//!
//! - the **least** world grants as little as the unknowns allow: an Allow statement with an
//!   unknown part is dropped, a Deny statement with one applies as widely as it could
//!   (unknown actions and resources become `*`, unknown conditions hold);
//! - the **most** world grants as much as they allow: the opposite.
//!
//! Allowed in the least world ⇒ allowed (`True`); denied in the most world ⇒ denied
//! (`False`); otherwise `Unknown`. A document with no unknowns is read once.
//!
//! Before that, an Unknown that refers to a resource of the inventory (`aws_s3_bucket.b.arn`,
//! or `"${aws_s3_bucket.b.arn}/*"`, which the loader keeps as a reference to the bucket
//! without its suffix) is replaced by that resource's ARN — and, for a bucket, also its
//! objects (`arn/*`): a policy that names a bucket by reference is read as naming the bucket
//! and what it holds.
//!
//! Must never: read an unknown part as a known one, or make an invalid document valid (a
//! document the parser rejects is reported in the graph's notes and grants nothing).

use rampart_iam::{Policy, PolicyKind};
use rampart_model::{Unknown, Value};
use serde_json::{Value as Json, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum World {
    Least,
    Most,
}

/// A document read in both worlds; equal when it has no unknown part.
#[derive(Clone, Debug, Default)]
pub(crate) struct Worlds {
    pub least: Option<Policy>,
    pub most: Option<Policy>,
    pub exact: bool,
}

impl Worlds {
    /// Reads `doc` (a JSON string, a document value with Unknown leaves, or an Unknown).
    pub fn read(
        doc: &Value,
        kind: PolicyKind,
        subst: &dyn Fn(&Unknown) -> Option<Vec<String>>,
        owner: Option<&[String]>,
        notes: &mut Vec<String>,
        what: &str,
    ) -> Worlds {
        let parse = |j: &Json, notes: &mut Vec<String>| match Policy::parse(j, kind) {
            Ok(p) => Some(p),
            Err(e) => {
                notes.push(format!("{what}: {e}; read as granting nothing"));
                None
            }
        };
        if let Value::String(text) = doc {
            if text.trim().is_empty() {
                return Worlds {
                    exact: true,
                    ..Worlds::default()
                };
            }
            let p = match serde_json::from_str::<Json>(text) {
                Ok(j) => parse(&j, notes),
                Err(e) => {
                    notes.push(format!("{what}: policy is not valid JSON: {e}"));
                    None
                }
            };
            return Worlds {
                least: p.clone(),
                most: p,
                exact: true,
            };
        }
        let doc = substitute(doc, subst, owner);
        if !doc.contains_unknown() {
            let p = parse(&doc.to_json(), notes);
            return Worlds {
                least: p.clone(),
                most: p,
                exact: true,
            };
        }
        let mut quiet = Vec::new();
        Worlds {
            least: parse(&world_doc(&doc, World::Least, kind), notes),
            most: parse(&world_doc(&doc, World::Most, kind), &mut quiet),
            exact: false,
        }
    }
}

const RESOURCE_KEYS: [&str; 2] = ["Resource", "NotResource"];

/// Replaces Unknowns that name inventory resources in `Resource`, `NotResource` and
/// `Principal.AWS` by their ARNs.
/// `owner`: the ARNs a resource policy may only name (a bucket policy names its bucket), read
/// for an unknown `Resource` entry that refers to nothing.
fn substitute(
    doc: &Value,
    subst: &dyn Fn(&Unknown) -> Option<Vec<String>>,
    owner: Option<&[String]>,
) -> Value {
    let Value::Map(m) = doc else {
        return doc.clone();
    };
    let mut out = m.clone();
    let statements = match out.get_mut("Statement") {
        Some(Value::List(items)) => items.iter_mut().collect::<Vec<_>>(),
        Some(one @ Value::Map(_)) => vec![one],
        _ => Vec::new(),
    };
    for s in statements {
        let Value::Map(sm) = s else { continue };
        let with_owner = |u: &Unknown| {
            subst(u).or_else(|| {
                if u.refers_to.is_none() {
                    owner.map(<[String]>::to_vec)
                } else {
                    None
                }
            })
        };
        for key in RESOURCE_KEYS {
            if let Some(v) = sm.get_mut(key) {
                *v = splice(v, &with_owner);
            }
        }
        for key in ["Principal", "NotPrincipal"] {
            if let Some(Value::Map(p)) = sm.get_mut(key)
                && let Some(v) = p.get_mut("AWS")
            {
                *v = splice(v, subst);
            }
        }
    }
    Value::Map(out)
}

fn splice(v: &Value, subst: &dyn Fn(&Unknown) -> Option<Vec<String>>) -> Value {
    match v {
        Value::Unknown(u) => match subst(u) {
            Some(arns) => Value::List(arns.into_iter().map(Value::String).collect()),
            None => v.clone(),
        },
        Value::List(items) => {
            let mut out = Vec::new();
            for i in items {
                match i {
                    Value::Unknown(u) => match subst(u) {
                        Some(arns) => out.extend(arns.into_iter().map(Value::String)),
                        None => out.push(i.clone()),
                    },
                    other => out.push(other.clone()),
                }
            }
            Value::List(out)
        }
        other => other.clone(),
    }
}

fn takes_principal(kind: PolicyKind) -> bool {
    matches!(
        kind,
        PolicyKind::Resource | PolicyKind::Trust | PolicyKind::VpcEndpoint
    )
}

/// A statement standing for an unknown one, as wide as it could be.
fn widest(effect: &str, kind: PolicyKind) -> Json {
    let mut s = json!({"Effect": effect, "Action": "*", "Resource": "*"});
    if takes_principal(kind)
        && let Some(m) = s.as_object_mut()
    {
        m.insert("Principal".into(), json!("*"));
        if kind == PolicyKind::Trust {
            m.remove("Resource");
        }
    }
    s
}

fn world_doc(doc: &Value, world: World, kind: PolicyKind) -> Json {
    let unknown_effect = match world {
        World::Least => "Deny",
        World::Most => "Allow",
    };
    let statements: Vec<&Value> = match doc {
        Value::Map(m) => match m.get("Statement") {
            Some(Value::List(items)) => items.iter().collect(),
            Some(one @ Value::Map(_)) => vec![one],
            Some(Value::Unknown(_)) | None => {
                return json!({"Version": "2012-10-17", "Statement": [widest(unknown_effect, kind)]});
            }
            Some(_) => Vec::new(),
        },
        _ => return json!({"Version": "2012-10-17", "Statement": [widest(unknown_effect, kind)]}),
    };
    let mut out = Vec::new();
    for s in statements {
        let Value::Map(m) = s else {
            out.push(widest(unknown_effect, kind));
            continue;
        };
        if !s.contains_unknown() {
            out.push(s.to_json());
            continue;
        }
        let effect = match m.get("Effect").and_then(Value::as_str) {
            Some(e) => e.to_string(),
            None => unknown_effect.to_string(),
        };
        let narrow_world = (effect == "Allow" && world == World::Least)
            || (effect == "Deny" && world == World::Most);
        if narrow_world {
            // the statement grants (or denies) at least its known entries
            if let Some(j) = narrowest(m, &effect) {
                out.push(j);
            }
            continue;
        }
        let mut j = serde_json::Map::new();
        j.insert("Effect".into(), Json::String(effect));
        for (k, v) in m {
            match k.as_str() {
                "Effect" => {}
                "Action" | "Resource" => {
                    j.insert(k.clone(), widen(v, "*"));
                }
                "NotAction" => {
                    j.insert(k.clone(), narrow(v, "rampart:none"));
                }
                "NotResource" => {
                    j.insert(k.clone(), narrow(v, "arn:rampart:none"));
                }
                "Principal" => {
                    let p = match v {
                        Value::Map(pm) => Json::Object(
                            pm.iter()
                                .map(|(t, ids)| (t.clone(), widen(ids, "*")))
                                .collect(),
                        ),
                        Value::String(s) => Json::String(s.clone()),
                        _ => Json::String("*".into()),
                    };
                    j.insert(k.clone(), p);
                }
                "NotPrincipal" => match v {
                    Value::Map(pm) => {
                        let kept: serde_json::Map<String, Json> = pm
                            .iter()
                            .filter_map(|(t, ids)| {
                                let known: Vec<Json> = ids
                                    .items()
                                    .into_iter()
                                    .filter_map(|i| i.as_str().map(|s| Json::String(s.into())))
                                    .collect();
                                (!known.is_empty()).then(|| (t.clone(), Json::Array(known)))
                            })
                            .collect();
                        if kept.is_empty() {
                            j.insert("Principal".into(), json!("*"));
                        } else {
                            j.insert(k.clone(), Json::Object(kept));
                        }
                    }
                    _ => {
                        j.insert("Principal".into(), json!("*"));
                    }
                },
                "Condition" => {
                    // an unknown condition holds: the statement applies as widely as it could
                    if let Value::Map(ops) = v {
                        let mut kept = serde_json::Map::new();
                        for (op, keys) in ops {
                            if let Value::Map(keys) = keys {
                                let known: serde_json::Map<String, Json> = keys
                                    .iter()
                                    .filter(|(_, vals)| !vals.contains_unknown())
                                    .map(|(key, vals)| (key.clone(), vals.to_json()))
                                    .collect();
                                if !known.is_empty() {
                                    kept.insert(op.clone(), Json::Object(known));
                                }
                            }
                        }
                        if !kept.is_empty() {
                            j.insert(k.clone(), Json::Object(kept));
                        }
                    }
                }
                _ => {
                    j.insert(k.clone(), v.to_json());
                }
            }
        }
        out.push(Json::Object(j));
    }
    let mut docj = serde_json::Map::new();
    docj.insert("Version".into(), json!("2012-10-17"));
    docj.insert("Statement".into(), Json::Array(out));
    Json::Object(docj)
}

/// A statement reduced to what it certainly covers: unknown entries of `Action`, `Resource`
/// and `Principal` dropped; `None` (no statement) when nothing certain is left, or when an
/// unknown sits where it could narrow the statement (a condition, an exclusion list).
fn narrowest(m: &std::collections::BTreeMap<String, Value>, effect: &str) -> Option<Json> {
    let mut j = serde_json::Map::new();
    j.insert("Effect".into(), Json::String(effect.into()));
    for (k, v) in m {
        match k.as_str() {
            "Effect" => {}
            "Action" | "Resource" => {
                let known: Vec<Json> = v
                    .items()
                    .into_iter()
                    .filter_map(|i| i.as_str().map(|s| Json::String(s.into())))
                    .collect();
                if known.is_empty() {
                    return None;
                }
                j.insert(k.clone(), Json::Array(known));
            }
            "Principal" => match v {
                Value::String(s) => {
                    j.insert(k.clone(), Json::String(s.clone()));
                }
                Value::Map(pm) => {
                    let mut kept = serde_json::Map::new();
                    for (t, ids) in pm {
                        let known: Vec<Json> = ids
                            .items()
                            .into_iter()
                            .filter_map(|i| i.as_str().map(|s| Json::String(s.into())))
                            .collect();
                        if !known.is_empty() {
                            kept.insert(t.clone(), Json::Array(known));
                        }
                    }
                    if kept.is_empty() {
                        return None;
                    }
                    j.insert(k.clone(), Json::Object(kept));
                }
                _ => return None,
            },
            _ if v.contains_unknown() => return None,
            _ => {
                j.insert(k.clone(), v.to_json());
            }
        }
    }
    Some(Json::Object(j))
}

/// Unknown entries become `wide` (a pattern that matches everything).
fn widen(v: &Value, wide: &str) -> Json {
    match v {
        Value::Unknown(_) => Json::String(wide.into()),
        Value::List(items) => Json::Array(
            items
                .iter()
                .map(|i| match i {
                    Value::String(s) => Json::String(s.clone()),
                    _ => Json::String(wide.into()),
                })
                .collect(),
        ),
        other => other.to_json(),
    }
}

/// Unknown entries of an exclusion list are dropped (it excludes less); an emptied list keeps
/// one entry that matches nothing, since an empty list is not valid IAM.
fn narrow(v: &Value, nothing: &str) -> Json {
    let known: Vec<Json> = v
        .items()
        .into_iter()
        .filter_map(|i| i.as_str().map(|s| Json::String(s.into())))
        .collect();
    if known.is_empty() {
        Json::String(nothing.into())
    } else {
        Json::Array(known)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_iam::{Context, Decision, Policies, Request, evaluate};
    use std::sync::Arc;

    fn allowed(p: &Option<Policy>, action: &str, resource: &str) -> bool {
        let req = Request {
            principal: rampart_iam::Principal::parse("arn:aws:iam::000000000000:role/r")
                .unwrap_or(rampart_iam::Principal::Anonymous),
            action: action.into(),
            resource: resource.into(),
            resource_account: "000000000000".into(),
            context: Context::default(),
        };
        let pol = Policies {
            identity: p.iter().cloned().collect(),
            ..Policies::default()
        };
        evaluate(&req, &pol).decision == Decision::Allowed
    }

    fn read(doc: serde_json::Value, unknown_at: &[&str]) -> Worlds {
        let mut v = Value::from_json(&doc);
        // put an Unknown at each dotted path (Statement index, key)
        for path in unknown_at {
            let mut parts = path.split('.');
            let (Some(i), Some(key)) = (
                parts.next().and_then(|i| i.parse::<usize>().ok()),
                parts.next(),
            ) else {
                continue;
            };
            if let Value::Map(m) = &mut v
                && let Some(Value::List(st)) = m.get_mut("Statement")
                && let Some(Value::Map(s)) = st.get_mut(i)
            {
                s.insert(
                    key.into(),
                    Value::List(vec![
                        Value::String("arn:aws:s3:::known/*".into()),
                        Value::unknown(),
                    ]),
                );
            }
        }
        let subst = |u: &Unknown| {
            u.refers_to
                .as_deref()
                .map(|a| vec![format!("arn:aws:s3:::{a}/*")])
        };
        Worlds::read(
            &v,
            PolicyKind::Identity,
            &subst,
            None,
            &mut Vec::new(),
            "test",
        )
    }

    #[test]
    fn an_allow_with_an_unknown_resource_grants_its_known_entries_and_may_grant_more() {
        let w = read(
            serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "x"}]}),
            &["0.Resource"],
        );
        assert!(!w.exact);
        assert!(allowed(&w.least, "s3:GetObject", "arn:aws:s3:::known/a"));
        assert!(!allowed(&w.least, "s3:GetObject", "arn:aws:s3:::other/a"));
        assert!(allowed(&w.most, "s3:GetObject", "arn:aws:s3:::other/a"));
    }

    #[test]
    fn a_deny_with_an_unknown_resource_may_deny_everything() {
        let doc = serde_json::json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "x"}]});
        let w = read(doc, &["1.Resource"]);
        assert!(!allowed(&w.least, "s3:GetObject", "arn:aws:s3:::other/a"));
        assert!(allowed(&w.most, "s3:GetObject", "arn:aws:s3:::other/a"));
        assert!(!allowed(&w.most, "s3:GetObject", "arn:aws:s3:::known/a"));
    }

    #[test]
    fn a_reference_to_an_inventory_resource_is_its_arn() {
        let mut doc = Value::from_json(
            &serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}),
        );
        if let Value::Map(m) = &mut doc
            && let Some(Value::List(st)) = m.get_mut("Statement")
            && let Some(Value::Map(s)) = st.get_mut(0)
        {
            s.insert(
                "Resource".into(),
                Value::Unknown(Unknown {
                    refers_to: Some(Arc::from("b")),
                }),
            );
        }
        let subst = |u: &Unknown| {
            u.refers_to
                .as_deref()
                .map(|a| vec![format!("arn:aws:s3:::{a}/*")])
        };
        let w = Worlds::read(
            &doc,
            PolicyKind::Identity,
            &subst,
            None,
            &mut Vec::new(),
            "t",
        );
        assert!(w.exact);
        assert!(allowed(&w.least, "s3:GetObject", "arn:aws:s3:::b/k"));
    }

    #[test]
    fn an_unknown_document_grants_nothing_for_sure_and_anything_at_most() {
        let w = Worlds::read(
            &Value::unknown(),
            PolicyKind::Identity,
            &|_| None,
            None,
            &mut Vec::new(),
            "t",
        );
        assert!(!allowed(&w.least, "iam:PassRole", "*"));
        assert!(allowed(
            &w.most,
            "iam:PassRole",
            "arn:aws:iam::000000000000:role/x"
        ));
        let mut notes = Vec::new();
        let bad = Worlds::read(
            &Value::string("{\"Statement\": 3}"),
            PolicyKind::Identity,
            &|_| None,
            None,
            &mut notes,
            "t",
        );
        assert!(bad.least.is_none() && notes.len() == 1);
    }
}
