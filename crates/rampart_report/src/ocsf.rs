//! OCSF 1.5.0 Detection Finding events (class 2004, category Findings), one per finding at or
//! above the threshold: a JSON array, or JSON Lines for log pipelines. Attributes are the
//! schema's; what the schema has no place for (the finding's stable id, aliases, how it was
//! suppressed) goes under `unmapped.rampart`, never under an invented key. Tests validate every
//! event with the pydantic models of `py-ocsf-models` and `ocsf-emitter` and reject keys
//! neither model knows. A live finding's cloud comes from [`cloud_place`], like ASFF's.

use crate::Report;
use crate::feed::{self, CloudPlace, FeedSettings, cloud_place, feed_id};
use rampart_model::{Finding, Severity, SuppressedBy};
use rampart_rules::Rule;
use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};

/// The OCSF schema version the events follow.
pub const OCSF_VERSION: &str = "1.5.0";
pub const CLASS_UID: u32 = 2004;
pub const CATEGORY_UID: u32 = 2;
/// Activity 1: a finding was created (each scan reports what it found afresh).
const ACTIVITY_CREATE: u32 = 1;
/// Analytic type 1: a rule.
const ANALYTIC_RULE: u32 = 1;

#[derive(Serialize)]
struct DetectionFinding<'a> {
    activity_id: u32,
    activity_name: &'static str,
    category_uid: u32,
    category_name: &'static str,
    class_uid: u32,
    class_name: &'static str,
    type_uid: u32,
    type_name: &'static str,
    severity_id: u8,
    severity: &'static str,
    status_id: u8,
    status: &'static str,
    time: i64,
    message: &'a str,
    metadata: Metadata<'a>,
    finding_info: FindingInfo<'a>,
    resources: [ResourceDetails<'a>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    cloud: Option<Cloud<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remediation: Option<Remediation>,
    unmapped: Unmapped<'a>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    version: &'static str,
    product: Product<'a>,
}

#[derive(Serialize)]
struct Product<'a> {
    name: &'static str,
    vendor_name: &'static str,
    version: &'a str,
    url_string: &'static str,
}

#[derive(Serialize)]
struct FindingInfo<'a> {
    uid: String,
    title: &'a str,
    desc: &'a str,
    types: [&'static str; 1],
    analytic: Analytic<'a>,
}

#[derive(Serialize)]
struct Analytic<'a> {
    uid: &'a str,
    name: &'a str,
    type_id: u32,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct ResourceDetails<'a> {
    uid: Cow<'a, str>,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cloud_partition: Option<&'static str>,
    data: ResourceData<'a>,
}

/// Where the resource is written (free-form `data` of the resource object).
#[derive(Serialize)]
struct ResourceData<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attribute: Option<&'a str>,
}

#[derive(Serialize)]
struct Cloud<'a> {
    provider: &'a str,
    region: &'a str,
    account: Account<'a>,
}

#[derive(Serialize)]
struct Account<'a> {
    uid: &'a str,
}

#[derive(Serialize)]
struct Remediation {
    desc: &'static str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    references: &'static [&'static str],
}

#[derive(Serialize)]
struct Unmapped<'a> {
    rampart: RampartFields<'a>,
}

#[derive(Serialize)]
struct RampartFields<'a> {
    finding_id: &'a str,
    rule_id: &'a str,
    category: &'static str,
    aliases: &'static [&'static str],
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<Suppression<'a>>,
}

#[derive(Serialize)]
struct Suppression<'a> {
    by: SuppressedBy,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// Renders the events as a JSON array (`lines` false) or as JSON Lines.
pub(crate) fn render(
    report: &Report,
    settings: &FeedSettings,
    lines: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let events = report.findings_at_threshold().into_iter().map(|f| {
        event(
            report.tool_version,
            report.rule(&f.rule_id),
            f,
            cloud_place(f, settings),
            settings,
        )
    });
    if lines {
        feed::write_lines(events, out)
    } else {
        feed::write_array(events, out)
    }
}

fn event<'a>(
    tool_version: &'a str,
    rule: Option<&'static Rule>,
    finding: &'a Finding,
    place: CloudPlace<'a>,
    settings: &'a FeedSettings,
) -> DetectionFinding<'a> {
    let (severity_id, severity) = severity(finding.severity);
    let (status_id, status) = match finding.suppressed {
        Some(_) => (3, "Suppressed"),
        None => (1, "New"),
    };
    let span = finding.location.as_ref();
    DetectionFinding {
        activity_id: ACTIVITY_CREATE,
        activity_name: "Create",
        category_uid: CATEGORY_UID,
        category_name: "Findings",
        class_uid: CLASS_UID,
        class_name: "Detection Finding",
        type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
        type_name: "Detection Finding: Create",
        severity_id,
        severity,
        status_id,
        status,
        time: settings.time_ms,
        message: &finding.message,
        metadata: Metadata {
            version: OCSF_VERSION,
            product: Product {
                name: "Rampart",
                vendor_name: "Rampart",
                version: tool_version,
                url_string: crate::INFORMATION_URI,
            },
        },
        finding_info: FindingInfo {
            uid: feed_id(finding, &place),
            title: &finding.title,
            desc: &finding.message,
            types: [finding.category.as_str()],
            analytic: Analytic {
                uid: &finding.rule_id,
                name: &finding.title,
                type_id: ANALYTIC_RULE,
                kind: "Rule",
            },
        },
        resources: [ResourceDetails {
            uid: feed::resource_uid(finding, &place),
            name: &finding.address,
            kind: &finding.resource_kind,
            region: place.live.as_ref().map(|_| place.region.clone()),
            cloud_partition: place.live.as_ref().map(|_| place.partition),
            data: ResourceData {
                file: finding.file(),
                line: span.map(|s| s.start.line),
                column: span.map(|s| s.start.column),
                attribute: finding.attribute.as_deref(),
            },
        }],
        // a code finding is in no cloud account yet: only live findings name one
        cloud: place.live.as_ref().map(|origin| Cloud {
            provider: origin.provider,
            region: origin.region,
            account: Account {
                uid: origin.account,
            },
        }),
        remediation: rule
            .filter(|r| !r.remediation.trim().is_empty())
            .map(|r| Remediation {
                desc: r.remediation,
                references: r.references,
            }),
        unmapped: Unmapped {
            rampart: RampartFields {
                finding_id: &finding.id,
                rule_id: &finding.rule_id,
                category: finding.category.as_str(),
                aliases: rule.map(|r| r.aliases).unwrap_or(&[]),
                suppressed: finding.suppressed.as_ref().map(|s| Suppression {
                    by: s.by,
                    reason: s.reason.as_deref(),
                }),
            },
        },
    }
}

/// OCSF `severity_id` and its caption.
fn severity(severity: Severity) -> (u8, &'static str) {
    match severity {
        Severity::Info => (1, "Informational"),
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
        Severity::Critical => (5, "Critical"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{LiveOrigin, place_of};
    use rampart_model::Category;

    #[test]
    fn a_live_finding_names_its_cloud_and_resource_region() {
        let finding = Finding {
            id: "0123456789abcdef".into(),
            rule_id: "AWS-S3-001".into(),
            title: "S3 bucket is public".into(),
            severity: Severity::Critical,
            category: Category::Data,
            message: "bucket `logs` is public".into(),
            address: "aws_s3_bucket.logs".into(),
            resource_kind: "aws_s3_bucket".into(),
            model_kind: "aws_s3_bucket".into(),
            attribute: None,
            model_attribute: None,
            location: None,
            suppressed: None,
            live: None,
            attack_path: None,
        };
        let settings = FeedSettings {
            aws_account: "111111111111".into(),
            aws_region: "eu-west-1".into(),
            time_ms: 5,
        };
        let live = LiveOrigin {
            provider: "aws",
            account: "222222222222",
            region: "cn-north-1",
            id: "arn:aws-cn:s3:::logs",
        };
        let place = place_of(Some(live), &settings);
        let event = serde_json::to_value(event("1.0.0", None, &finding, place, &settings))
            .unwrap_or_default();
        assert_eq!(event["cloud"]["provider"], "aws");
        assert_eq!(event["cloud"]["account"]["uid"], "222222222222");
        assert_eq!(event["cloud"]["region"], "cn-north-1");
        assert_eq!(event["resources"][0]["uid"], "arn:aws-cn:s3:::logs");
        assert_eq!(event["resources"][0]["region"], "cn-north-1");
        assert_eq!(event["resources"][0]["cloud_partition"], "aws-cn");
        assert_eq!(event["severity_id"], 5);
        assert_eq!(event["time"], 5);
    }
}
