//! Properties over generated input: no bytes make the reader panic (plain or behind a gzip
//! header), every event read is counted exactly once, and for any trail the minimal policy of
//! every principal passes its own proof, resource widening included.

#![allow(clippy::unwrap_used)] // test helpers: a failed step fails the test

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use rampart_trail::mapping;
use rampart_trail::reader::read_input;
use rampart_trail::{Aggregator, Limits, Options, PrincipalKind, ReadSummary, least_privilege};
use serde_json::json;
use std::path::Path;

fn aggregate_bytes(bytes: &[u8], limits: Limits) -> rampart_trail::Usage {
    let index = mapping::index().unwrap();
    let mut options = Options::new(Utc.with_ymd_and_hms(2026, 12, 7, 0, 0, 0).unwrap());
    options.limits = limits;
    let mut aggregator = Aggregator::new(index, options);
    let mut summary = ReadSummary::default();
    read_input(
        Path::new("generated"),
        bytes,
        &mut |e| aggregator.add(e),
        &mut summary,
    );
    aggregator.finish(summary)
}

fn all_counted(usage: &rampart_trail::Usage) -> bool {
    let c = &usage.counts;
    c.events == usage.read.records
        && c.events
            == c.used
                + c.access_denied
                + c.unmapped
                + c.before_since
                + c.undated
                + c.other_principals
                + c.unattributed
                + c.principals_over_limit
}

/// JSON-ish text from CloudTrail's own tokens, so the generator reaches deep into records.
fn trail_tokens() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"Records\"",
        "\"eventSource\"",
        "\"s3.amazonaws.com\"",
        "\"eventName\"",
        "\"GetObject\"",
        "\"userIdentity\"",
        "\"type\"",
        "\"AssumedRole\"",
        "\"IAMUser\"",
        "\"arn\"",
        "\"arn:aws:sts::111122223333:assumed-role/R/s\"",
        "\"arn:aws:iam::111122223333:user/u\"",
        "\"arn:aws:iam::x:user/u\"",
        "\"requestParameters\"",
        "\"bucketName\"",
        "\"key\"",
        "\"errorCode\"",
        "\"AccessDenied\"",
        "null",
        "1",
        "\"\\u00e9\"",
        "\n",
    ]);
    prop::collection::vec(token, 0..200).prop_map(|t| format!("{{\"Records\":[{}", t.concat()))
}

fn identity(i: usize) -> serde_json::Value {
    match i {
        0 => {
            json!({"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/u", "accountId": "111122223333"})
        }
        1 => {
            json!({"type": "AssumedRole", "arn": "arn:aws:sts::111122223333:assumed-role/R/one", "accountId": "111122223333"})
        }
        2 => {
            json!({"type": "AssumedRole", "arn": "arn:aws:sts::111122223333:assumed-role/R/two", "accountId": "111122223333",
                    "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::111122223333:role/R"}}})
        }
        3 => json!({"type": "AWSService", "invokedBy": "delivery.logs.amazonaws.com"}),
        _ => json!({"type": "AWSAccount", "accountId": "444455556666"}),
    }
}

const CALLS: &[(&str, &str)] = &[
    ("s3.amazonaws.com", "GetObject"),
    ("s3.amazonaws.com", "HeadObject"),
    ("s3.amazonaws.com", "ListObjectsV2"),
    ("s3.amazonaws.com", "PutObject"),
    ("s3.amazonaws.com", "PutBucketPolicy"),
    ("s3.amazonaws.com", "ListBuckets"),
    ("dynamodb.amazonaws.com", "GetItem"),
    ("iam.amazonaws.com", "CreateUser"),
    ("kms.amazonaws.com", "Decrypt"),
    ("lambda.amazonaws.com", "GetFunction20150331v2"),
    ("signin.amazonaws.com", "ConsoleLogin"),
    ("example.amazonaws.com", "Nothing"),
];

prop_compose! {
    fn event()(who in 0usize..5, call in 0..CALLS.len(), bucket in "[a-c]{3}", key in "[a-c*?$/]{0,4}",
               table in prop::option::of("[a-c]{3}"), denied in prop::bool::weighted(0.1))
        -> serde_json::Value {
        let (source, name) = CALLS[call];
        let mut params = json!({"bucketName": bucket});
        if !key.is_empty() { params["key"] = json!(key); }
        if let Some(table) = table { params["tableName"] = json!(table); }
        let mut event = json!({"eventSource": source, "eventName": name, "userIdentity": identity(who),
            "eventTime": "2026-12-01T00:00:00Z", "awsRegion": "eu-west-1",
            "recipientAccountId": "111122223333", "requestParameters": params});
        if denied { event["errorCode"] = json!("AccessDenied"); }
        event
    }
}

proptest! {
    // 32 cases: each proof is a few thousand evaluations in a debug build
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let usage = aggregate_bytes(&bytes, Limits::default());
        prop_assert!(all_counted(&usage));
        let mut gzipped = vec![0x1f, 0x8b];
        gzipped.extend_from_slice(&bytes);
        let usage = aggregate_bytes(&gzipped, Limits::default());
        prop_assert!(all_counted(&usage));
    }

    #[test]
    fn cloudtrail_shaped_noise_never_panics(text in trail_tokens()) {
        let usage = aggregate_bytes(text.as_bytes(), Limits::default());
        prop_assert!(all_counted(&usage));
        // whatever the callers' ARNs, the report can be made
        prop_assert!(rampart_trail::report(&usage, &std::collections::BTreeMap::new()).is_ok());
    }

    #[test]
    fn every_minimal_policy_passes_its_proof(events in prop::collection::vec(event(), 1..60),
                                             lines in any::<bool>()) {
        let text = if lines {
            events.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
        } else {
            json!({"Records": events}).to_string()
        };
        // a small cap, so widening (objects to BUCKET/*, then *) is exercised
        let limits = Limits { resources_per_action: 3, ..Limits::default() };
        let usage = aggregate_bytes(text.as_bytes(), limits);
        prop_assert_eq!(usage.read.problem_count, 0);
        prop_assert_eq!(usage.counts.events, events.len() as u64);
        prop_assert!(all_counted(&usage));
        // current policies that grant more than was used, so there is something to remove
        let identity_current = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:*", "iam:*", "dynamodb:*"], "Resource": "*"}]});
        let service_current = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "delivery.logs.amazonaws.com"},
             "Action": ["s3:*", "kms:*"], "Resource": "*"}]});
        for principal in usage.principals.values() {
            for used in principal.actions.values() {
                prop_assert!(used.resources.len() <= 3);
            }
            // a service's minimal policy is a resource policy, and so is its current one
            let current = if principal.kind == PrincipalKind::Service {
                &service_current
            } else {
                &identity_current
            };
            let answer = least_privilege(principal, Some(current)).unwrap();
            prop_assert!(answer.proof.holds, "{}: {:?}", principal.principal, answer.proof.failures);
            prop_assert_eq!(answer.proof.observed_checked,
                principal.actions.values().map(|a| a.resources.len()).sum::<usize>());
        }
    }
}
