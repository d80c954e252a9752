//! Date and time functions over RFC 3339 timestamps: `formatdate` (Terraform's own format
//! verbs, not strftime), `timeadd` (Go duration strings such as `1h30m`, `-10m`, `1.5h`) and
//! `timecmp`. `timestamp` and `plantimestamp` change on every run and live with the other
//! non-deterministic functions in `crypto.rs`.
//!
//! Must never: accept a timestamp Terraform rejects, or format a verb Terraform does not know
//! (both are errors, as in Terraform).

use super::{Function, string_arg};
use chrono::{DateTime, Datelike, FixedOffset, SecondsFormat, Timelike};
use rampart_model::Value;
use std::fmt::Write;

pub(super) const FUNCTIONS: &[Function] = &[
    Function::strict("formatdate", 2, 2, formatdate),
    Function::strict("timeadd", 2, 2, timeadd),
    Function::strict("timecmp", 2, 2, timecmp),
];

fn parse_timestamp(text: &str) -> Result<DateTime<FixedOffset>, String> {
    // Terraform requires the `T` separator and an explicit offset or `Z`
    let well_formed = text.len() >= 20 && text.as_bytes().get(10) == Some(&b'T');
    DateTime::parse_from_rfc3339(text)
        .ok()
        .filter(|_| well_formed)
        .ok_or_else(|| format!("not a valid RFC 3339 timestamp: {text:?}"))
}

/// Go's `time.RFC3339` layout: whole seconds, `Z` for UTC.
fn rfc3339(time: &DateTime<FixedOffset>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn timecmp(args: &[Value]) -> Result<Value, String> {
    let a = parse_timestamp(&string_arg(args, 0)?)?;
    let b = parse_timestamp(&string_arg(args, 1)?)?;
    Ok(Value::Number(match a.cmp(&b) {
        std::cmp::Ordering::Less => -1.0,
        std::cmp::Ordering::Equal => 0.0,
        std::cmp::Ordering::Greater => 1.0,
    }))
}

fn timeadd(args: &[Value]) -> Result<Value, String> {
    let time = parse_timestamp(&string_arg(args, 0)?)?;
    let nanos = parse_go_duration(&string_arg(args, 1)?)?;
    let shifted = i64::try_from(nanos)
        .ok()
        .and_then(|n| time.checked_add_signed(chrono::Duration::nanoseconds(n)))
        .ok_or("the result is outside the range of timestamps")?;
    Ok(Value::String(rfc3339(&shifted)))
}

/// Nanoseconds of a Go duration string (`300ms`, `-1.5h`, `2h45m`); `0` alone is allowed.
fn parse_go_duration(text: &str) -> Result<i128, String> {
    let bad = || format!("invalid duration {text:?}: use a number and a unit such as 1h30m");
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(bad());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let number: f64 = rest[..number_len].parse().map_err(|_| bad())?;
        rest = &rest[number_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return Err(bad()),
        };
        rest = &rest[unit_len..];
        total += number * scale;
    }
    // Go durations are int64 nanoseconds: about 292 years
    if total > i64::MAX as f64 {
        return Err(format!("invalid duration {text:?}: too long"));
    }
    let nanos = total.round() as i128;
    Ok(if negative { -nanos } else { nanos })
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn formatdate(args: &[Value]) -> Result<Value, String> {
    let spec = string_arg(args, 0)?;
    let time = parse_timestamp(&string_arg(args, 1)?)?;
    format_with_spec(&spec, &time).map(Value::String)
}

fn format_with_spec(spec: &str, t: &DateTime<FixedOffset>) -> Result<String, String> {
    let chars: Vec<char> = spec.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '\'' {
            // quoted literal; '' inside (or alone) is one quote
            let mut j = i + 1;
            if chars.get(j) == Some(&'\'') {
                out.push('\'');
                i = j + 1;
                continue;
            }
            loop {
                match chars.get(j) {
                    None => return Err("unterminated literal in the format (missing ')".into()),
                    Some('\'') if chars.get(j + 1) == Some(&'\'') => {
                        out.push('\'');
                        j += 2;
                    }
                    Some('\'') => break,
                    Some(&other) => {
                        out.push(other);
                        j += 1;
                    }
                }
            }
            i = j + 1;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|&&d| d == c).count();
        let verb: String = std::iter::repeat_n(c, run).collect();
        write_verb(&mut out, &verb, t)?;
        i += run;
    }
    Ok(out)
}

fn write_verb(out: &mut String, verb: &str, t: &DateTime<FixedOffset>) -> Result<(), String> {
    let month = usize::try_from(t.month0()).unwrap_or(0);
    let weekday = usize::try_from(t.weekday().num_days_from_monday()).unwrap_or(0);
    let hour12 = match t.hour() % 12 {
        0 => 12,
        h => h,
    };
    let offset = t.offset().local_minus_utc();
    let (sign, abs) = if offset < 0 {
        ('-', -offset)
    } else {
        ('+', offset)
    };
    let (oh, om) = (abs / 3600, (abs % 3600) / 60);
    let _ = match verb {
        "YYYY" => write!(out, "{:04}", t.year()),
        "YY" => write!(out, "{:02}", t.year().rem_euclid(100)),
        "MMMM" => write!(out, "{}", MONTHS.get(month).unwrap_or(&"")),
        "MMM" => write!(out, "{}", MONTHS.get(month).map_or("", |m| &m[..3])),
        "MM" => write!(out, "{:02}", t.month()),
        "M" => write!(out, "{}", t.month()),
        "DD" => write!(out, "{:02}", t.day()),
        "D" => write!(out, "{}", t.day()),
        "EEEE" => write!(out, "{}", WEEKDAYS.get(weekday).unwrap_or(&"")),
        "EEE" => write!(out, "{}", WEEKDAYS.get(weekday).map_or("", |d| &d[..3])),
        "hh" => write!(out, "{:02}", t.hour()),
        "h" => write!(out, "{}", t.hour()),
        "HH" => write!(out, "{hour12:02}"),
        "H" => write!(out, "{hour12}"),
        "AA" => write!(out, "{}", if t.hour() < 12 { "AM" } else { "PM" }),
        "aa" => write!(out, "{}", if t.hour() < 12 { "am" } else { "pm" }),
        "mm" => write!(out, "{:02}", t.minute()),
        "m" => write!(out, "{}", t.minute()),
        "ss" => write!(out, "{:02}", t.second()),
        "s" => write!(out, "{}", t.second()),
        "ZZZZZ" => write!(out, "{sign}{oh:02}:{om:02}"),
        "ZZZZ" => write!(out, "{sign}{oh:02}{om:02}"),
        "ZZZ" if offset == 0 => write!(out, "UTC"),
        "ZZZ" => write!(out, "{sign}{oh:02}{om:02}"),
        "Z" if offset == 0 => write!(out, "Z"),
        "Z" => write!(out, "{sign}{oh:02}:{om:02}"),
        other => {
            return Err(format!(
                "invalid date format verb {other:?}: put literal letters in single quotes"
            ));
        }
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn formatdate_follows_terraform_verbs() {
        let t = s("2018-01-02T23:12:01Z");
        assert_eq!(
            ok("formatdate", vec![s("DD MMM YYYY hh:mm ZZZ"), t.clone()]),
            s("02 Jan 2018 23:12 UTC")
        );
        assert_eq!(
            ok(
                "formatdate",
                vec![s("EEEE, DD-MMM-YY hh:mm:ss ZZZ"), t.clone()]
            ),
            s("Tuesday, 02-Jan-18 23:12:01 UTC")
        );
        assert_eq!(
            ok(
                "formatdate",
                vec![s("EEE, DD MMM YYYY hh:mm:ss ZZZ"), t.clone()]
            ),
            s("Tue, 02 Jan 2018 23:12:01 UTC")
        );
        assert_eq!(
            ok("formatdate", vec![s("MMM DD, YYYY"), t.clone()]),
            s("Jan 02, 2018")
        );
        assert_eq!(
            ok("formatdate", vec![s("HH:mmaa"), t.clone()]),
            s("11:12pm")
        );
        assert_eq!(
            ok(
                "formatdate",
                vec![s("h 'o''clock' Z"), s("2018-01-02T07:00:00-05:30")]
            ),
            s("7 o'clock -05:30")
        );
        assert!(
            err("formatdate", vec![s("YYYYY"), t.clone()]).contains("invalid date format verb")
        );
        assert!(err("formatdate", vec![s("YYYY"), s("2018-01-02")]).contains("RFC 3339"));
    }

    #[test]
    fn timeadd_reads_go_durations_and_keeps_the_offset() {
        let t = s("2017-11-22T00:00:00Z");
        assert_eq!(
            ok("timeadd", vec![t.clone(), s("10m")]),
            s("2017-11-22T00:10:00Z")
        );
        assert_eq!(
            ok("timeadd", vec![t.clone(), s("-1h30m")]),
            s("2017-11-21T22:30:00Z")
        );
        assert_eq!(
            ok("timeadd", vec![t.clone(), s("1.5h")]),
            s("2017-11-22T01:30:00Z")
        );
        assert_eq!(
            ok("timeadd", vec![s("2017-11-22T00:00:00+02:00"), s("24h")]),
            s("2017-11-23T00:00:00+02:00")
        );
        assert!(err("timeadd", vec![t.clone(), s("10 minutes")]).contains("invalid duration"));
        assert!(err("timeadd", vec![t, s("")]).contains("invalid duration"));
    }

    #[test]
    fn timecmp_compares_instants_across_offsets() {
        assert_eq!(
            ok(
                "timecmp",
                vec![s("2017-11-22T00:00:00Z"), s("2017-11-22T01:00:00+01:00")]
            ),
            n(0.0)
        );
        assert_eq!(
            ok(
                "timecmp",
                vec![s("2017-11-22T00:00:00Z"), s("2017-11-22T00:00:01Z")]
            ),
            n(-1.0)
        );
        assert_eq!(
            ok(
                "timecmp",
                vec![s("2017-11-23T00:00:00Z"), s("2017-11-22T00:00:00Z")]
            ),
            n(1.0)
        );
    }
}
