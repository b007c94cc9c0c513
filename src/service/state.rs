//! The served catalog: an [`Engine`] behind an [`ArcSwap`] for lock-free
//! readers, and the page set behind a mutex for the (rare) writers.
//!
//! A reader loads one `Arc<Engine>` and uses it to the end of its request,
//! so a concurrent swap never tears a score and every answer's
//! `catalog_version` is the version of the engine that computed it. A writer
//! compiles the new page set, persists the change, then swaps; on any
//! failure the served catalog is unchanged.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use arc_swap::ArcSwap;
use tokio::sync::Mutex;

use super::{on_rayon, ServiceError};
use crate::catalog::{compile, CompileError, CompileOptions, Page, PageNotice, PageOrigin, Role};
use crate::scoring::Engine;
use crate::store::{validate_page_id, Store, StoreError};
use crate::taxonomy::Taxonomy;

/// The page set the catalog is compiled from.
#[derive(Debug, Clone, Default)]
pub struct PageSet {
    /// Base pages (built-in or `--roles DIR`), by id.
    pub base: BTreeMap<String, Page>,
    /// Pages added at run time (data directory), by id; they override base pages.
    pub user: BTreeMap<String, Page>,
    /// Base page ids hidden by a tombstone.
    pub tombstones: BTreeSet<String>,
}

impl PageSet {
    /// The pages to compile: base pages not hidden nor overridden, then the
    /// data-dir pages, sorted by id.
    pub fn effective(&self) -> Vec<Page> {
        let mut pages: Vec<Page> = self
            .base
            .values()
            .filter(|p| !self.tombstones.contains(&p.id) && !self.user.contains_key(&p.id))
            .chain(self.user.values())
            .cloned()
            .collect();
        pages.sort_by(|a, b| a.id.cmp(&b.id));
        pages
    }

    /// True when `id` names a page being served.
    pub fn serves(&self, id: &str) -> bool {
        self.user.contains_key(id) || (self.base.contains_key(id) && !self.tombstones.contains(id))
    }
}

/// What a PutRole did.
pub struct Put {
    /// The engine now serving.
    pub engine: Arc<Engine>,
    /// The roles the page compiled into.
    pub roles: Vec<Role>,
    /// Role ids served before and not any more, sorted.
    pub removed_role_ids: Vec<String>,
    /// Ids of other pages' roles whose definition changed, sorted.
    pub changed_role_ids: Vec<String>,
    /// What the compiler noticed about the page (see [`Catalog::sparse`]).
    ///
    /// [`Catalog::sparse`]: crate::catalog::Catalog::sparse
    pub warnings: Vec<String>,
}

/// What a DeleteRole did.
pub struct Deleted {
    /// The engine now serving.
    pub engine: Arc<Engine>,
    /// Role ids served before and not any more, sorted.
    pub removed_role_ids: Vec<String>,
    /// Ids of roles served before and after whose definition changed, sorted.
    pub changed_role_ids: Vec<String>,
    /// The deleted page had replaced a base page, which is served again.
    pub restored_base: bool,
}

/// Ids of the roles served by both engines whose definition differs, apart
/// from page `except`'s own (if any), sorted.
fn changed_roles(before: &Engine, after: &Engine, except: Option<&str>) -> Vec<String> {
    let mut changed: Vec<String> = after
        .catalog()
        .roles()
        .iter()
        .filter(|role| Some(role.page_id.as_str()) != except)
        .filter(|role| {
            before
                .catalog()
                .role(&role.role_id)
                .is_some_and(|old| old != *role)
        })
        .map(|role| role.role_id.clone())
        .collect();
    changed.sort();
    changed
}

/// Ids of the roles `before` served that `after` does not, sorted.
fn removed_roles(before: &Engine, after: &Engine) -> Vec<String> {
    before
        .catalog()
        .roles()
        .iter()
        .filter(|role| after.catalog().role(&role.role_id).is_none())
        .map(|role| role.role_id.clone())
        .collect()
}

/// Why a PutRole or DeleteRole was refused.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// Bad page id.
    #[error(transparent)]
    InvalidPageId(StoreError),
    /// No such page.
    #[error("page {0:?} not found")]
    NotFound(String),
    /// The new page set does not compile.
    #[error("{0}")]
    Compile(CompileError),
    /// The change would leave a page out of the catalog, or serve one under
    /// a qualified role id (the page itself, or another whose role id it
    /// takes): the compile error.
    #[error("{0}")]
    LeavesOut(String),
    /// A new page past `--max-added-pages`: the data directory holds
    /// `held` pages, the limit is `limit`.
    #[error(
        "the data directory holds {held} added pages, the limit is {limit} (--max-added-pages): \
         delete one with DeleteRole, replace one under its page_id, or raise the limit"
    )]
    TooManyPages {
        /// Pages in the data directory now.
        held: usize,
        /// `--max-added-pages`.
        limit: usize,
    },
    /// Persisting the change failed (catalog unchanged).
    #[error("persisting the change failed: {0}")]
    Store(StoreError),
    /// A worker job failed.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The catalog being served and how to change it.
pub struct CatalogState {
    engine: ArcSwap<Engine>,
    pages: Mutex<PageSet>,
    store: Store,
    options: CompileOptions,
    /// Most pages the data directory may hold: a PutRole of a new page
    /// past it is refused.
    max_added_pages: usize,
}

impl std::fmt::Debug for CatalogState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CatalogState")
            .field("version", &self.engine.load().version())
            .field("store", &self.store)
            .finish()
    }
}

impl CatalogState {
    /// Loads the data directory over `base`, compiles, and builds the engine.
    /// A data-dir page that does not compile is an error naming its file.
    pub fn open(
        base: Vec<Page>,
        taxonomy: Arc<Taxonomy>,
        store: Store,
        options: CompileOptions,
    ) -> Result<CatalogState, ServiceError> {
        let stored = store.load()?;
        let mut set = PageSet {
            base: base.into_iter().map(|p| (p.id.clone(), p)).collect(),
            ..PageSet::default()
        };
        set.tombstones = stored.tombstones.into_iter().collect();
        set.user = stored
            .pages
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect();
        let catalog = match compile(&set.effective(), &taxonomy, &options) {
            Ok(catalog) => catalog,
            Err(err) => return Err(blame(&set, &taxonomy, &options, &store, err)),
        };
        // A data-dir page is an acknowledged PutRole: one that no longer
        // compiles, or would be served under another role id, is damage to
        // refuse to start on, not a posting to leave out or rename.
        if let Some(page) = catalog
            .skipped()
            .iter()
            .chain(catalog.renamed())
            .find(|page| set.user.contains_key(&page.page_id))
        {
            return Err(ServiceError::Config(format!(
                "data-dir page {} does not compile: {}",
                store.page_path(&page.page_id).display(),
                page.reason
            )));
        }
        for page in catalog.skipped() {
            tracing::warn!(page_id = page.page_id, "page left out: {}", page.reason);
        }
        for page in catalog.renamed().iter().chain(catalog.sparse()) {
            tracing::warn!(page_id = page.page_id, "{}", page.reason);
        }
        let engine = Engine::new(Arc::clone(&taxonomy), catalog);
        tracing::info!(
            version = engine.version(),
            roles = engine.catalog().roles().len(),
            user_pages = set.user.len(),
            tombstones = set.tombstones.len(),
            "catalog compiled"
        );
        Ok(CatalogState {
            engine: ArcSwap::from_pointee(engine),
            pages: Mutex::new(set),
            store,
            options,
            max_added_pages: usize::MAX,
        })
    }

    /// Refuses a PutRole of a new page once the data directory holds
    /// `limit` pages (`--max-added-pages`); replacing a page it holds, and
    /// DeleteRole, stay allowed. A data directory already over the limit
    /// is served as it is (with a warning).
    pub fn with_max_added_pages(mut self, limit: usize) -> CatalogState {
        let held = self.pages.get_mut().user.len();
        if held > limit {
            tracing::warn!(
                held,
                limit,
                "the data directory holds more pages than --max-added-pages: \
                 they are served, new ones are refused"
            );
        }
        self.max_added_pages = limit;
        self
    }

    /// Serves an already built engine (tests, embedding); `pages` is the
    /// page set it was compiled from.
    pub fn from_engine(engine: Engine, pages: PageSet, store: Store) -> CatalogState {
        CatalogState {
            engine: ArcSwap::from_pointee(engine),
            pages: Mutex::new(pages),
            store,
            options: CompileOptions::default(),
            max_added_pages: usize::MAX,
        }
    }

    /// The engine serving right now. Hold the `Arc` for a whole request.
    pub fn engine(&self) -> Arc<Engine> {
        self.engine.load_full()
    }

    /// Adds or replaces page `page_id`; returns the new engine, the roles
    /// the page compiled into and the ids of roles no longer served.
    pub async fn put(&self, page_id: &str, markdown: String) -> Result<Put, UpdateError> {
        validate_page_id(page_id).map_err(UpdateError::InvalidPageId)?;
        let mut pages = self.pages.lock().await;
        if !pages.user.contains_key(page_id) && pages.user.len() >= self.max_added_pages {
            return Err(UpdateError::TooManyPages {
                held: pages.user.len(),
                limit: self.max_added_pages,
            });
        }
        let mut next = pages.clone();
        next.user.insert(
            page_id.to_string(),
            Page {
                id: page_id.to_string(),
                text: markdown.clone(),
                origin: PageOrigin::User,
                too_large: None,
            },
        );
        next.tombstones.remove(page_id);
        let engine = self.compile(&next).await?;
        let store = self.store.clone();
        let id = page_id.to_string();
        tokio::task::spawn_blocking(move || store.put(&id, &markdown))
            .await
            .map_err(|e| UpdateError::Internal(e.to_string()))?
            .map_err(UpdateError::Store)?;
        *pages = next;
        let before = self.engine.swap(Arc::clone(&engine));
        let roles = engine
            .catalog()
            .roles()
            .iter()
            .filter(|r| r.page_id == page_id)
            .cloned()
            .collect();
        let warnings = engine
            .catalog()
            .sparse()
            .iter()
            .filter(|notice| notice.page_id == page_id)
            .map(|notice| notice.reason.clone())
            .collect();
        Ok(Put {
            removed_role_ids: removed_roles(&before, &engine),
            changed_role_ids: changed_roles(&before, &engine, Some(page_id)),
            warnings,
            engine,
            roles,
        })
    }

    /// Removes page `page_id`: a page added with PutRole goes (and the base
    /// page it replaced, if any, is served again); a base page not replaced
    /// is hidden by a tombstone.
    pub async fn delete(&self, page_id: &str) -> Result<Deleted, UpdateError> {
        validate_page_id(page_id).map_err(UpdateError::InvalidPageId)?;
        let mut pages = self.pages.lock().await;
        if !pages.serves(page_id) {
            return Err(UpdateError::NotFound(page_id.to_string()));
        }
        let mut next = pages.clone();
        let had_user_page = next.user.remove(page_id).is_some();
        let is_base = next.base.contains_key(page_id);
        let restored_base = had_user_page && is_base;
        let tombstone = is_base && !had_user_page;
        if tombstone {
            next.tombstones.insert(page_id.to_string());
        }
        let engine = self.compile(&next).await?;
        let store = self.store.clone();
        let id = page_id.to_string();
        tokio::task::spawn_blocking(move || store.delete(&id, tombstone))
            .await
            .map_err(|e| UpdateError::Internal(e.to_string()))?
            .map_err(UpdateError::Store)?;
        *pages = next;
        let before = self.engine.swap(Arc::clone(&engine));
        Ok(Deleted {
            removed_role_ids: removed_roles(&before, &engine),
            // A restored built-in page's roles change back: they count.
            changed_role_ids: changed_roles(&before, &engine, None),
            engine,
            restored_base,
        })
    }

    /// Compiles a changed page set; a page the change would leave out or
    /// rename (that was served as is before, or is new) refuses the change.
    async fn compile(&self, set: &PageSet) -> Result<Arc<Engine>, UpdateError> {
        let pages = set.effective();
        let serving = self.engine.load_full();
        let options = self.options.clone();
        let engine = on_rayon({
            let serving = Arc::clone(&serving);
            move || {
                compile(&pages, serving.taxonomy(), &options)
                    .map(|catalog| Arc::new(serving.with_catalog(catalog)))
            }
        })
        .await
        .map_err(|status| UpdateError::Internal(status.message().to_string()))?
        .map_err(UpdateError::Compile)?;
        // A change may not leave a page out (its own or another's), nor
        // serve one under a qualified role id: clients name roles by id.
        let (before, after) = (serving.catalog(), engine.catalog());
        let new_notice = |before: &[PageNotice], after: &[PageNotice]| {
            after
                .iter()
                .find(|page| !before.contains(page))
                .map(|page| UpdateError::LeavesOut(page.reason.clone()))
        };
        // A rename is refused, not done: "would be served as".
        let refused_rename = |before: &[PageNotice], after: &[PageNotice]| {
            new_notice(before, after).map(|refused| match refused {
                UpdateError::LeavesOut(reason) => UpdateError::LeavesOut(format!(
                    "{}; refused: clients name roles by id",
                    reason.replace("is served as", "would be served as")
                )),
                other => other,
            })
        };
        match new_notice(before.skipped(), after.skipped())
            .or_else(|| refused_rename(before.renamed(), after.renamed()))
        {
            Some(refused) => Err(refused),
            None => Ok(engine),
        }
    }
}

/// Finds the data-dir page that breaks compilation, to name its file.
fn blame(
    set: &PageSet,
    taxonomy: &Taxonomy,
    options: &CompileOptions,
    store: &Store,
    err: CompileError,
) -> ServiceError {
    let without_user = PageSet {
        user: BTreeMap::new(),
        ..set.clone()
    };
    if compile(&without_user.effective(), taxonomy, options).is_err() {
        return ServiceError::Compile {
            what: "the base pages".into(),
            source: err,
        };
    }
    for (id, page) in &set.user {
        let mut one = without_user.clone();
        one.user.insert(id.clone(), page.clone());
        if let Err(e) = compile(&one.effective(), taxonomy, options) {
            return ServiceError::Compile {
                what: format!("data-dir page {}", store.page_path(id).display()),
                source: e,
            };
        }
    }
    ServiceError::Compile {
        what: format!("the pages in {}", store.dir().display()),
        source: err,
    }
}
