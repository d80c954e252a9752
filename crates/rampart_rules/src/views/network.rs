//! Views for network rules.
