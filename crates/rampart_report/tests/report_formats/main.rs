//! Renders a hand-built report in every format and checks what must and must not appear,
//! schema validity (JSON: our schema; SARIF: the OASIS schema; ASFF: botocore's Security Hub
//! model; OCSF: py-ocsf-models and ocsf-emitter), determinism and filtering.

// test helpers outside #[test] functions fail loudly on purpose
#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

mod all_formats;
mod asff;
mod common;
mod json;
mod junit;
mod ocsf;
mod python_venv;
mod sarif;
mod text;
mod undecided;
