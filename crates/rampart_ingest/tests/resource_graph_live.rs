//! The Azure Resource Graph collector against a loopback server that speaks the documented
//! REST API (`POST /providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01`,
//! `{"subscriptions", "query", "options": {"$top", "$skipToken", "resultFormat"}}` →
//! `{"totalRecords", "count", "resultTruncated", "$skipToken", "data", "facets"}`): pages are
//! followed, throttling is retried, a refusal is an error that never repeats the token, and the
//! rows become the same resources an `az graph query` export gives.

#![cfg(feature = "azure-live")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use rampart_ingest::cloud_exports::resource_graph::{CollectError, GraphQuery, collect};
use serde_json::{Value as Json, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// A request the server received: request line, lower-cased headers, body.
#[derive(Debug, Clone)]
struct Received {
    line: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Json {
        serde_json::from_str(&self.body).unwrap()
    }
}

/// A scripted answer: status, extra headers, body.
type Scripted = (u16, Vec<(&'static str, &'static str)>, String);

/// Serves `responses` (status, extra headers, body) in order, one per connection, on
/// 127.0.0.1; returns the endpoint and what it received.
fn serve(responses: Vec<Scripted>) -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = received.clone();
    std::thread::spawn(move || {
        for (status, headers, body) in responses {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let mut got = Vec::new();
            loop {
                let mut h = String::new();
                reader.read_line(&mut h).unwrap();
                let h = h.trim_end();
                if h.is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    got.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                }
            }
            let length: usize = got
                .iter()
                .find(|(k, _)| k == "content-length")
                .map(|(_, v)| v.parse().unwrap())
                .unwrap_or(0);
            let mut buf = vec![0u8; length];
            reader.read_exact(&mut buf).unwrap();
            log.lock().unwrap().push(Received {
                line: line.trim_end().to_string(),
                headers: got,
                body: String::from_utf8(buf).unwrap(),
            });
            let mut stream = stream;
            let mut head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            stream.write_all(head.as_bytes()).unwrap();
            stream.write_all(body.as_bytes()).unwrap();
        }
    });
    (endpoint, received)
}

const SUB: &str = "00000000-0000-0000-0000-000000000001";
const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOi.secret-test-token";

fn account(name: &str, https_only: bool) -> Json {
    json!({
        "id": format!("/subscriptions/{SUB}/resourceGroups/shop/providers/Microsoft.Storage/storageAccounts/{name}"),
        "name": name,
        "type": "microsoft.storage/storageaccounts",
        "location": "westeurope",
        "resourceGroup": "shop",
        "subscriptionId": SUB,
        "kind": "StorageV2",
        "properties": { "supportsHttpsTrafficOnly": https_only, "minimumTlsVersion": "TLS1_2" },
    })
}

fn page(rows: Vec<Json>, skip_token: Option<&str>) -> String {
    let mut p = json!({
        "totalRecords": 3,
        "count": rows.len(),
        "resultTruncated": "false",
        "data": rows,
        "facets": [],
    });
    if let Some(t) = skip_token {
        p["$skipToken"] = json!(t);
    }
    p.to_string()
}

fn query(endpoint: &str) -> GraphQuery {
    let mut q = GraphQuery::rule_kinds(vec![SUB.into()]);
    q.endpoint = endpoint.into();
    q.page_size = 2;
    q
}

#[test]
fn pages_are_followed_throttling_retried_and_rows_mapped() {
    let (endpoint, received) = serve(vec![
        (
            200,
            vec![],
            page(
                vec![account("plainhttp", false), account("tlsonly", true)],
                Some("page-2-token"),
            ),
        ),
        (
            429,
            vec![("Retry-After", "0")],
            json!({"error": {"code": "RateLimiting", "message": "slow down"}}).to_string(),
        ),
        (200, vec![], page(vec![account("third", true)], None)),
    ]);
    let collected = collect(&query(&endpoint), TOKEN).unwrap();
    assert_eq!(collected.pages, 2);
    assert_eq!(collected.retries, 1);
    let names: Vec<&str> = collected
        .resources
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["plainhttp", "tlsonly", "third"]);
    let plain = &collected.resources[0];
    assert_eq!(plain.kind, "azurerm_storage_account");
    assert_eq!(
        plain.attributes.get("https_traffic_only_enabled"),
        Some(&rampart_model::Value::Bool(false))
    );
    assert_eq!(
        plain.origin.console_url().as_deref(),
        Some(format!("https://portal.azure.com/#@/resource/subscriptions/{SUB}/resourceGroups/shop/providers/Microsoft.Storage/storageAccounts/plainhttp").as_str())
    );

    let requests = received.lock().unwrap().clone();
    assert_eq!(requests.len(), 3);
    for r in &requests {
        assert_eq!(
            r.line,
            "POST /providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01 HTTP/1.1"
        );
        assert_eq!(
            r.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert_eq!(r.header("content-type"), Some("application/json"));
        let body = r.json();
        assert_eq!(body["subscriptions"], json!([SUB]));
        assert!(
            body["query"]
                .as_str()
                .unwrap()
                .starts_with("Resources | where type in~")
        );
        assert_eq!(body["options"]["$top"], 2);
        assert_eq!(body["options"]["resultFormat"], "objectArray");
    }
    assert!(requests[0].json()["options"].get("$skipToken").is_none());
    // the throttled request and its retry both ask for page 2
    assert_eq!(requests[1].json()["options"]["$skipToken"], "page-2-token");
    assert_eq!(requests[2].json()["options"]["$skipToken"], "page-2-token");
}

#[test]
fn a_refusal_is_an_error_naming_the_cause_and_never_the_token() {
    let (endpoint, received) = serve(vec![(
        403,
        vec![],
        json!({"error": {"code": "AuthorizationFailed", "message": "The client does not have authorization to perform action 'Microsoft.ResourceGraph/resources/read'."}}).to_string(),
    )]);
    let err = collect(&query(&endpoint), TOKEN).unwrap_err();
    assert!(
        matches!(err, CollectError::Refused { status: 403, .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("AuthorizationFailed"), "{text}");
    assert!(text.contains("Reader"), "{text}");
    assert!(!text.contains(TOKEN) && !format!("{err:?}").contains("secret-test-token"));
    // a refusal is not retried
    assert_eq!(received.lock().unwrap().len(), 1);
}

#[test]
fn throttling_is_retried_only_a_bounded_number_of_times() {
    let throttled = || {
        (
            429,
            vec![("Retry-After", "0")],
            json!({"error": {"code": "RateLimiting", "message": "slow down"}}).to_string(),
        )
    };
    let (endpoint, received) = serve(vec![throttled(), throttled(), throttled()]);
    let mut q = query(&endpoint);
    q.max_retries = 2;
    let err = collect(&q, TOKEN).unwrap_err();
    assert!(
        matches!(
            err,
            CollectError::Failed {
                status: 429,
                attempts: 3,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(received.lock().unwrap().len(), 3);
}

#[test]
fn an_unreachable_endpoint_is_an_error_naming_it() {
    // a port nothing listens on: bind one, then free it
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let err = collect(&query(&endpoint), TOKEN).unwrap_err();
    assert!(matches!(err, CollectError::Unreachable { .. }), "{err:?}");
    assert!(err.to_string().contains(&endpoint), "{err}");
}
