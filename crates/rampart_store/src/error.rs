//! The store's one error type. Every message names what failed: the database (its URL with
//! any password removed), the migration, the statement's purpose. Never a secret.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the findings store `{location}`: {source}")]
    Open {
        location: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot create the folder of the findings store `{path}`: {source}")]
    CreateDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot migrate the findings store `{location}`: {source}")]
    Migrate {
        location: String,
        #[source]
        source: sqlx::migrate::MigrateError,
    },
    #[error("findings store `{location}`: cannot {doing}: {source}")]
    Query {
        location: String,
        doing: &'static str,
        #[source]
        source: sqlx::Error,
    },
    #[error("findings store `{location}`: no finding `{fingerprint}` in scope `{scope}`")]
    NoSuchFinding {
        location: String,
        scope: String,
        fingerprint: String,
    },
    #[error("team mapping `{path}`: {message}")]
    TeamMapping { path: String, message: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;
