//! Fuzz targets on stable Rust, driven by proptest (no nightly toolchain,
//! so no cargo-fuzz/libFuzzer): the page compiler, the JSON Lines batch
//! reader, and skill-name resolution and prose extraction.
//!
//! Every run first replays the checked-in corpus in `fuzz/corpus/<target>/`
//! (seed pages, fixture pages, generated profiles, junk, and any input that
//! once crashed), then generates `ROLEFIT_FUZZ_CASES` random inputs per
//! proptest target (default 200). For a long run:
//!
//! ```text
//! ROLEFIT_FUZZ_CASES=100000 cargo test --release --test fuzz
//! ```
//!
//! A failing case is shrunk by proptest and printed; save it into the
//! corpus so it is replayed on every run.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use rolefit::batch::{self, BatchOptions};
use rolefit::catalog::{compile, CompileOptions, Page, PageOrigin};
use rolefit::scoring::Engine;
use rolefit::setup::CatalogSource;
use rolefit::taxonomy::{ResolverCache, Taxonomy};

fn cases() -> u32 {
    std::env::var("ROLEFIT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        // Shrinking is bounded too, so a failure reports quickly.
        max_shrink_iters: 2_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn taxonomy() -> &'static Taxonomy {
    static TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
    TAXONOMY.get_or_init(|| Taxonomy::builtin().expect("built-in taxonomy"))
}

fn engine() -> Arc<Engine> {
    static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| Arc::new(CatalogSource::default().engine().expect("engine")))
        .clone()
}

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "empty corpus {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read corpus file");
            (p, bytes)
        })
        .collect()
}

// ---------------------------------------------------------------- compile

/// One page through `Page::from_bytes` and `compile`, alone and next to the
/// built-in pages: never panics, and a success is a sane, repeatable catalog.
fn check_page(bytes: &[u8]) {
    let options = CompileOptions::default();
    let page = Page::from_bytes("fuzz-page", bytes, PageOrigin::User);
    let first = compile(std::slice::from_ref(&page), taxonomy(), &options);
    if let Ok(catalog) = &first {
        assert!(!catalog.roles().is_empty(), "Ok catalog without roles");
        let mut ids = HashSet::new();
        for role in catalog.roles() {
            assert!(!role.role_id.is_empty());
            assert_eq!(role.page_id, "fuzz-page");
            assert!(
                ids.insert(role.role_id.clone()),
                "duplicate {}",
                role.role_id
            );
            for req in &role.requirements {
                assert!(
                    req.weight > 0.0 && req.weight <= 1.0 && !req.skills.is_empty(),
                    "{req:?}"
                );
            }
        }
        let again = compile(std::slice::from_ref(&page), taxonomy(), &options).expect("repeatable");
        assert_eq!(
            catalog.version(),
            again.version(),
            "compile is deterministic"
        );
    } else if let Err(e) = &first {
        assert!(!e.to_string().is_empty());
    }
    let mut pages = Page::builtin();
    pages.push(page);
    let _ = compile(&pages, taxonomy(), &options);
}

#[test]
fn compile_corpus_replays() {
    for (path, bytes) in corpus("compile") {
        eprintln!("replay {}", path.display());
        check_page(&bytes);
    }
}

const SKILL_WORDS: &[&str] = &[
    "Ruby",
    "Ruby on Rails",
    "Go",
    "golang",
    "PostgreSQL",
    "Kubernetes",
    "gRPC",
    "Git",
    "C++",
    "C#",
    "JavaScript",
    "Java",
    "SQL",
    "NoSQL",
    "Redis",
    "go to",
    "Kubernates",
];

fn inline_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(SKILL_WORDS).prop_map(str::to_string),
        2 => "[a-zA-Z ,.;:()/-]{0,20}",
        1 => prop::sample::select(SKILL_WORDS).prop_map(|s| format!("**{s}**")),
        1 => prop::sample::select(SKILL_WORDS).prop_map(|s| format!("[{s}](https://example.com/{s})")),
        1 => Just("Ã©Ã¨â€™".to_string()),
        1 => "\\PC{0,8}",
        1 => Just("<!-- comment -->".to_string()),
        1 => Just("`code`".to_string()),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.join(" "))
}

fn markdown_line() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => (1usize..7, inline_text()).prop_map(|(n, t)| format!("{} {t}", "#".repeat(n))),
        2 => prop::sample::select(&[
            "## Requirements", "## Responsibilities", "### Nice to have", "## Specialties",
            "### Gitaly", "## Levels", "### Senior", "### Staff", "## Performance indicators",
        ][..]).prop_map(str::to_string),
        5 => (0usize..12, prop::sample::select(&["-", "*", "+", "1.", "2)"][..]), inline_text())
            .prop_map(|(depth, bullet, t)| format!("{}{bullet} {t}", "  ".repeat(depth))),
        3 => inline_text(),
        1 => Just(String::new()),
        1 => Just("---".to_string()),
        1 => Just("```".to_string()),
        1 => Just("| a | b |\n|---|---|\n| Ruby | Go |".to_string()),
        1 => (1usize..300).prop_map(|n| format!("{}- deep Ruby", "  ".repeat(n))),
        1 => (1usize..200).prop_map(|n| format!("{} Go", ">".repeat(n))),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        inline_text().prop_map(|t| format!("---\ntitle: {t}\n---\n")),
        Just("---\ntitle: Staff Backend Engineer\nlevel: staff\ngrade: 8\nfamily: backend-engineer\n---\n".to_string()),
        Just("---\ntitle: [unclosed\n---\n".to_string()),
        Just("---\ntitle: x\n".to_string()),
        Just("+++\ntitle = \"toml?\"\n+++\n".to_string()),
    ]
}

fn markdown_page() -> impl Strategy<Value = Vec<u8>> {
    (
        front_matter(),
        prop::collection::vec(markdown_line(), 0..60),
        any::<bool>(),
        prop::collection::vec(any::<u8>(), 0..4),
    )
        .prop_map(|(fm, lines, crlf, junk)| {
            let body = lines.join("\n");
            let text = format!("{fm}{body}\n");
            let mut bytes = if crlf {
                text.replace('\n', "\r\n").into_bytes()
            } else {
                text.into_bytes()
            };
            // A few raw bytes (often invalid UTF-8: Windows-1252 fallback).
            bytes.extend(junk);
            bytes
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn compile_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_page(&bytes);
    }

    #[test]
    fn compile_structured_markdown(bytes in markdown_page()) {
        check_page(&bytes);
    }
}

// ----------------------------------------------------------------- jsonl

/// Runs the batch reader over `input` and checks that every non-blank line
/// is either scored or reported with its own line number.
fn check_jsonl(input: &[u8]) {
    if input.starts_with(&[0xFF, 0xFE]) || input.starts_with(&[0xFE, 0xFF]) {
        // UTF-16 is refused up front, with a way out.
        let refused = batch::run(engine(), input, Vec::new(), &BatchOptions::default(), &());
        assert!(matches!(refused, Err(batch::BatchError::Utf16Input)));
        return;
    }
    // Bytes after gzip's magic are read as a gzip pool: random ones are a
    // damaged pool, refused as such (found by this test: [0x1F, 0x8B]).
    if input.starts_with(batch::GZIP_MAGIC) {
        match batch::run(engine(), input, Vec::new(), &BatchOptions::default(), &()) {
            Ok(_) => {}
            Err(batch::BatchError::Io(e)) => assert!(e.to_string().contains("gzip"), "{e}"),
            Err(other) => panic!("{other}"),
        }
        return;
    }
    // A UTF-8 byte order mark is skipped, not read as part of line 1.
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    // One JSON document (an array of records, a pretty-printed record) is
    // refused up front, with a way out.
    let first_line = input
        .split(|&b| b == b'\n')
        .map(<[u8]>::trim_ascii)
        .find(|line| !line.is_empty());
    let document = first_line.is_some_and(|line| {
        line == b"{"
            || line.strip_prefix(b"[").is_some_and(|rest| {
                rest.trim_ascii().is_empty() || rest.trim_ascii().starts_with(b"{")
            })
    });
    if document {
        let refused = batch::run(engine(), input, Vec::new(), &BatchOptions::default(), &());
        assert!(matches!(refused, Err(batch::BatchError::NotJsonLines(..))));
        return;
    }
    let mut non_blank = Vec::new();
    let mut number = 0u64;
    for line in input.split_inclusive(|&b| b == b'\n') {
        number += 1;
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.iter().all(u8::is_ascii_whitespace) {
            non_blank.push(number);
        }
    }
    let options = BatchOptions {
        top_k: 2,
        max_reported_errors: usize::MAX,
        // Small chunks: many in flight, finishing out of order.
        chunk_bytes: 512,
        ..BatchOptions::default()
    };
    let mut out = Vec::new();
    let summary = batch::run(engine(), input, &mut out, &options, &()).expect("batch run");
    assert_eq!(
        summary.scored + summary.skipped,
        non_blank.len() as u64,
        "scored + skipped == non-blank lines"
    );
    assert_eq!(summary.errors.len() as u64, summary.skipped);
    let non_blank: HashSet<u64> = non_blank.into_iter().collect();
    let mut seen = HashSet::new();
    for error in &summary.errors {
        assert!(
            non_blank.contains(&error.line),
            "error on blank/unknown line {error:?}"
        );
        assert!(seen.insert(error.line), "line reported twice {error:?}");
        assert!(!error.message.is_empty());
    }
    assert!(
        summary.errors.windows(2).all(|w| w[0].line < w[1].line),
        "errors in input order"
    );
    let text = String::from_utf8(out).expect("output is UTF-8");
    let written = text.lines().count() as u64;
    assert_eq!(written, summary.scored, "one output line per scored line");
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("output line is JSON");
        assert!(
            value.get("id").is_some() && value["top"].is_array(),
            "{line}"
        );
    }
}

#[test]
fn jsonl_corpus_replays() {
    for (path, bytes) in corpus("jsonl") {
        eprintln!("replay {}", path.display());
        check_jsonl(&bytes);
    }
}

fn json_number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..10).prop_map(|n| n.to_string()),
        Just("-1".into()),
        Just("7".into()),
        Just("4.0".into()),
        Just("4.5".into()),
        Just("\"4\"".into()),
        Just("\"NaN\"".into()),
        Just("1e400".into()),
        Just("-0".into()),
        Just("null".into()),
        Just("18446744073709551616".into()),
        Just("[]".into()),
        any::<f64>().prop_map(|f| if f.is_finite() {
            f.to_string()
        } else {
            "1".into()
        }),
    ]
}

fn json_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(SKILL_WORDS).prop_map(|s| serde_json::to_string(s).unwrap()),
        2 => "\\PC{0,12}".prop_map(|s| serde_json::to_string(&s).unwrap()),
        1 => Just("\"\\ud800\"".to_string()),
        1 => Just("null".to_string()),
        1 => Just("42".to_string()),
        1 => (0usize..5000).prop_map(|n| format!("\"{}\"", "x".repeat(n))),
    ]
}

fn json_record() -> impl Strategy<Value = Vec<u8>> {
    let claim = (json_text(), json_number(), json_number())
        .prop_map(|(n, l, y)| format!(r#"{{"name":{n},"level":{l},"years":{y}}}"#));
    (
        json_text(),
        prop::collection::vec(claim, 0..6),
        json_number(),
        json_number(),
        json_text(),
        0u8..8,
    )
        .prop_map(|(id, claims, years, mgmt, resume, mutation)| {
            let mut line = format!(
                r#"{{"id":{id},"skills":[{}],"years_experience":{years},"management_years":{mgmt},"resume_text":{resume}}}"#,
                claims.join(",")
            )
            .into_bytes();
            match mutation {
                0 => line.truncate(line.len() / 2),
                1 => line.insert(line.len() / 2, 0xff),
                2 => line.extend_from_slice(b" trailing"),
                3 => line = b"  \t ".to_vec(),
                4 => line.push(b'\r'),
                _ => {}
            }
            line
        })
}

fn jsonl_input() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        6 => json_record(),
        1 => prop::collection::vec(any::<u8>(), 0..80),
        1 => Just(Vec::new()),
        1 => Just(br#"{"id":"dup","id":"dup2","skills":[]}"#.to_vec()),
        1 => Just(br#"[1,2,3]"#.to_vec()),
    ];
    (prop::collection::vec(line, 0..40), any::<bool>()).prop_map(|(lines, final_newline)| {
        let mut input = lines.join(&b'\n');
        if final_newline {
            input.push(b'\n');
        }
        input
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn jsonl_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        check_jsonl(&bytes);
    }

    #[test]
    fn jsonl_structured_lines(input in jsonl_input()) {
        check_jsonl(&input);
    }
}

// ---------------------------------------------------------- resolve/extract

fn check_text(text: &str, cache: &ResolverCache) {
    let tax = taxonomy();
    let direct = tax.resolve(text);
    assert_eq!(
        direct,
        tax.resolve_cached(text, cache),
        "cached == uncached"
    );
    // Second call answers from the memo/cache: still the same.
    assert_eq!(
        direct,
        tax.resolve_cached(text, cache),
        "memoised == uncached"
    );
    let mentions = tax.extract(text);
    let mut prev_end = 0usize;
    for m in &mentions {
        assert!(m.start < m.end, "empty mention {m:?}");
        assert!(
            m.end <= text.len(),
            "out of bounds {m:?} in {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(m.start) && text.is_char_boundary(m.end),
            "not on char boundaries {m:?}"
        );
        assert!(m.start >= prev_end, "overlapping or unordered {mentions:?}");
        assert!(m.skill.index() < tax.len());
        prev_end = m.end;
    }
}

#[test]
fn resolve_corpus_replays() {
    let cache = ResolverCache::new(1024);
    for (path, bytes) in corpus("resolve") {
        eprintln!("replay {}", path.display());
        let text = String::from_utf8_lossy(&bytes);
        check_text(&text, &cache);
        for line in text.lines() {
            check_text(line, &cache);
        }
    }
}

fn skillish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(SKILL_WORDS).prop_map(str::to_string),
        2 => prop::sample::select(SKILL_WORDS).prop_map(|s| s.to_uppercase()),
        1 => prop::sample::select(SKILL_WORDS).prop_map(|s| s.replace('o', "0")),
        1 => prop::sample::select(SKILL_WORDS).prop_map(|s| format!("{s}\u{301}")),
        2 => "[ .,;/+#()-]{0,3}",
        1 => "\\PC{0,6}",
        1 => Just("ǅİıẞﬁ".to_string()),
        1 => Just("\u{200b}\u{feff}".to_string()),
    ];
    prop::collection::vec(piece, 0..10).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn resolve_and_extract_arbitrary(text in "\\PC{0,200}") {
        check_text(&text, &ResolverCache::new(64));
    }

    #[test]
    fn resolve_and_extract_any_chars(text in any::<String>()) {
        check_text(&text, &ResolverCache::new(64));
    }

    #[test]
    fn resolve_and_extract_skillish(text in skillish()) {
        // One cache across calls in a thread would be shared state; here a
        // small one per case, with the memo warm from earlier cases.
        check_text(&text, &ResolverCache::new(8));
    }
}
