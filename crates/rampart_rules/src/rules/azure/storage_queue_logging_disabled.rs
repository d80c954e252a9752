//! AZU-STORAGE-007: a storage account used for queues does not log queue requests.
use crate::prelude::*;
use crate::views::azure::{
    STORAGE_ACCOUNT, STORAGE_QUEUE, STORAGE_QUEUE_PROPERTIES, block_present, separate_settings,
    set_fix,
};

pub static RULE: Rule = Rule {
    id: "AZU-STORAGE-007",
    title: "Storage account used for queues does not log queue requests",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Azure,
    kinds: &["azurerm_storage_account"],
    rationale: "Without Storage Analytics logging on the queue service there is no record of who read, wrote or \
deleted messages. Tampering with or draining a queue — a common step when an attacker holds an account key — leaves \
no trace to investigate.",
    remediation: "Add a `logging` block to `queue_properties` with `read`, `write` and `delete` set to true, a \
`version` and `retention_policy_days` (or use `azurerm_storage_account_queue_properties`). An account is judged only \
when it is known to serve queues: it has `queue_properties` or an `azurerm_storage_queue`.",
    references: &[
        "https://learn.microsoft.com/azure/storage/common/storage-analytics-logging",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account#logging",
    ],
    aliases: &[
        "CKV_AZURE_33",
        "AVD-AZU-0009",
        "azure-storage-queue-services-logging-enabled",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

fn logs(block: Option<&Value>) -> Truth {
    let Some(logging) = block else {
        return Truth::False;
    };
    if logging.is_unknown() {
        return Truth::Unknown;
    }
    ["read", "write", "delete"]
        .iter()
        .map(|k| logging.path(k).map_or(Truth::False, Value::truth))
        .fold(Truth::False, Truth::or)
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let serves_queues = block_present(&r, "queue_properties")
        .or(Truth::from_bool(r.related(STORAGE_QUEUE).next().is_some()))
        .or(queues_it_may_serve(&r));
    let mut logged = logs(
        r.get("queue_properties.0.logging")
            .map(|v| v.path("0").unwrap_or(v)),
    );
    for s in separate_settings(
        r,
        STORAGE_QUEUE_PROPERTIES,
        STORAGE_ACCOUNT,
        &["storage_account_id"],
    ) {
        let l = s.resource.get("logging").map(|v| v.path("0").unwrap_or(v));
        logged = logged.or(s.weigh(logs(l)));
    }
    if serves_queues.and(logged.not()).is_true() {
        vec![Hit::at(
            "queue_properties",
            format!(
                "storage account `{}` serves queues without logging queue requests",
                r.address
            ),
        )]
    } else {
        Vec::new()
    }
}

/// Queues are joined to their account by the account's `name` (or id); when that is unknown
/// and the module has a queue joined to no account, the queue may be this account's: whether it
/// serves queues turns on the unknown name, and the check says so instead of passing.
fn queues_it_may_serve(r: &ResourceRef<'_>) -> Truth {
    let name_unknown = r.get("name").is_none_or(Value::is_unknown);
    if !name_unknown {
        return Truth::False;
    }
    let orphan = r
        .inventory
        .of_kind(STORAGE_QUEUE)
        .any(|q| q.scope == r.scope && q.related(STORAGE_ACCOUNT).next().is_none());
    if orphan {
        rampart_model::undecided::note_depends(
            "name",
            "the account's name is unknown, and a queue in the module names an account that could be this one",
        );
        return Truth::Unknown;
    }
    Truth::False
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let base = "queue_properties.0.logging.0";
    let mut fix = set_fix(
        &r,
        &format!("{base}.read"),
        Value::Bool(true),
        "log queue reads, writes and deletes",
        Applicability::Safe,
    )?;
    for (attr, value) in [
        ("write", Value::Bool(true)),
        ("delete", Value::Bool(true)),
        ("version", Value::string("1.0")),
        ("retention_policy_days", Value::Number(90.0)),
    ] {
        fix.changes.push(Change::SetAttribute {
            address: r.address.clone(),
            path: format!("{base}.{attr}"),
            value,
        });
    }
    Some(fix)
}
