//! Load-time measurement of one large template (not run by default): it generates a template
//! of `RAMPART_CFN_BENCH_RESOURCES` buckets and security groups (default 3,000 of each,
//! about 2 MB) and times parsing alone and the whole load. Run
//! `cargo test -p rampart_ingest --test cloudformation_bench -- --ignored --nocapture`.

use rampart_ingest::LoadOptions;
use rampart_ingest::documents::load_document_text;
use saphyr::{LoadableYamlNode, MarkedYaml};
use std::time::Instant;

fn template(n: usize) -> String {
    let mut t = String::from(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Env:\n    Type: String\n    Default: prod\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n",
    );
    for i in 0..n {
        t.push_str(&format!(
            "  Bucket{i}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub \"data-${{Env}}-{i}\"\n      VersioningConfiguration:\n        Status: !If [IsProd, Enabled, Suspended]\n      PublicAccessBlockConfiguration:\n        BlockPublicAcls: true\n        RestrictPublicBuckets: true\n  Sg{i}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g{i}\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: 0.0.0.0/0\n"
        ));
    }
    t
}

#[test]
#[ignore = "a measurement; see the module doc"]
fn large_template_load_speed() {
    let n = std::env::var("RAMPART_CFN_BENCH_RESOURCES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000);
    let text = template(n);
    let t = Instant::now();
    let docs = MarkedYaml::load_from_str(&text).map(|d| d.len());
    let parse = t.elapsed();
    let t = Instant::now();
    let out = load_document_text("big.yaml", &text, &LoadOptions::default());
    let load = t.elapsed();
    println!(
        "{} bytes, {docs:?} document(s): saphyr parse {parse:?}; whole load {load:?} -> {} resources, {} errors",
        text.len(),
        out.resources.len(),
        out.errors.len()
    );
    assert_eq!(out.resources.len(), 4 * n);
}
