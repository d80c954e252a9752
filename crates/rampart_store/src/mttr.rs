//! Mean time to remediate, from the event table alone so it can be recomputed at any time:
//! each `opened`/`reopened` starts an exposure, the next `resolved` of the same finding ends
//! it. Pure functions over rows; the caller passes the period, never the clock.

use crate::records::{EventKind, EventRecord, FindingRecord, Timestamp};
use serde::Serialize;
use std::collections::BTreeMap;

/// What MTTR is grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    Severity,
    Rule,
    Category,
    Account,
    Team,
}

/// One remediated exposure: found at `opened`, gone at `resolved`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exposure {
    pub scope: String,
    pub fingerprint: String,
    pub opened: Timestamp,
    pub resolved: Timestamp,
}

/// MTTR of one group, in seconds, over the exposures resolved in the period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MttrRow {
    pub group: String,
    pub resolved: usize,
    pub mean_seconds: f64,
    pub median_seconds: f64,
}

/// Every exposure that ended, in order of events (`id` breaks ties at the same second).
pub fn exposures(events: &[EventRecord]) -> Vec<Exposure> {
    let mut sorted: Vec<&EventRecord> = events.iter().collect();
    sorted.sort_by_key(|e| (e.at, e.id));
    let mut open: BTreeMap<(&str, &str), Timestamp> = BTreeMap::new();
    let mut out = Vec::new();
    for event in sorted {
        let key = (event.scope.as_str(), event.fingerprint.as_str());
        match EventKind::parse(&event.kind) {
            Some(EventKind::Opened | EventKind::Reopened) => {
                open.entry(key).or_insert(event.at);
            }
            Some(EventKind::Resolved) => {
                if let Some(opened) = open.remove(&key) {
                    out.push(Exposure {
                        scope: event.scope.clone(),
                        fingerprint: event.fingerprint.clone(),
                        opened,
                        resolved: event.at,
                    });
                }
            }
            Some(EventKind::Suppressed) | None => {}
        }
    }
    out
}

/// MTTR per group over the exposures resolved in `[from, until)`. A finding unknown to
/// `findings` groups under `unknown`, as does one without an account or team.
pub fn mttr(
    findings: &[FindingRecord],
    events: &[EventRecord],
    by: GroupBy,
    from: Timestamp,
    until: Timestamp,
) -> Vec<MttrRow> {
    let index: BTreeMap<(&str, &str), &FindingRecord> = findings
        .iter()
        .map(|f| ((f.scope.as_str(), f.fingerprint.as_str()), f))
        .collect();
    let mut groups: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for exposure in exposures(events) {
        if exposure.resolved < from || exposure.resolved >= until {
            continue;
        }
        let record = index.get(&(exposure.scope.as_str(), exposure.fingerprint.as_str()));
        let group = record
            .and_then(|f| group_of(f, by))
            .unwrap_or_else(|| "unknown".to_string());
        groups
            .entry(group)
            .or_default()
            .push(exposure.resolved - exposure.opened);
    }
    groups
        .into_iter()
        .map(|(group, mut durations)| {
            durations.sort_unstable();
            let n = durations.len();
            let mean = durations.iter().sum::<i64>() as f64 / n as f64;
            let median = if n % 2 == 1 {
                durations[n / 2] as f64
            } else {
                (durations[n / 2 - 1] + durations[n / 2]) as f64 / 2.0
            };
            MttrRow {
                group,
                resolved: n,
                mean_seconds: mean,
                median_seconds: median,
            }
        })
        .collect()
}

fn group_of(f: &FindingRecord, by: GroupBy) -> Option<String> {
    match by {
        GroupBy::Severity => Some(f.severity.clone()),
        GroupBy::Rule => Some(f.rule_id.clone()),
        GroupBy::Category => Some(f.category.clone()),
        GroupBy::Account => f.account.clone(),
        GroupBy::Team => f.team.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: i64, fp: &str, kind: EventKind, at: Timestamp) -> EventRecord {
        EventRecord {
            id,
            scope: "repo".into(),
            fingerprint: fp.into(),
            scan_id: None,
            kind: kind.as_str().into(),
            at,
            actor: None,
            reason: None,
            until_at: None,
        }
    }

    fn record(fp: &str, severity: &str, team: Option<&str>) -> FindingRecord {
        FindingRecord {
            scope: "repo".into(),
            fingerprint: fp.into(),
            rule_id: format!("R-{fp}"),
            title: String::new(),
            severity: severity.into(),
            category: "data".into(),
            resource_kind: "aws_s3_bucket".into(),
            address: fp.into(),
            file: None,
            account: None,
            team: team.map(str::to_string),
            status: "resolved".into(),
            first_seen: 0,
            last_seen: 0,
            last_scan_id: 0,
            resolved_at: None,
            source_suppression: None,
            suppressed_by: None,
            suppressed_reason: None,
            suppressed_at: None,
            suppressed_until: None,
        }
    }

    const DAY: i64 = 86_400;

    fn history() -> (Vec<FindingRecord>, Vec<EventRecord>) {
        let findings = vec![
            record("a", "high", Some("payments")),
            record("b", "high", None),
            record("c", "low", Some("payments")),
        ];
        let events = vec![
            // a: open day 0, resolved day 2, reopened day 5, resolved day 6 -> 2 d and 1 d
            event(1, "a", EventKind::Opened, 0),
            event(4, "a", EventKind::Resolved, 2 * DAY),
            event(6, "a", EventKind::Reopened, 5 * DAY),
            event(8, "a", EventKind::Resolved, 6 * DAY),
            // b: open day 1, suppressed day 2 (does not end it), resolved day 10 -> 9 d
            event(2, "b", EventKind::Opened, DAY),
            event(5, "b", EventKind::Suppressed, 2 * DAY),
            event(9, "b", EventKind::Resolved, 10 * DAY),
            // c: still open
            event(3, "c", EventKind::Opened, DAY),
            // a stray resolve with nothing open is ignored
            event(7, "c2", EventKind::Resolved, 4 * DAY),
        ];
        (findings, events)
    }

    #[test]
    fn exposures_pair_opens_with_resolves() {
        let (_, events) = history();
        let spans: Vec<(String, i64)> = exposures(&events)
            .into_iter()
            .map(|e| (e.fingerprint, (e.resolved - e.opened) / DAY))
            .collect();
        assert_eq!(
            spans,
            vec![("a".into(), 2), ("a".into(), 1), ("b".into(), 9)]
        );
    }

    #[test]
    fn mttr_by_severity_and_team_with_exact_numbers() {
        let (findings, events) = history();
        let rows = mttr(&findings, &events, GroupBy::Severity, 0, 100 * DAY);
        assert_eq!(rows.len(), 1, "the open low finding has no MTTR yet");
        assert_eq!(rows[0].group, "high");
        assert_eq!(rows[0].resolved, 3);
        assert_eq!(rows[0].mean_seconds, (12 * DAY) as f64 / 3.0);
        assert_eq!(rows[0].median_seconds, (2 * DAY) as f64);
        let teams = mttr(&findings, &events, GroupBy::Team, 0, 100 * DAY);
        let pairs: Vec<(&str, usize, f64)> = teams
            .iter()
            .map(|r| (r.group.as_str(), r.resolved, r.median_seconds))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("payments", 2, 1.5 * DAY as f64),
                ("unknown", 1, 9.0 * DAY as f64)
            ]
        );
    }

    #[test]
    fn before_and_after_periods_count_what_was_resolved_in_each() {
        let (findings, events) = history();
        let before = mttr(&findings, &events, GroupBy::Severity, 0, 5 * DAY);
        let after = mttr(&findings, &events, GroupBy::Severity, 5 * DAY, 100 * DAY);
        assert_eq!(before[0].resolved, 1);
        assert_eq!(before[0].mean_seconds, (2 * DAY) as f64);
        assert_eq!(after[0].resolved, 2);
        assert_eq!(after[0].mean_seconds, (10 * DAY) as f64 / 2.0);
    }
}
