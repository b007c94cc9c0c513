//! Text plumbing shared by the compiler: decoding page bytes, repairing
//! mojibake, slugs, and the normalised form used to spot boilerplate.

use std::path::Path;

use super::{CompileError, Page, PageOrigin};

/// Decodes page bytes: UTF-16 with a byte order mark, UTF-8 when valid,
/// otherwise Windows-1252 (see [`crate::encoding::decode`]).
pub(crate) fn decode(bytes: &[u8]) -> String {
    crate::encoding::decode(bytes).into_owned()
}

/// UTF-8 text that was once read as Windows-1252 ("didnâ€™t"): the common
/// sequences and their repairs. Longest first, because "â€" alone is the
/// mangled prefix of every curly quote and dash.
const MOJIBAKE: &[(&str, &str)] = &[
    ("â€™", "’"),
    ("â€˜", "‘"),
    ("â€œ", "“"),
    ("â€\u{9d}", "”"),
    ("â€“", "–"),
    ("â€”", "—"),
    ("â€¦", "…"),
    ("â€¢", "•"),
    ("â€", "”"),
    ("Ã©", "é"),
    ("Ã¨", "è"),
    ("Ã¡", "á"),
    ("Ã ", "à"),
    ("Ã¶", "ö"),
    ("Ã¼", "ü"),
    ("Ã¤", "ä"),
    ("Ã§", "ç"),
    ("Ã±", "ñ"),
    ("Ã³", "ó"),
    ("Ã\u{AD}", "í"),
    ("Ãº", "ú"),
    ("Ã‰", "É"),
    ("Â ", " "),
    ("Â·", "·"),
];

/// Repairs common mojibake. Never touches newlines, so line numbers hold.
pub(crate) fn fix_mojibake(text: &str) -> String {
    if !text.contains('â') && !text.contains('Ã') && !text.contains('Â') {
        return text.to_string();
    }
    let mut out = text.to_string();
    for (bad, good) in MOJIBAKE {
        if out.contains(bad) {
            out = out.replace(bad, good);
        }
    }
    out
}

/// Normalises line endings and drops a BOM. A lone CR counts as a line end,
/// as editors show it, so line numbers match what a reader sees.
pub(crate) fn normalise_newlines(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A readable slug: lowercase ASCII letters and digits, runs of anything
/// else collapsed to one '-' ("Distribution:Build" -> "distribution-build").
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        let c = match c {
            'é' | 'è' | 'ê' | 'É' => 'e',
            'á' | 'à' | 'ä' | 'â' => 'a',
            'ö' | 'ó' | 'ô' => 'o',
            'ü' | 'ú' => 'u',
            'í' | 'ï' => 'i',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '+' {
            // "C++" and "C#" should not collapse into "c".
            out.push('p');
        } else if c == '#' && !out.is_empty() && !dash {
            out.push_str("sharp");
        } else {
            dash = true;
        }
    }
    out
}

/// True when `id` is a valid page id: 1-128 chars of `[a-z0-9_-]`.
pub(crate) fn is_valid_page_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Labels a posting writes before its title ("Position: QA Engineer"),
/// compared without case; each needs a colon right after it, so "Job"
/// does not take "Job title: ..." apart.
const TITLE_LABELS: &[&str] = &[
    "position title",
    "job title",
    "role title",
    "job name",
    "position",
    "title",
    "role",
    "job",
    "vacancy",
    "opening",
    "stelle",
    "stellenbezeichnung",
    "poste",
    "intitulé du poste",
];

/// `text` without a leading title label and its colon: "Position: QA
/// Automation Engineer" -> "QA Automation Engineer". Text without such a
/// label, or with nothing after it, is returned as it is.
pub(crate) fn without_title_label(text: &str) -> &str {
    let trimmed = text.trim_start();
    for label in TITLE_LABELS {
        // `get` keeps to character boundaries: a title may start with any
        // letter, "É" included, and labels are compared by bytes.
        let Some(head) = trimmed.get(..label.len()) else {
            continue;
        };
        if head.to_lowercase() != *label {
            continue;
        }
        let rest = trimmed[label.len()..].trim_start();
        if let Some(title) = rest
            .strip_prefix(':')
            .or_else(|| rest.strip_prefix('：'))
            .map(str::trim)
            .filter(|title| !title.is_empty())
        {
            return title;
        }
    }
    text
}

/// Separators between a company's name and a job title: "Acme Corp -
/// Senior Backend Engineer", "Senior Backend Engineer | Acme".
const COMPANY_SEPARATORS: &[&str] = &[" - ", " – ", " — ", " | ", " · ", ": ", " @ ", " at "];

/// Last words of a job title: "Senior Backend Engineer at Acme" names the
/// job before " at ", and the rest is its employer.
const JOB_NOUNS: &[&str] = &[
    "engineer",
    "developer",
    "programmer",
    "manager",
    "designer",
    "scientist",
    "analyst",
    "architect",
    "lead",
    "director",
    "specialist",
    "consultant",
    "administrator",
    "intern",
    "sre",
    "officer",
    "researcher",
    "technician",
    "coordinator",
    "recruiter",
    "writer",
    "tester",
    "executive",
    "accountant",
    "owner",
];

/// `title` without the name of the company that posts it, where the page
/// says which is which: the front matter's `company` (before or after the
/// title, after a dash, bar, colon, "at" or "@", or in brackets), or a
/// title ending in a job's noun followed by " at " and capitalised words
/// ("Senior Backend Engineer at Globex"). A company's name travels into
/// the role id and makes two companies' one job two roles; "Acme Corp -
/// Senior Backend Engineer" without a `company` field is left as it is
/// ("Payments - Senior Backend Engineer" names a team).
pub(crate) fn without_company<'t>(title: &'t str, company: Option<&str>) -> &'t str {
    let trimmed = title.trim();
    if let Some(company) = company.map(str::trim).filter(|c| !c.is_empty()) {
        let starts = trimmed
            .get(..company.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(company));
        if starts {
            let rest = &trimmed[company.len()..];
            for sep in COMPANY_SEPARATORS {
                if let Some(job) = rest.strip_prefix(sep).map(str::trim) {
                    if !job.is_empty() {
                        return job;
                    }
                }
            }
        }
        let cut = trimmed.len().checked_sub(company.len());
        let ends = cut
            .and_then(|at| trimmed.get(at..))
            .is_some_and(|tail| tail.eq_ignore_ascii_case(company));
        if let (Some(at), true) = (cut, ends) {
            let head = &trimmed[..at];
            for sep in COMPANY_SEPARATORS {
                if let Some(job) = head.strip_suffix(sep).map(str::trim) {
                    if !job.is_empty() {
                        return job;
                    }
                }
            }
        }
        // "Senior Backend Engineer (Acme)".
        for (open, close) in [('(', ')'), ('[', ']')] {
            if let Some(job) = trimmed
                .strip_suffix(close)
                .and_then(|t| t.strip_suffix(company))
                .and_then(|t| t.trim_end().strip_suffix(open))
                .map(str::trim)
                .filter(|job| !job.is_empty())
            {
                return job;
            }
        }
    }
    // "Senior Backend Engineer at Globex": a job's noun, then capitalised
    // words (one to four) to the end.
    for sep in [" at ", " @ "] {
        let Some(at) = trimmed.rfind(sep) else {
            continue;
        };
        let (job, employer) = (&trimmed[..at], &trimmed[at + sep.len()..]);
        let words: Vec<&str> = employer.split_whitespace().collect();
        let named = (1..=4).contains(&words.len())
            && words.iter().all(|w| {
                w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || *w == "&"
            });
        let last = job
            .rsplit(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .map(str::to_lowercase);
        let ends_in_a_job = last.is_some_and(|w| {
            JOB_NOUNS.contains(&w.as_str())
                || w.strip_suffix('s')
                    .is_some_and(|one| JOB_NOUNS.contains(&one))
        });
        if named && ends_in_a_job {
            return job.trim();
        }
    }
    title
}

/// `title` without the gender marker many European postings add to it
/// ("Backend Engineer (m/w/d)", "(f/m/x)", "(H/F)", "(all genders)",
/// "(gn)"): it says who may apply, not what the job is, and would travel
/// into every role id.
pub(crate) fn without_gender_marker(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut rest = title;
    // Bracketed: "(m/w/d)", "[m/w/d]", "(all genders welcome)".
    while let Some(open) = rest.find(['(', '[']) {
        let close_char = if rest[open..].starts_with('(') {
            ')'
        } else {
            ']'
        };
        let Some(close) = rest[open..].find(close_char).map(|at| open + at) else {
            break;
        };
        out.push_str(&rest[..open]);
        if !is_gender_marker(&rest[open + 1..close]) {
            out.push_str(&rest[open..=close]);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    // Unbracketed at the end: "Engineer - m/w/d", "Engineer m/f/d".
    let trimmed = out.trim_end();
    if let Some(at) = trimmed.rfind(char::is_whitespace) {
        let last = &trimmed[at + 1..];
        if last.contains('/') && is_gender_marker(last) {
            out.truncate(at);
            let kept = out.trim_end().trim_end_matches(['-', '–', '—', '|', ',']);
            out.truncate(kept.len());
        }
    }
    super::markdown::collapse(&out)
}

/// Whether the text of a bracket (or a slashed word) is a gender marker:
/// only the letters and words such markers are made of, two at least, or
/// one of the joined forms ("gn", "mwd").
fn is_gender_marker(inner: &str) -> bool {
    let tokens: Vec<String> = inner
        .split(|c: char| matches!(c, '/' | ',' | '|' | '-' | '*') || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect();
    let known = |t: &str| {
        matches!(
            t,
            "m" | "w"
                | "d"
                | "f"
                | "x"
                | "h"
                | "i"
                | "div"
                | "divers"
                | "diverse"
                | "all"
                | "genders"
                | "gender"
                | "welcome"
                | "gn"
                | "mwd"
                | "fmx"
                | "mfd"
        )
    };
    !tokens.is_empty()
        && tokens.iter().all(|t| known(t))
        && (tokens.len() >= 2 || matches!(tokens[0].as_str(), "gn" | "mwd" | "fmx" | "mfd"))
}

/// A line reduced to lowercase words, for spotting the same boilerplate
/// line on several pages despite punctuation and spacing differences.
pub(crate) fn normalise_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

/// Replaces bare URLs with spaces of the same byte length, so skill
/// extraction never reads host names or paths ("gitlab.com/gitter") while
/// byte offsets stay valid.
pub(crate) fn mask_urls(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = text.as_bytes().to_vec();
    for marker in ["http://", "https://", "www."] {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(marker) {
            let start = from + pos;
            let end = lower[start..]
                .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
                .map_or(lower.len(), |e| start + e);
            for b in &mut out[start..end] {
                *b = b' ';
            }
            from = end.max(start + 1);
        }
    }
    // Whole characters were blanked byte by byte, so this stays UTF-8;
    // the fallback only keeps the function total.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

impl Page {
    /// A page from raw bytes: UTF-8 when valid, otherwise Windows-1252.
    pub fn from_bytes(id: impl Into<String>, bytes: &[u8], origin: PageOrigin) -> Page {
        Page {
            id: id.into(),
            text: decode(bytes),
            origin,
            too_large: None,
        }
    }

    /// A page whose file holds `size` bytes, too many to read
    /// ([`Page::too_large`]): empty, for the compiler to refuse by its size.
    pub(crate) fn too_large_to_read(id: String, origin: PageOrigin, size: u64) -> Page {
        Page {
            id,
            text: String::new(),
            origin,
            too_large: Some(size),
        }
    }

    /// Loads every `*.md`, `*.markdown`, `*.txt` and `*.html` file of `dir`; the page
    /// id is the slugified file stem, and pages come sorted by id. A file
    /// too large to be a page under the default
    /// [`CompileOptions::max_page_bytes`](super::CompileOptions) is not
    /// read whole (see [`Page::too_large`]): [`Page::load_dir_limited`]
    /// for another limit.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Vec<Page>, CompileError> {
        Page::load_dir_limited(dir, super::CompileOptions::default().max_page_bytes)
    }

    /// [`Page::load_dir`] for pages compiled with `max_page_bytes`: a
    /// file over twice that (plus a byte order mark), which no encoding
    /// decodes under it, is read no further (a multi-gigabyte log saved
    /// as `.txt` took its size twice over in memory, and half a minute, to
    /// be refused) and comes back empty with [`Page::too_large`] set.
    pub fn load_dir_limited(
        dir: impl AsRef<Path>,
        max_page_bytes: usize,
    ) -> Result<Vec<Page>, CompileError> {
        let dir = dir.as_ref();
        let io_err = |path: &Path, source: std::io::Error| CompileError::Io {
            path: path.display().to_string(),
            source,
        };
        let mut paths = Vec::new();
        let mut subdirectories = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| io_err(dir, e))? {
            let path = entry.map_err(|e| io_err(dir, e))?.path();
            if is_page_file(&path) {
                paths.push(path);
            } else if path.is_dir() {
                subdirectories.push(path);
            }
        }
        if paths.is_empty() {
            // Most likely a wrong path: say so rather than score against nothing.
            subdirectories.sort();
            let nested = subdirectories.iter().find(|sub| {
                std::fs::read_dir(sub).is_ok_and(|mut entries| {
                    entries.any(|e| e.is_ok_and(|e| is_page_file(&e.path())))
                })
            });
            let mut hint = nested.map_or_else(String::new, |sub| {
                format!(
                    "; subdirectories are not read, and {} holds some",
                    sub.display()
                )
            });
            if let Some(document) = unread_documents(dir).first() {
                hint.push_str("; ");
                hint.push_str(&unread_document_note(document));
            }
            return Err(CompileError::NoPages {
                dir: dir.display().to_string(),
                hint,
            });
        }
        // Sorted by id (then file name) so the order does not depend on
        // the file system or on the case of the names.
        let mut named: Vec<(String, std::path::PathBuf)> = paths
            .into_iter()
            .map(|path| {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (slugify(&stem), path)
            })
            .collect();
        named.sort();
        let mut pages = Vec::with_capacity(named.len());
        for (id, path) in named {
            // UTF-16 takes at most twice the bytes of its UTF-8, after
            // a 2-byte byte order mark.
            let read_limit = u64::try_from(max_page_bytes)
                .unwrap_or(u64::MAX)
                .saturating_mul(2)
                .saturating_add(4);
            match read_at_most(&path, read_limit).map_err(|e| io_err(&path, e))? {
                Ok(bytes) => pages.push(Page::from_bytes(id, &bytes, PageOrigin::Builtin)),
                Err(size) => pages.push(Page::too_large_to_read(id, PageOrigin::Builtin, size)),
            }
        }
        Ok(pages)
    }
}

/// The bytes of the file at `path` when it holds at most `limit`, else
/// its size (at least `limit + 1`), having read no more than that.
pub(crate) fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    (&file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read <= limit {
        return Ok(Ok(bytes));
    }
    let size = file.metadata().map_or(read, |m| m.len().max(read));
    Ok(Err(size))
}

/// Files of `dir` that look like job pages in a format [`Page::load_dir`]
/// does not read (Word, RTF, PDF, OpenDocument), and entries named as
/// pages that are no file (a link to nothing or to itself, a pipe), sorted:
/// a recruiter who drops an export there, or links a page that moved,
/// should hear that it was passed over (a dangling `role.md` link was left
/// out without a word).
pub fn unread_documents(dir: impl AsRef<Path>) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut unread: Vec<std::path::PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| match lowercase_extension(path).as_deref() {
            Some("docx" | "doc" | "rtf" | "pdf" | "odt" | "pages") => path.is_file(),
            Some("md" | "markdown" | "txt" | "html" | "htm") => !path.is_file() && !path.is_dir(),
            _ => false,
        })
        .collect();
    unread.sort();
    unread
}

/// What to tell of a file [`unread_documents`] found, wherever it is told
/// (the CLI's warnings, the server's log, a catalog without pages).
pub fn unread_document_note(path: &Path) -> String {
    if matches!(
        lowercase_extension(path).as_deref(),
        Some("md" | "markdown" | "txt" | "html" | "htm")
    ) {
        let why = match std::fs::metadata(path) {
            Err(error) => format!("{error}"),
            Ok(_) => "it is not a regular file".to_string(),
        };
        return format!("{} is not read: {why}", path.display());
    }
    format!(
        "{} is not read: save it as .md, .markdown, .txt, .html or .htm",
        path.display()
    )
}

/// Whether `path` is a file [`Page::load_dir`] reads, by its extension.
fn is_page_file(path: &Path) -> bool {
    matches!(
        lowercase_extension(path).as_deref(),
        Some("md" | "markdown" | "txt" | "html" | "htm")
    ) && path.is_file()
}

/// A file name's extension, lowercased ("Job.DOCX" is "docx").
fn lowercase_extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A company's name leaves a title where the page says which is which.
    #[test]
    fn the_company_leaves_the_title() {
        for (title, company, want) in [
            (
                "Acme Corp - Senior Backend Engineer",
                Some("Acme Corp"),
                "Senior Backend Engineer",
            ),
            (
                "ACME CORP: Senior Backend Engineer",
                Some("Acme Corp"),
                "Senior Backend Engineer",
            ),
            (
                "Senior Backend Engineer | Acme",
                Some("Acme"),
                "Senior Backend Engineer",
            ),
            (
                "Senior Backend Engineer (Acme)",
                Some("Acme"),
                "Senior Backend Engineer",
            ),
            (
                "Senior Backend Engineer at Globex",
                None,
                "Senior Backend Engineer",
            ),
            ("Data Scientist @ Initech Labs", None, "Data Scientist"),
            // Which side is the company is not said: both stay.
            (
                "Payments - Senior Backend Engineer",
                None,
                "Payments - Senior Backend Engineer",
            ),
            ("Engineer at heart", None, "Engineer at heart"),
            ("Fun at Work", None, "Fun at Work"),
            ("Acme", Some("Acme"), "Acme"),
        ] {
            assert_eq!(without_company(title, company), want, "{title}");
        }
    }

    #[test]
    fn documents_in_other_formats_are_listed() {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in ["b.docx", "a.RTF", "c.md", "notes.txt", "d.pdf", "e.png"] {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        let names: Vec<String> = unread_documents(dir.path())
            .iter()
            .filter_map(|path| path.file_name()?.to_str().map(String::from))
            .collect();
        assert_eq!(names, ["a.RTF", "b.docx", "d.pdf"]);
        // A directory of such files only: the error says why.
        let only = tempfile::tempdir().expect("tempdir");
        std::fs::write(only.path().join("job.docx"), "x").expect("write");
        let error = Page::load_dir(only.path())
            .expect_err("no pages")
            .to_string();
        assert!(
            error.contains("job.docx is not read: save it as .md"),
            "{error}"
        );
    }

    #[test]
    fn repairs_mojibake() {
        assert_eq!(fix_mojibake("didnâ€™t"), "didn’t");
        assert_eq!(fix_mojibake("â€œhiâ€\u{9d} cafÃ©"), "“hi” café");
        assert_eq!(fix_mojibake("a â€“ b"), "a – b");
    }

    #[test]
    fn slugs_are_readable() {
        assert_eq!(slugify("Distribution:Build"), "distribution-build");
        assert_eq!(slugify("CI/CD"), "ci-cd");
        assert_eq!(slugify("Staff Backend Engineer"), "staff-backend-engineer");
        assert!(is_valid_page_id("a_b-1"));
        assert!(!is_valid_page_id("Bad Id"));
        assert!(!is_valid_page_id(""));
    }

    #[test]
    fn gender_markers_are_dropped_from_titles() {
        for (title, want) in [
            ("Backend Engineer (m/w/d)", "Backend Engineer"),
            (
                "Backend Engineer (m/w/d) – Frankfurt",
                "Backend Engineer – Frankfurt",
            ),
            ("Data Scientist (H/F)", "Data Scientist"),
            ("SRE (f/m/x) in Berlin", "SRE in Berlin"),
            ("Tester (all genders)", "Tester"),
            ("Tester (gn)", "Tester"),
            ("Engineer (Go)", "Engineer (Go)"),
            ("Engineer (d)", "Engineer (d)"),
            ("Engineer (Payments, Berlin)", "Engineer (Payments, Berlin)"),
            ("Engineer (m/w/d", "Engineer (m/w/d"),
            ("Engineer (m/w/div)", "Engineer"),
            ("Engineer [m/w/d]", "Engineer"),
            ("Engineer - m/w/d", "Engineer"),
            ("Engineer m/f/d", "Engineer"),
            ("Engineer (all genders welcome)", "Engineer"),
            ("CI/CD Engineer", "CI/CD Engineer"),
            ("Engineer - Go/Rust", "Engineer - Go/Rust"),
        ] {
            assert_eq!(without_gender_marker(title), want, "{title}");
        }
    }

    #[test]
    fn title_labels_are_dropped() {
        assert_eq!(
            without_title_label("Position: QA Automation Engineer"),
            "QA Automation Engineer"
        );
        assert_eq!(
            without_title_label("JOB TITLE : Data Engineer"),
            "Data Engineer"
        );
        assert_eq!(without_title_label("Role：Tester"), "Tester");
        assert_eq!(
            without_title_label("Intitulé du poste : Testeur"),
            "Testeur"
        );
        // Not a label: a title that starts with the word, or a label alone.
        assert_eq!(
            without_title_label("Job Title Specialist"),
            "Job Title Specialist"
        );
        assert_eq!(without_title_label("Position:"), "Position:");
        assert_eq!(without_title_label("Roles and duties"), "Roles and duties");
        assert_eq!(without_title_label("É"), "É");
    }

    #[test]
    fn masks_urls_keeping_offsets() {
        let t = "see https://gitlab.com/gitter now";
        let m = mask_urls(t);
        assert_eq!(m.len(), t.len());
        assert!(!m.contains("gitlab"));
        assert!(m.ends_with(" now"));
    }
}
