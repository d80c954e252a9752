//! Byte-range edits: normalising a set (sorted, duplicates dropped, overlaps rejected),
//! applying them to a copy of a text, and showing them as a unified diff that `patch -p1`
//! applies. Nothing here touches the file system.

use crate::error::FixError;
use rampart_model::Edit;
use std::collections::BTreeMap;

/// Sorts by file and position (stable, so insertions at one point keep their order), drops
/// exact duplicates and rejects overlapping edits.
pub fn normalize(mut edits: Vec<Edit>) -> Result<Vec<Edit>, FixError> {
    edits.sort_by(|a, b| {
        (&a.file, a.start_byte, a.end_byte).cmp(&(&b.file, b.start_byte, b.end_byte))
    });
    let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
    for edit in edits {
        if out.contains(&edit) {
            continue;
        }
        if let Some(clash) = out.iter().find(|e| overlaps(e, &edit)) {
            return Err(FixError::Overlap {
                file: edit.file.clone(),
                start: clash.start_byte.max(edit.start_byte),
                end: clash.end_byte.min(edit.end_byte).max(edit.start_byte),
            });
        }
        out.push(edit);
    }
    Ok(out)
}

/// True when two edits of one file touch the same bytes. An insertion at the boundary of a
/// replaced range does not overlap it; an insertion strictly inside it does.
pub fn overlaps(a: &Edit, b: &Edit) -> bool {
    if a.file != b.file {
        return false;
    }
    let inside = |point: usize, e: &Edit| e.start_byte < point && point < e.end_byte;
    match (a.start_byte == a.end_byte, b.start_byte == b.end_byte) {
        (true, true) => false,
        (true, false) => inside(a.start_byte, b),
        (false, true) => inside(b.start_byte, a),
        (false, false) => a.start_byte < b.end_byte && b.start_byte < a.end_byte,
    }
}

/// Applies the edits of one file (normalised, all for this text) to a copy of `text`.
pub fn apply(text: &str, edits: &[&Edit]) -> Result<String, FixError> {
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for edit in edits {
        let bad = || FixError::Overlap {
            file: edit.file.clone(),
            start: edit.start_byte,
            end: edit.end_byte,
        };
        if edit.start_byte < at || edit.end_byte < edit.start_byte {
            return Err(bad());
        }
        out.push_str(text.get(at..edit.start_byte).ok_or_else(bad)?);
        out.push_str(&edit.replacement);
        at = edit.end_byte;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    Ok(out)
}

/// Edits grouped by file.
pub fn by_file(edits: &[Edit]) -> BTreeMap<&str, Vec<&Edit>> {
    let mut map: BTreeMap<&str, Vec<&Edit>> = BTreeMap::new();
    for e in edits {
        map.entry(e.file.as_str()).or_default().push(e);
    }
    map
}

/// A unified diff of one file with `a/` and `b/` prefixes; empty when nothing changed.
pub fn unified_diff(label: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{label}"), &format!("b/{label}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, r: &str) -> Edit {
        Edit {
            file: "f".into(),
            start_byte: start,
            end_byte: end,
            replacement: r.into(),
        }
    }

    #[test]
    fn duplicates_are_dropped_and_overlaps_rejected() {
        let n = normalize(vec![edit(4, 6, "x"), edit(0, 1, "y"), edit(4, 6, "x")]).unwrap();
        assert_eq!(n, vec![edit(0, 1, "y"), edit(4, 6, "x")]);
        assert!(normalize(vec![edit(0, 3, "a"), edit(2, 4, "b")]).is_err());
        assert!(normalize(vec![edit(0, 3, "a"), edit(1, 1, "b")]).is_err());
        assert!(normalize(vec![edit(0, 3, "a"), edit(3, 3, "b")]).is_ok());
    }

    #[test]
    fn insertions_at_one_point_keep_their_order() {
        let edits = normalize(vec![edit(1, 1, "A"), edit(1, 1, "B")]).unwrap();
        let refs: Vec<&Edit> = edits.iter().collect();
        assert_eq!(apply("xy", &refs).unwrap(), "xABy");
    }
}
