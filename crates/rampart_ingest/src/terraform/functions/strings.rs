//! String functions: `join`, `split`, `replace`, `substr`, `regex`, … (`format` and
//! `formatlist` live in `format.rs`). Characters are Unicode scalar values; Terraform counts
//! grapheme clusters, which differs only for combining sequences.
//!
//! Must never: slice a string off a character boundary or build an unbounded result.

use super::{
    Function, MAX_RESULT_LEN, TOO_LARGE, VARIADIC, format, integer_arg, list_arg, string_arg,
    to_string_value,
};
use rampart_model::Value;
use regex::Regex;
use std::collections::BTreeMap;

pub(super) const FUNCTIONS: &[Function] = &[
    Function::strict("format", 1, VARIADIC, format::format),
    Function::strict("formatlist", 1, VARIADIC, format::formatlist),
    Function::strict("join", 2, VARIADIC, join),
    Function::strict("split", 2, 2, split),
    Function::strict("replace", 3, 3, replace),
    Function::strict("lower", 1, 1, lower),
    Function::strict("upper", 1, 1, upper),
    Function::strict("title", 1, 1, title),
    Function::strict("trim", 2, 2, trim),
    Function::strict("trimspace", 1, 1, trimspace),
    Function::strict("trimprefix", 2, 2, trimprefix),
    Function::strict("trimsuffix", 2, 2, trimsuffix),
    Function::strict("substr", 3, 3, substr),
    Function::strict("strrev", 1, 1, strrev),
    Function::strict("indent", 2, 2, indent),
    Function::strict("chomp", 1, 1, chomp),
    Function::strict("startswith", 2, 2, startswith),
    Function::strict("endswith", 2, 2, endswith),
    Function::strict("strcontains", 2, 2, strcontains),
    Function::strict("regex", 2, 2, regex_first),
    Function::strict("regexall", 2, 2, regex_all),
];

fn join(args: &[Value]) -> Result<Value, String> {
    let separator = string_arg(args, 0)?;
    let mut parts = Vec::new();
    for index in 1..args.len() {
        for (position, item) in list_arg(args, index)?.iter().enumerate() {
            if item.is_null() {
                return Err(format!(
                    "element {position} of list {index} is null; null values cannot be joined"
                ));
            }
            parts.push(to_string_value(item).map_err(|e| format!("element {position}: {e}"))?);
        }
    }
    // checked before joining: a long separator between many parts multiplies
    let total = parts.iter().map(String::len).sum::<usize>().saturating_add(
        separator
            .len()
            .saturating_mul(parts.len().saturating_sub(1)),
    );
    if total > MAX_JOINED_BYTES {
        return Err(format!(
            "{TOO_LARGE}the result would be longer than {} MiB",
            MAX_JOINED_BYTES >> 20
        ));
    }
    Ok(Value::String(parts.join(&separator)))
}

/// Longest string `join` builds: the evaluator's limit for one value.
const MAX_JOINED_BYTES: usize = 16 << 20;

fn split(args: &[Value]) -> Result<Value, String> {
    let separator = string_arg(args, 0)?;
    let text = string_arg(args, 1)?;
    let parts: Vec<Value> = if separator.is_empty() {
        // As Go's strings.Split: one item per character, none for an empty string.
        text.chars().map(|c| Value::String(c.to_string())).collect()
    } else {
        text.split(separator.as_str()).map(Value::from).collect()
    };
    Ok(Value::List(parts))
}

/// Pattern of a `/regex/` argument, if it is one.
fn regex_form(substring: &str) -> Option<&str> {
    substring
        .strip_prefix('/')
        .and_then(|rest| rest.strip_suffix('/'))
}

pub(super) fn compile_regex(pattern: &str) -> Result<Regex, String> {
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| format!("invalid regular expression `{pattern}`: {e}"))
}

fn replace(args: &[Value]) -> Result<Value, String> {
    let text = string_arg(args, 0)?;
    let substring = string_arg(args, 1)?;
    let replacement = string_arg(args, 2)?;
    let replaced = match regex_form(&substring) {
        Some(pattern) => compile_regex(pattern)?
            .replace_all(&text, replacement.as_str())
            .into_owned(),
        None => {
            let count = if substring.is_empty() {
                text.chars().count() + 1
            } else {
                text.matches(substring.as_str()).count()
            };
            let growth = replacement.len().saturating_sub(substring.len());
            if count.saturating_mul(growth).saturating_add(text.len()) > MAX_RESULT_LEN {
                return Err(format!(
                    "{TOO_LARGE}the result would be longer than {MAX_RESULT_LEN} bytes"
                ));
            }
            text.replace(substring.as_str(), &replacement)
        }
    };
    Ok(Value::String(replaced))
}

fn lower(args: &[Value]) -> Result<Value, String> {
    Ok(Value::String(string_arg(args, 0)?.to_lowercase()))
}

fn upper(args: &[Value]) -> Result<Value, String> {
    Ok(Value::String(string_arg(args, 0)?.to_uppercase()))
}

/// Go's `strings.Title` word boundaries: ASCII letters, digits and `_` join words, other ASCII
/// separates them; beyond ASCII, letters and digits join and white space separates.
fn is_word_separator(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '_');
    }
    if c.is_alphanumeric() {
        return false;
    }
    c.is_whitespace()
}

fn title(args: &[Value]) -> Result<Value, String> {
    let text = string_arg(args, 0)?;
    let mut out = String::with_capacity(text.len());
    let mut previous = ' ';
    for c in text.chars() {
        if is_word_separator(previous) {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        previous = c;
    }
    Ok(Value::String(out))
}

fn trim(args: &[Value]) -> Result<Value, String> {
    let text = string_arg(args, 0)?;
    let cutset = string_arg(args, 1)?;
    Ok(Value::from(text.trim_matches(|c| cutset.contains(c))))
}

fn trimspace(args: &[Value]) -> Result<Value, String> {
    Ok(Value::from(string_arg(args, 0)?.trim()))
}

fn trimprefix(args: &[Value]) -> Result<Value, String> {
    let text = string_arg(args, 0)?;
    let prefix = string_arg(args, 1)?;
    Ok(Value::from(text.strip_prefix(&prefix).unwrap_or(&text)))
}

fn trimsuffix(args: &[Value]) -> Result<Value, String> {
    let text = string_arg(args, 0)?;
    let suffix = string_arg(args, 1)?;
    Ok(Value::from(text.strip_suffix(&suffix).unwrap_or(&text)))
}

/// `substr(string, offset, length)`: a negative offset counts from the end, length -1 (or any
/// negative) takes the rest; an offset past the end gives "".
fn substr(args: &[Value]) -> Result<Value, String> {
    let text = string_arg(args, 0)?;
    let offset = integer_arg(args, 1)?;
    let length = integer_arg(args, 2)?;
    let chars: Vec<char> = text.chars().collect();
    let total = i64::try_from(chars.len()).unwrap_or(i64::MAX);
    let start = if offset < 0 {
        total.saturating_add(offset).max(0)
    } else {
        offset
    };
    if length == 0 || start >= total {
        return Ok(Value::from(""));
    }
    let end = if length < 0 {
        total
    } else {
        start.saturating_add(length).min(total)
    };
    let start = usize::try_from(start).unwrap_or(0);
    let end = usize::try_from(end).unwrap_or(0);
    Ok(Value::String(
        chars.get(start..end).unwrap_or_default().iter().collect(),
    ))
}

fn strrev(args: &[Value]) -> Result<Value, String> {
    Ok(Value::String(string_arg(args, 0)?.chars().rev().collect()))
}

fn indent(args: &[Value]) -> Result<Value, String> {
    let spaces = integer_arg(args, 0)?;
    let text = string_arg(args, 1)?;
    let spaces = usize::try_from(spaces)
        .map_err(|_| "the number of spaces must not be negative".to_string())?;
    let lines = text.matches('\n').count();
    if lines.saturating_mul(spaces).saturating_add(text.len()) > MAX_RESULT_LEN {
        return Err(format!(
            "{TOO_LARGE}the result would be longer than {MAX_RESULT_LEN} bytes"
        ));
    }
    let padding = format!("\n{}", " ".repeat(spaces));
    Ok(Value::String(text.replace('\n', &padding)))
}

/// Removes every trailing `\n`, `\r\n` and `\r`.
fn chomp(args: &[Value]) -> Result<Value, String> {
    let text = string_arg(args, 0)?;
    Ok(Value::from(text.trim_end_matches(['\n', '\r'])))
}

fn startswith(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Bool(
        string_arg(args, 0)?.starts_with(&string_arg(args, 1)?),
    ))
}

fn endswith(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Bool(
        string_arg(args, 0)?.ends_with(&string_arg(args, 1)?),
    ))
}

fn strcontains(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Bool(
        string_arg(args, 0)?.contains(&string_arg(args, 1)?),
    ))
}

/// What one match yields: the whole match without groups, a list of groups when unnamed, a
/// map of groups when all are named. Groups that took no part in the match are null.
fn match_value(regex: &Regex, captures: &regex::Captures<'_>) -> Result<Value, String> {
    let group_count = regex.captures_len().saturating_sub(1);
    if group_count == 0 {
        let whole = captures.get(0).map(|m| m.as_str()).unwrap_or_default();
        return Ok(Value::from(whole));
    }
    let names: Vec<Option<&str>> = regex.capture_names().skip(1).collect();
    let text_of = |i: usize| {
        captures
            .get(i)
            .map_or(Value::Null, |m| Value::from(m.as_str()))
    };
    if names.iter().all(Option::is_some) {
        let map: BTreeMap<String, Value> = names
            .iter()
            .enumerate()
            .filter_map(|(i, name)| name.map(|n| (n.to_string(), text_of(i + 1))))
            .collect();
        Ok(Value::Map(map))
    } else if names.iter().all(Option::is_none) {
        Ok(Value::List((1..=group_count).map(text_of).collect()))
    } else {
        Err("a pattern cannot mix named and unnamed capture groups".into())
    }
}

fn regex_first(args: &[Value]) -> Result<Value, String> {
    let pattern = string_arg(args, 0)?;
    let text = string_arg(args, 1)?;
    let regex = compile_regex(&pattern)?;
    let captures = regex
        .captures(&text)
        .ok_or_else(|| format!("pattern `{pattern}` did not match any part of the given string"))?;
    match_value(&regex, &captures)
}

fn regex_all(args: &[Value]) -> Result<Value, String> {
    let pattern = string_arg(args, 0)?;
    let text = string_arg(args, 1)?;
    let regex = compile_regex(&pattern)?;
    let matches = regex
        .captures_iter(&text)
        .map(|captures| match_value(&regex, &captures))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Value::List(matches))
}

#[cfg(test)]
mod tests {
    use super::super::call;
    use super::super::test_support::*;

    #[test]
    fn join_split_replace_follow_the_docs() {
        assert_eq!(
            ok("join", vec![s(", "), strs(&["foo", "bar", "baz"])]),
            s("foo, bar, baz")
        );
        assert_eq!(
            ok("join", vec![s(","), list(vec![n(1.0), n(2.5)])]),
            s("1,2.5")
        );
        assert_eq!(
            ok("join", vec![s("-"), strs(&["a"]), strs(&["b", "c"])]),
            s("a-b-c")
        );
        assert!(err("join", vec![s(","), list(vec![s("a"), Value::Null])]).contains("null"));
        assert_eq!(
            ok("split", vec![s(","), s("foo,bar,baz")]),
            strs(&["foo", "bar", "baz"])
        );
        assert_eq!(ok("split", vec![s(","), s("")]), strs(&[""]));
        assert_eq!(ok("split", vec![s(""), s("ab")]), strs(&["a", "b"]));
        assert_eq!(
            ok("replace", vec![s("1 + 2 + 3"), s("+"), s("-")]),
            s("1 - 2 - 3")
        );
        assert_eq!(
            ok(
                "replace",
                vec![s("hello world"), s("/w.*d/"), s("everybody")]
            ),
            s("hello everybody")
        );
        assert_eq!(
            ok("replace", vec![s("a-b"), s("/(a)-(b)/"), s("$2+$1")]),
            s("b+a")
        );
        assert!(err("replace", vec![s("x"), s("/(/"), s("")]).contains("invalid regular"));
    }

    #[test]
    fn case_trim_and_affixes() {
        assert_eq!(ok("lower", vec![s("HELLO")]), s("hello"));
        assert_eq!(ok("upper", vec![s("hello")]), s("HELLO"));
        assert_eq!(ok("title", vec![s("hello world")]), s("Hello World"));
        assert_eq!(
            ok("title", vec![s("don't stop_me now-ok")]),
            s("Don'T Stop_me Now-Ok")
        );
        assert_eq!(ok("trim", vec![s("?!hello?!"), s("!?")]), s("hello"));
        assert_eq!(ok("trimspace", vec![s("  hello\n\n")]), s("hello"));
        assert_eq!(
            ok("trimprefix", vec![s("helloworld"), s("hello")]),
            s("world")
        );
        assert_eq!(
            ok("trimprefix", vec![s("helloworld"), s("cat")]),
            s("helloworld")
        );
        assert_eq!(
            ok("trimsuffix", vec![s("helloworld"), s("world")]),
            s("hello")
        );
        assert_eq!(ok("chomp", vec![s("hello\n")]), s("hello"));
        assert_eq!(ok("chomp", vec![s("hello\r\n")]), s("hello"));
        assert_eq!(ok("chomp", vec![s("hello\n\n")]), s("hello"));
        assert_eq!(
            ok("startswith", vec![s("hello world"), s("hello")]),
            Value::Bool(true)
        );
        assert_eq!(
            ok("endswith", vec![s("hello world"), s("hello")]),
            Value::Bool(false)
        );
        assert_eq!(
            ok("strcontains", vec![s("hello world"), s("wor")]),
            Value::Bool(true)
        );
        assert_eq!(ok("upper", vec![n(1.0)]), s("1"));
        assert!(err("upper", vec![list(vec![])]).contains("cannot be used as a string"));
        assert!(err("lower", vec![Value::Null]).contains("null"));
    }

    #[test]
    fn substr_strrev_indent() {
        assert_eq!(
            ok("substr", vec![s("hello world"), n(1.0), n(4.0)]),
            s("ello")
        );
        assert_eq!(ok("substr", vec![s("🤔🤷"), n(0.0), n(1.0)]), s("🤔"));
        assert_eq!(
            ok("substr", vec![s("hello world"), n(-5.0), n(3.0)]),
            s("wor")
        );
        assert_eq!(
            ok("substr", vec![s("hello world"), n(6.0), n(-1.0)]),
            s("world")
        );
        assert_eq!(ok("substr", vec![s("hello"), n(10.0), n(1.0)]), s(""));
        assert_eq!(ok("substr", vec![s("hello"), n(3.0), n(100.0)]), s("lo"));
        assert!(err("substr", vec![s("hello"), n(1.5), n(1.0)]).contains("whole number"));
        assert_eq!(ok("strrev", vec![s("hello")]), s("olleh"));
        assert_eq!(ok("strrev", vec![s("a☃")]), s("☃a"));
        assert_eq!(
            ok("indent", vec![n(2.0), s("[\n  foo,\n  bar,\n]\n")]),
            s("[\n    foo,\n    bar,\n  ]\n  ")
        );
        assert!(err("indent", vec![n(-1.0), s("a")]).contains("negative"));
    }

    #[test]
    fn regex_shapes_follow_the_docs() {
        assert_eq!(
            ok(
                "regex",
                vec![s("[a-z]+"), s("53453453.345345aaabbbccc23454")]
            ),
            s("aaabbbccc")
        );
        assert_eq!(
            ok(
                "regex",
                vec![s(r"(\d\d\d\d)-(\d\d)-(\d\d)"), s("2019-02-01")]
            ),
            strs(&["2019", "02", "01"])
        );
        assert_eq!(
            ok(
                "regex",
                vec![
                    s("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"),
                    s("https://terraform.io/docs/")
                ]
            ),
            map(&[("authority", s("terraform.io")), ("scheme", s("https"))])
        );
        assert!(err("regex", vec![s("[a-z]+"), s("1234")]).contains("did not match"));
        assert_eq!(
            ok("regex", vec![s("^(a)?(b)$"), s("b")]),
            list(vec![Value::Null, s("b")])
        );
        assert!(err("regex", vec![s("(a)(?P<n>b)"), s("ab")]).contains("mix named"));
        assert_eq!(
            ok("regexall", vec![s("[a-z]+"), s("1234abcd5678efgh9")]),
            strs(&["abcd", "efgh"])
        );
        assert_eq!(ok("regexall", vec![s("[a-z]+"), s("1234")]), list(vec![]));
        assert_eq!(
            call(
                "length",
                vec![ok("regexall", vec![s("[a-z]+"), s("1234abcd5678efgh9")])]
            ),
            Ok(n(2.0))
        );
    }

    use rampart_model::Value;
}
