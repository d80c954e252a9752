//! Compliance frameworks (CIS benchmarks, PCI DSS, SOC 2, HIPAA, GDPR, NIST, ISO 27001) as
//! data: one file per framework version under `compliance/` at the repository root, embedded in
//! the binary, mapping each control to the rules that evidence it. This is the one source of
//! truth for "which controls does a rule evidence" ([`controls_for_rule`]); rule files never
//! repeat it. [`evaluate`] turns a scan (inventory, rules run, findings) into a per-control
//! pass / fail / not covered / not applicable report with scores.
//!
//! Must never: claim a control passes when no rule evidences it (that is "not covered"), or
//! when no resource its rules look at was scanned (that is "not applicable"); panic on a
//! malformed mapping file (it is an error naming the file and line); do I/O.

mod catalog;
mod evaluate;
mod text;

pub use catalog::{
    CatalogError, Control, ControlRef, Framework, Section, controls_for_rule, framework,
    frameworks, parse_framework, validate,
};
pub use evaluate::{
    ComplianceReport, ControlResult, ControlStatus, Counts, FailingResource, FrameworkInfo,
    SectionResult, evaluate,
};
pub use text::render_text;
