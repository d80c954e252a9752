//! AWS-RDS-003: a database snapshot is shared with every AWS account.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-RDS-003",
    title: "RDS snapshot is shared publicly with every AWS account",
    severity: Severity::Critical,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: &["aws_db_snapshot", "aws_db_cluster_snapshot"],
    rationale: "`shared_accounts` containing `all` makes the snapshot public: anyone with an AWS account can restore it \
into their own account and read the whole database, including password hashes and personal data. Public snapshots \
are actively searched for.",
    remediation: "Remove `all` from `shared_accounts` and share with the specific account ids that need the snapshot \
(encrypted snapshots cannot be public at all, which is one more reason to encrypt).",
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html"],
    aliases: &["CKV_AWS_302"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn is_all(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.trim().eq_ignore_ascii_case("all"))
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let public = r
        .get("shared_accounts")
        .is_some_and(|v| v.items().into_iter().any(is_all));
    if is_managed(&r) && public {
        vec![Hit::at(
            "shared_accounts",
            format!("`{}` is shared with every AWS account", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let kept: Vec<Value> = r
        .get("shared_accounts")?
        .items()
        .into_iter()
        .filter(|v| !is_all(v))
        .cloned()
        .collect();
    Some(set_attribute_fix(
        &r,
        "shared_accounts",
        Value::List(kept),
        "stop sharing the snapshot publicly",
        Applicability::Unsafe(
            "accounts that restore the snapshot through its public sharing lose access".into(),
        ),
    ))
}
