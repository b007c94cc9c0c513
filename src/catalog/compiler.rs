//! The page compiler: front matter + markdown -> roles.

use super::{Catalog, Page};
use crate::taxonomy::Taxonomy;

/// Knobs of the compiler.
#[derive(Clone, Debug, Default)]
pub struct CompileOptions {}

/// Why a set of pages did not compile.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// A page yields no role.
    #[error("page {page_id:?}: {reason}")]
    NoRole {
        /// The page.
        page_id: String,
        /// Why.
        reason: String,
    },
}

/// Compiles pages into a catalog.
pub fn compile(
    pages: &[Page],
    taxonomy: &Taxonomy,
    _options: &CompileOptions,
) -> Result<Catalog, CompileError> {
    let _ = (pages, taxonomy);
    Err(CompileError::NoRole {
        page_id: String::new(),
        reason: "compiler not written yet".into(),
    })
}
