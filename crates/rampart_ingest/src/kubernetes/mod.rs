//! The Kubernetes manifest loader: YAML (one or many `---` documents, `kind: List`, Helm-rendered
//! output) and JSON objects become resources in the Terraform `kubernetes` provider's
//! vocabulary, so one rule checks a manifest and a `resource "kubernetes_deployment"` alike.
//!
//! - Kind: the provider type (`Deployment` → `kubernetes_deployment`, `DaemonSet` →
//!   `kubernetes_daemonset`, `Ingress` of `networking.k8s.io/v1` → `kubernetes_ingress_v1`);
//!   objects the provider has no typed resource for (custom resources) become
//!   `kubernetes_manifest` with the object, as written, under `manifest`.
//! - Attributes: see [`convert`] (`spec.0.template.0.spec.0.container.0.security_context.0`).
//! - Address: `<type>.<namespace>.<name>` for namespaced objects (`kubernetes_deployment.web.api`;
//!   the namespace is `default` when the manifest names none, as `kubectl apply` without `-n`
//!   would use), `<type>.<name>` for cluster-scoped ones (`kubernetes_cluster_role.reader`), and
//!   `kubernetes_manifest.<Kind>[.<namespace>].<name>` for custom resources. An object without
//!   a name is `doc<N>` (its 1-based document number); a second object with the same address in
//!   one file gets `#2`; the same address in two files is qualified with the file
//!   (`k8s/a.yaml:kubernetes_service.default.web`, see [`qualify_colliding`]).
//! - Suppressions: `# rampart:ignore:…` / `# checkov:skip=…` / `# trivy:ignore:…` comments, and
//!   the annotations `rampart.dev/ignore: K8S-001,K8S-002` and `checkov.io/skip1: CKV_K8S_20=why`
//!   on the object or its pod template.
//!
//! Must never: panic on any input, report a YAML file that is not a manifest (a CI workflow, an
//! unrendered Helm template) as broken, or let one broken document hide the others.

mod convert;
pub mod naming;
mod split;
mod text;

use crate::cloudformation::source::{entries, get, scalar_text, sequence};
use naming::{MANIFEST_KIND, Scope, resource_kind};
use rampart_model::{LoadError, Origin, Resource, SourceFormat, SourceNames, Suppression};
use saphyr::{LoadableYamlNode, MarkedYaml};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use text::{DocText, FileText};

/// What one manifest file yielded.
#[derive(Debug, Default)]
pub struct KubernetesOutput {
    pub resources: Vec<Resource>,
    pub errors: Vec<LoadError>,
    /// True when the file holds at least one Kubernetes object or a broken manifest document.
    pub recognised: bool,
}

/// Loads every Kubernetes object of one file. Documents that are not Kubernetes objects are
/// skipped; a document that looks like a manifest but does not parse is an error with its
/// file:line:col, and the other documents still load.
pub fn load_text(file: &Arc<str>, text: &str) -> KubernetesOutput {
    let file_text = FileText::new(file.clone(), text);
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut loader = Loader {
        file: &file_text,
        out: KubernetesOutput::default(),
        used: HashMap::new(),
    };
    for (index, range) in split::documents(text, start).into_iter().enumerate() {
        let slice = text.get(range.clone()).unwrap_or("");
        let doc = DocText::new(&file_text, range.clone());
        // parsed and converted by recursion: a document nested too deep is not read
        if let Some((line, message)) = crate::documents::too_deep(slice) {
            if looks_like_manifest(slice) {
                let line = file_text.line_of(range.start) + line.saturating_sub(1);
                loader
                    .out
                    .errors
                    .push(LoadError::error(&**file, line, 1, message));
                loader.out.recognised = true;
            }
            continue;
        }
        match MarkedYaml::load_from_str(slice) {
            Ok(nodes) => {
                for node in &nodes {
                    loader.object(&doc, node, index + 1, true);
                }
            }
            Err(e) if looks_like_manifest(slice) => {
                let marker = e.marker();
                let line =
                    file_text.line_of(range.start) + (marker.line() as u32).saturating_sub(1);
                loader.out.errors.push(LoadError::error(
                    &**file,
                    line,
                    marker.col() as u32 + 1,
                    format!(
                        "invalid {} in a Kubernetes manifest: {}; fix the syntax so the document can be scanned",
                        if slice.trim_start().starts_with('{') { "JSON" } else { "YAML" },
                        crate::yaml_spans::syntax_problem(&e, slice)
                    ),
                ));
                loader.out.recognised = true;
            }
            Err(_) => {}
        }
    }
    let mut out = loader.out;
    let mut all: Vec<&mut Resource> = out.resources.iter_mut().collect();
    crate::suppress::attach(text, crate::suppress::Syntax::yaml_or_json(file), &mut all);
    out
}

/// A document that would be a manifest if it parsed: `apiVersion:` and `kind:` at the top
/// level, and no Helm template syntax (an unrendered chart is not broken, just not YAML yet);
/// or a JSON object with `"apiVersion"` and `"kind"` keys (a duplicate key fails saphyr even
/// where serde_json accepted the file).
fn looks_like_manifest(slice: &str) -> bool {
    let json = slice.trim_start().starts_with('{')
        && slice.contains("\"apiVersion\"")
        && slice.contains("\"kind\"");
    json || (!slice.contains("{{")
        && slice.lines().any(|l| l.starts_with("apiVersion:"))
        && slice.lines().any(|l| l.starts_with("kind:")))
}

struct Loader<'f, 'a> {
    file: &'f FileText<'a>,
    out: KubernetesOutput,
    /// How many objects of this file already took an address.
    used: HashMap<String, usize>,
}

impl Loader<'_, '_> {
    /// One object; `lists` says whether a `List` may be opened here (one level only).
    fn object(&mut self, doc: &DocText<'_, '_>, node: &MarkedYaml<'_>, index: usize, lists: bool) {
        let Some(api_version) = get(node, "apiVersion").and_then(scalar_text) else {
            return;
        };
        let Some(kind) = get(node, "kind").and_then(scalar_text) else {
            return;
        };
        if api_version.is_empty() || kind.is_empty() {
            return;
        }
        if lists
            && kind.ends_with("List")
            && let Some(items) = get(node, "items").and_then(sequence)
        {
            for item in items {
                self.object(doc, item, index, false);
            }
            self.out.recognised = true;
            return;
        }
        let Some((tf_kind, scope)) = resource_kind(&api_version, &kind) else {
            return;
        };
        let metadata = get(node, "metadata");
        let name = metadata
            .and_then(|m| get(m, "name"))
            .and_then(scalar_text)
            .filter(|n| !n.is_empty());
        let namespace = metadata
            .and_then(|m| get(m, "namespace"))
            .and_then(scalar_text)
            .filter(|n| !n.is_empty());
        let local_name = name.clone().unwrap_or_else(|| format!("doc{index}"));
        let address = self.unique(address_of(
            tf_kind,
            scope,
            &kind,
            namespace.as_deref(),
            &local_name,
        ));

        let mut converter = convert::Converter::new(doc);
        let attributes = if tf_kind == MANIFEST_KIND {
            converter.manifest(node)
        } else {
            converter.resource(node)
        };
        let origin = doc.range(node).unwrap_or(doc.base..doc.end);
        let mut resource = Resource::new(
            tf_kind,
            address,
            Origin::Code {
                span: self.file.span(&origin),
            },
        );
        resource.source_names = Some(Box::new(SourceNames {
            kind: kind.clone(),
            name: local_name.clone(),
            split_off: None,
        }));
        resource.name = local_name;
        resource.format = SourceFormat::Kubernetes;
        resource.attributes = attributes;
        resource.attribute_spans = converter
            .spans
            .into_iter()
            .map(|(path, range)| (path, self.file.span(&range)))
            .collect();
        resource.suppressions = annotation_suppressions(doc, node);
        self.out.resources.push(resource);
        self.out.recognised = true;
    }

    fn unique(&mut self, address: String) -> String {
        let seen = self.used.entry(address.clone()).or_insert(0);
        *seen += 1;
        if *seen == 1 {
            address
        } else {
            format!("{address}#{seen}")
        }
    }
}

fn address_of(
    tf_kind: &str,
    scope: Scope,
    kind: &str,
    namespace: Option<&str>,
    name: &str,
) -> String {
    if tf_kind == MANIFEST_KIND {
        return match namespace {
            Some(ns) => format!("{tf_kind}.{kind}.{ns}.{name}"),
            None => format!("{tf_kind}.{kind}.{name}"),
        };
    }
    match scope {
        Scope::Namespaced => format!("{tf_kind}.{}.{name}", namespace.unwrap_or("default")),
        Scope::Cluster => format!("{tf_kind}.{name}"),
    }
}

/// `metadata.annotations` of the object and of its pod template (where Checkov users put
/// `checkov.io/skip*` for workloads).
fn annotation_suppressions(doc: &DocText<'_, '_>, root: &MarkedYaml<'_>) -> Vec<Suppression> {
    let spec = get(root, "spec");
    let template = spec.and_then(|s| get(s, "template")).or_else(|| {
        spec.and_then(|s| get(s, "jobTemplate"))
            .and_then(|j| get(j, "spec"))
            .and_then(|s| get(s, "template"))
    });
    let mut out = Vec::new();
    for owner in [Some(root), template].into_iter().flatten() {
        let Some(annotations) = get(owner, "metadata").and_then(|m| get(m, "annotations")) else {
            continue;
        };
        for (key, key_node, value) in entries(annotations) {
            let Some(value) = scalar_text(value) else {
                continue;
            };
            let line = doc.position(key_node).0;
            if key == "rampart.dev/ignore" {
                for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                    out.push(suppression(item, line));
                }
            } else if key.starts_with("checkov.io/skip") {
                out.push(suppression(value.trim(), line));
            }
        }
    }
    out
}

/// `ID` or `ID=reason`.
fn suppression(item: &str, line: u32) -> Suppression {
    let (rule, reason) = match item.split_once('=') {
        Some((rule, reason)) => (
            rule.trim(),
            Some(reason.trim().to_string()).filter(|r| !r.is_empty()),
        ),
        None => (item, None),
    };
    Suppression {
        rule: rule.to_string(),
        reason,
        line,
    }
}

/// The same object address in two files of one scan (a base and its overlay, two charts) is
/// qualified with its file, `path/x.yaml:kubernetes_service.default.web`, so both stay in the
/// inventory and findings say which file they are about.
pub fn qualify_colliding(per_file: &mut [(Arc<str>, Vec<Resource>)]) {
    let mut owners: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for (i, (_, resources)) in per_file.iter().enumerate() {
        for r in resources
            .iter()
            .filter(|r| r.format == SourceFormat::Kubernetes)
        {
            owners.entry(r.address.clone()).or_default().insert(i);
        }
    }
    let colliding: BTreeMap<String, ()> = owners
        .into_iter()
        .filter(|(_, files)| files.len() > 1)
        .map(|(address, _)| (address, ()))
        .collect();
    if colliding.is_empty() {
        return;
    }
    for (file, resources) in per_file.iter_mut() {
        for r in resources
            .iter_mut()
            .filter(|r| r.format == SourceFormat::Kubernetes && colliding.contains_key(&r.address))
        {
            r.address = format!("{file}:{}", r.address);
        }
    }
}
