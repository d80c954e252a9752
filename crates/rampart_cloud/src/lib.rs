//! Live cloud collectors: read a running account through the provider's official SDK into the
//! same inventory snapshot ([`rampart_ingest::snapshot::Snapshot`]) the rules already read —
//! Terraform kinds and state attribute names — so every rule runs unchanged on live state.
//!
//! This is the only crate that pulls in cloud SDKs; the core (model, ingest, rules) never
//! depends on it. Must never: write to the cloud, log credentials, or turn a refused call into
//! a silent pass (it becomes a [`rampart_ingest::snapshot::SnapshotWarning`]).

pub mod aws;
