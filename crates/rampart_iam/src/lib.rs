//! The IAM policy engine: AWS's policy language read exactly (every element, condition
//! operator, set operator and policy variable), AWS's documented evaluation logic (explicit
//! deny, SCPs and RCPs per level, permission boundaries, session policies, resource policies
//! within and across accounts, VPC endpoint policies), and the catalogue of every service's
//! actions. Pure: no I/O beyond reading the catalogue embedded in the binary, and no input
//! makes it panic.

pub mod catalogue;
pub mod condition;
pub mod context;
pub mod error;
pub mod escalation;
pub mod estate;
pub mod evaluate;
pub mod managed;
pub mod pattern;
pub mod policy;
pub mod principal;
pub mod public;
pub mod simulate;

pub use context::Context;
pub use error::{PolicyError, StatementName};
pub use evaluate::{Decision, Evaluation, Policies, Request, StatementRef, evaluate};
pub use policy::{Effect, Policy, PolicyKind, Statement};
pub use principal::Principal;
pub use simulate::{Answer, Simulation};
