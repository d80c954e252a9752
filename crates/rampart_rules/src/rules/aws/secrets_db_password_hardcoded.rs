use crate::prelude::*;
use crate::views::secrets;

pub static RULE: Rule = Rule {
    id: "AWS-SEC-004",
    title: "Database master password is hard-coded",
    severity: Severity::High,
    category: Category::Secrets,
    provider: Provider::Aws,
    kinds: &[
        "aws_db_instance",
        "aws_rds_cluster",
        "aws_docdb_cluster",
        "aws_redshift_cluster",
        "aws_neptune_cluster",
    ],
    rationale: "A master password whose value is known when the code is read was written somewhere in the code: the \
attribute itself, a variable default, a `.tfvars` file or a local. It is then in every clone of the repository and \
every CI log that prints the plan, and it rarely gets rotated. A password that comes from a resource \
(`random_password`), a data source (Secrets Manager) or a variable without a value is unknown statically and is not \
reported. A value given with `-var` on the command line cannot be told apart from one written in a file and would \
be reported too.",
    remediation: "For RDS and Aurora, set `manage_master_user_password = true` and drop `password` / \
`master_password`: RDS then creates and rotates the password in Secrets Manager. Otherwise generate it with \
`random_password` or read it from Secrets Manager, mark the variable `sensitive`, and rotate the exposed password. The \
machine fix (RDS and Aurora only) switches to the managed password.",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html",
        "https://developer.hashicorp.com/terraform/tutorials/configuration-language/sensitive-variables",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn password_attribute(kind: &str) -> &'static str {
    if kind == "aws_db_instance" {
        "password"
    } else {
        "master_password"
    }
}

fn check(db: ResourceRef<'_>) -> Vec<Hit> {
    let attr = password_attribute(&db.kind);
    let Some(password) = db.str(attr) else {
        return Vec::new();
    };
    if !secrets::is_literal_secret_value(password) && !password.bytes().all(|b| b.is_ascii_digit())
    {
        return Vec::new();
    }
    if password.trim().is_empty() {
        return Vec::new();
    }
    let written_at = db
        .value_origins
        .get(attr)
        .map(|span| format!(" (written at {}:{})", span.file, span.start.line))
        .unwrap_or_default();
    vec![Hit::at(
        attr,
        format!(
            "`{}` has a hard-coded `{attr}` {}{written_at}",
            db.address,
            secrets::redacted(password)
        ),
    )]
}

fn fix(db: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    if db.kind != "aws_db_instance" && db.kind != "aws_rds_cluster" {
        return None;
    }
    Some(Fix {
        summary: "let RDS manage the master password in Secrets Manager".into(),
        changes: vec![
            Change::RemoveAttribute {
                address: db.address.clone(),
                path: password_attribute(&db.kind).into(),
            },
            Change::SetAttribute {
                address: db.address.clone(),
                path: "manage_master_user_password".into(),
                value: Value::Bool(true),
            },
        ],
        applicability: Applicability::Unsafe(
            "the master password changes to one stored in Secrets Manager; applications that log in with the old \
password fail until they read the new secret"
                .into(),
        ),
    })
}
