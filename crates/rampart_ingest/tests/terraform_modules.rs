//! Local modules: inputs, outputs, nesting, `for_each` on modules, address prefixes, root
//! detection (a called folder is not scanned on its own), remote sources (warning, not
//! loaded), and relations joined through module outputs.

use rampart_ingest::{LoadOptions, load_paths};
use rampart_model::{RelationKind, Value};
use std::path::{Path, PathBuf};

fn app() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/terraform/modules_app")
}

fn load() -> rampart_ingest::LoadOutput {
    load_paths(&[app()], &LoadOptions::default())
}

#[test]
fn module_resources_get_prefixed_addresses_and_their_inputs() {
    let out = load();
    let mut addresses: Vec<&str> = out
        .inventory
        .resources()
        .iter()
        .map(|r| r.address.as_str())
        .collect();
    addresses.sort();
    assert_eq!(
        addresses,
        vec![
            "aws_s3_bucket_policy.shop",
            "aws_s3_bucket_versioning.single",
            "aws_ssm_parameter.names",
            "aws_ssm_parameter.vpc",
            "module.single.aws_s3_bucket.this",
            "module.single.module.logs.aws_s3_bucket_logging.this",
            "module.site[\"blog\"].aws_s3_bucket.this",
            "module.site[\"blog\"].module.logs.aws_s3_bucket_logging.this",
            "module.site[\"shop\"].aws_s3_bucket.this",
            "module.site[\"shop\"].module.logs.aws_s3_bucket_logging.this",
        ],
        "each module resource once, never the module folder on its own"
    );
    let shop = out
        .inventory
        .by_address("module.site[\"shop\"].aws_s3_bucket.this")
        .expect("shop bucket");
    assert_eq!(shop.str("bucket"), Some("acme-shop"));
    assert_eq!(shop.str("acl"), Some("public-read"));
    assert_eq!(shop.module, "module.site[\"shop\"]");
    assert!(
        shop.file()
            .is_some_and(|f| f.ends_with("modules/site/main.tf"))
    );
    let single = out
        .inventory
        .by_address("module.single.aws_s3_bucket.this")
        .expect("single bucket");
    assert_eq!(single.str("acl"), Some("private"), "the module's default");
    let logs = out
        .inventory
        .by_address("module.single.module.logs.aws_s3_bucket_logging.this")
        .expect("nested module resource");
    assert_eq!(logs.str("target_prefix"), Some("acme-single/"));
    assert_eq!(
        logs.get("bucket"),
        Some(&Value::unknown_ref("module.single.aws_s3_bucket.this"))
    );
}

#[test]
fn module_outputs_resolve_in_the_caller() {
    let out = load();
    let names = out
        .inventory
        .by_address("aws_ssm_parameter.names")
        .expect("names");
    assert_eq!(names.str("value"), Some("acme-blog,acme-shop"));
    let policy = out
        .inventory
        .by_address("aws_s3_bucket_policy.shop")
        .expect("policy");
    assert_eq!(
        policy.get("bucket"),
        Some(&Value::unknown_ref(
            "module.site[\"shop\"].aws_s3_bucket.this"
        ))
    );
}

#[test]
fn module_input_origin_is_the_call_argument() {
    let out = load();
    let blog = out
        .inventory
        .by_address("module.site[\"blog\"].aws_s3_bucket.this")
        .expect("blog bucket");
    let origin = blog.value_origins.get("bucket").expect("origin of bucket");
    assert!(
        origin.file.ends_with("modules_app/main.tf"),
        "{}",
        origin.file
    );
    assert_eq!(origin.start.line, 11);
    let single = out
        .inventory
        .by_address("module.single.aws_s3_bucket.this")
        .expect("single bucket");
    let origin = single.value_origins.get("acl").expect("origin of acl");
    assert!(origin.file.ends_with("variables.tf"), "{}", origin.file);
}

#[test]
fn remote_module_is_a_warning_and_its_outputs_are_unknown() {
    let out = load();
    let remote: Vec<_> = out
        .errors
        .iter()
        .filter(|e| e.message.contains("is remote and was not loaded"))
        .collect();
    assert_eq!(remote.len(), 1, "{:?}", out.errors);
    assert!(!remote[0].is_error());
    assert!(remote[0].message.contains("`vpc`"));
    assert!(remote[0].message.contains("terraform-aws-modules/vpc/aws"));
    let vpc = out
        .inventory
        .by_address("aws_ssm_parameter.vpc")
        .expect("param");
    assert!(vpc.get("value").is_some_and(Value::is_unknown));
}

#[test]
fn relations_join_through_module_outputs() {
    let out = load();
    let inv = &out.inventory;
    let has = |from: &str, to: &str| {
        let (Some(f), Some(t)) = (inv.id_of(from), inv.id_of(to)) else {
            return false;
        };
        inv.relations()
            .iter()
            .any(|r| r.from == f && r.to == t && r.kind == RelationKind::Configures)
    };
    assert!(has(
        "aws_s3_bucket_versioning.single",
        "module.single.aws_s3_bucket.this"
    ));
    assert!(has(
        "aws_s3_bucket_policy.shop",
        "module.site[\"shop\"].aws_s3_bucket.this"
    ));
    assert!(has(
        "module.site[\"blog\"].module.logs.aws_s3_bucket_logging.this",
        "module.site[\"blog\"].aws_s3_bucket.this"
    ));
}

#[test]
fn module_folder_scanned_alone_is_a_root() {
    let out = load_paths(
        &[app().join("modules/site/modules/logs")],
        &LoadOptions::default(),
    );
    let logs = out
        .inventory
        .by_address("aws_s3_bucket_logging.this")
        .expect("loaded as a root when scanned alone");
    assert!(logs.get("bucket").is_some_and(Value::is_unknown));
}

#[test]
fn sources_include_module_files() {
    let out = load();
    assert!(
        out.sources
            .keys()
            .any(|k| k.ends_with("modules/site/main.tf"))
    );
    assert!(
        out.sources
            .keys()
            .any(|k| k.ends_with("modules/logs/main.tf"))
    );
}
