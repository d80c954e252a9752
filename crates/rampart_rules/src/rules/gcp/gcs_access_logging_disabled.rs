//! GCP-GCS-005: usage and storage logs are not delivered for a bucket.
use crate::prelude::*;
use rampart_model::{Inventory, ResourceId};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    id: "GCP-GCS-005",
    title: "Cloud Storage bucket does not deliver usage logs",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Gcp,
    kinds: &["google_storage_bucket"],
    rationale: "Usage logs record every request to a bucket, including anonymous ones that Cloud Audit Logs do not \
capture for public objects. Without them an investigation cannot tell who downloaded what. Buckets that receive other \
buckets' logs (named in another bucket's `logging.log_bucket`) are not reported: logging a log bucket into itself \
only loops.",
    remediation: "Add `logging { log_bucket = \"<log bucket>\" }` pointing at a dedicated, access-restricted bucket, \
or rely on Data Access audit logs for `storage.googleapis.com` where anonymous access is impossible. Which bucket \
receives the logs is a decision, so Rampart proposes no automatic change.",
    references: &["https://cloud.google.com/storage/docs/access-logs"],
    aliases: &[
        "AVD-GCP-0077",
        "google-storage-enable-bucket-logging",
        "CKV_GCP_62",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let logs = match r.get("logging.0.log_bucket") {
        None | Some(Value::Null) => Truth::False,
        Some(Value::String(s)) => Truth::from_bool(!s.trim().is_empty()),
        Some(_) => Truth::True,
    };
    // a bucket that delivers its logs needs no look at the others
    if !logs.is_true() && logs.or(is_log_target(&r)).is_false() {
        vec![Hit::at(
            "logging.0",
            format!("`{}` has no usage log delivery", r.address),
        )]
    } else {
        Vec::new()
    }
}

/// Whether another bucket names this one as its log bucket: by its literal name, or by a
/// reference to its address; an unknown name, or a reference to nothing loaded, may.
fn is_log_target(r: &ResourceRef<'_>) -> Truth {
    let index = r.inventory.memo(LogBuckets::build);
    let other = |ids: Option<&Vec<ResourceId>>| ids.is_some_and(|v| v.iter().any(|&i| i != r.id));
    let (named, may_be_named) = match r.get("name") {
        Some(Value::String(mine)) => (other(index.by_name.get(mine)), false),
        _ => (false, other(Some(&index.named))),
    };
    if named || other(index.by_address.get(r.address.as_str())) {
        Truth::True
    } else if may_be_named || other(Some(&index.unresolved)) {
        Truth::Unknown
    } else {
        Truth::False
    }
}

/// The buckets' `logging.0.log_bucket` by what it names, built once per inventory (looking at
/// every bucket for every bucket is quadratic).
struct LogBuckets {
    /// A literal bucket name.
    by_name: HashMap<String, Vec<ResourceId>>,
    /// Every bucket naming one literally.
    named: Vec<ResourceId>,
    /// A reference to a loaded address.
    by_address: HashMap<String, Vec<ResourceId>>,
    /// A reference to nothing loaded: may name any bucket.
    unresolved: Vec<ResourceId>,
}

impl LogBuckets {
    fn build(inventory: &Inventory) -> LogBuckets {
        let mut index = LogBuckets {
            by_name: HashMap::new(),
            named: Vec::new(),
            by_address: HashMap::new(),
            unresolved: Vec::new(),
        };
        for bucket in inventory.of_kind("google_storage_bucket") {
            match bucket.get("logging.0.log_bucket") {
                Some(Value::String(target)) => {
                    let ids = index.by_name.entry(target.clone()).or_default();
                    ids.push(bucket.id);
                    index.named.push(bucket.id);
                }
                Some(Value::Unknown(u)) => match u.refers_to.as_deref() {
                    Some(a) if inventory.id_of(a).is_some() => {
                        let ids = index.by_address.entry(a.to_string()).or_default();
                        ids.push(bucket.id);
                    }
                    _ => index.unresolved.push(bucket.id),
                },
                _ => {}
            }
        }
        index
    }
}
