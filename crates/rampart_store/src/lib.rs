//! Rampart's findings history: every scan recorded, each finding kept under a stable
//! fingerprint across scans (first seen, last seen, resolved, reopened, suppressed), on an
//! embedded SQLite file or PostgreSQL, and the metrics computed from it (MTTR, open findings
//! over time, posture score). Logic never reads the clock: callers pass the time.
//! See docs/store.md.

mod error;
mod location;
mod mttr;
mod records;
mod store;
mod team;

pub use error::{Result, StoreError};
pub use location::{DEFAULT_SQLITE_PATH, StoreLocation};
pub use mttr::{Exposure, GroupBy, MttrRow, exposures, mttr};
pub use records::{
    EventKind, EventRecord, FindingRecord, IngestSummary, ObservedFinding, ScanInput, ScanRecord,
    Status, Suppression, Timestamp,
};
pub use store::Store;
pub use team::TeamMapping;
