//! The Terraform loader: parses every `.tf` file of a folder with hcl-edit (keeping spans),
//! evaluates it as Terraform would, and produces resources with real addresses.
//!
//! Must never: panic on any input, stop loading other files because one is bad, or invent a
//! value it cannot know (that is `Value::Unknown`).

pub mod eval;
pub mod parse;

use crate::LoadOptions;
use crate::discover::TerraformDir;
use parse::ParsedFile;
use rampart_model::{LoadError, Resource};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

pub struct TerraformOutput {
    pub resources: Vec<Resource>,
    pub errors: Vec<LoadError>,
    pub sources: BTreeMap<Arc<str>, Arc<str>>,
}

/// Loads every folder as a root module.
pub fn load_dirs(dirs: &[TerraformDir], _options: &LoadOptions) -> TerraformOutput {
    let results: Vec<(Vec<Resource>, Vec<LoadError>, Vec<(Arc<str>, Arc<str>)>)> = dirs
        .par_iter()
        .map(|dir| {
            let parsed: Vec<Result<ParsedFile, LoadError>> =
                dir.files.par_iter().map(|p| parse::parse_path(p)).collect();
            let mut files = Vec::new();
            let mut errors = Vec::new();
            for p in parsed {
                match p {
                    Ok(f) => files.push(f),
                    Err(e) => errors.push(e),
                }
            }
            let mut resources = Vec::new();
            for f in &files {
                resources.extend(eval::resources_of_file(f, &mut errors));
            }
            let sources = files
                .iter()
                .map(|f| (f.path.clone(), f.text.clone()))
                .collect();
            (resources, errors, sources)
        })
        .collect();
    let mut out = TerraformOutput {
        resources: Vec::new(),
        errors: Vec::new(),
        sources: BTreeMap::new(),
    };
    for (r, e, s) in results {
        out.resources.extend(r);
        out.errors.extend(e);
        out.sources.extend(s);
    }
    out
}

/// Loads one file's text as a root module on its own.
pub fn load_single_text(file_name: &str, text: &str) -> (Vec<Resource>, Vec<LoadError>) {
    let mut errors = Vec::new();
    match parse::parse_text(file_name, text) {
        Ok(f) => {
            let r = eval::resources_of_file(&f, &mut errors);
            (r, errors)
        }
        Err(e) => (Vec::new(), vec![e]),
    }
}
