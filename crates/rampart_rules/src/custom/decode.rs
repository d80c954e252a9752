//! Reads user rule files (YAML) into [`RuleSpec`]s. Every mistake becomes a [`LoadError`] at
//! the file and line of the offending node with a hint, never a panic; unknown keys are errors
//! so a typo cannot quietly turn a check off. One bad rule does not hide the others in the file.

use super::path::AttrPath;
use super::spec::{
    AttributeTest, Condition, Direction, Operator, Quantifier, RelatedTest, RuleSpec,
};
use rampart_model::{Category, LoadError, Severity, Value};
use regex::Regex;
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

/// Deeper conditions than this are refused: no real rule needs them and recursion stays bounded.
const MAX_DEPTH: usize = 32;

const CATEGORIES: [Category; 8] = [
    Category::Identity,
    Category::Data,
    Category::Network,
    Category::Logging,
    Category::Compute,
    Category::Secrets,
    Category::Encryption,
    Category::Availability,
];

const RULE_KEYS: &[&str] = &[
    "id",
    "title",
    "severity",
    "category",
    "description",
    "rationale",
    "remediation",
    "references",
    "aliases",
    "resource_kinds",
    "message",
    "attribute",
    "violation_when",
];

const OPERATORS: &[&str] = &[
    "equals",
    "not_equals",
    "in",
    "not_in",
    "exists",
    "absent",
    "greater_than",
    "greater_or_equal",
    "less_than",
    "less_or_equal",
    "matches",
    "contains",
    "cidr_contains",
    "cidr_is_public",
];

/// Parses one rule file: a mapping (one rule), a sequence of rules, or several `---`
/// documents. Returns the rules that decoded and an error for each that did not.
pub fn parse_rule_file(file: &str, text: &str) -> (Vec<RuleSpec>, Vec<LoadError>) {
    let docs = match MarkedYaml::load_from_str(text) {
        Ok(docs) => docs,
        Err(e) => {
            let m = e.marker();
            return (
                Vec::new(),
                vec![LoadError::error(
                    file,
                    m.line() as u32,
                    m.col() as u32 + 1,
                    format!("invalid YAML in rule file: {}; fix the syntax", e.info()),
                )],
            );
        }
    };
    let decoder = Decoder { file };
    let mut specs = Vec::new();
    let mut errors = Vec::new();
    for doc in &docs {
        let rules: Vec<&MarkedYaml<'_>> = match &doc.data {
            YamlData::Sequence(items) => items.iter().collect(),
            YamlData::Value(Scalar::Null) => Vec::new(),
            _ => vec![doc],
        };
        for node in rules {
            match decoder.rule(node) {
                Ok(spec) => specs.push(spec),
                Err(e) => errors.push(e),
            }
        }
    }
    (specs, errors)
}

struct Decoder<'f> {
    file: &'f str,
}

type Decoded<T> = Result<T, LoadError>;

fn position(node: &MarkedYaml<'_>) -> (u32, u32) {
    (
        node.span.start.line() as u32,
        node.span.start.col() as u32 + 1,
    )
}

fn text_of(node: &MarkedYaml<'_>) -> Option<String> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => {
            Some(rampart_model::value::format_number(f.into_inner()))
        }
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        YamlData::Representation(s, _, _) => Some(s.to_string()),
        _ => None,
    }
}

type Entries<'n, 'i> = Vec<(String, &'n MarkedYaml<'i>, &'n MarkedYaml<'i>)>;

impl Decoder<'_> {
    fn error(&self, node: &MarkedYaml<'_>, message: impl Into<String>) -> LoadError {
        let (line, column) = position(node);
        LoadError::error(self.file, line, column, message)
    }

    /// Entries of a mapping, rejecting keys outside `allowed` and repeated keys.
    fn mapping<'n, 'i>(
        &self,
        node: &'n MarkedYaml<'i>,
        what: &str,
        allowed: &[&str],
    ) -> Decoded<Entries<'n, 'i>> {
        let YamlData::Mapping(map) = &node.data else {
            return Err(self.error(node, format!("{what} must be a mapping of `key: value`")));
        };
        let mut out: Entries<'n, 'i> = Vec::new();
        for (k, v) in map.iter() {
            let Some(key) = text_of(k) else {
                return Err(self.error(k, format!("{what} has a key that is not a plain word")));
            };
            if !allowed.contains(&key.as_str()) {
                return Err(self.error(
                    k,
                    format!(
                        "unknown key `{key}` in {what}; expected one of: {}",
                        allowed.join(", ")
                    ),
                ));
            }
            out.push((key, k, v));
        }
        Ok(out)
    }

    fn string(&self, node: &MarkedYaml<'_>, key: &str) -> Decoded<String> {
        match text_of(node) {
            Some(s) if !s.trim().is_empty() => Ok(s),
            _ => Err(self.error(node, format!("`{key}` must be a non-empty string"))),
        }
    }

    fn strings(&self, node: &MarkedYaml<'_>, key: &str) -> Decoded<Vec<String>> {
        match &node.data {
            YamlData::Sequence(items) => items.iter().map(|i| self.string(i, key)).collect(),
            YamlData::Value(Scalar::Null) => Ok(Vec::new()),
            _ => Ok(vec![self.string(node, key)?]),
        }
    }

    fn rule(&self, node: &MarkedYaml<'_>) -> Decoded<RuleSpec> {
        let entries = self.mapping(node, "a rule", RULE_KEYS)?;
        let get = |k: &str| {
            entries
                .iter()
                .find(|(key, _, _)| key == k)
                .map(|(_, kn, v)| (*kn, *v))
        };
        let required = |k: &str| {
            get(k).ok_or_else(|| self.error(node, format!("rule lacks `{k}`; every rule needs id, title, severity, category, resource_kinds and violation_when")))
        };
        let (id_key, id_node) = required("id")?;
        let id = self.string(id_node, "id")?;
        if !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            || !id.starts_with(|c: char| c.is_ascii_alphabetic())
        {
            return Err(self.error(
                id_node,
                format!("rule id `{id}` must start with a letter and use only letters, digits, `-`, `_` and `.`"),
            ));
        }
        let title = self.string(required("title")?.1, "title")?;
        let severity_node = required("severity")?.1;
        let severity = text_of(severity_node)
            .and_then(|s| Severity::parse(&s))
            .ok_or_else(|| {
                self.error(
                    severity_node,
                    "unknown severity; use one of critical, high, medium, low, info",
                )
            })?;
        let category_node = required("category")?.1;
        let category = text_of(category_node)
            .and_then(|s| {
                CATEGORIES
                    .into_iter()
                    .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
            })
            .ok_or_else(|| {
                let names: Vec<&str> = CATEGORIES.iter().map(|c| c.as_str()).collect();
                self.error(
                    category_node,
                    format!("unknown category; use one of {}", names.join(", ")),
                )
            })?;
        let kinds_node = required("resource_kinds")?.1;
        let resource_kinds = self.strings(kinds_node, "resource_kinds")?;
        if resource_kinds.is_empty() {
            return Err(self.error(kinds_node, "`resource_kinds` must list at least one resource kind (`aws_s3_bucket`, or `*` for all)"));
        }
        let rationale = match (get("rationale"), get("description")) {
            (Some((k, _)), Some(_)) => {
                return Err(self.error(k, "use either `rationale` or `description`, not both"));
            }
            (Some((_, v)), None) | (None, Some((_, v))) => self.string(v, "rationale")?,
            (None, None) => String::new(),
        };
        let optional = |k: &str| get(k).map(|(_, v)| self.string(v, k)).transpose();
        let optional_list = |k: &str| {
            get(k)
                .map(|(_, v)| self.strings(v, k))
                .transpose()
                .map(Option::unwrap_or_default)
        };
        let violation_node = required("violation_when")?.1;
        let violation_when = self.condition(violation_node, 0)?;
        let attribute = match get("attribute") {
            Some((_, v)) => {
                let text = self.string(v, "attribute")?;
                AttrPath::parse(&text).map_err(|e| self.error(v, e))?;
                Some(text)
            }
            None => match &violation_when {
                Condition::Test(t) if t.path.is_single() => Some(t.path.text.clone()),
                _ => None,
            },
        };
        Ok(RuleSpec {
            file: self.file.to_string(),
            id_line: position(id_key).0,
            id,
            title,
            severity,
            category,
            resource_kinds,
            rationale,
            remediation: optional("remediation")?.unwrap_or_default(),
            references: optional_list("references")?,
            aliases: optional_list("aliases")?,
            message: optional("message")?,
            attribute,
            violation_when,
        })
    }

    fn conditions(
        &self,
        node: &MarkedYaml<'_>,
        key: &str,
        depth: usize,
    ) -> Decoded<Vec<Condition>> {
        match &node.data {
            YamlData::Sequence(items) if !items.is_empty() => {
                items.iter().map(|i| self.condition(i, depth + 1)).collect()
            }
            _ => Err(self.error(
                node,
                format!("`{key}` takes a non-empty list of conditions"),
            )),
        }
    }

    fn condition(&self, node: &MarkedYaml<'_>, depth: usize) -> Decoded<Condition> {
        if depth > MAX_DEPTH {
            return Err(self.error(
                node,
                format!("condition nested deeper than {MAX_DEPTH} levels; simplify the rule"),
            ));
        }
        let mut allowed = vec![
            "all",
            "any",
            "not",
            "related",
            "uses",
            "attribute",
            "quantifier",
        ];
        allowed.extend_from_slice(OPERATORS);
        let entries = self.mapping(node, "a condition", &allowed)?;
        let first = |k: &str| entries.iter().find(|(key, _, _)| key == k);
        let combinators: Vec<_> = entries
            .iter()
            .filter(|(k, _, _)| matches!(k.as_str(), "all" | "any" | "not" | "related" | "uses"))
            .collect();
        if let Some((name, key_node, value)) = combinators.first() {
            if entries.len() > 1 {
                return Err(self.error(
                    key_node,
                    format!("`{name}` must be alone in its condition; wrap several conditions in `all:` or `any:`"),
                ));
            }
            return match name.as_str() {
                "all" => Ok(Condition::All(self.conditions(value, "all", depth)?)),
                "any" => Ok(Condition::Any(self.conditions(value, "any", depth)?)),
                "not" => Ok(Condition::Not(Box::new(self.condition(value, depth + 1)?))),
                "related" => Ok(Condition::Related(self.related(
                    value,
                    Direction::ConfiguredBy,
                    depth,
                )?)),
                _ => Ok(Condition::Related(self.related(
                    value,
                    Direction::Uses,
                    depth,
                )?)),
            };
        }
        let Some((_, _, path_node)) = first("attribute") else {
            return Err(self.error(node, "a condition needs `attribute:` and one operator, or one of `all`, `any`, `not`, `related`, `uses`"));
        };
        let path_text = self.string(path_node, "attribute")?;
        let path = AttrPath::parse(&path_text).map_err(|e| self.error(path_node, e))?;
        let quantifier = match first("quantifier") {
            Some((_, _, q)) => self.quantifier(q)?,
            None => Quantifier::Any,
        };
        let ops: Vec<_> = entries
            .iter()
            .filter(|(k, _, _)| OPERATORS.contains(&k.as_str()))
            .collect();
        let (op_name, _, op_value) = match ops.as_slice() {
            [one] => *one,
            [] => {
                return Err(self.error(
                    node,
                    format!(
                        "condition on `{path_text}` has no operator; use one of: {}",
                        OPERATORS.join(", ")
                    ),
                ));
            }
            [_, (name, key_node, _), ..] => {
                return Err(self.error(key_node, format!("condition on `{path_text}` has a second operator `{name}`; use `all:` to combine tests")));
            }
        };
        let operator = self.operator(op_name, op_value)?;
        Ok(Condition::Test(AttributeTest {
            path,
            operator,
            quantifier,
        }))
    }

    fn quantifier(&self, node: &MarkedYaml<'_>) -> Decoded<Quantifier> {
        match text_of(node).as_deref() {
            Some("any") => Ok(Quantifier::Any),
            Some("all") => Ok(Quantifier::All),
            Some("none") => Ok(Quantifier::None),
            _ => Err(self.error(node, "`quantifier` must be `any`, `all` or `none`")),
        }
    }

    fn operator(&self, name: &str, node: &MarkedYaml<'_>) -> Decoded<Operator> {
        let number = || {
            value_of(node)
                .as_f64()
                .filter(|_| !matches!(node.data, YamlData::Value(Scalar::String(_))))
                .ok_or_else(|| self.error(node, format!("`{name}` takes a number")))
        };
        let boolean = || match node.data {
            YamlData::Value(Scalar::Boolean(b)) => Ok(b),
            _ => Err(self.error(node, format!("`{name}` takes `true` or `false`"))),
        };
        let list = || match value_of(node) {
            Value::List(items) => Ok(items),
            _ => Err(self.error(node, format!("`{name}` takes a list of values"))),
        };
        let cidr = || {
            text_of(node)
                .and_then(|t| super::eval::parse_net(&Value::String(t)))
                .ok_or_else(|| {
                    self.error(
                        node,
                        format!("`{name}` takes a CIDR (`10.0.0.0/8`) or an IP address"),
                    )
                })
        };
        Ok(match name {
            "equals" => Operator::Equals(value_of(node)),
            "not_equals" => Operator::NotEquals(value_of(node)),
            "in" => Operator::In(list()?),
            "not_in" => Operator::NotIn(list()?),
            "exists" => Operator::Exists(boolean()?),
            "absent" => Operator::Exists(!boolean()?),
            "greater_than" => Operator::GreaterThan(number()?),
            "greater_or_equal" => Operator::GreaterOrEqual(number()?),
            "less_than" => Operator::LessThan(number()?),
            "less_or_equal" => Operator::LessOrEqual(number()?),
            "matches" => {
                let pattern = self.string(node, name)?;
                Operator::Matches(Regex::new(&pattern).map_err(|e| {
                    self.error(node, format!("invalid regular expression `{pattern}`: {e}"))
                })?)
            }
            "contains" => Operator::Contains(value_of(node)),
            "cidr_contains" => Operator::CidrContains(cidr()?),
            _ => Operator::CidrIsPublic(boolean()?),
        })
    }

    fn related(
        &self,
        node: &MarkedYaml<'_>,
        direction: Direction,
        depth: usize,
    ) -> Decoded<RelatedTest> {
        let entries = self.mapping(
            node,
            "a relation lookup",
            &["kind", "quantifier", "condition"],
        )?;
        let get = |k: &str| {
            entries
                .iter()
                .find(|(key, _, _)| key == k)
                .map(|(_, _, v)| *v)
        };
        let kind = match get("kind") {
            Some(k) => self.string(k, "kind")?,
            None => {
                return Err(self.error(
                    node,
                    "a relation lookup needs `kind:` (the related resource kind)",
                ));
            }
        };
        let quantifier = match get("quantifier") {
            Some(q) => self.quantifier(q)?,
            None => Quantifier::Any,
        };
        let condition = get("condition")
            .map(|c| self.condition(c, depth + 1).map(Box::new))
            .transpose()?;
        Ok(RelatedTest {
            direction,
            kind,
            quantifier,
            condition,
        })
    }
}

/// A YAML value as a model [`Value`] (for `equals`, `in`, `contains`).
fn value_of(node: &MarkedYaml<'_>) -> Value {
    match &node.data {
        YamlData::Value(Scalar::Null) => Value::Null,
        YamlData::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        YamlData::Value(Scalar::Integer(i)) => Value::Number(*i as f64),
        YamlData::Value(Scalar::FloatingPoint(f)) => Value::Number(f.into_inner()),
        YamlData::Value(Scalar::String(s)) => Value::String(s.to_string()),
        YamlData::Representation(s, _, _) => Value::String(s.to_string()),
        YamlData::Sequence(items) => Value::List(items.iter().map(value_of).collect()),
        YamlData::Mapping(map) => Value::Map(
            map.iter()
                .filter_map(|(k, v)| text_of(k).map(|k| (k, value_of(v))))
                .collect(),
        ),
        YamlData::Tagged(_, inner) => value_of(inner),
        _ => Value::Null,
    }
}
