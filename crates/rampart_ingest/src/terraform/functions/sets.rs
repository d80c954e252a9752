//! Set functions: `setproduct`, `setunion`, `setintersection`, `setsubtract`. Sets are lists
//! kept sorted and deduplicated (see `into_set`), so results are deterministic.
//!
//! Must never: build a product larger than [`MAX_PRODUCT`] items.

use super::{Function, VARIADIC, compare_values, into_set, list_arg};
use rampart_model::Value;

pub(super) const FUNCTIONS: &[Function] = &[
    Function::strict("setproduct", 2, VARIADIC, setproduct),
    Function::strict("setunion", 1, VARIADIC, setunion),
    Function::strict("setintersection", 1, VARIADIC, setintersection),
    Function::strict("setsubtract", 2, 2, setsubtract),
];

/// Products with more combinations than this are refused.
const MAX_PRODUCT: usize = 100_000;

/// Most text a product holds: every combination copies its elements' strings.
const MAX_PRODUCT_BYTES: f64 = (16 << 20) as f64;

fn setproduct(args: &[Value]) -> Result<Value, String> {
    // each combination holds one element of every list: the text of the result is the number
    // of combinations times the sum of the lists' average element text
    let mut count = 1.0f64;
    let mut average_bytes = 0.0f64;
    for index in 0..args.len() {
        let items = list_arg(args, index)?;
        count *= items.len() as f64;
        if !items.is_empty() {
            average_bytes +=
                items.iter().map(text_bytes).sum::<usize>() as f64 / items.len() as f64;
        }
    }
    if count.min(MAX_PRODUCT as f64 + 1.0) * average_bytes > MAX_PRODUCT_BYTES {
        return Err(format!(
            "{}the product would hold more than 16 MiB of text",
            super::TOO_LARGE
        ));
    }
    let mut combinations: Vec<Vec<Value>> = vec![Vec::new()];
    for index in 0..args.len() {
        let items = list_arg(args, index)?;
        if combinations.len().saturating_mul(items.len()) > MAX_PRODUCT {
            return Err(format!(
                "{}the product would have more than {MAX_PRODUCT} elements",
                super::TOO_LARGE
            ));
        }
        combinations = combinations
            .iter()
            .flat_map(|prefix| {
                items.iter().map(move |item| {
                    let mut next = prefix.clone();
                    next.push(item.clone());
                    next
                })
            })
            .collect();
    }
    Ok(Value::List(
        combinations.into_iter().map(Value::List).collect(),
    ))
}

/// Bytes of the strings in a value (map keys included).
fn text_bytes(value: &Value) -> usize {
    match value {
        Value::String(s) => s.len(),
        Value::List(items) => items.iter().map(text_bytes).sum(),
        Value::Map(map) => map.iter().map(|(k, v)| k.len() + text_bytes(v)).sum(),
        _ => 0,
    }
}

fn sets(args: &[Value]) -> Result<Vec<Vec<Value>>, String> {
    (0..args.len())
        .map(|index| list_arg(args, index).map(|items| into_set(items.to_vec())))
        .collect()
}

fn contains(set: &[Value], item: &Value) -> bool {
    set.binary_search_by(|probe| compare_values(probe, item))
        .is_ok()
}

fn setunion(args: &[Value]) -> Result<Value, String> {
    Ok(Value::List(into_set(sets(args)?.concat())))
}

fn setintersection(args: &[Value]) -> Result<Value, String> {
    let mut all = sets(args)?.into_iter();
    let first = all.next().unwrap_or_default();
    let rest: Vec<Vec<Value>> = all.collect();
    Ok(Value::List(
        first
            .into_iter()
            .filter(|item| rest.iter().all(|set| contains(set, item)))
            .collect(),
    ))
}

fn setsubtract(args: &[Value]) -> Result<Value, String> {
    let mut all = sets(args)?.into_iter();
    let first = all.next().unwrap_or_default();
    let removed = all.next().unwrap_or_default();
    Ok(Value::List(
        first
            .into_iter()
            .filter(|item| !contains(&removed, item))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn documented_examples() {
        assert_eq!(
            ok(
                "setproduct",
                vec![strs(&["development", "staging"]), strs(&["app1", "app2"])]
            ),
            list(vec![
                strs(&["development", "app1"]),
                strs(&["development", "app2"]),
                strs(&["staging", "app1"]),
                strs(&["staging", "app2"])
            ])
        );
        assert_eq!(
            ok("setproduct", vec![strs(&["a"]), list(vec![])]),
            list(vec![])
        );
        assert_eq!(
            ok(
                "setunion",
                vec![strs(&["a", "b"]), strs(&["b", "c"]), strs(&["d"])]
            ),
            strs(&["a", "b", "c", "d"])
        );
        assert_eq!(
            ok(
                "setintersection",
                vec![strs(&["a", "b"]), strs(&["b", "c"]), strs(&["b", "d"])]
            ),
            strs(&["b"])
        );
        assert_eq!(
            ok(
                "setsubtract",
                vec![strs(&["a", "b", "c"]), strs(&["a", "c"])]
            ),
            strs(&["b"])
        );
        assert_eq!(
            ok(
                "setunion",
                vec![list(vec![n(2.0), n(1.0)]), list(vec![n(1.0)])]
            ),
            list(vec![n(1.0), n(2.0)])
        );
    }

    #[test]
    fn errors_and_unknowns() {
        assert!(err("setunion", vec![s("a")]).contains("must be a list"));
        assert!(err("setproduct", vec![strs(&["a"])]).contains("at least 2"));
        assert_eq!(
            ok("setunion", vec![strs(&["a"]), list(vec![unknown()])]),
            unknown()
        );
        let big: Vec<_> = (0..400).map(|i| n(f64::from(i))).collect();
        assert!(
            err(
                "setproduct",
                vec![list(big.clone()), list(big.clone()), list(big)]
            )
            .contains("more than")
        );
    }
}
