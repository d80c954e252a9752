//! Type conversion functions: `tostring`, `tonumber`, `tobool`, `tolist`, `toset`, `tomap`,
//! and the identity-like `sensitive`, `nonsensitive`, `issensitive` and `ephemeralasnull`
//! (Rampart keeps no sensitivity marks, so values pass through).
//!
//! Must never: convert a list or map to a string, or an arbitrary string to a number.

use super::{
    Function, arg, into_set, parse_terraform_number, to_string_value, type_name, unify_primitives,
};
use rampart_model::Value;

pub(super) const FUNCTIONS: &[Function] = &[
    Function::strict("tostring", 1, 1, tostring),
    Function::strict("tonumber", 1, 1, tonumber),
    Function::strict("tobool", 1, 1, tobool),
    Function::handled("tolist", 1, 1, tolist),
    Function::strict("toset", 1, 1, toset),
    Function::handled("tomap", 1, 1, tomap),
    Function::handled("sensitive", 1, 1, identity),
    Function::handled("nonsensitive", 1, 1, identity),
    Function::handled("issensitive", 1, 1, issensitive),
    Function::handled("ephemeralasnull", 1, 1, identity),
];

fn tostring(args: &[Value]) -> Result<Value, String> {
    match arg(args, 0)? {
        Value::Null => Ok(Value::Null),
        other => to_string_value(other).map(Value::String),
    }
}

fn tonumber(args: &[Value]) -> Result<Value, String> {
    match arg(args, 0)? {
        Value::Null => Ok(Value::Null),
        Value::Number(n) => Ok(Value::Number(*n)),
        Value::String(s) => parse_terraform_number(s)
            .map(Value::Number)
            .ok_or_else(|| format!("cannot convert `{s}` to a number")),
        other => Err(format!("cannot convert a {} to a number", type_name(other))),
    }
}

fn tobool(args: &[Value]) -> Result<Value, String> {
    match arg(args, 0)? {
        Value::Null => Ok(Value::Null),
        Value::Bool(b) => Ok(Value::Bool(*b)),
        Value::String(s) if s == "true" => Ok(Value::Bool(true)),
        Value::String(s) if s == "false" => Ok(Value::Bool(false)),
        Value::String(s) => Err(format!(
            "cannot convert `{s}` to a bool; only \"true\" and \"false\" convert"
        )),
        other => Err(format!("cannot convert a {} to a bool", type_name(other))),
    }
}

fn tolist(args: &[Value]) -> Result<Value, String> {
    match arg(args, 0)? {
        Value::Unknown(_) => Ok(Value::unknown()),
        Value::Null => Ok(Value::Null),
        Value::List(items) => Ok(Value::List(unify_primitives(items.clone()))),
        other => Err(format!("cannot convert a {} to a list", type_name(other))),
    }
}

/// Unknown items make the set Unknown: their values decide order and duplicates.
fn toset(args: &[Value]) -> Result<Value, String> {
    match arg(args, 0)? {
        Value::Null => Ok(Value::Null),
        Value::List(items) => Ok(Value::List(into_set(items.clone()))),
        other => Err(format!("cannot convert a {} to a set", type_name(other))),
    }
}

fn tomap(args: &[Value]) -> Result<Value, String> {
    match arg(args, 0)? {
        Value::Unknown(_) => Ok(Value::unknown()),
        Value::Null => Ok(Value::Null),
        Value::Map(map) => {
            let (keys, values): (Vec<String>, Vec<Value>) =
                map.iter().map(|(k, v)| (k.clone(), v.clone())).unzip();
            Ok(Value::Map(
                keys.into_iter().zip(unify_primitives(values)).collect(),
            ))
        }
        other => Err(format!("cannot convert a {} to a map", type_name(other))),
    }
}

fn identity(args: &[Value]) -> Result<Value, String> {
    arg(args, 0).cloned()
}

fn issensitive(_args: &[Value]) -> Result<Value, String> {
    Ok(Value::Bool(false))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use rampart_model::Value;

    #[test]
    fn primitive_conversions() {
        assert_eq!(ok("tostring", vec![n(1.0)]), s("1"));
        assert_eq!(ok("tostring", vec![n(1.5)]), s("1.5"));
        assert_eq!(ok("tostring", vec![Value::Bool(true)]), s("true"));
        assert_eq!(ok("tostring", vec![Value::Null]), Value::Null);
        assert!(err("tostring", vec![strs(&["a"])]).contains("cannot be used as a string"));
        assert_eq!(ok("tonumber", vec![s("1")]), n(1.0));
        assert_eq!(ok("tonumber", vec![s("-2.5e1")]), n(-25.0));
        assert!(err("tonumber", vec![s("no")]).contains("cannot convert `no`"));
        assert!(err("tonumber", vec![s("NaN")]).contains("cannot convert"));
        assert_eq!(ok("tobool", vec![s("true")]), Value::Bool(true));
        assert!(err("tobool", vec![s("yes")]).contains("cannot convert `yes`"));
        assert!(err("tobool", vec![n(1.0)]).contains("number"));
        assert_eq!(ok("tostring", vec![unknown()]), unknown());
    }

    #[test]
    fn collection_conversions() {
        assert_eq!(ok("toset", vec![strs(&["c", "b", "b"])]), strs(&["b", "c"]));
        assert_eq!(
            ok("toset", vec![list(vec![s("a"), n(1.0)])]),
            strs(&["1", "a"])
        );
        assert_eq!(ok("toset", vec![list(vec![s("a"), unknown()])]), unknown());
        assert_eq!(
            ok("tolist", vec![list(vec![s("a"), n(1.0)])]),
            strs(&["a", "1"])
        );
        assert_eq!(
            ok("tolist", vec![list(vec![s("a"), unknown()])]),
            list(vec![s("a"), unknown()])
        );
        assert_eq!(
            ok(
                "tomap",
                vec![map(&[
                    ("a", n(1.0)),
                    ("b", Value::Bool(true)),
                    ("c", s("x"))
                ])]
            ),
            map(&[("a", s("1")), ("b", s("true")), ("c", s("x"))])
        );
        assert!(err("tomap", vec![strs(&["a"])]).contains("to a map"));
        assert_eq!(ok("sensitive", vec![s("x")]), s("x"));
        assert_eq!(ok("nonsensitive", vec![unknown()]), unknown());
        assert_eq!(ok("issensitive", vec![s("x")]), Value::Bool(false));
    }
}
