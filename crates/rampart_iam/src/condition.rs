//! The `Condition` element: every operator AWS documents, the `...IfExists` suffix, the
//! `ForAnyValue:`/`ForAllValues:` set operators, and AWS's rules for keys the request does not
//! carry. Values are checked when the policy is read, so evaluation never meets a bad number.

use crate::context::Context;
use crate::pattern::{self, Template};
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use ipnet::IpNet;
use std::net::IpAddr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetOperator {
    ForAnyValue,
    ForAllValues,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

impl Operator {
    /// Every operator, for tables and coverage checks.
    pub const ALL: [Operator; 27] = [
        Operator::StringEquals,
        Operator::StringNotEquals,
        Operator::StringEqualsIgnoreCase,
        Operator::StringNotEqualsIgnoreCase,
        Operator::StringLike,
        Operator::StringNotLike,
        Operator::NumericEquals,
        Operator::NumericNotEquals,
        Operator::NumericLessThan,
        Operator::NumericLessThanEquals,
        Operator::NumericGreaterThan,
        Operator::NumericGreaterThanEquals,
        Operator::DateEquals,
        Operator::DateNotEquals,
        Operator::DateLessThan,
        Operator::DateLessThanEquals,
        Operator::DateGreaterThan,
        Operator::DateGreaterThanEquals,
        Operator::Bool,
        Operator::BinaryEquals,
        Operator::IpAddress,
        Operator::NotIpAddress,
        Operator::ArnEquals,
        Operator::ArnLike,
        Operator::ArnNotEquals,
        Operator::ArnNotLike,
        Operator::Null,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Operator::StringEquals => "StringEquals",
            Operator::StringNotEquals => "StringNotEquals",
            Operator::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            Operator::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            Operator::StringLike => "StringLike",
            Operator::StringNotLike => "StringNotLike",
            Operator::NumericEquals => "NumericEquals",
            Operator::NumericNotEquals => "NumericNotEquals",
            Operator::NumericLessThan => "NumericLessThan",
            Operator::NumericLessThanEquals => "NumericLessThanEquals",
            Operator::NumericGreaterThan => "NumericGreaterThan",
            Operator::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            Operator::DateEquals => "DateEquals",
            Operator::DateNotEquals => "DateNotEquals",
            Operator::DateLessThan => "DateLessThan",
            Operator::DateLessThanEquals => "DateLessThanEquals",
            Operator::DateGreaterThan => "DateGreaterThan",
            Operator::DateGreaterThanEquals => "DateGreaterThanEquals",
            Operator::Bool => "Bool",
            Operator::BinaryEquals => "BinaryEquals",
            Operator::IpAddress => "IpAddress",
            Operator::NotIpAddress => "NotIpAddress",
            Operator::ArnEquals => "ArnEquals",
            Operator::ArnLike => "ArnLike",
            Operator::ArnNotEquals => "ArnNotEquals",
            Operator::ArnNotLike => "ArnNotLike",
            Operator::Null => "Null",
        }
    }

    /// Negated operators hold when no policy value matches, and on a missing key.
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            Operator::StringNotEquals
                | Operator::StringNotEqualsIgnoreCase
                | Operator::StringNotLike
                | Operator::NumericNotEquals
                | Operator::DateNotEquals
                | Operator::NotIpAddress
                | Operator::ArnNotEquals
                | Operator::ArnNotLike
        )
    }

    fn family(self) -> Family {
        use Operator::*;
        match self {
            StringEquals
            | StringNotEquals
            | StringEqualsIgnoreCase
            | StringNotEqualsIgnoreCase
            | StringLike
            | StringNotLike => Family::String,
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => Family::String,
            NumericEquals
            | NumericNotEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals => Family::Numeric,
            DateEquals
            | DateNotEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals => Family::Date,
            Bool | Null => Family::Bool,
            BinaryEquals => Family::Binary,
            IpAddress | NotIpAddress => Family::Ip,
        }
    }
}

enum Family {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
}

/// The policy's values for one key, read into the operator's type.
#[derive(Clone, Debug, PartialEq)]
pub enum PolicyValues {
    Text(Vec<Template>),
    Number(Vec<f64>),
    /// Milliseconds since the epoch.
    Date(Vec<i64>),
    Bool(Vec<bool>),
    Binary(Vec<String>),
    Ip(Vec<IpNet>),
}

/// One operator applied to one key: `"StringEqualsIfExists": {"aws:SourceVpce": [...]}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub set: Option<SetOperator>,
    pub operator: Operator,
    pub if_exists: bool,
    /// The key as written (names compare case-insensitively).
    pub key: String,
    pub values: PolicyValues,
}

/// Splits `ForAnyValue:StringLikeIfExists` into its parts; the error says what is wrong.
pub fn parse_operator_name(name: &str) -> Result<(Option<SetOperator>, Operator, bool), String> {
    let (set, rest) = if let Some(rest) = name.strip_prefix("ForAnyValue:") {
        (Some(SetOperator::ForAnyValue), rest)
    } else if let Some(rest) = name.strip_prefix("ForAllValues:") {
        (Some(SetOperator::ForAllValues), rest)
    } else {
        (None, name)
    };
    let (base, if_exists) = match rest.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (rest, false),
    };
    let operator = Operator::ALL
        .iter()
        .copied()
        .find(|op| op.name() == base)
        .ok_or_else(|| format!("unknown condition operator `{name}`"))?;
    if operator == Operator::Null && (if_exists || set.is_some()) {
        return Err(format!(
            "`{name}`: Null takes neither `IfExists` nor a set operator"
        ));
    }
    Ok((set, operator, if_exists))
}

/// Reads a key's values (already turned into text) for `operator`.
pub fn parse_values(
    operator: Operator,
    texts: &[String],
    variables: bool,
) -> Result<PolicyValues, String> {
    let each = |what: &str, parse: &dyn Fn(&str) -> bool| -> Result<(), String> {
        match texts.iter().find(|t| !parse(t)) {
            Some(bad) => Err(format!("value `{bad}` is not {what}")),
            None => Ok(()),
        }
    };
    Ok(match operator.family() {
        Family::String => PolicyValues::Text(
            texts
                .iter()
                .map(|t| Template::parse(t, variables))
                .collect(),
        ),
        Family::Numeric => {
            each("a number", &|t| parse_number(t).is_some())?;
            PolicyValues::Number(texts.iter().filter_map(|t| parse_number(t)).collect())
        }
        Family::Date => {
            each("a date (ISO 8601 or epoch seconds)", &|t| {
                parse_date(t).is_some()
            })?;
            PolicyValues::Date(texts.iter().filter_map(|t| parse_date(t)).collect())
        }
        Family::Bool => {
            each("`true` or `false`", &|t| parse_bool(t).is_some())?;
            PolicyValues::Bool(texts.iter().filter_map(|t| parse_bool(t)).collect())
        }
        Family::Binary => PolicyValues::Binary(texts.to_vec()),
        Family::Ip => {
            each("an IP address or CIDR block", &|t| parse_cidr(t).is_some())?;
            PolicyValues::Ip(texts.iter().filter_map(|t| parse_cidr(t)).collect())
        }
    })
}

impl Condition {
    /// Whether this condition holds for the request.
    pub fn holds(&self, context: &Context) -> bool {
        let request = context.get(&self.key).filter(|v| !v.is_empty());
        if self.operator == Operator::Null {
            let absent = request.is_none();
            return matches!(&self.values, PolicyValues::Bool(want) if want.contains(&absent));
        }
        let Some(request) = request else {
            // AWS: ForAllValues on a missing or empty key is true, ForAnyValue false; IfExists
            // makes a missing key pass; otherwise only negated operators hold.
            return match self.set {
                Some(SetOperator::ForAllValues) => true,
                Some(SetOperator::ForAnyValue) => false,
                None => self.if_exists || self.operator.is_negated(),
            };
        };
        match self.set {
            Some(SetOperator::ForAllValues) => request.iter().all(|v| self.value_holds(v, context)),
            Some(SetOperator::ForAnyValue) => request.iter().any(|v| self.value_holds(v, context)),
            // a single-valued operator on several values: a positive one needs one value to
            // match, a negated one needs every value to avoid all policy values
            None if self.operator.is_negated() => {
                request.iter().all(|v| self.value_holds(v, context))
            }
            None => request.iter().any(|v| self.value_holds(v, context)),
        }
    }

    /// One request value against the policy values: a positive operator holds when any
    /// policy value matches; a negated one when none matches its positive form.
    fn value_holds(&self, value: &str, context: &Context) -> bool {
        let any = self.any_positive_match(value, context);
        if self.operator.is_negated() {
            !any
        } else {
            any
        }
    }

    fn any_positive_match(&self, value: &str, context: &Context) -> bool {
        use Operator::*;
        match (&self.values, self.operator) {
            (PolicyValues::Text(templates), op) => templates.iter().any(|t| match op {
                StringEquals | StringNotEquals => {
                    t.resolve_literal(context).is_some_and(|p| p == value)
                }
                StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => t
                    .resolve_literal(context)
                    .is_some_and(|p| p.to_lowercase() == value.to_lowercase()),
                StringLike | StringNotLike => t
                    .resolve(context)
                    .is_some_and(|p| pattern::matches(&p, value, false)),
                // AWS documents ArnEquals and ArnLike alike: per part, with wildcards
                _ => {
                    value.splitn(6, ':').count() == 6
                        && t.resolve(context)
                            .is_some_and(|p| pattern::arn_matches(&p, value))
                }
            }),
            (PolicyValues::Number(numbers), op) => {
                parse_number(value).is_some_and(|v| numbers.iter().any(|n| compares(op, &v, n)))
            }
            (PolicyValues::Date(dates), op) => {
                parse_date(value).is_some_and(|v| dates.iter().any(|d| compares(op, &v, d)))
            }
            (PolicyValues::Bool(bools), _) => parse_bool(value).is_some_and(|v| bools.contains(&v)),
            (PolicyValues::Binary(values), _) => values.iter().any(|b| b == value),
            (PolicyValues::Ip(nets), _) => value
                .trim()
                .parse::<IpAddr>()
                .is_ok_and(|ip| nets.iter().any(|net| net.contains(&ip))),
        }
    }
}

pub fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// ISO 8601 forms AWS accepts (`2026-01-31`, `2026-01-31T12:00:00Z`, with offset or
/// fraction) or epoch seconds, as milliseconds since the epoch.
pub fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<i64>() {
        return seconds.checked_mul(1000);
    }
    if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
        return Some(moment.timestamp_millis());
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%SZ",
        "%Y-%m-%dT%H:%MZ",
    ] {
        if let Ok(moment) = NaiveDateTime::parse_from_str(text, format) {
            return Some(moment.and_utc().timestamp_millis());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|m| m.and_utc().timestamp_millis())
}

/// A CIDR block, or a bare address meaning just that address (/32 or /128).
pub fn parse_cidr(text: &str) -> Option<IpNet> {
    let text = text.trim();
    text.parse::<IpNet>()
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
}

/// `value` against `bound` by a Numeric or Date operator (the negated equality is negated by
/// the caller, as for every `Not` operator).
fn compares<T: PartialOrd>(op: Operator, value: &T, bound: &T) -> bool {
    use Operator::*;
    match op {
        NumericLessThan | DateLessThan => value < bound,
        NumericLessThanEquals | DateLessThanEquals => value <= bound,
        NumericGreaterThan | DateGreaterThan => value > bound,
        NumericGreaterThanEquals | DateGreaterThanEquals => value >= bound,
        _ => value == bound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_names_split_into_parts() {
        assert_eq!(
            parse_operator_name("ForAnyValue:StringLikeIfExists"),
            Ok((Some(SetOperator::ForAnyValue), Operator::StringLike, true))
        );
        assert!(parse_operator_name("StringEqual").is_err());
        assert!(parse_operator_name("NullIfExists").is_err());
        for op in Operator::ALL {
            assert_eq!(parse_operator_name(op.name()).map(|p| p.1), Ok(op));
        }
    }

    #[test]
    fn dates_in_every_documented_form() {
        let day = parse_date("2026-01-31");
        assert_eq!(day, parse_date("2026-01-31T00:00:00Z"));
        assert_eq!(parse_date("1769817600"), day);
        assert!(parse_date("2026-01-31T01:00:00+01:00") == day);
        assert!(parse_date("31/01/2026").is_none());
    }

    #[test]
    fn bare_addresses_are_single_host_blocks() {
        assert_eq!(parse_cidr("10.0.0.1").map(|n| n.prefix_len()), Some(32));
        assert_eq!(parse_cidr("2001:db8::1").map(|n| n.prefix_len()), Some(128));
        assert!(parse_cidr("10.0.0.0/33").is_none());
    }
}
