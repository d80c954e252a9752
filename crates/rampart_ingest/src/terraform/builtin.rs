//! Function calls that need the evaluator or the disk: `file`, `fileexists`, `filebase64`,
//! the `file*sha*`/`filemd5` hashes, `fileset`, `templatefile` and `templatestring` (paths read from the root module folder, as Terraform runs there, falling
//! back to the calling module's folder). Every other function is a pure one from
//! [`super::functions`]. `try` and `can` are in [`super::eval`] because they evaluate lazily.
//!
//! Must never: read outside the scanned paths and the `--allow-read` folders (see
//! [`crate::read::ReadRoots`]), read a device or pipe or more than
//! [`MAX_FUNCTION_FILE_BYTES`], follow a template that includes itself without bound, or turn
//! a read error into a known value (it is Unknown + warning).

use super::eval::{Ctx, Scope, eval_template};
use crate::read::{MAX_FUNCTION_FILE_BYTES, read_capped};
use base64::Engine;
use rampart_model::Value;
use std::path::{Path, PathBuf};

pub fn call(
    ctx: &Ctx<'_>,
    name: &str,
    args: Vec<Value>,
    site: Option<std::ops::Range<usize>>,
) -> Result<Value, String> {
    if name == "templatestring" {
        return template_string(ctx, &args, site);
    }
    if !EVALUATED_HERE.contains(&name) {
        return super::functions::call(name, args);
    }
    let path = match args.first() {
        Some(Value::String(p)) => p.clone(),
        Some(Value::Unknown(_)) => return Ok(Value::unknown()),
        _ => return Err("the first argument must be a path string".into()),
    };
    let resolved = resolve(ctx, &path);
    if resolved.exists() && !ctx.session.read_roots.allows(&resolved) {
        return Err(format!(
            "`{path}` is a file outside the scanned tree, which Rampart does not read (allow its folder with `--allow-read DIR` or `allow_read` in .rampart.toml)"
        ));
    }
    if let Some(digest) = file_digest(name) {
        return Ok(Value::String(digest(&read(ctx, &resolved, &path)?)));
    }
    match name {
        "fileexists" => Ok(Value::Bool(resolved.is_file())),
        "fileset" => {
            let pattern = match args.get(1) {
                Some(Value::String(p)) => p.clone(),
                Some(Value::Unknown(_)) => return Ok(Value::unknown()),
                _ => return Err("the second argument must be a glob pattern string".into()),
            };
            super::fileset::fileset(&resolved, &pattern)
        }
        "filebase64" => {
            let bytes = read(ctx, &resolved, &path)?;
            Ok(Value::String(
                base64::engine::general_purpose::STANDARD.encode(bytes),
            ))
        }
        "file" => {
            let bytes = read(ctx, &resolved, &path)?;
            String::from_utf8(bytes)
                .map(Value::String)
                .map_err(|_| format!("`{path}` is not UTF-8 text; use filebase64"))
        }
        _ => {
            let vars = match args.get(1) {
                Some(Value::Map(m)) => m.clone(),
                None => Default::default(),
                Some(Value::Unknown(_)) => return Ok(Value::unknown()),
                Some(_) => return Err("the second argument must be an object of variables".into()),
            };
            let bytes = read(ctx, &resolved, &path)?;
            let text =
                String::from_utf8(bytes).map_err(|_| format!("`{path}` is not UTF-8 text"))?;
            let template = hcl_edit::parser::parse_template(&text).map_err(|e| {
                format!(
                    "`{path}` is not a valid template: {}",
                    e.message().lines().next().unwrap_or("")
                )
            })?;
            // names of the template are only the given variables
            let mut scopes: Vec<(String, Value)> = vars.into_iter().collect();
            scopes.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(with_scopes(ctx, &scopes, &template, site))
        }
    }
}

/// The functions this file evaluates (they read the disk or need the evaluator).
pub const EVALUATED_HERE: &[&str] = &[
    "file",
    "fileexists",
    "filebase64",
    "templatefile",
    "templatestring",
    "fileset",
    "filemd5",
    "filesha1",
    "filesha256",
    "filesha512",
    "filebase64sha256",
    "filebase64sha512",
];

/// `filemd5`, `filesha256`, …: the hash of a file's bytes, as the string functions would
/// hash its text (hex) or as `base64sha256` does (base64 of the raw digest).
fn file_digest(name: &str) -> Option<fn(&[u8]) -> String> {
    use md5::Md5;
    use sha1::Sha1;
    use sha2::{Digest, Sha256, Sha512};
    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
    fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }
    Some(match name {
        "filemd5" => |b| hex(&Md5::digest(b)),
        "filesha1" => |b| hex(&Sha1::digest(b)),
        "filesha256" => |b| hex(&Sha256::digest(b)),
        "filesha512" => |b| hex(&Sha512::digest(b)),
        "filebase64sha256" => |b| b64(&Sha256::digest(b)),
        "filebase64sha512" => |b| b64(&Sha512::digest(b)),
        _ => return None,
    })
}

/// `templatestring(ref, vars)`: renders a string value (Terraform requires a reference to one,
/// such as a data source's body) as a template with only the given variables.
fn template_string(
    ctx: &Ctx<'_>,
    args: &[Value],
    site: Option<std::ops::Range<usize>>,
) -> Result<Value, String> {
    if args.len() != 2 {
        return Err(format!(
            "templatestring: takes exactly 2 argument(s) but {} were given",
            args.len()
        ));
    }
    let text = match args.first() {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Unknown(_)) => return Ok(Value::unknown()),
        _ => return Err("templatestring: the first argument must be a string".into()),
    };
    let vars = match args.get(1) {
        Some(Value::Map(m)) => m.clone(),
        Some(Value::Unknown(_)) => return Ok(Value::unknown()),
        _ => {
            return Err(
                "templatestring: the second argument must be an object of variables".into(),
            );
        }
    };
    let template = hcl_edit::parser::parse_template(&text).map_err(|e| {
        format!(
            "templatestring: not a valid template: {}",
            e.message().lines().next().unwrap_or("")
        )
    })?;
    let mut scopes: Vec<(String, Value)> = vars.into_iter().collect();
    scopes.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(with_scopes(ctx, &scopes, &template, site))
}

fn with_scopes(
    ctx: &Ctx<'_>,
    vars: &[(String, Value)],
    template: &hcl_edit::template::Template,
    site: Option<std::ops::Range<usize>>,
) -> Value {
    fn go(
        ctx: &Ctx<'_>,
        parent: Option<&Scope<'_>>,
        rest: &[(String, Value)],
        t: &hcl_edit::template::Template,
    ) -> Value {
        match rest.split_first() {
            None => {
                let inner = Ctx {
                    scope: parent,
                    ..ctx.clone()
                };
                eval_template(&inner, t)
            }
            Some(((name, value), tail)) => {
                let scope = Scope {
                    name,
                    value: value.clone(),
                    parent,
                };
                go(ctx, Some(&scope), tail, t)
            }
        }
    }
    // template expressions have ranges in the template text: report at the call site
    let call_site = Ctx {
        site: ctx.site.clone().or(site).or(Some(0..0)),
        ..ctx.clone()
    };
    if vars.len() > 200 {
        return Value::unknown();
    }
    go(&call_site, None, vars, template)
}

fn resolve(ctx: &Ctx<'_>, path: &str) -> PathBuf {
    let p = Path::new(path);
    if p.is_absolute() {
        return p.to_path_buf();
    }
    let from_root = ctx.session.root_dir.join(p);
    if from_root.exists() {
        return from_root;
    }
    let from_module = ctx.inst.src.dir.join(p);
    if from_module.exists() {
        return from_module;
    }
    from_root
}

/// The file's bytes; whatever is computed from them is marked as file contents, which
/// remediation text never prints.
fn read(ctx: &Ctx<'_>, resolved: &Path, given: &str) -> Result<Vec<u8>, String> {
    let bytes = read_capped(resolved, MAX_FUNCTION_FILE_BYTES)
        .map_err(|e| format!("cannot read `{given}`: {e}"))?;
    ctx.session.file_value_read();
    Ok(bytes)
}
