//! `format` and `formatlist`: Terraform's printf-like verbs (`%s %d %f %e %g %q %v %t %b %o
//! %x %X %%`), flags (`- + # space 0`), width, precision and explicit argument indexes
//! (`%[2]s`), with Go's output conventions (`%e` → `1.500000e+00`).
//!
//! Must never: accept an argument count the format string does not use (Terraform rejects
//! both too few and too many), or allocate a padding wider than [`MAX_WIDTH`].

use super::encoding::{json_encode, json_string};
use super::{list_arg, string_arg, to_bool_value, to_number_value, to_string_value, type_name};
use rampart_model::Value;
use rampart_model::value::format_number;
use std::iter::Peekable;
use std::str::Chars;

/// Widths and precisions above this are refused.
const MAX_WIDTH: usize = 10_000;
/// Most text `formatlist` builds: the evaluator's limit for one value.
const MAX_LIST_BYTES: usize = 16 << 20;

pub(super) fn format(args: &[Value]) -> Result<Value, String> {
    let spec = string_arg(args, 0)?;
    let values = args.get(1..).unwrap_or_default();
    Ok(Value::String(format_with(&spec, values)?))
}

pub(super) fn formatlist(args: &[Value]) -> Result<Value, String> {
    let spec = string_arg(args, 0)?;
    let mut iterations: Option<(usize, usize)> = None;
    for index in 1..args.len() {
        if let Ok(items) = list_arg(args, index) {
            match iterations {
                Some((length, first)) if length != items.len() => {
                    return Err(format!(
                        "argument {} has length {}, which is inconsistent with argument {} of length {length}",
                        index + 1,
                        items.len(),
                        first + 1
                    ));
                }
                Some(_) => {}
                None => iterations = Some((items.len(), index)),
            }
        }
    }
    let count = iterations.map_or(1, |(length, _)| length);
    let mut results = Vec::with_capacity(count);
    // the format repeats for every element: a long one over a long list multiplies
    let mut total = 0usize;
    for i in 0..count {
        let values: Vec<Value> = args
            .iter()
            .skip(1)
            .map(|a| match a {
                Value::List(items) => items.get(i).cloned().unwrap_or_default(),
                other => other.clone(),
            })
            .collect();
        let line = format_with(&spec, &values)?;
        total = total.saturating_add(line.len());
        if total > MAX_LIST_BYTES {
            return Err(format!(
                "{}the result would hold more than {} MiB of text",
                super::TOO_LARGE,
                MAX_LIST_BYTES >> 20
            ));
        }
        results.push(Value::String(line));
    }
    Ok(Value::List(results))
}

#[derive(Default)]
struct Directive {
    left: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

fn read_number(chars: &mut Peekable<Chars<'_>>) -> Result<Option<usize>, String> {
    let mut number: Option<usize> = None;
    while let Some(digit) = chars.peek().and_then(|c| c.to_digit(10)) {
        chars.next();
        let next = number
            .unwrap_or(0)
            .saturating_mul(10)
            .saturating_add(digit as usize);
        if next > MAX_WIDTH {
            return Err(format!(
                "width or precision above {MAX_WIDTH} is not supported"
            ));
        }
        number = Some(next);
    }
    Ok(number)
}

/// Formats `values` with `spec` as Terraform's `format` does.
pub(super) fn format_with(spec: &str, values: &[Value]) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = spec.chars().peekable();
    let mut next_arg = 0usize;
    let mut used = 0usize;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let mut directive = Directive::default();
        while let Some(flag) = chars.peek().copied() {
            match flag {
                '-' => directive.left = true,
                '+' => directive.plus = true,
                '#' => directive.sharp = true,
                ' ' => directive.space = true,
                '0' => directive.zero = true,
                _ => break,
            }
            chars.next();
        }
        if chars.peek() == Some(&'[') {
            chars.next();
            let index = read_number(&mut chars)?.unwrap_or(0);
            if chars.next() != Some(']') || index == 0 {
                return Err("an explicit argument index must look like %[1]s".into());
            }
            next_arg = index - 1;
        }
        directive.width = read_number(&mut chars)?;
        if chars.peek() == Some(&'.') {
            chars.next();
            directive.precision = Some(read_number(&mut chars)?.unwrap_or(0));
        }
        let verb = chars
            .next()
            .ok_or("the format string ends inside a verb; finish it or write %% for a %")?;
        let value = values.get(next_arg).ok_or_else(|| {
            format!(
                "not enough arguments for the format string: verb %{verb} needs argument {}",
                next_arg + 1
            )
        })?;
        let text = format_value(verb, &directive, value)
            .map_err(|e| format!("%{verb} of argument {}: {e}", next_arg + 1))?;
        next_arg += 1;
        used = used.max(next_arg);
        out.push_str(&pad(text, &directive, verb));
    }
    if used < values.len() {
        return Err(format!(
            "too many arguments; only {used} used by the format string"
        ));
    }
    Ok(out)
}

fn format_value(verb: char, directive: &Directive, value: &Value) -> Result<String, String> {
    if value.is_null() && verb != 'v' {
        return Err("a null value cannot be formatted".into());
    }
    match verb {
        'v' => match value {
            Value::Null => Ok("null".into()),
            _ if directive.sharp => json_encode(value),
            Value::List(_) | Value::Map(_) => json_encode(value),
            other => to_string_value(other),
        },
        't' => to_bool_value(value).map(|b| b.to_string()),
        's' => {
            let text = to_string_value(value)?;
            Ok(match directive.precision {
                Some(p) => text.chars().take(p).collect(),
                None => text,
            })
        }
        'q' => to_string_value(value).map(|t| json_string(&t)),
        'd' | 'b' | 'o' | 'x' | 'X' => format_integer(verb, directive, to_number_value(value)?),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            Ok(format_float(verb, directive, to_number_value(value)?))
        }
        other => Err(format!(
            "unsupported verb %{other} (for a {}); use one of %v %s %q %d %f %e %g %t %b %o %x",
            type_name(value)
        )),
    }
}

fn sign_prefix(negative: bool, directive: &Directive) -> &'static str {
    if negative {
        "-"
    } else if directive.plus {
        "+"
    } else if directive.space {
        " "
    } else {
        ""
    }
}

fn format_integer(verb: char, directive: &Directive, number: f64) -> Result<String, String> {
    if number.fract() != 0.0 || !number.is_finite() {
        return Err(format!("{} is not a whole number", format_number(number)));
    }
    let magnitude = number.abs();
    let mut digits = if magnitude < 1.0e18 {
        let m = magnitude as u64;
        match verb {
            'b' => format!("{m:b}"),
            'o' => format!("{m:o}"),
            'x' => format!("{m:x}"),
            'X' => format!("{m:X}"),
            _ => m.to_string(),
        }
    } else if verb == 'd' {
        format!("{magnitude:.0}")
    } else {
        return Err("numbers this large can only be formatted with %d".into());
    };
    if let Some(p) = directive.precision
        && digits.len() < p
    {
        digits = format!("{}{digits}", "0".repeat(p - digits.len()));
    }
    let prefix = match (directive.sharp, verb) {
        (true, 'b') => "0b",
        (true, 'o') => "0",
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        _ => "",
    };
    Ok(format!(
        "{}{prefix}{digits}",
        sign_prefix(number < 0.0, directive)
    ))
}

/// Go's `%e`: mantissa with `precision` decimals, exponent with a sign and two digits or more.
fn go_exponent(magnitude: f64, precision: Option<usize>, upper: bool) -> String {
    let rust = match precision {
        Some(p) => format!("{magnitude:.p$e}"),
        None => format!("{magnitude:e}"),
    };
    let (mantissa, exponent) = rust.split_once('e').unwrap_or((rust.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    let e = if upper { 'E' } else { 'e' };
    format!("{mantissa}{e}{sign}{:02}", exponent.unsigned_abs())
}

fn format_float(verb: char, directive: &Directive, number: f64) -> String {
    let magnitude = number.abs();
    let body = match verb {
        'f' | 'F' => {
            let p = directive.precision.unwrap_or(6);
            format!("{magnitude:.p$}")
        }
        'e' | 'E' => go_exponent(
            magnitude,
            Some(directive.precision.unwrap_or(6)),
            verb == 'E',
        ),
        _ => format_general(magnitude, directive, verb == 'G'),
    };
    format!(
        "{}{body}",
        sign_prefix(number.is_sign_negative() && number != 0.0, directive)
    )
}

/// Go's `%g`: the shortest form (or `precision` significant digits), in exponent form when the
/// exponent is below -4 or at least the precision (6 for the shortest form).
fn format_general(magnitude: f64, directive: &Directive, upper: bool) -> String {
    let significant = directive.precision.map(|p| p.max(1));
    let scientific = match significant {
        Some(p) => format!("{magnitude:.prec$e}", prec = p - 1),
        None => format!("{magnitude:e}"),
    };
    let (mantissa, exponent) = scientific
        .split_once('e')
        .unwrap_or((scientific.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let limit = significant.map_or(6, |p| i32::try_from(p).unwrap_or(i32::MAX));
    if exponent < -4 || exponent >= limit {
        let mantissa = if mantissa.contains('.') && !directive.sharp {
            mantissa.trim_end_matches('0').trim_end_matches('.')
        } else {
            mantissa
        };
        let e = if upper { 'E' } else { 'e' };
        let sign = if exponent < 0 { '-' } else { '+' };
        return format!("{mantissa}{e}{sign}{:02}", exponent.unsigned_abs());
    }
    let digits_after_point = usize::try_from((limit - 1 - exponent).max(0)).unwrap_or(0);
    let fixed = match significant {
        Some(_) => format!("{magnitude:.digits_after_point$}"),
        None => format!("{magnitude}"),
    };
    if fixed.contains('.') && !directive.sharp {
        fixed
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        fixed
    }
}

fn pad(text: String, directive: &Directive, verb: char) -> String {
    let Some(width) = directive.width else {
        return text;
    };
    let length = text.chars().count();
    if length >= width {
        return text;
    }
    let fill = width - length;
    if directive.left {
        return format!("{text}{}", " ".repeat(fill));
    }
    let numeric = matches!(
        verb,
        'd' | 'b' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G'
    );
    if directive.zero && numeric {
        let sign_len = usize::from(text.starts_with(['-', '+', ' ']));
        let (sign, rest) = text.split_at(sign_len);
        return format!("{sign}{}{rest}", "0".repeat(fill));
    }
    if directive.zero {
        return format!("{}{text}", "0".repeat(fill));
    }
    format!("{}{text}", " ".repeat(fill))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use rampart_model::Value;

    fn fmt(spec: &str, args: Vec<Value>) -> Value {
        let mut all = vec![s(spec)];
        all.extend(args);
        ok("format", all)
    }

    #[test]
    fn documented_examples() {
        assert_eq!(fmt("Hello, %s!", vec![s("Ander")]), s("Hello, Ander!"));
        assert_eq!(
            fmt("There are %d lights", vec![n(4.0)]),
            s("There are 4 lights")
        );
        assert_eq!(fmt("%03d", vec![n(7.0)]), s("007"));
        assert_eq!(fmt("%-5s|", vec![s("ab")]), s("ab   |"));
        assert_eq!(fmt("%5s|", vec![s("ab")]), s("   ab|"));
        assert_eq!(fmt("%.2f", vec![n(1.23456)]), s("1.23"));
        assert_eq!(fmt("%f", vec![n(1.5)]), s("1.500000"));
        assert_eq!(fmt("%8.3f|", vec![n(-2.5)]), s("  -2.500|"));
        assert_eq!(fmt("%08.3f", vec![n(-2.5)]), s("-002.500"));
        assert_eq!(fmt("%+d %+d", vec![n(5.0), n(-5.0)]), s("+5 -5"));
        assert_eq!(fmt("%t", vec![Value::Bool(true)]), s("true"));
        assert_eq!(fmt("%q", vec![s("a\"b<")]), s("\"a\\\"b\\u003c\""));
        assert_eq!(fmt("100%%", vec![]), s("100%"));
        assert_eq!(fmt("%.3s", vec![s("abcdef")]), s("abc"));
        assert_eq!(
            fmt("%v %v %v", vec![s("a"), n(1.5), Value::Bool(false)]),
            s("a 1.5 false")
        );
        assert_eq!(fmt("%v", vec![strs(&["a", "b"])]), s("[\"a\",\"b\"]"));
        assert_eq!(fmt("%#v", vec![s("a")]), s("\"a\""));
        assert_eq!(fmt("%[2]s %[1]s", vec![s("a"), s("b")]), s("b a"));
        assert_eq!(
            fmt(
                "%x %X %o %b %#x",
                vec![n(255.0), n(255.0), n(8.0), n(5.0), n(255.0)]
            ),
            s("ff FF 10 101 0xff")
        );
        assert_eq!(fmt("%s", vec![n(12.0)]), s("12"));
        assert_eq!(fmt("%d", vec![s("12")]), s("12"));
    }

    #[test]
    fn go_float_forms() {
        assert_eq!(fmt("%e", vec![n(1500.0)]), s("1.500000e+03"));
        assert_eq!(fmt("%.2E", vec![n(0.000123)]), s("1.23E-04"));
        assert_eq!(fmt("%g", vec![n(2.5)]), s("2.5"));
        assert_eq!(fmt("%g", vec![n(1.0e6)]), s("1e+06"));
        assert_eq!(fmt("%g", vec![n(123456.0)]), s("123456"));
        assert_eq!(fmt("%g", vec![n(0.00001)]), s("1e-05"));
        assert_eq!(fmt("%.3g", vec![n(1.23456)]), s("1.23"));
        assert_eq!(fmt("%.3g", vec![n(1234.5)]), s("1.23e+03"));
    }

    #[test]
    fn argument_errors() {
        assert!(err("format", vec![s("%d"), n(1.5)]).contains("not a whole number"));
        assert!(err("format", vec![s("%s %s"), s("a")]).contains("not enough arguments"));
        assert!(err("format", vec![s("%s"), s("a"), s("b")]).contains("too many arguments"));
        assert!(err("format", vec![s("%z"), s("a")]).contains("unsupported verb"));
        assert!(err("format", vec![s("%s"), Value::Null]).contains("null"));
        assert!(err("format", vec![s("%t"), s("yes")]).contains("bool"));
        assert!(err("format", vec![s("abc %"), s("a")]).contains("ends inside a verb"));
        assert!(err("format", vec![s("%99999999d"), n(1.0)]).contains("not supported"));
        assert_eq!(ok("format", vec![s("%s"), unknown()]), unknown());
    }

    #[test]
    fn formatlist_repeats_scalars_and_checks_lengths() {
        assert_eq!(
            ok(
                "formatlist",
                vec![s("Hello, %s!"), strs(&["Valentina", "Ander"])]
            ),
            strs(&["Hello, Valentina!", "Hello, Ander!"])
        );
        assert_eq!(
            ok(
                "formatlist",
                vec![
                    s("%s, %s!"),
                    s("Salutations"),
                    strs(&["Valentina", "Ander"])
                ]
            ),
            strs(&["Salutations, Valentina!", "Salutations, Ander!"])
        );
        assert_eq!(ok("formatlist", vec![s("%s"), s("x")]), strs(&["x"]));
        assert!(
            err(
                "formatlist",
                vec![s("%s%s"), strs(&["a"]), strs(&["a", "b"])]
            )
            .contains("inconsistent")
        );
        assert_eq!(
            ok("formatlist", vec![s("%s"), list(vec![s("a"), unknown()])]),
            unknown()
        );
    }
}
