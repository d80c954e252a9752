//! Terraform's built-in functions (`lower`, `cidrsubnet`, `jsonencode`, …) over
//! [`rampart_model::Value`], so the evaluator can compute what Terraform would.
//!
//! Each family lives in its own file and lists its functions in a `FUNCTIONS` table; [`call`]
//! looks a name up, checks the number of arguments and, for most functions, turns a call with
//! an Unknown argument into an Unknown result before the function body runs.
//!
//! Must never: panic on any argument, return a guessed value where Terraform's result depends
//! on something Unknown, or evaluate a non-deterministic function (`uuid`, `timestamp`) to a
//! made-up value (those are Unknown).

mod collections;
mod convert;
mod crypto;
mod encoding;
mod format;
mod network;
mod numeric;
mod paths;
mod sets;
mod strings;
mod text_encodings;
mod time;

use rampart_model::Value;
use rampart_model::value::format_number;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The body of a built-in: receives the arguments (arity already checked).
pub(crate) type Builtin = fn(&[Value]) -> Result<Value, String>;

/// How a function treats Unknown arguments.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unknowns {
    /// Any Unknown anywhere in the arguments makes the result Unknown (checked by [`call`]).
    Propagate,
    /// The function decides itself (`length` of a list with unknown items is known).
    Handled,
}

/// One entry of a family's table.
pub(crate) struct Function {
    pub name: &'static str,
    pub min_args: usize,
    /// `usize::MAX` for variadic functions.
    pub max_args: usize,
    pub unknowns: Unknowns,
    pub run: Builtin,
}

/// Marks a variadic function in the tables.
pub(crate) const VARIADIC: usize = usize::MAX;

impl Function {
    pub(crate) const fn strict(name: &'static str, min: usize, max: usize, run: Builtin) -> Self {
        Function {
            name,
            min_args: min,
            max_args: max,
            unknowns: Unknowns::Propagate,
            run,
        }
    }
    pub(crate) const fn handled(name: &'static str, min: usize, max: usize, run: Builtin) -> Self {
        Function {
            name,
            min_args: min,
            max_args: max,
            unknowns: Unknowns::Handled,
            run,
        }
    }
}

const FAMILIES: &[&[Function]] = &[
    strings::FUNCTIONS,
    collections::FUNCTIONS,
    sets::FUNCTIONS,
    convert::FUNCTIONS,
    encoding::FUNCTIONS,
    numeric::FUNCTIONS,
    network::FUNCTIONS,
    crypto::FUNCTIONS,
    paths::FUNCTIONS,
    time::FUNCTIONS,
];

fn find(name: &str) -> Option<&'static Function> {
    FAMILIES
        .iter()
        .flat_map(|family| family.iter())
        .find(|f| f.name == name)
}

fn bare_name(name: &str) -> &str {
    name.strip_prefix("core::").unwrap_or(name)
}

/// Calls Terraform built-in `name` (also accepts `core::name`). Err(message) for an unknown
/// function or bad arguments (the evaluator turns that into Unknown + a warning).
pub fn call(name: &str, args: Vec<Value>) -> Result<Value, String> {
    if name.starts_with("provider::") {
        return Err(format!(
            "provider function `{name}` cannot be evaluated without its provider; its result is unknown"
        ));
    }
    let bare = bare_name(name);
    let function = find(bare).ok_or_else(|| match not_callable(bare) {
        Some(why) => format!("function `{name}` {why}"),
        None => format!(
            "unknown function `{name}`; check the spelling or the Terraform version that added it"
        ),
    })?;
    if args.len() < function.min_args || args.len() > function.max_args {
        return Err(arity_message(function, args.len()));
    }
    if function.unknowns == Unknowns::Propagate && args.iter().any(Value::contains_unknown) {
        return Ok(propagated_unknown(&args));
    }
    (function.run)(&args).map_err(|message| format!("{bare}: {message}"))
}

/// The Unknown a strict function returns. When every Unknown in the arguments refers to the
/// same resource (`lower(aws_s3_bucket.b.id)`), the result still refers to it, so relations
/// written through a function call can be joined.
fn propagated_unknown(args: &[Value]) -> Value {
    fn collect<'a>(value: &'a Value, refs: &mut Vec<Option<&'a str>>) {
        match value {
            Value::Unknown(u) => refs.push(u.refers_to.as_deref()),
            Value::List(items) => items.iter().for_each(|v| collect(v, refs)),
            Value::Map(map) => map.values().for_each(|v| collect(v, refs)),
            _ => {}
        }
    }
    let mut refs = Vec::new();
    args.iter().for_each(|a| collect(a, &mut refs));
    match refs.first() {
        Some(Some(first)) if refs.iter().all(|r| *r == Some(*first)) => Value::unknown_ref(first),
        _ => Value::unknown(),
    }
}

/// Real Terraform function names that a configuration cannot call, with the reason Terraform
/// gives; they must not be reported as misspellings.
fn not_callable(name: &str) -> Option<&'static str> {
    match name {
        "list" => Some("was removed in Terraform 0.15; use `tolist([...])` or a `[...]` list"),
        "map" => Some("was removed in Terraform 0.15; use `tomap({...})` or a `{...}` object"),
        "type" => Some("is only available in `terraform console`"),
        _ => None,
    }
}

/// True for every function [`call`] can evaluate (with or without `core::`).
pub fn is_known_function(name: &str) -> bool {
    !name.starts_with("provider::") && find(bare_name(name)).is_some()
}

/// Names of every function [`call`] can evaluate, in table order.
pub fn known_function_names() -> impl Iterator<Item = &'static str> {
    FAMILIES
        .iter()
        .flat_map(|family| family.iter())
        .map(|f| f.name)
}

fn arity_message(function: &Function, given: usize) -> String {
    let expected = match (function.min_args, function.max_args) {
        (min, VARIADIC) => format!("at least {min}"),
        (min, max) if min == max => format!("exactly {min}"),
        (min, max) => format!("{min} to {max}"),
    };
    format!(
        "{}: takes {expected} argument(s) but {given} were given",
        function.name
    )
}

// ---- argument helpers shared by the families -------------------------------------------------

/// Argument `index` (0-based); the arity check makes this an internal error only.
pub(crate) fn arg(args: &[Value], index: usize) -> Result<&Value, String> {
    args.get(index)
        .ok_or_else(|| format!("missing argument {}", index + 1))
}

pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::List(_) => "list",
        Value::Map(_) => "map",
        Value::Unknown(_) => "unknown value",
    }
}

/// A primitive as Terraform converts it to a string (`1` → `"1"`, `true` → `"true"`).
pub(crate) fn to_string_value(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(format_number(*n)),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Err("a null value cannot be used as a string".into()),
        other => Err(format!("a {} cannot be used as a string", type_name(other))),
    }
}

/// A number or a string holding a number, as Terraform converts it.
pub(crate) fn to_number_value(value: &Value) -> Result<f64, String> {
    match value {
        Value::Number(n) => Ok(*n),
        Value::String(s) => parse_terraform_number(s)
            .ok_or_else(|| format!("`{s}` is not a number; pass a number such as 1 or 2.5")),
        Value::Null => Err("a null value cannot be used as a number".into()),
        other => Err(format!("a {} cannot be used as a number", type_name(other))),
    }
}

/// Decimal number syntax only: no `inf`, `NaN`, hex or surrounding spaces.
pub(crate) fn parse_terraform_number(text: &str) -> Option<f64> {
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E');
    if text.is_empty() || !text.chars().all(allowed) {
        return None;
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

pub(crate) fn to_bool_value(value: &Value) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "true" => Ok(true),
        Value::String(s) if s == "false" => Ok(false),
        Value::Null => Err("a null value cannot be used as a bool".into()),
        other => Err(format!(
            "a {} cannot be used as a bool; use true or false",
            type_name(other)
        )),
    }
}

pub(crate) fn string_arg(args: &[Value], index: usize) -> Result<String, String> {
    to_string_value(arg(args, index)?).map_err(|e| format!("argument {}: {e}", index + 1))
}

pub(crate) fn number_arg(args: &[Value], index: usize) -> Result<f64, String> {
    to_number_value(arg(args, index)?).map_err(|e| format!("argument {}: {e}", index + 1))
}

/// A whole number argument (`2`, `"2"`); fractions are an error as in Terraform.
pub(crate) fn integer_arg(args: &[Value], index: usize) -> Result<i64, String> {
    let n = number_arg(args, index)?;
    if n.fract() != 0.0 || !n.is_finite() || n.abs() > 9.0e15 {
        return Err(format!(
            "argument {}: {} is not a whole number",
            index + 1,
            format_number(n)
        ));
    }
    Ok(n as i64)
}

/// A list, set or tuple argument (all are `Value::List`).
pub(crate) fn list_arg(args: &[Value], index: usize) -> Result<&[Value], String> {
    match arg(args, index)? {
        Value::List(items) => Ok(items),
        other => Err(format!(
            "argument {} must be a list, set or tuple, not a {}",
            index + 1,
            type_name(other)
        )),
    }
}

/// A map or object argument.
pub(crate) fn map_arg(args: &[Value], index: usize) -> Result<&BTreeMap<String, Value>, String> {
    match arg(args, index)? {
        Value::Map(map) => Ok(map),
        other => Err(format!(
            "argument {} must be a map or object, not a {}",
            index + 1,
            type_name(other)
        )),
    }
}

/// Total order used for sets and sorting: null < bool < number < string < list < map < unknown.
pub(crate) fn compare_values(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Number(_) => 2,
            Value::String(_) => 3,
            Value::List(_) => 4,
            Value::Map(_) => 5,
            Value::Unknown(_) => 6,
        }
    }
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => x.total_cmp(y),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::List(x), Value::List(y)) => x
            .iter()
            .zip(y.iter())
            .map(|(p, q)| compare_values(p, q))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| x.len().cmp(&y.len())),
        (Value::Map(x), Value::Map(y)) => x
            .iter()
            .zip(y.iter())
            .map(|((kp, p), (kq, q))| kp.cmp(kq).then_with(|| compare_values(p, q)))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| x.len().cmp(&y.len())),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// Terraform's type unification for a collection: when strings mix with numbers or bools,
/// every primitive becomes a string (`[1, "a"]` → `["1", "a"]`).
pub(crate) fn unify_primitives(items: Vec<Value>) -> Vec<Value> {
    let has_string = items.iter().any(|v| matches!(v, Value::String(_)));
    let has_number = items.iter().any(|v| matches!(v, Value::Number(_)));
    let has_bool = items.iter().any(|v| matches!(v, Value::Bool(_)));
    let mixed = usize::from(has_string) + usize::from(has_number) + usize::from(has_bool) > 1;
    if !mixed {
        return items;
    }
    items
        .into_iter()
        .map(|v| match &v {
            Value::Number(_) | Value::Bool(_) => {
                to_string_value(&v).map(Value::String).unwrap_or(v)
            }
            _ => v,
        })
        .collect()
}

/// Equality after Terraform's conversion of primitives (`1 == "1"` in `contains`).
pub(crate) fn loosely_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(s), Value::Number(_) | Value::Bool(_))
        | (Value::Number(_) | Value::Bool(_), Value::String(s)) => {
            let other = if matches!(a, Value::String(_)) { b } else { a };
            to_string_value(other).is_ok_and(|o| &o == s)
        }
        _ => a == b,
    }
}

/// A set in our model: unified, sorted, deduplicated list.
pub(crate) fn into_set(items: Vec<Value>) -> Vec<Value> {
    let mut items = unify_primitives(items);
    items.sort_by(compare_values);
    items.dedup_by(|a, b| compare_values(a, b).is_eq());
    items
}

/// Results larger than this are refused, so a hostile file cannot make us allocate gigabytes.
pub(crate) const MAX_RESULT_LEN: usize = 1_000_000;

/// Starts the message of a function refused because its result would pass a size cap: the
/// evaluator reports those as exceeded budgets (errors), not as ordinary evaluation warnings.
pub(crate) const TOO_LARGE: &str = "result too large: ";

/// True when a message from [`call`] says a size cap was reached.
pub fn is_too_large(message: &str) -> bool {
    message.contains(TOO_LARGE)
}

#[cfg(test)]
pub(crate) mod test_support {
    use rampart_model::Value;
    use std::collections::BTreeMap;

    pub fn s(text: &str) -> Value {
        Value::from(text)
    }
    pub fn n(number: f64) -> Value {
        Value::Number(number)
    }
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(items)
    }
    pub fn strs(items: &[&str]) -> Value {
        Value::List(items.iter().map(|t| Value::from(*t)).collect())
    }
    pub fn map(entries: &[(&str, Value)]) -> Value {
        Value::Map(
            entries
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
        )
    }
    pub fn unknown() -> Value {
        Value::unknown()
    }
    pub fn ok(name: &str, args: Vec<Value>) -> Value {
        match super::call(name, args) {
            Ok(v) => v,
            Err(e) => panic!("{name} failed: {e}"),
        }
    }
    pub fn err(name: &str, args: Vec<Value>) -> String {
        match super::call(name, args) {
            Ok(v) => panic!("{name} should fail but returned {v:?}"),
            Err(e) => e,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn core_prefix_and_unknown_names() {
        assert_eq!(ok("core::upper", vec![s("a")]), s("A"));
        assert!(is_known_function("core::jsonencode"));
        assert!(is_known_function("cidrsubnet"));
        assert!(!is_known_function("nosuchfunction"));
        assert!(!is_known_function("provider::aws::arn_parse"));
        assert!(err("nosuchfunction", vec![]).contains("unknown function `nosuchfunction`"));
        assert!(err("provider::aws::arn_parse", vec![s("x")]).contains("provider function"));
    }

    #[test]
    fn every_terraform_function_is_known() {
        // the functions of the Terraform language (1.10), from its documentation; those that
        // need the disk or lazy evaluation are dispatched before `call` (builtin.rs, eval.rs)
        let evaluator = |name: &str| {
            crate::terraform::builtin::EVALUATED_HERE.contains(&name)
                || ["try", "can"].contains(&name)
        };
        const TERRAFORM: &[&str] = &[
            "file",
            "filebase64",
            "filebase64sha256",
            "filebase64sha512",
            "fileexists",
            "filemd5",
            "fileset",
            "filesha1",
            "filesha256",
            "filesha512",
            "templatefile",
            "templatestring",
            "try",
            "can",
            "abs",
            "abspath",
            "alltrue",
            "anytrue",
            "base64decode",
            "base64encode",
            "base64gzip",
            "base64sha256",
            "base64sha512",
            "basename",
            "bcrypt",
            "ceil",
            "chomp",
            "chunklist",
            "cidrhost",
            "cidrnetmask",
            "cidrsubnet",
            "cidrsubnets",
            "coalesce",
            "coalescelist",
            "compact",
            "concat",
            "contains",
            "csvdecode",
            "dirname",
            "distinct",
            "element",
            "endswith",
            "ephemeralasnull",
            "flatten",
            "floor",
            "format",
            "formatdate",
            "formatlist",
            "indent",
            "index",
            "issensitive",
            "join",
            "jsondecode",
            "jsonencode",
            "keys",
            "length",
            "log",
            "lookup",
            "lower",
            "matchkeys",
            "max",
            "md5",
            "merge",
            "min",
            "nonsensitive",
            "one",
            "parseint",
            "pathexpand",
            "plantimestamp",
            "pow",
            "range",
            "regex",
            "regexall",
            "replace",
            "reverse",
            "rsadecrypt",
            "sensitive",
            "setintersection",
            "setproduct",
            "setsubtract",
            "setunion",
            "sha1",
            "sha256",
            "sha512",
            "signum",
            "slice",
            "sort",
            "split",
            "startswith",
            "strcontains",
            "strrev",
            "substr",
            "sum",
            "textdecodebase64",
            "textencodebase64",
            "timeadd",
            "timecmp",
            "timestamp",
            "title",
            "tobool",
            "tolist",
            "tomap",
            "tonumber",
            "toset",
            "tostring",
            "transpose",
            "trim",
            "trimprefix",
            "trimspace",
            "trimsuffix",
            "upper",
            "urlencode",
            "uuid",
            "uuidv5",
            "values",
            "yamldecode",
            "yamlencode",
            "zipmap",
        ];
        let missing: Vec<_> = TERRAFORM
            .iter()
            .filter(|name| !is_known_function(name) && !evaluator(name))
            .collect();
        assert!(missing.is_empty(), "not evaluated: {missing:?}");
        for removed in ["list", "map", "type"] {
            let message = err(removed, vec![]);
            assert!(!message.contains("spelling"), "{removed}: {message}");
        }
    }

    #[test]
    fn wrong_arity_is_an_error() {
        assert!(err("upper", vec![]).contains("exactly 1"));
        assert!(err("upper", vec![s("a"), s("b")]).contains("2 were given"));
        assert!(err("lookup", vec![map(&[])]).contains("2 to 3"));
        assert!(err("max", vec![]).contains("at least 1"));
    }

    #[test]
    fn unknown_arguments_make_strict_functions_unknown() {
        assert_eq!(ok("upper", vec![unknown()]), unknown());
        assert_eq!(
            ok("join", vec![s(","), list(vec![s("a"), unknown()])]),
            unknown()
        );
        // A single referenced resource survives the call; two different ones do not.
        let bucket = || Value::unknown_ref("aws_s3_bucket.b");
        assert_eq!(ok("lower", vec![bucket()]), bucket());
        assert_eq!(ok("format", vec![s("%s-%s"), bucket(), bucket()]), bucket());
        assert_eq!(
            ok(
                "format",
                vec![s("%s-%s"), bucket(), Value::unknown_ref("aws_s3_bucket.c")]
            ),
            unknown()
        );
        assert_eq!(
            ok("format", vec![s("%s-%s"), bucket(), unknown()]),
            unknown()
        );
        // Arity is still checked when an argument is unknown.
        assert!(call("upper", vec![unknown(), unknown()]).is_err());
    }

    #[test]
    fn every_name_is_listed_once_and_the_required_ones_exist() {
        let mut names: Vec<&str> = known_function_names().collect();
        let total = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), total, "a function name appears in two tables");
        let required = "format formatlist join split replace lower upper title trim trimspace \
            trimprefix trimsuffix substr strrev indent chomp startswith endswith strcontains regex \
            regexall length lookup merge concat element index contains keys values flatten \
            distinct coalesce coalescelist compact slice reverse sort range zipmap setproduct \
            setunion setintersection setsubtract one sum alltrue anytrue tolist toset tomap \
            tostring tonumber tobool chunklist transpose matchkeys jsonencode jsondecode \
            yamlencode yamldecode base64encode base64decode urlencode csvdecode abs ceil floor \
            max min pow signum parseint log cidrhost cidrnetmask cidrsubnet cidrsubnets md5 sha1 \
            sha256 sha512 base64sha256 base64sha512 uuid uuidv5 timestamp bcrypt";
        for name in required.split_whitespace() {
            assert!(is_known_function(name), "`{name}` is missing");
        }
    }

    fn small_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            Just(Value::unknown()),
            any::<bool>().prop_map(Value::Bool),
            (-300i32..300).prop_map(|i| Value::Number(f64::from(i))),
            (-1.0e3f64..1.0e3).prop_map(Value::Number),
            prop_oneof![
                Just(1.0e300),
                Just(-1.0e300),
                Just(f64::MAX),
                Just(4_294_967_296.0)
            ]
            .prop_map(Value::Number),
            prop::sample::select(vec![
                "",
                "a",
                "a,b",
                "%d",
                "%s %v",
                "%-5.2f",
                "%[2]q",
                "/a+/",
                "10.0.0.0/8",
                "fd00::/56",
                "0.0.0.0/0",
                "::/0",
                "true",
                "12",
                "-1",
                "{\"a\":[1]}",
                "a: [1, 2]",
                "x,y\n1,2",
                "SGVsbG8=",
                "dns",
                "ÄÖ🤔",
                "(a)(?P<n>b)",
                "\n\r\n",
                "%",
            ])
            .prop_map(Value::from),
            "[a-z%0-9./:,\\[\\]\"]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::List),
                prop::collection::btree_map("[a-c]{1,2}", inner, 0..3).prop_map(Value::Map),
            ]
        })
    }

    proptest! {
        // PROPTEST_CASES raises the count for a longer search.
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3000)
        ))]
        /// No-panic property: any known function with any small arguments returns Ok or Err.
        #[test]
        fn random_calls_never_panic(
            index in 0usize..1000,
            args in prop::collection::vec(small_value(), 0..5),
        ) {
            let names: Vec<&str> = known_function_names().collect();
            let name = names[index % names.len()];
            let _ = call(name, args);
        }
    }
}
