//! Who owns a finding: a tag on the resource (`owner`/`team` by default, configurable), else
//! the first glob in a mapping file that matches the finding's file or account.
//!
//! Mapping file (TOML):
//! ```toml
//! tag_keys = ["owner", "team"]
//! [[map]]
//! match = "examples/shop/**"
//! team = "web"
//! [[map]]
//! match = "123456789012"
//! team = "payments"
//! ```

use crate::error::{Result, StoreError};
use globset::{Glob, GlobMatcher};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct TeamMapping {
    tag_keys: Vec<String>,
    globs: Vec<(GlobMatcher, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    tag_keys: Option<Vec<String>>,
    #[serde(default)]
    map: Vec<MappingEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingEntry {
    #[serde(rename = "match")]
    pattern: String,
    team: String,
}

impl Default for TeamMapping {
    fn default() -> TeamMapping {
        TeamMapping {
            tag_keys: vec!["owner".into(), "team".into()],
            globs: Vec::new(),
        }
    }
}

impl TeamMapping {
    /// Parses a mapping file's text; `path` only names it in errors.
    pub fn from_toml(path: &str, text: &str) -> Result<TeamMapping> {
        let error = |message: String| StoreError::TeamMapping {
            path: path.to_string(),
            message,
        };
        let file: MappingFile = toml::from_str(text).map_err(|e| error(e.to_string()))?;
        let mut globs = Vec::with_capacity(file.map.len());
        for entry in file.map {
            let glob = Glob::new(&entry.pattern)
                .map_err(|e| error(format!("bad glob `{}`: {e}", entry.pattern)))?;
            globs.push((glob.compile_matcher(), entry.team));
        }
        Ok(TeamMapping {
            tag_keys: file
                .tag_keys
                .unwrap_or_else(|| TeamMapping::default().tag_keys),
            globs,
        })
    }

    /// The owning team: the first configured tag key present (non-empty) on the resource, else
    /// the first glob matching the file path or the account.
    pub fn team_for(&self, tags: &BTreeMap<String, String>, place: &str) -> Option<String> {
        let from_tag = self.tag_keys.iter().find_map(|key| {
            tags.get(key)
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        });
        from_tag.or_else(|| {
            self.globs
                .iter()
                .find(|(glob, _)| glob.is_match(place))
                .map(|(_, team)| team.clone())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_wins_over_the_mapping_and_globs_match_in_order() {
        let mapping = TeamMapping::from_toml(
            "teams.toml",
            "tag_keys = [\"squad\"]\n[[map]]\nmatch = \"infra/pay/**\"\nteam = \"payments\"\n[[map]]\nmatch = \"**\"\nteam = \"platform\"\n",
        )
        .unwrap();
        let tags = BTreeMap::from([("squad".to_string(), "red".to_string())]);
        assert_eq!(
            mapping.team_for(&tags, "infra/pay/main.tf").as_deref(),
            Some("red")
        );
        let none = BTreeMap::new();
        assert_eq!(
            mapping.team_for(&none, "infra/pay/main.tf").as_deref(),
            Some("payments")
        );
        assert_eq!(
            mapping.team_for(&none, "other.tf").as_deref(),
            Some("platform")
        );
        let owner = BTreeMap::from([("owner".to_string(), "x".to_string())]);
        assert_eq!(
            mapping.team_for(&owner, "other.tf").as_deref(),
            Some("platform")
        );
    }

    #[test]
    fn a_bad_glob_or_key_names_the_file() {
        let err = TeamMapping::from_toml("t.toml", "[[map]]\nmatch = \"a[\"\nteam = \"x\"\n")
            .unwrap_err();
        assert!(
            err.to_string().contains("t.toml") && err.to_string().contains("a["),
            "{err}"
        );
        assert!(TeamMapping::from_toml("t.toml", "colour = 1").is_err());
    }
}
