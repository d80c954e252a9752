//! The parsed form of a user rule file: plain data, checked when decoded (operators exist,
//! regexes compile, CIDRs parse), so evaluation never meets an invalid rule. Nothing here reads
//! files or evaluates anything.

use super::path::AttrPath;
use ipnet::IpNet;
use rampart_model::{Category, Severity, Value};
use regex::Regex;

/// One user rule as written, with the lines error messages point at.
#[derive(Clone, Debug)]
pub struct RuleSpec {
    /// The rule file, as given (for messages).
    pub file: String,
    /// Line of the `id:` entry (1-based), for collision errors.
    pub id_line: u32,
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub category: Category,
    pub resource_kinds: Vec<String>,
    pub rationale: String,
    pub remediation: String,
    pub references: Vec<String>,
    pub aliases: Vec<String>,
    /// Finding message; `{address}`, `{kind}`, `{name}` and `{id}` are filled in.
    pub message: Option<String>,
    /// The attribute findings point at (for the line); defaults to the only tested attribute.
    pub attribute: Option<String>,
    /// What a violation looks like: a finding is reported only when this is definitely true.
    pub violation_when: Condition,
}

/// A tree of tests; evaluated with three-valued logic (see [`super::eval`]).
#[derive(Clone, Debug)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Test(AttributeTest),
    Related(RelatedTest),
}

/// How several values (list items reached through `[*]`, or related resources) combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    /// At least one satisfies the test (the default).
    Any,
    /// Every one does (true when there are none).
    All,
    /// None does.
    None,
}

/// `attribute: PATH` plus one operator.
#[derive(Clone, Debug)]
pub struct AttributeTest {
    pub path: AttrPath,
    pub operator: Operator,
    pub quantifier: Quantifier,
}

#[derive(Clone, Debug)]
pub enum Operator {
    Equals(Value),
    NotEquals(Value),
    In(Vec<Value>),
    NotIn(Vec<Value>),
    /// `exists: true` / `exists: false`; `absent: true` is `Exists(false)`.
    Exists(bool),
    GreaterThan(f64),
    GreaterOrEqual(f64),
    LessThan(f64),
    LessOrEqual(f64),
    Matches(Regex),
    Contains(Value),
    CidrContains(IpNet),
    CidrIsPublic(bool),
}

impl Operator {
    /// Operators on single values: on a list value they test each item, so `cidr_blocks`
    /// works without `[*]`.
    pub fn is_scalar(&self) -> bool {
        !matches!(
            self,
            Operator::Equals(_)
                | Operator::NotEquals(_)
                | Operator::Exists(_)
                | Operator::Contains(_)
        )
    }
}

/// Which relation a `related` lookup follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Resources that point at this one and carry its settings (`aws_s3_bucket_versioning` of
    /// a bucket): `related:`.
    ConfiguredBy,
    /// Resources this one points at (an instance's security groups): `uses:`.
    Uses,
}

#[derive(Clone, Debug)]
pub struct RelatedTest {
    pub direction: Direction,
    pub kind: String,
    pub quantifier: Quantifier,
    /// Test on each related resource; `None` asks only whether one exists.
    pub condition: Option<Box<Condition>>,
}
