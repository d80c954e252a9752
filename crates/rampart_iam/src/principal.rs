//! Who makes a request, and how a `Principal` or `NotPrincipal` element names them. Principal
//! elements take no partial wildcards: only `*` (alone or as `{"AWS": "*"}`) stands for
//! everyone; any other value is compared exactly.

/// The caller of a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principal {
    /// An unauthenticated caller (`"principal": "*"`).
    Anonymous,
    /// An AWS service (`s3.amazonaws.com`).
    Service(String),
    /// A canonical user id (S3 ACL grants).
    CanonicalUser(String),
    /// An IAM principal, named by its ARN.
    Iam(IamPrincipal),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IamPrincipal {
    pub arn: String,
    pub partition: String,
    pub account: String,
    pub kind: IamKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IamKind {
    /// The account's root user.
    Root,
    User {
        name: String,
    },
    /// A role, standing for a session of it whose name does not matter.
    Role {
        name: String,
    },
    /// A role session: `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    Session {
        role: String,
        session: String,
    },
    FederatedUser {
        name: String,
    },
}

impl Principal {
    /// Reads `*`, an account id, an IAM or STS ARN, a service principal or a canonical user id.
    pub fn parse(text: &str) -> Result<Principal, String> {
        let text = text.trim();
        if text == "*" {
            return Ok(Principal::Anonymous);
        }
        if is_account_id(text) {
            return Ok(Principal::Iam(IamPrincipal {
                arn: format!("arn:aws:iam::{text}:root"),
                partition: "aws".into(),
                account: text.into(),
                kind: IamKind::Root,
            }));
        }
        if !text.starts_with("arn:") {
            if text.len() == 64 && text.chars().all(|c| c.is_ascii_hexdigit()) {
                return Ok(Principal::CanonicalUser(text.into()));
            }
            if text.ends_with(".amazonaws.com") || text.ends_with(".amazonaws.com.cn") {
                return Ok(Principal::Service(text.into()));
            }
            return Err(format!(
                "principal `{text}` is not `*`, an account id, an IAM/STS ARN, a service \
                 principal (`s3.amazonaws.com`) or a canonical user id"
            ));
        }
        let parts: Vec<&str> = text.splitn(6, ':').collect();
        let [_, partition, service, _, account, resource] = parts.as_slice() else {
            return Err(format!("principal `{text}` is not a complete ARN"));
        };
        if !is_account_id(account) {
            return Err(format!("principal `{text}` has no twelve-digit account id"));
        }
        let last = |r: &str| r.rsplit('/').next().unwrap_or_default().to_string();
        let kind = match (*service, *resource) {
            ("iam", "root") => IamKind::Root,
            ("iam", r) if r.starts_with("user/") => IamKind::User { name: last(r) },
            ("iam", r) if r.starts_with("role/") => IamKind::Role { name: last(r) },
            ("sts", r) if r.starts_with("assumed-role/") => {
                let mut names = r.splitn(3, '/').skip(1);
                match (names.next(), names.next()) {
                    (Some(role), Some(session)) if !role.is_empty() && !session.is_empty() => {
                        IamKind::Session {
                            role: role.into(),
                            session: session.into(),
                        }
                    }
                    _ => {
                        return Err(format!(
                            "principal `{text}`: an assumed-role ARN ends in `assumed-role/ROLE/SESSION`"
                        ));
                    }
                }
            }
            ("sts", r) if r.starts_with("federated-user/") => {
                IamKind::FederatedUser { name: last(r) }
            }
            _ => {
                return Err(format!(
                    "principal `{text}` is not a root, user, role, assumed-role or federated-user ARN"
                ));
            }
        };
        Ok(Principal::Iam(IamPrincipal {
            arn: text.into(),
            partition: (*partition).into(),
            account: (*account).into(),
            kind,
        }))
    }

    pub fn account(&self) -> Option<&str> {
        match self {
            Principal::Iam(p) => Some(&p.account),
            _ => None,
        }
    }

    pub fn as_iam(&self) -> Option<&IamPrincipal> {
        match self {
            Principal::Iam(p) => Some(p),
            _ => None,
        }
    }
}

impl IamPrincipal {
    /// `aws:PrincipalArn`: a session's role ARN (without a path, which the session ARN lacks).
    pub fn principal_arn(&self) -> String {
        match &self.kind {
            IamKind::Session { role, .. } => {
                format!("arn:{}:iam::{}:role/{role}", self.partition, self.account)
            }
            _ => self.arn.clone(),
        }
    }

    pub fn principal_type(&self) -> &'static str {
        match self.kind {
            IamKind::Root => "Account",
            IamKind::User { .. } => "User",
            IamKind::Role { .. } | IamKind::Session { .. } => "AssumedRole",
            IamKind::FederatedUser { .. } => "FederatedUser",
        }
    }
}

pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// How a `Principal` entry named the caller; decides what a same-account resource policy grant
/// is worth (see the evaluator).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Naming {
    /// The caller's account (id or root ARN): the account delegates to its identity policies.
    Account,
    /// Everyone (`*`), the role of a session, a service or an identity provider.
    Broad,
    /// The exact IAM user, role session or federated user ARN.
    Exact,
}

/// A `Principal`/`NotPrincipal` element.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PrincipalSet {
    pub everyone: bool,
    pub aws: Vec<String>,
    pub service: Vec<String>,
    pub federated: Vec<String>,
    pub canonical_user: Vec<String>,
}

impl PrincipalSet {
    /// The strongest way an entry names `principal`, or None.
    pub fn naming(&self, principal: &Principal) -> Option<Naming> {
        if self.everyone || self.aws.iter().any(|a| a == "*") {
            return Some(Naming::Broad);
        }
        match principal {
            Principal::Anonymous => None,
            Principal::Service(name) => self
                .service
                .iter()
                .chain(&self.federated)
                .any(|s| s.eq_ignore_ascii_case(name))
                .then_some(Naming::Broad),
            Principal::CanonicalUser(id) => self
                .canonical_user
                .iter()
                .any(|c| c == id)
                .then_some(Naming::Exact),
            Principal::Iam(p) => self
                .aws
                .iter()
                .filter_map(|entry| iam_naming(entry, p))
                .max(),
        }
    }

    /// NotPrincipal: the caller is exempt only when every identity AWS checks for it is
    /// listed — its account, and for users and sessions the user or session (or its role).
    pub fn exempts(&self, principal: &Principal) -> bool {
        if self.everyone || self.aws.iter().any(|a| a == "*") {
            return true;
        }
        let Principal::Iam(p) = principal else {
            return self.naming(principal).is_some();
        };
        let namings: Vec<Naming> = self.aws.iter().filter_map(|e| iam_naming(e, p)).collect();
        let account = namings.contains(&Naming::Account);
        match p.kind {
            IamKind::Root => account,
            _ => account && namings.iter().any(|n| *n != Naming::Account),
        }
    }
}

fn iam_naming(entry: &str, p: &IamPrincipal) -> Option<Naming> {
    let entry = entry.trim();
    if entry == p.account || entry == format!("arn:{}:iam::{}:root", p.partition, p.account) {
        return Some(Naming::Account);
    }
    if entry == p.arn {
        return Some(match p.kind {
            IamKind::Role { .. } => Naming::Broad,
            _ => Naming::Exact,
        });
    }
    // a role ARN (any path) names every session of that role
    let role = match &p.kind {
        IamKind::Session { role, .. } | IamKind::Role { name: role } => role,
        _ => return None,
    };
    let prefix = format!("arn:{}:iam::{}:role/", p.partition, p.account);
    let rest = entry.strip_prefix(&prefix)?;
    (rest.rsplit('/').next() == Some(role.as_str())).then_some(Naming::Broad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iam(arn: &str) -> Principal {
        Principal::parse(arn).unwrap_or(Principal::Anonymous)
    }

    #[test]
    fn principals_parse_by_kind() {
        assert_eq!(Principal::parse("*"), Ok(Principal::Anonymous));
        assert!(matches!(
            Principal::parse("arn:aws:sts::111122223333:assumed-role/Dev/alice"),
            Ok(Principal::Iam(IamPrincipal {
                kind: IamKind::Session { .. },
                ..
            }))
        ));
        assert!(Principal::parse("arn:aws:s3:::bucket").is_err());
        assert!(Principal::parse("alice").is_err());
        assert!(matches!(
            Principal::parse("lambda.amazonaws.com"),
            Ok(Principal::Service(_))
        ));
    }

    #[test]
    fn a_role_arn_names_its_sessions_broadly() {
        let set = PrincipalSet {
            aws: vec!["arn:aws:iam::111122223333:role/team/Dev".into()],
            ..PrincipalSet::default()
        };
        let session = iam("arn:aws:sts::111122223333:assumed-role/Dev/alice");
        assert_eq!(set.naming(&session), Some(Naming::Broad));
        let exact = PrincipalSet {
            aws: vec!["arn:aws:sts::111122223333:assumed-role/Dev/alice".into()],
            ..PrincipalSet::default()
        };
        assert_eq!(exact.naming(&session), Some(Naming::Exact));
        let other = iam("arn:aws:sts::111122223333:assumed-role/Ops/alice");
        assert_eq!(set.naming(&other), None);
    }

    #[test]
    fn not_principal_needs_the_account_too() {
        let user = iam("arn:aws:iam::111122223333:user/alice");
        let only_user = PrincipalSet {
            aws: vec!["arn:aws:iam::111122223333:user/alice".into()],
            ..PrincipalSet::default()
        };
        assert!(!only_user.exempts(&user));
        let both = PrincipalSet {
            aws: vec![
                "arn:aws:iam::111122223333:user/alice".into(),
                "111122223333".into(),
            ],
            ..PrincipalSet::default()
        };
        assert!(both.exempts(&user));
        assert!(!both.exempts(&iam("arn:aws:iam::111122223333:user/bob")));
    }
}
