//! One history suite, run for real on SQLite (a temp dir) and on the machine's PostgreSQL
//! (`RAMPART_TEST_POSTGRES`, default postgres://postgres@127.0.0.1:5432/test), each test in a
//! database of its own that is dropped after. PostgreSQL missing is a failure, never a skip.

#![allow(clippy::unwrap_used, clippy::panic)]

use rampart_store::{ObservedFinding, ScanInput, Store, StoreLocation, Suppression};
use sqlx::Connection;

fn admin_url() -> String {
    std::env::var("RAMPART_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A fresh PostgreSQL database for one test; its URL.
async fn fresh_postgres(name: &str) -> String {
    let admin = admin_url();
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {admin} is required for this suite: {e}"));
    let db = format!("rampart_store_{name}_{}", std::process::id());
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {db} WITH (FORCE)"
    )))
    .execute(&mut conn)
    .await
    .unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {db}")))
        .execute(&mut conn)
        .await
        .unwrap();
    let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap();
    format!("{base}/{db}")
}

async fn drop_postgres(url: &str) {
    let db = url.rsplit_once('/').map(|(_, d)| d.to_string()).unwrap();
    let mut conn = sqlx::PgConnection::connect(&admin_url()).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {db} WITH (FORCE)"
    )))
    .execute(&mut conn)
    .await
    .unwrap();
}

fn finding(fingerprint: &str, line: i64) -> ObservedFinding {
    ObservedFinding {
        fingerprint: fingerprint.into(),
        rule_id: "AWS-S3-001".into(),
        title: "t".into(),
        severity: "high".into(),
        category: "data".into(),
        resource_kind: "aws_s3_bucket".into(),
        address: format!("aws_s3_bucket.{fingerprint}"),
        file: Some("main.tf".into()),
        line: Some(line),
        account: None,
        team: None,
        source_suppression: None,
    }
}

fn scan(scope: &str, at: i64, findings: Vec<ObservedFinding>) -> ScanInput {
    ScanInput {
        scope: scope.into(),
        started_at: at - 5,
        finished_at: at,
        tool_version: "test".into(),
        findings,
    }
}

async fn history_suite(location: StoreLocation) {
    let store = Store::open(&location).await.unwrap();
    let first = store
        .record_scan(&scan("repo", 1000, vec![finding("a", 3), finding("b", 9)]))
        .await
        .unwrap();
    assert_eq!(
        (first.total, first.new, first.resolved, first.reopened),
        (2, 2, 0, 0)
    );
    // `a` moved lines (same fingerprint), `b` is gone; another scope's scan resolves nothing here
    let other = store
        .record_scan(&scan("elsewhere", 1500, vec![]))
        .await
        .unwrap();
    assert_eq!(other.resolved, 0);
    let second = store
        .record_scan(&scan("repo", 2000, vec![finding("a", 40)]))
        .await
        .unwrap();
    assert_eq!((second.new, second.resolved, second.reopened), (0, 1, 0));
    let third = store
        .record_scan(&scan("repo", 3000, vec![finding("a", 41), finding("b", 9)]))
        .await
        .unwrap();
    assert_eq!((third.new, third.resolved, third.reopened), (0, 0, 1));
    store
        .suppress(
            "repo",
            "a",
            &Suppression {
                by: "ana".into(),
                reason: "accepted".into(),
                until: Some(3500),
            },
            3100,
        )
        .await
        .unwrap();
    let rows = store.findings().await.unwrap();
    let a = rows.iter().find(|r| r.fingerprint == "a").unwrap();
    assert_eq!((a.first_seen, a.last_seen), (1000, 3000));
    assert!(
        a.is_suppressed_at(3400) && !a.is_suppressed_at(3500),
        "an expired suppression hides nothing"
    );
    let kinds: Vec<(String, String)> = store
        .events()
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.fingerprint, e.kind))
        .collect();
    let b: Vec<&str> = kinds
        .iter()
        .filter(|(f, _)| f == "b")
        .map(|(_, k)| k.as_str())
        .collect();
    assert_eq!(b, ["opened", "resolved", "reopened"]);
    assert!(
        store
            .suppress(
                "repo",
                "nope",
                &Suppression {
                    by: "x".into(),
                    reason: "y".into(),
                    until: None
                },
                1
            )
            .await
            .is_err()
    );
    for (id, total, stored) in store.scan_consistency().await.unwrap() {
        assert_eq!(total, stored, "scan {id}");
    }
    // MTTR from the stored events: `b` was open from 1000 until the scan at 2000
    let events = store.events().await.unwrap();
    let rows = store.findings().await.unwrap();
    let by_severity =
        rampart_store::mttr(&rows, &events, rampart_store::GroupBy::Severity, 0, 10_000);
    assert_eq!(by_severity.len(), 1);
    assert_eq!(
        (
            by_severity[0].group.as_str(),
            by_severity[0].resolved,
            by_severity[0].mean_seconds
        ),
        ("high", 1, 1000.0)
    );
    store.close().await;
    // re-opening runs the migrations again: a no-op, the history is intact
    let again = Store::open(&location).await.unwrap();
    assert_eq!(again.scans().await.unwrap().len(), 4);
    again.close().await;
}

#[tokio::test]
async fn history_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    history_suite(StoreLocation::Sqlite(dir.path().join("nested/rampart.db"))).await;
}

#[tokio::test]
async fn history_on_postgres() {
    let url = fresh_postgres("history").await;
    history_suite(StoreLocation::parse(&url)).await;
    drop_postgres(&url).await;
}

async fn ingest_50k(location: StoreLocation) -> f64 {
    let store = Store::open(&location).await.unwrap();
    let findings: Vec<ObservedFinding> =
        (0..50_000).map(|i| finding(&format!("f{i}"), i)).collect();
    let started = std::time::Instant::now();
    let summary = store.record_scan(&scan("big", 10, findings)).await.unwrap();
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(summary.new, 50_000);
    store.close().await;
    seconds
}

#[tokio::test]
async fn fifty_thousand_findings_ingest_on_both_backends() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = ingest_50k(StoreLocation::Sqlite(dir.path().join("big.db"))).await;
    let url = fresh_postgres("big").await;
    let postgres = ingest_50k(StoreLocation::parse(&url)).await;
    drop_postgres(&url).await;
    eprintln!("ingest of 50,000 findings: sqlite {sqlite:.2} s, postgres {postgres:.2} s");
}
