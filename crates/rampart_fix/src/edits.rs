//! Byte-range edits: normalising a set (sorted, duplicates dropped, overlaps rejected),
//! applying them to a copy of a text, and showing them as a unified diff that `patch -p1`
//! applies. Nothing here touches the file system.

use crate::error::FixError;
use rampart_model::Edit;
use std::collections::BTreeMap;

/// Sorts by file and position (stable, so insertions at one point keep their order, except
/// that in YAML the deeper one goes first), drops exact duplicates and rejects overlapping
/// edits. One pass after the sort: a run may hold thousands of edits.
pub fn normalize(mut edits: Vec<Edit>) -> Result<Vec<Edit>, FixError> {
    edits.sort_by(|a, b| {
        (&a.file, a.start_byte, a.end_byte, yaml_depth_first(a)).cmp(&(
            &b.file,
            b.start_byte,
            b.end_byte,
            yaml_depth_first(b),
        ))
    });
    let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
    // the ranged edit reaching furthest so far in the current file: sorted by start, an edit
    // overlaps an earlier one exactly when it starts before that end
    let mut furthest: Option<(usize, usize)> = None;
    // where the edits of the current (file, start, end) begin in `out`: duplicates sort together
    let mut group = 0;
    for edit in edits {
        match out.last() {
            Some(last) if last.file != edit.file => {
                furthest = None;
                group = out.len();
            }
            Some(last) if (last.start_byte, last.end_byte) != (edit.start_byte, edit.end_byte) => {
                group = out.len();
            }
            _ => {}
        }
        if out.get(group..).is_some_and(|same| same.contains(&edit)) {
            continue;
        }
        if let Some((start, end)) = furthest.filter(|&(_, end)| edit.start_byte < end) {
            return Err(FixError::Overlap {
                file: edit.file.clone(),
                start: start.max(edit.start_byte),
                end: end.min(edit.end_byte).max(edit.start_byte),
            });
        }
        if edit.end_byte > edit.start_byte && furthest.is_none_or(|(_, end)| edit.end_byte > end) {
            furthest = Some((edit.start_byte, edit.end_byte));
        }
        out.push(edit);
    }
    Ok(out)
}

fn is_yaml(file: &str) -> bool {
    file.ends_with(".yaml") || file.ends_with(".yml")
}

/// Sort key of insertions at one point of a YAML file: YAML closes a block by indentation, so
/// of two insertions at the end of a container's block (a container's `securityContext`, the
/// pod's `automountServiceAccountToken`) the deeper must come first or it lands in the outer
/// block's new last entry.
fn yaml_depth_first(e: &Edit) -> std::cmp::Reverse<usize> {
    if e.start_byte != e.end_byte || !is_yaml(&e.file) {
        return std::cmp::Reverse(0);
    }
    std::cmp::Reverse(first_entry(&e.replacement).map_or(0, |(indent, _)| indent))
}

/// The indentation and key of the first entry an inserted YAML text adds (`, key: v` in flow
/// style, `  key:` in block style).
fn first_entry(text: &str) -> Option<(usize, &str)> {
    let line = text.split('\n').find(|l| {
        !l.trim_matches(|c: char| c.is_whitespace() || c == ',')
            .is_empty()
    })?;
    let body = line.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    let indent = line.len() - line.trim_start().len();
    let key = body.split_once(':')?.0.trim();
    Some((indent, key))
}

/// The key two insertions at one point of a YAML file both add at the same depth, if they do:
/// applied together they make a duplicated key (two fixes each adding a container's
/// `securityContext`). One applies now, the other on the next run, merged into the first.
pub fn same_yaml_key<'a>(a: &Edit, b: &'a Edit) -> Option<&'a str> {
    let same_point = a.file == b.file
        && is_yaml(&a.file)
        && a.start_byte == a.end_byte
        && b.start_byte == b.end_byte
        && a.start_byte == b.start_byte
        && a != b;
    if !same_point {
        return None;
    }
    let (depth, key) = first_entry(&b.replacement)?;
    (first_entry(&a.replacement) == Some((depth, key))).then_some(key)
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

/// The one edit that turns `old` into `new`: the bytes between their common start and their
/// common end, replaced (a run of several rounds of fixes has no edit set of the original
/// text; this one makes the same diff).
pub fn between(file: &str, old: &str, new: &str) -> Edit {
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !(old.is_char_boundary(start) && new.is_char_boundary(start)) {
        start -= 1;
    }
    let room = old.len().min(new.len()) - start;
    let mut common_end = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    while !(old.is_char_boundary(old.len() - common_end)
        && new.is_char_boundary(new.len() - common_end))
    {
        common_end -= 1;
    }
    Edit {
        file: file.to_string(),
        start_byte: start,
        end_byte: old.len() - common_end,
        replacement: new
            .get(start..new.len() - common_end)
            .unwrap_or_default()
            .to_string(),
    }
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
    fn overlaps_are_found_past_edits_that_end_early() {
        // the long edit ends after the short ones that follow it
        assert!(normalize(vec![edit(0, 10, "a"), edit(2, 3, "b")]).is_err());
        assert!(normalize(vec![edit(0, 10, "a"), edit(1, 2, "b"), edit(8, 9, "c")]).is_err());
        assert!(normalize(vec![edit(0, 10, "a"), edit(5, 5, "b")]).is_err());
        assert!(normalize(vec![edit(0, 10, "a"), edit(10, 12, "b")]).is_ok());
        let mut other = edit(2, 3, "b");
        other.file = "g".into();
        assert!(normalize(vec![edit(0, 10, "a"), other]).is_ok());
    }

    #[test]
    fn yaml_insertions_at_one_point_go_deepest_first_and_same_keys_clash() {
        let at = |r: &str| Edit {
            file: "pod.yaml".into(),
            start_byte: 5,
            end_byte: 5,
            replacement: r.into(),
        };
        let pod = at("  automountServiceAccountToken: false\n");
        let container = at("      securityContext:\n        privileged: false\n");
        let n = normalize(vec![pod.clone(), container.clone()]).unwrap();
        assert_eq!(n, vec![container.clone(), pod.clone()]);
        let other = at("      securityContext:\n        runAsNonRoot: true\n");
        assert_eq!(same_yaml_key(&container, &other), Some("securityContext"));
        assert_eq!(same_yaml_key(&container, &pod), None);
        assert_eq!(
            same_yaml_key(
                &at(", securityContext: {a: 1}"),
                &at(", securityContext: {b: 2}")
            ),
            Some("securityContext")
        );
    }

    #[test]
    fn the_edit_between_two_texts_makes_the_second() {
        for (old, new) in [
            ("abcdef", "abXYef"),
            ("aaaa", "aa"),
            ("aa", "aaaa"),
            ("", "x"),
            ("x", ""),
            ("é1é", "é2é"),
            ("same", "same"),
        ] {
            let e = between("f", old, new);
            assert_eq!(apply(old, &[&e]).unwrap(), new, "{old:?} -> {new:?}");
        }
        assert_eq!(between("f", "abcdef", "abXYef").start_byte, 2);
    }

    #[test]
    fn insertions_at_one_point_keep_their_order() {
        let edits = normalize(vec![edit(1, 1, "A"), edit(1, 1, "B")]).unwrap();
        let refs: Vec<&Edit> = edits.iter().collect();
        assert_eq!(apply("xy", &refs).unwrap(), "xABy");
    }
}
