//! ARM template expressions (`"[concat(parameters('prefix'), 'logs')]"`): a small parser into
//! an [`Expr`] tree and an evaluator over a [`Scope`] (parameters, variables, the template's
//! own resources). Supported: string, integer and boolean literals, `parameters`, `variables`,
//! `concat`, `format`, `if`, `equals`, `not`, `and`, `or`, `empty`, `toLower`, `toUpper`,
//! `string`, `int`, `bool`, `true`, `false`, `resourceId` (an unknown that still names the
//! resource it points at), property access and indexing.
//!
//! Must never: guess. Every other function (`reference`, `resourceGroup`, `uniqueString`,
//! `copyIndex`…) is Unknown, and so is anything derived from an unknown. Never recurse without
//! a bound, never panic on any text.

use std::collections::BTreeMap;

/// Deepest nesting of calls the parser accepts, and of variables the evaluator follows.
pub const MAX_DEPTH: usize = 64;
/// Longest string `concat` and `format` build; longer is Unknown (variables that double a
/// string through each other would otherwise exhaust memory).
pub const MAX_TEXT_BYTES: usize = 1 << 20;

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Str(String),
    Int(i64),
    Bool(bool),
    Call { name: String, args: Vec<Expr> },
    Member(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
}

/// A value during evaluation.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<Val>),
    Map(BTreeMap<String, Val>),
    /// Known only at deploy time; `refers_to` is the address of a resource it derives from.
    Unknown {
        refers_to: Option<String>,
    },
}

impl Val {
    pub fn unknown() -> Val {
        Val::Unknown { refers_to: None }
    }
    fn text(&self) -> Option<String> {
        match self {
            Val::Str(s) => Some(s.clone()),
            Val::Num(n) => Some(rampart_model::value::format_number(*n)),
            Val::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    fn is_unknown(&self) -> bool {
        matches!(self, Val::Unknown { .. })
    }
}

/// What expressions can look up.
pub trait Scope {
    /// A parameter's value (its default, or what the user gave), Unknown when none; `depth`
    /// bounds defaults that refer to other parameters or variables.
    fn parameter(&self, name: &str, depth: usize) -> Val;
    /// A variable's evaluated value; `depth` bounds variables that refer to variables.
    fn variable(&self, name: &str, depth: usize) -> Val;
    /// The address of the template's resource of `resource_type` named `name`, if any.
    fn resource_address(&self, resource_type: &str, name: &str) -> Option<String>;
}

/// Whether a JSON string is an expression: `[...]`, but not the escaped literal `[[...`.
pub fn is_expression(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('[') && t.ends_with(']') && !t.starts_with("[[") && t.len() >= 2
}

/// The literal a string stands for when it is not an expression (`[[x]` → `[x]`).
pub fn literal(text: &str) -> String {
    match text.strip_prefix("[[") {
        Some(rest) => format!("[{rest}"),
        None => text.to_string(),
    }
}

/// Parses the text between the outer brackets of an expression.
pub fn parse(text: &str) -> Result<Expr, String> {
    let t = text.trim();
    let inner = t
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(t);
    let mut p = Parser {
        chars: inner.chars().collect(),
        pos: 0,
    };
    let e = p.expr(0)?;
    p.skip_ws();
    if p.pos < p.chars.len() {
        return Err(format!(
            "unexpected `{}` at offset {}",
            p.chars[p.pos], p.pos
        ));
    }
    Ok(e)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }
    fn expect(&mut self, c: char) -> Result<(), String> {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!("expected `{c}` at offset {}", self.pos))
        }
    }
    fn expr(&mut self, depth: usize) -> Result<Expr, String> {
        if depth > MAX_DEPTH {
            return Err(format!("expression nested deeper than {MAX_DEPTH} levels"));
        }
        self.skip_ws();
        let mut e = match self.peek() {
            Some('\'') => Expr::Str(self.string()?),
            Some(c) if c.is_ascii_digit() || c == '-' => Expr::Int(self.integer()?),
            Some(c) if c.is_alphabetic() || c == '_' => {
                let name = self.ident();
                self.skip_ws();
                if self.peek() == Some('(') {
                    self.pos += 1;
                    let args = self.args(depth)?;
                    Expr::Call { name, args }
                } else if name.eq_ignore_ascii_case("true") {
                    Expr::Bool(true)
                } else if name.eq_ignore_ascii_case("false") {
                    Expr::Bool(false)
                } else {
                    return Err(format!("`{name}` is neither a function call nor a literal"));
                }
            }
            Some(c) => return Err(format!("unexpected `{c}` at offset {}", self.pos)),
            None => return Err("expression ends early".into()),
        };
        loop {
            self.skip_ws();
            match self.peek() {
                Some('.') => {
                    self.pos += 1;
                    self.skip_ws();
                    let name = self.ident();
                    if name.is_empty() {
                        return Err(format!("expected a property name at offset {}", self.pos));
                    }
                    e = Expr::Member(Box::new(e), name);
                }
                Some('[') => {
                    self.pos += 1;
                    let index = self.expr(depth + 1)?;
                    self.expect(']')?;
                    e = Expr::Index(Box::new(e), Box::new(index));
                }
                _ => return Ok(e),
            }
        }
    }
    fn args(&mut self, depth: usize) -> Result<Vec<Expr>, String> {
        let mut args = Vec::new();
        self.skip_ws();
        if self.peek() == Some(')') {
            self.pos += 1;
            return Ok(args);
        }
        loop {
            args.push(self.expr(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(')') => {
                    self.pos += 1;
                    return Ok(args);
                }
                _ => return Err(format!("expected `,` or `)` at offset {}", self.pos)),
            }
        }
    }
    fn ident(&mut self) -> String {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
        {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }
    fn integer(&mut self) -> Result<i64, String> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        text.parse()
            .map_err(|_| format!("`{text}` is not an integer"))
    }
    /// A single-quoted string; `''` is a quote.
    fn string(&mut self) -> Result<String, String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err("unterminated string".into()),
                Some('\'') if self.chars.get(self.pos + 1) == Some(&'\'') => {
                    out.push('\'');
                    self.pos += 2;
                }
                Some('\'') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }
}

/// Evaluates an expression. `depth` counts variable indirections already followed.
pub fn eval(expr: &Expr, scope: &dyn Scope, depth: usize) -> Val {
    if depth > MAX_DEPTH {
        return Val::unknown();
    }
    match expr {
        Expr::Str(s) => Val::Str(s.clone()),
        Expr::Int(i) => Val::Num(*i as f64),
        Expr::Bool(b) => Val::Bool(*b),
        Expr::Member(base, name) => match eval(base, scope, depth) {
            Val::Map(m) => m
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
                .unwrap_or_else(Val::unknown),
            Val::Unknown { refers_to } => Val::Unknown { refers_to },
            _ => Val::unknown(),
        },
        Expr::Index(base, index) => match (eval(base, scope, depth), eval(index, scope, depth)) {
            (Val::List(items), Val::Num(n)) if n >= 0.0 => {
                items.get(n as usize).cloned().unwrap_or_else(Val::unknown)
            }
            (Val::Map(m), Val::Str(k)) => m.get(&k).cloned().unwrap_or_else(Val::unknown),
            (Val::Unknown { refers_to }, _) => Val::Unknown { refers_to },
            _ => Val::unknown(),
        },
        Expr::Call { name, args } => call(name, args, scope, depth),
    }
}

fn call(name: &str, args: &[Expr], scope: &dyn Scope, depth: usize) -> Val {
    let arg = |i: usize| {
        args.get(i)
            .map(|a| eval(a, scope, depth))
            .unwrap_or(Val::Null)
    };
    let all = || -> Vec<Val> { args.iter().map(|a| eval(a, scope, depth)).collect() };
    match name.to_ascii_lowercase().as_str() {
        "parameters" => match arg(0) {
            Val::Str(n) => scope.parameter(&n, depth + 1),
            _ => Val::unknown(),
        },
        "variables" => match arg(0) {
            Val::Str(n) => scope.variable(&n, depth + 1),
            _ => Val::unknown(),
        },
        "concat" => concat(all()),
        "format" => format_call(all()),
        "if" => match arg(0) {
            Val::Bool(true) => arg(1),
            Val::Bool(false) => arg(2),
            _ => {
                let (a, b) = (arg(1), arg(2));
                if a == b && !a.is_unknown() {
                    a
                } else {
                    Val::unknown()
                }
            }
        },
        "equals" => {
            let (a, b) = (arg(0), arg(1));
            if a.is_unknown() || b.is_unknown() {
                Val::unknown()
            } else {
                Val::Bool(a == b)
            }
        }
        "not" => match arg(0) {
            Val::Bool(b) => Val::Bool(!b),
            _ => Val::unknown(),
        },
        "and" | "or" => logic(name.eq_ignore_ascii_case("and"), all()),
        "empty" => match arg(0) {
            Val::Null => Val::Bool(true),
            Val::Str(s) => Val::Bool(s.is_empty()),
            Val::List(l) => Val::Bool(l.is_empty()),
            Val::Map(m) => Val::Bool(m.is_empty()),
            _ => Val::unknown(),
        },
        "tolower" => map_text(arg(0), |s| s.to_lowercase()),
        "toupper" => map_text(arg(0), |s| s.to_uppercase()),
        "string" => match arg(0) {
            v @ Val::Unknown { .. } => v,
            v => v.text().map(Val::Str).unwrap_or_else(Val::unknown),
        },
        "int" => match arg(0) {
            Val::Num(n) => Val::Num(n.trunc()),
            Val::Str(s) => s
                .trim()
                .parse::<i64>()
                .map(|i| Val::Num(i as f64))
                .unwrap_or_else(|_| Val::unknown()),
            _ => Val::unknown(),
        },
        "bool" => match arg(0) {
            Val::Bool(b) => Val::Bool(b),
            Val::Str(s) if s.eq_ignore_ascii_case("true") => Val::Bool(true),
            Val::Str(s) if s.eq_ignore_ascii_case("false") => Val::Bool(false),
            Val::Num(n) => Val::Bool(n != 0.0),
            _ => Val::unknown(),
        },
        "true" => Val::Bool(true),
        "false" => Val::Bool(false),
        "resourceid" => resource_id(all(), scope),
        _ => Val::unknown(),
    }
}

fn concat(values: Vec<Val>) -> Val {
    if values.iter().any(|v| matches!(v, Val::List(_))) {
        let mut out = Vec::new();
        for v in values {
            match v {
                Val::List(items) if out.len() + items.len() <= MAX_TEXT_BYTES => out.extend(items),
                Val::Null => {}
                _ => return Val::unknown(),
            }
        }
        return Val::List(out);
    }
    let mut out = String::new();
    for v in values {
        match v.text() {
            Some(t) => out.push_str(&t),
            None if v == Val::Null => {}
            None => return Val::unknown(),
        }
        if out.len() > MAX_TEXT_BYTES {
            return Val::unknown();
        }
    }
    Val::Str(out)
}

/// `format('{0}-{1:D}', a, b)`: .NET composite formatting; format specifiers are ignored.
fn format_call(values: Vec<Val>) -> Val {
    let mut it = values.into_iter();
    let Some(Val::Str(template)) = it.next() else {
        return Val::unknown();
    };
    let args: Vec<Val> = it.collect();
    let mut out = String::new();
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        if let Some(stripped) = after.strip_prefix('{') {
            out.push('{');
            rest = stripped;
            continue;
        }
        let Some(close) = after.find('}') else {
            return Val::unknown();
        };
        let spec = &after[..close];
        let index = spec.split([':', ',']).next().unwrap_or("").trim();
        let Ok(i) = index.parse::<usize>() else {
            return Val::unknown();
        };
        match args.get(i).and_then(Val::text) {
            Some(t) => out.push_str(&t),
            None => return Val::unknown(),
        }
        if out.len() > MAX_TEXT_BYTES {
            return Val::unknown();
        }
        rest = &after[close + 1..];
    }
    out.push_str(&rest.replace("}}", "}"));
    Val::Str(out)
}

fn logic(is_and: bool, values: Vec<Val>) -> Val {
    let mut unknown = false;
    for v in values {
        match v {
            Val::Bool(b) if b != is_and => return Val::Bool(b),
            Val::Bool(_) => {}
            _ => unknown = true,
        }
    }
    if unknown {
        Val::unknown()
    } else {
        Val::Bool(is_and)
    }
}

fn map_text(v: Val, f: impl Fn(&str) -> String) -> Val {
    match v {
        Val::Str(s) => Val::Str(f(&s)),
        _ => Val::unknown(),
    }
}

/// `resourceId([subscriptionId], [resourceGroupName], type, name1, name2…)`: the id is only
/// known at deploy time, but when the template declares that resource the unknown names it.
fn resource_id(values: Vec<Val>, scope: &dyn Scope) -> Val {
    let texts: Vec<Option<String>> = values.iter().map(Val::text).collect();
    let Some(type_at) = texts
        .iter()
        .position(|t| t.as_deref().is_some_and(|t| t.contains('/')))
    else {
        return Val::unknown();
    };
    let names: Option<Vec<String>> = texts
        .get(type_at + 1..)
        .unwrap_or(&[])
        .to_vec()
        .into_iter()
        .collect();
    let refers_to = match (texts.get(type_at).cloned().flatten(), names) {
        (Some(t), Some(names)) if !names.is_empty() => scope.resource_address(&t, &names.join("/")),
        _ => None,
    };
    Val::Unknown { refers_to }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed;
    impl Scope for Fixed {
        fn parameter(&self, name: &str, _depth: usize) -> Val {
            match name {
                "prefix" => Val::Str("app".into()),
                "enabled" => Val::Bool(true),
                _ => Val::unknown(),
            }
        }
        fn variable(&self, name: &str, _depth: usize) -> Val {
            match name {
                "tls" => Val::Str("TLS1_2".into()),
                "cfg" => Val::Map(BTreeMap::from([(
                    "ports".to_string(),
                    Val::List(vec![Val::Num(22.0), Val::Num(443.0)]),
                )])),
                _ => Val::unknown(),
            }
        }
        fn resource_address(&self, resource_type: &str, name: &str) -> Option<String> {
            (resource_type == "Microsoft.Sql/servers" && name == "db").then(|| "db".to_string())
        }
    }

    fn run(text: &str) -> Val {
        match parse(text) {
            Ok(e) => eval(&e, &Fixed, 0),
            Err(e) => panic!("{text}: {e}"),
        }
    }

    #[test]
    fn every_supported_form_evaluates() {
        assert_eq!(run("[parameters('prefix')]"), Val::Str("app".into()));
        assert_eq!(run("[parameters('missing')]"), Val::unknown());
        assert_eq!(run("[variables('tls')]"), Val::Str("TLS1_2".into()));
        assert_eq!(
            run("[concat(parameters('prefix'), '-', 'logs', 1)]"),
            Val::Str("app-logs1".into())
        );
        assert_eq!(run("[format('{0}-{1:D}', 'a', 7)]"), Val::Str("a-7".into()));
        assert_eq!(
            run("[if(parameters('enabled'), 'Deny', 'Allow')]"),
            Val::Str("Deny".into())
        );
        assert_eq!(
            run("[if(parameters('x'), 'same', 'same')]"),
            Val::Str("same".into())
        );
        assert_eq!(run("[if(parameters('x'), 'a', 'b')]"), Val::unknown());
        assert_eq!(
            run("[equals(parameters('prefix'), 'app')]"),
            Val::Bool(true)
        );
        assert_eq!(run("[not(equals(1, 2))]"), Val::Bool(true));
        assert_eq!(run("[and(true, false)]"), Val::Bool(false));
        assert_eq!(run("[or(parameters('x'), true)]"), Val::Bool(true));
        assert_eq!(run("[toUpper('tls1_2')]"), Val::Str("TLS1_2".into()));
        assert_eq!(run("[variables('cfg').ports[1]]"), Val::Num(443.0));
        assert_eq!(run("[string(true())]"), Val::Str("true".into()));
        assert_eq!(run("[int('42')]"), Val::Num(42.0));
        assert_eq!(run("['it''s']"), Val::Str("it's".into()));
        assert_eq!(
            run("[resourceId('Microsoft.Sql/servers', 'db')]"),
            Val::Unknown {
                refers_to: Some("db".into())
            }
        );
        assert_eq!(
            run("[resourceId('rg', 'Microsoft.Sql/servers', 'other')]"),
            Val::Unknown { refers_to: None }
        );
        assert_eq!(run("[reference('x').properties.y]"), Val::unknown());
        assert_eq!(run("[uniqueString(resourceGroup().id)]"), Val::unknown());
    }

    #[test]
    fn escaped_brackets_are_literals_and_bad_text_is_an_error() {
        assert!(!is_expression("[[not an expression]"));
        assert_eq!(literal("[[x]"), "[x]");
        assert!(is_expression("[concat('a')]"));
        assert!(parse("[concat('a']").is_err());
        assert!(parse("[concat('a') junk]").is_err());
        assert!(parse("['unterminated]").is_err());
        let deep = format!("[{}'x'{}]", "concat(".repeat(200), ")".repeat(200));
        assert!(parse(&deep).is_err());
    }
}
