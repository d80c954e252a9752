//! A writer that cleans what passes through it (see [`crate::redact`]) piece by piece, so a
//! large report goes to its file without being held whole, twice (rendered and cleaned).
//!
//! Pieces end where cleaning cannot change meaning across the cut: in JSON, at a line break
//! (serializers escape every line break inside a string, so a raw one is always between
//! values, and a string value never spans two pieces). Other kinds are held until
//! [`CleanWriter::finish`] and cleaned whole, as before.
//!
//! Must never: let a byte reach `inner` uncleaned, or cut inside a string value.

use crate::redact::{OutputKind, Redactor};
use std::io::{self, Write};

/// Bytes gathered before a piece is cleaned and passed on.
const PIECE_BYTES: usize = 1 << 20;

/// Cleans what is written as `kind` and writes it to `inner`.
pub struct CleanWriter<'r, W: Write> {
    redactor: &'r Redactor,
    kind: OutputKind,
    inner: W,
    pending: Vec<u8>,
    /// Where `pending` may be cut (see [`CleanWriter::cut`]), found as bytes arrive so a
    /// text without line breaks is not searched again on every write.
    cut_at: Option<usize>,
}

impl<'r, W: Write> CleanWriter<'r, W> {
    pub fn new(redactor: &'r Redactor, kind: OutputKind, inner: W) -> CleanWriter<'r, W> {
        CleanWriter {
            redactor,
            kind,
            inner,
            pending: Vec::new(),
            cut_at: None,
        }
    }

    /// Cleans and writes what is left, flushes, and gives `inner` back.
    pub fn finish(mut self) -> io::Result<W> {
        let rest = std::mem::take(&mut self.pending);
        self.pass_on(&rest)?;
        self.inner.flush()?;
        Ok(self.inner)
    }

    /// Where `bytes`, about to be appended to `pending`, let it be cut: just after their last
    /// line break in a JSON text; other kinds are never cut.
    fn cut(&self, bytes: &[u8]) -> Option<usize> {
        match self.kind {
            OutputKind::Json => bytes
                .iter()
                .rposition(|&b| b == b'\n')
                .map(|at| self.pending.len() + at + 1),
            OutputKind::Text | OutputKind::PaintedText | OutputKind::Markup => None,
        }
    }

    fn pass_on(&mut self, piece: &[u8]) -> io::Result<()> {
        if piece.is_empty() {
            return Ok(());
        }
        let text = String::from_utf8_lossy(piece);
        let clean = self.redactor.clean(&text, self.kind);
        self.inner.write_all(clean.as_bytes())
    }
}

impl<W: Write> Write for CleanWriter<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if let Some(at) = self.cut(bytes) {
            self.cut_at = Some(at);
        }
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= PIECE_BYTES
            && let Some(at) = self.cut_at.take()
        {
            let rest = self.pending.split_off(at);
            let piece = std::mem::replace(&mut self.pending, rest);
            self.pass_on(&piece)?;
        }
        Ok(bytes.len())
    }

    /// Passes on nothing that is not yet safe to cut; [`CleanWriter::finish`] ends the text.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pretty JSON document of `n` findings, some of whose messages hold the secret.
    fn document(n: usize, secret: &str) -> String {
        let findings: Vec<serde_json::Value> = (0..n)
            .map(|i| {
                serde_json::json!({
                    "id": format!("f{i}"),
                    "message": if i % 7 == 0 { format!("value {secret} in line\n{i}") } else { "fine".to_string() },
                    "note": "\u{9b}31m",
                })
            })
            .collect();
        serde_json::to_string_pretty(&serde_json::json!({ "findings": findings }))
            .unwrap_or_default()
    }

    #[test]
    fn json_cleaned_in_pieces_equals_json_cleaned_whole() {
        let secret = "Sup3rS3cretValue!";
        let redactor = Redactor::new([secret]);
        let text = document(40_000, secret);
        assert!(
            text.len() > 3 * PIECE_BYTES,
            "the text spans several pieces"
        );
        let whole = redactor.clean(&text, OutputKind::Json);
        // written in awkward chunk sizes, as serializers do
        let mut writer = CleanWriter::new(&redactor, OutputKind::Json, Vec::new());
        for chunk in text.as_bytes().chunks(4093) {
            assert!(writer.write_all(chunk).is_ok());
        }
        let pieces = writer.finish().unwrap_or_default();
        assert_eq!(String::from_utf8_lossy(&pieces), whole);
        assert!(!whole.contains(secret));
        assert!(whole.contains("\\u009b31m"));
    }

    #[test]
    fn json_without_line_breaks_is_held_and_cleaned_whole() {
        let secret = "Sup3rS3cretValue!";
        let redactor = Redactor::new([secret]);
        let pretty = document(40_000, secret);
        let value: serde_json::Value = serde_json::from_str(&pretty).unwrap_or_default();
        let compact = value.to_string();
        assert!(!compact.contains('\n') && compact.len() > PIECE_BYTES);
        let mut writer = CleanWriter::new(&redactor, OutputKind::Json, Vec::new());
        for chunk in compact.as_bytes().chunks(4093) {
            assert!(writer.write_all(chunk).is_ok());
        }
        let out = writer.finish().unwrap_or_default();
        assert_eq!(
            String::from_utf8_lossy(&out),
            redactor.clean(&compact, OutputKind::Json)
        );
        assert!(!String::from_utf8_lossy(&out).contains(secret));
    }

    #[test]
    fn text_is_held_and_cleaned_whole() {
        let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMx\n-----END RSA PRIVATE KEY-----";
        let redactor = Redactor::default();
        let text = format!("{}{key}\n", "line\n".repeat(PIECE_BYTES / 5));
        let mut writer = CleanWriter::new(&redactor, OutputKind::Text, Vec::new());
        for chunk in text.as_bytes().chunks(PIECE_BYTES - 3) {
            assert!(writer.write_all(chunk).is_ok());
        }
        let out = writer.finish().unwrap_or_default();
        let out = String::from_utf8_lossy(&out);
        assert_eq!(out, redactor.clean(&text, OutputKind::Text));
        assert!(!out.contains("MIIEow"), "the key block is masked whole");
    }
}
