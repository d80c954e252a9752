//! Policy documents: reading the JSON into statements, with the checks AWS makes when a policy
//! is saved, per kind of policy (identity policies name no principal, resource policies must).
//! Every error names the statement and the field.

use crate::condition::{self, Condition};
use crate::context::scalar_text;
use crate::error::{PolicyError, StatementName};
use crate::pattern::{Piece, Template, wildcard_pieces};
use crate::principal::PrincipalSet;
use serde_json::{Map, Value};

/// Where a document is attached; decides which elements it must and must not have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKind {
    Identity,
    Resource,
    Trust,
    PermissionBoundary,
    Session,
    Scp,
    Rcp,
    VpcEndpoint,
}

impl PolicyKind {
    fn takes_principal(self) -> Option<bool> {
        match self {
            PolicyKind::Identity
            | PolicyKind::PermissionBoundary
            | PolicyKind::Session
            | PolicyKind::Scp => Some(false),
            PolicyKind::Resource | PolicyKind::Trust | PolicyKind::VpcEndpoint => Some(true),
            // an RCP's Principal is always `*`, so it may be left out
            PolicyKind::Rcp => None,
        }
    }

    fn needs_resource(self) -> bool {
        matches!(
            self,
            PolicyKind::Identity | PolicyKind::PermissionBoundary | PolicyKind::Session
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// `Action` (`Only`) or `NotAction` (`Except`); the same for resources and principals.
#[derive(Clone, Debug, PartialEq)]
pub enum Scope<T> {
    Only(T),
    Except(T),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    /// Lower-cased action patterns (actions compare case-insensitively).
    pub actions: Scope<Vec<Vec<Piece>>>,
    /// None: the statement has no Resource element (trust policies), so it covers any resource.
    pub resources: Option<Scope<Vec<Template>>>,
    pub principals: Option<Scope<PrincipalSet>>,
    /// Every condition must hold.
    pub conditions: Vec<Condition>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub kind: PolicyKind,
    pub statements: Vec<Statement>,
}

impl Statement {
    pub fn name(&self) -> StatementName {
        StatementName {
            index: self.index,
            sid: self.sid.clone(),
        }
    }
}

impl Policy {
    pub fn parse_str(text: &str, kind: PolicyKind) -> Result<Policy, PolicyError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| PolicyError::NotJson(e.to_string()))?;
        Policy::parse(&value, kind)
    }

    /// Reads a document given as a JSON object (or as a string holding one, the way the AWS
    /// APIs return policies).
    pub fn parse(value: &Value, kind: PolicyKind) -> Result<Policy, PolicyError> {
        if let Value::String(text) = value {
            return Policy::parse_str(text, kind);
        }
        let Value::Object(document) = value else {
            return Err(PolicyError::Document(
                "a policy document is a JSON object".into(),
            ));
        };
        for key in document.keys() {
            if !matches!(key.as_str(), "Version" | "Id" | "Statement") {
                return Err(PolicyError::Document(format!(
                    "unknown element `{key}`; a policy has Version, Id and Statement"
                )));
            }
        }
        let variables = match document.get("Version") {
            None => false,
            Some(Value::String(v)) if v == "2012-10-17" => true,
            Some(Value::String(v)) if v == "2008-10-17" => false,
            Some(other) => {
                return Err(PolicyError::Document(format!(
                    "`Version` is `{}`; use \"2012-10-17\" (or the old \"2008-10-17\")",
                    short(other)
                )));
            }
        };
        let statements = match document.get("Statement") {
            Some(Value::Array(items)) => items.iter().collect::<Vec<_>>(),
            Some(item @ Value::Object(_)) => vec![item],
            Some(_) => {
                return Err(PolicyError::Document(
                    "`Statement` is an object or an array of objects".into(),
                ));
            }
            None => return Err(PolicyError::Document("`Statement` is missing".into())),
        };
        let statements = statements
            .into_iter()
            .enumerate()
            .map(|(index, item)| parse_statement(index, item, kind, variables))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Policy { kind, statements })
    }
}

const STATEMENT_FIELDS: [&str; 10] = [
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
    "Id",
];

fn parse_statement(
    index: usize,
    item: &Value,
    kind: PolicyKind,
    variables: bool,
) -> Result<Statement, PolicyError> {
    let mut name = StatementName { index, sid: None };
    let fail = |name: &StatementName, field: &str, message: String| PolicyError::Statement {
        statement: name.clone(),
        field: field.to_string(),
        message,
    };
    let Value::Object(fields) = item else {
        return Err(fail(
            &name,
            "Statement",
            "a statement is a JSON object".into(),
        ));
    };
    match fields.get("Sid") {
        None => {}
        Some(Value::String(sid)) => name.sid = Some(sid.clone()),
        Some(other) => {
            return Err(fail(
                &name,
                "Sid",
                format!("expected a string, got {}", short(other)),
            ));
        }
    }
    if let Some(unknown) = fields
        .keys()
        .find(|k| !STATEMENT_FIELDS.contains(&k.as_str()))
    {
        return Err(fail(
            &name,
            unknown,
            "unknown element (element names are case-sensitive: Effect, Action, NotAction, \
             Resource, NotResource, Principal, NotPrincipal, Condition)"
                .into(),
        ));
    }
    let effect = match fields.get("Effect") {
        Some(Value::String(e)) if e == "Allow" => Effect::Allow,
        Some(Value::String(e)) if e == "Deny" => Effect::Deny,
        Some(other) => {
            return Err(fail(
                &name,
                "Effect",
                format!("expected \"Allow\" or \"Deny\", got {}", short(other)),
            ));
        }
        None => return Err(fail(&name, "Effect", "is missing".into())),
    };
    let pair = |positive: &str, negative: &str| -> Result<Option<(bool, &Value)>, PolicyError> {
        match (fields.get(positive), fields.get(negative)) {
            (Some(_), Some(_)) => Err(fail(
                &name,
                positive,
                format!("a statement has {positive} or {negative}, not both"),
            )),
            (Some(v), None) => Ok(Some((true, v))),
            (None, Some(v)) => Ok(Some((false, v))),
            (None, None) => Ok(None),
        }
    };

    let Some((positive, value)) = pair("Action", "NotAction")? else {
        return Err(fail(
            &name,
            "Action",
            "is missing (a statement needs Action or NotAction)".into(),
        ));
    };
    let field = if positive { "Action" } else { "NotAction" };
    let actions = strings(value).map_err(|m| fail(&name, field, m))?;
    if let Some(bad) = actions.iter().find(|a| *a != "*" && !a.contains(':')) {
        return Err(fail(
            &name,
            field,
            format!("`{bad}` is not `*` or `service:action`"),
        ));
    }
    let actions: Vec<Vec<Piece>> = actions
        .iter()
        .map(|a| wildcard_pieces(&a.to_lowercase()))
        .collect();
    let actions = if positive {
        Scope::Only(actions)
    } else {
        Scope::Except(actions)
    };

    let resources = match pair("Resource", "NotResource")? {
        Some((positive, value)) => {
            let field = if positive { "Resource" } else { "NotResource" };
            let texts = strings(value).map_err(|m| fail(&name, field, m))?;
            if let Some(bad) = texts
                .iter()
                .find(|r| *r != "*" && !r.starts_with("arn:") && !r.contains("${"))
            {
                return Err(fail(&name, field, format!("`{bad}` is not `*` or an ARN")));
            }
            let templates = texts
                .iter()
                .map(|t| Template::parse(t, variables))
                .collect();
            Some(if positive {
                Scope::Only(templates)
            } else {
                Scope::Except(templates)
            })
        }
        None if kind.needs_resource() => {
            return Err(fail(
                &name,
                "Resource",
                "is missing (this kind of policy needs Resource or NotResource)".into(),
            ));
        }
        None => None,
    };

    let principals = match pair("Principal", "NotPrincipal")? {
        Some((positive, value)) => {
            let field = if positive {
                "Principal"
            } else {
                "NotPrincipal"
            };
            if kind.takes_principal() == Some(false) {
                return Err(fail(
                    &name,
                    field,
                    "identity, boundary, session and SCP policies name no principal".into(),
                ));
            }
            if !positive && kind == PolicyKind::Trust {
                return Err(fail(
                    &name,
                    field,
                    "a role trust policy cannot use NotPrincipal".into(),
                ));
            }
            let set = principal_set(value).map_err(|m| fail(&name, field, m))?;
            Some(if positive {
                Scope::Only(set)
            } else {
                Scope::Except(set)
            })
        }
        None if kind.takes_principal() == Some(true) => {
            return Err(fail(
                &name,
                "Principal",
                "is missing (resource, trust and endpoint policies name who they apply to)".into(),
            ));
        }
        None => None,
    };

    let conditions = match fields.get("Condition") {
        None => Vec::new(),
        Some(Value::Object(block)) => {
            parse_conditions(block, variables).map_err(|(f, m)| fail(&name, &f, m))?
        }
        Some(other) => {
            return Err(fail(
                &name,
                "Condition",
                format!("expected an object, got {}", short(other)),
            ));
        }
    };

    Ok(Statement {
        index,
        sid: name.sid,
        effect,
        actions,
        resources,
        principals,
        conditions,
    })
}

fn parse_conditions(
    block: &Map<String, Value>,
    variables: bool,
) -> Result<Vec<Condition>, (String, String)> {
    let mut conditions = Vec::new();
    for (operator_name, keys) in block {
        let field = format!("Condition.{operator_name}");
        let (set, operator, if_exists) =
            condition::parse_operator_name(operator_name).map_err(|m| (field.clone(), m))?;
        let Value::Object(keys) = keys else {
            return Err((
                field,
                "expected an object of condition keys to values".into(),
            ));
        };
        if keys.is_empty() {
            return Err((field, "names no condition key".into()));
        }
        for (key, value) in keys {
            let field = format!("{field}.{key}");
            let texts = condition_texts(value).map_err(|m| (field.clone(), m))?;
            let values = condition::parse_values(operator, &texts, variables)
                .map_err(|m| (field.clone(), m))?;
            conditions.push(Condition {
                set,
                operator,
                if_exists,
                key: key.clone(),
                values,
            });
        }
    }
    Ok(conditions)
}

/// A condition value: a scalar or a non-empty array of scalars.
fn condition_texts(value: &Value) -> Result<Vec<String>, String> {
    let texts = match value {
        Value::Array(items) => items
            .iter()
            .map(|i| {
                scalar_text(i).ok_or_else(|| {
                    format!(
                        "array items must be strings, numbers or booleans, got {}",
                        short(i)
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?,
        other => vec![scalar_text(other).ok_or_else(|| {
            format!(
                "expected a string, number, boolean or array, got {}",
                short(other)
            )
        })?],
    };
    if texts.is_empty() {
        return Err("an empty array matches nothing; give at least one value".into());
    }
    Ok(texts)
}

/// A string or a non-empty array of strings.
fn strings(value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.clone()),
                other => Err(format!("array items must be strings, got {}", short(other))),
            })
            .collect(),
        Value::Array(_) => Err("is an empty array".into()),
        other => Err(format!(
            "expected a string or an array of strings, got {}",
            short(other)
        )),
    }
}

fn principal_set(value: &Value) -> Result<PrincipalSet, String> {
    let mut set = PrincipalSet::default();
    match value {
        Value::String(s) if s == "*" => set.everyone = true,
        Value::String(s) => {
            return Err(format!(
                "`{s}`: a principal is `*` or an object such as {{\"AWS\": \"{s}\"}}"
            ));
        }
        Value::Object(map) => {
            if map.is_empty() {
                return Err("names no principal".into());
            }
            for (kind, names) in map {
                let names = strings(names).map_err(|m| format!("{kind}: {m}"))?;
                match kind.as_str() {
                    "AWS" => set.aws.extend(names),
                    "Service" => set.service.extend(names),
                    "Federated" => set.federated.extend(names),
                    "CanonicalUser" => set.canonical_user.extend(names),
                    other => {
                        return Err(format!(
                            "unknown principal type `{other}`; use AWS, Service, Federated or CanonicalUser"
                        ));
                    }
                }
            }
        }
        other => return Err(format!("expected `*` or an object, got {}", short(other))),
    }
    Ok(set)
}

/// A JSON value cut short for an error message.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str, kind: PolicyKind) -> String {
        match Policy::parse_str(text, kind) {
            Ok(_) => "parsed".into(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn statement_object_or_array() {
        let one = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
        let many = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":["*"]}]}"#;
        assert_eq!(
            Policy::parse_str(one, PolicyKind::Identity).map(|p| p.statements.len()),
            Ok(1)
        );
        assert_eq!(
            Policy::parse_str(one, PolicyKind::Identity),
            Policy::parse_str(many, PolicyKind::Identity)
        );
    }

    #[test]
    fn errors_name_statement_and_field() {
        let bad_effect = r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"Two","Effect":"allow","Action":"s3:*","Resource":"*"}]}"#;
        assert_eq!(
            error(bad_effect, PolicyKind::Identity),
            "statement 1 (Sid `Two`): field `Effect`: expected \"Allow\" or \"Deny\", got \"allow\""
        );
        let bad_number = r#"{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"soon"}}}}"#;
        assert_eq!(
            error(bad_number, PolicyKind::Identity),
            "statement 0: field `Condition.NumericLessThan.aws:MultiFactorAuthAge`: value `soon` is not a number"
        );
        let principal_in_identity =
            r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}"#;
        assert!(error(principal_in_identity, PolicyKind::Identity).contains("field `Principal`"));
        let no_principal = r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
        assert!(
            error(no_principal, PolicyKind::Resource).contains("field `Principal`: is missing")
        );
        let both = r#"{"Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}}"#;
        assert!(error(both, PolicyKind::Identity).contains("not both"));
        let typo = r#"{"Statement":{"Effect":"Allow","Actions":"s3:*","Resource":"*"}}"#;
        assert!(
            error(typo, PolicyKind::Identity)
                .starts_with("statement 0: field `Actions`: unknown element")
        );
        let op = r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqual":{"a:b":"c"}}}}"#;
        assert!(
            error(op, PolicyKind::Identity)
                .contains("field `Condition.StringEqual`: unknown condition operator")
        );
        assert!(error("[1]", PolicyKind::Identity).contains("JSON object"));
        assert!(error("{", PolicyKind::Identity).contains("not valid JSON"));
    }
}
