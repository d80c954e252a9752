//! The store: open (creating the SQLite file's folder, running the migrations), record a scan
//! in one transaction, suppress, read rows back. The same SQL runs on both backends; only the
//! migrations differ (identity columns).

use crate::error::{Result, StoreError};
use crate::location::StoreLocation;
use crate::records::{
    EventKind, EventRecord, FindingRecord, IngestSummary, ObservedFinding, ScanInput, ScanRecord,
    Status, Suppression, Timestamp,
};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::{QueryBuilder, Row};
use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

/// Rows per multi-row INSERT: 16 columns × 1,000 rows stays under SQLite's 32,766 and
/// PostgreSQL's 65,535 bound parameters.
const ROWS_PER_INSERT: usize = 1000;

enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

pub struct Store {
    pool: Pool,
    location: StoreLocation,
}

/// Runs `$body` with `$pool` bound to whichever backend the store has: the SQL is the same,
/// the types are not.
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            Pool::Sqlite($pool) => $body,
            Pool::Postgres($pool) => $body,
        }
    };
}

impl Store {
    /// Opens (creating when needed) and migrates the store at `location`.
    pub async fn open(location: &StoreLocation) -> Result<Store> {
        let open_error = |source| StoreError::Open {
            location: location.to_string(),
            source,
        };
        let pool = match location {
            StoreLocation::Sqlite(path) => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
                        path: parent.display().to_string(),
                        source,
                    })?;
                }
                // WAL: a reader never blocks the writer, and a killed writer leaves the last
                // committed transaction intact
                let options = SqliteConnectOptions::from_str("sqlite://")
                    .map_err(open_error)?
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .busy_timeout(Duration::from_secs(30));
                let pool = SqlitePoolOptions::new()
                    .max_connections(4)
                    .connect_with(options)
                    .await
                    .map_err(open_error)?;
                Pool::Sqlite(pool)
            }
            StoreLocation::Postgres(url) => {
                let pool = PgPoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await
                    .map_err(open_error)?;
                Pool::Postgres(pool)
            }
        };
        let store = Store {
            pool,
            location: location.clone(),
        };
        store.migrate().await?;
        Ok(store)
    }

    pub fn location(&self) -> &StoreLocation {
        &self.location
    }

    async fn migrate(&self) -> Result<()> {
        let result = match &self.pool {
            Pool::Sqlite(pool) => sqlx::migrate!("migrations/sqlite").run(pool).await,
            Pool::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await,
        };
        result.map_err(|source| StoreError::Migrate {
            location: self.location.to_string(),
            source,
        })
    }

    fn query_error(&self, doing: &'static str) -> impl Fn(sqlx::Error) -> StoreError + '_ {
        move |source| StoreError::Query {
            location: self.location.to_string(),
            doing,
            source,
        }
    }

    /// Records one scan in one transaction: new findings are opened, findings seen again after
    /// being resolved are reopened, and open findings of the same scope this scan did not see
    /// are resolved. Findings of other scopes are untouched.
    pub async fn record_scan(&self, scan: &ScanInput) -> Result<IngestSummary> {
        let findings = unique_by_fingerprint(&scan.findings);
        let at = scan.finished_at;
        with_pool!(self, pool => {
            let mut tx = pool.begin().await.map_err(self.query_error("begin a transaction"))?;
            let scan_id: i64 = sqlx::query(
                "INSERT INTO scans (scope, started_at, finished_at, tool_version, total, new_count, resolved_count, reopened_count) \
                 VALUES ($1, $2, $3, $4, 0, 0, 0, 0) RETURNING id",
            )
            .bind(&scan.scope)
            .bind(scan.started_at)
            .bind(scan.finished_at)
            .bind(&scan.tool_version)
            .fetch_one(&mut *tx)
            .await
            .and_then(|row| row.try_get(0))
            .map_err(self.query_error("insert the scan"))?;

            let known: HashMap<String, String> = sqlx::query_as::<_, (String, String)>(
                "SELECT fingerprint, status FROM findings WHERE scope = $1",
            )
            .bind(&scan.scope)
            .fetch_all(&mut *tx)
            .await
            .map_err(self.query_error("read the scope's findings"))?
            .into_iter()
            .collect();
            let mut events: Vec<(&str, EventKind)> = Vec::new();
            for finding in &findings {
                match known.get(&finding.fingerprint).map(String::as_str) {
                    None => events.push((&finding.fingerprint, EventKind::Opened)),
                    Some(status) if status == Status::Resolved.as_str() => {
                        events.push((&finding.fingerprint, EventKind::Reopened))
                    }
                    Some(_) => {}
                }
            }

            for chunk in findings.chunks(ROWS_PER_INSERT) {
                let mut insert = QueryBuilder::new(
                    "INSERT INTO findings (scope, fingerprint, rule_id, title, severity, category, resource_kind, address, \
                     file, account, team, status, first_seen, last_seen, last_scan_id, source_suppression) ",
                );
                insert.push_values(chunk, |mut row, f| {
                    row.push_bind(&scan.scope)
                        .push_bind(&f.fingerprint)
                        .push_bind(&f.rule_id)
                        .push_bind(&f.title)
                        .push_bind(&f.severity)
                        .push_bind(&f.category)
                        .push_bind(&f.resource_kind)
                        .push_bind(&f.address)
                        .push_bind(&f.file)
                        .push_bind(&f.account)
                        .push_bind(&f.team)
                        .push_bind(Status::Open.as_str())
                        .push_bind(at)
                        .push_bind(at)
                        .push_bind(scan_id)
                        .push_bind(&f.source_suppression);
                });
                insert.push(
                    " ON CONFLICT (scope, fingerprint) DO UPDATE SET rule_id = excluded.rule_id, title = excluded.title, \
                     severity = excluded.severity, category = excluded.category, resource_kind = excluded.resource_kind, \
                     address = excluded.address, file = excluded.file, account = excluded.account, team = excluded.team, \
                     status = excluded.status, last_seen = excluded.last_seen, last_scan_id = excluded.last_scan_id, \
                     resolved_at = NULL, source_suppression = excluded.source_suppression",
                );
                insert.build().execute(&mut *tx).await.map_err(self.query_error("upsert findings"))?;
            }

            for chunk in findings.chunks(ROWS_PER_INSERT) {
                let mut insert = QueryBuilder::new("INSERT INTO occurrences (scan_id, fingerprint, line) ");
                insert.push_values(chunk, |mut row, f| {
                    row.push_bind(scan_id).push_bind(&f.fingerprint).push_bind(f.line);
                });
                insert.build().execute(&mut *tx).await.map_err(self.query_error("insert occurrences"))?;
            }

            for chunk in events.chunks(ROWS_PER_INSERT) {
                let mut insert = QueryBuilder::new("INSERT INTO events (scope, fingerprint, scan_id, kind, at) ");
                insert.push_values(chunk, |mut row, (fingerprint, kind)| {
                    row.push_bind(&scan.scope)
                        .push_bind(*fingerprint)
                        .push_bind(scan_id)
                        .push_bind(kind.as_str())
                        .push_bind(at);
                });
                insert.build().execute(&mut *tx).await.map_err(self.query_error("insert events"))?;
            }

            // what this scope had open and this scan did not see is resolved
            sqlx::query(
                "INSERT INTO events (scope, fingerprint, scan_id, kind, at) \
                 SELECT scope, fingerprint, $1, 'resolved', $2 FROM findings \
                 WHERE scope = $3 AND status = 'open' AND last_scan_id <> $1",
            )
            .bind(scan_id)
            .bind(at)
            .bind(&scan.scope)
            .execute(&mut *tx)
            .await
            .map_err(self.query_error("record resolutions"))?;
            let resolved = sqlx::query(
                "UPDATE findings SET status = 'resolved', resolved_at = $1 \
                 WHERE scope = $2 AND status = 'open' AND last_scan_id <> $3",
            )
            .bind(at)
            .bind(&scan.scope)
            .bind(scan_id)
            .execute(&mut *tx)
            .await
            .map_err(self.query_error("resolve findings"))?
            .rows_affected();

            let count = |kind: EventKind| events.iter().filter(|(_, k)| *k == kind).count() as i64;
            let summary = IngestSummary {
                scan_id,
                total: findings.len() as i64,
                new: count(EventKind::Opened),
                resolved: i64::try_from(resolved).unwrap_or(i64::MAX),
                reopened: count(EventKind::Reopened),
            };
            sqlx::query(
                "UPDATE scans SET total = $1, new_count = $2, resolved_count = $3, reopened_count = $4 WHERE id = $5",
            )
            .bind(summary.total)
            .bind(summary.new)
            .bind(summary.resolved)
            .bind(summary.reopened)
            .bind(scan_id)
            .execute(&mut *tx)
            .await
            .map_err(self.query_error("write the scan's counts"))?;
            tx.commit().await.map_err(self.query_error("commit the scan"))?;
            Ok(summary)
        })
    }

    /// Suppresses a finding: recorded on it and as an event, so history keeps who and why.
    pub async fn suppress(
        &self,
        scope: &str,
        fingerprint: &str,
        suppression: &Suppression,
        at: Timestamp,
    ) -> Result<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await.map_err(self.query_error("begin a transaction"))?;
            let updated = sqlx::query(
                "UPDATE findings SET suppressed_by = $1, suppressed_reason = $2, suppressed_at = $3, suppressed_until = $4 \
                 WHERE scope = $5 AND fingerprint = $6",
            )
            .bind(&suppression.by)
            .bind(&suppression.reason)
            .bind(at)
            .bind(suppression.until)
            .bind(scope)
            .bind(fingerprint)
            .execute(&mut *tx)
            .await
            .map_err(self.query_error("suppress a finding"))?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::NoSuchFinding {
                    location: self.location.to_string(),
                    scope: scope.to_string(),
                    fingerprint: fingerprint.to_string(),
                });
            }
            sqlx::query(
                "INSERT INTO events (scope, fingerprint, kind, at, actor, reason, until_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(scope)
            .bind(fingerprint)
            .bind(EventKind::Suppressed.as_str())
            .bind(at)
            .bind(&suppression.by)
            .bind(&suppression.reason)
            .bind(suppression.until)
            .execute(&mut *tx)
            .await
            .map_err(self.query_error("record a suppression"))?;
            tx.commit().await.map_err(self.query_error("commit a suppression"))?;
            Ok(())
        })
    }

    pub async fn scans(&self) -> Result<Vec<ScanRecord>> {
        with_pool!(self, pool => sqlx::query_as::<_, ScanRecord>(
            "SELECT id, scope, started_at, finished_at, tool_version, total, new_count, resolved_count, reopened_count \
             FROM scans ORDER BY id",
        )
        .fetch_all(pool)
        .await
        .map_err(self.query_error("read scans")))
    }

    pub async fn findings(&self) -> Result<Vec<FindingRecord>> {
        with_pool!(self, pool => sqlx::query_as::<_, FindingRecord>(
            "SELECT scope, fingerprint, rule_id, title, severity, category, resource_kind, address, file, account, team, \
             status, first_seen, last_seen, last_scan_id, resolved_at, source_suppression, suppressed_by, \
             suppressed_reason, suppressed_at, suppressed_until FROM findings ORDER BY scope, fingerprint",
        )
        .fetch_all(pool)
        .await
        .map_err(self.query_error("read findings")))
    }

    pub async fn events(&self) -> Result<Vec<EventRecord>> {
        with_pool!(self, pool => sqlx::query_as::<_, EventRecord>(
            "SELECT id, scope, fingerprint, scan_id, kind, at, actor, reason, until_at FROM events ORDER BY at, id",
        )
        .fetch_all(pool)
        .await
        .map_err(self.query_error("read events")))
    }

    /// Per scan: its recorded total and the occurrences actually stored for it. Equal for
    /// every scan unless a scan was half written, which a transaction makes impossible.
    pub async fn scan_consistency(&self) -> Result<Vec<(i64, i64, i64)>> {
        with_pool!(self, pool => sqlx::query_as::<_, (i64, i64, i64)>(
            "SELECT s.id, s.total, (SELECT COUNT(*) FROM occurrences o WHERE o.scan_id = s.id) FROM scans s ORDER BY s.id",
        )
        .fetch_all(pool)
        .await
        .map_err(self.query_error("check scan counts")))
    }

    pub async fn close(self) {
        with_pool!(self, pool => pool.close().await)
    }
}

/// A scan reports each finding once; if a caller repeats one, the first wins.
fn unique_by_fingerprint(findings: &[ObservedFinding]) -> Vec<&ObservedFinding> {
    let mut seen = std::collections::HashSet::with_capacity(findings.len());
    findings
        .iter()
        .filter(|f| seen.insert(f.fingerprint.as_str()))
        .collect()
}
