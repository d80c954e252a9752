//! Scan units: the parts of a scan that references cannot cross, loaded one at a time.
//!
//! Terraform evaluates each root module on its own: a reference, a data source or a
//! `terraform_remote_state` never reaches into another root's resources. So a Terraform unit is
//! one root module with every scanned folder its local module calls reach; a template or
//! manifest unit is the documents of one folder (a CloudFormation template is a stack of its
//! own, and `kubectl apply -f DIR` applies a folder's manifests together, so a namespace and
//! its network policy in two files of one folder still meet). Scanning unit by unit holds one
//! unit's inventory at a time instead of the whole tree's.
//!
//! Planning reads every Terraform file once more than a whole load would, but parses only the
//! ones that may declare a module call (see [`crate::terraform::scanned::may_call_modules`]).
//!
//! Must never: put a folder a root can reach outside that root's unit, drop a scanned file from
//! every unit, or change what one root loads to (each unit is loaded by [`crate::load_found`]
//! exactly as a scan of its files alone would be).

use crate::discover::{self, Discovered, TerraformDir};
use crate::terraform::module::is_local_source;
use crate::terraform::scanned::{FileState, PendingFolder, ScannedFile, may_call_modules};
use crate::terraform::{parse, paths};
use crate::{LoadOptions, LoadOutput};
use rampart_model::LoadError;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

/// The files of one unit.
#[derive(Clone, Debug, Default)]
pub struct ScanUnit {
    /// A root module first, then the scanned folders its local calls reach (or, for the unit
    /// of folders no root reaches, all of those).
    pub terraform: Vec<TerraformDir>,
    /// Templates, manifests and plans of one folder.
    pub documents: Vec<PathBuf>,
}

impl ScanUnit {
    /// How many scanned files this unit reads.
    pub fn file_count(&self) -> usize {
        self.terraform
            .iter()
            .map(|d| d.files.len() + d.tfvars.len())
            .sum::<usize>()
            + self.documents.len()
    }
}

/// A scan split into units, in a stable order (Terraform roots by folder, then documents).
#[derive(Debug, Default)]
pub struct UnitPlan {
    pub units: Vec<ScanUnit>,
    /// Problems found while discovering (unreadable folders, refused links, bad globs).
    pub errors: Vec<LoadError>,
    /// The canonical scanned and allowed folders (see [`Discovered::roots`]).
    pub roots: Vec<PathBuf>,
    /// Files that more than one unit reads (a module shared by several roots), counted once
    /// per extra unit: subtract from the sum of the units' `files` for the scan's count.
    pub shared_file_reads: usize,
    /// The options the units are loaded with (the scanned paths allowed for reading).
    pub options: LoadOptions,
}

/// Splits the scan of `paths` into units.
pub fn plan_units(paths: &[PathBuf], options: &LoadOptions) -> UnitPlan {
    let mut options = options.clone();
    options.allow_read.extend(paths.iter().cloned());
    let found = discover::discover_allowing(paths, &options.exclude, &options.allow_read);
    let Discovered {
        terraform_dirs,
        documents,
        errors,
        roots,
    } = found;
    let (mut units, shared_file_reads) = terraform_units(terraform_dirs, &options);
    let mut by_folder: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for d in documents {
        let folder = d.parent().map(PathBuf::from).unwrap_or_default();
        by_folder.entry(folder).or_default().push(d);
    }
    units.extend(by_folder.into_values().map(|documents| ScanUnit {
        terraform: Vec::new(),
        documents,
    }));
    // every unit reads the --var-file files again; with no Terraform at all, an empty unit
    // still reads them (and reports their errors), as a whole load does
    let mut terraform_units = units.iter().filter(|u| !u.terraform.is_empty()).count();
    if terraform_units == 0 && !options.var_files.is_empty() {
        units.insert(0, ScanUnit::default());
        terraform_units = 1;
    }
    let shared_file_reads =
        shared_file_reads + options.var_files.len() * terraform_units.saturating_sub(1);
    UnitPlan {
        units,
        errors,
        roots,
        shared_file_reads,
        options,
    }
}

/// Loads one unit of `plan`, as [`crate::load_paths`] would load its files alone.
pub fn load_unit(plan: &UnitPlan, unit: &ScanUnit) -> LoadOutput {
    crate::load_found(
        &unit.terraform,
        &unit.documents,
        &plan.roots,
        &plan.options,
        Vec::new(),
        unit.documents.is_empty(),
    )
}

/// The key a folder is cached under by the loader (a single file given stands for itself).
fn key_of(d: &TerraformDir) -> PathBuf {
    match (d.single_file, d.files.first()) {
        (true, Some(f)) => paths::normalize(f),
        _ => paths::normalize(&d.dir),
    }
}

/// The normalized targets of a folder's literal local module calls.
fn local_calls(d: &TerraformDir, options: &LoadOptions) -> Vec<PathBuf> {
    let dir = paths::normalize(&d.dir);
    let files: Vec<ScannedFile> = d
        .files
        .iter()
        .enumerate()
        .filter_map(|(job, p)| {
            let (name, text) = parse::read_path(p, &options.overlay).ok()?;
            if !may_call_modules(&name, &text) {
                return None;
            }
            let parsed = parse::parse_text(&name, &text).ok()?;
            Some(ScannedFile {
                job,
                state: FileState::Parsed(parsed),
            })
        })
        .collect();
    let folder = PendingFolder {
        dir: dir.clone(),
        files,
    };
    folder
        .call_sources()
        .into_iter()
        .filter(|s| is_local_source(s))
        .map(|s| paths::normalize(&dir.join(s)))
        .collect()
}

/// One unit per Terraform root (with the folders it reaches), plus one for the folders no root
/// reaches (a cycle of calls: loaded only for their errors and sources, as a whole load does).
fn terraform_units(dirs: Vec<TerraformDir>, options: &LoadOptions) -> (Vec<ScanUnit>, usize) {
    if dirs.is_empty() {
        return (Vec::new(), 0);
    }
    let keys: Vec<PathBuf> = dirs.iter().map(key_of).collect();
    let mut index: HashMap<&PathBuf, usize> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if index.insert(k, i).is_some() {
            // the same folder given twice: the loader keeps one of them; load as one unit
            return (
                vec![ScanUnit {
                    terraform: dirs,
                    documents: Vec::new(),
                }],
                0,
            );
        }
    }
    let calls: Vec<Vec<PathBuf>> = dirs.par_iter().map(|d| local_calls(d, options)).collect();
    let mut called: HashSet<usize> = HashSet::new();
    let mut targets: Vec<Vec<usize>> = Vec::with_capacity(dirs.len());
    for (i, list) in calls.iter().enumerate() {
        let t: Vec<usize> = list
            .iter()
            .filter_map(|p| index.get(p).copied())
            .filter(|&j| j != i)
            .collect();
        called.extend(t.iter().copied());
        targets.push(t);
    }
    let is_root = |i: usize| dirs.get(i).is_some_and(|d| d.single_file) || !called.contains(&i);
    let mut reached = vec![0usize; dirs.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for root in (0..dirs.len()).filter(|&i| is_root(i)) {
        let mut seen: HashSet<usize> = HashSet::from([root]);
        let mut order = vec![root];
        let mut next = 0;
        while let Some(&m) = order.get(next) {
            next += 1;
            for &t in targets.get(m).map(Vec::as_slice).unwrap_or(&[]) {
                if seen.insert(t) {
                    order.push(t);
                }
            }
        }
        for &m in &order {
            if let Some(r) = reached.get_mut(m) {
                *r += 1;
            }
        }
        groups.push(order);
    }
    let unreached: Vec<usize> = (0..dirs.len())
        .filter(|&i| reached.get(i) == Some(&0))
        .collect();
    let mut shared = 0;
    for (i, d) in dirs.iter().enumerate() {
        let extra = reached.get(i).copied().unwrap_or(0).saturating_sub(1);
        shared += extra * (d.files.len() + d.tfvars.len());
    }
    if !unreached.is_empty() {
        groups.push(unreached);
    }
    let units = groups
        .into_iter()
        .map(|members| ScanUnit {
            terraform: members
                .into_iter()
                .filter_map(|i| dirs.get(i).cloned())
                .collect(),
            documents: Vec::new(),
        })
        .collect();
    (units, shared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(dir: &std::path::Path, file: &str, text: &str) {
        let path = dir.join(file);
        if let Some(parent) = path.parent() {
            let _ = fs::create_dir_all(parent);
        }
        if let Err(e) = fs::write(&path, text) {
            panic!("cannot write {}: {e}", path.display());
        }
    }

    fn folder_names(unit: &ScanUnit, base: &std::path::Path) -> Vec<String> {
        unit.terraform
            .iter()
            .map(|d| {
                d.dir
                    .strip_prefix(base)
                    .unwrap_or(&d.dir)
                    .display()
                    .to_string()
            })
            .chain(
                unit.documents
                    .iter()
                    .map(|p| p.strip_prefix(base).unwrap_or(p).display().to_string()),
            )
            .collect()
    }

    #[test]
    fn each_root_takes_the_folders_it_reaches_and_shared_modules_are_counted() {
        let tmp = match tempfile::tempdir() {
            Ok(t) => t,
            Err(e) => panic!("tempdir: {e}"),
        };
        let base = tmp.path();
        let call = |source: &str| format!("module \"m\" {{\n  source = \"{source}\"\n}}\n");
        write(base, "a/main.tf", &call("../common"));
        write(base, "b/main.tf", &call("../common"));
        write(base, "common/main.tf", &call("./inner"));
        write(
            base,
            "common/inner/x.tf",
            "resource \"aws_s3_bucket\" \"x\" {}\n",
        );
        write(base, "loop1/main.tf", &call("../loop2"));
        write(base, "loop2/main.tf", &call("../loop1"));
        write(base, "k8s/a.yaml", "kind: Namespace\n");
        write(base, "k8s/b.yaml", "kind: NetworkPolicy\n");
        write(base, "cfn/t.json", "{}\n");
        let plan = plan_units(&[base.to_path_buf()], &LoadOptions::default());
        let names: Vec<Vec<String>> = plan.units.iter().map(|u| folder_names(u, base)).collect();
        assert_eq!(
            names,
            vec![
                vec!["a", "common", "common/inner"],
                vec!["b", "common", "common/inner"],
                vec!["loop1", "loop2"],
                vec!["cfn/t.json"],
                vec!["k8s/a.yaml", "k8s/b.yaml"],
            ]
        );
        // common/main.tf and common/inner/x.tf are read by two units
        assert_eq!(plan.shared_file_reads, 2);
    }
}
