//! K8S-015: a container image is not pinned by digest.

use crate::prelude::*;
use crate::views::kubernetes::{ImageRef, PodSpec, WORKLOAD_KINDS};

pub static RULE: Rule = Rule {
    id: "K8S-015",
    title: "Container image is not pinned by digest",
    severity: Severity::Low,
    category: Category::Compute,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "Tags can be moved: whoever can push to the repository can make `app:1.4.2` mean a different image \
tomorrow. A digest (`@sha256:…`) names exactly the image that was built, scanned and approved.",
    remediation: "Reference images by digest (`registry/app:1.4.2@sha256:…`); tools such as `kustomize edit set image` \
or Renovate keep digests current.",
    references: &["https://kubernetes.io/docs/concepts/containers/images/#image-names"],
    aliases: &["CKV_K8S_43"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(pod) = PodSpec::of(&r) else {
        return Vec::new();
    };
    pod.known_containers()
        .iter()
        .filter_map(|c| {
            let image = c.get("image").and_then(Value::as_str)?;
            ImageRef::parse(image.trim()).digest.is_none().then(|| {
                Hit::at(
                    c.path_of("image"),
                    format!(
                        "image `{image}` of {} in `{}` is not pinned by digest",
                        c.describe(),
                        r.address
                    ),
                )
            })
        })
        .collect()
}
