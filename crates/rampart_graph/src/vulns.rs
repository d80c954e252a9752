//! Vulnerabilities imported from Trivy and Grype JSON reports, linked to the workloads they
//! were found in.
//!
//! **Linking rule**: a report's artifact — Trivy's `ArtifactName`, Grype's `source.target`
//! (the image reference or the scanned path; `userInput` when it is an object) — links to
//! every compute resource (instance, launch template, Lambda function) for which one of these
//! equals it: the resource address (`aws_instance.web`); its `ami`, `image_id` or
//! `image_uri`; or its tag `rampart:artifact`, `Image` or `Name`. Nothing else is guessed: a
//! report that links to no resource is kept in the graph's notes.
//!
//! Must never: panic or stop on a malformed report (an error names what is wrong), or invent
//! a severity (anything Trivy or Grype did not say is `unknown`).

use crate::build::Ctx;
use crate::graph::{EdgeKind, Graph, NodeId, NodeKind, VulnSeverity};
use rampart_model::{Truth, Value};
use serde_json::Value as Json;
use std::collections::HashMap;

/// One vulnerability found in one artifact.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Vulnerability {
    /// What was scanned (image reference, path, instance name): see the linking rule.
    pub target: String,
    /// `CVE-2024-3094`, `GHSA-…`.
    pub id: String,
    pub severity: VulnSeverity,
    pub package: String,
    /// `trivy` or `grype`.
    pub scanner: &'static str,
}

fn text(v: Option<&Json>) -> String {
    v.and_then(Json::as_str).unwrap_or_default().to_string()
}

/// Reads a Trivy JSON report (`trivy image --format json`): `ArtifactName` and
/// `Results[].Vulnerabilities[]` with `VulnerabilityID`, `Severity`, `PkgName`.
pub fn import_trivy(json_text: &str) -> Result<Vec<Vulnerability>, String> {
    let doc: Json = serde_json::from_str(json_text)
        .map_err(|e| format!("trivy report is not valid JSON: {e}"))?;
    let target = text(doc.get("ArtifactName"));
    let Some(results) = doc.get("Results") else {
        return Err(
            "trivy report has no `Results` (expected the output of `trivy ... --format json`)"
                .into(),
        );
    };
    let Some(results) = results.as_array() else {
        return if results.is_null() {
            Ok(Vec::new())
        } else {
            Err("trivy report: `Results` is not an array".into())
        };
    };
    let mut out = Vec::new();
    for (i, r) in results.iter().enumerate() {
        let vulns = match r.get("Vulnerabilities") {
            None | Some(Json::Null) => continue,
            Some(Json::Array(v)) => v,
            Some(_) => {
                return Err(format!(
                    "trivy report: `Results[{i}].Vulnerabilities` is not an array"
                ));
            }
        };
        for v in vulns {
            let id = text(v.get("VulnerabilityID"));
            if id.is_empty() {
                return Err(format!(
                    "trivy report: a vulnerability of `Results[{i}]` has no `VulnerabilityID`"
                ));
            }
            out.push(Vulnerability {
                target: if target.is_empty() {
                    text(r.get("Target"))
                } else {
                    target.clone()
                },
                id,
                severity: VulnSeverity::parse(
                    v.get("Severity").and_then(Json::as_str).unwrap_or(""),
                ),
                package: text(v.get("PkgName")),
                scanner: "trivy",
            });
        }
    }
    Ok(out)
}

/// Reads a Grype JSON report (`grype -o json`): `source.target` and
/// `matches[].vulnerability.{id, severity}`, `matches[].artifact.name`.
pub fn import_grype(json_text: &str) -> Result<Vec<Vulnerability>, String> {
    let doc: Json = serde_json::from_str(json_text)
        .map_err(|e| format!("grype report is not valid JSON: {e}"))?;
    let target = match doc.get("source").and_then(|s| s.get("target")) {
        Some(Json::String(s)) => s.clone(),
        Some(t @ Json::Object(_)) => text(t.get("userInput")),
        _ => String::new(),
    };
    let Some(matches) = doc.get("matches").and_then(Json::as_array) else {
        return Err(
            "grype report has no `matches` array (expected the output of `grype -o json`)".into(),
        );
    };
    let mut out = Vec::new();
    for (i, m) in matches.iter().enumerate() {
        let Some(v) = m.get("vulnerability") else {
            return Err(format!(
                "grype report: `matches[{i}]` has no `vulnerability`"
            ));
        };
        let id = text(v.get("id"));
        if id.is_empty() {
            return Err(format!(
                "grype report: `matches[{i}].vulnerability` has no `id`"
            ));
        }
        out.push(Vulnerability {
            target: target.clone(),
            id,
            severity: VulnSeverity::parse(v.get("severity").and_then(Json::as_str).unwrap_or("")),
            package: text(m.get("artifact").and_then(|a| a.get("name"))),
            scanner: "grype",
        });
    }
    Ok(out)
}

const COMPUTE: [&str; 3] = ["aws_instance", "aws_launch_template", "aws_lambda_function"];

pub(crate) fn attach(ctx: &Ctx<'_>, g: &mut Graph, vulns: &[Vulnerability]) {
    if vulns.is_empty() {
        return;
    }
    // artifact name → compute nodes, from the linking rule
    let mut by_artifact: HashMap<&str, Vec<NodeId>> = HashMap::new();
    for kind in COMPUTE {
        for &i in ctx.inv.ids_of_kind(kind) {
            let Some(r) = ctx.resource(i) else { continue };
            let n = g.node_for(i);
            let mut keys: Vec<&str> = vec![r.address.as_str()];
            for a in ["ami", "image_id", "image_uri"] {
                if let Some(Value::String(s)) = r.attributes.get(a) {
                    keys.push(s);
                }
            }
            if let Some(Value::Map(tags)) = r.attributes.get("tags") {
                for t in ["rampart:artifact", "Image", "Name"] {
                    if let Some(Value::String(s)) = tags.get(t) {
                        keys.push(s);
                    }
                }
            }
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                by_artifact.entry(k).or_default().push(n);
            }
        }
    }
    let mut nodes: HashMap<String, NodeId> = HashMap::new();
    let mut unlinked: Vec<&str> = Vec::new();
    for v in vulns {
        let Some(targets) = by_artifact.get(v.target.as_str()) else {
            if !unlinked.contains(&v.target.as_str()) {
                unlinked.push(&v.target);
            }
            continue;
        };
        let vn = g.outside_node(&mut nodes, NodeKind::Vulnerability, &v.id);
        let sev = g.severity.entry(vn).or_insert(v.severity);
        if v.severity > *sev {
            *sev = v.severity;
        }
        for &t in targets {
            let detail = format!("{} {:?} in {} ({})", v.id, v.severity, v.package, v.scanner)
                .to_lowercase();
            g.add_edge(t, vn, EdgeKind::HasVulnerability, Truth::True, &detail);
        }
    }
    for t in unlinked {
        g.notes.push(format!("vulnerability report for `{t}` links to no resource (see the linking rule in docs/attack-paths.md)"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trivy_and_grype_reports_are_read_and_malformed_ones_named() {
        let t = import_trivy(
            r#"{"ArtifactName":"img:1","Results":[{"Target":"x","Vulnerabilities":[{"VulnerabilityID":"CVE-1","Severity":"CRITICAL","PkgName":"p"}]},{"Target":"y"}]}"#,
        );
        assert_eq!(t.as_ref().map(Vec::len), Ok(1));
        assert_eq!(
            t.as_ref().ok().and_then(|v| v.first()).map(|v| v.severity),
            Some(VulnSeverity::Critical)
        );
        // a clean image has `Results` null in older Trivy versions
        assert_eq!(
            import_trivy(r#"{"ArtifactName":"img","Results":null}"#),
            Ok(Vec::new())
        );
        for bad in [
            "",
            "[]",
            "{}",
            r#"{"Results": 3}"#,
            r#"{"Results":[{"Vulnerabilities":[{"Severity":"LOW"}]}]}"#,
        ] {
            assert!(import_trivy(bad).is_err(), "{bad}");
        }
        let g = import_grype(
            r#"{"matches":[{"vulnerability":{"id":"GHSA-1","severity":"High"}}],"source":{"target":"dir:/srv"}}"#,
        );
        assert_eq!(
            g.as_ref()
                .ok()
                .and_then(|v| v.first())
                .map(|v| (v.target.as_str(), v.severity)),
            Some(("dir:/srv", VulnSeverity::High))
        );
        for bad in [
            "nope",
            "{}",
            r#"{"matches":[{}]}"#,
            r#"{"matches":[{"vulnerability":{}}]}"#,
        ] {
            assert!(import_grype(bad).is_err(), "{bad}");
        }
        assert_eq!(VulnSeverity::parse("weird"), VulnSeverity::Unknown);
    }
}
