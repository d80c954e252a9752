//! The scanned folders' files before evaluation. Every file is read up front, but only those
//! that can declare a module call (any `.json` file, or text containing `module`) are parsed
//! then, since which folders are roots depends on the calls; the others are parsed when their
//! folder is first needed. A root's syntax trees then live only while it is evaluated, instead
//! of the trees of every folder at once (hundreds of MB on a large scan: page faults and a
//! high peak).
//!
//! Must never: parse a file twice or not at all, or move a parse error from its place (the
//! file's position in the scan, `job`).

use super::parse::{self, ParsedFile};
use hcl_edit::structure::Structure;
use rampart_model::LoadError;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;

/// A configuration file of a scanned folder, parsed or not yet.
pub enum FileState {
    Parsed(ParsedFile),
    Text { name: String, text: String },
}

pub struct ScannedFile {
    /// Its position among every file of the scan (the order parse errors are reported in).
    pub job: usize,
    pub state: FileState,
}

/// A scanned folder (its normalized path and readable configuration files, in order).
pub struct PendingFolder {
    pub dir: PathBuf,
    pub files: Vec<ScannedFile>,
}

impl PendingFolder {
    /// Parses the files not parsed yet; their errors go to `errors` with their position.
    pub fn parse_rest(self, errors: &mut Vec<(usize, LoadError)>) -> (PathBuf, Vec<ParsedFile>) {
        let texts = self
            .files
            .iter()
            .filter(|f| matches!(f.state, FileState::Text { .. }))
            .count();
        let parsed = if texts >= PARALLEL_FROM {
            parse_on_threads(self.files)
        } else {
            self.files.into_iter().map(parse_one).collect()
        };
        let mut files = Vec::with_capacity(parsed.len());
        let mut jobs = Vec::with_capacity(parsed.len());
        for (job, result) in parsed {
            match result {
                Ok(p) => {
                    files.push(p);
                    jobs.push(job);
                }
                Err(e) => errors.push((job, e)),
            }
        }
        for (index, e) in parse::take_problems(&mut files) {
            errors.push((jobs.get(index).copied().unwrap_or(0), e));
        }
        (self.dir, files)
    }

    /// The literal `source` of every module call, as [`super::module::ModuleSource`] would
    /// index them (first call of a name wins). Only parsed files can hold calls: a file left
    /// as text has no `module` in it.
    pub fn call_sources(&self) -> Vec<String> {
        let mut names: HashSet<&str> = HashSet::new();
        let mut out = Vec::new();
        for f in &self.files {
            let FileState::Parsed(file) = &f.state else {
                continue;
            };
            for s in file.body.iter() {
                let Structure::Block(b) = s else { continue };
                if b.ident.value().as_str() != "module" {
                    continue;
                }
                let Some(name) = b.labels.first() else {
                    continue;
                };
                if !names.insert(name.as_str()) {
                    continue;
                }
                let source = b.body.get_attribute("source");
                if let Some(src) = source.and_then(|a| super::module::literal_string(&a.value)) {
                    out.push(src);
                }
            }
        }
        out
    }
}

/// A folder with this many files left is parsed on several threads (one large root folder
/// would otherwise be parsed on one core).
const PARALLEL_FROM: usize = 64;

/// Parse recursion is bounded but can be deep: the same room as the loader's pool.
const PARSE_STACK_BYTES: usize = 64 << 20;

fn parse_one(f: ScannedFile) -> Parsed {
    let result = match f.state {
        FileState::Parsed(p) => Ok(p),
        FileState::Text { name, text } => parse::parse_text(&name, &text),
    };
    (f.job, result)
}

/// Parses in order on plain scoped threads, not on the rayon pool: this runs inside the module
/// cache's once-cell, where a rayon wait could pick up another root's evaluation that asks
/// for this very module (a re-entrant initialization, which deadlocks).
fn parse_on_threads(files: Vec<ScannedFile>) -> Vec<(usize, Result<ParsedFile, LoadError>)> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_thread = files.len().div_ceil(threads.max(1)).max(1);
    let mut slots: Vec<Mutex<Option<Vec<ScannedFile>>>> = Vec::new();
    let mut rest = files.into_iter().peekable();
    while rest.peek().is_some() {
        slots.push(Mutex::new(Some(rest.by_ref().take(per_thread).collect())));
    }
    let parsed: Vec<Option<Vec<Parsed>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = slots
            .iter()
            .map(|slot| {
                std::thread::Builder::new()
                    .stack_size(PARSE_STACK_BYTES)
                    .spawn_scoped(scope, move || {
                        let chunk = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
                        chunk.map(|c| c.into_iter().map(parse_one).collect::<Vec<_>>())
                    })
                    .ok()
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h.map(|h| h.join()) {
                Some(Ok(done)) => done,
                // a parser panic: go on unwinding, as parsing on this thread would
                Some(Err(payload)) => std::panic::resume_unwind(payload),
                None => None,
            })
            .collect()
    });
    let mut out = Vec::new();
    for (slot, done) in slots.into_iter().zip(parsed) {
        match done {
            Some(results) => out.extend(results),
            // its thread did not start: the chunk is still in its slot
            None => {
                let chunk = slot.into_inner().unwrap_or_else(|e| e.into_inner());
                out.extend(chunk.into_iter().flatten().map(parse_one));
            }
        }
    }
    out
}

type Parsed = (usize, Result<ParsedFile, LoadError>);

/// Whether a configuration file must be parsed before the roots are known: it may declare a
/// module call. JSON can spell `module` with escapes, so every JSON file is parsed.
pub fn may_call_modules(name: &str, text: &str) -> bool {
    name.ends_with(".json") || text.contains("module")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(job: usize, text: &str) -> ScannedFile {
        let name = format!("f{job}.tf");
        let state = match parse::parse_text(&name, text) {
            Ok(p) => FileState::Parsed(p),
            Err(e) => panic!("test input does not parse: {e:?}"),
        };
        ScannedFile { job, state }
    }

    #[test]
    fn call_sources_keep_the_first_call_of_each_name_across_files() {
        let folder = PendingFolder {
            dir: PathBuf::from("root"),
            files: vec![
                parsed(0, "module \"a\" {\n  source = \"./a\"\n}\n"),
                ScannedFile {
                    job: 1,
                    state: FileState::Text {
                        name: "f1.tf".into(),
                        text: "resource \"x\" \"y\" {}\n".into(),
                    },
                },
                parsed(
                    2,
                    "module \"a\" {\n  source = \"./other\"\n}\nmodule \"b\" {\n  source = \"../b\"\n}\n",
                ),
            ],
        };
        assert_eq!(
            folder.call_sources(),
            vec!["./a".to_string(), "../b".to_string()]
        );
    }

    #[test]
    fn the_rest_is_parsed_in_order_and_errors_keep_their_position() {
        let folder = PendingFolder {
            dir: PathBuf::from("root"),
            files: vec![
                ScannedFile {
                    job: 4,
                    state: FileState::Text {
                        name: "bad.tf".into(),
                        text: "resource {{{".into(),
                    },
                },
                parsed(7, "locals {\n  a = 1\n}\n"),
                ScannedFile {
                    job: 9,
                    state: FileState::Text {
                        name: "ok.tf".into(),
                        text: "locals {\n  b = 2\n}\n".into(),
                    },
                },
            ],
        };
        let mut errors = Vec::new();
        let (_, files) = folder.parse_rest(&mut errors);
        let names: Vec<&str> = files.iter().map(|f| &*f.path).collect();
        assert_eq!(names, vec!["f7.tf", "ok.tf"]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, 4);
        assert!(!may_call_modules("a.tf", "resource \"x\" \"y\" {}"));
    }

    #[test]
    fn a_large_folder_is_parsed_on_threads_in_order() {
        let count = PARALLEL_FROM * 2 + 3;
        let files = (0..count)
            .map(|job| ScannedFile {
                job,
                state: FileState::Text {
                    name: format!("f{job}.tf"),
                    text: if job == 70 {
                        "locals {".into()
                    } else {
                        format!("locals {{\n  v{job} = {job}\n}}\n")
                    },
                },
            })
            .collect();
        let folder = PendingFolder {
            dir: PathBuf::from("big"),
            files,
        };
        let mut errors = Vec::new();
        let (_, parsed) = folder.parse_rest(&mut errors);
        let expected: Vec<String> = (0..count)
            .filter(|&j| j != 70)
            .map(|j| format!("f{j}.tf"))
            .collect();
        let names: Vec<String> = parsed.iter().map(|f| f.path.to_string()).collect();
        assert_eq!(names, expected);
        assert_eq!(errors.iter().map(|(j, _)| *j).collect::<Vec<_>>(), vec![70]);
        assert!(may_call_modules("a.tf.json", "{}"));
    }
}
