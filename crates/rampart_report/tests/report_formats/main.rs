//! Renders a hand-built report in every format and checks what must and must not appear,
//! schema validity (JSON: our schema; SARIF: the OASIS schema), determinism and filtering.

// test helpers outside #[test] functions fail loudly on purpose
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

mod all_formats;
mod common;
mod json;
mod junit;
mod sarif;
mod text;
mod undecided;
