//! What counts as a high-risk permission, defined once: an action whose access level is
//! *Permissions management* (on any service: it changes who may do what), or *Write* on a
//! service that holds identities, keys, the organization or the audit trail
//! ([`HIGH_RISK_WRITE_SERVICES`]), where a write is a step to more privilege or less
//! oversight (`sts:AssumeRole`, `kms:Decrypt`, `cloudtrail:StopLogging`).

use rampart_iam::catalogue::AccessLevel;

/// Services on which a *Write* action is high-risk.
pub const HIGH_RISK_WRITE_SERVICES: &[&str] = &[
    "iam",
    "sts",
    "kms",
    "organizations",
    "account",
    "sso",
    "identitystore",
    "cloudtrail",
];

/// Whether an action of `prefix` at `level` is high-risk.
pub fn is_high_risk(prefix: &str, level: AccessLevel) -> bool {
    match level {
        AccessLevel::PermissionsManagement => true,
        AccessLevel::Write => HIGH_RISK_WRITE_SERVICES
            .iter()
            .any(|s| s.eq_ignore_ascii_case(prefix)),
        AccessLevel::List | AccessLevel::Read | AccessLevel::Tagging => false,
    }
}

/// Whether a catalogued action (`prefix:Name`) is high-risk.
pub fn is_high_risk_action(action: crate::mapping::ActionRef<'_>) -> bool {
    let prefix = action.name.split(':').next().unwrap_or_default();
    is_high_risk(prefix, action.access_level())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definition() {
        assert!(is_high_risk("s3", AccessLevel::PermissionsManagement));
        assert!(is_high_risk("IAM", AccessLevel::Write));
        assert!(!is_high_risk("s3", AccessLevel::Write));
        assert!(!is_high_risk("iam", AccessLevel::Read));
        assert!(!is_high_risk("kms", AccessLevel::Tagging));
    }
}
