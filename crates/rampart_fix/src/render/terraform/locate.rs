//! Finds where a resource and one of its attribute paths are written in the original text,
//! using hcl-edit's parse tree only for its byte spans. Paths are the model's dotted paths:
//! segments name attributes, object keys or nested blocks; a numeric segment after a block
//! name picks the n-th block of that name and may be left out for the first one.

use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Attribute, Block, Body};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The parse tree of one file.
pub struct ParsedFile {
    pub body: Body,
}

pub fn parse(text: &str) -> Result<ParsedFile, String> {
    hcl_edit::parser::parse_body(text)
        .map(|body| ParsedFile { body })
        .map_err(|e| {
            format!(
                "the file does not parse: {}",
                e.message().lines().next().unwrap_or("syntax error").trim()
            )
        })
}

/// Parse trees shared by the render calls of one run: each file is parsed once however many
/// fixes edit it (a parse per fix made a run quadratic in the size of the file). Keyed by file
/// name, so one cache serves one set of sources.
#[derive(Default)]
pub struct ParseCache {
    files: Mutex<HashMap<Arc<str>, Arc<ParseOnce>>>,
    /// Local names of the `resource` blocks of a kind declared in a folder, by (folder, kind).
    resource_names: Mutex<NamesByFolderAndKind>,
}

type NamesByFolderAndKind = HashMap<(PathBuf, String), Arc<BTreeSet<String>>>;

/// One file's parse, made by whichever thread asks first.
type ParseOnce = OnceLock<Result<Arc<ParsedFile>, String>>;

impl ParseCache {
    pub fn get(&self, file: &Arc<str>, text: &str) -> Result<Arc<ParsedFile>, String> {
        let cell = {
            let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
            files.entry(file.clone()).or_default().clone()
        };
        // parsed outside the map's lock, once, whichever thread asks first
        cell.get_or_init(|| parse(text).map(Arc::new)).clone()
    }

    /// Names of the `resource "kind" "name"` blocks written in the files of `folder`, found
    /// once per folder and kind (an added resource needs a name no block there uses).
    pub fn resource_names(
        &self,
        folder: &Path,
        kind: &str,
        sources: &BTreeMap<Arc<str>, Arc<str>>,
    ) -> Arc<BTreeSet<String>> {
        let key = (folder.to_path_buf(), kind.to_string());
        if let Some(found) = self.lock_names().get(&key) {
            return found.clone();
        }
        let mut names = BTreeSet::new();
        for (file, text) in sources {
            if Path::new(&**file).parent() != Some(folder) {
                continue;
            }
            let Ok(parsed) = self.get(file, text) else {
                continue;
            };
            for b in parsed.body.blocks() {
                if b.ident.as_str() == "resource"
                    && b.labels.first().is_some_and(|l| l.as_str() == kind)
                {
                    names.extend(b.labels.get(1).map(|l| l.as_str().to_string()));
                }
            }
        }
        let names = Arc::new(names);
        self.lock_names().insert(key, names.clone());
        names
    }

    fn lock_names(&self) -> std::sync::MutexGuard<'_, NamesByFolderAndKind> {
        self.resource_names
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }
}

/// The top-level block starting at `start_byte` (the resource's origin), else the one with
/// these labels (`resource "kind" "name"`).
pub fn resource_block<'a>(
    file: &'a ParsedFile,
    start_byte: usize,
    kind: &str,
    name: &str,
) -> Option<&'a Block> {
    let blocks = || file.body.blocks();
    blocks()
        .find(|b| b.span().is_some_and(|s| s.start == start_byte))
        .or_else(|| {
            blocks().find(|b| {
                matches!(b.ident.value().as_str(), "resource" | "data")
                    && b.labels.first().is_some_and(|l| l.as_str() == kind)
                    && b.labels.get(1).is_some_and(|l| l.as_str() == name)
            })
        })
}

/// What a path resolved to.
pub enum Found<'a> {
    /// An attribute of a block body (`acl`, `versioning.0.enabled`).
    Attribute(&'a Attribute),
    /// A value inside an attribute's value: an object entry or a list element.
    Item {
        container: &'a Expression,
        key: ItemKey,
        value: &'a Expression,
    },
    /// The path names nested blocks (`versioning` or `versioning.0`).
    Blocks(Vec<&'a Block>),
    /// The block `parent` exists but `remaining` is not written in it.
    MissingInBody {
        parent: &'a Block,
        remaining: Vec<String>,
    },
    /// The object literal exists but the key `remaining[0]` is not in it.
    MissingInObject {
        object: &'a Expression,
        remaining: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum ItemKey {
    Key(String),
    Index(usize),
}

pub fn segments(path: &str) -> Vec<String> {
    path.split('.')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Resolves `path` inside the resource block `block`. An error says why the path cannot be
/// followed in text (it runs through a computed expression, an index is out of range).
pub fn resolve<'a>(block: &'a Block, path: &str) -> Result<Found<'a>, String> {
    let segs = segments(path);
    let mut current = block;
    let mut i = 0;
    loop {
        let Some(seg) = segs.get(i) else {
            return Ok(Found::Blocks(vec![current]));
        };
        if let Some(attr) = current.body.get_attribute(seg) {
            let rest = segs.get(i + 1..).unwrap_or(&[]);
            if rest.is_empty() {
                return Ok(Found::Attribute(attr));
            }
            return resolve_in_expression(&attr.value, rest, seg);
        }
        let blocks: Vec<&Block> = current
            .body
            .blocks()
            .filter(|b| b.ident.as_str() == seg.as_str())
            .collect();
        let remaining = || segs.get(i..).unwrap_or(&[]).to_vec();
        if blocks.is_empty() {
            return Ok(Found::MissingInBody {
                parent: current,
                remaining: remaining(),
            });
        }
        match segs.get(i + 1).and_then(|s| s.parse::<usize>().ok()) {
            Some(n) => match blocks.get(n) {
                Some(b) => {
                    current = b;
                    i += 2;
                }
                None if n == blocks.len() => {
                    return Ok(Found::MissingInBody {
                        parent: current,
                        remaining: remaining(),
                    });
                }
                None => {
                    return Err(format!(
                        "there are only {} `{seg}` blocks, not {}",
                        blocks.len(),
                        n + 1
                    ));
                }
            },
            None if i + 1 == segs.len() => return Ok(Found::Blocks(blocks)),
            None => match blocks.as_slice() {
                [only] => {
                    current = only;
                    i += 1;
                }
                _ => {
                    return Err(format!(
                        "there are {} `{seg}` blocks; the path must say which",
                        blocks.len()
                    ));
                }
            },
        }
    }
}

pub fn key_name(key: &ObjectKey) -> Option<String> {
    match key {
        ObjectKey::Ident(i) => Some(i.as_str().to_string()),
        ObjectKey::Expression(Expression::String(s)) => Some(s.value().to_string()),
        ObjectKey::Expression(_) => None,
    }
}

pub fn resolve_in_expression<'a>(
    top: &'a Expression,
    rest: &[String],
    attr: &str,
) -> Result<Found<'a>, String> {
    let mut current = top;
    let mut found: Option<Found<'a>> = None;
    for (k, seg) in rest.iter().enumerate() {
        let container = unwrap_parens(current);
        let next = match container {
            Expression::Object(object) => {
                match object
                    .iter()
                    .find(|(key, _)| key_name(key).as_deref() == Some(seg.as_str()))
                {
                    Some((_, value)) => Found::Item {
                        container,
                        key: ItemKey::Key(seg.clone()),
                        value: value.expr(),
                    },
                    None => {
                        return Ok(Found::MissingInObject {
                            object: container,
                            remaining: rest.get(k..).unwrap_or(&[]).to_vec(),
                        });
                    }
                }
            }
            Expression::Array(array) => {
                let index: usize = seg
                    .parse()
                    .map_err(|_| format!("`{attr}` is a list; `{seg}` is not an index"))?;
                match array.iter().nth(index) {
                    Some(value) => Found::Item {
                        container,
                        key: ItemKey::Index(index),
                        value,
                    },
                    None => return Err(format!("`{attr}` has no element {index}")),
                }
            }
            _ => {
                return Err(format!(
                    "`{attr}` is a computed expression here; the path cannot be followed into it (edit it by hand)"
                ));
            }
        };
        if let Found::Item { value, .. } = &next {
            current = value;
        }
        found = Some(next);
    }
    found.ok_or_else(|| format!("empty path inside `{attr}`"))
}

pub fn unwrap_parens(expr: &Expression) -> &Expression {
    match expr {
        Expression::Parenthesis(p) => unwrap_parens(p.inner()),
        other => other,
    }
}

/// Byte offsets of a block's `{` and `}` in `text`.
pub fn braces(text: &str, block: &Block) -> Option<(usize, usize)> {
    let span = block.span()?;
    let after_head = block
        .labels
        .iter()
        .filter_map(|l| l.span())
        .map(|s| s.end)
        .chain(block.ident.span().map(|s| s.end))
        .max()
        .unwrap_or(span.start);
    let open = after_head + text.get(after_head..span.end)?.find('{')?;
    let close = span.end.checked_sub(1)?;
    (text.get(close..span.end) == Some("}")).then_some((open, close))
}

/// The span of a body item (attribute or block).
pub fn structure_spans(body: &Body) -> Vec<(Range<usize>, bool)> {
    body.iter()
        .filter_map(|s| s.span().map(|sp| (sp, s.is_attribute())))
        .collect()
}

/// The expression text of a meta-argument (`count`, `for_each`) of a block, as written.
pub fn meta_argument<'t>(text: &'t str, block: &Block, name: &str) -> Option<&'t str> {
    let attr = block.body.get_attribute(name)?;
    text.get(attr.value.span()?)
}
