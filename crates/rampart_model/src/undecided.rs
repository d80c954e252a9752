//! Records the Unknown values a rule reads while it checks one resource, so the engine can
//! report a check that ended with no finding *because* a value was unknown as undecided,
//! instead of as a silent pass. Accessors that hand out attribute values ([`Resource::get`],
//! [`Value::get`], [`Value::path`]) call [`note`] when what they return is `Unknown`; rules
//! need no change.
//!
//! The recorder is thread-local: the engine runs the rules of one resource one after the
//! other on one thread, between [`start`] and [`finish`]. When no recording is active (or the
//! value is known) a read costs one enum-tag comparison.
//!
//! [`Resource::get`]: crate::Resource::get

use crate::value::{Unknown, Value};
use serde::Serialize;
use std::cell::RefCell;
use std::sync::Arc;

/// One Unknown value a rule read: the path as the accessor saw it (from the resource's
/// attributes for [`Resource::get`](crate::Resource::get), relative to a nested value for
/// [`Value::path`]) and the resource address the value is computed from, when known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnknownRead {
    pub path: String,
    pub refers_to: Option<Arc<str>>,
    /// Why the value cannot be known, when it is not an Unknown value of the code but
    /// something the code does not say (see [`note_depends`]).
    pub because: Option<Arc<str>>,
}

thread_local! {
    // `None` when no rule check is being recorded on this thread.
    static READS: RefCell<Option<Vec<UnknownRead>>> = const { RefCell::new(None) };
}

/// Starts recording the Unknown reads of this thread, dropping any earlier recording.
pub fn start() {
    READS.with(|r| *r.borrow_mut() = Some(Vec::new()));
}

/// Stops recording and returns what was read since [`start`] (empty when not recording).
pub fn finish() -> Vec<UnknownRead> {
    READS.with(|r| r.borrow_mut().take()).unwrap_or_default()
}

/// Notes that `path` was read and found `value`; does nothing unless `value` is Unknown (or a
/// list with Unknown items: rules walk nested blocks by iterating the list, which no accessor
/// sees) and a recording is active. `#[inline]` so the known case stays a tag check at the
/// call site.
#[inline]
pub fn note(path: &str, value: Option<&Value>) {
    match value {
        Some(Value::Unknown(u)) => note_unknown(path, u),
        Some(Value::List(items)) if items.iter().any(Value::is_unknown) => {
            for (i, item) in items.iter().enumerate() {
                if let Value::Unknown(u) = item {
                    note_unknown(&format!("{path}.{i}"), u);
                }
            }
        }
        _ => {}
    }
}

/// Notes that the check's answer at `path` depends on something the code does not say (the
/// AMI a root volume is copied from, an account-wide setting, a resource whose pointer is
/// unresolved); `because` says what, for people. Does nothing unless a recording is active.
pub fn note_depends(path: &str, because: &str) {
    record(UnknownRead {
        path: path.to_string(),
        refers_to: None,
        because: Some(Arc::from(because)),
    });
}

#[cold]
fn note_unknown(path: &str, u: &Unknown) {
    record(UnknownRead {
        path: path.to_string(),
        refers_to: u.refers_to.clone(),
        because: None,
    });
}

fn record(read: UnknownRead) {
    READS.with(|r| {
        // `try_borrow_mut`: a read from inside a `Drop` or a nested call never panics
        if let Ok(mut guard) = r.try_borrow_mut()
            && let Some(reads) = guard.as_mut()
            // a rule may read one path many times (once per statement, per item…); keep one
            && !reads.iter().any(|x| x.path == read.path)
        {
            reads.push(read);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Origin, Resource};

    #[test]
    fn records_unknown_reads_only_while_recording() {
        let mut r = Resource::new(
            "aws_s3_bucket",
            "aws_s3_bucket.b",
            Origin::Live {
                provider: String::new(),
                account: String::new(),
                region: String::new(),
                id: String::new(),
            },
        );
        r.attributes
            .insert("acl".into(), Value::unknown_ref("aws_x.y"));
        r.attributes.insert("bucket".into(), Value::string("b"));
        let _ = r.get("acl");
        start();
        let _ = r.get("bucket");
        let _ = r.str("acl");
        let _ = r.get("acl");
        let _ = r.get("acl.0.grant");
        let reads = finish();
        assert_eq!(
            reads,
            vec![
                UnknownRead {
                    path: "acl".into(),
                    refers_to: Some(Arc::from("aws_x.y")),
                    because: None,
                },
                // a field of an unknown block is unknown, though the lookup answers `None`
                UnknownRead {
                    path: "acl.0.grant".into(),
                    refers_to: Some(Arc::from("aws_x.y")),
                    because: None,
                }
            ]
        );
        let _ = r.get("acl");
        assert!(finish().is_empty());
    }

    #[test]
    fn a_dependency_the_code_does_not_state_is_recorded_with_its_reason() {
        note_depends("root_block_device.0.encrypted", "not recording");
        start();
        note_depends("root_block_device.0.encrypted", "the AMI decides");
        note_depends("root_block_device.0.encrypted", "noted once");
        let reads = finish();
        assert_eq!(
            reads,
            vec![UnknownRead {
                path: "root_block_device.0.encrypted".into(),
                refers_to: None,
                because: Some(Arc::from("the AMI decides")),
            }]
        );
        let undecided = Undecided {
            rule_id: "AWS-EC2-008".into(),
            address: "aws_instance.web".into(),
            resource_kind: "aws_instance".into(),
            location: None,
            attribute: "root_block_device.0.encrypted".into(),
            refers_to: None,
            because: Some("the AMI decides".into()),
            also_unknown: vec![],
            from_template: false,
        };
        assert_eq!(undecided.reason(), "the AMI decides");
    }
}

/// A check that could not decide: the rule read an Unknown value of the resource and reported
/// nothing. Never a finding and never a failure: reports count and list them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Undecided {
    pub rule_id: String,
    pub address: String,
    pub resource_kind: String,
    /// The resource block; `None` for live resources.
    pub location: Option<crate::Span>,
    /// The first Unknown value the rule read (the others are in `also_unknown`).
    pub attribute: String,
    /// The resource the Unknown value is computed from (`aws_kms_key.k`), when it is one.
    pub refers_to: Option<String>,
    /// What the answer depends on that the code does not say, when that is the reason
    /// (see [`note_depends`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub because: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_unknown: Vec<String>,
    /// Read from a template or manifest: values are unknown until deploy, not until apply.
    #[serde(skip)]
    pub from_template: bool,
}

impl Undecided {
    /// What a person can do to let the check decide, in the source's terms.
    pub fn how_to_decide(&self) -> &'static str {
        if self.from_template {
            "Give the value (a parameter default, or `--var NAME=VALUE` for a parameter) to decide it."
        } else {
            "Give the value (a tfvars entry, a variable default) or scan the plan (`terraform show -json`) to decide it."
        }
    }

    /// Why the check is undecided, in one phrase for people.
    pub fn reason(&self) -> String {
        if let Some(because) = &self.because {
            return because.clone();
        }
        if self.from_template {
            return match &self.refers_to {
                Some(r) => format!(
                    "`{}` is unknown until deploy (it comes from `{r}`)",
                    self.attribute
                ),
                None => format!(
                    "`{}` is unknown statically (a parameter without a value, or an expression Rampart cannot evaluate)",
                    self.attribute
                ),
            };
        }
        match &self.refers_to {
            Some(r) => format!(
                "`{}` is unknown until apply (computed from `{r}`)",
                self.attribute
            ),
            None => format!(
                "`{}` is unknown statically (a variable without a value, or an expression Rampart cannot evaluate)",
                self.attribute
            ),
        }
    }
}
