//! Rampart's security graph and attack paths.
//!
//! Resources of the inventory (code, live state, or both merged) become nodes; network
//! reachability, identity, trust, data access and imported vulnerabilities become edges, each
//! three-valued (true, false, unknown). Toxic combinations are path queries over it, and each
//! path is a finding with its hops, a score and the cheapest hop to break.
//!
//! ```no_run
//! use rampart_graph::{BuildOptions, Graph, import_trivy, render_dot};
//! # let inventory = rampart_model::Inventory::default();
//! # let trivy_json = "{}";
//! let mut options = BuildOptions::default();
//! options.vulnerabilities = import_trivy(trivy_json).unwrap_or_default();
//! let graph = Graph::build(&inventory, &options);
//! let paths = graph.toxic_paths();
//! let dot = render_dot(&graph, &paths);
//! ```
//!
//! What each query means, the sensitivity rule, the vulnerability linking rule and the cost of
//! each hop are in docs/attack-paths.md. This crate does no I/O and never panics on any input.

mod build;
pub mod graph;
pub mod identity;
pub mod network;
pub mod paths;
mod policy_worlds;
pub mod render;
pub mod sensitivity;
pub mod vulns;

pub use build::BuildOptions;
pub use graph::{
    Edge, EdgeKind, Graph, Node, NodeId, NodeKind, RoleFacts, Sensitivity, VulnSeverity,
};
pub use network::Exposure;
pub use paths::{AttackPath, BreakAt, Hop, HopKind, PathKind, path_membership};
pub use render::{render_cypher, render_dot, render_json, render_paths_json, render_paths_text};
pub use sensitivity::{DataClass, sensitivity_of};
pub use vulns::{Vulnerability, import_grype, import_trivy};
