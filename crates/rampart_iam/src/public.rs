//! Whether a resource-policy statement grants to the public, after the S3 documentation's
//! "The meaning of public": a statement that allows a wildcard principal is public unless a
//! condition pins the request to fixed values of a key AWS lists as narrowing (source VPC,
//! endpoint, account, ARN or owner, the principal's organization, account or ARN, the user id,
//! or a source IP range). A value with a wildcard or a policy variable is not fixed; a negated
//! operator, `...IfExists` and `ForAllValues:` do not narrow (they hold when the key is
//! missing, as it is for an anonymous caller).

use crate::condition::{Condition, Operator, PolicyValues, SetOperator};
use crate::policy::{Effect, Policy, Scope, Statement};

/// The keys whose fixed values make a wildcard principal non-public.
pub const NARROWING_KEYS: [&str; 11] = [
    "aws:SourceVpce",
    "aws:SourceVpc",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOwner",
    "aws:PrincipalOrgID",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:userid",
    "aws:SourceIp",
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
        Some(Scope::Only(set)) => set.everyone || set.aws.iter().any(|a| a.trim() == "*"),
        // Allow with NotPrincipal grants everyone not listed, anonymous callers included
        Some(Scope::Except(_)) => true,
        None => false,
    };
    wildcard && !statement.conditions.iter().any(narrows)
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

fn narrows(condition: &Condition) -> bool {
    let listed = NARROWING_KEYS
        .iter()
        .any(|k| k.eq_ignore_ascii_case(&condition.key));
    if !listed
        || condition.if_exists
        || condition.operator.is_negated()
        || condition.set == Some(SetOperator::ForAllValues)
    {
        return false;
    }
    match (&condition.values, condition.operator) {
        (PolicyValues::Ip(nets), Operator::IpAddress) => nets.iter().all(|net| match net {
            ipnet::IpNet::V4(v4) => v4.prefix_len() >= WIDEST_NARROWING_V4,
            ipnet::IpNet::V6(v6) => v6.prefix_len() >= WIDEST_NARROWING_V6,
        }),
        (PolicyValues::Text(templates), op) if op != Operator::Null => templates.iter().all(|t| {
            t.fixed_text()
                .is_some_and(|text| !text.is_empty() && !text.contains(['*', '?']))
        }),
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
        ] {
            assert!(public(&with(condition)), "{condition} should not narrow");
        }
    }
}
