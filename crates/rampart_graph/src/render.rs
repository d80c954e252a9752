//! The graph in three formats: DOT (Graphviz), JSON, and Cypher `CREATE` statements that
//! load into Neo4j. Each is built by a serializer or an escaping function written once here,
//! never by pasting unescaped names.
//!
//! Nodes on an attack path carry `on_path` and the path's score, so "path membership raises
//! priority" is visible in every output. Must never: emit a name or detail unescaped.

use crate::graph::{Graph, NodeId};
use crate::paths::{AttackPath, path_membership};
use rampart_model::Truth;
use serde_json::{Value as Json, json};
use std::collections::HashMap;
use std::fmt::Write as _;

fn truth_text(t: Truth) -> &'static str {
    match t {
        Truth::True => "true",
        Truth::False => "false",
        Truth::Unknown => "unknown",
    }
}

fn membership(g: &Graph, paths: &[AttackPath]) -> HashMap<NodeId, f32> {
    let by_name = path_membership(paths);
    let mut out = HashMap::new();
    for p in paths {
        for h in &p.hops {
            if let Some(n) = h.node
                && let Some(s) = by_name.get(g.name(n))
            {
                out.insert(n, *s);
            }
        }
    }
    out
}

/// A DOT string literal.
fn dot_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Graphviz DOT. Nodes on an attack path are drawn red; undecided edges dashed.
pub fn render_dot(g: &Graph, paths: &[AttackPath]) -> String {
    let on = membership(g, paths);
    let mut out = String::from(
        "digraph rampart {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n",
    );
    for (i, n) in g.nodes().iter().enumerate() {
        let id = i as NodeId;
        let label = format!("{}\n{}", n.kind.label(), g.name(id));
        let style = match on.get(&id) {
            Some(score) => format!(
                ", color=red, penwidth=2, tooltip={}",
                dot_str(&format!("on an attack path, score {score}"))
            ),
            None => String::new(),
        };
        let _ = writeln!(out, "  n{i} [label={}{style}];", dot_str(&label));
    }
    for e in g.edges() {
        let dashed = if e.truth == Truth::Unknown {
            ", style=dashed"
        } else {
            ""
        };
        let label = match g.detail(e) {
            "" => e.kind.label().to_string(),
            d => format!("{} {d}", e.kind.label()),
        };
        let _ = writeln!(
            out,
            "  n{} -> n{} [label={}{dashed}];",
            e.from,
            e.to,
            dot_str(&label)
        );
    }
    out.push_str("}\n");
    out
}

/// The graph and its paths as one JSON document:
/// `{"nodes": [{id, kind, name, sensitivity?, on_path?}], "edges": [{from, to, kind, truth, detail}], "paths": [...]}`.
pub fn render_json(g: &Graph, paths: &[AttackPath]) -> String {
    let on = membership(g, paths);
    let nodes: Vec<Json> = g
        .nodes()
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let id = i as NodeId;
            let mut o = json!({"id": id, "kind": n.kind, "name": g.name(id)});
            if let Some(m) = o.as_object_mut() {
                if let Some(s) = g.sensitivity(id) {
                    m.insert("sensitivity".into(), json!(s));
                }
                if let Some(sev) = g.vulnerability_severity(id) {
                    m.insert("severity".into(), json!(sev));
                }
                if let Some(score) = on.get(&id) {
                    m.insert("on_path".into(), json!(true));
                    m.insert("path_score".into(), json!(score));
                }
            }
            o
        })
        .collect();
    let edges: Vec<Json> = g
        .edges()
        .iter()
        .map(|e| json!({"from": e.from, "to": e.to, "kind": e.kind, "truth": truth_text(e.truth), "detail": g.detail(e)}))
        .collect();
    let doc = json!({"nodes": nodes, "edges": edges, "paths": paths, "notes": g.notes});
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// A Cypher string literal (single-quoted, backslash escapes as openCypher defines them).
pub fn cypher_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Cypher that loads the graph into Neo4j: one `CREATE` per node (label = node kind, plus
/// `:OnPath` for nodes on an attack path), then one `MATCH … CREATE` per edge
/// (relationship type = edge kind). Every statement ends with `;`.
pub fn render_cypher(g: &Graph, paths: &[AttackPath]) -> String {
    let on = membership(g, paths);
    let mut out = String::new();
    for (i, n) in g.nodes().iter().enumerate() {
        let id = i as NodeId;
        let mut props = format!("id: {i}, name: {}", cypher_str(g.name(id)));
        if let Some(s) = g.sensitivity(id) {
            let _ = write!(
                props,
                ", sensitivity: {}",
                cypher_str(&format!("{:?}", s.class).to_lowercase())
            );
        }
        if let Some(sev) = g.vulnerability_severity(id) {
            let _ = write!(
                props,
                ", severity: {}",
                cypher_str(&format!("{sev:?}").to_lowercase())
            );
        }
        let mut labels = format!(":{}", n.kind.label());
        if let Some(score) = on.get(&id) {
            labels.push_str(":OnPath");
            let _ = write!(props, ", path_score: {score:.1}");
        }
        let _ = writeln!(out, "CREATE (n{i}{labels} {{{props}}});");
    }
    for e in g.edges() {
        let _ = writeln!(
            out,
            "MATCH (a {{id: {}}}), (b {{id: {}}}) CREATE (a)-[:{} {{truth: {}, detail: {}}}]->(b);",
            e.from,
            e.to,
            e.kind.label(),
            cypher_str(truth_text(e.truth)),
            cypher_str(g.detail(e))
        );
    }
    out
}

/// The paths for people, one block per path.
pub fn render_paths_text(paths: &[AttackPath]) -> String {
    let mut out = String::new();
    for p in paths {
        let state = if p.decided { "" } else { " [undecided]" };
        let _ = writeln!(out, "{} {} (score {}){state}", p.id, p.title, p.score);
        for (i, h) in p.hops.iter().enumerate() {
            let mark = if i == p.break_at.hop {
                " <- break here"
            } else {
                ""
            };
            let t = if h.truth == Truth::Unknown {
                " (undecided)"
            } else {
                ""
            };
            let detail = if h.detail.is_empty() {
                String::new()
            } else {
                format!(": {}", h.detail)
            };
            let _ = writeln!(out, "  {i}. {:?} {}{detail}{t}{mark}", h.kind, h.name);
        }
        let rule = p
            .break_at
            .rule_id
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        let _ = writeln!(out, "  fix: {}{rule}\n", p.break_at.remediation);
    }
    out
}

/// The paths alone as JSON (what `rampart paths --format json` prints).
pub fn render_paths_json(paths: &[AttackPath]) -> String {
    serde_json::to_string_pretty(&json!({"paths": paths})).unwrap_or_default()
}
