//! GCP-GCS-005: usage and storage logs are not delivered for a bucket.
use crate::prelude::*;

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
    // a bucket that delivers its logs needs no look at the others (that look is a scan of
    // every bucket, quadratic when done for all of them)
    if !logs.is_true() && logs.or(is_log_target(&r)).is_false() {
        vec![Hit::at(
            "logging.0",
            format!("`{}` has no usage log delivery", r.address),
        )]
    } else {
        Vec::new()
    }
}

/// Whether another bucket names this one as its log bucket.
fn is_log_target(r: &ResourceRef<'_>) -> Truth {
    let name = r.get("name");
    let mut t = Truth::False;
    for other in r
        .inventory
        .of_kind("google_storage_bucket")
        .filter(|o| o.id != r.id)
    {
        match (other.get("logging.0.log_bucket"), name) {
            (Some(Value::String(target)), Some(Value::String(mine))) => {
                t = t.or(Truth::from_bool(target == mine))
            }
            (Some(Value::String(_)), _) => t = t.or(Truth::Unknown),
            (Some(Value::Unknown(u)), _) => {
                t = t.or(match u.refers_to.as_deref() {
                    Some(a) if a == r.address => Truth::True,
                    Some(a) if r.inventory.id_of(a).is_some() => Truth::False,
                    _ => Truth::Unknown,
                })
            }
            _ => {}
        }
    }
    t
}
