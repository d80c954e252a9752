use std::collections::BTreeMap;

use regex::Regex;
use serde_json::{Map, Value};

/// Placeholder ↔ original value for one request. Placeholders are stable within a request:
/// the same value always gets the same placeholder.
#[derive(Clone, Debug, Default)]
pub struct RedactionMap {
    by_value: BTreeMap<String, String>,
    by_placeholder: BTreeMap<String, String>,
    counts: BTreeMap<String, usize>,
}

impl RedactionMap {
    fn placeholder(&mut self, category: &str, value: &str) -> String {
        if let Some(p) = self.by_value.get(value) {
            return p.clone();
        }
        let n = self.counts.entry(category.to_string()).or_insert(0);
        *n += 1;
        let p = format!("<{category}_{n}>");
        self.by_value.insert(value.to_string(), p.clone());
        self.by_placeholder.insert(p.clone(), value.to_string());
        p
    }

    /// Puts the originals back into text that came from the model.
    pub fn restore(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (placeholder, original) in &self.by_placeholder {
            out = out.replace(placeholder, original);
        }
        out
    }

    /// Replaces known originals by their placeholders again: verifier messages may quote the
    /// restored answer, and they go back to the model.
    pub fn reapply(&self, text: &str) -> String {
        let mut out = text.to_string();
        // Longest first, so a value containing another is replaced whole.
        let mut pairs: Vec<_> = self.by_value.iter().collect();
        pairs.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
        for (original, placeholder) in pairs {
            out = out.replace(original.as_str(), placeholder);
        }
        out
    }

    /// How many distinct values of each category were replaced (for the audit: counts, not values).
    pub fn summary(&self) -> BTreeMap<String, usize> {
        self.counts.clone()
    }

    pub fn is_empty(&self) -> bool {
        self.by_value.is_empty()
    }
}

/// Replaces identifying and secret values by placeholders before a request leaves the machine.
#[derive(Debug)]
pub struct Redactor {
    /// Values that may be sent verbatim (exact match).
    pub allow: Vec<String>,
    patterns: Vec<(&'static str, Regex)>,
    secret_key: Option<Regex>,
    name_key: Option<Regex>,
}

/// Order matters: a private key or an ARN contains things later patterns would split.
const PATTERNS: &[(&str, &str)] = &[
    (
        "PRIVATE_KEY",
        r"(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----",
    ),
    ("ARN", r"arn:aws[a-z-]*:[^\s\x22',]+"),
    ("ACCESS_KEY", r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
    ("EMAIL", r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
    ("IP", r"\b(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?\b"),
    (
        "IP",
        r"(?i)\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:/\d{1,3})?",
    ),
    ("ACCOUNT", r"\b\d{12}\b"),
    (
        "HOST",
        r"(?i)\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}\b",
    ),
    ("TOKEN", r"[A-Za-z0-9+/=_\-]{20,}"),
];

impl Default for Redactor {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl Redactor {
    pub fn new(allow: Vec<String>) -> Self {
        let patterns = PATTERNS
            .iter()
            .filter_map(|(cat, re)| Regex::new(re).ok().map(|r| (*cat, r)))
            .collect();
        Self {
            allow,
            patterns,
            secret_key: Regex::new(
                r"(?i)password|passwd|secret|token|private_key|api_key|user_data|credential",
            )
            .ok(),
            name_key: Regex::new(
                r"(?i)^(name|bucket|function_name|identifier|db_name|cluster_name|id)$",
            )
            .ok(),
        }
    }

    fn allowed(&self, value: &str) -> bool {
        value == "0.0.0.0/0" || value == "::/0" || self.allow.iter().any(|a| a == value)
    }

    /// Keeps only `needed` top-level attributes (all when empty), then redacts what remains.
    pub fn minimize(
        &self,
        kind: &str,
        attrs: &Value,
        needed: &[&str],
        map: &mut RedactionMap,
    ) -> Value {
        let kept = match attrs {
            Value::Object(obj) if !needed.is_empty() => Value::Object(
                obj.iter()
                    .filter(|(k, _)| needed.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<Map<_, _>>(),
            ),
            other => other.clone(),
        };
        let name_category = name_category(kind);
        self.value(&kept, None, name_category, map)
    }

    fn value(&self, v: &Value, key: Option<&str>, name_cat: &str, map: &mut RedactionMap) -> Value {
        match v {
            Value::String(s) => Value::String(match key {
                Some(k)
                    if self.secret_key.as_ref().is_some_and(|r| r.is_match(k))
                        && !self.allowed(s) =>
                {
                    map.placeholder("SECRET", s)
                }
                Some(k)
                    if self.name_key.as_ref().is_some_and(|r| r.is_match(k))
                        && !self.allowed(s) =>
                {
                    map.placeholder(name_cat, s)
                }
                _ => self.text(s, map),
            }),
            Value::Number(n) => {
                let s = n.to_string();
                let red = self.text(&s, map);
                if red == s {
                    v.clone()
                } else {
                    Value::String(red)
                }
            }
            Value::Array(a) => Value::Array(
                a.iter()
                    .map(|x| self.value(x, key, name_cat, map))
                    .collect(),
            ),
            Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, x)| (self.text(k, map), self.value(x, Some(k), name_cat, map)))
                    .collect(),
            ),
            Value::Bool(_) | Value::Null => v.clone(),
        }
    }

    /// Redacts free text (tag values, descriptions, policy documents).
    pub fn text(&self, s: &str, map: &mut RedactionMap) -> String {
        let mut out = s.to_string();
        for (cat, re) in &self.patterns {
            let mut next = String::with_capacity(out.len());
            let mut last = 0;
            for m in re.find_iter(&out) {
                let found = m.as_str();
                let skip = self.allowed(found)
                    || (*cat == "TOKEN" && !high_entropy(found))
                    || (*cat == "IP" && !found.chars().any(|c| c.is_ascii_digit()))
                    || (*cat == "IP" && found.contains(':') && !is_ipv6(found))
                    || found.contains('<')
                    || is_placeholder_tail(&out, m.start());
                if skip {
                    continue;
                }
                next.push_str(&out[last..m.start()]);
                next.push_str(&map.placeholder(cat, found));
                last = m.end();
            }
            next.push_str(&out[last..]);
            out = next;
        }
        out
    }
}

/// The IPv6 pattern also matches clock times (`12:30:45`) and hex runs; only a value that
/// parses as an address (with an optional prefix length) is one.
fn is_ipv6(found: &str) -> bool {
    let addr = found.split('/').next().unwrap_or(found);
    addr.parse::<std::net::Ipv6Addr>().is_ok()
}

/// A match starting right after `<CATEGORY_` would eat a placeholder's own digits.
fn is_placeholder_tail(text: &str, start: usize) -> bool {
    text[..start].ends_with('_')
        && text[..start]
            .rfind('<')
            .is_some_and(|i| !text[i..start].contains('>'))
}

fn name_category(kind: &str) -> &'static str {
    if kind.contains("bucket") || kind.contains("storage") {
        "BUCKET"
    } else {
        "NAME"
    }
}

/// Shannon entropy per character; random tokens sit above 4 bits, words and paths below.
fn high_entropy(s: &str) -> bool {
    let mut counts: BTreeMap<char, f64> = BTreeMap::new();
    for c in s.chars() {
        *counts.entry(c).or_insert(0.0) += 1.0;
    }
    let len = s.chars().count() as f64;
    let bits: f64 = counts.values().map(|n| -(n / len) * (n / len).log2()).sum();
    let mixed = s.chars().any(|c| c.is_ascii_digit()) && s.chars().any(|c| c.is_ascii_alphabetic());
    bits >= 4.0 || (mixed && bits >= 3.5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn replaces_identifiers_keeps_open_cidrs_and_restores() {
        let r = Redactor::default();
        let mut map = RedactionMap::default();
        let attrs = json!({
            "bucket": "acme-prod-logs",
            "cidr_blocks": ["0.0.0.0/0", "10.1.2.0/24"],
            "ipv6": ["::/0", "2001:db8::1"],
            "policy": "arn:aws:iam::123456789012:role/admin owner bob@acme.com on db.acme.internal",
            "password": "hunter2",
            "unused": "x"
        });
        let out = r.minimize(
            "aws_s3_bucket",
            &attrs,
            &["bucket", "cidr_blocks", "ipv6", "policy", "password"],
            &mut map,
        );
        let text = out.to_string();
        for planted in [
            "acme-prod-logs",
            "10.1.2.0",
            "2001:db8::1",
            "123456789012",
            "bob@acme.com",
            "db.acme.internal",
            "hunter2",
        ] {
            assert!(!text.contains(planted), "{planted} leaked: {text}");
        }
        assert!(
            text.contains("0.0.0.0/0") && text.contains("::/0"),
            "{text}"
        );
        assert!(
            text.contains("<BUCKET_1>") && !text.contains("unused"),
            "{text}"
        );
        assert_eq!(map.restore(&text), json!({
            "bucket": "acme-prod-logs",
            "cidr_blocks": ["0.0.0.0/0", "10.1.2.0/24"],
            "ipv6": ["::/0", "2001:db8::1"],
            "policy": "arn:aws:iam::123456789012:role/admin owner bob@acme.com on db.acme.internal",
            "password": "hunter2"
        }).to_string());
    }

    #[test]
    fn allow_list_passes_values_through() {
        let r = Redactor::new(vec!["10.0.0.0/8".into()]);
        let mut map = RedactionMap::default();
        assert_eq!(
            r.text("from 10.0.0.0/8 and 10.9.9.9", &mut map),
            "from 10.0.0.0/8 and <IP_1>"
        );
    }

    #[test]
    fn clock_times_are_not_addresses_but_ipv6_still_is() {
        let r = Redactor::default();
        let mut map = RedactionMap::default();
        assert_eq!(
            r.text(
                "rotated at 12:30:45 from fe80::1 and 2001:db8::/32",
                &mut map
            ),
            "rotated at 12:30:45 from <IP_1> and <IP_2>"
        );
    }
}
