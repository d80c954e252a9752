//! Two root modules of one repository may declare the same address; references and relations
//! must stay inside their own root.

use rampart_ingest::{LoadOptions, load_paths};
use rampart_model::RelationKind;

#[test]
fn relations_never_cross_root_modules() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    // the versioned bucket lives in the second root: a global lookup would find root a's first
    std::fs::write(
        b.join("main.tf"),
        "resource \"aws_s3_bucket\" \"b\" {}\nresource \"aws_s3_bucket_versioning\" \"v\" {\n  bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n",
    )
    .unwrap();
    std::fs::write(a.join("main.tf"), "resource \"aws_s3_bucket\" \"b\" {}\n").unwrap();
    let out = load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
    let inv = &out.inventory;
    let buckets: Vec<_> = inv.of_kind("aws_s3_bucket").collect();
    assert_eq!(buckets.len(), 2, "both roots' buckets are loaded");
    assert_ne!(buckets[0].scope, buckets[1].scope);
    let versioned: Vec<_> = buckets
        .iter()
        .filter(|b| b.related("aws_s3_bucket_versioning").next().is_some())
        .collect();
    assert_eq!(versioned.len(), 1, "only root b's bucket has versioning");
    assert!(
        versioned[0].scope.ends_with('b'),
        "joined to the bucket of its own root: {}",
        versioned[0].scope
    );
    assert!(
        inv.relations()
            .iter()
            .all(|r| r.kind == RelationKind::Configures)
    );
}
