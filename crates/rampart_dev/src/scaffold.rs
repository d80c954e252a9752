//! `rampart-dev new-rule ID PROVIDER KIND`: writes a new rule file under
//! `crates/rampart_rules/src/rules/<provider>/<name>.rs` and its fixtures
//! `crates/rampart_rules/fixtures/<ID>/{bad,good}.tf` from the templates in `templates/`. The
//! registry picks the file up by itself (`build.rs`), so nothing else is edited.
//!
//! Must never: overwrite a file, reuse an id a rule already has (compiled in, or written in a
//! rule file under the target root), or write outside the target root.

use crate::metadata::{id_prefix, is_well_formed_id};
use rampart_model::{Category, Severity};
use rampart_rules::{Provider, Rule};
use std::io::Write as _;
use std::path::{Path, PathBuf};

const RULE_TEMPLATE: &str = include_str!("../templates/rule.rs.txt");
const BAD_TEMPLATE: &str = include_str!("../templates/bad.tf.txt");
const GOOD_TEMPLATE: &str = include_str!("../templates/good.tf.txt");

/// Where rule files live under the repository root, by provider folder.
pub const RULES_SRC: &str = "crates/rampart_rules/src/rules";
/// Where fixtures live under the repository root, by rule id.
pub const FIXTURES: &str = "crates/rampart_rules/fixtures";

const CATEGORIES: [(Category, &str); 8] = [
    (Category::Identity, "Identity"),
    (Category::Data, "Data"),
    (Category::Network, "Network"),
    (Category::Logging, "Logging"),
    (Category::Compute, "Compute"),
    (Category::Secrets, "Secrets"),
    (Category::Encryption, "Encryption"),
    (Category::Availability, "Availability"),
];

/// What to scaffold.
#[derive(Clone, Debug)]
pub struct NewRule {
    pub id: String,
    pub provider: Provider,
    /// Terraform resource type the rule looks at: `aws_s3_bucket`.
    pub kind: String,
    /// File stem; by default the kind without its provider prefix and the id's number
    /// (`s3_bucket_012`).
    pub name: Option<String>,
    pub category: Category,
    pub severity: Severity,
}

/// `aws`, `azure`, `gcp` or `kubernetes` (user rules are YAML, not scaffolded here).
pub fn parse_provider(name: &str) -> Result<Provider, String> {
    [
        Provider::Aws,
        Provider::Azure,
        Provider::Gcp,
        Provider::Kubernetes,
    ]
    .into_iter()
    .find(|p| p.as_str().eq_ignore_ascii_case(name.trim()))
    .ok_or_else(|| format!("unknown provider `{name}`; use one of aws, azure, gcp, kubernetes"))
}

pub fn parse_category(name: &str) -> Result<Category, String> {
    CATEGORIES
        .iter()
        .find(|(c, _)| c.as_str().eq_ignore_ascii_case(name.trim()))
        .map(|(c, _)| *c)
        .ok_or_else(|| {
            let names: Vec<&str> = CATEGORIES.iter().map(|(c, _)| c.as_str()).collect();
            format!("unknown category `{name}`; use one of {}", names.join(", "))
        })
}

/// Terraform type prefixes of each provider's resources.
fn kind_prefixes(provider: Provider) -> &'static [&'static str] {
    match provider {
        Provider::Aws => &["aws_"],
        Provider::Azure => &["azurerm_", "azuread_", "azapi_"],
        Provider::Gcp => &["google_"],
        Provider::Kubernetes => &["kubernetes_"],
        Provider::Custom => &[],
    }
}

fn variant(provider: Provider) -> &'static str {
    match provider {
        Provider::Aws => "Aws",
        Provider::Azure => "Azure",
        Provider::Gcp => "Gcp",
        Provider::Kubernetes => "Kubernetes",
        Provider::Custom => "Custom",
    }
}

fn severity_variant(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Info => "Info",
    }
}

fn is_identifier(text: &str) -> bool {
    text.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl NewRule {
    /// The file stem, checked to be a lower-case Rust identifier.
    pub fn file_stem(&self) -> Result<String, String> {
        let stem = match &self.name {
            Some(name) => name.trim().trim_end_matches(".rs").to_string(),
            None => {
                let bare = kind_prefixes(self.provider)
                    .iter()
                    .find_map(|p| self.kind.strip_prefix(p))
                    .unwrap_or(&self.kind);
                let number = self.id.rsplit('-').next().unwrap_or_default();
                format!("{bare}_{number}")
            }
        };
        if is_identifier(&stem) {
            Ok(stem)
        } else {
            Err(format!(
                "rule file name `{stem}` is not lower_snake_case; pass --name like `bucket_versioning_disabled`"
            ))
        }
    }

    /// Every reason not to scaffold, checked before anything is written.
    fn validate(&self, root: &Path, registered: &[&Rule]) -> Result<(), String> {
        let id = &self.id;
        if !is_well_formed_id(id) {
            return Err(format!(
                "rule id `{id}` is not of the form PROVIDER-SERVICE-NNN (`AWS-S3-012`)"
            ));
        }
        if let Some(prefix) = id_prefix(self.provider)
            && !id.starts_with(prefix)
        {
            return Err(format!(
                "a {} rule id starts with `{prefix}`, not `{id}`",
                self.provider.as_str()
            ));
        }
        let prefixes = kind_prefixes(self.provider);
        if !prefixes.iter().any(|p| self.kind.starts_with(p)) || !is_identifier(&self.kind) {
            return Err(format!(
                "resource kind `{}` is not a {} Terraform type (it starts with {})",
                self.kind,
                self.provider.as_str(),
                prefixes.join(" or ")
            ));
        }
        if let Some(rule) = registered.iter().find(|r| r.answers_to(id)) {
            return Err(format!("`{id}` is already used by rule `{}`", rule.id));
        }
        if let Some(file) = rule_file_with_id(&root.join(RULES_SRC), id) {
            return Err(format!("`{id}` is already used in `{}`", file.display()));
        }
        Ok(())
    }
}

/// Writes the rule file and its two fixtures under `root`; returns the files written.
pub fn scaffold(root: &Path, new: &NewRule, registered: &[&Rule]) -> Result<Vec<PathBuf>, String> {
    new.validate(root, registered)?;
    let stem = new.file_stem()?;
    let rule_file = root
        .join(RULES_SRC)
        .join(new.provider.as_str())
        .join(format!("{stem}.rs"));
    let fixture_dir = root.join(FIXTURES).join(&new.id);
    let category = CATEGORIES
        .iter()
        .find(|(c, _)| *c == new.category)
        .map(|(_, v)| *v)
        .unwrap_or("Data");
    let fill = |template: &str| {
        template
            .replace("{{ID}}", &new.id)
            .replace("{{KIND}}", &new.kind)
            .replace("{{PROVIDER}}", variant(new.provider))
            .replace("{{CATEGORY}}", category)
            .replace("{{SEVERITY}}", severity_variant(new.severity))
    };
    let files = [
        (rule_file, fill(RULE_TEMPLATE)),
        (fixture_dir.join("bad.tf"), fill(BAD_TEMPLATE)),
        (fixture_dir.join("good.tf"), fill(GOOD_TEMPLATE)),
    ];
    if let Some((taken, _)) = files.iter().find(|(path, _)| path.exists()) {
        return Err(format!(
            "`{}` already exists; choose another --name or id",
            taken.display()
        ));
    }
    let mut written = Vec::new();
    for (path, text) in &files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        written.push(path.clone());
    }
    Ok(written)
}

/// A rule file under `rules_src/<provider>/` that declares `id: "<id>"` (the source, in case it
/// is newer than the compiled registry).
fn rule_file_with_id(rules_src: &Path, id: &str) -> Option<PathBuf> {
    let needle = format!("id: \"{id}\"");
    let providers = std::fs::read_dir(rules_src).ok()?;
    let mut files: Vec<PathBuf> = providers
        .flatten()
        .filter_map(|p| std::fs::read_dir(p.path()).ok())
        .flat_map(|entries| entries.flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
        .into_iter()
        .find(|f| std::fs::read_to_string(f).is_ok_and(|text| text.contains(&needle)))
}
