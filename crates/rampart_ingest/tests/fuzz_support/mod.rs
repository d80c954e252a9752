//! The fuzzing campaign's shared parts: seeds read from the repository's real fixtures, the
//! mutations applied to them (byte flips, truncation, splices between seeds, hostile tokens,
//! deep nesting), and a runner that gives every target the same budget knobs.
//!
//! Included by path from the `fuzz_*.rs` test files of several crates. In `cargo test` each
//! target runs a modest number of cases; `bench/fuzz.sh` raises them with environment
//! variables:
//!
//! - `RAMPART_FUZZ_CASES`: cases per round (default: the target's own, small, number);
//! - `RAMPART_FUZZ_SECONDS`: keep running rounds (fresh random seeds) until this many seconds
//!   have passed, instead of one round;
//! - `RAMPART_FUZZ_FAILURES`: a folder where a failing target writes its minimised input.
//!
//! Must never: read outside the repository, or hide a failure (a failing case fails the test,
//! after shrinking, with the minimal input in the message).

#![allow(dead_code, clippy::panic)] // a test helper: a failing case fails the test

use proptest::prelude::*;
use proptest::test_runner::{Config, TestError, TestRunner};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One seed: a real file's name (its extension decides the loader) and text.
#[derive(Clone, Debug)]
pub struct Seed {
    pub name: String,
    pub text: String,
}

/// The repository root (the test crates live at `crates/<name>`).
pub fn repo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or(manifest)
}

/// Every file under `dirs` (relative to the repository root) whose name ends with one of
/// `suffixes`, in path order, skipping files larger than 64 KiB or not UTF-8.
pub fn seeds(dirs: &[&str], suffixes: &[&str]) -> Vec<Seed> {
    let root = repo_root();
    let mut found = Vec::new();
    for dir in dirs {
        collect(&root.join(dir), suffixes, &mut found);
    }
    found.sort();
    found
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            if text.len() > 64 << 10 {
                return None;
            }
            let name = path
                .strip_prefix(&root)
                .ok()?
                .to_string_lossy()
                .into_owned();
            Some(Seed { name, text })
        })
        .collect()
}

fn collect(dir: &Path, suffixes: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect(&path, suffixes, out);
        } else if kind.is_file() && suffixes.iter().any(|s| path.to_string_lossy().ends_with(s)) {
            out.push(path);
        }
    }
}

/// One mutation of a seed's bytes. Positions and indexes are taken modulo the lengths they
/// index, so every generated value is valid for every seed.
#[derive(Clone, Debug)]
pub enum Mutation {
    /// Flip bit `.1 % 8` of byte `.0`.
    FlipBit(usize, u8),
    /// Cut the text at `.0`.
    Truncate(usize),
    /// Delete up to `.1` bytes at `.0`.
    Delete(usize, usize),
    /// Copy up to `.1` bytes at `.0` right after themselves.
    Duplicate(usize, usize),
    /// Insert hostile token number `.1` at `.0`.
    Token(usize, usize),
    /// Insert `len` bytes of seed `seed` taken from `from`, at `at` (a splice between seeds).
    Splice {
        at: usize,
        seed: usize,
        from: usize,
        len: usize,
    },
    /// Wrap the text from `.0` in `.2` levels of opener/closer pair number `.1`.
    Nest(usize, usize, usize),
    /// Replace the value of assignment line number `.0` (`key = value`, `key: value`) with
    /// hostile token number `.1`: keeps the file parseable far more often than the byte
    /// mutations, so the evaluators behind the parsers are reached.
    Value(usize, usize),
}

/// Opener/closer pairs that [`Mutation::Nest`] wraps around a point of the text.
pub const NESTINGS: &[(&str, &str)] = &[
    ("[", "]"),
    ("{", "}"),
    ("(", ")"),
    ("${", "}"),
    ("- ", ""),
    ("  ", ""),
    ("{\"a\": ", "}"),
    ("a {\n", "}\n"),
    ("!Join [\"\", [", "]]"),
    ("{\"Fn::If\": [\"C\", ", ", 1]}"),
    ("[concat(", ")]"),
    ("lower(", ")"),
];

/// Depth of a [`Mutation::Nest`]: mostly shallow, sometimes far beyond any real file.
fn depth() -> impl Strategy<Value = usize> {
    prop_oneof![4 => 1usize..8, 1 => 50usize..400, 1 => 2_000usize..6_000]
}

/// A mutation using `tokens` hostile tokens and `seeds` seeds to splice from.
pub fn mutation(tokens: usize, seeds: usize) -> impl Strategy<Value = Mutation> {
    let tokens = tokens.max(1);
    let seeds = seeds.max(1);
    prop_oneof![
        3 => (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::FlipBit(a, b)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        2 => (any::<usize>(), 1usize..64).prop_map(|(a, n)| Mutation::Delete(a, n)),
        2 => (any::<usize>(), 1usize..128).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
        4 => (any::<usize>(), 0..tokens).prop_map(|(a, t)| Mutation::Token(a, t)),
        2 => (any::<usize>(), 0..seeds, any::<usize>(), 1usize..400)
            .prop_map(|(at, seed, from, len)| Mutation::Splice { at, seed, from, len }),
        1 => (any::<usize>(), 0..NESTINGS.len(), depth()).prop_map(|(a, n, d)| Mutation::Nest(a, n, d)),
        6 => (any::<usize>(), 0..tokens).prop_map(|(l, t)| Mutation::Value(l, t)),
    ]
}

/// The mutations of one case: half of the cases only replace values (so most of them still
/// parse and reach the evaluators), the other half mix every kind of mutation.
pub fn mutations(tokens: usize, seeds: usize) -> impl Strategy<Value = Vec<Mutation>> {
    let tokens = tokens.max(1);
    prop_oneof![
        prop::collection::vec(
            (any::<usize>(), 0..tokens).prop_map(|(l, t)| Mutation::Value(l, t)),
            1..4
        ),
        prop::collection::vec(mutation(tokens, seeds), 1..6),
    ]
}

/// Applies `mutations` in order to `text`'s bytes.
pub fn mutate_bytes(
    text: &str,
    mutations: &[Mutation],
    tokens: &[&str],
    seeds: &[Seed],
) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        let len = bytes.len();
        let at = |p: usize| p % (len + 1);
        match *m {
            Mutation::FlipBit(p, bit) => {
                if let Some(b) = bytes.get_mut(p % len.max(1)) {
                    *b ^= 1 << (bit % 8);
                }
            }
            Mutation::Truncate(p) => bytes.truncate(at(p)),
            Mutation::Delete(p, n) => {
                let start = at(p);
                let end = (start + n).min(len);
                bytes.drain(start..end);
            }
            Mutation::Duplicate(p, n) => {
                let start = at(p);
                let end = (start + n).min(len);
                let copy: Vec<u8> = bytes.get(start..end).unwrap_or_default().to_vec();
                bytes.splice(end..end, copy);
            }
            Mutation::Token(p, t) => {
                let token = tokens.get(t % tokens.len().max(1)).copied().unwrap_or("");
                let p = at(p);
                bytes.splice(p..p, token.bytes());
            }
            Mutation::Splice {
                at: p,
                seed,
                from,
                len: n,
            } => {
                let Some(other) = seeds.get(seed % seeds.len().max(1)) else {
                    continue;
                };
                let source = other.text.as_bytes();
                let from = from % (source.len() + 1);
                let end = (from + n).min(source.len());
                let piece = source.get(from..end).unwrap_or_default().to_vec();
                let p = at(p);
                bytes.splice(p..p, piece);
            }
            Mutation::Nest(p, n, d) => {
                let (open, close) = NESTINGS
                    .get(n % NESTINGS.len())
                    .copied()
                    .unwrap_or(("[", "]"));
                let p = at(p);
                let tail = bytes.split_off(p);
                bytes.extend(open.repeat(d).bytes());
                bytes.extend(tail);
                bytes.extend(close.repeat(d).bytes());
            }
            Mutation::Value(line, t) => {
                let token = tokens.get(t % tokens.len().max(1)).copied().unwrap_or("");
                replace_value(&mut bytes, line, token);
            }
        }
        // keep a case's input bounded whatever the mutations did
        bytes.truncate(256 << 10);
    }
    bytes
}

/// Replaces what follows the first ` = ` or `: ` of the `line`-th line (modulo the number of
/// lines that have one) with `token`.
fn replace_value(bytes: &mut Vec<u8>, line: usize, token: &str) {
    let mut assignments = Vec::new();
    let mut start = 0;
    for chunk in bytes.split(|&b| b == b'\n') {
        let end = start + chunk.len();
        let separator = [&b" = "[..], &b": "[..]]
            .iter()
            .filter_map(|sep| {
                chunk
                    .windows(sep.len())
                    .position(|w| w == *sep)
                    .map(|p| p + sep.len())
            })
            .min();
        if let Some(p) = separator {
            assignments.push((start + p, end));
        }
        start = end + 1;
    }
    if assignments.is_empty() {
        return;
    }
    if let Some(&(from, to)) = assignments.get(line % assignments.len()) {
        bytes.splice(from..to, token.bytes());
    }
}

/// [`mutate_bytes`] read back as text (a flipped byte may split a character: lossily).
pub fn mutate(text: &str, mutations: &[Mutation], tokens: &[&str], seeds: &[Seed]) -> String {
    String::from_utf8_lossy(&mutate_bytes(text, mutations, tokens, seeds)).into_owned()
}

thread_local! {
    /// Cases of the target running on this thread that got past parsing (see [`reached`]).
    static REACHED: Cell<u64> = const { Cell::new(0) };
}

/// Marks the current case as one whose input got past the parser (it produced resources or
/// values), so the report shows how much of the campaign reached the evaluators.
pub fn reached() {
    REACHED.with(|r| r.set(r.get() + 1));
}

/// Lines of `text` as YAML and editors count them: `\n`, `\r\n` and a lone `\r` each end one
/// (a lone `\r` is rare but YAML parsers report positions past it on a new line).
pub fn line_count(text: &str) -> u32 {
    let breaks = text
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| matches!(c, '\n' | '\r'))
        .count();
    breaks as u32 + 1
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// Runs fuzz target `name`: `test` on `default_cases` values of `strategy` (or the budget the
/// environment gives, see the module docs). Prints the cases run; on a failure, shrinks it,
/// saves the minimal input when `RAMPART_FUZZ_FAILURES` is set, and fails the test.
pub fn run<S: Strategy>(
    name: &str,
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let cases = env_number("RAMPART_FUZZ_CASES")
        .map(|n| n.clamp(1, u64::from(u32::MAX)) as u32)
        .unwrap_or(default_cases);
    let budget = env_number("RAMPART_FUZZ_SECONDS").map(Duration::from_secs);
    let started = Instant::now();
    let deadline = budget.map(|b| started + b);
    let failing = Cell::new(false);
    let ran = Cell::new(0u64);
    let reached_before = REACHED.with(Cell::get);
    let mut rounds = 0u64;
    loop {
        rounds += 1;
        let config = Config {
            cases,
            failure_persistence: None,
            max_shrink_iters: 2_000,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        let result = runner.run(&strategy, |value| {
            // past the budget, the rest of the round passes without running (but a failure
            // being shrunk still runs to its minimal input)
            if !failing.get() && deadline.is_some_and(|d| Instant::now() >= d) {
                return Ok(());
            }
            ran.set(ran.get() + 1);
            let outcome = test(value);
            if outcome.is_err() {
                failing.set(true);
            }
            outcome
        });
        match result {
            Ok(()) => {}
            Err(TestError::Fail(reason, minimal)) => {
                let report = format!("{reason}\nminimal failing input: {minimal:#?}\n");
                save_failure(name, &report);
                eprintln!("fuzz {name}: {} cases, 1 failure", ran.get());
                panic!("fuzz target `{name}` failed: {report}");
            }
            Err(TestError::Abort(reason)) => {
                eprintln!("fuzz {name}: {} cases, aborted", ran.get());
                panic!("fuzz target `{name}` aborted: {reason}");
            }
        }
        if budget.is_none_or(|b| started.elapsed() >= b) {
            break;
        }
    }
    let reached = REACHED.with(Cell::get) - reached_before;
    eprintln!(
        "fuzz {name}: {} cases in {rounds} round(s), 0 failures, {reached} past the parser, {:.1}s",
        ran.get(),
        started.elapsed().as_secs_f64()
    );
}

fn save_failure(name: &str, report: &str) {
    let Ok(dir) = std::env::var("RAMPART_FUZZ_FAILURES") else {
        return;
    };
    let dir = PathBuf::from(dir);
    if std::fs::create_dir_all(&dir).is_ok() {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let _ = std::fs::write(dir.join(format!("{name}-{stamp}.txt")), report);
    }
}
