//! IAM returns policy documents URL-encoded (RFC 3986, as its API reference says); Terraform
//! state holds them as plain JSON text. Decode once here so policy rules read the same text.

/// Decodes `%XX` escapes; text that is not valid percent-encoding or not UTF-8 afterwards is
/// returned as it came (S3 and some emulators already send plain JSON).
pub fn decode_policy(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(v) => {
                    out.push(v);
                    i += 3;
                    continue;
                }
                None => return text.to_string(),
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::decode_policy;

    #[test]
    fn decodes_iam_documents_and_keeps_plain_json() {
        assert_eq!(
            decode_policy("%7B%22Effect%22%3A%22Allow%22%7D"),
            "{\"Effect\":\"Allow\"}"
        );
        assert_eq!(decode_policy("{\"a\":1}"), "{\"a\":1}");
        assert_eq!(decode_policy("100%"), "100%");
    }
}
