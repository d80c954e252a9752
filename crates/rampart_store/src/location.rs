//! Where the store lives: a SQLite file (the default, `.rampart/rampart.db`) or a PostgreSQL
//! URL. `Display` never shows a password, so a location can go into any message.

use std::fmt;
use std::path::PathBuf;

pub const DEFAULT_SQLITE_PATH: &str = ".rampart/rampart.db";

#[derive(Clone, PartialEq, Eq)]
pub enum StoreLocation {
    Sqlite(PathBuf),
    /// The URL as given, password included: only ever passed to the driver.
    Postgres(String),
}

impl StoreLocation {
    /// `postgres://…` / `postgresql://…` is PostgreSQL; `sqlite://PATH` or anything else is a
    /// SQLite file path.
    pub fn parse(text: &str) -> StoreLocation {
        let trimmed = text.trim();
        if trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://") {
            return StoreLocation::Postgres(trimmed.to_string());
        }
        let path = trimmed.strip_prefix("sqlite://").unwrap_or(trimmed);
        match path.is_empty() {
            true => StoreLocation::default(),
            false => StoreLocation::Sqlite(PathBuf::from(path)),
        }
    }
}

impl Default for StoreLocation {
    fn default() -> StoreLocation {
        StoreLocation::Sqlite(PathBuf::from(DEFAULT_SQLITE_PATH))
    }
}

impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::Sqlite(path) => write!(f, "{}", path.display()),
            StoreLocation::Postgres(url) => f.write_str(&without_password(url)),
        }
    }
}

impl fmt::Debug for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StoreLocation({self})")
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`; the query string is
/// dropped too, since it may carry `password=`.
fn without_password(url: &str) -> String {
    let url = url.split('?').next().unwrap_or("");
    let Some((scheme, rest)) = url.split_once("://") else {
        return "postgres://***".into();
    };
    match rest.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
            None => format!("{scheme}://{credentials}@{host}"),
        },
        None => format!("{scheme}://{rest}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_query_strings_never_display() {
        let shown =
            StoreLocation::parse("postgres://app:s3cret@db:5432/rampart?password=x").to_string();
        assert_eq!(shown, "postgres://app:***@db:5432/rampart");
        assert!(
            !format!("{:?}", StoreLocation::parse("postgresql://a:s3cret@h/d")).contains("s3cret")
        );
    }

    #[test]
    fn anything_else_is_a_sqlite_path() {
        assert_eq!(
            StoreLocation::parse("x/y.db"),
            StoreLocation::Sqlite("x/y.db".into())
        );
        assert_eq!(
            StoreLocation::parse("sqlite://a.db"),
            StoreLocation::Sqlite("a.db".into())
        );
        assert_eq!(StoreLocation::parse(""), StoreLocation::default());
    }
}
