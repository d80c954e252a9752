//! Hash and UUID functions: `md5`, `sha1`, `sha256`, `sha512` (lowercase hex of the UTF-8
//! bytes), `base64sha256`, `base64sha512`, `uuidv5`. Functions whose result changes on every
//! run (`uuid`, `timestamp`, `plantimestamp`, `bcrypt`) evaluate to Unknown, as they are
//! "known after apply" for a scanner.
//!
//! Must never: invent a value for a non-deterministic function.

use super::{Function, string_arg};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use md5::Md5;
use rampart_model::Value;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};
use std::fmt::Write;

pub(super) const FUNCTIONS: &[Function] = &[
    Function::strict("md5", 1, 1, md5_hex),
    Function::strict("sha1", 1, 1, sha1_hex),
    Function::strict("sha256", 1, 1, sha256_hex),
    Function::strict("sha512", 1, 1, sha512_hex),
    Function::strict("base64sha256", 1, 1, base64sha256),
    Function::strict("base64sha512", 1, 1, base64sha512),
    Function::strict("uuidv5", 2, 2, uuidv5),
    Function::handled("uuid", 0, 0, not_deterministic),
    Function::handled("timestamp", 0, 0, not_deterministic),
    Function::handled("plantimestamp", 0, 0, not_deterministic),
    Function::handled("bcrypt", 1, 2, not_deterministic),
    Function::handled("rsadecrypt", 2, 2, secret_result),
];

/// `rsadecrypt` yields a secret (typically a Windows password); no rule judges its text, and
/// decrypting it would only put a secret in memory and in reports: Unknown.
fn secret_result(_args: &[Value]) -> Result<Value, String> {
    Ok(Value::unknown())
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

fn md5_hex(args: &[Value]) -> Result<Value, String> {
    Ok(Value::String(hex(&Md5::digest(string_arg(args, 0)?))))
}

fn sha1_hex(args: &[Value]) -> Result<Value, String> {
    Ok(Value::String(hex(&Sha1::digest(string_arg(args, 0)?))))
}

fn sha256_hex(args: &[Value]) -> Result<Value, String> {
    Ok(Value::String(hex(&Sha256::digest(string_arg(args, 0)?))))
}

fn sha512_hex(args: &[Value]) -> Result<Value, String> {
    Ok(Value::String(hex(&Sha512::digest(string_arg(args, 0)?))))
}

fn base64sha256(args: &[Value]) -> Result<Value, String> {
    Ok(Value::String(
        STANDARD.encode(Sha256::digest(string_arg(args, 0)?)),
    ))
}

fn base64sha512(args: &[Value]) -> Result<Value, String> {
    Ok(Value::String(
        STANDARD.encode(Sha512::digest(string_arg(args, 0)?)),
    ))
}

fn not_deterministic(_args: &[Value]) -> Result<Value, String> {
    Ok(Value::unknown())
}

/// The 16 bytes of a UUID written as 32 hex digits with optional dashes.
fn parse_uuid(text: &str) -> Option<[u8; 16]> {
    let digits: Vec<u32> = text
        .chars()
        .filter(|c| *c != '-')
        .map(|c| c.to_digit(16))
        .collect::<Option<Vec<_>>>()?;
    if digits.len() != 32 {
        return None;
    }
    let mut bytes = [0u8; 16];
    for (byte, pair) in bytes.iter_mut().zip(digits.chunks(2)) {
        let value = pair.iter().fold(0u32, |acc, d| acc * 16 + d);
        *byte = u8::try_from(value).ok()?;
    }
    Some(bytes)
}

/// RFC 4122 version 5 UUID: SHA-1 of the namespace bytes and the name.
fn uuidv5(args: &[Value]) -> Result<Value, String> {
    let namespace = string_arg(args, 0)?;
    let name = string_arg(args, 1)?;
    let namespace_uuid = match namespace.as_str() {
        "dns" => "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
        "url" => "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
        "oid" => "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
        "x500" => "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
        other => other,
    };
    let namespace_bytes = parse_uuid(namespace_uuid).ok_or_else(|| {
        format!("`{namespace}` is not a UUID namespace; use dns, url, oid, x500 or a UUID")
    })?;
    let mut hasher = Sha1::new();
    hasher.update(namespace_bytes);
    hasher.update(name.as_bytes());
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    for (target, source) in bytes.iter_mut().zip(digest.iter()) {
        *target = *source;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h = hex(&bytes);
    let part = |range: std::ops::Range<usize>| h.get(range).unwrap_or_default().to_string();
    Ok(Value::String(format!(
        "{}-{}-{}-{}-{}",
        part(0..8),
        part(8..12),
        part(12..16),
        part(16..20),
        part(20..32)
    )))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn digests_of_hello_world() {
        let hw = || vec![s("hello world")];
        assert_eq!(ok("md5", hw()), s("5eb63bbbe01eeed093cb22bb8f5acdc3"));
        assert_eq!(
            ok("sha1", hw()),
            s("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed")
        );
        assert_eq!(
            ok("sha256", hw()),
            s("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        );
        assert_eq!(
            ok("sha512", hw()),
            s(
                "309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f"
            )
        );
        assert_eq!(
            ok("base64sha256", hw()),
            s("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")
        );
        assert_eq!(
            ok("base64sha512", hw()),
            s(
                "MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=="
            )
        );
    }

    #[test]
    fn uuidv5_documented_examples() {
        assert_eq!(
            ok("uuidv5", vec![s("dns"), s("www.terraform.io")]),
            s("a5008fae-b28c-5ba5-96cd-82b4c53552d6")
        );
        assert_eq!(
            ok("uuidv5", vec![s("url"), s("https://www.terraform.io/")]),
            s("9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5")
        );
        assert_eq!(
            ok(
                "uuidv5",
                vec![
                    s("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
                    s("www.terraform.io")
                ]
            ),
            s("a5008fae-b28c-5ba5-96cd-82b4c53552d6")
        );
        assert!(err("uuidv5", vec![s("nope"), s("x")]).contains("not a UUID namespace"));
    }

    #[test]
    fn non_deterministic_functions_are_unknown() {
        assert_eq!(ok("uuid", vec![]), unknown());
        assert_eq!(ok("timestamp", vec![]), unknown());
        assert_eq!(ok("bcrypt", vec![s("secret")]), unknown());
        assert!(err("timestamp", vec![s("x")]).contains("exactly 0"));
    }
}
