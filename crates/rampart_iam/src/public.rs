//! Whether a resource-policy statement grants to the public, after the S3 documentation's
//! "The meaning of public": a statement that allows a wildcard principal is public unless a
//! condition pins the request to fixed values of a key AWS lists as narrowing (source VPC,
//! endpoint, account, ARN or owner, the principal's organization, account or ARN, the user id,
//! or a source IP range). A value with a wildcard or a policy variable is not fixed; a negated
//! operator, `...IfExists` and `ForAllValues:` do not narrow (they hold when the key is
//! missing, as it is for an anonymous caller).

use crate::condition::{Condition, Operator, PolicyValues, SetOperator};
use crate::policy::{Effect, Policy, Scope, Statement};

/// The keys whose fixed values make a wildcard principal non-public: the S3 documentation's
/// list, with the organization-path and source-organization keys that pin the caller the same
/// way. The one list: the rules read it from here.
pub const NARROWING_KEYS: [&str; 16] = [
    "aws:SourceVpce",
    "aws:SourceVpc",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:userid",
    "aws:SourceIp",
    "s3:DataAccessPointArn",
    "s3:DataAccessPointAccount",
    "s3:x-amz-server-side-encryption-aws-kms-key-id",
];

/// The narrowest IPv4 and IPv6 prefixes still counted as "everyone": a block wider than a /8
/// (or an IPv6 /32) holds too much of the internet to narrow anything.
const WIDEST_NARROWING_V4: u8 = 8;
const WIDEST_NARROWING_V6: u8 = 32;

/// True when `statement` allows a wildcard principal with no narrowing condition.
pub fn public_principal(statement: &Statement) -> bool {
    if statement.effect != Effect::Allow {
        return false;
    }
    let wildcard = match &statement.principals {
        Some(Scope::Only(set)) => set.everyone || set.aws.iter().any(|a| is_wildcard_principal(a)),
        // Allow with NotPrincipal grants everyone not listed, anonymous callers included
        Some(Scope::Except(_)) => true,
        None => false,
    };
    wildcard && !statement.conditions.iter().any(narrows)
}

/// Whether an `AWS` principal entry stands for everyone: `*`, or an ARN whose account is a
/// wildcard (`arn:aws:iam::*:root`). AWS accepts no partial wildcard in a principal, so such an
/// entry is at best refused and at worst read as `*`; a judgement of "public" takes the worse.
pub fn is_wildcard_principal(entry: &str) -> bool {
    let entry = entry.trim();
    entry == "*"
        || (entry.starts_with("arn:")
            && entry
                .split(':')
                .nth(4)
                .is_some_and(|account| account.contains(['*', '?'])))
}

/// The indices of the statements of `policy` that make it public.
pub fn public_statements(policy: &Policy) -> Vec<usize> {
    policy
        .statements
        .iter()
        .filter(|s| public_principal(s))
        .map(|s| s.index)
        .collect()
}

/// Whether `condition` pins the caller to fixed values of a narrowing key: its form can
/// narrow ([`narrowing_form`]) and every value is fixed ([`fixed_value`]).
pub fn narrows(condition: &Condition) -> bool {
    if !narrowing_form(
        condition.set,
        condition.operator,
        condition.if_exists,
        &condition.key,
    ) {
        return false;
    }
    match &condition.values {
        PolicyValues::Text(templates) => templates
            .iter()
            .all(|t| fixed_value(&Value::Text(t), condition.operator)),
        PolicyValues::Ip(nets) => nets
            .iter()
            .all(|n| fixed_value(&Value::Ip(n), condition.operator)),
        _ => false,
    }
}

/// Whether a condition of this operator and key can narrow, whatever its values: a listed key,
/// under a positive operator that fails when the key is missing (not negated, not
/// `...IfExists`, not `ForAllValues:`, not `Null`).
pub fn narrowing_form(
    set: Option<SetOperator>,
    operator: Operator,
    if_exists: bool,
    key: &str,
) -> bool {
    NARROWING_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
        && !if_exists
        && !operator.is_negated()
        && operator != Operator::Null
        && set != Some(SetOperator::ForAllValues)
}

/// One policy value of a condition.
pub enum Value<'a> {
    Text(&'a crate::pattern::Template),
    Ip(&'a ipnet::IpNet),
}

/// Whether one value of a narrowing-form condition is fixed: text without a wildcard or a
/// policy variable, or an address block no wider than a /8 (IPv6 /32).
pub fn fixed_value(value: &Value<'_>, operator: Operator) -> bool {
    match (value, operator) {
        (Value::Ip(net), Operator::IpAddress) => match net {
            ipnet::IpNet::V4(v4) => v4.prefix_len() >= WIDEST_NARROWING_V4,
            ipnet::IpNet::V6(v6) => v6.prefix_len() >= WIDEST_NARROWING_V6,
        },
        (Value::Text(t), op) if op != Operator::IpAddress => t
            .fixed_text()
            .is_some_and(|text| !text.trim().is_empty() && !text.contains(['*', '?'])),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyKind;

    fn public(statement: &str) -> bool {
        let text = format!(r#"{{"Version":"2012-10-17","Statement":{statement}}}"#);
        let policy = Policy::parse_str(&text, PolicyKind::Resource).unwrap_or(Policy {
            kind: PolicyKind::Resource,
            statements: Vec::new(),
        });
        assert_eq!(policy.statements.len(), 1, "{text}");
        !public_statements(&policy).is_empty()
    }

    fn with(condition: &str) -> String {
        format!(
            r#"{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{condition}}}"#
        )
    }

    #[test]
    fn wildcard_principals_without_narrowing_are_public() {
        assert!(public(
            r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}"#
        ));
        assert!(public(
            r#"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"*"}"#
        ));
        assert!(public(
            r#"{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"*"}"#
        ));
        assert!(!public(
            r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"*"}"#
        ));
        assert!(!public(
            r#"{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*"}"#
        ));
        assert!(!public(
            r#"{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"*"}"#
        ));
        assert!(public(
            r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:root"},"Action":"s3:GetObject","Resource":"*"}"#
        ));
    }

    #[test]
    fn wildcard_principal_entries() {
        assert!(is_wildcard_principal(" * "));
        assert!(is_wildcard_principal("arn:aws:iam::*:role/x"));
        assert!(!is_wildcard_principal("arn:aws:iam::111122223333:root"));
        assert!(!is_wildcard_principal("111122223333"));
        assert!(!is_wildcard_principal("arn:aws:iam::111122223333:role/*"));
    }

    #[test]
    fn fixed_values_of_the_listed_keys_narrow() {
        for condition in [
            r#"{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#,
            r#"{"StringEquals":{"aws:sourcevpc":"vpc-111bbb22"}}"#,
            r#"{"StringEquals":{"aws:SourceAccount":"111122223333"}}"#,
            r#"{"ArnEquals":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:111122223333:trail/main"}}"#,
            r#"{"StringEquals":{"aws:SourceOwner":"111122223333"}}"#,
            r#"{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}"#,
            r#"{"StringEquals":{"aws:PrincipalAccount":["111122223333","444455556666"]}}"#,
            r#"{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/Reader"}}"#,
            r#"{"StringEquals":{"aws:userid":"AIDAEXAMPLE"}}"#,
            r#"{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/48"]}}"#,
            r#"{"ForAnyValue:StringEquals":{"aws:SourceVpce":"vpce-1"}}"#,
            r#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/16"}}"#,
            r#"{"StringEquals":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"}}"#,
        ] {
            assert!(!public(&with(condition)), "{condition} should narrow");
        }
    }

    #[test]
    fn conditions_that_only_look_narrowing_do_not() {
        for condition in [
            r#"{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#,
            r#"{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#,
            r#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Reader"}}"#,
            r#"{"StringLike":{"aws:PrincipalAccount":"1111*"}}"#,
            r#"{"StringLike":{"aws:userid":"AROLEID:*"}}"#,
            r#"{"StringEquals":{"aws:PrincipalAccount":"${aws:SourceAccount}"}}"#,
            r#"{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}"#,
            r#"{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","0.0.0.0/1"]}}"#,
            r#"{"IpAddress":{"aws:SourceIp":"::/0"}}"#,
            r#"{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#,
            r#"{"ForAllValues:StringEquals":{"aws:SourceVpce":"vpce-1"}}"#,
            r#"{"Null":{"aws:SourceVpce":"false"}}"#,
            r#"{"Bool":{"aws:SecureTransport":"true"}}"#,
            r#"{"StringEquals":{"aws:PrincipalTag/team":"data"}}"#,
            r#"{"StringLike":{"aws:SourceVpce":"*"}}"#,
            r#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*"}}"#,
            r#"{"ForAllValues:StringLike":{"aws:PrincipalOrgID":"o-1"}}"#,
            r#"{"StringEquals":{"aws:SourceVpce":""}}"#,
        ] {
            assert!(public(&with(condition)), "{condition} should not narrow");
        }
    }
}
