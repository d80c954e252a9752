//! The renderers' output is read back by the real tools: DOT by Graphviz (`dot -Tsvg`), Cypher
//! by the openCypher ANTLR4 grammar (`tests/support/cypher_roundtrip.py`, PyPI
//! `antlr4-cypher`), JSON by serde. Neither test skips when its tool is missing: CI installs
//! graphviz and `antlr4-cypher==0.1.2` (see docs/attack-paths.md).

#![allow(clippy::panic, clippy::expect_used)] // test helpers: a missing fixture or tool fails the test

use rampart_graph::{
    BuildOptions, Graph, NodeKind, import_trivy, render_cypher, render_dot, render_json,
};
use rampart_ingest::{LoadOptions, load_paths};
use std::io::Write;

// the venv helper the feed tests use: created under a file lock when missing, never skipped
#[path = "../../rampart_report/tests/report_formats/python_venv.rs"]
#[allow(dead_code)] // the feed tests' other helpers
mod python_venv;

/// A python with the openCypher ANTLR grammar (`antlr4-cypher`, from PyPI), or the one
/// `RAMPART_CYPHER_PYTHON` names.
fn cypher_python() -> String {
    std::env::var("RAMPART_CYPHER_PYTHON").unwrap_or_else(|_| {
        python_venv::python(
            "rampart-cypher-venv",
            &["antlr4-cypher==0.1.2"],
            "import antlr4, antlr4_cypher",
        )
        .display()
        .to_string()
    })
}
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn graph() -> (Graph, Vec<rampart_graph::AttackPath>) {
    let loaded = load_paths(&[fixtures().join("toxic")], &LoadOptions::default());
    let trivy = std::fs::read_to_string(fixtures().join("trivy.json")).unwrap_or_default();
    let options = BuildOptions {
        vulnerabilities: import_trivy(&trivy).unwrap_or_default(),
        ..BuildOptions::default()
    };
    let g = Graph::build(&loaded.inventory, &options);
    let paths = g.toxic_paths();
    (g, paths)
}

/// Runs `program args` with `input` on stdin; panics with its stderr when it fails or is missing.
fn run(program: &str, args: &[&str], input: &str) -> String {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "`{program}` could not start ({e}); CI must install it (see docs/attack-paths.md)"
            )
        });
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "`{program}` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn dot_renders_with_graphviz() {
    let (g, paths) = graph();
    let dot = render_dot(&g, &paths);
    let svg = run("dot", &["-Tsvg"], &dot);
    assert!(svg.contains("<svg"), "{svg}");
    // every node is drawn, and nodes on a path are red
    assert_eq!(svg.matches("class=\"node\"").count(), g.node_count());
    assert!(svg.contains("aws_instance.web"));
    assert!(dot.contains("color=red"));
}

#[test]
fn dot_escapes_hostile_names() {
    let inv = rampart_model::Inventory::new(vec![rampart_model::Resource::new(
        "aws_s3_bucket",
        "aws_s3_bucket.x[\"a\\\"}; digraph { evil\"]",
        rampart_model::Origin::Live {
            provider: "aws".into(),
            account: "1".into(),
            region: "r".into(),
            id: "i".into(),
        },
    )]);
    let g = Graph::build(&inv, &BuildOptions::default());
    let svg = run("dot", &["-Tsvg"], &render_dot(&g, &[]));
    assert_eq!(svg.matches("class=\"node\"").count(), g.node_count());
}

#[test]
fn cypher_round_trips_through_an_opencypher_parser() {
    let (g, paths) = graph();
    let cypher = render_cypher(&g, &paths);
    let script = fixtures().join("../support/cypher_roundtrip.py");
    let python = cypher_python();
    let out = run(&python, &[&script.to_string_lossy()], &cypher);
    let parsed: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let nodes = parsed["nodes"].as_array().cloned().unwrap_or_default();
    let rels = parsed["relationships"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(nodes.len(), g.node_count());
    assert_eq!(rels.len(), g.edge_count());
    for (i, n) in g.nodes().iter().enumerate() {
        let back = &nodes[i];
        assert_eq!(back["props"]["id"], i);
        assert_eq!(
            back["props"]["name"],
            g.name(i as u32),
            "names survive escaping"
        );
        assert_eq!(back["labels"][0], n.kind.label());
    }
    for (e, back) in g.edges().iter().zip(&rels) {
        assert_eq!(back["from_id"], e.from);
        assert_eq!(back["to_id"], e.to);
        assert_eq!(back["type"], e.kind.label());
        assert_eq!(back["props"]["detail"], g.detail(e));
    }
    // path membership is a label
    let web = g.find("aws_instance.web").unwrap_or(u32::MAX) as usize;
    assert!(
        nodes[web]["labels"]
            .as_array()
            .is_some_and(|l| l.iter().any(|x| x == "OnPath"))
    );
}

#[test]
fn cypher_escapes_quotes_and_backslashes() {
    let name = "aws_s3_bucket.x[\"it's\\n\"]";
    let inv = rampart_model::Inventory::new(vec![rampart_model::Resource::new(
        "aws_s3_bucket",
        name,
        rampart_model::Origin::Live {
            provider: "aws".into(),
            account: "1".into(),
            region: "r".into(),
            id: "i".into(),
        },
    )]);
    let g = Graph::build(&inv, &BuildOptions::default());
    let script = fixtures().join("../support/cypher_roundtrip.py");
    let python = cypher_python();
    let out = run(
        &python,
        &[&script.to_string_lossy()],
        &render_cypher(&g, &[]),
    );
    let parsed: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed["nodes"][1]["props"]["name"], name);
}

#[test]
fn json_holds_nodes_edges_and_paths() {
    let (g, paths) = graph();
    let json: serde_json::Value =
        serde_json::from_str(&render_json(&g, &paths)).unwrap_or_default();
    assert_eq!(json["nodes"].as_array().map(Vec::len), Some(g.node_count()));
    assert_eq!(json["edges"].as_array().map(Vec::len), Some(g.edge_count()));
    assert_eq!(json["paths"].as_array().map(Vec::len), Some(paths.len()));
    let customers = json["nodes"]
        .as_array()
        .and_then(|n| n.iter().find(|n| n["name"] == "aws_s3_bucket.customers"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(customers["kind"], "data_store");
    assert_eq!(customers["sensitivity"]["class"], "confidential");
    assert_eq!(customers["on_path"], true);
    let internet = json["nodes"][0].clone();
    assert_eq!(internet["kind"], "internet");
    assert!(g.nodes().iter().any(|n| n.kind == NodeKind::Vulnerability));
}

#[test]
fn paths_render_as_text_and_json_with_their_break_point() {
    let (_, paths) = graph();
    let text = rampart_graph::render_paths_text(&paths);
    assert!(text.contains("PATH-001 internet-exposed compute"));
    assert!(text.contains("<- break here"));
    assert!(text.contains("fix: remove 0.0.0.0/0 and ::/0 from the security group rule that admits the port (AWS-EC2-005)"));
    let json: serde_json::Value =
        serde_json::from_str(&rampart_graph::render_paths_json(&paths)).unwrap_or_default();
    let first = &json["paths"][0];
    assert_eq!(first["id"], paths[0].id);
    assert_eq!(first["break_at"]["hop"], paths[0].break_at.hop);
    assert_eq!(
        first["hops"].as_array().map(Vec::len),
        Some(paths[0].hops.len())
    );
    assert_eq!(first["decided"], true);
}
