//! K8S-014: a container image is `latest` or has no tag.

use crate::prelude::*;
use crate::views::kubernetes::{ImageRef, PodSpec, WORKLOAD_KINDS};

pub static RULE: Rule = Rule {
    id: "K8S-014",
    title: "Container image uses the latest tag or no tag",
    severity: Severity::Medium,
    category: Category::Compute,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "`latest` (or no tag, which means `latest`) names whatever was pushed last. Nodes pull different images \
for the same pod, a rollback does not roll back, and a compromised registry push reaches production on the next \
restart without any change to the manifest.",
    remediation: "Pin a specific version tag (`nginx:1.27.2`), or better an immutable digest \
(`nginx@sha256:…`).",
    references: &["https://kubernetes.io/docs/concepts/containers/images/#image-names"],
    aliases: &["CKV_K8S_14", "AVD-KSV-0013", "KSV013"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(pod) = PodSpec::of(&r) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for c in pod.known_containers() {
        let Some(image) = c.get("image").and_then(Value::as_str) else {
            continue;
        };
        let parsed = ImageRef::parse(image.trim());
        if parsed.digest.is_some() {
            continue;
        }
        let problem = match parsed.tag {
            None => "has no tag (pulls `latest`)",
            Some(t) if t.eq_ignore_ascii_case("latest") => "uses the `latest` tag",
            Some(_) => continue,
        };
        hits.push(Hit::at(
            c.path_of("image"),
            format!(
                "image `{image}` of {} in `{}` {problem}",
                c.describe(),
                r.address
            ),
        ));
    }
    hits
}
