//! Where the catalog comes from: the built-in seeds or a directory of pages,
//! the built-in taxonomy plus user extensions. Shared by every command.

use std::path::PathBuf;
use std::sync::Arc;

use crate::catalog::{compile, CompileError, CompileOptions, Page};
use crate::scoring::Engine;
use crate::taxonomy::{Taxonomy, TaxonomyError, BUILTIN_SOURCES};

/// Largest `--skills` file read, in bytes (16 MiB, some 85 times the
/// built-in taxonomy): `--skills /dev/zero`, or a pool passed by mistake,
/// was read until memory ran out.
pub const MAX_SKILLS_FILE_BYTES: u64 = 16 << 20;

/// Command-line options naming the catalog's sources.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct CatalogSource {
    /// Directory of job-family pages (*.md, *.markdown, *.txt, *.html) used instead
    /// of the built-in seed pages.
    #[arg(long = "catalog", env = "ROLEFIT_ROLES", value_name = "DIR")]
    pub pages_dir: Option<PathBuf>,
    /// Extra skill taxonomy (TOML, the schema of seeds/skills.toml) merged
    /// over the built-in one; repeatable.
    #[arg(long = "skills", value_name = "FILE")]
    pub skills: Vec<PathBuf>,
}

/// Why the catalog could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A `--skills` file is larger than [`MAX_SKILLS_FILE_BYTES`].
    #[error(
        "{path} is over the {limit}-byte limit of a --skills file (the built-in \
         taxonomy of about 900 skills takes 190 KB): is it a taxonomy TOML file?"
    )]
    SkillsFileTooLarge {
        /// The file.
        path: PathBuf,
        /// The limit.
        limit: u64,
    },
    /// The taxonomy is invalid.
    #[error(transparent)]
    Taxonomy(#[from] TaxonomyError),
    /// A page does not compile.
    #[error(transparent)]
    Compile(#[from] CompileError),
}

/// A `--skills` file's text, read no further than
/// [`MAX_SKILLS_FILE_BYTES`].
fn read_skills_file(path: &std::path::Path) -> Result<String, SetupError> {
    let io = |source: std::io::Error| SetupError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = crate::catalog::read_at_most(path, MAX_SKILLS_FILE_BYTES)
        .map_err(io)?
        .map_err(|_size| SetupError::SkillsFileTooLarge {
            path: path.to_path_buf(),
            limit: MAX_SKILLS_FILE_BYTES,
        })?;
    String::from_utf8(bytes).map_err(|_| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })
}

impl CatalogSource {
    /// The built-in taxonomy extended by the `--skills` files.
    pub fn taxonomy(&self) -> Result<Taxonomy, SetupError> {
        let mut texts = Vec::with_capacity(self.skills.len());
        for path in &self.skills {
            let text = read_skills_file(path)?;
            texts.push((path.display().to_string(), text));
        }
        let mut sources: Vec<(&str, &str)> = BUILTIN_SOURCES.to_vec();
        sources.extend(
            texts
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_str())),
        );
        Ok(Taxonomy::from_sources(&sources)?)
    }

    /// The pages: the `--catalog` directory, or the built-in seeds.
    pub fn pages(&self) -> Result<Vec<Page>, SetupError> {
        match &self.pages_dir {
            Some(dir) => Ok(Page::load_dir(dir)?),
            None => Ok(Page::builtin()),
        }
    }

    /// Files of the `--catalog` directory in formats it does not read
    /// (Word, RTF, PDF), for a warning: they are passed over.
    pub fn unread_documents(&self) -> Vec<PathBuf> {
        self.pages_dir
            .as_ref()
            .map(crate::catalog::unread_documents)
            .unwrap_or_default()
    }

    /// Taxonomy + pages compiled into a scoring engine. A page that does
    /// not compile is left out (see [`crate::catalog::Catalog::skipped`]);
    /// it is an error only when no page compiles.
    pub fn engine(&self) -> Result<Engine, SetupError> {
        let taxonomy = Arc::new(self.taxonomy()?);
        let pages = self.pages()?;
        let catalog = compile(&pages, &taxonomy, &CompileOptions::lenient())?;
        Ok(Engine::new(taxonomy, catalog))
    }
}
