//! Secret detectors shared by the secrets rules: AWS access key ids and secret access keys,
//! private keys and `password=` assignments in free text (user data, scripts), secret-looking
//! names of environment variables, and base64 user data.
//!
//! A match never carries the secret itself, only a masked form ([`mask_key_id`],
//! [`redacted`]): findings, logs and AI prompts built from these must never leak the value.
//! Detectors prefer missing a secret to flagging a reference (`$VAR`, `${...}`, an ARN).

use base64::Engine as _;
use rampart_model::Value;
use regex::Regex;
use std::sync::OnceLock;

/// What kind of secret a detector found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    AwsAccessKeyId,
    AwsSecretAccessKey,
    PrivateKey,
    Password,
}

impl SecretKind {
    pub fn describe(self) -> &'static str {
        match self {
            SecretKind::AwsAccessKeyId => "AWS access key id",
            SecretKind::AwsSecretAccessKey => "AWS secret access key",
            SecretKind::PrivateKey => "private key",
            SecretKind::Password => "password",
        }
    }
}

/// One secret found in a text, already masked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretMatch {
    pub kind: SecretKind,
    /// Safe to show: never the secret itself.
    pub masked: String,
}

impl SecretMatch {
    pub fn describe(&self) -> String {
        format!("{} `{}`", self.kind.describe(), self.masked)
    }
}

fn regex(cell: &'static OnceLock<Option<Regex>>, pattern: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

fn access_key_id_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    regex(&RE, r"\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b")
}

fn secret_assignment_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    regex(
        &RE,
        r#"(?i)secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
    )
}

fn private_key_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    regex(
        &RE,
        r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----",
    )
}

fn password_assignment_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    regex(
        &RE,
        r#"(?i)\b[a-z0-9_]*(?:password|passwd)["']?\s*[=:]\s*["']?([^\s"'`;]+)"#,
    )
}

/// AWS access key ids in a text (`AKIA…`, `ASIA…`, 20 characters).
pub fn aws_access_key_ids(text: &str) -> Vec<SecretMatch> {
    let Some(re) = access_key_id_regex() else {
        return Vec::new();
    };
    re.find_iter(text)
        .map(|m| SecretMatch {
            kind: SecretKind::AwsAccessKeyId,
            masked: mask_key_id(m.as_str()),
        })
        .collect()
}

/// A 40-character AWS secret access key: base64 alphabet, not a plain hex digest (a git SHA
/// or checksum is 40 hex characters and no secret).
pub fn is_aws_secret_access_key(value: &str) -> bool {
    let v = value.trim();
    v.len() == 40
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'/' || b == b'+')
        && !v.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Every secret in free text: access key ids, `SECRET_ACCESS_KEY=` assignments, private
/// keys and `password=` assignments with a literal value.
pub fn scan_text(text: &str) -> Vec<SecretMatch> {
    let mut out = aws_access_key_ids(text);
    if let Some(re) = secret_assignment_regex() {
        for c in re.captures_iter(text) {
            if let Some(v) = c.get(1).filter(|v| is_aws_secret_access_key(v.as_str())) {
                out.push(SecretMatch {
                    kind: SecretKind::AwsSecretAccessKey,
                    masked: redacted(v.as_str()),
                });
            }
        }
    }
    if let Some(re) = private_key_regex()
        && re.is_match(text)
    {
        out.push(SecretMatch {
            kind: SecretKind::PrivateKey,
            masked: "-----BEGIN … PRIVATE KEY----- (redacted)".into(),
        });
    }
    if let Some(re) = password_assignment_regex() {
        for c in re.captures_iter(text) {
            if let Some(v) = c.get(1).filter(|v| is_literal_secret_value(v.as_str())) {
                out.push(SecretMatch {
                    kind: SecretKind::Password,
                    masked: redacted(v.as_str()),
                });
            }
        }
    }
    out
}

/// Every secret in free text as it is written, for redaction only (never to be shown): access
/// key ids, secret keys after a secret name, whole private key blocks (to the end of the text
/// when the block is not closed) and literal `password=` values.
pub fn raw_secrets(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    if let Some(re) = access_key_id_regex() {
        out.extend(re.find_iter(text).map(|m| m.as_str()));
    }
    if let Some(re) = secret_assignment_regex() {
        out.extend(
            re.captures_iter(text)
                .filter_map(|c| c.get(1))
                .map(|m| m.as_str())
                .filter(|v| is_aws_secret_access_key(v)),
        );
    }
    out.extend(private_key_blocks(text));
    if let Some(re) = token_shapes_regex() {
        out.extend(re.find_iter(text).map(|m| m.as_str()));
    }
    if let Some(re) = password_assignment_regex() {
        out.extend(
            re.captures_iter(text)
                .filter_map(|c| c.get(1))
                .map(|m| m.as_str())
                .filter(|v| is_literal_secret_value(v)),
        );
    }
    out
}

/// Tokens whose shape alone says what they are: GitHub, Slack, Stripe live keys, Google API
/// keys. No rule reports them, but no output may show one either.
fn token_shapes_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    regex(
        &RE,
        r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{20,}|AIza[0-9A-Za-z_\-]{35})",
    )
}

/// Private key blocks from BEGIN to END; a block that is not closed runs to the next blank
/// line or the end of the text (a snippet or a diff may cut it).
fn private_key_blocks(text: &str) -> Vec<&str> {
    static END: OnceLock<Option<Regex>> = OnceLock::new();
    let (Some(begin), Some(end)) = (
        private_key_regex(),
        regex(&END, r"-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = text.get(from..).and_then(|t| begin.find(t)) {
        let at = from + start.start();
        let rest = text.get(at..).unwrap_or("");
        let len = match end.find(rest) {
            Some(m) => m.end(),
            None => rest.find("\n\n").unwrap_or(rest.len()),
        };
        out.push(rest.get(..len).unwrap_or(rest));
        from = at + len.max(1);
    }
    out
}

/// Whether a variable or key name says it holds a secret (`DB_PASSWORD`, `api_key`,
/// `GITHUB_TOKEN`), and not merely something about one (`SECRET_ARN`, `TOKEN_TTL`).
pub fn is_secret_name(name: &str) -> bool {
    const SECRETISH: &[&str] = &[
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "ACCESS_KEY",
        "CREDENTIAL",
        "AUTH_KEY",
    ];
    const ABOUT_A_SECRET: &[&str] = &[
        "_ARN",
        "_NAME",
        "_ID",
        "_IDS",
        "_PATH",
        "_FILE",
        "_URL",
        "_URI",
        "_ENDPOINT",
        "_PARAM",
        "_PARAMETER",
        "_SSM",
        "_REF",
        "_TTL",
        "_TIMEOUT",
        "_EXPIRY",
        "_EXPIRATION",
        "_LENGTH",
        "_HEADER",
        "_TYPE",
        "_ENABLED",
        "_REGION",
        "_VERSION",
        "_SECONDS",
        "_MINUTES",
        "_HOURS",
        "_DAYS",
        "_KEY_ID",
        "_POLICY",
        "_ROTATION",
    ];
    let upper = name.to_ascii_uppercase().replace('-', "_");
    SECRETISH.iter().any(|s| upper.contains(s))
        && !ABOUT_A_SECRET.iter().any(|s| upper.ends_with(s))
}

/// Whether a value written next to a secret name is a literal secret rather than a reference
/// (`$VAR`, `${...}`, `{{resolve:...}}`, an ARN), a flag or a number.
pub fn is_literal_secret_value(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || v.contains("${") {
        return false;
    }
    const REFERENCE_STARTS: &[&str] = &[
        "$",
        "{",
        "%",
        "<",
        "`",
        "(",
        "arn:",
        "ssm:",
        "secretsmanager:",
    ];
    if REFERENCE_STARTS.iter().any(|p| v.starts_with(p)) {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "null" | "none" | "nil" | "yes" | "no" | "required" | "optional"
    ) {
        return false;
    }
    !v.bytes().all(|b| b.is_ascii_digit())
}

/// An access key id with only its 4-character type prefix shown: `AKIA****************`.
pub fn mask_key_id(id: &str) -> String {
    let shown: String = id.chars().take(4).collect();
    let hidden = id.chars().count().saturating_sub(4);
    format!("{shown}{}", "*".repeat(hidden))
}

/// A secret with nothing of it shown but its length.
pub fn redacted(secret: &str) -> String {
    format!("******** ({} characters, redacted)", secret.chars().count())
}

/// Decodes base64 user data to text. `None` when it is not base64 or not text (gzip-compressed
/// user data is binary and is not inspected).
pub fn decode_base64_text(encoded: &str) -> Option<String> {
    let compact: String = encoded.chars().filter(|c| !c.is_whitespace()).collect();
    let engine = base64::engine::general_purpose::STANDARD;
    let bytes = engine
        .decode(compact.as_bytes())
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(compact.as_bytes()))
        .ok()?;
    String::from_utf8(bytes).ok()
}

/// One string inside a value tree: its dotted path, the map key it sits under, and the text.
pub struct StringAt<'a> {
    pub path: String,
    pub key: Option<&'a str>,
    pub text: &'a str,
}

/// Every known string in `value`, depth first, with its path below `path`.
pub fn strings_in<'a>(
    value: &'a Value,
    path: &str,
    key: Option<&'a str>,
    out: &mut Vec<StringAt<'a>>,
) {
    match value {
        Value::String(s) => out.push(StringAt {
            path: path.to_string(),
            key,
            text: s,
        }),
        Value::List(items) => {
            for (i, item) in items.iter().enumerate() {
                strings_in(item, &format!("{path}.{i}"), key, out);
            }
        }
        Value::Map(map) => {
            for (k, v) in map {
                let child = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                strings_in(v, &child, Some(k), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[test]
    fn finds_access_key_ids_and_masks_them() {
        let found = aws_access_key_ids(&format!("export AWS_ACCESS_KEY_ID={KEY_ID}\n"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].masked, "AKIA****************");
        assert!(!found[0].describe().contains(KEY_ID));
        assert_eq!(aws_access_key_ids("ASIAY34FZKBOKMUTVV7A").len(), 1);
    }

    #[test]
    fn ignores_near_misses_of_access_key_ids() {
        // too short, lowercase, embedded in a longer token, digits outside base32
        for text in [
            "AKIAIOSFODNN7EXAMP",
            "akiaiosfodnn7example",
            "XAKIAIOSFODNN7EXAMPLE",
            "AKIAIOSFODNN7EXAMPLEXX",
            "AKIA0000000000000000",
        ] {
            assert!(aws_access_key_ids(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn finds_secret_keys_only_next_to_a_secret_name() {
        let text = format!("export AWS_SECRET_ACCESS_KEY={SECRET}\n");
        let found = scan_text(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, SecretKind::AwsSecretAccessKey);
        assert!(!found[0].masked.contains("wJal"));
        assert!(found[0].masked.contains("40 characters"));
        // the same 40 characters under an innocent name are not reported
        assert!(scan_text(&format!("checksum={SECRET}")).is_empty());
        assert!(is_aws_secret_access_key(SECRET));
        // a git SHA is 40 hex characters: never a secret key
        assert!(!is_aws_secret_access_key(
            "a165d7c905b143038f0ea40834b8a72f877ba653"
        ));
    }

    #[test]
    fn finds_private_keys_and_literal_passwords() {
        let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----";
        assert_eq!(scan_text(key)[0].kind, SecretKind::PrivateKey);
        assert!(!scan_text(key)[0].masked.contains("MIIE"));
        assert_eq!(scan_text("-----BEGIN OPENSSH PRIVATE KEY-----").len(), 1);
        let found = scan_text("mysql -u root --password=Hunter2xyz");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, SecretKind::Password);
        assert!(!found[0].masked.contains("Hunter2"));
        assert_eq!(scan_text("DB_PASSWORD: 's3cr3t!'").len(), 1);
        assert_eq!(scan_text("export PGPASSWORD=topsecret").len(), 1);
    }

    #[test]
    fn raw_secrets_are_the_values_as_written() {
        let text = format!(
            "export AWS_ACCESS_KEY_ID={KEY_ID}\nexport AWS_SECRET_ACCESS_KEY={SECRET}\nmysql --password=Hunter2xyz\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\nafter"
        );
        let found = raw_secrets(&text);
        assert!(found.contains(&KEY_ID), "{found:?}");
        assert!(found.contains(&SECRET), "{found:?}");
        assert!(found.contains(&"Hunter2xyz"), "{found:?}");
        assert!(
            found.contains(&"-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"),
            "{found:?}"
        );
        // an unclosed block is a secret to the end of the text or its next blank line
        assert_eq!(
            raw_secrets("x -----BEGIN PRIVATE KEY-----\nMIIE"),
            vec!["-----BEGIN PRIVATE KEY-----\nMIIE"]
        );
        assert_eq!(
            raw_secrets("-----BEGIN PRIVATE KEY-----\nMIIE\n\nsummary"),
            vec!["-----BEGIN PRIVATE KEY-----\nMIIE"]
        );
        assert!(raw_secrets("password=$DB_PASSWORD").is_empty());
        let github = format!("ghp_{}", "a1B2".repeat(9));
        assert_eq!(
            raw_secrets(&format!("token {github} end")),
            vec![github.as_str()]
        );
        assert!(raw_secrets("ghp_short sk_test_abc").is_empty());
    }

    #[test]
    fn references_are_not_passwords() {
        for text in [
            "password=$DB_PASSWORD",
            "password=${db_password}",
            "password: {{ vault_password }}",
            "PASSWORD=%PASSWORD%",
            "password_required=true",
            "password_length=32",
            "echo no password here",
            "-----BEGIN PUBLIC KEY-----",
        ] {
            assert!(scan_text(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn secret_names() {
        for name in [
            "DB_PASSWORD",
            "api_key",
            "GITHUB_TOKEN",
            "aws_secret_access_key",
            "Stripe-Secret",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "SECRET_ARN",
            "TOKEN_TTL",
            "DB_PASSWORD_SSM",
            "LOG_LEVEL",
            "AWS_ACCESS_KEY_ID",
            "SECRET_NAME",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn literal_values() {
        assert!(is_literal_secret_value("hunter2"));
        for v in [
            "",
            "  ",
            "${var.x}",
            "$X",
            "arn:aws:secretsmanager:x",
            "{{resolve:ssm:x}}",
            "true",
            "3600",
        ] {
            assert!(!is_literal_secret_value(v), "{v:?}");
        }
    }

    #[test]
    fn base64_user_data_decodes_and_binary_does_not() {
        let encoded = "ZXhwb3J0IEFXU19BQ0NFU1NfS0VZX0lEPUFLSUFJT1NGT0ROTjdFWEFNUExF";
        let Some(text) = decode_base64_text(encoded) else {
            panic!("not decoded")
        };
        assert!(text.contains(KEY_ID));
        assert_eq!(decode_base64_text("H4sIAAAAAAAA/w=="), None);
        assert_eq!(decode_base64_text("not base64!"), None);
    }

    #[test]
    fn strings_in_walks_with_paths_and_keys() {
        let v = Value::from_json(&serde_json::json!({"a": [{"b": "x"}], "c": "y"}));
        let mut out = Vec::new();
        strings_in(&v, "", None, &mut out);
        let paths: Vec<_> = out
            .iter()
            .map(|s| (s.path.as_str(), s.key, s.text))
            .collect();
        assert_eq!(
            paths,
            vec![("a.0.b", Some("b"), "x"), ("c", Some("c"), "y")]
        );
    }
}
