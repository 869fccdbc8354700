//! dxcheck: compliance checks for AWS Direct Connect hosted connections.
//!
//! collect (AWS SDK) → inventory (JSON) → policies (Rego, regorus) → findings → reports.

pub mod allocator;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod collect;
pub mod config;
pub mod diff;
pub mod error;
pub mod finding;
pub mod interrupt;
pub mod inventory;
pub mod policy;
pub mod policy_cmd;
pub mod report;
pub mod resources;
pub mod severity;
pub mod waiver;
