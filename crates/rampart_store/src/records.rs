//! What goes into the store and what comes out: plain rows, no database types. Times are
//! seconds since the Unix epoch (UTC); the caller supplies them, so history and metrics
//! are reproducible with a fixed clock.

use crate::team::TeamMapping;
use rampart_model::Finding;
use serde::Serialize;
use std::collections::BTreeMap;

/// Seconds since the Unix epoch, UTC.
pub type Timestamp = i64;

/// One finding as one scan saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct ObservedFinding {
    /// `Finding::history_fingerprint`: stable across scans, never built from a line.
    pub fingerprint: String,
    pub rule_id: String,
    pub title: String,
    pub severity: String,
    pub category: String,
    pub resource_kind: String,
    pub address: String,
    pub file: Option<String>,
    pub line: Option<i64>,
    pub account: Option<String>,
    pub team: Option<String>,
    /// Set when the scanned code itself suppresses it (`comment: reason`).
    pub source_suppression: Option<String>,
}

impl ObservedFinding {
    /// `tags` are the resource's tags when the caller has them (live and inventory scans).
    pub fn from_finding(
        finding: &Finding,
        tags: &BTreeMap<String, String>,
        teams: &TeamMapping,
    ) -> ObservedFinding {
        let account = finding.live.as_ref().map(|l| l.account.clone());
        let place = account.as_deref().or(finding.file()).unwrap_or("");
        let source_suppression = finding.suppressed.as_ref().map(|s| {
            let by = s.by.as_str();
            match &s.reason {
                Some(reason) => format!("{by}: {reason}"),
                None => by.to_string(),
            }
        });
        ObservedFinding {
            fingerprint: finding.history_fingerprint(),
            rule_id: finding.rule_id.to_string(),
            title: finding.title.to_string(),
            severity: finding.severity.as_str().to_string(),
            category: finding.category.as_str().to_string(),
            resource_kind: finding.resource_kind.to_string(),
            address: finding.address.clone(),
            file: finding.file().map(str::to_string),
            line: finding.line().map(i64::from),
            team: teams.team_for(tags, place),
            account,
            source_suppression,
        }
    }
}

/// One scan to record.
#[derive(Clone, Debug)]
pub struct ScanInput {
    /// What was scanned (a path, an account): resolution only compares scans of one scope.
    pub scope: String,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
    pub tool_version: String,
    pub findings: Vec<ObservedFinding>,
}

/// What recording a scan changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IngestSummary {
    pub scan_id: i64,
    pub total: i64,
    pub new: i64,
    pub resolved: i64,
    pub reopened: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ScanRecord {
    pub id: i64,
    pub scope: String,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
    pub tool_version: String,
    pub total: i64,
    pub new_count: i64,
    pub resolved_count: i64,
    pub reopened_count: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Open,
    Resolved,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Resolved => "resolved",
        }
    }
}

/// The current state of one finding of one scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct FindingRecord {
    pub scope: String,
    pub fingerprint: String,
    pub rule_id: String,
    pub title: String,
    pub severity: String,
    pub category: String,
    pub resource_kind: String,
    pub address: String,
    pub file: Option<String>,
    pub account: Option<String>,
    pub team: Option<String>,
    /// `open` or `resolved`.
    pub status: String,
    pub first_seen: Timestamp,
    pub last_seen: Timestamp,
    pub last_scan_id: i64,
    pub resolved_at: Option<Timestamp>,
    pub source_suppression: Option<String>,
    pub suppressed_by: Option<String>,
    pub suppressed_reason: Option<String>,
    pub suppressed_at: Option<Timestamp>,
    pub suppressed_until: Option<Timestamp>,
}

impl FindingRecord {
    pub fn is_open(&self) -> bool {
        self.status == Status::Open.as_str()
    }
    /// Hidden at `now` by the code's own suppression or by a store suppression that has not
    /// expired (an expired one hides nothing).
    pub fn is_suppressed_at(&self, now: Timestamp) -> bool {
        self.source_suppression.is_some()
            || (self.suppressed_by.is_some()
                && self.suppressed_until.is_none_or(|until| until > now))
    }
}

/// A suppression recorded in the store: who, why, until when (`None`: until lifted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub by: String,
    pub reason: String,
    pub until: Option<Timestamp>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Opened,
    Resolved,
    Reopened,
    Suppressed,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Opened => "opened",
            EventKind::Resolved => "resolved",
            EventKind::Reopened => "reopened",
            EventKind::Suppressed => "suppressed",
        }
    }
    pub fn parse(text: &str) -> Option<EventKind> {
        [
            EventKind::Opened,
            EventKind::Resolved,
            EventKind::Reopened,
            EventKind::Suppressed,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct EventRecord {
    pub id: i64,
    pub scope: String,
    pub fingerprint: String,
    pub scan_id: Option<i64>,
    pub kind: String,
    pub at: Timestamp,
    pub actor: Option<String>,
    pub reason: Option<String>,
    pub until_at: Option<Timestamp>,
}
