//! Typed views over the model: questions rules ask (`s3::Bucket::versioning_enabled`) answered
//! once, looking at inline blocks *and* related resources, in three-valued logic.

pub mod aws_services;
pub mod azure;
pub mod cache_engine;
pub mod defaults;
pub mod gcp;
pub mod iam;
pub mod kubernetes;
pub mod logging;
pub mod network;
pub mod permissions;
pub mod s3;
pub mod search_domain;
pub mod secret_values;
pub mod secrets;
#[cfg(test)]
mod test_resources;
