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

/// The message for such a file.
pub fn message(byte: u8) -> String {
    format!("invalid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8 so it can be scanned")
}
