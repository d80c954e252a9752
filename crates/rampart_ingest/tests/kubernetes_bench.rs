//! Load-time measurement of the manifest loader on a generated multi-document stream (not run
//! by default): `cargo test [--release] -p rampart_ingest --test kubernetes_bench -- --ignored
//! --nocapture`. `RAMPART_K8S_BENCH_DOCS` sets the number of Deployments (default 5,000).

#![allow(clippy::expect_used, clippy::panic)] // test helpers

use rampart_ingest::kubernetes::load_text;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

fn stream(docs: usize) -> String {
    let mut text = String::new();
    for i in 0..docs {
        let _ = write!(
            text,
            "---\n# Source: chart/templates/deployment-{i}.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{i}\n  namespace: ns-{}\n  labels: {{app: web-{i}}}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {{app: web-{i}}}\n  template:\n    metadata:\n      labels: {{app: web-{i}}}\n    spec:\n      securityContext: {{runAsNonRoot: true}}\n      containers:\n        - name: web\n          image: registry.example.com/web:1.{i}\n          ports: [{{containerPort: 8080}}]\n          resources:\n            limits: {{cpu: 500m, memory: 256Mi}}\n          securityContext:\n            allowPrivilegeEscalation: false\n            capabilities: {{drop: [ALL]}}\n",
            i % 20
        );
    }
    text
}

#[test]
#[ignore = "a measurement; see the module doc"]
fn load_text_speed() {
    let docs: usize = std::env::var("RAMPART_K8S_BENCH_DOCS")
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or(5_000);
    let text = stream(docs);
    for round in 0..3 {
        let t = Instant::now();
        let out = load_text(&Arc::from("bench.yaml"), &text);
        assert_eq!(out.resources.len(), docs);
        println!(
            "round {round}: {docs} deployments ({:.1} MB) in {:.2?}",
            text.len() as f64 / 1e6,
            t.elapsed()
        );
    }
}
