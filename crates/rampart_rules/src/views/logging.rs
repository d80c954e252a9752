//! Views for logging rules.
