//! `.rampart.toml`: project settings a scan starts from before command-line flags override them.
//! Unknown keys and invalid values are errors naming the file and line, never silently ignored:
//! a typo in a security tool's config must not quietly turn a check off.
//!
//! A config file found by lookup is part of the repository being scanned, which may be hostile:
//! it is refused when it is a link out of its folder (to `/proc/self/environ`), and the paths
//! it names are checked against the scanned tree by [`crate::settings`]. Only `--config` (the
//! operator's choice) may point anywhere.

use anyhow::{Context, anyhow};
use rampart_model::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const FILE_NAME: &str = ".rampart.toml";

/// The file as written. Paths inside it are relative to the file's folder.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    skip_rules: Vec<Spanned<String>>,
    /// Per-rule severity: `[severity] "AWS-S3-005" = "low"`.
    #[serde(default)]
    severity: BTreeMap<String, Spanned<Severity>>,
    min_severity: Option<Severity>,
    fail_on: Option<Severity>,
    #[serde(default)]
    var_files: Vec<PathBuf>,
    baseline: Option<PathBuf>,
    #[serde(default)]
    allow_read: Vec<PathBuf>,
    /// Where `--format asff` findings are imported: `[asff] account = "…" region = "…"`.
    #[serde(default)]
    asff: RawAsff,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAsff {
    account: Option<Spanned<String>>,
    region: Option<Spanned<String>>,
}

/// A rule named in the config, with the line it was named on (for error messages).
#[derive(Clone, Debug, PartialEq)]
pub struct NamedRule {
    pub name: String,
    pub line: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// Where it was read from; `None` when no file was found.
    pub path: Option<PathBuf>,
    /// True when it was found by lookup rather than given with `--config`: its contents then
    /// come from the repository being scanned.
    pub found_by_lookup: bool,
    pub exclude: Vec<String>,
    pub skip_rules: Vec<NamedRule>,
    pub severity_overrides: Vec<(NamedRule, Severity)>,
    pub min_severity: Option<Severity>,
    pub fail_on: Option<Severity>,
    /// Resolved against the config file's folder.
    pub var_files: Vec<PathBuf>,
    pub baseline: Option<PathBuf>,
    /// Folders outside the scanned paths that `file()` may read, like `--allow-read`; resolved
    /// against the config file's folder.
    pub allow_read: Vec<PathBuf>,
    /// `[asff] account`: the AWS account ASFF findings are imported into (checked).
    pub asff_account: Option<String>,
    /// `[asff] region`: the region of that Security Hub (checked).
    pub asff_region: Option<String>,
}

/// Reads `explicit` if given (it must exist), else the first `.rampart.toml` found in the first
/// scan path (or its folder, for a file) and then the current folder.
pub fn load(explicit: Option<&Path>, first_path: Option<&Path>) -> anyhow::Result<Config> {
    if let Some(path) = explicit {
        return read(path);
    }
    let mut candidates = Vec::new();
    if let Some(first) = first_path {
        let dir = if first.is_file() {
            first.parent().map(Path::to_path_buf).unwrap_or_default()
        } else {
            first.to_path_buf()
        };
        candidates.push(dir.join(FILE_NAME));
    }
    candidates.push(PathBuf::from(FILE_NAME));
    match candidates.into_iter().find(|c| c.is_file()) {
        Some(found) => {
            refuse_link_out_of_folder(&found)?;
            let mut config = read(&found)?;
            config.found_by_lookup = true;
            Ok(config)
        }
        None => Ok(Config::default()),
    }
}

/// A config found by lookup must really be in the folder it was found in: a repository could
/// otherwise link `.rampart.toml` to any file and have its parse errors print it.
fn refuse_link_out_of_folder(found: &Path) -> anyhow::Result<()> {
    let folder = found
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (real, real_folder) = (
        std::fs::canonicalize(found)?,
        std::fs::canonicalize(folder)?,
    );
    if !real.starts_with(&real_folder) {
        anyhow::bail!(
            "config file `{}` is a link to `{}`, outside its folder; Rampart does not read it (give the file with --config to use it)",
            found.display(),
            real.display()
        );
    }
    Ok(())
}

fn read(path: &Path) -> anyhow::Result<Config> {
    let text = rampart_ingest::read::read_capped_text(path, rampart_ingest::read::MAX_SOURCE_BYTES)
        .with_context(|| format!("cannot read config file `{}`", path.display()))?;
    parse(path, &text)
}

/// Parses config text; `path` is used for messages and to resolve relative paths.
pub fn parse(path: &Path, text: &str) -> anyhow::Result<Config> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
        anyhow!(
            "{}:{line}: {}; see docs/configuration.md for the keys and values",
            path.display(),
            e.message().trim_end()
        )
    })?;
    let checked = |value: Option<Spanned<String>>,
                   key: &str,
                   check: fn(&str) -> Result<(), String>|
     -> anyhow::Result<Option<String>> {
        let Some(value) = value else { return Ok(None) };
        let line = line_of(text, value.span().start);
        let value = value.into_inner();
        check(&value).map_err(|why| anyhow!("{}:{line}: `{key}`: {why}", path.display()))?;
        Ok(Some(value))
    };
    let asff_account = checked(
        raw.asff.account,
        "asff.account",
        rampart_report::feed::check_account,
    )?;
    let asff_region = checked(
        raw.asff.region,
        "asff.region",
        rampart_report::feed::check_region,
    )?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let resolve = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
    Ok(Config {
        path: Some(path.to_path_buf()),
        found_by_lookup: false,
        exclude: raw.exclude,
        skip_rules: raw
            .skip_rules
            .into_iter()
            .map(|s| NamedRule {
                line: line_of(text, s.span().start),
                name: s.into_inner(),
            })
            .collect(),
        severity_overrides: raw
            .severity
            .into_iter()
            .map(|(name, sev)| {
                let line = line_of(text, sev.span().start);
                (NamedRule { name, line }, sev.into_inner())
            })
            .collect(),
        min_severity: raw.min_severity,
        fail_on: raw.fail_on,
        var_files: raw.var_files.into_iter().map(resolve).collect(),
        baseline: raw.baseline.map(resolve),
        allow_read: raw.allow_read.into_iter().map(resolve).collect(),
        asff_account,
        asff_region,
    })
}

/// 1-based line of a byte offset.
fn line_of(text: &str, byte: usize) -> usize {
    text.get(..byte.min(text.len()))
        .map(|before| before.matches('\n').count() + 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> anyhow::Result<Config> {
        parse(Path::new("proj/.rampart.toml"), text)
    }

    #[test]
    fn reads_every_key_and_resolves_paths_against_the_file() {
        let config = parse_text(
            "exclude = [\"legacy/**\"]\nskip_rules = [\"CKV_AWS_3\"]\nmin_severity = \"low\"\nfail_on = \"high\"\nvar_files = [\"prod.tfvars\"]\nbaseline = \"base.json\"\n\n[severity]\n\"AWS-S3-005\" = \"low\"\n",
        )
        .unwrap();
        assert_eq!(config.exclude, vec!["legacy/**".to_string()]);
        assert_eq!(
            config.skip_rules,
            vec![NamedRule {
                name: "CKV_AWS_3".into(),
                line: 2
            }]
        );
        assert_eq!(config.min_severity, Some(Severity::Low));
        assert_eq!(config.fail_on, Some(Severity::High));
        assert_eq!(config.var_files, vec![PathBuf::from("proj/prod.tfvars")]);
        assert_eq!(config.baseline, Some(PathBuf::from("proj/base.json")));
        assert_eq!(
            config.severity_overrides,
            vec![(
                NamedRule {
                    name: "AWS-S3-005".into(),
                    line: 9
                },
                Severity::Low
            )]
        );
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = parse_text("exclude = []\nskip_rule = [\"x\"]\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("proj/.rampart.toml:2"), "{err}");
        assert!(err.contains("skip_rule"), "{err}");
    }

    #[test]
    fn invalid_severity_is_named_with_its_line() {
        let err = parse_text("\n[severity]\n\"AWS-EBS-001\" = \"urgent\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("proj/.rampart.toml:3"), "{err}");
        assert!(err.contains("urgent"), "{err}");
    }

    #[test]
    fn asff_account_and_region_are_read_and_checked_with_their_line() {
        let config =
            parse_text("[asff]\naccount = \"123456789012\"\nregion = \"eu-west-1\"\n").unwrap();
        assert_eq!(config.asff_account.as_deref(), Some("123456789012"));
        assert_eq!(config.asff_region.as_deref(), Some("eu-west-1"));
        let err = parse_text("[asff]\naccount = \"1234\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("proj/.rampart.toml:2") && err.contains("asff.account"),
            "{err}"
        );
        let err = parse_text("[asff]\nregion = \"Mars\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("proj/.rampart.toml:2") && err.contains("Mars"),
            "{err}"
        );
        let err = parse_text("[asff]\nacount = \"123456789012\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("acount"), "{err}");
    }

    #[test]
    fn missing_file_is_the_empty_config() {
        let dir = tempfile::tempdir().unwrap();
        let config = load(None, Some(dir.path())).unwrap();
        // the current folder of a test run (crates/rampart) has no .rampart.toml either
        assert_eq!(config, Config::default());
        assert!(load(Some(&dir.path().join("nope.toml")), None).is_err());
    }
}
