//! Live collection from Azure Resource Graph: the `Resources` query of
//! `POST {endpoint}/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01` with a
//! bearer token, page after page (`$skipToken`), rows mapped exactly as an `az graph query`
//! export ([`super::azure`]). The endpoint is configurable (sovereign clouds, a loopback
//! server in tests); the client code is the same for all of them.
//!
//! Must never: log or return the token, retry a refusal (401/403 are an error the report
//! shows), or retry throttling without bound.

use super::azure;
use rampart_model::{LoadError, Resource};
use serde_json::{Value as Json, json};
use std::sync::Arc;
use std::time::Duration;

/// Azure Resource Manager of the public cloud.
pub const PUBLIC_ENDPOINT: &str = "https://management.azure.com";
const PATH: &str = "/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01";
/// The largest page Resource Graph returns.
const MAX_PAGE: u32 = 1000;
/// A response larger than this is refused (a page of 1000 resources is a few MB).
const MAX_RESPONSE_BYTES: u64 = 64 << 20;
/// The longest wait a `Retry-After` header may ask for.
const MAX_WAIT: Duration = Duration::from_secs(30);

/// What to ask Resource Graph.
#[derive(Clone, Debug)]
pub struct GraphQuery {
    /// `https://management.azure.com`, or another cloud's Resource Manager.
    pub endpoint: String,
    /// Subscriptions to query; empty means every subscription the token can read.
    pub subscriptions: Vec<String>,
    /// A Resource Graph (KQL) query over the `Resources` table.
    pub query: String,
    /// Rows per page, at most 1000.
    pub page_size: u32,
    /// Retries of a throttled (429) or failed (5xx) request before giving up.
    pub max_retries: u32,
}

impl GraphQuery {
    /// Every resource of the types the Azure rules read.
    pub fn rule_kinds(subscriptions: Vec<String>) -> GraphQuery {
        GraphQuery {
            endpoint: PUBLIC_ENDPOINT.into(),
            subscriptions,
            query: "Resources | where type in~ ('microsoft.storage/storageaccounts', \
                    'microsoft.network/networksecuritygroups', 'microsoft.keyvault/vaults', \
                    'microsoft.sql/servers', 'microsoft.web/sites', \
                    'microsoft.containerservice/managedclusters', 'microsoft.compute/disks') \
                    | order by id asc"
                .into(),
            page_size: MAX_PAGE,
            max_retries: 4,
        }
    }
}

/// Why collection stopped.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error(
        "Azure Resource Graph refused the query (HTTP {status}{code}): {message}; check that the token is valid and has Reader on the subscriptions"
    )]
    Refused {
        status: u16,
        code: String,
        message: String,
    },
    #[error("Azure Resource Graph answered HTTP {status} after {attempts} attempts: {message}")]
    Failed {
        status: u16,
        attempts: u32,
        message: String,
    },
    #[error("cannot reach Azure Resource Graph at `{endpoint}`: {message}")]
    Unreachable { endpoint: String, message: String },
    #[error("Azure Resource Graph sent a response Rampart cannot read: {0}")]
    BadResponse(String),
}

/// What a collection returned.
#[derive(Debug, Default)]
pub struct Collected {
    pub resources: Vec<Resource>,
    /// Rows that could not be mapped (no `properties`), one warning each.
    pub warnings: Vec<LoadError>,
    /// Requests that returned a page.
    pub pages: usize,
    /// Requests repeated after throttling or a server error.
    pub retries: u32,
}

/// Runs `query` with `token` (an ARM access token; it is sent only as the bearer header).
pub fn collect(query: &GraphQuery, token: &str) -> Result<Collected, CollectError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into();
    let url = format!("{}{PATH}", query.endpoint.trim_end_matches('/'));
    let source: Arc<str> = Arc::from(format!("Azure Resource Graph at {}", query.endpoint));
    let mut out = Collected::default();
    let mut skip_token: Option<String> = None;
    loop {
        let mut options = json!({
            "$top": query.page_size.clamp(1, MAX_PAGE),
            "resultFormat": "objectArray",
        });
        if let (Some(token), Some(map)) = (&skip_token, options.as_object_mut()) {
            map.insert("$skipToken".into(), Json::String(token.clone()));
        }
        let mut body = json!({ "query": query.query, "options": options });
        if !query.subscriptions.is_empty()
            && let Some(map) = body.as_object_mut()
        {
            map.insert("subscriptions".into(), json!(query.subscriptions));
        }
        let page = post_with_retries(&agent, &url, token, &body.to_string(), query, &mut out)?;
        out.pages += 1;
        let rows = page
            .get("data")
            .and_then(Json::as_array)
            .ok_or_else(|| CollectError::BadResponse("no `data` array in the page".into()))?;
        for row in rows {
            match azure::load_row(&source, row) {
                Ok(r) => out.resources.push(r),
                Err(message) => out
                    .warnings
                    .push(LoadError::warning(&*source, 0, 0, message)),
            }
        }
        skip_token = page
            .get("$skipToken")
            .and_then(Json::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        if skip_token.is_none() {
            return Ok(out);
        }
    }
}

fn post_with_retries(
    agent: &ureq::Agent,
    url: &str,
    token: &str,
    body: &str,
    query: &GraphQuery,
    out: &mut Collected,
) -> Result<Json, CollectError> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut response = agent
            .post(url)
            .header("Authorization", &format!("Bearer {token}"))
            .header("Content-Type", "application/json")
            .send(body)
            .map_err(|e| CollectError::Unreachable {
                endpoint: query.endpoint.clone(),
                message: e.to_string(),
            })?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|s| s.trim().parse::<u64>().ok());
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_string()
            .map_err(|e| CollectError::BadResponse(e.to_string()))?;
        if (200..300).contains(&status) {
            return serde_json::from_str(&text)
                .map_err(|e| CollectError::BadResponse(format!("invalid JSON: {e}")));
        }
        let (code, message) = azure_error(&text);
        if status == 401 || status == 403 {
            return Err(CollectError::Refused {
                status,
                code: if code.is_empty() {
                    String::new()
                } else {
                    format!(", {code}")
                },
                message,
            });
        }
        let retryable = status == 429 || status >= 500;
        if !retryable || attempt > query.max_retries {
            return Err(CollectError::Failed {
                status,
                attempts: attempt,
                message,
            });
        }
        out.retries += 1;
        let backoff = Duration::from_millis(250u64.saturating_mul(1 << attempt.min(6)));
        let wait = retry_after
            .map_or(backoff, Duration::from_secs)
            .min(MAX_WAIT);
        std::thread::sleep(wait);
    }
}

/// `error.code` and `error.message` of an ARM error body, or the body's start.
fn azure_error(text: &str) -> (String, String) {
    let json: Json = serde_json::from_str(text).unwrap_or(Json::Null);
    let field = |key: &str| {
        json.get("error")
            .and_then(|e| e.get(key))
            .and_then(Json::as_str)
            .map(str::to_string)
    };
    let message = field("message").unwrap_or_else(|| text.chars().take(200).collect());
    (field("code").unwrap_or_default(), message)
}
