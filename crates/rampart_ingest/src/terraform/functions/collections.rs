//! Collection functions over lists (also sets and tuples) and maps (also objects): `length`,
//! `lookup`, `merge`, `concat`, `element`, `flatten`, `coalesce`, `range`, `zipmap`, …
//!
//! Several of them keep a known result when only some items are Unknown (`length`, `concat`,
//! `keys`, `lookup` of a known key), so they handle Unknowns themselves.
//!
//! Must never: return a known result whose value depends on an Unknown (e.g. `index` into a
//! list with unknown items), or build a list longer than Terraform allows (`range`: 1024).

use super::{
    Function, MAX_RESULT_LEN, VARIADIC, arg, integer_arg, list_arg, loosely_equal, map_arg,
    number_arg, string_arg, to_bool_value, to_number_value, to_string_value, type_name,
};
use rampart_model::Value;
use std::collections::BTreeMap;

pub(super) const FUNCTIONS: &[Function] = &[
    Function::handled("length", 1, 1, length),
    Function::handled("lookup", 2, 3, lookup),
    Function::handled("merge", 0, VARIADIC, merge),
    Function::handled("concat", 0, VARIADIC, concat),
    Function::handled("element", 2, 2, element),
    Function::strict("index", 2, 2, index),
    Function::strict("contains", 2, 2, contains),
    Function::handled("keys", 1, 1, keys),
    Function::handled("values", 1, 1, values),
    Function::strict("flatten", 1, 1, flatten),
    Function::strict("distinct", 1, 1, distinct),
    Function::handled("coalesce", 1, VARIADIC, coalesce),
    Function::handled("coalescelist", 1, VARIADIC, coalescelist),
    Function::strict("compact", 1, 1, compact),
    Function::handled("slice", 3, 3, slice),
    Function::handled("reverse", 1, 1, reverse),
    Function::strict("sort", 1, 1, sort),
    Function::strict("range", 1, 3, range),
    Function::handled("zipmap", 2, 2, zipmap),
    Function::handled("one", 1, 1, one),
    Function::strict("sum", 1, 1, sum),
    Function::handled("alltrue", 1, 1, alltrue),
    Function::handled("anytrue", 1, 1, anytrue),
    Function::handled("chunklist", 2, 2, chunklist),
    Function::strict("transpose", 1, 1, transpose),
    Function::strict("matchkeys", 3, 3, matchkeys),
];

/// Terraform caps `range` results at this many numbers.
const RANGE_LIMIT: usize = 1024;

fn any_unknown(args: &[Value]) -> bool {
    args.iter().any(Value::is_unknown)
}

fn length(args: &[Value]) -> Result<Value, String> {
    let count = match arg(args, 0)? {
        Value::Unknown(_) => return Ok(Value::unknown()),
        Value::List(items) => items.len(),
        Value::Map(map) => map.len(),
        Value::String(s) => s.chars().count(),
        Value::Null => return Err("argument must not be null".into()),
        other => {
            return Err(format!(
                "cannot take the length of a {}; pass a list, map or string",
                type_name(other)
            ));
        }
    };
    Ok(Value::Number(count as f64))
}

fn lookup(args: &[Value]) -> Result<Value, String> {
    if arg(args, 0)?.is_unknown() || arg(args, 1)?.contains_unknown() {
        return Ok(Value::unknown());
    }
    let map = map_arg(args, 0)?;
    let key = string_arg(args, 1)?;
    match (map.get(&key), args.get(2)) {
        (Some(found), _) => Ok(found.clone()),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(format!(
            "the key `{key}` does not exist in the map; pass a default as the third argument"
        )),
    }
}

fn merge(args: &[Value]) -> Result<Value, String> {
    if any_unknown(args) {
        return Ok(Value::unknown());
    }
    let mut merged = BTreeMap::new();
    for (index, value) in args.iter().enumerate() {
        match value {
            Value::Null => {}
            Value::Map(map) => merged.extend(map.iter().map(|(k, v)| (k.clone(), v.clone()))),
            other => {
                return Err(format!(
                    "argument {} must be a map or object, not a {}",
                    index + 1,
                    type_name(other)
                ));
            }
        }
    }
    Ok(Value::Map(merged))
}

fn concat(args: &[Value]) -> Result<Value, String> {
    if any_unknown(args) {
        return Ok(Value::unknown());
    }
    let mut all = Vec::new();
    for index in 0..args.len() {
        all.extend(list_arg(args, index)?.iter().cloned());
    }
    Ok(Value::List(all))
}

fn element(args: &[Value]) -> Result<Value, String> {
    if any_unknown(args) || arg(args, 1)?.contains_unknown() {
        return Ok(Value::unknown());
    }
    let items = list_arg(args, 0)?;
    let index = integer_arg(args, 1)?;
    if items.is_empty() {
        return Err("cannot use element function with an empty list".into());
    }
    let index = usize::try_from(index)
        .map_err(|_| "cannot use element function with a negative index".to_string())?;
    Ok(items.get(index % items.len()).cloned().unwrap_or_default())
}

fn index(args: &[Value]) -> Result<Value, String> {
    let items = list_arg(args, 0)?;
    let wanted = arg(args, 1)?;
    items
        .iter()
        .position(|item| loosely_equal(item, wanted))
        .map(|i| Value::Number(i as f64))
        .ok_or_else(|| "item not found in the list".to_string())
}

fn contains(args: &[Value]) -> Result<Value, String> {
    let items = list_arg(args, 0)?;
    let wanted = arg(args, 1)?;
    Ok(Value::Bool(
        items.iter().any(|item| loosely_equal(item, wanted)),
    ))
}

fn keys(args: &[Value]) -> Result<Value, String> {
    if any_unknown(args) {
        return Ok(Value::unknown());
    }
    Ok(Value::List(
        map_arg(args, 0)?
            .keys()
            .map(|k| Value::from(k.as_str()))
            .collect(),
    ))
}

fn values(args: &[Value]) -> Result<Value, String> {
    if any_unknown(args) {
        return Ok(Value::unknown());
    }
    Ok(Value::List(map_arg(args, 0)?.values().cloned().collect()))
}

fn flatten_into(items: &[Value], out: &mut Vec<Value>) {
    for item in items {
        match item {
            Value::List(inner) => flatten_into(inner, out),
            other => out.push(other.clone()),
        }
    }
}

fn flatten(args: &[Value]) -> Result<Value, String> {
    let mut out = Vec::new();
    flatten_into(list_arg(args, 0)?, &mut out);
    Ok(Value::List(out))
}

fn distinct(args: &[Value]) -> Result<Value, String> {
    let mut out: Vec<Value> = Vec::new();
    for item in list_arg(args, 0)? {
        if !out.iter().any(|seen| seen == item) {
            out.push(item.clone());
        }
    }
    Ok(Value::List(out))
}

/// First argument that is neither null nor "", provided everything before it is known.
/// Mixed primitive arguments unify to strings, as Terraform converts them.
fn coalesce(args: &[Value]) -> Result<Value, String> {
    for value in args {
        match value {
            Value::Unknown(_) => return Ok(Value::unknown()),
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            found => {
                let any_string = args.iter().any(|a| matches!(a, Value::String(_)));
                if any_string && matches!(found, Value::Number(_) | Value::Bool(_)) {
                    return to_string_value(found).map(Value::String);
                }
                return Ok(found.clone());
            }
        }
    }
    Err("no non-null, non-empty-string arguments".into())
}

fn coalescelist(args: &[Value]) -> Result<Value, String> {
    for (index, value) in args.iter().enumerate() {
        match value {
            Value::Unknown(_) => return Ok(Value::unknown()),
            Value::Null => {}
            Value::List(items) if items.is_empty() => {}
            Value::List(_) => return Ok(value.clone()),
            other => {
                return Err(format!(
                    "argument {} must be a list, not a {}",
                    index + 1,
                    type_name(other)
                ));
            }
        }
    }
    Err("no non-null, non-empty arguments".into())
}

fn compact(args: &[Value]) -> Result<Value, String> {
    let mut out = Vec::new();
    for (position, item) in list_arg(args, 0)?.iter().enumerate() {
        match item {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            other => out.push(Value::String(
                to_string_value(other).map_err(|e| format!("element {position}: {e}"))?,
            )),
        }
    }
    Ok(Value::List(out))
}

fn slice(args: &[Value]) -> Result<Value, String> {
    if any_unknown(args) || args.iter().skip(1).any(Value::contains_unknown) {
        return Ok(Value::unknown());
    }
    let items = list_arg(args, 0)?;
    let start = integer_arg(args, 1)?;
    let end = integer_arg(args, 2)?;
    let start =
        usize::try_from(start).map_err(|_| "the start index must not be negative".to_string())?;
    let end = usize::try_from(end).map_err(|_| "the end index must not be negative".to_string())?;
    if end > items.len() {
        return Err(format!(
            "the end index {end} is beyond the list of length {}",
            items.len()
        ));
    }
    items
        .get(start..end)
        .map(|part| Value::List(part.to_vec()))
        .ok_or_else(|| {
            format!("the start index {start} must not be greater than the end index {end}")
        })
}

fn reverse(args: &[Value]) -> Result<Value, String> {
    if any_unknown(args) {
        return Ok(Value::unknown());
    }
    Ok(Value::List(
        list_arg(args, 0)?.iter().rev().cloned().collect(),
    ))
}

/// Sorts as strings (Terraform converts the list to list(string) first).
fn sort(args: &[Value]) -> Result<Value, String> {
    let mut texts = Vec::new();
    for (position, item) in list_arg(args, 0)?.iter().enumerate() {
        texts.push(to_string_value(item).map_err(|e| format!("element {position}: {e}"))?);
    }
    texts.sort();
    Ok(Value::List(texts.into_iter().map(Value::String).collect()))
}

fn range(args: &[Value]) -> Result<Value, String> {
    let (start, limit) = match args.len() {
        1 => (0.0, number_arg(args, 0)?),
        _ => (number_arg(args, 0)?, number_arg(args, 1)?),
    };
    let step = match args.get(2) {
        Some(_) => number_arg(args, 2)?,
        None if limit < start => -1.0,
        None => 1.0,
    };
    if step == 0.0 || !step.is_finite() {
        return Err("the step must be a non-zero finite number".into());
    }
    let mut out = Vec::new();
    let mut current = start;
    while (step > 0.0 && current < limit) || (step < 0.0 && current > limit) {
        if out.len() >= RANGE_LIMIT {
            return Err(format!(
                "more than {RANGE_LIMIT} values were generated; choose a bigger step or a smaller range"
            ));
        }
        out.push(Value::Number(current));
        current += step;
    }
    Ok(Value::List(out))
}

fn zipmap(args: &[Value]) -> Result<Value, String> {
    if any_unknown(args) || arg(args, 0)?.contains_unknown() {
        return Ok(Value::unknown());
    }
    let keys = list_arg(args, 0)?;
    let values = list_arg(args, 1)?;
    if keys.len() != values.len() {
        return Err(format!(
            "the number of keys ({}) does not match the number of values ({})",
            keys.len(),
            values.len()
        ));
    }
    let mut map = BTreeMap::new();
    for (position, (key, value)) in keys.iter().zip(values).enumerate() {
        let key = to_string_value(key).map_err(|e| format!("key {position}: {e}"))?;
        map.insert(key, value.clone());
    }
    Ok(Value::Map(map))
}

fn one(args: &[Value]) -> Result<Value, String> {
    if any_unknown(args) {
        return Ok(Value::unknown());
    }
    match list_arg(args, 0)? {
        [] => Ok(Value::Null),
        [only] => Ok(only.clone()),
        items => Err(format!(
            "the list has {} elements; one() needs zero or one",
            items.len()
        )),
    }
}

fn sum(args: &[Value]) -> Result<Value, String> {
    let items = list_arg(args, 0)?;
    if items.is_empty() {
        return Err("cannot sum an empty list".into());
    }
    let mut total = 0.0;
    for (position, item) in items.iter().enumerate() {
        total += to_number_value(item).map_err(|e| format!("element {position}: {e}"))?;
    }
    Ok(Value::Number(total))
}

/// Truth of each item: Some(bool), None for Unknown; null counts as false.
fn truths(args: &[Value]) -> Result<Option<Vec<Option<bool>>>, String> {
    if any_unknown(args) {
        return Ok(None);
    }
    list_arg(args, 0)?
        .iter()
        .enumerate()
        .map(|(position, item)| match item {
            Value::Unknown(_) => Ok(None),
            Value::Null => Ok(Some(false)),
            other => to_bool_value(other)
                .map(Some)
                .map_err(|e| format!("element {position}: {e}")),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn alltrue(args: &[Value]) -> Result<Value, String> {
    let Some(items) = truths(args)? else {
        return Ok(Value::unknown());
    };
    if items.contains(&Some(false)) {
        Ok(Value::Bool(false))
    } else if items.contains(&None) {
        Ok(Value::unknown())
    } else {
        Ok(Value::Bool(true))
    }
}

fn anytrue(args: &[Value]) -> Result<Value, String> {
    let Some(items) = truths(args)? else {
        return Ok(Value::unknown());
    };
    if items.contains(&Some(true)) {
        Ok(Value::Bool(true))
    } else if items.contains(&None) {
        Ok(Value::unknown())
    } else {
        Ok(Value::Bool(false))
    }
}

fn chunklist(args: &[Value]) -> Result<Value, String> {
    if any_unknown(args) || arg(args, 1)?.contains_unknown() {
        return Ok(Value::unknown());
    }
    let items = list_arg(args, 0)?;
    let size = integer_arg(args, 1)?;
    let size = usize::try_from(size).map_err(|_| "the size must not be negative".to_string())?;
    if items.is_empty() {
        return Ok(Value::List(Vec::new()));
    }
    if size == 0 {
        return Ok(Value::List(vec![Value::List(items.to_vec())]));
    }
    Ok(Value::List(
        items
            .chunks(size)
            .map(|chunk| Value::List(chunk.to_vec()))
            .collect(),
    ))
}

fn transpose(args: &[Value]) -> Result<Value, String> {
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (key, value) in map_arg(args, 0)? {
        let Value::List(items) = value else {
            return Err(format!(
                "the value of `{key}` must be a list of strings, not a {}",
                type_name(value)
            ));
        };
        for item in items {
            let name = to_string_value(item).map_err(|e| format!("in `{key}`: {e}"))?;
            out.entry(name).or_default().push(Value::from(key.as_str()));
        }
    }
    Ok(Value::Map(
        out.into_iter().map(|(k, v)| (k, Value::List(v))).collect(),
    ))
}

fn matchkeys(args: &[Value]) -> Result<Value, String> {
    let values = list_arg(args, 0)?;
    let keys = list_arg(args, 1)?;
    let search = list_arg(args, 2)?;
    if values.len() != keys.len() {
        return Err("the values and keys lists must have the same length".into());
    }
    let mut out = Vec::new();
    for (value, key) in values.iter().zip(keys) {
        if search.iter().any(|wanted| loosely_equal(key, wanted)) {
            out.push(value.clone());
        }
    }
    if out.len() > MAX_RESULT_LEN {
        return Err("the result would be too long".into());
    }
    Ok(Value::List(out))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use rampart_model::Value;

    #[test]
    fn length_lookup_merge() {
        assert_eq!(ok("length", vec![list(vec![])]), n(0.0));
        assert_eq!(ok("length", vec![strs(&["a", "b"])]), n(2.0));
        assert_eq!(ok("length", vec![s("hello")]), n(5.0));
        assert_eq!(ok("length", vec![map(&[("a", s("b"))])]), n(1.0));
        assert_eq!(ok("length", vec![list(vec![unknown(), s("a")])]), n(2.0));
        assert_eq!(ok("length", vec![unknown()]), unknown());
        assert!(err("length", vec![n(1.0)]).contains("cannot take the length"));
        let m = || map(&[("a", s("ay")), ("b", s("bee"))]);
        assert_eq!(ok("lookup", vec![m(), s("a"), s("what?")]), s("ay"));
        assert_eq!(ok("lookup", vec![m(), s("c"), s("what?")]), s("what?"));
        assert!(err("lookup", vec![m(), s("c")]).contains("does not exist"));
        assert_eq!(ok("lookup", vec![m(), s("c"), unknown()]), unknown());
        assert_eq!(ok("lookup", vec![m(), s("a"), unknown()]), s("ay"));
        assert_eq!(ok("lookup", vec![m(), unknown()]), unknown());
        assert_eq!(ok("lookup", vec![unknown(), s("a"), s("x")]), unknown());
        assert_eq!(
            ok(
                "lookup",
                vec![map(&[("a", unknown()), ("b", s("x"))]), s("b")]
            ),
            s("x")
        );
        assert_eq!(
            ok(
                "merge",
                vec![
                    map(&[("a", s("b")), ("c", s("d"))]),
                    map(&[("e", s("f")), ("c", s("z"))])
                ]
            ),
            map(&[("a", s("b")), ("c", s("z")), ("e", s("f"))])
        );
        assert_eq!(
            ok("merge", vec![map(&[("a", s("b"))]), unknown()]),
            unknown()
        );
        assert_eq!(
            ok("merge", vec![map(&[("a", unknown())])]),
            map(&[("a", unknown())])
        );
        assert_eq!(
            ok("merge", vec![Value::Null, map(&[("a", n(1.0))])]),
            map(&[("a", n(1.0))])
        );
        assert!(err("merge", vec![s("x")]).contains("must be a map"));
    }

    #[test]
    fn list_access_functions() {
        assert_eq!(
            ok("concat", vec![strs(&["a", ""]), strs(&["b", "c"])]),
            strs(&["a", "", "b", "c"])
        );
        assert_eq!(
            ok("concat", vec![list(vec![unknown()]), strs(&["b"])]),
            list(vec![unknown(), s("b")])
        );
        assert_eq!(ok("element", vec![strs(&["a", "b", "c"]), n(1.0)]), s("b"));
        assert_eq!(ok("element", vec![strs(&["a", "b", "c"]), n(3.0)]), s("a"));
        assert_eq!(
            ok("element", vec![list(vec![s("a"), unknown()]), n(0.0)]),
            s("a")
        );
        assert_eq!(ok("element", vec![strs(&["a"]), unknown()]), unknown());
        assert!(err("element", vec![list(vec![]), n(0.0)]).contains("empty list"));
        assert!(err("element", vec![strs(&["a"]), n(-1.0)]).contains("negative"));
        assert_eq!(ok("index", vec![strs(&["a", "b", "c"]), s("b")]), n(1.0));
        assert!(err("index", vec![strs(&["a"]), s("z")]).contains("not found"));
        assert_eq!(
            ok("contains", vec![strs(&["a", "b", "c"]), s("a")]),
            Value::Bool(true)
        );
        assert_eq!(
            ok("contains", vec![strs(&["a", "b", "c"]), s("d")]),
            Value::Bool(false)
        );
        assert_eq!(
            ok("contains", vec![list(vec![n(1.0)]), s("1")]),
            Value::Bool(true)
        );
        assert_eq!(
            ok("contains", vec![list(vec![unknown()]), s("1")]),
            unknown()
        );
        let m = || map(&[("a", n(3.0)), ("c", n(2.0)), ("d", n(1.0))]);
        assert_eq!(ok("keys", vec![m()]), strs(&["a", "c", "d"]));
        assert_eq!(ok("values", vec![m()]), list(vec![n(3.0), n(2.0), n(1.0)]));
        assert_eq!(ok("keys", vec![map(&[("a", unknown())])]), strs(&["a"]));
        assert_eq!(
            ok("slice", vec![strs(&["a", "b", "c", "d"]), n(1.0), n(3.0)]),
            strs(&["b", "c"])
        );
        assert!(err("slice", vec![strs(&["a"]), n(1.0), n(3.0)]).contains("beyond"));
        assert!(err("slice", vec![strs(&["a", "b"]), n(2.0), n(1.0)]).contains("greater than"));
        assert_eq!(
            ok("reverse", vec![list(vec![n(1.0), n(2.0), n(3.0)])]),
            list(vec![n(3.0), n(2.0), n(1.0)])
        );
        assert_eq!(ok("one", vec![list(vec![])]), Value::Null);
        assert_eq!(ok("one", vec![strs(&["hello"])]), s("hello"));
        assert!(err("one", vec![strs(&["hello", "goodbye"])]).contains("2 elements"));
    }

    #[test]
    fn reshaping_functions() {
        assert_eq!(
            ok(
                "flatten",
                vec![list(vec![strs(&["a", "b"]), list(vec![]), strs(&["c"])])]
            ),
            strs(&["a", "b", "c"])
        );
        assert_eq!(
            ok(
                "flatten",
                vec![list(vec![
                    list(vec![strs(&["a", "b"]), list(vec![])]),
                    strs(&["c"])
                ])]
            ),
            strs(&["a", "b", "c"])
        );
        assert_eq!(
            ok("distinct", vec![strs(&["a", "b", "a", "c", "d", "b"])]),
            strs(&["a", "b", "c", "d"])
        );
        assert_eq!(
            ok(
                "compact",
                vec![list(vec![s("a"), s(""), s("b"), Value::Null, s("c")])]
            ),
            strs(&["a", "b", "c"])
        );
        assert_eq!(
            ok("sort", vec![strs(&["e", "d", "a", "x"])]),
            strs(&["a", "d", "e", "x"])
        );
        assert_eq!(
            ok("sort", vec![list(vec![n(3.0), n(10.0), n(1.0)])]),
            strs(&["1", "10", "3"])
        );
        assert_eq!(
            ok("chunklist", vec![strs(&["a", "b", "c", "d", "e"]), n(2.0)]),
            list(vec![strs(&["a", "b"]), strs(&["c", "d"]), strs(&["e"])])
        );
        assert_eq!(
            ok("chunklist", vec![strs(&["a", "b"]), n(0.0)]),
            list(vec![strs(&["a", "b"])])
        );
        assert!(err("chunklist", vec![strs(&["a"]), n(-1.0)]).contains("negative"));
        assert_eq!(
            ok(
                "transpose",
                vec![map(&[("a", strs(&["1", "2"])), ("b", strs(&["2", "3"]))])]
            ),
            map(&[
                ("1", strs(&["a"])),
                ("2", strs(&["a", "b"])),
                ("3", strs(&["b"]))
            ])
        );
        assert_eq!(
            ok(
                "matchkeys",
                vec![
                    strs(&["i-123", "i-abc", "i-def"]),
                    strs(&["us-west", "us-east", "us-east"]),
                    strs(&["us-east"])
                ]
            ),
            strs(&["i-abc", "i-def"])
        );
        assert_eq!(
            ok(
                "zipmap",
                vec![strs(&["a", "b"]), list(vec![n(1.0), unknown()])]
            ),
            map(&[("a", n(1.0)), ("b", unknown())])
        );
        assert!(err("zipmap", vec![strs(&["a"]), list(vec![])]).contains("does not match"));
    }

    #[test]
    fn coalesce_and_unknowns() {
        assert_eq!(ok("coalesce", vec![s("a"), s("b")]), s("a"));
        assert_eq!(ok("coalesce", vec![s(""), s("b")]), s("b"));
        assert_eq!(ok("coalesce", vec![n(1.0), n(2.0)]), n(1.0));
        assert_eq!(ok("coalesce", vec![Value::Null, n(1.0), s("x")]), s("1"));
        assert_eq!(ok("coalesce", vec![s("a"), unknown()]), s("a"));
        assert_eq!(ok("coalesce", vec![unknown(), s("a")]), unknown());
        assert_eq!(ok("coalesce", vec![s(""), unknown(), s("a")]), unknown());
        assert!(err("coalesce", vec![Value::Null, s("")]).contains("no non-null"));
        assert_eq!(
            ok("coalescelist", vec![strs(&["a", "b"]), strs(&["c", "d"])]),
            strs(&["a", "b"])
        );
        assert_eq!(
            ok("coalescelist", vec![list(vec![]), strs(&["c", "d"])]),
            strs(&["c", "d"])
        );
        assert_eq!(ok("coalescelist", vec![unknown(), strs(&["c"])]), unknown());
    }

    #[test]
    fn numbers_and_truth() {
        assert_eq!(
            ok("range", vec![n(3.0)]),
            list(vec![n(0.0), n(1.0), n(2.0)])
        );
        assert_eq!(
            ok("range", vec![n(1.0), n(4.0)]),
            list(vec![n(1.0), n(2.0), n(3.0)])
        );
        assert_eq!(
            ok("range", vec![n(1.0), n(8.0), n(2.0)]),
            list(vec![n(1.0), n(3.0), n(5.0), n(7.0)])
        );
        assert_eq!(
            ok("range", vec![n(1.0), n(4.0), n(0.5)]),
            list(vec![n(1.0), n(1.5), n(2.0), n(2.5), n(3.0), n(3.5)])
        );
        assert_eq!(
            ok("range", vec![n(4.0), n(1.0)]),
            list(vec![n(4.0), n(3.0), n(2.0)])
        );
        assert_eq!(
            ok("range", vec![n(10.0), n(5.0), n(-2.0)]),
            list(vec![n(10.0), n(8.0), n(6.0)])
        );
        assert_eq!(ok("range", vec![n(0.0)]), list(vec![]));
        assert_eq!(ok("range", vec![n(1.0), n(4.0), n(-1.0)]), list(vec![]));
        assert!(err("range", vec![n(0.0), n(1.0), n(0.0)]).contains("non-zero"));
        assert!(err("range", vec![n(2000.0)]).contains("more than 1024"));
        assert_eq!(
            ok("sum", vec![list(vec![n(10.0), n(13.0), n(6.0), n(4.5)])]),
            n(33.5)
        );
        assert!(err("sum", vec![list(vec![])]).contains("empty list"));
        assert_eq!(
            ok("alltrue", vec![list(vec![s("true"), Value::Bool(true)])]),
            Value::Bool(true)
        );
        assert_eq!(
            ok(
                "alltrue",
                vec![list(vec![Value::Bool(true), Value::Bool(false)])]
            ),
            Value::Bool(false)
        );
        assert_eq!(ok("alltrue", vec![list(vec![])]), Value::Bool(true));
        assert_eq!(
            ok("alltrue", vec![list(vec![unknown(), Value::Bool(false)])]),
            Value::Bool(false)
        );
        assert_eq!(
            ok("alltrue", vec![list(vec![unknown(), Value::Bool(true)])]),
            unknown()
        );
        assert_eq!(
            ok(
                "anytrue",
                vec![list(vec![Value::Bool(true), Value::Bool(false)])]
            ),
            Value::Bool(true)
        );
        assert_eq!(ok("anytrue", vec![list(vec![])]), Value::Bool(false));
        assert_eq!(
            ok("anytrue", vec![list(vec![unknown(), Value::Bool(true)])]),
            Value::Bool(true)
        );
        assert_eq!(
            ok("anytrue", vec![list(vec![unknown(), Value::Bool(false)])]),
            unknown()
        );
        assert!(err("anytrue", vec![list(vec![s("yes")])]).contains("bool"));
    }
}
