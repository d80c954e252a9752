//! One Terraform module: the parsed files of a folder and an index of its declarations
//! (variables, locals, outputs, resources, data sources, module calls) by position, so the
//! evaluator finds any declaration in constant time without cloning a `Body`.
//!
//! Must never: panic on odd declarations (missing labels, duplicates: the first one wins).

use super::parse::ParsedFile;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, Structure};
use rampart_model::Mode;
use std::collections::HashMap;
use std::path::PathBuf;

/// Where a block sits: file index and structure index in that file's body.
#[derive(Clone, Copy, Debug)]
pub struct BlockAt {
    pub file: usize,
    pub index: usize,
}

/// Where a `locals` entry sits.
#[derive(Clone, Copy, Debug)]
pub struct LocalAt {
    pub file: usize,
    pub block: usize,
    pub attr: usize,
}

pub struct ResourceDecl {
    pub at: BlockAt,
    pub mode: Mode,
    pub kind: String,
    pub name: String,
}

pub struct CallDecl {
    pub at: BlockAt,
    pub name: String,
}

pub struct ModuleSource {
    /// The folder, normalized (see [`super::paths::normalize`]).
    pub dir: PathBuf,
    pub files: Vec<ParsedFile>,
    pub variables: HashMap<String, BlockAt>,
    pub locals: HashMap<String, LocalAt>,
    pub outputs: HashMap<String, BlockAt>,
    pub resources: Vec<ResourceDecl>,
    /// `kind.name` or `data.kind.name` to an index in `resources`.
    pub resource_index: HashMap<String, usize>,
    pub calls: Vec<CallDecl>,
    pub call_index: HashMap<String, usize>,
}

impl ModuleSource {
    pub fn new(dir: PathBuf, files: Vec<ParsedFile>) -> Self {
        let mut m = ModuleSource {
            dir,
            files: Vec::new(),
            variables: HashMap::new(),
            locals: HashMap::new(),
            outputs: HashMap::new(),
            resources: Vec::new(),
            resource_index: HashMap::new(),
            calls: Vec::new(),
            call_index: HashMap::new(),
        };
        for (fi, file) in files.iter().enumerate() {
            for (si, s) in file.body.iter().enumerate() {
                let Structure::Block(b) = s else { continue };
                let at = BlockAt {
                    file: fi,
                    index: si,
                };
                let label = |i: usize| b.labels.get(i).map(|l| l.as_str().to_string());
                match b.ident.value().as_str() {
                    "variable" => {
                        if let Some(n) = label(0) {
                            m.variables.entry(n).or_insert(at);
                        }
                    }
                    "output" => {
                        if let Some(n) = label(0) {
                            m.outputs.entry(n).or_insert(at);
                        }
                    }
                    "locals" => {
                        for (ai, s) in b.body.iter().enumerate() {
                            if let Structure::Attribute(a) = s {
                                m.locals
                                    .entry(a.key.value().as_str().to_string())
                                    .or_insert(LocalAt {
                                        file: fi,
                                        block: si,
                                        attr: ai,
                                    });
                            }
                        }
                    }
                    ident @ ("resource" | "data") => {
                        let (Some(kind), Some(name)) = (label(0), label(1)) else {
                            continue;
                        };
                        let mode = if ident == "data" {
                            Mode::Data
                        } else {
                            Mode::Managed
                        };
                        let key = match mode {
                            Mode::Data => format!("data.{kind}.{name}"),
                            Mode::Managed => format!("{kind}.{name}"),
                        };
                        if m.resource_index.contains_key(&key) {
                            continue;
                        }
                        m.resource_index.insert(key, m.resources.len());
                        m.resources.push(ResourceDecl {
                            at,
                            mode,
                            kind,
                            name,
                        });
                    }
                    // a provider configuration is a resource of kind `provider` named by its
                    // label (and alias): rules can then see credentials written into it
                    "provider" => {
                        let Some(label) = label(0) else { continue };
                        let name = match b
                            .body
                            .get_attribute("alias")
                            .and_then(|a| literal_string(&a.value))
                        {
                            Some(alias) => format!("{label}.{alias}"),
                            None => label,
                        };
                        let key = format!("provider.{name}");
                        if m.resource_index.contains_key(&key) {
                            continue;
                        }
                        m.resource_index.insert(key, m.resources.len());
                        m.resources.push(ResourceDecl {
                            at,
                            mode: Mode::Managed,
                            kind: "provider".into(),
                            name,
                        });
                    }
                    "module" => {
                        if let Some(n) = label(0) {
                            if m.call_index.contains_key(&n) {
                                continue;
                            }
                            m.call_index.insert(n.clone(), m.calls.len());
                            m.calls.push(CallDecl { at, name: n });
                        }
                    }
                    _ => {}
                }
            }
        }
        m.files = files;
        m
    }

    pub fn block(&self, at: BlockAt) -> Option<(&ParsedFile, &Block)> {
        let file = self.files.get(at.file)?;
        let block = file.body.get(at.index)?.as_block()?;
        Some((file, block))
    }

    pub fn local(&self, name: &str) -> Option<(&ParsedFile, &Attribute)> {
        let at = self.locals.get(name)?;
        let file = self.files.get(at.file)?;
        let block = file.body.get(at.block)?.as_block()?;
        let attr = block.body.get(at.attr)?.as_attribute()?;
        Some((file, attr))
    }

    /// The literal `source` of every module call, with the call's name.
    pub fn call_sources(&self) -> Vec<(&str, String)> {
        self.calls
            .iter()
            .filter_map(|c| {
                let (_, b) = self.block(c.at)?;
                let src = literal_string(&b.body.get_attribute("source")?.value)?;
                Some((c.name.as_str(), src))
            })
            .collect()
    }
}

/// A string literal (or a template made of one literal).
pub fn literal_string(expr: &Expression) -> Option<String> {
    match expr {
        Expression::String(s) => Some(s.value().clone()),
        Expression::StringTemplate(t) => {
            let mut out = String::new();
            for e in t.iter() {
                out.push_str(e.as_literal()?.value());
            }
            Some(out)
        }
        _ => None,
    }
}

/// True for a module source Terraform reads from the local disk.
pub fn is_local_source(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../") || source == "." || source == ".."
}
