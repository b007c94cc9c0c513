//! rolefit: how well does a candidate fit every role a company hires for, and why?
//!
//! The crate is laid out as a pipeline, one module per concept:
//! - [`taxonomy`]: canonical skills, aliases, typo-tolerant resolution, extraction from prose.
//! - [`catalog`]: job-family pages compiled into weighted skill vectors ([`catalog::Role`]).
//! - [`scoring`]: the engine that scores candidates against every role, with explanations.
//! - [`batch`]: streaming, parallel scoring of applicant pools in JSON Lines.
//! - [`service`]: the `rolefit.v1` gRPC API (the only module that knows protobuf).
//! - [`store`]: crash-safe persistence of pages added at run time.
//! - [`setup`], [`report`], [`progress`]: the command line's sources, renderings and progress bar.
//! - [`signals`]: SIGINT and SIGTERM, for the commands that stop on them.

pub mod batch;
pub mod catalog;
mod csr;
mod encoding;
mod html;
pub mod progress;
pub mod report;
pub mod scoring;
pub mod service;
pub mod setup;
#[cfg(unix)]
pub mod signals;
pub mod store;
pub mod taxonomy;

#[cfg(test)]
mod test_support;
