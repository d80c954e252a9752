//! Numeric functions: `abs`, `ceil`, `floor`, `max`, `min`, `pow`, `signum`, `log`,
//! `parseint`. Numbers are f64 (Terraform uses arbitrary precision; results agree for every
//! value an f64 holds exactly).
//!
//! Must never: overflow integer arithmetic (parseint accumulates in f64).

use super::{Function, VARIADIC, integer_arg, number_arg, string_arg};
use rampart_model::Value;

pub(super) const FUNCTIONS: &[Function] = &[
    Function::strict("abs", 1, 1, abs),
    Function::strict("ceil", 1, 1, ceil),
    Function::strict("floor", 1, 1, floor),
    Function::strict("max", 1, VARIADIC, max),
    Function::strict("min", 1, VARIADIC, min),
    Function::strict("pow", 2, 2, pow),
    Function::strict("signum", 1, 1, signum),
    Function::strict("log", 2, 2, log),
    Function::strict("parseint", 2, 2, parseint),
];

fn abs(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Number(number_arg(args, 0)?.abs()))
}

fn ceil(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Number(number_arg(args, 0)?.ceil()))
}

fn floor(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Number(number_arg(args, 0)?.floor()))
}

fn numbers(args: &[Value]) -> Result<Vec<f64>, String> {
    (0..args.len()).map(|i| number_arg(args, i)).collect()
}

fn max(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Number(
        numbers(args)?.into_iter().fold(f64::NEG_INFINITY, f64::max),
    ))
}

fn min(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Number(
        numbers(args)?.into_iter().fold(f64::INFINITY, f64::min),
    ))
}

fn pow(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Number(
        number_arg(args, 0)?.powf(number_arg(args, 1)?),
    ))
}

fn signum(args: &[Value]) -> Result<Value, String> {
    let n = number_arg(args, 0)?;
    Ok(Value::Number(if n > 0.0 {
        1.0
    } else if n < 0.0 {
        -1.0
    } else {
        0.0
    }))
}

fn log(args: &[Value]) -> Result<Value, String> {
    let n = number_arg(args, 0)?;
    let base = number_arg(args, 1)?;
    Ok(Value::Number(n.ln() / base.ln()))
}

/// Value of one digit in bases up to 62: `0-9`, then `a-z` (and `A-Z` as the same digits up to
/// base 36), then `A-Z` as 36–61 above base 36, as Go's big.Int parsing does.
fn digit_value(c: char, base: u32) -> Option<u32> {
    let value = match c {
        '0'..='9' => u32::from(c) - u32::from('0'),
        'a'..='z' => u32::from(c) - u32::from('a') + 10,
        'A'..='Z' if base <= 36 => u32::from(c) - u32::from('A') + 10,
        'A'..='Z' => u32::from(c) - u32::from('A') + 36,
        _ => return None,
    };
    (value < base).then_some(value)
}

fn parseint(args: &[Value]) -> Result<Value, String> {
    let text = string_arg(args, 0)?;
    let base = integer_arg(args, 1)?;
    let base = u32::try_from(base)
        .ok()
        .filter(|b| (2..=62).contains(b))
        .ok_or_else(|| format!("base {base} is not supported; use a base from 2 to 62"))?;
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    if digits.is_empty() {
        return Err(format!("cannot parse `{text}` as a base {base} integer"));
    }
    let mut total = 0.0f64;
    for c in digits.chars() {
        let d = digit_value(c, base)
            .ok_or_else(|| format!("cannot parse `{text}` as a base {base} integer"))?;
        total = total * f64::from(base) + f64::from(d);
    }
    Ok(Value::Number(if negative { -total } else { total }))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn documented_examples() {
        assert_eq!(ok("abs", vec![n(-12.4)]), n(12.4));
        assert_eq!(ok("abs", vec![n(23.0)]), n(23.0));
        assert_eq!(ok("ceil", vec![n(5.1)]), n(6.0));
        assert_eq!(ok("floor", vec![n(4.9)]), n(4.0));
        assert_eq!(ok("floor", vec![n(-4.1)]), n(-5.0));
        assert_eq!(ok("max", vec![n(12.0), n(54.0), n(3.0)]), n(54.0));
        assert_eq!(ok("min", vec![n(12.0), n(54.0), n(3.0)]), n(3.0));
        assert_eq!(ok("min", vec![s("7"), n(9.0)]), n(7.0));
        assert_eq!(ok("pow", vec![n(3.0), n(2.0)]), n(9.0));
        assert_eq!(ok("pow", vec![n(4.0), n(0.0)]), n(1.0));
        assert_eq!(ok("signum", vec![n(-13.0)]), n(-1.0));
        assert_eq!(ok("signum", vec![n(0.0)]), n(0.0));
        assert_eq!(ok("signum", vec![n(344.0)]), n(1.0));
        assert_eq!(ok("log", vec![n(16.0), n(2.0)]), n(4.0));
        assert_eq!(ok("log", vec![n(1.0), n(10.0)]), n(0.0));
        let log50 = ok("log", vec![n(50.0), n(10.0)])
            .as_f64()
            .unwrap_or_default();
        assert!((log50 - 1.698_970_004).abs() < 1e-9);
    }

    #[test]
    fn parseint_bases() {
        assert_eq!(ok("parseint", vec![s("100"), n(10.0)]), n(100.0));
        assert_eq!(ok("parseint", vec![s("FF"), n(16.0)]), n(255.0));
        assert_eq!(ok("parseint", vec![s("-10"), n(16.0)]), n(-16.0));
        assert_eq!(
            ok("parseint", vec![s("1011111011101111"), n(2.0)]),
            n(48879.0)
        );
        assert_eq!(ok("parseint", vec![s("aA"), n(62.0)]), n(656.0));
        assert!(err("parseint", vec![s("12"), n(2.0)]).contains("cannot parse `12`"));
        assert!(err("parseint", vec![s("1"), n(63.0)]).contains("base 63"));
        assert!(err("parseint", vec![s(""), n(10.0)]).contains("cannot parse"));
    }

    #[test]
    fn bad_arguments_are_errors_and_unknown_propagates() {
        assert!(err("abs", vec![s("x")]).contains("not a number"));
        assert!(err("abs", vec![s("inf")]).contains("not a number"));
        assert!(err("pow", vec![n(1.0)]).contains("exactly 2"));
        assert_eq!(ok("max", vec![n(1.0), unknown()]), unknown());
    }
}
