//! The last pass over every byte Rampart writes (reports, explanations, diffs, messages on
//! stderr): secrets are masked wherever they appear, and escape sequences from scanned files
//! are neutralised. Reports land in CI logs and tickets; a secret must not reach them through
//! another finding's source lines, a diff's context, or an error message.
//!
//! Two nets: the secret values the scan found ([`Redactor::new`], from
//! `rampart_rules::views::secret_values`), matched as written and in their escaped forms, and
//! the well-known shapes of credentials (`secrets::raw_secrets`: access key ids, private key
//! blocks, `password=` values) matched in any text. Structured outputs are redacted inside
//! their string values only, unescaped first and escaped again, so they stay valid.

use crate::html;
use crate::text::{sanitize, sanitize_lines};
use rampart_rules::views::secrets;
use regex::Regex;
use std::borrow::Cow;

/// What a masked secret reads as.
pub const MASK: &str = "********";

/// How a piece of output is written, which decides how it is redacted and neutralised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    /// Plain text for a terminal or a log: control characters become visible escapes.
    Text,
    /// Text whose pieces from scanned files are already sanitised and which carries its own
    /// colour codes (the coloured text report): secrets only.
    PaintedText,
    /// JSON or SARIF: string values are redacted; C1 controls and bidi overrides are escaped.
    Json,
    /// XML or HTML: text and attribute values are redacted; controls become visible escapes.
    Markup,
}

/// Masks known secret values and credential shapes in output text.
#[derive(Debug, Default)]
pub struct Redactor {
    /// The secrets it was made for, to make a new redactor with more.
    secrets: Vec<String>,
    /// Every known secret and its escaped forms, longest first, as one alternation.
    literals: Option<Regex>,
}

impl Redactor {
    /// A redactor for `secrets` (raw values, as the scan found them) and for the well-known
    /// credential shapes.
    pub fn new<I, S>(secrets: I) -> Redactor
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let secrets: Vec<String> = secrets
            .into_iter()
            .map(|s| s.as_ref().to_string())
            .collect();
        let mut forms: Vec<String> = Vec::new();
        for secret in &secrets {
            let secret = secret.as_str();
            // a diff or a snippet shows a multi-line secret one line at a time
            let pieces = std::iter::once(secret).chain(
                secret
                    .lines()
                    .map(str::trim)
                    .filter(|l| l.chars().count() >= 8 && *l != secret),
            );
            for piece in pieces {
                let json = serde_json::to_string(piece).unwrap_or_default();
                let json = json
                    .strip_prefix('"')
                    .and_then(|j| j.strip_suffix('"'))
                    .unwrap_or(piece)
                    .to_string();
                forms.push(piece.to_string());
                forms.push(json);
                forms.push(html::escape(piece).into_owned());
                forms.push(sanitize(piece));
            }
        }
        forms.retain(|f| f.chars().count() >= 4);
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        let literals = if forms.is_empty() {
            None
        } else {
            let pattern: Vec<String> = forms.iter().map(|f| regex::escape(f)).collect();
            regex::RegexBuilder::new(&pattern.join("|"))
                .size_limit(1 << 26)
                .build()
                .ok()
        };
        Redactor { secrets, literals }
    }

    /// The secret values this redactor masks (to build one with more; never to show).
    pub fn secrets(&self) -> &[String] {
        &self.secrets
    }

    /// `text` as it may leave the process when written as `kind`.
    pub fn clean(&self, text: &str, kind: OutputKind) -> String {
        match kind {
            OutputKind::Text => sanitize_lines(&self.redact(text)),
            OutputKind::PaintedText => self.redact(text).into_owned(),
            OutputKind::Json => neutralise_json(&self.redact_json(text)),
            OutputKind::Markup => sanitize_lines(&self.redact_markup(text)),
        }
    }

    /// `text` with every known secret and credential shape masked.
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut out = Cow::Borrowed(text);
        if let Some(re) = &self.literals
            && re.is_match(&out)
        {
            out = Cow::Owned(re.replace_all(&out, MASK).into_owned());
        }
        let mut found: Vec<String> = secrets::raw_secrets(&out)
            .into_iter()
            .map(str::to_string)
            .collect();
        if found.is_empty() {
            return out;
        }
        let mut owned = out.into_owned();
        found.sort_by_key(|s| std::cmp::Reverse(s.len()));
        for secret in found {
            let mask = if secrets::aws_access_key_ids(&secret).len() == 1 && secret.len() == 20 {
                secrets::mask_key_id(&secret)
            } else {
                MASK.to_string()
            };
            owned = owned.replace(&secret, &mask);
        }
        Cow::Owned(owned)
    }

    /// Redacts the string values of a JSON text (object keys are left alone), each unescaped,
    /// redacted and escaped again.
    fn redact_json(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('"') {
            let (before, from_quote) = rest.split_at(open);
            out.push_str(before);
            let end = string_end(from_quote);
            let (literal, after) = from_quote.split_at(end);
            let is_key = after.trim_start().starts_with(':');
            match serde_json::from_str::<String>(literal) {
                Ok(value) if !is_key => match self.redact(&value) {
                    Cow::Owned(redacted) => {
                        out.push_str(&serde_json::to_string(&redacted).unwrap_or_default())
                    }
                    Cow::Borrowed(_) => out.push_str(literal),
                },
                _ => out.push_str(literal),
            }
            rest = after;
        }
        out.push_str(rest);
        out
    }

    /// Redacts the text and attribute values of XML or HTML, each unescaped, redacted and
    /// escaped again; tag and attribute names are left alone.
    fn redact_markup(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while !rest.is_empty() {
            match rest.find('<') {
                Some(0) => {
                    let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                    let (tag, after) = rest.split_at(end);
                    out.push_str(&self.redact_tag(tag));
                    rest = after;
                }
                found => {
                    let end = found.unwrap_or(rest.len());
                    let (content, after) = rest.split_at(end);
                    out.push_str(&self.redact_escaped(content));
                    rest = after;
                }
            }
        }
        out
    }

    /// The quoted attribute values of one tag.
    fn redact_tag(&self, tag: &str) -> String {
        let mut out = String::with_capacity(tag.len());
        let mut rest = tag;
        while let Some(open) = rest.find(['"', '\'']) {
            let quote = rest.get(open..open + 1).unwrap_or("\"");
            let (before, from_quote) = rest.split_at(open + 1);
            out.push_str(before);
            let close = from_quote.find(quote).unwrap_or(from_quote.len());
            let (value, after) = from_quote.split_at(close);
            out.push_str(&self.redact_escaped(value));
            rest = after;
            if let Some(after_quote) = rest.strip_prefix(quote) {
                out.push_str(quote);
                rest = after_quote;
            }
        }
        out.push_str(rest);
        out
    }

    fn redact_escaped(&self, escaped: &str) -> String {
        let plain = unescape_markup(escaped);
        match self.redact(&plain) {
            Cow::Owned(redacted) => html::escape(&redacted).into_owned(),
            Cow::Borrowed(_) => escaped.to_string(),
        }
    }
}

/// The length of the JSON string literal at the start of `text` (which starts with `"`),
/// closing quote included; the whole text when it is not closed.
fn string_end(text: &str) -> usize {
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return i + 1,
            _ => {}
        }
    }
    text.len()
}

/// XML and HTML character references back to characters (`&amp;`, `&#39;`, `&#x1b;`).
fn unescape_markup(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let (before, from_amp) = rest.split_at(amp);
        out.push_str(before);
        let Some(semi) = from_amp.find(';').filter(|s| *s <= 10) else {
            out.push('&');
            rest = from_amp.get(1..).unwrap_or("");
            continue;
        };
        let name = from_amp.get(1..semi).unwrap_or("");
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = from_amp.get(semi + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = from_amp.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// JSON escapes C0 controls itself; C1 controls (U+009B is a terminal's CSI) and bidi
/// overrides pass through serializers raw, and only appear inside strings: escape them there.
fn neutralise_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let is_bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if is_bidi || ('\u{80}'..='\u{9f}').contains(&c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";

    #[test]
    fn known_secrets_and_credential_shapes_are_masked_in_text() {
        let r = Redactor::new(["Hunter2xyz"]);
        let text = format!("  password = \"Hunter2xyz\"\n  key = \"{KEY_ID}\"\n");
        let clean = r.clean(&text, OutputKind::Text);
        assert!(
            !clean.contains("Hunter2xyz") && !clean.contains(KEY_ID),
            "{clean}"
        );
        assert!(clean.contains("AKIA****************"), "{clean}");
        // a password the scan did not know is still caught by its shape
        let clean = Redactor::default().clean("mysql --password=s3cr3tpass", OutputKind::Text);
        assert!(!clean.contains("s3cr3tpass"), "{clean}");
    }

    #[test]
    fn multi_line_secrets_are_masked_line_by_line() {
        let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMx\n-----END RSA PRIVATE KEY-----";
        let r = Redactor::new([key]);
        let diff = "-  value = <<EOT\n-MIIEowIBAAKCAQEAu1SU1LfVLPHCozMx\n";
        assert!(!r.clean(diff, OutputKind::Text).contains("MIIEow"));
    }

    #[test]
    fn json_stays_valid_and_keys_are_kept() {
        let r = Redactor::new(["pa\"ss\\word1"]);
        let json = serde_json::json!({
            "password": "pa\"ss\\word1",
            "message": "source: password = \"Hunter2xyz\"",
        })
        .to_string();
        let clean = r.clean(&json, OutputKind::Json);
        let parsed: serde_json::Value = serde_json::from_str(&clean).unwrap_or_default();
        assert_eq!(parsed["password"], MASK, "{clean}");
        assert!(!clean.contains("Hunter2xyz"), "{clean}");
        assert!(parsed["message"].as_str().is_some(), "{clean}");
    }

    #[test]
    fn markup_is_redacted_in_text_and_attributes() {
        let r = Redactor::new(["s3cr<et>&pass"]);
        let xml = format!(
            "<failure message=\"has {}\">{}</failure>",
            html::escape("s3cr<et>&pass"),
            html::escape("s3cr<et>&pass")
        );
        let clean = r.clean(&xml, OutputKind::Markup);
        assert_eq!(
            clean,
            format!("<failure message=\"has {MASK}\">{MASK}</failure>")
        );
    }

    #[test]
    fn escape_codes_are_neutralised_for_text_and_json() {
        let r = Redactor::default();
        assert_eq!(
            r.clean("a\u{1b}[31mb\r\nc\n", OutputKind::Text),
            "a\\u{1b}[31mb\r\nc\n"
        );
        assert_eq!(r.clean("x\ry", OutputKind::Text), "x\\u{d}y");
        assert_eq!(r.clean("\"\u{9b}31m\"", OutputKind::Json), "\"\\u009b31m\"");
    }
}
