//! Where a file stops being UTF-8: every loader reads text, and a file that is not UTF-8 is
//! an error at the line:col of its first bad byte (never `0:0`, never skipped without a word).

/// Line and column (1-based, columns in characters as in every other position) of the first
/// invalid byte, and that byte.
pub fn first_bad_byte(bytes: &[u8], error: &std::str::Utf8Error) -> (u32, u32, u8) {
    let valid = bytes.get(..error.valid_up_to()).unwrap_or(&[]);
    // the prefix is valid UTF-8 by definition, so nothing is replaced
    let before = String::from_utf8_lossy(valid);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let byte = bytes.get(error.valid_up_to()).copied().unwrap_or(0);
    (line as u32, column as u32, byte)
}

/// The message for such a file (`bytes` its content, `byte` the first bad one).
pub fn message(bytes: &[u8], byte: u8) -> String {
    if utf16(bytes).is_some() {
        return "the file is UTF-16 text; save it as UTF-8 so it can be scanned".into();
    }
    format!("invalid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8 so it can be scanned")
}

/// The text of a file that starts with a UTF-16 byte order mark (what Windows tools often
/// write), for telling what it is; `None` for any other bytes.
pub fn utf16(bytes: &[u8]) -> Option<String> {
    let (encoding, _) = encoding_rs::Encoding::for_bom(bytes)?;
    if encoding == encoding_rs::UTF_8 {
        return None;
    }
    let (text, _) = encoding.decode_with_bom_removal(bytes);
    Some(text.into_owned())
}
