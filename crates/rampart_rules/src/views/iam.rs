//! Views for iam rules.
