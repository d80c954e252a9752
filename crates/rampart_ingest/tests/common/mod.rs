//! The mutations the no-panic property tests apply to real inputs: insert a token, delete a
//! run, duplicate a run, at any position, over the characters or the bytes of a text. Test-only;
//! a test file uses the part it needs, hence the `dead_code` allowance.

#![allow(dead_code)]

use proptest::prelude::*;

/// One mutation; positions are taken modulo the text's length, so any `usize` is valid.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Insert token number `.1` at `.0`.
    Insert(usize, usize),
    /// Delete up to `.1` units from `.0`.
    Delete(usize, usize),
    /// Copy up to `.1` units from `.0` right after themselves.
    Duplicate(usize, usize),
}

/// A mutation drawn from `tokens` insertable tokens, deletions of 1 to 39 units and
/// duplications of 1 to 79.
pub fn edit(tokens: usize) -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0..tokens).prop_map(|(at, t)| Edit::Insert(at, t)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), 1usize..80).prop_map(|(at, n)| Edit::Duplicate(at, n)),
    ]
}

/// Applies `edits` in order to `units` (characters or bytes); an insertion puts in
/// `token(index)`.
pub fn apply_edits<T: Clone>(units: &mut Vec<T>, edits: &[Edit], token: impl Fn(usize) -> Vec<T>) {
    for e in edits {
        let len = units.len().max(1);
        match *e {
            Edit::Insert(at, t) => {
                let at = at % (units.len() + 1);
                units.splice(at..at, token(t));
            }
            Edit::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(units.len());
                if at < end {
                    units.drain(at..end);
                }
            }
            Edit::Duplicate(at, n) => {
                let at = at % len;
                let end = (at + n).min(units.len());
                if at < end {
                    let copy: Vec<T> = units[at..end].to_vec();
                    units.splice(end..end, copy);
                }
            }
        }
    }
}

/// `text` with `edits` applied to its characters, inserting from `tokens`.
pub fn apply_tokens(text: &str, edits: &[Edit], tokens: &[&str]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    apply_edits(&mut chars, edits, |t| tokens[t].chars().collect());
    chars.into_iter().collect()
}
