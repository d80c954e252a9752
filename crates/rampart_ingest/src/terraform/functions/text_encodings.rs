//! Byte encodings behind `base64gzip` and `textencodebase64`/`textdecodebase64` (listed in
//! `encoding.rs`). Character sets are named as Terraform names them (IANA names: `UTF-16LE`,
//! `ISO-8859-1`, `windows-1252`, `Shift_JIS`, …), looked up in encoding_rs; UTF-16 is encoded
//! here because encoding_rs only decodes it.
//!
//! `base64gzip` compresses with flate2 and writes the header Go's gzip writer does (no name, no
//! time, OS unknown); the compressed bytes may differ from Terraform's, but they decompress to
//! the same text, which is all a rule reads.
//!
//! Must never: replace an unencodable character silently (Terraform fails), or accept a
//! character set it does not know.

use super::{MAX_RESULT_LEN, string_arg};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use encoding_rs::Encoding;
use rampart_model::Value;
use std::io::Write;

pub(super) fn base64gzip(args: &[Value]) -> Result<Value, String> {
    let text = string_arg(args, 0)?;
    let mut encoder = flate2::GzBuilder::new()
        .operating_system(255)
        .write(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(text.as_bytes())
        .and_then(|()| encoder.try_finish())
        .map_err(|e| format!("cannot compress: {e}"))?;
    let bytes = encoder
        .finish()
        .map_err(|e| format!("cannot compress: {e}"))?;
    Ok(Value::String(STANDARD.encode(bytes)))
}

enum Charset {
    Utf16 { little_endian: bool },
    Other(&'static Encoding),
}

fn charset(name: &str) -> Result<Charset, String> {
    match name.to_ascii_uppercase().as_str() {
        "UTF-16LE" => {
            return Ok(Charset::Utf16 {
                little_endian: true,
            });
        }
        "UTF-16BE" | "UTF-16" => {
            return Ok(Charset::Utf16 {
                little_endian: false,
            });
        }
        _ => {}
    }
    Encoding::for_label(name.trim().as_bytes())
        .map(Charset::Other)
        .ok_or_else(|| format!("{name:?} is not a supported IANA encoding name"))
}

pub(super) fn textencodebase64(args: &[Value]) -> Result<Value, String> {
    let text = string_arg(args, 0)?;
    let name = string_arg(args, 1)?;
    let bytes = match charset(&name)? {
        Charset::Utf16 { little_endian } => text
            .encode_utf16()
            .flat_map(|unit| {
                if little_endian {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                }
            })
            .collect(),
        Charset::Other(encoding) => {
            let (bytes, _, unmappable) = encoding.encode(&text);
            if unmappable {
                return Err(format!(
                    "the string contains characters that cannot be represented in {name}"
                ));
            }
            bytes.into_owned()
        }
    };
    if bytes.len() > MAX_RESULT_LEN {
        return Err("the result is too large".into());
    }
    Ok(Value::String(STANDARD.encode(bytes)))
}

pub(super) fn textdecodebase64(args: &[Value]) -> Result<Value, String> {
    let encoded = string_arg(args, 0)?;
    let name = string_arg(args, 1)?;
    let bytes = STANDARD
        .decode(encoded.as_bytes())
        .map_err(|e| format!("the first argument is not valid base64: {e}"))?;
    let encoding = match charset(&name)? {
        Charset::Utf16 {
            little_endian: true,
        } => encoding_rs::UTF_16LE,
        Charset::Utf16 {
            little_endian: false,
        } => encoding_rs::UTF_16BE,
        Charset::Other(encoding) => encoding,
    };
    let (text, malformed) = encoding.decode_without_bom_handling(&bytes);
    if malformed {
        return Err(format!("the bytes are not valid {name}"));
    }
    Ok(Value::String(text.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use base64::Engine;
    use std::io::Read;

    #[test]
    fn base64gzip_decompresses_to_the_text_with_gos_header() {
        let Value::String(encoded) = ok("base64gzip", vec![s("hello world")]) else {
            panic!("not a string")
        };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap_or_default();
        assert_eq!(bytes.get(..4), Some(&[0x1f, 0x8b, 8, 0][..]));
        assert_eq!(bytes.get(9), Some(&255));
        let mut text = String::new();
        let read = flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text);
        assert!(read.is_ok());
        assert_eq!(text, "hello world");
    }
    use rampart_model::Value;

    #[test]
    fn text_encodings_round_trip_as_terraform_documents() {
        // the examples of Terraform's documentation
        assert_eq!(
            ok("textencodebase64", vec![s("Hello World"), s("UTF-16LE")]),
            s("SABlAGwAbABvACAAVwBvAHIAbABkAA==")
        );
        assert_eq!(
            ok(
                "textdecodebase64",
                vec![s("SABlAGwAbABvACAAVwBvAHIAbABkAA=="), s("UTF-16LE")]
            ),
            s("Hello World")
        );
        assert_eq!(
            ok("textencodebase64", vec![s("café"), s("ISO-8859-1")]),
            s("Y2Fm6Q==")
        );
        assert!(
            err("textencodebase64", vec![s("日本"), s("ISO-8859-1")])
                .contains("cannot be represented")
        );
        assert!(err("textencodebase64", vec![s("x"), s("NOPE-42")]).contains("not a supported"));
        assert!(err("textdecodebase64", vec![s("!!"), s("UTF-8")]).contains("not valid base64"));
    }
}
