//! Drift between code and cloud: which live resources are the code's, what changed outside code,
//! what was created outside code, and what the code declares that does not exist — each item
//! ranked by its security impact through the rules, explained in one sentence, with both
//! remediations: the AWS CLI command that reverts the cloud to the code, and the verified
//! Terraform edit that makes the code match the cloud.
//!
//! ```text
//! let code = rampart_drift::load_code(&[PathBuf::from("infra")], &LoadOptions::default());
//! let live = rampart_drift::LiveInventory::from_snapshot_text("inventory.json", &text)?;
//! let report = rampart_drift::compare(&code, &live, &Options::default());
//! print!("{}", report.render_text());           // or report.render_json()
//! ```
//!
//! * **Matching** ([`matching`]): exact ids from Terraform state or a plan loaded with the code
//!   (`terraform.tfstate`, `terraform show -json`), else ARN, bucket name, `name`, `Name` tag;
//!   a key that fits several resources is an [`DriftKind::Ambiguous`] item, never a guess.
//! * **Comparison**: only the attributes the code writes are compared (the provider computes
//!   the rest), in normal form (JSON policies parsed, enums without case, `"22"` = `22`, empty =
//!   absent); an attribute the code leaves out is compared with the provider default from
//!   `rampart_rules::views::defaults` where one is written. An Unknown in code is *not
//!   comparable*, never drift.
//! * **Ranking**: the rules run on the code as written and on the code with the one drifted
//!   attribute set to the live value; a finding that appears gives the item its severity and
//!   names its rule. A drift that brings in no finding is `info` when it touches only tags or
//!   descriptions or resolves a finding the code has, and `low` otherwise; a missing resource is
//!   ranked by what its absence brings in, an unmanaged one by the findings it has. Rules also run on the live inventory, and a live finding
//!   on a matched resource that the code lacks and no compared attribute explains (a setting
//!   the code leaves out) is an item of its own. An ingress rule opening an administration port
//!   (SSH 22, RDP 3389) to the whole internet is raised to `critical` whatever the rule's own
//!   severity: on live infrastructure it is reachable now, and hand-made rules like it are how
//!   most brute-force intrusions start (the rule AWS-EC2-001 is `high` because in code it is a
//!   proposal a review can still stop).
//! * **Remediations**: `revert` from a small exact table (`src/revert.rs`); `codify` rendered
//!   by `rampart_fix`'s Terraform renderer (or, for an unmanaged resource of a few kinds, an
//!   `import` block and a resource block) and kept only when applying it to an in-memory copy,
//!   reloading the code and comparing again shows the item gone. See docs/drift.md.
//!
//! Must never: report an Unknown as drift, guess between two candidates, print a command for a
//! value it does not know, write a file, or panic on any input.

mod canon;
pub mod matching;
pub mod report;
mod revert;

pub use matching::MatchedBy;
pub use report::{
    AttributeDiff, DriftItem, DriftKind, DriftReport, NotComparable, REPORT_FORMAT, REPORT_VERSION,
    RuleHit, VerifiedEdit,
};

use canon::{Canon, Cmp, canon, compare as compare_canon, match_values};
use rampart_fix::render::{RenderContext, render_changes};
use rampart_fix::verify::Workspace;
use rampart_ingest::{LoadOptions, LoadOutput};
use rampart_model::{
    Change, Edit, Finding, Inventory, LoadError, Origin, Resource, Severity, Value,
};
use rampart_rules::views::defaults::{self, Read};
use rampart_rules::{EngineOptions, Rule, builtin_rules, run_rules};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

/// What to compare and what to report.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--resource-type`: only items of these Terraform types (all when empty).
    pub resource_types: Vec<String>,
    /// `--region`: only items in these regions (all when empty). Missing resources have no
    /// region (the code rarely says where it deploys), so a region filter leaves them out.
    pub regions: Vec<String>,
    /// `--min-severity`: only items at or above it.
    pub min_severity: Option<Severity>,
    /// The rules that rank items; the built-in rules when `None`.
    pub rules: Option<Vec<&'static Rule>>,
}

/// A live inventory and the resource kinds it was collected for: a code resource of a kind the
/// collector did not read is not *missing*, only not compared.
#[derive(Clone, Debug, Default)]
pub struct LiveInventory {
    pub inventory: Inventory,
    /// `None`: every kind the inventory holds a resource of.
    pub collected_kinds: Option<BTreeSet<String>>,
    /// Collection warnings (refused calls): reported by the CLI as load warnings.
    pub warnings: Vec<LoadError>,
}

impl LiveInventory {
    /// A snapshot's text (`rampart collect aws -o FILE`); the errors of a snapshot that cannot
    /// be read. The collected kinds come from the snapshot's `services`.
    pub fn from_snapshot_text(file: &str, text: &str) -> Result<LiveInventory, Vec<LoadError>> {
        let snapshot =
            rampart_ingest::snapshot::parse_snapshot(text).map_err(|(line, column, message)| {
                vec![LoadError::error(file, line, column, message)]
            })?;
        Ok(LiveInventory::from_snapshot(&snapshot))
    }
    /// A snapshot already in memory (what `--live` collects). A service whose listing call was
    /// refused (`ListBuckets`, `DescribeSecurityGroups`) did not show what exists, so its kinds
    /// count as not collected: nothing of them is reported missing.
    pub fn from_snapshot(snapshot: &rampart_ingest::snapshot::Snapshot) -> LiveInventory {
        let out = snapshot.to_load_output();
        let listed: Vec<String> = snapshot
            .services
            .iter()
            .filter(|service| {
                !snapshot.warnings.iter().any(|w| {
                    w.service.eq_ignore_ascii_case(service)
                        && (w.operation.starts_with("List") || w.operation.starts_with("Describe"))
                })
            })
            .cloned()
            .collect();
        LiveInventory {
            inventory: out.inventory,
            collected_kinds: Some(collected_kinds_of_services(&listed)),
            warnings: out.errors,
        }
    }
    /// An inventory from elsewhere (`--live`, a test): every kind it holds counts as collected.
    pub fn from_inventory(inventory: Inventory) -> LiveInventory {
        LiveInventory {
            inventory,
            ..LiveInventory::default()
        }
    }
    fn collected(&self, kind: &str) -> bool {
        match &self.collected_kinds {
            Some(kinds) => kinds.contains(kind),
            None => !self.inventory.ids_of_kind(kind).is_empty(),
        }
    }
}

/// The Terraform kinds the AWS collector reads per service (docs/live-aws.md, "What is
/// collected").
pub fn collected_kinds_of_services(services: &[String]) -> BTreeSet<String> {
    services
        .iter()
        .flat_map(|s| rampart_ingest::snapshot::aws_kinds::of_service(s))
        .map(|k| k.to_string())
        .collect()
}

/// Loads code the way a scan does, ready for [`compare`] (which needs the source texts to
/// verify codify edits). State and plan files under `paths` lend their ids to matching.
pub fn load_code(paths: &[PathBuf], options: &LoadOptions) -> Workspace {
    Workspace::load(paths, options, builtin_rules(), EngineOptions::default())
}

/// Compares loaded code with a live inventory; codify edits are rendered and verified against
/// the workspace's source texts.
pub fn compare(code: &Workspace, live: &LiveInventory, options: &Options) -> DriftReport {
    Comparison::new(code.inventory(), Some(code), live, options).run()
}

/// [`compare`] for an inventory without its source texts: the same items, without codify edits
/// (each item's notes say so).
pub fn compare_inventories(
    code: &Inventory,
    live: &LiveInventory,
    options: &Options,
) -> DriftReport {
    Comparison::new(code, None, live, options).run()
}

/// Top-level arguments that exist only in Terraform (how it creates or destroys), never in the
/// cloud: comparing them would be drift on every resource.
const TERRAFORM_ONLY: &[&str] = &[
    "force_destroy",
    "timeouts",
    "lifecycle",
    "provider",
    "depends_on",
    "count",
    "for_each",
    "tags_all",
    "skip_destroy",
    "revoke_rules_on_delete",
    "name_prefix",
    "bucket_prefix",
];

/// Attributes whose drift is bookkeeping, not security.
const BOOKKEEPING: &[&str] = &["tags", "description"];

/// Kinds the collector records that are not resources anyone manages in Terraform.
const NOT_MANAGEABLE: &[&str] = &["aws_iam_account_summary"];

/// Ports whose exposure to the whole internet is critical on a live resource.
const ADMIN_PORTS: &[(i64, &str)] = &[(22, "SSH"), (3389, "RDP")];

struct Comparison<'a> {
    workspace: Option<&'a Workspace>,
    live: &'a LiveInventory,
    options: &'a Options,
    rules: Vec<&'static Rule>,
    /// Code resources compared (state twins left out), as an inventory of their own so the
    /// rules see each resource once.
    code: Inventory,
    state_ids: BTreeMap<String, Vec<String>>,
    base_findings: Vec<Finding>,
    live_findings: Vec<Finding>,
    /// code address -> live id
    paired: BTreeMap<String, usize>,
}

/// One drifted top-level attribute of a matched pair.
struct AttributeDrift {
    attribute: String,
    diffs: Vec<AttributeDiff>,
    /// The code's value for comparison (the provider default when the code leaves it out).
    code_value: Option<Value>,
    live_value: Option<Value>,
}

impl<'a> Comparison<'a> {
    fn new(
        code: &Inventory,
        workspace: Option<&'a Workspace>,
        live: &'a LiveInventory,
        options: &'a Options,
    ) -> Self {
        let (resources, state_ids) = matching::code_side(code);
        let code = Inventory::new(resources);
        let rules = options.rules.clone().unwrap_or_else(builtin_rules);
        let engine = EngineOptions::default();
        let base_findings = run_rules(&code, &rules, &engine);
        let live_findings = run_rules(&live.inventory, &rules, &engine);
        Comparison {
            workspace,
            live,
            options,
            rules,
            code,
            state_ids,
            base_findings,
            live_findings,
            paired: BTreeMap::new(),
        }
    }

    fn run(mut self) -> DriftReport {
        let code_resources: Vec<Resource> = self.code.resources().to_vec();
        let matching =
            matching::match_resources(&code_resources, &self.state_ids, &self.live.inventory);
        self.paired = matching
            .pairs
            .iter()
            .filter_map(|(c, l, _)| code_resources.get(*c).map(|r| (r.address.clone(), *l)))
            .collect();
        let mut items = Vec::new();
        let mut not_comparable = Vec::new();
        let mut live_seen: HashSet<usize> = HashSet::new();
        let mut code_seen: HashSet<usize> = HashSet::new();
        // (rule, code address) pairs a compared attribute already explains
        let mut explained: HashSet<(String, String)> = HashSet::new();
        for (ci, li, by) in &matching.pairs {
            code_seen.insert(*ci);
            live_seen.insert(*li);
            let (Some(code_r), Some(live_r)) =
                (code_resources.get(*ci), self.live.inventory.get(*li))
            else {
                continue;
            };
            let (drifts, unknown) = self.diff_pair(code_r, live_r);
            not_comparable.extend(unknown);
            for drift in drifts {
                let item = self.changed_item(code_r, live_r, *by, drift);
                for hit in &item.introduced {
                    explained.insert((hit.rule_id.clone(), hit.address.clone()));
                }
                items.push(item);
            }
        }
        for amb in &matching.ambiguous {
            code_seen.extend(amb.code.iter().copied());
            live_seen.extend(amb.live.iter().copied());
            items.push(self.ambiguous_item(&code_resources, amb));
        }
        let mut not_collected = BTreeSet::new();
        for (ci, r) in code_resources.iter().enumerate() {
            if code_seen.contains(&ci) {
                continue;
            }
            if !self.live.collected(&r.kind) {
                not_collected.insert(r.kind.clone());
                continue;
            }
            let item = self.missing_item(r);
            // a missing setting's findings land on its owner (versioning on the bucket)
            for hit in &item.introduced {
                explained.insert((hit.rule_id.clone(), hit.address.clone()));
            }
            items.push(item);
        }
        // an attribute the code does not know says nothing either way: the live findings on it
        // are not drift
        for n in &not_comparable {
            let Some(live_r) = self
                .paired
                .get(&n.code_address)
                .and_then(|li| self.live.inventory.get(*li))
            else {
                continue;
            };
            let prefix = format!("{}.", n.attribute);
            for f in self.live_findings.iter().filter(|f| {
                f.address == live_r.address
                    && f.model_attribute
                        .as_deref()
                        .is_some_and(|a| a == n.attribute || a.starts_with(&prefix))
            }) {
                explained.insert((f.rule_id.to_string(), n.code_address.clone()));
            }
        }
        items.extend(self.unexplained_live_findings(&code_resources, &matching.pairs, &explained));
        for (li, r) in self.live.inventory.resources().iter().enumerate() {
            if live_seen.contains(&li) || NOT_MANAGEABLE.contains(&r.kind.as_str()) {
                continue;
            }
            items.push(self.unmanaged_item(r));
        }
        items.retain(|i| self.wanted(i));
        items.sort_by(|a, b| {
            (
                std::cmp::Reverse(a.severity),
                a.kind,
                &a.resource_type,
                &a.code_address,
                &a.live_address,
                &a.attribute,
            )
                .cmp(&(
                    std::cmp::Reverse(b.severity),
                    b.kind,
                    &b.resource_type,
                    &b.code_address,
                    &b.live_address,
                    &b.attribute,
                ))
        });
        not_comparable.sort();
        not_comparable.retain(|n: &NotComparable| {
            self.options.resource_types.is_empty()
                || code_resources.iter().any(|r| {
                    r.address == n.code_address && self.options.resource_types.contains(&r.kind)
                })
        });
        DriftReport {
            format: REPORT_FORMAT,
            version: REPORT_VERSION,
            items,
            not_comparable,
            matched: matching.pairs.len(),
            not_collected: not_collected.into_iter().collect(),
        }
    }

    fn wanted(&self, item: &DriftItem) -> bool {
        let o = self.options;
        (o.resource_types.is_empty() || o.resource_types.contains(&item.resource_type))
            && (o.regions.is_empty()
                || item
                    .region
                    .as_ref()
                    .is_some_and(|r| o.regions.iter().any(|x| x.eq_ignore_ascii_case(r))))
            && o.min_severity.is_none_or(|min| item.severity >= min)
    }

    /// Identifiers a reference to code resource `address` may stand for: those of the live
    /// resource it was paired with.
    fn refs(&self) -> impl Fn(&str) -> Option<Vec<String>> + '_ {
        move |address: &str| {
            let li = self.paired.get(address)?;
            self.live.inventory.get(*li).map(matching::live_ids)
        }
    }

    /// The drifted attributes of one pair, and the attributes that could not be compared.
    fn diff_pair(
        &self,
        code: &Resource,
        live: &Resource,
    ) -> (Vec<AttributeDrift>, Vec<NotComparable>) {
        let refs = self.refs();
        let mut drifts = Vec::new();
        let mut unknown = Vec::new();
        for (key, code_v) in &code.attributes {
            if TERRAFORM_ONLY.contains(&key.as_str()) {
                continue;
            }
            let Some(live_v) = live.attributes.get(key) else {
                if !code_v.is_null() {
                    unknown.push(NotComparable {
                        code_address: code.address.clone(),
                        attribute: key.clone(),
                        reason: "the live inventory does not record it".into(),
                    });
                }
                continue;
            };
            let (c, l) = (canon(key, code_v, &refs), canon(key, live_v, &refs));
            // a map attribute (`tags = {...}`) is the code's whole map: a key added live is
            // drift; nested blocks (lists of maps) keep comparing only what the code writes
            let cmp = if matches!(code_v, Value::Map(_)) {
                canon::compare_whole(&c, &l)
            } else {
                compare_canon(&c, &l)
            };
            match cmp {
                Cmp::Equal => {}
                Cmp::NotComparable => unknown.push(NotComparable {
                    code_address: code.address.clone(),
                    attribute: key.clone(),
                    reason: "not comparable: the code's value is not known statically".into(),
                }),
                Cmp::Differ => drifts.push(AttributeDrift {
                    attribute: key.clone(),
                    diffs: details(key, Some(code_v), Some(live_v), &refs),
                    code_value: Some(code_v.clone()),
                    live_value: Some(live_v.clone()),
                }),
            }
        }
        // what the code leaves out is the provider's default: a live value that differs from
        // a written-down default is drift too
        for entry in defaults::DEFAULTS.iter().filter(|d| d.kind == code.kind) {
            let top = entry.path.split('.').next().unwrap_or(entry.path);
            if code.attributes.contains_key(top) || drifts.iter().any(|d| d.attribute == entry.path)
            {
                continue;
            }
            let Read::Default(d) = defaults::value_or_default(code, entry.path) else {
                continue;
            };
            let (Some(default), Some(live_v)) = (d.value.value(), live.get(entry.path)) else {
                continue;
            };
            let leaf = entry.path.rsplit('.').next().unwrap_or(entry.path);
            if compare_canon(&canon(leaf, &default, &refs), &canon(leaf, live_v, &refs))
                == Cmp::Differ
            {
                drifts.push(AttributeDrift {
                    attribute: entry.path.to_string(),
                    diffs: vec![AttributeDiff {
                        path: entry.path.to_string(),
                        code: default.to_json(),
                        live: live_v.to_json(),
                    }],
                    code_value: None,
                    live_value: Some(live_v.clone()),
                });
            }
        }
        (drifts, unknown)
    }

    /// Findings of `changed` that `base` does not have, as a multiset keyed by rule, address
    /// and message with list indexes left out (`ingress.0` and `ingress.1` are the same rule
    /// block when the live value lists the blocks in another order).
    fn introduced(&self, base: &[Finding], changed: &[Finding]) -> Vec<Finding> {
        let key = |f: &Finding| {
            (
                f.rule_id.to_string(),
                f.address.clone(),
                without_indexes(&f.message),
            )
        };
        let mut before: HashMap<(String, String, String), usize> = HashMap::new();
        for f in base {
            *before.entry(key(f)).or_default() += 1;
        }
        let mut out = Vec::new();
        for f in changed.iter().filter(|f| f.suppressed.is_none()) {
            match before.get_mut(&key(f)) {
                Some(n) if *n > 0 => *n -= 1,
                _ => out.push(f.clone()),
            }
        }
        out
    }

    /// The rules' verdict on the code with `changes` applied: findings brought in and the rule
    /// ids of findings gone.
    fn counterfactual(&self, changes: &[Change]) -> (Vec<Finding>, Vec<String>) {
        let Ok(changed) = rampart_fix::apply_to_inventory(&self.code, changes) else {
            return (Vec::new(), Vec::new());
        };
        let after = run_rules(&changed, &self.rules, &EngineOptions::default());
        let introduced = self.introduced(&self.base_findings, &after);
        let mut resolved: Vec<String> = self
            .introduced(&after, &self.base_findings)
            .into_iter()
            .map(|f| f.rule_id.to_string())
            .collect();
        resolved.sort();
        resolved.dedup();
        (introduced, resolved)
    }

    fn changed_item(
        &self,
        code: &Resource,
        live: &Resource,
        by: MatchedBy,
        drift: AttributeDrift,
    ) -> DriftItem {
        let changes = codify_changes(&code.address, &drift);
        let (introduced, resolved) = self.counterfactual(&changes);
        let mut item = base_item(DriftKind::Changed, Some(code), Some(live));
        item.matched_by = Some(by);
        item.attribute = Some(drift.attribute.clone());
        item.diffs = drift.diffs;
        item.introduced = hits(&introduced);
        item.resolved = resolved;
        let admin = newly_open_admin_ports(
            &drift.attribute,
            drift.code_value.as_ref(),
            drift.live_value.as_ref(),
        );
        item.severity = if !admin.is_empty() {
            Severity::Critical
        } else if let Some(worst) = introduced.iter().map(|f| f.severity).max() {
            worst
        } else if BOOKKEEPING.contains(&drift.attribute.as_str()) || !item.resolved.is_empty() {
            Severity::Info
        } else {
            Severity::Low
        };
        item.sentence = changed_sentence(code, live, &item, &admin);
        match revert::revert_changed(code, live, &drift.attribute) {
            Ok(cmd) => item.revert = Some(cmd),
            Err(why) => item.notes.push(format!("no revert command: {why}")),
        }
        let attribute = drift.attribute.clone();
        let live_id = self
            .live
            .inventory
            .resources()
            .iter()
            .position(|r| r.address == live.address);
        self.codify(
            &mut item,
            &changes,
            |reloaded: &[Resource], this: &Comparison<'_>| {
                let Some(new_code) = reloaded
                    .iter()
                    .find(|r| r.address == code.address && r.kind == code.kind)
                else {
                    return Err("the edited code no longer declares the resource".to_string());
                };
                let Some(live_r) = live_id.and_then(|i| this.live.inventory.get(i)) else {
                    return Err("the live resource is gone".to_string());
                };
                let (drifts, _) = this.diff_pair(new_code, live_r);
                if drifts.iter().any(|d| d.attribute == attribute) {
                    Err(format!(
                        "after the edit `{attribute}` still differs from the live value"
                    ))
                } else {
                    Ok(())
                }
            },
        );
        item
    }

    /// Renders `change` into edits of the code, applies them to a copy, reloads it and keeps
    /// the edit when `gone` says the item is gone; otherwise a note says why there is none.
    fn codify(
        &self,
        item: &mut DriftItem,
        changes: &[Change],
        gone: impl Fn(&[Resource], &Comparison<'_>) -> Result<(), String>,
    ) {
        self.verify_codify(item, changes, None, gone);
    }

    /// [`Comparison::codify`] with edits made by hand (`raw`) instead of rendered changes.
    fn verify_codify(
        &self,
        item: &mut DriftItem,
        changes: &[Change],
        raw: Option<Vec<Edit>>,
        gone: impl Fn(&[Resource], &Comparison<'_>) -> Result<(), String>,
    ) {
        let Some(ws) = self.workspace else {
            item.notes
                .push("no codify edit: the code was given without its source texts".into());
            return;
        };
        if changes
            .iter()
            .any(|c| matches!(c, Change::SetAttribute { value, .. } if value.contains_unknown()))
        {
            item.notes
                .push("no codify edit: the live value is not known".into());
            return;
        }
        let result = (|| -> Result<VerifiedEdit, String> {
            let edits = match &raw {
                Some(edits) => edits.clone(),
                None => {
                    let ctx = RenderContext {
                        inventory: &self.code,
                        sources: &ws.sources,
                    };
                    render_changes(changes, &ctx).map_err(|e| e.to_string())?
                }
            };
            let texts = ws.edited_texts(&edits).map_err(|e| e.to_string())?;
            let reloaded: LoadOutput = ws.reload(&texts).map_err(|e| e.to_string())?;
            let errors_before = ws.loaded.errors.iter().filter(|e| e.is_error()).count();
            let errors_after = reloaded.errors.iter().filter(|e| e.is_error()).count();
            if errors_after > errors_before {
                return Err("the edited code does not load cleanly".into());
            }
            let (resources, _) = matching::code_side(&reloaded.inventory);
            gone(&resources, self)?;
            let mut diff = String::new();
            for (file, text) in &texts {
                let old = ws
                    .sources
                    .get(file.as_str())
                    .map(|t| t.to_string())
                    .unwrap_or_default();
                diff.push_str(&rampart_fix::edits::unified_diff(
                    file.trim_start_matches('/'),
                    &old,
                    text,
                ));
            }
            Ok(VerifiedEdit { edits, diff })
        })();
        match result {
            Ok(edit) => item.codify = Some(edit),
            Err(why) => item.notes.push(format!("no codify edit: {why}")),
        }
    }

    /// Live findings on matched resources that the code's resource lacks and that no compared
    /// attribute explains: settings the code leaves out, changed by hand.
    fn unexplained_live_findings(
        &self,
        code_resources: &[Resource],
        pairs: &[(usize, usize, MatchedBy)],
        explained: &HashSet<(String, String)>,
    ) -> Vec<DriftItem> {
        let mut out = Vec::new();
        for (ci, li, by) in pairs {
            let (Some(code), Some(live)) = (code_resources.get(*ci), self.live.inventory.get(*li))
            else {
                continue;
            };
            let code_rules: HashSet<&str> = self
                .base_findings
                .iter()
                .filter(|f| f.address == code.address)
                .map(|f| f.rule_id.as_ref())
                .collect();
            let mut seen = HashSet::new();
            for f in self
                .live_findings
                .iter()
                .filter(|f| f.address == live.address && f.suppressed.is_none())
            {
                let rule = f.rule_id.to_string();
                if code_rules.contains(rule.as_str())
                    || explained.contains(&(rule.clone(), code.address.clone()))
                    || !seen.insert(rule.clone())
                {
                    continue;
                }
                let mut item = base_item(DriftKind::Changed, Some(code), Some(live));
                item.matched_by = Some(*by);
                item.attribute = f
                    .model_attribute
                    .as_deref()
                    .map(|a| a.split('.').next().unwrap_or(a).to_string());
                item.introduced = hits(std::slice::from_ref(f));
                item.severity = f.severity;
                item.sentence = format!(
                    "`{}` ({}) has {} live ({}), which its code does not: {}.",
                    code.address,
                    live_label(live),
                    f.rule_id,
                    f.title,
                    f.message.trim_end_matches('.')
                );
                item.notes.push(format!(
                    "the setting is one the code leaves out; declare it in `{}` or run `rampart explain {}` for the remediation",
                    code.address, f.rule_id
                ));
                out.push(item);
            }
        }
        out
    }

    fn missing_item(&self, code: &Resource) -> DriftItem {
        let change = Change::RemoveResource {
            address: code.address.clone(),
        };
        let (introduced, _) = self.counterfactual(std::slice::from_ref(&change));
        let mut item = base_item(DriftKind::Missing, Some(code), None);
        item.introduced = hits(&introduced);
        item.severity = introduced
            .iter()
            .map(|f| f.severity)
            .max()
            .unwrap_or(Severity::Low);
        item.sentence = match introduced.first() {
            Some(f) => format!(
                "`{}` is declared in code but does not exist live, so {} ({}) applies to what is deployed.",
                code.address, f.rule_id, f.title
            ),
            None => format!(
                "`{}` is declared in code but does not exist live; `terraform apply` would create it.",
                code.address
            ),
        };
        item.notes.push(format!(
            "revert the cloud with `terraform apply -target='{}'` (no single AWS CLI command creates it as declared)",
            code.address
        ));
        let address = code.address.clone();
        self.codify(
            &mut item,
            std::slice::from_ref(&change),
            move |reloaded: &[Resource], _| {
                if reloaded.iter().any(|r| r.address == address) {
                    Err("the edited code still declares it".into())
                } else {
                    Ok(())
                }
            },
        );
        item
    }

    fn unmanaged_item(&self, live: &Resource) -> DriftItem {
        let found: Vec<Finding> = self
            .live_findings
            .iter()
            .filter(|f| f.address == live.address && f.suppressed.is_none())
            .cloned()
            .collect();
        let mut item = base_item(DriftKind::Unmanaged, None, Some(live));
        item.introduced = hits(&found);
        let admin = newly_open_admin_ports("ingress", None, live.attributes.get("ingress"));
        item.severity = if !admin.is_empty() {
            Severity::Critical
        } else {
            found
                .iter()
                .map(|f| f.severity)
                .max()
                .unwrap_or(Severity::Low)
        };
        let worst = found.iter().max_by_key(|f| f.severity);
        item.sentence = match (admin.first(), worst) {
            (Some(port), _) => format!(
                "{} was created outside code and opens {port} to the whole internet.",
                live_label(live)
            ),
            (None, Some(f)) => format!(
                "{} was created outside code and has {} finding(s), the worst {} ({}).",
                live_label(live),
                found.len(),
                f.rule_id,
                f.title
            ),
            (None, None) => format!(
                "{} was created outside code; no rule reports a problem with it.",
                live_label(live)
            ),
        };
        item.revert = revert::revert_unmanaged(live);
        if item.revert.is_none() {
            item.notes.push(format!(
                "no revert command: deleting a `{}` by hand may destroy data; delete it in the console if it is not wanted",
                live.kind
            ));
        }
        match import_block(live, &self.code) {
            Some((address, text)) => {
                let edit = self.append_edit(&text);
                let live_id = self
                    .live
                    .inventory
                    .resources()
                    .iter()
                    .position(|r| r.address == live.address);
                self.verify_codify(&mut item, &[], edit.map(|e| vec![e]), move |reloaded, this| {
                    let Some(new_code) = reloaded.iter().find(|r| r.address == address) else {
                        return Err("the new block did not load".into());
                    };
                    let Some(live_r) = live_id.and_then(|i| this.live.inventory.get(i)) else {
                        return Err("the live resource is gone".into());
                    };
                    let (drifts, unknown) = this.diff_pair(new_code, live_r);
                    if drifts.is_empty() && unknown.is_empty() {
                        Ok(())
                    } else {
                        Err("the new block does not say what the cloud has".into())
                    }
                });
            }
            None => item.notes.push(format!(
                "no codify edit: drift does not know the arguments of `{}`; write it with an `import` block and `terraform plan -generate-config-out=imported.tf`",
                live.kind
            )),
        }
        item
    }

    /// An edit appending `text` to the first Terraform file of the code, where new blocks go.
    fn append_edit(&self, text: &str) -> Option<Edit> {
        let ws = self.workspace?;
        let file = self
            .code
            .resources()
            .iter()
            .filter(|r| r.format == rampart_model::SourceFormat::Terraform)
            .filter_map(Resource::file)
            .min()?;
        let current = ws.sources.get(file)?;
        let sep = if current.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        Some(Edit {
            file: file.to_string(),
            start_byte: current.len(),
            end_byte: current.len(),
            replacement: format!("{sep}{text}"),
        })
    }

    fn ambiguous_item(&self, code_resources: &[Resource], amb: &matching::Ambiguity) -> DriftItem {
        let codes: Vec<&Resource> = amb
            .code
            .iter()
            .filter_map(|i| code_resources.get(*i))
            .collect();
        let lives: Vec<&Resource> = amb
            .live
            .iter()
            .filter_map(|i| self.live.inventory.get(*i))
            .collect();
        let mut item = base_item(
            DriftKind::Ambiguous,
            codes.first().copied(),
            lives.first().copied(),
        );
        item.severity = Severity::Low;
        item.candidates = codes
            .iter()
            .map(|r| format!("code {}", r.address))
            .chain(lives.iter().map(|r| format!("live {}", live_label(r))))
            .collect();
        item.sentence = format!(
            "{} code and {} live `{}` resource(s) share the {} `{}`, so none of them was compared; give them distinct names or add the Terraform state.",
            codes.len(),
            lives.len(),
            amb.kind,
            amb.by.as_str(),
            amb.key
        );
        item
    }
}

fn base_item(kind: DriftKind, code: Option<&Resource>, live: Option<&Resource>) -> DriftItem {
    let (account, region, live_id) = match live.map(|r| &r.origin) {
        Some(Origin::Live {
            account,
            region,
            id,
            ..
        }) => (
            Some(account.clone()),
            Some(region.clone()),
            Some(id.clone()),
        ),
        _ => (None, None, None),
    };
    let span = code.and_then(|r| r.origin.span());
    DriftItem {
        kind,
        severity: Severity::Info,
        sentence: String::new(),
        resource_type: code.or(live).map(|r| r.kind.clone()).unwrap_or_default(),
        code_address: code.map(|r| r.address.clone()),
        code_file: span.map(|s| s.file.to_string()),
        code_line: span.map(|s| s.start.line),
        live_address: live.map(|r| r.address.clone()),
        live_id,
        account,
        region,
        matched_by: None,
        attribute: None,
        diffs: Vec::new(),
        introduced: Vec::new(),
        resolved: Vec::new(),
        revert: None,
        codify: None,
        notes: Vec::new(),
        candidates: Vec::new(),
    }
}

fn hits(findings: &[Finding]) -> Vec<RuleHit> {
    let mut out: Vec<RuleHit> = findings
        .iter()
        .map(|f| RuleHit {
            rule_id: f.rule_id.to_string(),
            title: f.title.to_string(),
            severity: f.severity,
            address: f.address.clone(),
            message: f.message.clone(),
        })
        .collect();
    out.sort_by(|a, b| {
        (std::cmp::Reverse(a.severity), &a.rule_id)
            .cmp(&(std::cmp::Reverse(b.severity), &b.rule_id))
    });
    out.dedup();
    out
}

fn live_label(r: &Resource) -> String {
    match &r.origin {
        Origin::Live { id, region, .. } => format!("`{}` ({id}, {region})", r.address),
        _ => format!("`{}`", r.address),
    }
}

/// The differences inside one drifted attribute: list items added and removed, map keys
/// changed, or the value itself.
fn details(
    key: &str,
    code: Option<&Value>,
    live: Option<&Value>,
    refs: &dyn Fn(&str) -> Option<Vec<String>>,
) -> Vec<AttributeDiff> {
    map_details(key, code, live, refs, true)
}

/// [`details`]; `whole`: the code writes the whole map (an attribute), so a key only live is a
/// difference; a nested block's keys the code leaves out are the provider's.
fn map_details(
    key: &str,
    code: Option<&Value>,
    live: Option<&Value>,
    refs: &dyn Fn(&str) -> Option<Vec<String>>,
    whole: bool,
) -> Vec<AttributeDiff> {
    let json = |v: Option<&Value>| v.map(Value::to_json).unwrap_or(serde_json::Value::Null);
    match (code, live) {
        // one nested block on each side (`metadata_options`): the fields that differ
        (Some(Value::List(c)), Some(Value::List(l)))
            if c.len() == 1
                && l.len() == 1
                && matches!(c.first(), Some(Value::Map(_)))
                && matches!(l.first(), Some(Value::Map(_))) =>
        {
            map_details(&format!("{key}.0"), c.first(), l.first(), refs, false)
        }
        (Some(Value::Map(c)), Some(Value::Map(l))) => {
            let keys: BTreeSet<&String> = c.keys().chain(l.keys()).collect();
            keys.into_iter()
                // a nested block's keys the code leaves out are the provider's to fill
                .filter(|k| whole || c.contains_key(*k))
                .filter(|k| {
                    compare_canon(
                        &c.get(*k).map(|v| canon(k, v, refs)).unwrap_or(Canon::Absent),
                        &l.get(*k).map(|v| canon(k, v, refs)).unwrap_or(Canon::Absent),
                    ) == Cmp::Differ
                        // a key only live is a change of a map the code writes whole (tags)
                        || (whole
                            && !c.contains_key(*k)
                            && l.get(*k).is_some_and(|v| canon(k, v, refs) != Canon::Absent))
                })
                .map(|k| AttributeDiff {
                    path: format!("{key}.{k}"),
                    code: json(c.get(k)),
                    live: json(l.get(k)),
                })
                .collect()
        }
        (Some(c @ Value::List(_)), Some(l @ Value::List(_))) => {
            let (ci, li) = (c.items(), l.items());
            let (_, code_left, live_left) = match_values(key, &ci, &li, refs);
            let mut out: Vec<AttributeDiff> = code_left
                .iter()
                .filter_map(|i| ci.get(*i))
                .map(|v| AttributeDiff {
                    path: key.to_string(),
                    code: v.to_json(),
                    live: serde_json::Value::Null,
                })
                .collect();
            out.extend(
                live_left
                    .iter()
                    .filter_map(|i| li.get(*i))
                    .map(|v| AttributeDiff {
                        path: key.to_string(),
                        code: serde_json::Value::Null,
                        live: clean(v).to_json(),
                    }),
            );
            if out.is_empty() {
                out.push(AttributeDiff {
                    path: key.to_string(),
                    code: c.to_json(),
                    live: l.to_json(),
                });
            }
            out
        }
        _ => vec![AttributeDiff {
            path: key.to_string(),
            code: json(code),
            live: json(live),
        }],
    }
}

/// `ingress.1 allows` as `ingress allows`: a message without the list indexes in its paths.
fn without_indexes(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '.' && chars.peek().is_some_and(char::is_ascii_digit) {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// A live value with the empty parts the provider fills in (`""`, `[]`, `null`) left out, so
/// the code written from it says only what matters.
fn clean(v: &Value) -> Value {
    match v {
        Value::Map(m) => Value::Map(
            m.iter()
                // `false` is what the provider fills in for a flag nobody set (`self`)
                .filter(|(k, v)| {
                    canon(k, v, &|_| None) != Canon::Absent && !matches!(v, Value::Bool(false))
                })
                .map(|(k, v)| (k.clone(), clean(v)))
                .collect(),
        ),
        Value::List(items) => Value::List(items.iter().map(clean).collect()),
        other => other.clone(),
    }
}

/// The arguments of the kinds drift can write a block for (the rest of what the live inventory
/// records is computed by the provider and must not be written).
const IMPORTABLE: &[(&str, &[&str])] = &[
    ("aws_s3_bucket", &["bucket", "tags"]),
    (
        "aws_security_group",
        &["name", "description", "vpc_id", "ingress", "egress", "tags"],
    ),
    (
        "aws_iam_role",
        &[
            "name",
            "path",
            "description",
            "assume_role_policy",
            "max_session_duration",
            "tags",
        ],
    ),
    ("aws_iam_user", &["name", "path", "tags"]),
    (
        "aws_iam_policy",
        &["name", "path", "description", "policy", "tags"],
    ),
];

/// The `import` block and resource block that bring an unmanaged resource into code, and the
/// address the block declares; `None` for kinds [`IMPORTABLE`] does not list or values that
/// cannot be written.
fn import_block(live: &Resource, code: &Inventory) -> Option<(String, String)> {
    use rampart_fix::render::terraform::hcl_text;
    let (_, arguments) = IMPORTABLE.iter().find(|(k, _)| *k == live.kind)?;
    let id = live.attributes.get("id").and_then(Value::as_str)?;
    // the name the resource has in the cloud (`rdp-temp`), not its id (`sg-0…`)
    let known = ["name", "bucket"]
        .iter()
        .find_map(|k| live.attributes.get(*k).and_then(Value::as_str))
        .filter(|s| !s.is_empty())
        .unwrap_or(&live.name);
    let base = identifier(known);
    let mut name = base.clone();
    let mut n = 2;
    while code.by_address(&format!("{}.{name}", live.kind)).is_some() {
        name = format!("{base}_{n}");
        n += 1;
    }
    let body: BTreeMap<String, Value> = arguments
        .iter()
        .filter_map(|a| live.attributes.get(*a).map(|v| (a.to_string(), clean(v))))
        .filter(|(k, v)| canon(k, v, &|_| None) != Canon::Absent)
        .collect();
    let items = hcl_text::items_of_map(&body).ok()?;
    let address = format!("{}.{name}", live.kind);
    let mut lines = vec![
        "import {".to_string(),
        format!("  to = {address}"),
        format!("  id = {}", hcl_text::expression(&Value::string(id)).ok()?),
        "}".to_string(),
        String::new(),
    ];
    lines.extend(hcl_text::block_lines(
        "resource",
        &[&live.kind, &name],
        &items,
        "",
        "  ",
    ));
    Some((address, format!("{}\n", lines.join("\n"))))
}

/// A Terraform block name from a live name: letters, digits, `_` and `-`, not starting with a
/// digit.
fn identifier(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// The changes that make the code say what the cloud has: one per changed key of a map the
/// code writes (tags keep their layout), else the whole attribute.
fn codify_changes(address: &str, drift: &AttributeDrift) -> Vec<Change> {
    let per_key = matches!(
        (&drift.code_value, &drift.live_value),
        (Some(Value::Map(_)), Some(Value::Map(_)))
    ) && drift.diffs.iter().all(|d| {
        d.path
            .strip_prefix(&format!("{}.", drift.attribute))
            .is_some_and(|k| !k.is_empty() && !k.contains('.'))
    });
    if per_key {
        return drift
            .diffs
            .iter()
            .map(|d| {
                if d.live.is_null() {
                    Change::RemoveAttribute {
                        address: address.to_string(),
                        path: d.path.clone(),
                    }
                } else {
                    Change::SetAttribute {
                        address: address.to_string(),
                        path: d.path.clone(),
                        value: Value::from_json(&d.live),
                    }
                }
            })
            .collect();
    }
    vec![match &drift.live_value {
        Some(v) if !v.is_null() => Change::SetAttribute {
            address: address.to_string(),
            path: drift.attribute.clone(),
            value: codify_value(&drift.attribute, drift.code_value.as_ref(), v),
        },
        _ => Change::RemoveAttribute {
            address: address.to_string(),
            path: drift.attribute.clone(),
        },
    }]
}

/// The value a codify edit writes for `attribute`: the live value, keeping the code's own text
/// for list items (rule blocks) the live value still has.
fn codify_value(attribute: &str, code: Option<&Value>, live: &Value) -> Value {
    let (Some(Value::List(code_items)), Value::List(live_items)) = (code, live) else {
        return clean(live);
    };
    let no_refs = |_: &str| None;
    let (pairs, _, _) = match_values(
        attribute,
        &code_items.iter().collect::<Vec<_>>(),
        &live_items.iter().collect::<Vec<_>>(),
        &no_refs,
    );
    let by_live: BTreeMap<usize, usize> = pairs.iter().map(|(c, l)| (*l, *c)).collect();
    Value::List(
        live_items
            .iter()
            .enumerate()
            .map(
                |(li, v)| match by_live.get(&li).and_then(|ci| code_items.get(*ci)) {
                    Some(code_item) => code_item.clone(),
                    None => clean(v),
                },
            )
            .collect(),
    )
}

/// Administration ports that live ingress rules open to the whole internet and the code's rules
/// do not (`SSH (22)`).
fn newly_open_admin_ports(
    attribute: &str,
    code: Option<&Value>,
    live: Option<&Value>,
) -> Vec<String> {
    if attribute != "ingress" {
        return Vec::new();
    }
    let open = |v: Option<&Value>| -> BTreeSet<String> {
        v.map(Value::items)
            .unwrap_or_default()
            .into_iter()
            .flat_map(open_admin_ports)
            .collect()
    };
    let before = open(code);
    open(live)
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect()
}

fn open_admin_ports(rule: &Value) -> Vec<String> {
    let world = rule
        .get("cidr_blocks")
        .map(Value::items)
        .unwrap_or_default()
        .iter()
        .chain(
            rule.get("ipv6_cidr_blocks")
                .map(Value::items)
                .unwrap_or_default()
                .iter(),
        )
        .any(|c| matches!(c.as_str(), Some("0.0.0.0/0" | "::/0")));
    if !world {
        return Vec::new();
    }
    let protocol = match rule
        .get("protocol")
        .map(|p| canon("protocol", p, &|_| None))
    {
        Some(Canon::Str(s)) => s,
        _ => return Vec::new(),
    };
    let all = protocol == "-1";
    if !all && protocol != "tcp" {
        return Vec::new();
    }
    let from = rule.get("from_port").and_then(Value::as_i64);
    let to = rule.get("to_port").and_then(Value::as_i64);
    ADMIN_PORTS
        .iter()
        .filter(|(port, _)| {
            all || matches!((from, to), (Some(f), Some(t)) if f <= *port && *port <= t)
        })
        .map(|(port, name)| format!("{name} ({port})"))
        .collect()
}

fn changed_sentence(
    code: &Resource,
    live: &Resource,
    item: &DriftItem,
    admin: &[String],
) -> String {
    let attribute = item.attribute.as_deref().unwrap_or("?");
    let subject = match &live.origin {
        Origin::Live { id, .. } => format!("`{}` (live {id})", code.address),
        _ => format!("`{}`", code.address),
    };
    let what = match item.diffs.as_slice() {
        [d] if d.code.is_null() && d.path != attribute => {
            format!("`{}` was added ({}) outside code", d.path, compact(&d.live))
        }
        [d] if d.live.is_null() && d.path != attribute => {
            format!("`{}` was removed outside code", d.path)
        }
        [d] if d.code.is_null() => format!("{attribute} gained {} outside code", compact(&d.live)),
        [d] if d.live.is_null() => format!("{attribute} lost {} outside code", compact(&d.code)),
        [d] => format!(
            "`{}` was changed from {} to {} outside code",
            d.path,
            compact(&d.code),
            compact(&d.live)
        ),
        many => format!(
            "{} part(s) of `{attribute}` were changed outside code",
            many.len()
        ),
    };
    let impact = if let Some(port) = admin.first() {
        format!(
            ", opening {port} to the whole internet{}",
            item.introduced
                .first()
                .map(|h| format!(" ({})", h.rule_id))
                .unwrap_or_default()
        )
    } else if let Some(h) = item.introduced.first() {
        format!(", which brings in {} ({})", h.rule_id, h.title)
    } else if !item.resolved.is_empty() {
        format!(", which resolves {} the code has", item.resolved.join(", "))
    } else {
        "; no rule reports a security impact".into()
    };
    format!("{subject}: {what}{impact}.")
}

fn compact(v: &serde_json::Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 120 {
        let cut: String = text.chars().take(117).collect();
        format!("{cut}...")
    } else {
        text
    }
}
