//! `google_sql_database_instance` settings: the database engine, whether the instance is a
//! read replica, `ip_configuration`, and `database_flags` (blocks of `name` / `value` inside
//! `settings`). Flags a rule cannot see (a `settings` or flags list that is not known) are
//! `Unknown`, never absent. Must never report on its own.

use crate::rule::{Fix, Hit};
use rampart_model::{Applicability, Change, Resource, Truth, Value};
use std::collections::BTreeMap;

pub const INSTANCE: &str = "google_sql_database_instance";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Postgres,
    MySql,
    SqlServer,
    Unknown,
}

/// The engine from `database_version` (`POSTGRES_15`, `MYSQL_8_0`, `SQLSERVER_2019_STANDARD`).
pub fn engine(r: &Resource) -> Engine {
    match r.str("database_version").map(str::to_ascii_uppercase) {
        Some(v) if v.starts_with("POSTGRES") => Engine::Postgres,
        Some(v) if v.starts_with("MYSQL") => Engine::MySql,
        Some(v) if v.starts_with("SQLSERVER") => Engine::SqlServer,
        _ => Engine::Unknown,
    }
}

/// A read replica (`master_instance_name` set): it takes no backups and inherits flags.
pub fn is_replica(r: &Resource) -> Truth {
    match r.get("master_instance_name") {
        None | Some(Value::Null) => Truth::False,
        Some(Value::String(s)) => Truth::from_bool(!s.is_empty()),
        Some(_) => Truth::True,
    }
}

/// A database flag as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Flag<'a> {
    Absent,
    /// The flag's block index and its value.
    Set {
        index: usize,
        value: &'a Value,
    },
    /// The flags cannot be seen (unknown settings, an unknown flag name).
    Unknown,
}

impl Flag<'_> {
    /// The attribute path a finding about this flag points at.
    pub fn path(&self) -> String {
        match self {
            Flag::Set { index, .. } => format!("settings.0.database_flags.{index}.value"),
            _ => "settings.0".into(),
        }
    }
    /// The flag's value as lower-case text (`on`, `-1`), when known.
    pub fn text(&self) -> Option<String> {
        match self {
            Flag::Set { value, .. } => match value {
                Value::String(s) => Some(s.trim().to_ascii_lowercase()),
                Value::Number(n) => Some(rampart_model::value::format_number(*n)),
                Value::Bool(b) => Some(if *b { "on".into() } else { "off".into() }),
                _ => None,
            },
            _ => None,
        }
    }
    /// Whether the flag is set and its value is one of `values`; absent is `absent`.
    pub fn is(&self, values: &[&str], absent: Truth) -> Truth {
        match self {
            Flag::Absent => absent,
            Flag::Unknown => Truth::Unknown,
            Flag::Set { .. } => match self.text() {
                Some(t) => Truth::from_bool(values.contains(&t.as_str())),
                None => Truth::Unknown,
            },
        }
    }
}

/// The flag named `name` (case-insensitive).
pub fn flag<'a>(r: &'a Resource, name: &str) -> Flag<'a> {
    let settings = match r.get("settings") {
        None | Some(Value::Null) => return Flag::Absent,
        Some(Value::List(items)) => match items.first() {
            None => return Flag::Absent,
            Some(s) => s,
        },
        Some(_) => return Flag::Unknown,
    };
    let flags = match settings.get("database_flags") {
        None | Some(Value::Null) => return Flag::Absent,
        Some(Value::List(items)) => items,
        Some(_) => return Flag::Unknown,
    };
    let mut unknown_name = false;
    for (index, block) in flags.iter().enumerate() {
        match block.get("name") {
            Some(Value::String(n)) if n.trim().eq_ignore_ascii_case(name) => {
                return match block.get("value") {
                    Some(value) => Flag::Set { index, value },
                    None => Flag::Unknown,
                };
            }
            Some(Value::String(_)) => {}
            _ => unknown_name = true,
        }
    }
    if unknown_name {
        Flag::Unknown
    } else {
        Flag::Absent
    }
}

/// The fix that sets flag `name` to `value`: edits its block when it is written, else adds one.
pub fn set_flag_fix(
    r: &Resource,
    name: &str,
    value: &str,
    applicability: Applicability,
) -> Option<Fix> {
    let change = match flag(r, name) {
        Flag::Unknown => return None,
        Flag::Set { index, .. } => Change::SetAttribute {
            address: r.address.clone(),
            path: format!("settings.0.database_flags.{index}.value"),
            value: Value::string(value),
        },
        Flag::Absent => {
            let count = match r.get("settings.0.database_flags") {
                Some(Value::List(items)) => items.len(),
                _ => 0,
            };
            Change::SetAttribute {
                address: r.address.clone(),
                path: format!("settings.0.database_flags.{count}"),
                value: Value::Map(BTreeMap::from([
                    ("name".to_string(), Value::string(name)),
                    ("value".to_string(), Value::string(value)),
                ])),
            }
        }
    };
    Some(Fix {
        summary: format!("set the `{name}` database flag to `{value}`"),
        changes: vec![change],
        applicability,
    })
}

/// The hit for a PostgreSQL flag whose value is not one of `good` (absent counts as bad when
/// `absent_is_bad`, as for flags whose PostgreSQL default is off). Other engines are skipped.
pub fn postgres_flag_hit(
    r: &Resource,
    name: &str,
    good: &[&str],
    absent_is_bad: bool,
) -> Option<Hit> {
    if engine(r) != Engine::Postgres {
        return None;
    }
    let f = flag(r, name);
    let bad = f.is(good, Truth::from_bool(!absent_is_bad)).not();
    if !bad.is_true() {
        return None;
    }
    let message = match f.text() {
        Some(v) => format!("`{}` sets the `{name}` flag to `{v}`", r.address),
        None => format!(
            "`{}` does not set the `{name}` flag (the default leaves it off)",
            r.address
        ),
    };
    Some(Hit::at(f.path(), message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(json: serde_json::Value) -> Resource {
        crate::views::test_resources::live("gcp", INSTANCE, "google_sql_database_instance.db", json)
    }

    #[test]
    fn flags_are_found_by_name_and_unknown_names_make_absence_unknown() {
        let r = instance(
            serde_json::json!({"database_version": "POSTGRES_15", "settings": [{"database_flags": [
                {"name": "log_connections", "value": "on"}
            ]}]}),
        );
        assert_eq!(engine(&r), Engine::Postgres);
        assert_eq!(
            flag(&r, "log_connections").is(&["on"], Truth::False),
            Truth::True
        );
        assert_eq!(flag(&r, "log_disconnections"), Flag::Absent);
        let mut unknown = r.clone();
        unknown.attributes.insert(
            "settings".into(),
            Value::from_json(
                &serde_json::json!([{"database_flags": [{"name": null, "value": "on"}]}]),
            ),
        );
        if let Some(Value::List(s)) = unknown.attributes.get_mut("settings")
            && let Some(Value::Map(m)) = s.first_mut()
            && let Some(Value::List(flags)) = m.get_mut("database_flags")
            && let Some(Value::Map(f)) = flags.first_mut()
        {
            f.insert("name".into(), Value::unknown());
        }
        assert_eq!(flag(&unknown, "log_disconnections"), Flag::Unknown);
    }
}
