//! User-defined rules: every operator, three-valued behaviour on Unknown values, relation
//! lookups, wildcards, error messages with file:line for bad rule files, id collisions, and
//! loading from `.rampart/rules/`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_model::span::LineIndex;
use rampart_model::{Inventory, LoadError, Origin, Resource, Value};
use rampart_rules::custom::{compile, load_rule_dirs, parse_rule_file, rule_dirs_for};
use rampart_rules::{EngineOptions, Provider, builtin_rules, run_rules};
use std::sync::Arc;

fn resource(kind: &str, address: &str, attributes: serde_json::Value) -> Resource {
    let file: Arc<str> = Arc::from("main.tf");
    let text = "resource {}\n";
    let span = LineIndex::new(text).span(&file, text, 0, text.len());
    let mut r = Resource::new(kind, address, Origin::Code { span });
    if let Value::Map(m) = Value::from_json(&attributes) {
        r.attributes = m;
    }
    r
}

/// Compiles the rule text (one rule) and returns the addresses it reports.
fn reported(rule_yaml: &str, resources: Vec<Resource>) -> Vec<String> {
    let (specs, errors) = parse_rule_file("rule.yaml", rule_yaml);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(specs.len(), 1);
    let rule = compile(specs.into_iter().next().unwrap());
    let inventory = Inventory::new(resources);
    run_rules(&inventory, &[rule], &EngineOptions::default())
        .into_iter()
        .map(|f| f.address)
        .collect()
}

/// A rule on `test_thing` whose violation is the given condition (YAML, indented by 2).
fn rule_with(condition: &str) -> String {
    format!(
        "id: ACME-T-001\ntitle: test\nseverity: low\ncategory: data\nresource_kinds: [test_thing]\nviolation_when:\n{condition}"
    )
}

fn things(values: &[(&str, serde_json::Value)]) -> Vec<Resource> {
    values
        .iter()
        .map(|(name, attrs)| resource("test_thing", &format!("test_thing.{name}"), attrs.clone()))
        .collect()
}

fn unknown_thing(name: &str, attribute: &str) -> Resource {
    let mut r = resource(
        "test_thing",
        &format!("test_thing.{name}"),
        serde_json::json!({}),
    );
    r.attributes.insert(attribute.to_string(), Value::unknown());
    r
}

/// (condition, resources by name and attributes, addresses expected to be reported)
type Case<'a> = (&'a str, &'a [(&'a str, serde_json::Value)], &'a [&'a str]);

#[test]
fn every_operator_reports_exactly_the_matching_resources() {
    use serde_json::json;
    let cases: &[Case] = &[
        (
            "  attribute: acl\n  equals: public-read",
            &[
                ("a", json!({"acl": "public-read"})),
                ("b", json!({"acl": "private"})),
                ("c", json!({})),
            ],
            &["test_thing.a"],
        ),
        (
            "  attribute: enabled\n  equals: true",
            &[
                ("a", json!({"enabled": true})),
                ("b", json!({"enabled": "true"})),
                ("c", json!({"enabled": false})),
            ],
            &["test_thing.a", "test_thing.b"],
        ),
        (
            "  attribute: port\n  equals: 22",
            &[
                ("a", json!({"port": 22})),
                ("b", json!({"port": "22"})),
                ("c", json!({"port": 23})),
            ],
            &["test_thing.a", "test_thing.b"],
        ),
        (
            "  attribute: status\n  not_equals: Enabled",
            &[
                ("a", json!({"status": "Enabled"})),
                ("b", json!({"status": "Suspended"})),
                ("c", json!({})),
            ],
            &["test_thing.b", "test_thing.c"],
        ),
        (
            "  attribute: region\n  in: [us-east-1, us-west-2]",
            &[
                ("a", json!({"region": "us-east-1"})),
                ("b", json!({"region": "eu-west-1"})),
            ],
            &["test_thing.a"],
        ),
        (
            "  attribute: region\n  not_in: [eu-west-1, eu-central-1]",
            &[
                ("a", json!({"region": "us-east-1"})),
                ("b", json!({"region": "eu-west-1"})),
            ],
            &["test_thing.a"],
        ),
        (
            "  attribute: tags.owner\n  absent: true",
            &[
                ("a", json!({"tags": {"owner": "x"}})),
                ("b", json!({"tags": {}})),
                ("c", json!({})),
            ],
            &["test_thing.b", "test_thing.c"],
        ),
        (
            "  attribute: kms_key_id\n  exists: true",
            &[
                ("a", json!({"kms_key_id": "k"})),
                ("b", json!({"kms_key_id": null})),
                ("c", json!({})),
            ],
            &["test_thing.a"],
        ),
        (
            "  attribute: kms_key_id\n  exists: false",
            &[
                ("a", json!({"kms_key_id": "k"})),
                ("b", json!({"kms_key_id": null})),
            ],
            &["test_thing.b"],
        ),
        (
            "  attribute: days\n  less_than: 90",
            &[
                ("a", json!({"days": 30})),
                ("b", json!({"days": 90})),
                ("c", json!({"days": "7"})),
                ("d", json!({"days": "x"})),
            ],
            &["test_thing.a", "test_thing.c"],
        ),
        (
            "  attribute: days\n  less_or_equal: 90",
            &[("a", json!({"days": 90})), ("b", json!({"days": 91}))],
            &["test_thing.a"],
        ),
        (
            "  attribute: days\n  greater_than: 90",
            &[("a", json!({"days": 90})), ("b", json!({"days": 91}))],
            &["test_thing.b"],
        ),
        (
            "  attribute: days\n  greater_or_equal: 90",
            &[("a", json!({"days": 90})), ("b", json!({"days": 89}))],
            &["test_thing.a"],
        ),
        (
            "  attribute: name\n  matches: '^prod-'",
            &[
                ("a", json!({"name": "prod-db"})),
                ("b", json!({"name": "dev-prod-db"})),
            ],
            &["test_thing.a"],
        ),
        (
            "  attribute: actions\n  contains: 's3:*'",
            &[
                ("a", json!({"actions": ["s3:GetObject", "s3:*"]})),
                ("b", json!({"actions": ["s3:GetObject"]})),
            ],
            &["test_thing.a"],
        ),
        (
            "  attribute: description\n  contains: TODO",
            &[
                ("a", json!({"description": "a TODO here"})),
                ("b", json!({"description": "done"})),
            ],
            &["test_thing.a"],
        ),
        (
            "  attribute: tags\n  contains: owner",
            &[
                ("a", json!({"tags": {"owner": "x"}})),
                ("b", json!({"tags": {"team": "x"}})),
            ],
            &["test_thing.a"],
        ),
        (
            "  attribute: cidr_blocks\n  cidr_contains: 8.8.8.8",
            &[
                ("a", json!({"cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"]})),
                ("b", json!({"cidr_blocks": ["10.0.0.0/8"]})),
            ],
            &["test_thing.a"],
        ),
        (
            "  attribute: cidr\n  cidr_contains: 10.1.0.0/16",
            &[
                ("a", json!({"cidr": "10.0.0.0/8"})),
                ("b", json!({"cidr": "10.2.0.0/16"})),
                ("c", json!({"cidr": "sg-123"})),
            ],
            &["test_thing.a"],
        ),
        (
            "  attribute: cidr_blocks\n  cidr_is_public: true",
            &[
                ("a", json!({"cidr_blocks": ["203.0.114.0/24"]})),
                (
                    "b",
                    json!({"cidr_blocks": ["10.0.0.0/8", "192.168.1.0/24"]}),
                ),
                ("c", json!({"cidr_blocks": ["0.0.0.0/0"]})),
                ("d", json!({"cidr_blocks": ["::/0"]})),
            ],
            &["test_thing.a", "test_thing.c", "test_thing.d"],
        ),
        (
            "  attribute: cidr\n  cidr_is_public: false",
            &[
                ("a", json!({"cidr": "172.16.4.0/24"})),
                ("b", json!({"cidr": "8.8.8.8"})),
                ("c", json!({"cidr": "not-a-cidr"})),
            ],
            &["test_thing.a"],
        ),
    ];
    for (condition, resources, expected) in cases {
        let got = reported(&rule_with(condition), things(resources));
        assert_eq!(got, *expected, "condition:\n{condition}");
    }
}

#[test]
fn combinators_and_wildcard_quantifiers() {
    use serde_json::json;
    let resources = things(&[
        (
            "a",
            json!({"ingress": [{"from_port": 22, "cidr": "0.0.0.0/0"}, {"from_port": 443, "cidr": "10.0.0.0/8"}]}),
        ),
        (
            "b",
            json!({"ingress": [{"from_port": 443, "cidr": "0.0.0.0/0"}]}),
        ),
        ("c", json!({"ingress": []})),
    ]);
    // any ingress block that is public AND on port 22: `all` inside one item is not expressible
    // by two independent wildcards, so this asks "some public block" and "some port-22 block"
    let cond = "  all:\n    - attribute: ingress[*].cidr\n      cidr_is_public: true\n    - attribute: ingress[*].from_port\n      equals: 22\n";
    assert_eq!(
        reported(&rule_with(cond), resources.clone()),
        ["test_thing.a"]
    );
    // every ingress block is public: vacuously true for an empty list
    let all = "  attribute: ingress[*].cidr\n  quantifier: all\n  cidr_is_public: true\n";
    assert_eq!(
        reported(&rule_with(all), resources.clone()),
        ["test_thing.b", "test_thing.c"]
    );
    // no block on port 443
    let none = "  attribute: ingress.*.from_port\n  quantifier: none\n  equals: 443\n";
    assert_eq!(
        reported(&rule_with(none), resources.clone()),
        ["test_thing.c"]
    );
    let any_not = "  any:\n    - not:\n        attribute: ingress[0].from_port\n        equals: 22\n    - attribute: ingress\n      equals: []\n";
    assert_eq!(
        reported(&rule_with(any_not), resources),
        ["test_thing.b", "test_thing.c"]
    );
}

#[test]
fn unknown_values_never_produce_findings_unless_the_rest_decides() {
    let unknown = vec![unknown_thing("u", "acl")];
    for condition in [
        "  attribute: acl\n  equals: public-read",
        "  attribute: acl\n  not_equals: private",
        "  attribute: acl\n  absent: true",
        "  attribute: acl\n  exists: true",
        "  not:\n    attribute: acl\n    equals: private",
        "  attribute: acl.grant[*].uri\n  matches: AllUsers",
        "  any:\n    - attribute: acl\n      equals: x\n    - attribute: other\n      equals: 1",
    ] {
        assert!(
            reported(&rule_with(condition), unknown.clone()).is_empty(),
            "{condition}"
        );
    }
    // a definitely-true branch decides an `any`, a definitely-false branch decides an `all`
    let mut r = unknown_thing("u", "acl");
    r.attributes.insert("other".into(), Value::Number(1.0));
    let any =
        "  any:\n    - attribute: acl\n      equals: x\n    - attribute: other\n      equals: 1";
    assert_eq!(reported(&rule_with(any), vec![r.clone()]), ["test_thing.u"]);
    let all = "  not:\n    all:\n      - attribute: acl\n        equals: x\n      - attribute: other\n        equals: 2";
    assert_eq!(reported(&rule_with(all), vec![r]), ["test_thing.u"]);
}

const VERSIONING_RULE: &str = r#"
id: ACME-S3-001
title: bucket versioning is not enabled by a separate resource
severity: medium
category: data
resource_kinds: [aws_s3_bucket]
violation_when:
  related:
    kind: aws_s3_bucket_versioning
    quantifier: none
    condition:
      attribute: versioning_configuration.status
      equals: Enabled
"#;

#[test]
fn related_lookups_follow_joined_relations_and_treat_unresolved_pointers_as_maybe() {
    use serde_json::json;
    let inventory = vec![
        resource("aws_s3_bucket", "aws_s3_bucket.on", json!({"bucket": "on"})),
        resource(
            "aws_s3_bucket",
            "aws_s3_bucket.off",
            json!({"bucket": "off"}),
        ),
        resource(
            "aws_s3_bucket",
            "aws_s3_bucket.none",
            json!({"bucket": "none"}),
        ),
        resource(
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_versioning.on",
            json!({"bucket": "on", "versioning_configuration": [{"status": "Enabled"}]}),
        ),
        resource(
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_versioning.off",
            json!({"bucket": "off", "versioning_configuration": [{"status": "Suspended"}]}),
        ),
    ];
    assert_eq!(
        reported(VERSIONING_RULE, inventory.clone()),
        ["aws_s3_bucket.none", "aws_s3_bucket.off"]
    );

    // a versioning resource whose `bucket` is a reference to something not loaded may belong
    // to any bucket (even `off`, which might have a second one): no bucket is definitely
    // unversioned any more
    let mut maybe = resource(
        "aws_s3_bucket_versioning",
        "aws_s3_bucket_versioning.m",
        json!({"versioning_configuration": [{"status": "Enabled"}]}),
    );
    maybe
        .attributes
        .insert("bucket".into(), Value::unknown_ref("module.x.bucket_id"));
    let mut with_maybe = inventory.clone();
    with_maybe.push(maybe);
    assert!(reported(VERSIONING_RULE, with_maybe).is_empty());

    // `any` without a condition: has some public access block
    let has_block = VERSIONING_RULE
        .replace("aws_s3_bucket_versioning", "aws_s3_bucket_public_access_block")
        .replace("quantifier: none\n    condition:\n      attribute: versioning_configuration.status\n      equals: Enabled\n", "quantifier: any\n");
    let mut blocks = inventory;
    blocks.push(resource(
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_public_access_block.on",
        json!({"bucket": "on"}),
    ));
    assert_eq!(reported(&has_block, blocks), ["aws_s3_bucket.on"]);
}

#[test]
fn uses_lookups_follow_outgoing_relations() {
    use serde_json::json;
    let rule = r#"
id: ACME-EC2-001
title: instance uses an open security group
severity: high
category: network
resource_kinds: [aws_instance]
violation_when:
  uses:
    kind: aws_security_group
    condition:
      attribute: ingress[*].cidr_blocks
      cidr_is_public: true
"#;
    let inventory = vec![
        resource(
            "aws_security_group",
            "aws_security_group.open",
            json!({"id": "sg-open", "ingress": [{"cidr_blocks": ["0.0.0.0/0"]}]}),
        ),
        resource(
            "aws_security_group",
            "aws_security_group.closed",
            json!({"id": "sg-closed", "ingress": [{"cidr_blocks": ["10.0.0.0/8"]}]}),
        ),
        resource(
            "aws_instance",
            "aws_instance.a",
            json!({"vpc_security_group_ids": ["sg-open"]}),
        ),
        resource(
            "aws_instance",
            "aws_instance.b",
            json!({"vpc_security_group_ids": ["sg-closed"]}),
        ),
    ];
    assert_eq!(reported(rule, inventory), ["aws_instance.a"]);
}

fn errors_of(text: &str) -> Vec<LoadError> {
    let (_, errors) = parse_rule_file("bad.yaml", text);
    errors
}

#[test]
fn bad_rule_files_give_file_line_and_a_hint() {
    let typo = "id: X-1\ntitle: t\nseverity: low\ncategory: data\nresource_kinds: [a]\nviolation_when:\n  attribute: x\n  equal: 1\n";
    let e = errors_of(typo);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].file.as_str(), e[0].line), ("bad.yaml", 8));
    assert!(
        e[0].message.contains("unknown key `equal`") && e[0].message.contains("equals"),
        "{}",
        e[0]
    );

    let regex = typo.replace("  equal: 1", "  matches: '(unclosed'");
    let e = errors_of(&regex);
    assert_eq!(e[0].line, 8);
    assert!(
        e[0].message.contains("invalid regular expression"),
        "{}",
        e[0]
    );

    let severity = typo.replace("severity: low", "severity: severe");
    assert_eq!(errors_of(&severity)[0].line, 3);
    assert!(errors_of(&severity)[0].message.contains("critical, high"));

    let two_ops = typo.replace("  equal: 1", "  equals: 1\n  exists: true");
    let e = errors_of(&two_ops);
    assert_eq!(e[0].line, 9);
    assert!(e[0].message.contains("second operator"), "{}", e[0]);

    let cidr = typo.replace("  equal: 1", "  cidr_contains: 10.0.0.0/99");
    assert!(errors_of(&cidr)[0].message.contains("CIDR"));

    let missing = "id: X-1\ntitle: t\nseverity: low\ncategory: data\nresource_kinds: [a]\n";
    assert!(
        errors_of(missing)[0]
            .message
            .contains("lacks `violation_when`")
    );

    let syntax = "id: X-1\ntitle: [unclosed\n";
    let e = errors_of(syntax);
    assert_eq!(e.len(), 1);
    assert!(
        e[0].message.contains("invalid YAML") && e[0].line >= 2,
        "{}",
        e[0]
    );

    // one bad rule in a list does not hide the good one
    let list = format!(
        "- {}\n- id: BAD\n  title: t\n",
        rule_with("  attribute: a\n  exists: true").replace('\n', "\n  ")
    );
    let (specs, errors) = parse_rule_file("list.yaml", &list);
    assert_eq!(specs.len(), 1);
    assert_eq!(errors.len(), 1);
}

#[test]
fn user_rules_cannot_take_builtin_ids_or_aliases_and_load_from_rampart_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(".rampart/rules");
    std::fs::create_dir_all(&dir).unwrap();
    let good = rule_with("  attribute: a\n  exists: true");
    std::fs::write(dir.join("a.yaml"), &good).unwrap();
    std::fs::write(dir.join("b.yml"), good.replace("ACME-T-001", "AWS-EBS-001")).unwrap();
    let alias = good
        .replace("ACME-T-001", "ACME-T-002")
        .replace("title: test", "title: test\naliases: [CKV_AWS_3]");
    std::fs::write(dir.join("c.yaml"), alias).unwrap();
    std::fs::write(dir.join("d.yaml"), &good).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a rule").unwrap();

    let dirs = rule_dirs_for(&[tmp.path().to_path_buf()], &[]);
    assert!(
        dirs.iter().any(|d| d.ends_with(".rampart/rules")),
        "{dirs:?}"
    );
    let loaded = load_rule_dirs(std::slice::from_ref(&dir), &builtin_rules());
    let ids: Vec<&str> = loaded.rules.iter().map(|r| r.id).collect();
    assert_eq!(ids, ["ACME-T-001"]);
    assert!(loaded.rules.iter().all(|r| r.provider == Provider::Custom));
    let messages: Vec<String> = loaded.errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages[0].contains("b.yml:1:1") && messages[0].contains("`AWS-EBS-001`"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("`CKV_AWS_3` is already used by rule `AWS-EBS-001`"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("d.yaml") && messages[2].contains("`ACME-T-001`"),
        "{messages:?}"
    );
}

#[test]
fn findings_point_at_the_tested_attribute_and_use_the_message_template() {
    let text = "resource \"test_thing\" \"a\" {\n  acl = \"public-read\"\n}\n";
    let file: Arc<str> = Arc::from("main.tf");
    let idx = LineIndex::new(text);
    let mut r = Resource::new(
        "test_thing",
        "test_thing.a",
        Origin::Code {
            span: idx.span(&file, text, 0, text.len()),
        },
    );
    r.attributes
        .insert("acl".into(), Value::from("public-read"));
    r.attribute_spans
        .insert("acl".into(), idx.span(&file, text, 29, 49));
    let yaml = rule_with("  attribute: acl\n  equals: public-read").replace(
        "title: test",
        "title: test\nmessage: \"{kind} `{address}` is public\"",
    );
    let (specs, _) = parse_rule_file("r.yaml", &yaml);
    let rule = compile(specs.into_iter().next().unwrap());
    let findings = run_rules(&Inventory::new(vec![r]), &[rule], &EngineOptions::default());
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].line(), Some(2));
    assert_eq!(findings[0].attribute.as_deref(), Some("acl"));
    assert_eq!(findings[0].message, "test_thing `test_thing.a` is public");
    assert_eq!(findings[0].rule_id, "ACME-T-001");
}
