//! AWS-RDS-010: an Aurora MySQL cluster that could backtrack has no backtrack window.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-RDS-010",
    title: "Aurora MySQL cluster does not have backtracking enabled",
    severity: Severity::Low,
    category: Category::Availability,
    provider: Provider::Aws,
    kinds: &["aws_rds_cluster"],
    rationale: "Backtracking rewinds an Aurora MySQL cluster in place to a moment within its window (up to 72 \
hours) in minutes, undoing a `DELETE` without `WHERE` or a bad migration; without it the only way back is a \
point-in-time restore into a new cluster, which takes hours and a switch-over. `backtrack_window` defaults to 0 \
(off). Only clusters that can have it are reported: engine `aurora-mysql` (or the older `aurora`), not Aurora \
Serverless v1, multi-master or global-database clusters, not binlog replicas (`replication_source_identifier`). \
Other engines, and a cluster whose engine is not written, are not reported. CloudFormation clusters are not \
checked yet: the loader does not read `BacktrackWindow`.",
    remediation: "Set `backtrack_window` to the number of seconds to keep (for example `86400`, at most `259200`). \
Backtracking can only be turned on when the cluster is created (or restored from a snapshot): for an existing \
cluster, restore a snapshot into a new cluster with the window set and switch over. Backtracking does not write \
binlog entries, so check binlog consumers first. This needs a human decision, so Rampart proposes no automatic \
change.",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Managing.Backtrack.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/aurora-mysql-backtracking-enabled.html",
    ],
    aliases: &["CKV_AWS_326"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

/// Settings under which a cluster cannot use backtracking.
const CANNOT_BACKTRACK: &[&str] = &["global_cluster_identifier", "replication_source_identifier"];

fn can_backtrack(r: &ResourceRef<'_>) -> bool {
    // CloudFormation's `BacktrackWindow` is not read: absent would not mean off
    if r.format == rampart_model::SourceFormat::CloudFormation {
        return false;
    }
    let mysql = matches!(r.str("engine").map(str::trim), Some("aurora" | "aurora-mysql"));
    let mode_allows = match r.get("engine_mode") {
        None | Some(Value::Null) => true,
        Some(Value::String(m)) => m.trim().eq_ignore_ascii_case("provisioned"),
        Some(_) => false,
    };
    mysql
        && mode_allows
        && !CANNOT_BACKTRACK
            .iter()
            .any(|a| r.get(a).is_some_and(|v| !v.is_null()))
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let window_off = match r.get("backtrack_window") {
        None | Some(Value::Null) => true,
        Some(v) => v.as_i64() == Some(0),
    };
    if is_managed(&r) && can_backtrack(&r) && window_off {
        vec![Hit::at(
            "backtrack_window",
            format!("`{}` cannot be rewound in place (no backtrack window)", r.address),
        )]
    } else {
        Vec::new()
    }
}
