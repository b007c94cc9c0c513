//! The compiled scoring index and the scoring algorithm.

use std::sync::Arc;

use super::{CandidateScores, RankedCandidate, ScoreError, ScoreOptions};
use crate::catalog::Catalog;
use crate::scoring::Candidate;
use crate::taxonomy::Taxonomy;

/// A catalog compiled for scoring. Immutable and `Send + Sync`.
pub struct Engine {
    taxonomy: Arc<Taxonomy>,
    catalog: Catalog,
}

impl Engine {
    /// Compiles the scoring index for `catalog` (whose skills come from `taxonomy`).
    pub fn new(taxonomy: Arc<Taxonomy>, catalog: Catalog) -> Engine {
        Engine { taxonomy, catalog }
    }

    /// The catalog being scored against.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The taxonomy skills are resolved with.
    pub fn taxonomy(&self) -> &Arc<Taxonomy> {
        &self.taxonomy
    }

    /// Version of the catalog and taxonomy, reported with every score.
    pub fn version(&self) -> &str {
        self.catalog.version()
    }

    /// Scores one candidate against every role (or `options.role_ids`).
    pub fn score(
        &self,
        candidate: &Candidate,
        options: &ScoreOptions,
    ) -> Result<CandidateScores, ScoreError> {
        let _ = (candidate, options);
        todo!("engine being written")
    }

    /// Ranks candidates for one role, best first; ties keep input order.
    pub fn rank(
        &self,
        role_id: &str,
        candidates: &[Candidate],
        top_k: usize,
    ) -> Result<Vec<RankedCandidate>, ScoreError> {
        let _ = (role_id, candidates, top_k);
        todo!("engine being written")
    }
}
