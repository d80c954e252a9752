//! AZU-SQL-005: an Azure SQL server's administrator password is written in the code.
use crate::prelude::*;
use crate::views::secrets;

pub static RULE: Rule = Rule {
    id: "AZU-SQL-005",
    title: "SQL server administrator password is hard-coded",
    severity: Severity::High,
    category: Category::Secrets,
    provider: Provider::Azure,
    kinds: &["azurerm_mssql_server", "azurerm_sql_server"],
    rationale: "An `administrator_login_password` whose value is known when the code is read was written \
somewhere in the code: the attribute itself, a variable default, a `.tfvars` file or a local. It is then in every \
clone of the repository and every CI log that prints the plan, and the server administrator can read and change \
every database on the server. A password that comes from a resource (`random_password`), a data source (Key Vault) \
or a variable without a value is unknown statically and is not reported. A value given with `-var` on the command \
line cannot be told apart from one written in a file and would be reported too.",
    remediation: "Generate the password with `random_password` and keep it in Key Vault, or read it from Key Vault \
with a data source, and mark variables `sensitive`; better, use Microsoft Entra authentication only \
(`azuread_administrator { azuread_authentication_only = true }`). Rotate the exposed password. Where the secret \
should live is a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://learn.microsoft.com/azure/azure-sql/database/authentication-azure-ad-only-authentication",
        "https://developer.hashicorp.com/terraform/tutorials/configuration-language/sensitive-variables",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

const PASSWORD: &str = "administrator_login_password";

fn check(server: ResourceRef<'_>) -> Vec<Hit> {
    let Some(password) = server.str(PASSWORD) else {
        return Vec::new(); // absent, or not known statically
    };
    if password.trim().is_empty()
        || (!secrets::is_literal_secret_value(password)
            && !password.bytes().all(|b| b.is_ascii_digit()))
    {
        return Vec::new();
    }
    let written_at = server
        .value_origins
        .get(PASSWORD)
        .map(|span| format!(" (written at {}:{})", span.file, span.start.line))
        .unwrap_or_default();
    vec![Hit::at(
        PASSWORD,
        format!(
            "`{}` has a hard-coded `{PASSWORD}` {}{written_at}",
            server.address,
            secrets::redacted(password)
        ),
    )]
}
