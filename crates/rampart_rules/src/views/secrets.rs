//! Views for secrets rules.
