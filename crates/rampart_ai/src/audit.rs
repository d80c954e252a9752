use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::AiError;

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audited AI call. Hashes and counts only: no prompt, no values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub who: String,
    /// RFC 3339, UTC.
    pub when: String,
    pub provider: String,
    pub model: String,
    pub prompt_sha256: String,
    pub redactions: BTreeMap<String, usize>,
    pub response_sha256: String,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub latency_ms: u64,
    pub verdict: String,
    /// Hash of the previous line's record (zeros for the first).
    #[serde(default)]
    pub prev_hash: String,
    /// sha256 of this record with `hash` empty; covers `prev_hash`, which chains the lines.
    #[serde(default)]
    pub hash: String,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn record_hash(record: &AuditRecord) -> Result<String, serde_json::Error> {
    let mut r = record.clone();
    r.hash.clear();
    Ok(sha256_hex(serde_json::to_string(&r)?.as_bytes()))
}

/// Why a chain does not verify, naming the 1-based line.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("audit log line {line}: {reason}")]
pub struct ChainError {
    pub line: usize,
    pub reason: String,
}

/// Append-only JSONL audit trail.
#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// Chains `record` to the last line and appends it with one write, then fsyncs.
    pub fn append(&self, mut record: AuditRecord) -> Result<AuditRecord, AiError> {
        let err = |reason: String| AiError::Audit {
            path: self.path.display().to_string(),
            reason,
        };
        if record.when.is_empty() {
            record.when = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        }
        record.prev_hash = last_hash(&self.path).map_err(|e| err(e.to_string()))?;
        record.hash = record_hash(&record).map_err(|e| err(e.to_string()))?;
        let mut line = serde_json::to_string(&record).map_err(|e| err(e.to_string()))?;
        line.push('\n');
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| err(e.to_string()))?;
        file.write_all(line.as_bytes())
            .map_err(|e| err(e.to_string()))?;
        file.sync_all().map_err(|e| err(e.to_string()))?;
        Ok(record)
    }
}

fn last_hash(path: &Path) -> Result<String, ChainError> {
    if !path.exists() {
        return Ok(GENESIS.into());
    }
    // Verifying before appending means a tampered log is never extended silently.
    verify_chain(path).map(|(_, last)| last)
}

/// Checks every line's hash and link; returns the record count and the last hash.
pub fn verify_chain(path: &Path) -> Result<(usize, String), ChainError> {
    let text = std::fs::read_to_string(path).map_err(|e| ChainError {
        line: 0,
        reason: e.to_string(),
    })?;
    let mut prev = GENESIS.to_string();
    let mut count = 0;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let fail = |reason: String| ChainError { line: n, reason };
        let record: AuditRecord =
            serde_json::from_str(line).map_err(|e| fail(format!("not a record: {e}")))?;
        let want = record_hash(&record).map_err(|e| fail(e.to_string()))?;
        if record.hash != want {
            return Err(fail("record was changed (hash mismatch)".into()));
        }
        if record.prev_hash != prev {
            return Err(fail(
                "chain broken: a record before it was removed, inserted or reordered".into(),
            ));
        }
        prev = record.hash;
        count += 1;
    }
    Ok((count, prev))
}
