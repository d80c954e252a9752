//! Bad documents and bad requests are refused with a message naming where the mistake is:
//! the request field, the statement (index and Sid) and the element.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_iam::{Policy, PolicyKind, Simulation};

fn policy_error(text: &str, kind: PolicyKind) -> String {
    match Policy::parse_str(text, kind) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e.to_string(),
    }
}

const V: &str = r#""Version":"2012-10-17""#;

#[test]
fn documents_are_refused_naming_statement_and_field() {
    let table: &[(&str, PolicyKind, &str)] = &[
        (r#"{"Statement":[]}"#, PolicyKind::Identity, "parsed"),
        (
            r#"{"Version":"2012-10-18","Statement":[]}"#,
            PolicyKind::Identity,
            "policy: `Version` is `\"2012-10-18\"`",
        ),
        (
            r#"{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}"#,
            PolicyKind::Identity,
            "statement 0: field `Resource`: is missing",
        ),
        (
            r#"{"Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"B","Effect":"Allow","Resource":"*"}]}"#,
            PolicyKind::Identity,
            "statement 1 (Sid `B`): field `Action`: is missing",
        ),
        (
            r#"{"Statement":{"Effect":"Allow","Action":"GetObject","Resource":"*"}}"#,
            PolicyKind::Identity,
            "statement 0: field `Action`: `GetObject` is not `*` or `service:action`",
        ),
        (
            r#"{"Statement":{"Effect":"Allow","Action":[],"Resource":"*"}}"#,
            PolicyKind::Identity,
            "statement 0: field `Action`: is an empty array",
        ),
        (
            r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}}"#,
            PolicyKind::Identity,
            "statement 0: field `Resource`: `bucket` is not `*` or an ARN",
        ),
        (
            r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"*"}}"#,
            PolicyKind::Identity,
            "field `Resource`: a statement has Resource or NotResource, not both",
        ),
        (
            r#"{"Statement":{"Effect":"Allow","Principal":"123456789012","Action":"s3:*","Resource":"*"}}"#,
            PolicyKind::Resource,
            "statement 0: field `Principal`: `123456789012`: a principal is `*` or an object",
        ),
        (
            r#"{"Statement":{"Effect":"Allow","Principal":{"Aws":"*"},"Action":"s3:*","Resource":"*"}}"#,
            PolicyKind::Resource,
            "field `Principal`: unknown principal type `Aws`",
        ),
        (
            r#"{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"*"},"Action":"sts:AssumeRole"}}"#,
            PolicyKind::Trust,
            "field `NotPrincipal`: a role trust policy cannot use NotPrincipal",
        ),
        (
            r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}"#,
            PolicyKind::Scp,
            "field `Principal`: identity, boundary, session and SCP policies name no principal",
        ),
        (
            r#"{"Statement":{"Sid":"Ip","Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/40"}}}}"#,
            PolicyKind::Identity,
            "statement 0 (Sid `Ip`): field `Condition.IpAddress.aws:SourceIp`: value `10.0.0.0/40` is not an IP address or CIDR block",
        ),
        (
            r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"tomorrow"}}}}"#,
            PolicyKind::Identity,
            "field `Condition.DateLessThan.aws:CurrentTime`: value `tomorrow` is not a date",
        ),
        (
            r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"yes"}}}}"#,
            PolicyKind::Identity,
            "field `Condition.Bool.aws:SecureTransport`: value `yes` is not `true` or `false`",
        ),
        (
            r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAnyValue:Null":{"a:b":"true"}}}}"#,
            PolicyKind::Identity,
            "field `Condition.ForAnyValue:Null`: `ForAnyValue:Null`: Null takes neither",
        ),
        (
            r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"a:b":[]}}}}"#,
            PolicyKind::Identity,
            "field `Condition.StringEquals.a:b`: an empty array matches nothing",
        ),
        (
            r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"a:b":{"c":1}}}}}"#,
            PolicyKind::Identity,
            "field `Condition.StringEquals.a:b`: expected a string, number, boolean or array",
        ),
        (
            r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":[]}}"#,
            PolicyKind::Identity,
            "statement 0: field `Condition`: expected an object",
        ),
        (
            r#"{"Statement":{"Sid":7,"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#,
            PolicyKind::Identity,
            "statement 0: field `Sid`: expected a string",
        ),
        (
            r#"{"Statement":[1]}"#,
            PolicyKind::Identity,
            "statement 0: field `Statement`: a statement is a JSON object",
        ),
        (
            r#"{"Statements":[]}"#,
            PolicyKind::Identity,
            "policy: unknown element `Statements`",
        ),
    ];
    let mut failures = Vec::new();
    for (text, kind, want) in table {
        let got = match Policy::parse_str(text, *kind) {
            Ok(_) => "parsed".to_string(),
            Err(e) => e.to_string(),
        };
        if !got.starts_with(want) && !got.contains(want) {
            failures.push(format!("{text}\n  expected: {want}\n  got:      {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // a document given as a JSON string (as the AWS APIs return them) is read the same
    let as_string = serde_json::Value::String(format!(
        r#"{{{V},"Statement":{{"Effect":"Allow","Action":"s3:*","Resource":"*"}}}}"#
    ));
    assert!(Policy::parse(&as_string, PolicyKind::Identity).is_ok());
    assert!(
        policy_error(r#"{"Statement": "#, PolicyKind::Identity)
            .starts_with("policy is not valid JSON")
    );
}

fn request_error(text: &str) -> String {
    match Simulation::from_json_text(text) {
        Ok(_) => "accepted".into(),
        Err(e) => e,
    }
}

#[test]
fn requests_are_refused_naming_the_field() {
    let ok = r#""principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resource_account":"111122223333""#;
    let table: Vec<(String, &str)> = vec![
        (format!("{{{ok}}}"), "accepted"),
        ("[]".into(), "request is a JSON object"),
        (r#"{"action":"s3:GetObject"}"#.into(), "request field `principal` is missing"),
        (format!("{{{ok},\"identity_policy\":[]}}"), "request field `identity_policy` is unknown"),
        (r#"{"principal":"alice","action":"s3:GetObject","resource":"*","resource_account":"111122223333"}"#.into(), "request field `principal`: principal `alice` is not"),
        (r#"{"principal":"*","action":"s3:Get*","resource":"*","resource_account":"111122223333"}"#.into(), "request field `action`: `s3:Get*` is not one action"),
        (r#"{"principal":"*","action":"s3:GetObject","resource":"bucket/key","resource_account":"111122223333"}"#.into(), "request field `resource`: `bucket/key` is not an ARN"),
        (r#"{"principal":"*","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"}"#.into(), "request field `resource_account` is missing"),
        (r#"{"principal":"*","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resource_account":"1234"}"#.into(), "request field `resource_account`: `1234` is not a twelve-digit account id"),
        (format!("{{{ok},\"context\":{{\"aws:SourceIp\":null}}}}"), "request field `context`: context key `aws:SourceIp`"),
        (format!("{{{ok},\"identity_policies\":[{{\"Statement\":[]}},{{\"Statement\":{{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":\"s3:*\"}}}}]}}"), "request field `identity_policies[1]`: statement 0 (Sid `S`): field `Resource`: is missing"),
        (format!("{{{ok},\"scps\":[[]]}}"), "request field `scps[0]` is empty"),
        (format!("{{{ok},\"rcps\":[[{{\"Statement\":{{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{{\"Foo\":{{}}}}}}}}]]}}"), "request field `rcps[0][0]`: statement 0: field `Condition.Foo`: unknown condition operator"),
        (r#"{"principal":"*","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resource_account":"111122223333","identity_policies":[{"Statement":[]}]}"#.into(), "request: an anonymous caller"),
    ];
    let mut failures = Vec::new();
    for (text, want) in &table {
        let got = request_error(text);
        if !got.starts_with(want) {
            failures.push(format!("{text}\n  expected: {want}\n  got:      {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
