//! AWS-WS-001: a WorkSpace volume is not encrypted.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-WS-001",
    title: "WorkSpaces root or user volume is not encrypted",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_workspaces_workspace"],
    rationale: "WorkSpaces volumes hold users' documents, browser profiles and cached credentials. `root_volume_encryption_enabled` and `user_volume_encryption_enabled` default to false, leaving them and their snapshots in clear text.",
    remediation: "Set `root_volume_encryption_enabled = true` and `user_volume_encryption_enabled = true` with `volume_encryption_key`. Encryption applies only when a WorkSpace is created: it is rebuilt.",
    references: &[
        "https://docs.aws.amazon.com/workspaces/latest/adminguide/encrypt-workspaces.html",
    ],
    aliases: &[
        "AVD-AWS-0109",
        "aws-workspaces-enable-disk-encryption",
        "CKV_AWS_155",
        "CKV_AWS_156",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (attr, which) in [
        ("root_volume_encryption_enabled", "root"),
        ("user_volume_encryption_enabled", "user"),
    ] {
        hits.extend(svc::hit_if_false(
            &r,
            crate::util::flag(&r, attr, false),
            attr,
            &format!("does not encrypt its {which} volume"),
        ));
    }
    hits
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let path = hit.attribute.clone()?;
    Some(set_attribute_fix(
        &r,
        &path,
        Value::Bool(true),
        "encrypt the WorkSpace volume",
        Applicability::Unsafe(
            "the WorkSpace is rebuilt; data on the user volume is lost unless backed up".into(),
        ),
    ))
}
