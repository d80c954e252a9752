//! Views for s3 rules.
