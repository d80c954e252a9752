//! Values of a root module's input variables, with Terraform's precedence (later wins):
//! `default`, `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars(.json)` in lexical
//! order, `--var-file` files in the order given, then `--var k=v`. A variable with no value at
//! all is Unknown. Each value keeps the span where it is written, so fixes can edit there.
//!
//! Must never: give a value to an undeclared variable, or read a `--var` value as code that
//! refers to anything (a value that is not a constant expression is taken as a plain string).

use super::eval::{self, Ctx};
use super::instance::{Instance, Origined, convert_to_declared, variable_defaults};
use super::module::ModuleSource;
use super::parse::ParsedFile;
use super::session::Session;
use hcl_edit::Span as _;
use hcl_edit::structure::Body;
use rampart_model::Value;
use rampart_model::span::LineIndex;
use std::collections::HashMap;
use std::sync::Arc;

pub fn root_variables(
    session: &Session<'_>,
    src: &Arc<ModuleSource>,
    tfvars: &[&ParsedFile],
    var_files: &[ParsedFile],
    cli: &[(String, String)],
) -> HashMap<String, Origined> {
    // a bare instance: variable values are constants, they see no other names
    let bare = Instance::new(
        src.clone(),
        String::new(),
        HashMap::new(),
        ".".into(),
        0,
        Vec::new(),
    );
    let mut vars: HashMap<String, Origined> = variable_defaults(session, &bare, &HashMap::new())
        .into_iter()
        .collect();
    let declared = |name: &str| {
        src.variables
            .get(name)
            .and_then(|&at| src.block(at))
            .map(|(_, b)| b)
    };
    for file in tfvars.iter().copied().chain(var_files.iter()) {
        let ctx = Ctx::new(session, &bare, file);
        for attr in file.body.attributes() {
            let name = attr.key.value().as_str();
            let Some(block) = declared(name) else {
                continue;
            };
            let mark = session.file_mark();
            let value = convert_to_declared(Some(block), eval::eval(&ctx, &attr.value));
            let origin = file.span(attr.value.span());
            let from_file = session.read_file_since(mark);
            vars.insert(
                name.to_string(),
                Origined {
                    value,
                    origin,
                    from_file,
                },
            );
        }
    }
    for (name, raw) in cli {
        let Some(block) = declared(name) else {
            continue;
        };
        let value = convert_to_declared(Some(block), cli_value(session, &bare, raw));
        vars.insert(
            name.clone(),
            Origined {
                value,
                origin: None,
                from_file: false,
            },
        );
    }
    vars
}

/// `--var` value: a constant HCL expression (`["a"]`, `{x = 1}`, `5`, `true`) when it parses as
/// one, else the text itself.
fn cli_value(session: &Session<'_>, bare: &Instance, raw: &str) -> Value {
    if let Ok(expr) = hcl_edit::parser::parse_expr(raw) {
        let file = ParsedFile {
            path: Arc::from("--var"),
            text: Arc::from(raw),
            lines: LineIndex::new(raw),
            body: Body::new(),
            from_json: false,
            notes: Vec::new(),
        };
        let ctx = Ctx::new(session, bare, &file);
        let before = session.errors();
        let value = {
            let _quiet = session.quiet();
            eval::eval(&ctx, &expr)
        };
        if session.errors() == before && !value.contains_unknown() {
            return value;
        }
    }
    Value::String(raw.to_string())
}
