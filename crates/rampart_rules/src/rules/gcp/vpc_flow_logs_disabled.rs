//! GCP-VPC-001: VPC flow logs are not enabled on a subnet.
use crate::prelude::*;
use crate::views::gcp::NO_FLOW_LOG_PURPOSES;
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    id: "GCP-VPC-001",
    title: "Subnet does not have VPC flow logs enabled",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Gcp,
    kinds: &["google_compute_subnetwork"],
    rationale: "VPC flow logs record a sample of the connections VMs in a subnet make and receive. Without them an \
investigation cannot see lateral movement, exfiltration or which host talked to a malicious address. They are on only \
when a `log_config` block (or the deprecated `enable_flow_logs = true`) is written. Proxy-only, Private Service \
Connect and private-NAT subnets, which cannot have flow logs, are not reported.",
    remediation: "Add a `log_config` block (for example `aggregation_interval = \"INTERVAL_5_SEC\"`, \
`flow_sampling = 0.5`, `metadata = \"INCLUDE_ALL_METADATA\"`). Logs are billed by volume; lower the sampling rate \
on busy subnets.",
    references: &[
        "https://cloud.google.com/vpc/docs/flow-logs",
        "https://cloud.google.com/vpc/docs/using-flow-logs",
    ],
    aliases: &[
        "AVD-GCP-0029",
        "google-compute-enable-vpc-flow-logs",
        "AVD-GCP-0076",
        "google-compute-google-compute-subnetwork-logging",
        "CKV_GCP_26",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let special =
        crate::views::gcp::string_in(r.get("purpose"), NO_FLOW_LOG_PURPOSES, Truth::False);
    let logs = match r.get("log_config") {
        Some(Value::List(items)) if !items.is_empty() => Truth::True,
        Some(Value::Unknown(_)) => Truth::Unknown,
        _ => Truth::False,
    };
    if logs
        .or(flag(&r, "enable_flow_logs", false))
        .or(special)
        .is_false()
    {
        vec![Hit::at(
            "log_config",
            format!("`{}` has no VPC flow logs", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let config = Value::Map(BTreeMap::from([
        (
            "aggregation_interval".to_string(),
            Value::string("INTERVAL_5_SEC"),
        ),
        ("flow_sampling".to_string(), Value::Number(0.5)),
        (
            "metadata".to_string(),
            Value::string("INCLUDE_ALL_METADATA"),
        ),
    ]));
    let mut changes = Vec::new();
    if r.get("enable_flow_logs").is_some() {
        // the deprecated switch conflicts with `log_config`
        changes.push(Change::RemoveAttribute {
            address: r.address.clone(),
            path: "enable_flow_logs".into(),
        });
    }
    changes.push(Change::SetAttribute {
        address: r.address.clone(),
        path: "log_config.0".into(),
        value: config,
    });
    Some(Fix {
        summary: "enable VPC flow logs".into(),
        changes,
        applicability: Applicability::Safe,
    })
}
