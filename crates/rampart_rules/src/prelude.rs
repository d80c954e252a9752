//! What a rule file needs, in one `use`.

pub use crate::rule::{Checker, Fix, FixSafety, FixSupport, Hit, Provider, Rule};
pub use crate::util::*;
pub use rampart_model::{
    Applicability, Category, Change, ResourceRef, Severity, SourceFormat, Truth, Value,
};
