//! Rampart's one resource model. Every source (Terraform, CloudFormation, Kubernetes, plans,
//! live clouds) loads into an [`Inventory`] of [`Resource`]s named with Terraform provider
//! vocabulary, each keeping its [`Origin`]. Rules read it; fixes change it. This crate does no
//! I/O and never panics on any input.

pub mod change;
pub mod error;
pub mod finding;
pub mod inventory;
pub mod relations;
pub mod resource;
pub mod span;
pub mod undecided;
pub mod value;

pub use change::{Applicability, Change, Edit, PathSeg};
pub use error::LoadError;
pub use finding::{
    Category, Finding, LiveLocation, OnAttackPath, Severity, Suppressed, SuppressedBy, Violation,
};
pub use inventory::{Inventory, Relation, RelationKind, ResourceId, ResourceRef};
pub use resource::{Mode, Resource, SourceFormat, SourceNames, Suppression};
pub use span::{Origin, Position, Span};
pub use undecided::Undecided;
pub use value::{Truth, Unknown, Value};
