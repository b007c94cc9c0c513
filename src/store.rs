//! Crash-safe persistence of the pages added or removed at run time.
//!
//! The store is one flat directory (the server's `--data-dir`):
//!
//! - `<page_id>.md`: a page added with `PutRole`. It is live whatever else
//!   is there: a data-dir page with the id of a base page (built-in or from
//!   `--roles DIR`) **overrides** that page.
//! - `<page_id>.deleted`: a tombstone written by `DeleteRole` of a base
//!   page; it hides that base page. A later `PutRole` of the same id removes
//!   the tombstone (and the `.md` wins over a tombstone in any case).
//! - `*.tmp`: a write in progress. Left behind only by a crash, removed by
//!   [`Store::open`].
//!
//! Other files are ignored. A `.md` file whose name is not a valid page id
//! (see [`validate_page_id`]), or that cannot be read as UTF-8, is an error
//! naming the file: the server refuses to start rather than silently serve
//! a catalog that differs from what is on disk.
//!
//! Every write goes to a temporary file in the same directory, is written in
//! full and fsynced, then renamed over the target, and the directory is
//! fsynced; a removal is an unlink followed by a directory fsync. A crash at
//! any point therefore leaves the old or the new file, never a torn one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::catalog::{Page, PageOrigin};

/// Longest page id, in bytes.
pub const MAX_PAGE_ID_BYTES: usize = 128;

const PAGE_EXT: &str = "md";
const TOMBSTONE_EXT: &str = "deleted";
const TMP_EXT: &str = "tmp";

/// Why the store could not read or write.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A page id that is not a slug.
    #[error("invalid page id {id:?}: {reason}")]
    InvalidPageId {
        /// The id as given.
        id: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A file-system operation failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done ("write", "read", ...).
        action: &'static str,
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// A page file in the data directory is not valid UTF-8.
    #[error("read {}: the page is not valid UTF-8", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
    },
    /// A `.md` file whose name is not a valid page id.
    #[error("{}: file name is not a valid page id ({reason})", path.display())]
    BadFileName {
        /// The file.
        path: PathBuf,
        /// Why the stem is not a page id.
        reason: &'static str,
    },
}

/// Checks that `id` is a page id: 1-128 bytes of lowercase ASCII letters,
/// digits, `-` and `_`. Ids are file names in the data directory, so this
/// is what keeps a request from naming an arbitrary path.
pub fn validate_page_id(id: &str) -> Result<(), StoreError> {
    let bad = |reason| {
        // A megabyte of id is not echoed whole.
        Err(StoreError::InvalidPageId {
            id: crate::report::shortened(id, MAX_PAGE_ID_BYTES),
            reason,
        })
    };
    if id.is_empty() {
        return bad("must not be empty");
    }
    if id.len() > MAX_PAGE_ID_BYTES {
        return bad("must be at most 128 bytes");
    }
    if !id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        return bad("use only lowercase letters, digits, '-' and '_'");
    }
    Ok(())
}

/// What the data directory holds.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StoredPages {
    /// Pages added at run time, sorted by id (origin [`PageOrigin::User`]).
    pub pages: Vec<Page>,
    /// Ids of base pages hidden by a tombstone, sorted.
    pub tombstones: Vec<String>,
}

/// The data directory of a server.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

fn io_err<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

impl Store {
    /// Opens (creating if needed) the data directory and removes the
    /// temporary files a crash may have left.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Store, StoreError> {
        let dir = dir.into();
        fs::create_dir_all(&dir).map_err(io_err("create", &dir))?;
        let store = Store { dir };
        let mut removed = false;
        for entry in fs::read_dir(&store.dir).map_err(io_err("list", &store.dir))? {
            let path = entry.map_err(io_err("list", &store.dir))?.path();
            if path.extension().and_then(|e| e.to_str()) == Some(TMP_EXT) && path.is_file() {
                fs::remove_file(&path).map_err(io_err("remove", &path))?;
                tracing::info!(path = %path.display(), "removed leftover temporary file");
                removed = true;
            }
        }
        if removed {
            store.sync_dir()?;
        }
        Ok(store)
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Path of the page file for `id`.
    pub fn page_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.{PAGE_EXT}"))
    }

    fn tombstone_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.{TOMBSTONE_EXT}"))
    }

    /// Reads every page and tombstone.
    pub fn load(&self) -> Result<StoredPages, StoreError> {
        let mut stored = StoredPages::default();
        for entry in fs::read_dir(&self.dir).map_err(io_err("list", &self.dir))? {
            let path = entry.map_err(io_err("list", &self.dir))?.path();
            let ext = path.extension().and_then(|e| e.to_str());
            if ext != Some(PAGE_EXT) && ext != Some(TOMBSTONE_EXT) {
                continue;
            }
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if let Err(StoreError::InvalidPageId { reason, .. }) = validate_page_id(stem) {
                return Err(StoreError::BadFileName { path, reason });
            }
            let id = stem.to_string();
            if ext == Some(TOMBSTONE_EXT) {
                stored.tombstones.push(id);
                continue;
            }
            // A file far over the page limit is not read whole to be
            // refused (a 2 GB one took 4 GB; a link to /dev/zero, all
            // memory): the compiler refuses it by its size.
            let limit = u64::try_from(crate::catalog::CompileOptions::default().max_page_bytes)
                .unwrap_or(u64::MAX)
                .saturating_add(1);
            match crate::catalog::read_at_most(&path, limit).map_err(io_err("read", &path))? {
                Ok(bytes) => {
                    let text =
                        String::from_utf8(bytes).map_err(|_| StoreError::NotUtf8 { path })?;
                    stored.pages.push(Page {
                        id,
                        text,
                        origin: PageOrigin::User,
                        too_large: None,
                    });
                }
                Err(size) => {
                    stored
                        .pages
                        .push(Page::too_large_to_read(id, PageOrigin::User, size));
                }
            }
        }
        stored.pages.sort_by(|a, b| a.id.cmp(&b.id));
        stored.tombstones.sort();
        Ok(stored)
    }

    /// Stores page `id` atomically and removes its tombstone, if any.
    pub fn put(&self, id: &str, text: &str) -> Result<(), StoreError> {
        validate_page_id(id)?;
        self.write_atomic(&self.page_path(id), text.as_bytes())?;
        self.remove_if_exists(&self.tombstone_path(id))
    }

    /// Removes page `id`; with `tombstone`, first writes the tombstone that
    /// hides the base page of the same id. (If a crash lands between the two
    /// steps the `.md` still exists and wins: the old state.)
    pub fn delete(&self, id: &str, tombstone: bool) -> Result<(), StoreError> {
        validate_page_id(id)?;
        if tombstone {
            self.write_atomic(&self.tombstone_path(id), b"")?;
        } else {
            self.remove_if_exists(&self.tombstone_path(id))?;
        }
        self.remove_if_exists(&self.page_path(id))
    }

    fn remove_if_exists(&self, path: &Path) -> Result<(), StoreError> {
        match fs::remove_file(path) {
            Ok(()) => self.sync_dir(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_err("remove", path)(e)),
        }
    }

    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("page");
        let tmp = self
            .dir
            .join(format!(".{name}.{}.{TMP_EXT}", std::process::id()));
        let result = (|| {
            let mut file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&tmp)
                .map_err(io_err("create", &tmp))?;
            file.write_all(bytes).map_err(io_err("write", &tmp))?;
            file.sync_all().map_err(io_err("fsync", &tmp))?;
            drop(file);
            fs::rename(&tmp, path).map_err(io_err("rename", path))
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result?;
        self.sync_dir()
    }

    fn sync_dir(&self) -> Result<(), StoreError> {
        File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(io_err("fsync", &self.dir))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A data-dir page far over the page limit is not read whole (a 2 GB
    /// one took 4 GB at startup, a link to /dev/zero all memory): it is
    /// loaded empty with its size, for the compiler to refuse by name.
    #[test]
    fn a_huge_page_file_is_not_read_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        std::fs::write(dir.path().join("small.md"), "# Go Engineer\n- Go\n").expect("write");
        std::fs::File::create(dir.path().join("huge.md"))
            .and_then(|f| f.set_len(3 << 30))
            .expect("a sparse 3 GB file");
        let stored = store.load().expect("load");
        let ids: Vec<(&str, Option<u64>, usize)> = stored
            .pages
            .iter()
            .map(|p| (p.id.as_str(), p.too_large, p.text.len()))
            .collect();
        assert_eq!(ids, [("huge", Some(3 << 30), 0), ("small", None, 19)]);
    }

    #[test]
    fn page_ids_are_slugs_never_paths() {
        for ok in ["a", "staff-backend-engineer", "x_1", &"a".repeat(128)] {
            assert!(validate_page_id(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "../etc/passwd",
            "a/b",
            "A",
            "a.md",
            ".",
            "..",
            "a b",
            "é",
            &"a".repeat(129),
        ] {
            assert!(validate_page_id(bad).is_err(), "{bad:?}");
        }
        // A megabyte of id is cut in the message.
        let error = validate_page_id(&"a".repeat(1 << 20)).expect_err("too long");
        assert!(error.to_string().len() < 300, "{error}");
        assert!(error.to_string().contains("a..."), "{error}");
    }

    #[test]
    fn put_delete_and_tombstones_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store.put("p1", "one").unwrap();
        store.put("p2", "two").unwrap();
        store.put("p1", "one v2").unwrap();
        store.delete("p2", false).unwrap();
        store.delete("base", true).unwrap();
        let loaded = Store::open(dir.path()).unwrap().load().unwrap();
        assert_eq!(loaded.pages.len(), 1);
        assert_eq!(loaded.pages[0].id, "p1");
        assert_eq!(loaded.pages[0].text, "one v2");
        assert_eq!(loaded.pages[0].origin, PageOrigin::User);
        assert_eq!(loaded.tombstones, vec!["base".to_string()]);
        // A later put of the tombstoned id removes the tombstone.
        store.put("base", "override").unwrap();
        let loaded = store.load().unwrap();
        assert!(loaded.tombstones.is_empty());
        assert_eq!(loaded.pages.len(), 2);
        // No temporary file is left behind.
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().and_then(|x| x.to_str()) == Some("tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn open_removes_temp_files_and_load_rejects_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".p.md.123.tmp"), "torn").unwrap();
        fs::write(dir.path().join("README.txt"), "ignored").unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert!(!dir.path().join(".p.md.123.tmp").exists());
        assert!(store.load().unwrap().pages.is_empty());

        fs::write(dir.path().join("Bad Name.md"), "x").unwrap();
        let err = store.load().unwrap_err();
        assert!(err.to_string().contains("Bad Name.md"), "{err}");
        fs::remove_file(dir.path().join("Bad Name.md")).unwrap();

        fs::write(dir.path().join("latin1.md"), [0xff, 0xfe, 0x41]).unwrap();
        let err = store.load().unwrap_err();
        assert!(err.to_string().contains("latin1.md"), "{err}");
    }
}
