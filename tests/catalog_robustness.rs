//! Compile errors and the no-panic guarantee, on a small inline taxonomy so
//! these tests do not depend on the seed skill data.

use proptest::prelude::*;
use rolefit::catalog::{compile, CompileError, CompileOptions, Page, PageOrigin};
use rolefit::taxonomy::Taxonomy;

const SKILLS: &str = include_str!("fixtures/small-skills.toml");

fn tax() -> Taxonomy {
    Taxonomy::from_sources(&[("inline", SKILLS)]).expect("taxonomy")
}

fn page(id: &str, text: &str) -> Page {
    Page {
        id: id.to_string(),
        text: text.to_string(),
        origin: PageOrigin::User,
        too_large: None,
    }
}

fn run(pages: &[Page]) -> Result<rolefit::catalog::Catalog, CompileError> {
    compile(pages, &tax(), &CompileOptions::default())
}

#[test]
fn empty_page_is_an_error_naming_it() {
    let err = run(&[page("empty", "")]).unwrap_err();
    assert!(matches!(err, CompileError::NoRole { ref page_id, .. } if page_id == "empty"));
    assert!(err.to_string().contains("empty"));
}

#[test]
fn page_with_only_boilerplate_is_an_error() {
    let text = "# Backend Engineer\n\n## Requirements\n\n- Ability to use GitLab\n- Share our values, and work in accordance with those values.\n";
    let err = run(&[page("boiler", text)]).unwrap_err();
    assert!(
        matches!(err, CompileError::NoRole { ref page_id, .. } if page_id == "boiler"),
        "{err}"
    );
}

#[test]
fn page_without_title_or_heading_is_an_error() {
    let err = run(&[page("untitled", "Just Ruby prose with no heading.\n")]).unwrap_err();
    assert!(err.to_string().contains("no title"), "{err}");
}

/// The tier and weight of each of a role's single-skill requirements.
fn tiers(catalog: &rolefit::catalog::Catalog, role_id: &str) -> Vec<(String, String)> {
    let taxonomy = tax();
    let role = catalog.role(role_id).expect("role");
    let mut tiers: Vec<(String, String)> = role
        .requirements
        .iter()
        .map(|r| {
            let skill = taxonomy.skill(r.primary()).id.clone();
            (skill, format!("{:?}", r.tier))
        })
        .collect();
    tiers.sort();
    tiers
}

#[test]
fn table_rows_ask_for_their_skills_as_the_priority_column_says() {
    let text = "# Backend Engineer\n\n## Requirements\n\n\
        | Skill | Level | Required? |\n|---|---|---|\n\
        | Ruby | Expert | Yes |\n| Docker | - | No |\n\n\
        | Skill | Priority |\n|---|---|\n\
        | Go | Must have |\n| C++ | Optional |\n";
    let catalog = run(&[page("backend", text)]).expect("compiles");
    let pair = |skill: &str, tier: &str| (skill.to_string(), tier.to_string());
    assert_eq!(
        tiers(&catalog, "backend-engineer"),
        vec![
            pair("cpp", "Bonus"),
            pair("docker", "Bonus"),
            pair("go", "Required"),
            pair("ruby", "Required"),
        ]
    );
    let ruby = catalog.role("backend-engineer").unwrap().requirements[0].clone();
    assert_eq!(ruby.expected_level, 5, "Expert");
    // The source line is quoted as written.
    assert_eq!(ruby.evidence[0].text, "| Ruby | Expert | Yes |");
    // A column per tier: each cell is an ask of its column's tier (h24:
    // all four were preferred).
    let by_column = "# Backend Engineer\n\n## Requirements\n\n\
        | Must have | Nice to have |\n|---|---|\n| Ruby | Go |\n| Docker | |\n";
    let catalog = run(&[page("backend", by_column)]).expect("compiles");
    assert_eq!(
        tiers(&catalog, "backend-engineer"),
        vec![
            pair("docker", "Required"),
            pair("go", "Bonus"),
            pair("ruby", "Required"),
        ]
    );
}

/// Postings written without markdown: a plain-text one with a shouted
/// title, capitals for headings and `•` bullets (CRLF, as exported), an
/// HTML one as ATS exports give it, one with bold labels for headings.
#[test]
fn pages_without_markdown_structure_read_like_their_markdown_equivalent() {
    let markdown =
        "# Backend Developer\n\n## Requirements\n\n- Ruby\n- Docker\n\n## Nice to have\n\n- Go\n";
    let plain = "BACKEND DEVELOPER\r\n\r\nABOUT US\r\nWe ship software.\r\n\r\nREQUIREMENTS\r\n• Ruby\r\n• Docker\r\n\r\nNice to have:\r\n• Go\r\n";
    let html = "<h1>Backend Developer</h1>\n<p>We&#39;re hiring &amp; growing.</p>\n<h2>Requirements</h2>\n<ul><li>Ruby</li><li>Docker</li></ul>\n<h2>Nice to have</h2>\n<ul>\n  <li>Go</li>\n</ul>\n";
    let bold = "# Backend Developer\n\n**Requirements:**\n\n- Ruby\n- Docker\n\n**Nice to have:**\n\n- Go\n";
    let expected = run(&[page("md", markdown)]).expect("markdown compiles");
    let expected = tiers(&expected, "backend-developer");
    assert_eq!(expected[1], ("go".to_string(), "Bonus".to_string()));
    for (name, text) in [("plain", plain), ("html", html), ("bold", bold)] {
        let catalog = run(&[page(name, text)]).unwrap_or_else(|e| panic!("{name}: {e}"));
        let role = catalog
            .role("backend-developer")
            .unwrap_or_else(|| panic!("{name}"));
        assert_eq!(role.title, "Backend Developer", "{name}");
        assert_eq!(tiers(&catalog, "backend-developer"), expected, "{name}");
    }
    // A shouted title's words in brackets are spoken as the others.
    let shouted = "LEAD CLOUD ENGINEER (AZURE)\n\nREQUIREMENTS\n• Ruby\n";
    let catalog = run(&[page("shouted", shouted)]).expect("compiles");
    assert_eq!(catalog.roles()[0].title, "Lead Cloud Engineer (Azure)");
    // Evidence points at the line as written.
    let catalog = run(&[page("html", html)]).unwrap();
    let role = catalog.role("backend-developer").unwrap();
    let docker = role
        .requirements
        .iter()
        .find(|r| tax().skill(r.primary()).id == "docker")
        .unwrap();
    assert_eq!(docker.evidence[0].line, 4);
}

/// A title in another script has no slug: the page id names the role.
#[test]
fn a_title_without_latin_letters_takes_the_page_id() {
    let text = "# ソフトウェアエンジニア\n\n## Requirements\n\n- Ruby\n";
    let catalog = run(&[page("software-engineer", text)]).expect("compiles");
    let role = catalog
        .role("software-engineer")
        .expect("role id from the page id");
    assert_eq!(role.title, "ソフトウェアエンジニア");
}

/// One page describing every level of a family ("### Junior Backend
/// Engineer", "### Senior Backend Engineer" under `## Levels`), as many
/// handbooks do: each level becomes a role with the page-wide requirements
/// and its own section, its grade and its years.
const ONE_PAGE_FAMILY: &str = "---\ntitle: Backend Engineer\n---\n\n\
## Requirements\n\n- Experience with Ruby\n\n## Levels\n\n\
### Junior Backend Engineer\n\n#### Job Grade\n\nThe Junior Backend Engineer is a grade 5.\n\n\
#### Requirements\n\n- Familiarity with Docker\n\n\
### Intermediate Backend Engineer\n\n#### Job Grade\n\nThe Intermediate Backend Engineer is a grade 6.\n\n\
#### Requirements\n\n- Experience with GitLab\n\n\
### Senior\n\n#### Requirements\n\n- 7+ years of experience with Go\n";

#[test]
fn level_sections_of_one_page_become_roles_of_their_level() {
    let catalog = run(&[page("backend", ONE_PAGE_FAMILY)]).expect("compiles");
    let summary: Vec<(&str, String, &str, Option<u32>, f32)> = catalog
        .roles()
        .iter()
        .map(|r| {
            (
                r.role_id.as_str(),
                r.level.to_string(),
                r.title.as_str(),
                r.grade,
                r.expected_years_experience,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "backend-engineer",
                "Intermediate".into(),
                "Backend Engineer",
                Some(6),
                2.0
            ),
            (
                "junior-backend-engineer",
                "Junior".into(),
                "Junior Backend Engineer",
                Some(5),
                0.0
            ),
            (
                "senior-backend-engineer",
                "Senior".into(),
                "Senior Backend Engineer",
                None,
                7.0
            ),
        ]
    );
    let pair = |skill: &str| (skill.to_string(), "Preferred".to_string());
    // The page's own level (Intermediate, the default) keeps its section;
    // the other levels have theirs, not the intermediate one.
    assert_eq!(
        tiers(&catalog, "backend-engineer"),
        [pair("gitlab"), pair("ruby")]
    );
    assert_eq!(
        tiers(&catalog, "junior-backend-engineer"),
        [pair("docker"), pair("ruby")]
    );
    assert_eq!(
        tiers(&catalog, "senior-backend-engineer"),
        [pair("go"), pair("ruby")]
    );
    let senior = catalog.role("senior-backend-engineer").expect("senior");
    assert!(senior
        .requirements
        .iter()
        .all(|r| r.evidence[0].page_id == "backend"));
}

/// A ladder page lists each level's asks under its heading, the page's
/// own level among them: those weigh as the other levels' do, under
/// `## Levels` or under `## Requirements` (h24: the own level's weighed
/// 0.35, or nothing at all under `## Levels`).
#[test]
fn the_pages_own_level_section_asks_as_the_others_do() {
    for container in ["## Levels", "## Requirements"] {
        let text = format!(
            "---\ntitle: Backend Engineer\n---\n\n## Skills\n\n- Experience with Ruby\n\n\
             {container}\n\n### Junior Backend Engineer\n\n- Experience with Docker\n\n\
             ### Intermediate Backend Engineer\n\n- Experience with GitLab\n\n\
             ### Senior Backend Engineer\n\n- Experience with Go\n"
        );
        let catalog = run(&[page("backend", &text)]).expect("compiles");
        let taxonomy = tax();
        let weight = |role: &str, skill: &str| {
            let role = catalog.role(role).expect("role");
            role.requirements
                .iter()
                .find(|r| taxonomy.skill(r.primary()).id == skill)
                .map(|r| r.weight)
        };
        let junior = weight("junior-backend-engineer", "docker");
        assert!(junior.is_some(), "{container}");
        assert_eq!(weight("backend-engineer", "gitlab"), junior, "{container}");
        assert_eq!(
            weight("senior-backend-engineer", "go"),
            junior,
            "{container}"
        );
    }
}

#[test]
fn a_level_with_a_page_of_its_own_is_not_taken_from_another_page() {
    let senior_page = "---\ntitle: Senior Backend Engineer\n---\n\n## Requirements\n\n- C++\n";
    let catalog = run(&[
        page("backend", ONE_PAGE_FAMILY),
        page("senior-backend", senior_page),
    ])
    .expect("compiles, no duplicate role");
    let senior = catalog.role("senior-backend-engineer").expect("senior");
    assert_eq!(senior.page_id, "senior-backend");
    assert_eq!(
        tiers(&catalog, "senior-backend-engineer"),
        [("cpp".to_string(), "Preferred".to_string())]
    );
    assert!(catalog.role("junior-backend-engineer").is_some());
}

#[test]
fn a_level_sections_own_list_weighs_as_requirements() {
    let text = "# Platform Engineer\n\n## Responsibilities\n\n- Run Docker\n\n\
        ### Senior\n\n- Experience with Go\n";
    let catalog = run(&[page("platform", text)]).expect("compiles");
    let senior = catalog
        .role("senior-platform-engineer")
        .expect("senior role");
    let taxonomy = tax();
    let weight = |skill: &str| {
        senior
            .requirements
            .iter()
            .find(|r| taxonomy.skill(r.primary()).id == skill)
            .map(|r| r.weight)
    };
    assert_eq!(weight("go"), Some(1.0), "{senior:?}");
    assert_eq!(weight("docker"), Some(0.5), "{senior:?}");
}

#[test]
fn a_page_with_only_level_sections_yields_only_its_levels() {
    let text = "# Data Engineer\n\n## Levels\n\n### Junior\n\n#### Requirements\n\n- Ruby\n\n\
        ### Staff\n\n#### Requirements\n\n- Go and Docker\n";
    let catalog = run(&[page("data", text)]).expect("compiles");
    let ids: Vec<&str> = catalog.roles().iter().map(|r| r.role_id.as_str()).collect();
    assert_eq!(ids, ["junior-data-engineer", "staff-data-engineer"]);
}

#[test]
fn a_requirement_shared_by_many_pages_stays_a_requirement_but_shared_prose_weighs_little() {
    let pages: Vec<Page> = ["Junior", "Senior", "Staff", "Principal"]
        .iter()
        .map(|level| {
            let text = format!(
                "# {level} Data Engineer\n\n## Requirements\n\n\
                 - Ruby is required for this role\n- Experience with Go\n\n\
                 ## How we work\n\nOur whole platform runs in Docker containers.\n"
            );
            page(&level.to_lowercase(), &text)
        })
        .collect();
    let catalog = run(&pages).expect("compiles");
    let taxonomy = tax();
    for role in catalog.roles() {
        let find = |skill: &str| {
            role.requirements
                .iter()
                .find(|r| taxonomy.skill(r.primary()).id == skill)
                .unwrap_or_else(|| panic!("{skill} in {}", role.role_id))
        };
        assert_eq!(
            format!("{:?}", find("ruby").tier),
            "Required",
            "{}",
            role.role_id
        );
        assert_eq!(find("go").weight, 1.0, "{}", role.role_id);
        // A prose line on every page: the company's, not the role's.
        assert!(find("docker").weight < 0.1, "{}", role.role_id);
    }
}

#[test]
fn skip_failing_pages_leaves_out_only_the_pages_that_fail() {
    let options = CompileOptions {
        skip_failing_pages: true,
        ..CompileOptions::default()
    };
    let good = "# Backend Engineer\n\n## Requirements\n\n- Ruby\n";
    let pages = [
        page("a-good", good),
        page("b-empty", ""),
        page("c-copy", good),
        page("d-other", "# Go Engineer\n\n- Go\n"),
    ];
    let catalog = compile(&pages, &tax(), &options).expect("compiles");
    let ids: Vec<&str> = catalog.roles().iter().map(|r| r.role_id.as_str()).collect();
    // The copy (another company's posting with the same title) is served
    // under an id qualified by its page id.
    assert_eq!(
        ids,
        ["backend-engineer", "backend-engineer-c-copy", "go-engineer"]
    );
    let left_out: Vec<&str> = catalog
        .skipped()
        .iter()
        .map(|s| s.page_id.as_str())
        .collect();
    assert_eq!(left_out, ["b-empty"]);
    assert_eq!(catalog.renamed().len(), 1);
    assert!(catalog.renamed()[0]
        .reason
        .contains("produced by both page \"a-good\""));
    // Strict (the default) fails on the first; no page at all fails too.
    assert!(run(&pages).is_err());
    let err = compile(&pages[1..2], &tax(), &options).unwrap_err();
    assert!(matches!(err, CompileError::NoRole { .. }), "{err}");
}

#[test]
fn duplicate_role_id_names_both_pages() {
    let text = "---\ntitle: Backend Engineer\n---\n\n## Requirements\n\n- Ruby\n";
    let err = run(&[page("one", text), page("two", text)]).unwrap_err();
    match err {
        CompileError::DuplicateRole {
            role_id,
            first_page,
            second_page,
        } => {
            assert_eq!(role_id, "backend-engineer");
            assert_eq!((first_page.as_str(), second_page.as_str()), ("one", "two"));
        }
        other => panic!("{other}"),
    }
}

#[test]
fn bad_page_ids_are_rejected() {
    let text = "# Backend Engineer\n\n- Ruby\n";
    for bad in ["Bad Id", "", "UPPER", "a/b", &"x".repeat(129)] {
        let err = run(&[page(bad, text)]).unwrap_err();
        assert!(
            matches!(err, CompileError::InvalidPageId { .. }),
            "{bad:?}: {err}"
        );
    }
    assert!(run(&[page("ok_id-1", text)]).is_ok());
}

#[test]
fn oversized_page_is_rejected() {
    let text = format!("# Backend Engineer\n\n- Ruby\n{}", "x ".repeat(1000));
    let options = CompileOptions {
        max_page_bytes: 500,
        ..CompileOptions::default()
    };
    let err = compile(&[page("big", &text)], &tax(), &options).unwrap_err();
    assert!(matches!(err, CompileError::PageTooLarge { .. }), "{err}");
}

#[test]
fn load_dir_reports_missing_dir() {
    let err = Page::load_dir(std::path::Path::new("/definitely/not/here")).unwrap_err();
    assert!(err.to_string().contains("/definitely/not/here"));
}

#[test]
fn load_dir_reads_markdown_sorted_with_slug_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("B Page.md"), "# B\n- Ruby\n").expect("write");
    std::fs::write(dir.path().join("a.txt"), b"# A\n- Ruby caf\xe9\n").expect("write");
    std::fs::write(dir.path().join("skip.json"), "{}").expect("write");
    // An ATS export, as HTML.
    std::fs::write(
        dir.path().join("c.html"),
        "<h1>C Engineer</h1><h2>Requirements</h2><ul><li>Docker</li></ul>",
    )
    .expect("write");
    let pages = Page::load_dir(dir.path()).expect("load");
    let ids: Vec<&str> = pages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["a", "b-page", "c"]);
    assert!(pages[0].text.contains("café"));
    let catalog = run(&pages[2..]).expect("the HTML page compiles");
    assert_eq!(
        tiers(&catalog, "c-engineer"),
        [("docker".to_string(), "Preferred".to_string())]
    );
}

/// A file far over the page limit in a catalog directory (a log saved as
/// `.txt`) is not read whole to be refused: a 3 GB one took 6.4 GB of
/// memory and 29 s. It is left out by name with its true size, and a
/// UTF-16 page whose bytes are up to twice the limit is still read.
#[test]
fn load_dir_reads_no_more_of_a_huge_file_than_a_page_can_be() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("good.md"),
        "# Go Engineer\n\n## Requirements\n\n- Go\n",
    )
    .expect("write");
    let huge = std::fs::File::create(dir.path().join("huge.txt")).expect("create");
    huge.set_len(3 << 30).expect("a sparse 3 GB file");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            format!(
                "# Ruby Engineer\n\n## Requirements\n\n- Ruby\n{}",
                " ".repeat(400)
            )
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(dir.path().join("wide.md"), &utf16).expect("write");
    let pages = Page::load_dir_limited(dir.path(), 600).expect("load");
    let huge = pages.iter().find(|p| p.id == "huge").expect("huge listed");
    assert_eq!(huge.too_large, Some(3 << 30));
    assert!(huge.text.is_empty());
    let wide = pages.iter().find(|p| p.id == "wide").expect("wide listed");
    assert!(
        utf16.len() > 600 && wide.too_large.is_none(),
        "{}",
        utf16.len()
    );
    let options = CompileOptions {
        max_page_bytes: 600,
        skip_failing_pages: true,
        ..CompileOptions::default()
    };
    let catalog = compile(&pages, &tax(), &options).expect("the others compile");
    assert_eq!(catalog.roles().len(), 2);
    let skipped = catalog.skipped();
    assert_eq!(skipped.len(), 1);
    assert!(
        skipped[0]
            .reason
            .contains("is 3221225472 bytes, over the 600-byte limit"),
        "{}",
        skipped[0].reason
    );
}

#[test]
fn pathological_nesting_compiles() {
    let tax = tax();
    let mut deep_list = String::from("# Backend Engineer\n\n## Requirements\n\n");
    for i in 0..3000 {
        deep_list.push_str(&" ".repeat(i * 2));
        deep_list.push_str("- Ruby\n");
    }
    let quotes = format!("# Backend Engineer\n\n{} Ruby\n", ">".repeat(50_000));
    let brackets = format!("# Backend Engineer\n\nRuby {}\n", "[".repeat(50_000));
    let emphasis = format!("# Backend Engineer\n\nRuby {}\n", "*a ".repeat(20_000));
    for text in [deep_list, quotes, brackets, emphasis] {
        let _ = compile(&[page("deep", &text)], &tax, &CompileOptions::default());
    }
}

fn markdown_line() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "# ",
        "## Requirements",
        "### Gitaly",
        "#### Responsibilities",
        "## Levels",
        "- ",
        "  - ",
        "1. ",
        "* ",
        "> ",
        "Ruby",
        "Go",
        "go-for-it",
        "C++",
        "GitLab",
        "Docker",
        "and/or",
        "/",
        " or ",
        ", ",
        "etc.",
        "(e.g. ",
        ")",
        "**Must**",
        "Mandatory: ",
        "Highly desirable: ",
        "a plus",
        "5+ years of experience",
        "[link](http://x)",
        "<b>",
        "`code`",
        "\t",
        "\r",
        "â€™",
        "é",
        "---",
        "+++",
        "title: X",
        "```",
        "|",
        "\u{feff}",
        "one or more of the following",
        "grade 7",
        "Senior",
        "Staff",
        "Manager",
    ]);
    prop::collection::vec(pieces, 0..8).prop_map(|v| v.concat())
}

/// Windows "Unicode" text files are UTF-16 with a byte order mark; such a
/// page compiles to the same roles as its UTF-8 original.
#[test]
fn utf16_pages_compile_like_their_utf8_original() {
    let text = "# Senior Backend Engineer\r\n\r\n## Requirements\r\n\r\n\
                - Expert in Ruby and Go\r\n- Experience with Docker — naïve café\r\n";
    let original = run(&[page("utf8", text)]).expect("UTF-8 page compiles");
    for little_endian in [true, false] {
        let mut bytes: Vec<u8> = if little_endian {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            bytes.extend(if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        let decoded = Page::from_bytes("utf8", &bytes, PageOrigin::User);
        assert_eq!(decoded.text, text);
        let compiled = run(&[decoded]).expect("UTF-16 page compiles");
        assert_eq!(compiled.roles(), original.roles());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_strings_never_panic(text in ".{0,400}") {
        let _ = compile(&[page("p", &text)], &tax(), &CompileOptions::default());
    }

    #[test]
    fn byte_soup_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let p = Page::from_bytes("soup", &bytes, PageOrigin::User);
        let _ = compile(&[p], &tax(), &CompileOptions::default());
    }

    #[test]
    fn random_markdown_never_panics(lines in prop::collection::vec(markdown_line(), 0..40)) {
        let text = lines.join("\n");
        let pages = [page("a", &text), page("b", &format!("# Senior X\n{text}"))];
        if let Ok(cat) = compile(&pages, &tax(), &CompileOptions::default()) {
            for role in cat.roles() {
                for r in &role.requirements {
                    prop_assert!(r.weight > 0.0 && r.weight <= 1.0);
                    prop_assert!((1..=5).contains(&r.expected_level));
                    prop_assert!(!r.skills.is_empty());
                }
            }
        }
    }
}

#[test]
fn megabyte_pages_compile_in_reasonable_time() {
    let tax = tax();
    let options = CompileOptions::default();
    let budget = options.max_page_bytes - 64;
    let fill = |unit: &str| {
        let mut s = String::from("# Backend Engineer\n\n## Requirements\n\n");
        while s.len() + unit.len() < budget {
            s.push_str(unit);
        }
        s
    };
    let cases = [
        fill("Ruby. "),
        fill("- Ruby and/or Go, C++ etc.\n"),
        fill("#\n"),
        fill("### Team\n#### Requirements\n- Go\n"),
        fill("- "),
        fill("> "),
        fill("Ruby/Go/"),
        fill("[a](b) "),
        fill("Ruby required, "),
        fill("strong Ruby, "),
        fill("willing to learn Ruby "),
        fill("Ruby (e.g. Go, "),
        fill("Ruby or "),
        fill("| Ruby | Go |\n"),
        fill("tools (Ruby, Go) "),
        fill("(Ruby, Go; "),
        // Letters of a script written without spaces right after a name:
        // the word after it was read to the end of the text, per mention.
        fill("Goで"),
        fill("Chef "),
        // Headings, each looked for as a grade code's section ("### L5").
        fill("### T\n- x\n"),
        format!("# Backend Engineer\n\n{}", "- Ruby\n  ".repeat(budget / 10)),
        // A cue scanned back to the sentence's start, once per cue.
        fill("must "),
        // Thousands of specialties (each checked against the others).
        format!(
            "# Backend Engineer\n\n## Requirements\n\n- Go\n\n## Specialties\n\n{}",
            (0..budget / 14)
                .map(|i| format!("### A{i:06}\n\n"))
                .collect::<String>()
        ),
    ];
    for (i, text) in cases.iter().enumerate() {
        let start = std::time::Instant::now();
        let _ = compile(&[page("big", text)], &tax, &options);
        let took = start.elapsed();
        // Linear work is well under a second; quadratic work takes minutes.
        assert!(took.as_secs() < 10, "case {i} took {took:?}");
        eprintln!("case {i}: {took:?}");
    }
}

/// Each cell of a table with a column per level is an ask holding the
/// row's competency: 2,000 columns under a 200 KB competency (a 230 KB
/// page) took 800 MB and 10 s to compile, and a 1 MiB page could take
/// tens of gigabytes (one PutRole). Such a table is refused by name.
#[test]
fn level_tables_are_bounded() {
    let tax = tax();
    let ladder = |columns: usize, competency: &str| {
        let header = (0..columns)
            .map(|i| format!("L{i}"))
            .collect::<Vec<_>>()
            .join(" | ");
        format!(
            "# Backend Engineer\n\n## Requirements\n\n- Go\n\n| Competency | {header} |\n|{}\n| {competency} |{}\n",
            "---|".repeat(columns + 1),
            " x |".repeat(columns)
        )
    };
    let wide = ladder(2000, &format!("Go {}", "a".repeat(200_000)));
    let start = std::time::Instant::now();
    let error = compile(&[page("wide", &wide)], &tax, &CompileOptions::default())
        .expect_err("a level table of 2,000 columns");
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
    let message = error.to_string();
    assert!(
        message.contains("at line 7 has 2000 columns") && message.contains("limit of 20"),
        "{message}"
    );
    let options = CompileOptions {
        skip_failing_pages: true,
        ..CompileOptions::default()
    };
    let good = page("good", "# Go Engineer\n\n## Requirements\n\n- Go\n");
    let catalog = compile(&[good.clone(), page("wide", &wide)], &tax, &options)
        .expect("the other page compiles");
    assert_eq!(catalog.skipped().len(), 1);
    compile(
        &[page("ladder", &ladder(20, "Kubernetes"))],
        &tax,
        &CompileOptions::default(),
    )
    .expect("20 level columns compile");
}

/// Each specialty is a role holding the page's base asks: a page of
/// thousands of them is refused by name instead of taking gigabytes.
/// Evidence quotes a long line cut, since every ask from it keeps one.
#[test]
fn specialties_are_bounded_and_long_lines_quoted_cut() {
    let tax = tax();
    let headings = |n: usize| {
        (0..n)
            .map(|i| format!("### Area{i} specialty\n\n"))
            .collect::<String>()
    };
    let many = format!(
        "# Backend Engineer\n\n## Requirements\n\n- Go\n\n{}",
        headings(201)
    );
    let error = compile(&[page("many", &many)], &tax, &CompileOptions::default())
        .expect_err("201 specialties");
    assert!(
        error.to_string().contains("more than 200 specialties"),
        "{error}"
    );
    let long = format!(
        "# Backend Engineer\n\n## Requirements\n\n- Go and Ruby {}\n\n{}",
        "and more ".repeat(100),
        headings(200)
    );
    let catalog = compile(&[page("long", &long)], &tax, &CompileOptions::default())
        .expect("200 specialties compile");
    assert_eq!(catalog.roles().len(), 201);
    let quote = &catalog.roles()[0].requirements[0].evidence[0].text;
    assert_eq!(quote.chars().count(), 303, "{quote}");
    assert!(quote.ends_with("..."), "{quote}");
}

/// A page whose only headings are sections takes its title from its file
/// name, never from a heading such as "Requirements"; front matter with
/// an export's field names gives the title and level.
#[test]
fn section_headings_are_no_titles_and_export_fields_are_read() {
    let tax = tax();
    let pages = [
        page("risk-analyst", "## Requirements\n\n- Ruby and Go\n"),
        page(
            "credit",
            "---\njob_title: Credit Engineer\nseniority: Senior\n---\n\n## Requirements\n\n- Ruby\n",
        ),
    ];
    let catalog = compile(&pages, &tax, &CompileOptions::default()).expect("compiles");
    let titles: Vec<(&str, &str)> = catalog
        .roles()
        .iter()
        .map(|r| (r.role_id.as_str(), r.title.as_str()))
        .collect();
    assert!(
        titles.contains(&("risk-analyst", "Risk Analyst")),
        "{titles:?}"
    );
    let credit = catalog
        .role("credit-engineer")
        .expect("titled by job_title");
    assert_eq!(credit.title, "Credit Engineer");
    assert_eq!(credit.level, rolefit::catalog::Level::Senior);
}

/// The asks of the first role of one page, each as its skill ids.
fn first_role_asks(text: &str) -> Vec<Vec<String>> {
    let tax = tax();
    let catalog = compile(&[page("p", text)], &tax, &CompileOptions::default()).expect("compiles");
    catalog.roles()[0]
        .requirements
        .iter()
        .map(|r| r.skills.iter().map(|s| tax.skill(*s).id.clone()).collect())
        .collect()
}

/// "At least one X:" over nested bullets asks for any of them, with the
/// item's own skill as one more member.
#[test]
fn at_least_one_over_nested_bullets_is_one_choice() {
    let asks = first_role_asks("# Backend Engineer\n\n## Requirements\n\n- Fluent in at least one Docker language:\n  - Ruby\n  - Go\n- C++\n");
    assert!(
        asks.contains(&vec![
            "docker".to_string(),
            "ruby".to_string(),
            "go".to_string()
        ]),
        "{asks:?}"
    );
    assert!(!asks.contains(&vec!["ruby".to_string()]), "{asks:?}");
}

/// A list item ending in ':' is an ask even when a section's word is in
/// it ("Experience", "Skills"): its nested bullets are its alternatives,
/// not a new section's list.
#[test]
fn list_item_naming_a_section_word_is_not_a_heading() {
    for intro in [
        "Experience with at least one of:",
        "Hands-on experience in at least one of:",
        "Skills in at least one of the following:",
    ] {
        let text = format!(
            "# Platform Engineer\n\n## Requirements\n\n- {intro}\n  - Ruby\n  - Go\n- C++\n"
        );
        let asks = first_role_asks(&text);
        assert!(
            asks.contains(&vec!["ruby".to_string(), "go".to_string()]),
            "{intro}: {asks:?}"
        );
        assert!(
            !asks.contains(&vec!["ruby".to_string()]),
            "{intro}: {asks:?}"
        );
    }
}

/// "### L5" alone, as numbered ladders write levels: the years its section
/// asks for say which level it is (the number differs between
/// companies), and its asks are that level's role's, not dropped.
#[test]
fn a_grade_code_heading_is_the_level_its_years_say() {
    let tax = tax();
    let text = "# Backend Engineer\n\n## Requirements\n\n- Experience with Ruby\n\n## Levels\n\n\
                ### L3\n\n- 1+ years of experience\n\n### L5\n\n- 6+ years of experience\n\
                - Deep Go expertise\n";
    let catalog = compile(&[page("b", text)], &tax, &CompileOptions::default()).expect("compiles");
    let ids: Vec<&str> = catalog.roles().iter().map(|r| r.role_id.as_str()).collect();
    assert!(ids.contains(&"junior-backend-engineer"), "{ids:?}");
    let senior = catalog
        .role("senior-backend-engineer")
        .unwrap_or_else(|| panic!("no senior role in {ids:?}"));
    assert_eq!(senior.level, rolefit::catalog::Level::Senior);
    assert_eq!(senior.expected_years_experience, 6.0);
    let asks: Vec<&str> = senior
        .requirements
        .iter()
        .map(|r| tax.skill(r.skills[0]).id.as_str())
        .collect();
    assert!(asks.contains(&"go"), "{asks:?}");
}

/// A title under another export's key (`headline`) is the title, and its
/// level the role's; a page whose front matter names its title under a
/// key not read is named by its file, never by a section heading after
/// its intro ("## Your team" took the title and lost the Manager level),
/// with a warning listing the keys not read.
#[test]
fn title_from_other_keys_never_from_a_section_heading() {
    let body = "department: Engineering\n---\n\nKestrel Pay builds payments.\n\n\
                ## Your team\n\nYou lead seven engineers building services in Go.\n\n\
                ## Requirements\n\n- Experience with Go and Docker\n";
    let headline = format!("---\nheadline: \"Engineering Manager, Payments\"\n{body}");
    let cat = run(&[page("engineering-manager", &headline)]).expect("compiles");
    let r = &cat.roles()[0];
    assert_eq!(
        (r.role_id.as_str(), r.title.as_str(), r.level),
        (
            "engineering-manager-payments",
            "Engineering Manager, Payments",
            rolefit::catalog::Level::Manager
        )
    );
    assert!(cat.sparse().is_empty(), "{:?}", cat.sparse());

    let unknown = format!("---\nposting: \"Engineering Manager, Payments\"\n{body}");
    let cat = run(&[page("engineering-manager", &unknown)]).expect("compiles");
    let r = &cat.roles()[0];
    assert_eq!(
        (r.role_id.as_str(), r.title.as_str(), r.level),
        (
            "engineering-manager",
            "Engineering Manager",
            rolefit::catalog::Level::Manager
        )
    );
    let notices: Vec<&str> = cat.sparse().iter().map(|n| n.reason.as_str()).collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].contains("names no title") && notices[0].contains("department, posting"),
        "{notices:?}"
    );

    // A heading above the text is still the title of a page without one.
    let cat = run(&[page(
        "p",
        "## Widget Engineer\n\nWe build widgets.\n\n## Requirements\n\n- Go\n",
    )])
    .expect("compiles");
    assert_eq!(cat.roles()[0].title, "Widget Engineer");
    assert!(cat.sparse().is_empty(), "{:?}", cat.sparse());
}

/// Section headings as European and "if you have" postings write them:
/// a wish ("It would be great if you have") is a nice-to-have, a profile
/// ("Dein Profil", "Your profile") is what the role requires, and what the
/// company offers ("Was wir bieten") is no ask at all.
#[test]
fn wishes_profiles_and_offers_by_their_headings() {
    use rolefit::catalog::Tier;
    let tax = tax();
    for (profile, wish, offer) in [
        (
            "Your profile",
            "It would be great if you have",
            "What we offer",
        ),
        ("Dein Profil", "Wünschenswert", "Was wir bieten"),
        (
            "Profil recherché",
            "It's a plus if you have",
            "Ce que nous offrons",
        ),
        ("What we need from you", "Bonus points", "Compensation"),
        ("Das bringst du mit", "Von Vorteil", "Über uns"),
        ("Requisitos", "Valorable", "Ofrecemos"),
        ("Lo que buscamos", "Se valorará", "Beneficios"),
        ("Requisiti", "Graditi", "Offriamo"),
        ("Jouw profiel", "Pluspunten", "Wat wij bieden"),
        ("Prerequisites", "Beneficial", "Benefits"),
        ("Qualificações", "Requisitos desejáveis", "Unser Angebot"),
        ("Expectations", "Requisitos deseados", "Our offer"),
        ("Vereisten", "Gradito", "Signing bonus"),
    ] {
        let text = format!(
            "# Widget Engineer\n\n## {profile}\n\n- Experience with Ruby\n\n\
             ## {wish}\n\n- Experience with Docker\n\n## {offer}\n\n- Go training budget\n"
        );
        let cat = run(&[page("p", &text)]).expect("compiles");
        let asks: Vec<(String, Tier, f32)> = cat.roles()[0]
            .requirements
            .iter()
            .map(|r| (tax.skill(r.skills[0]).id.clone(), r.tier, r.weight))
            .collect();
        assert_eq!(
            asks,
            [
                ("ruby".to_string(), Tier::Preferred, 1.0),
                ("docker".to_string(), Tier::Bonus, 0.3),
            ],
            "{profile} / {wish} / {offer}"
        );
    }
}

/// A plain-text posting that starts "Position: QA Engineer" is titled
/// "QA Engineer" (the label kept made `position-qa-engineer`), and so is a
/// heading "Job title: ..."; a gender marker ("(m/w/d)") is no part of a
/// title either (it made `docker-engineer-m-w-d`).
#[test]
fn a_leading_title_label_is_not_part_of_the_title() {
    for (id, text) in [
        (
            "gendered.md",
            "---\ntitle: Docker Engineer (m/w/d)\n---\n## Requirements\n\n- Experience with Docker\n",
        ),
        (
            "gendered-heading.md",
            "# Docker Engineer (f/m/x)\n\n## Requirements\n\n- Experience with Docker\n",
        ),
        (
            "qa.txt",
            "Position: Docker Engineer\r\nLocation: Lisbon\r\n\r\nREQUIREMENTS\r\n\
             \u{2022} Experience with Docker\r\n",
        ),
        (
            "qa.md",
            "# Job title: Docker Engineer\n\n## Requirements\n\n- Experience with Docker\n",
        ),
    ] {
        let cat = run(&[page("qa", text)]).expect(id);
        let r = &cat.roles()[0];
        assert_eq!(
            (r.role_id.as_str(), r.title.as_str()),
            ("docker-engineer", "Docker Engineer"),
            "{id}"
        );
    }
}

/// A browser-saved HTML page: what its scripts, styles, `<noscript>` and
/// cookie banner hold is no ask (`var stack = ["React", ...]` made React,
/// TypeScript and Node.js asks, "Privacy policy" data privacy), and the
/// posting's own lines keep their line numbers.
#[test]
fn scripts_styles_and_cookie_banners_of_saved_pages_are_not_read() {
    let html = "<!DOCTYPE html>\n<html><head><title>Widget Engineer</title>\n\
                <script>\n  var stack = [\"Ruby\", \"Docker\"];\n</script>\n\
                <style>.chef { color: red }</style>\n</head><body>\n\
                <noscript>Please enable C++</noscript>\n\
                <div id=\"cookie-banner\" class=\"banner\">Cookies help us run Docker. \
                <a href=\"/privacy\">Ruby policy</a> <button>Accept</button></div>\n\
                <p>This careers site uses cookies; see our cookie policy (Ruby inside).</p>\n\
                <h1>Widget Engineer</h1>\n<h2>Requirements</h2>\n\
                <ul>\n<li>Experience with Go</li>\n</ul>\n</body></html>\n";
    let cat = run(&[page("widget", html)]).expect("compiles");
    let r = &cat.roles()[0];
    let tax = tax();
    let asks: Vec<(&str, u32)> = r
        .requirements
        .iter()
        .map(|q| (tax.skill(q.skills[0]).id.as_str(), q.evidence[0].line))
        .collect();
    assert_eq!(asks, [("go", 14)]);
}

/// A must in quotes ("Spring Boot – a “must”", "ein „Muss“") is a
/// must-have as "a must" is; it was read as no cue at all.
/// Must-haves, wishes, proficiency and alternatives as German, Spanish and
/// French pages word them (each was read as a plain preferred ask).
#[test]
fn cues_of_german_spanish_and_french_pages() {
    use rolefit::catalog::Tier;
    let tax = tax();
    let asks = |text: &str| {
        let cat = run(&[page("p", text)]).expect("compiles");
        let mut asks: Vec<(Vec<String>, Tier, u8)> = cat.roles()[0]
            .requirements
            .iter()
            .map(|r| {
                let ids = r.skills.iter().map(|&s| tax.skill(s).id.clone()).collect();
                (ids, r.tier, r.expected_level)
            })
            .collect();
        asks.sort();
        asks
    };
    let ids = |ids: &[&str]| ids.iter().map(|id| id.to_string()).collect::<Vec<_>>();
    let german_spanish = "# Widget Engineer\n\n## Requirements\n\n\
                          - Sehr gute Kenntnisse in Ruby (ein Muss)\n\
                          - Docker-Kenntnisse zwingend erforderlich\n\
                          - GitLab-Kenntnisse sind Voraussetzung\n\
                          - Experiencia sólida con C++ (imprescindible)\n";
    assert_eq!(
        asks(german_spanish),
        [
            (ids(&["cpp"]), Tier::Required, 4),
            (ids(&["docker"]), Tier::Required, 3),
            (ids(&["gitlab"]), Tier::Required, 3),
            (ids(&["ruby"]), Tier::Required, 4),
        ]
    );
    let italian_dutch = "# Widget Engineer\n\n## Requirements\n\n\
                         - Conoscenza di Ruby indispensabile\n\
                         - Grondige kennis van Docker is vereist\n\
                         - Strong GitLab skills (we pay a certification bonus)\n\
                         - We do not require C++\n";
    assert_eq!(
        asks(italian_dutch),
        [
            (ids(&["cpp"]), Tier::Bonus, 3),
            (ids(&["docker"]), Tier::Required, 5),
            (ids(&["gitlab"]), Tier::Preferred, 4),
            (ids(&["ruby"]), Tier::Required, 3),
        ]
    );
    // A heading that makes its items must-haves, in Portuguese.
    let mandatory = "# Widget Engineer\n\n## Requisitos obrigatórios\n\n- Ruby\n";
    assert_eq!(asks(mandatory), [(ids(&["ruby"]), Tier::Required, 3)]);
    let french_spanish = "# Widget Engineer\n\n## Requirements\n\n\
                          - Maîtrise de Docker — indispensable\n\
                          - Experiencia con Go o Ruby (valorable)\n";
    assert_eq!(
        asks(french_spanish),
        [
            (ids(&["docker"]), Tier::Required, 4),
            (ids(&["go", "ruby"]), Tier::Bonus, 3),
        ]
    );
}

/// A company's introduction states years that are not experience: "12
/// years" of profit, "5 million travellers a year", "founded 8 years ago".
#[test]
fn years_in_a_company_introduction_are_not_the_years_asked() {
    for intro in [
        "Acme has been profitable for 12 years.",
        "Acme Travel helps 5 million travellers a year book trains.",
        "We were founded 8 years ago and ship 7 releases a year.",
    ] {
        let text = format!(
            "---\ntitle: Frontend Engineer\nlevel: Intermediate\n---\n\n{intro}\n\n\
             ## Requirements\n\n- Ruby\n- 2+ years of professional frontend experience.\n"
        );
        let cat = run(&[page("p", &text)]).expect("compiles");
        assert_eq!(cat.roles()[0].expected_years_experience, 2.0, "{intro}");
    }
    // An introduction that speaks of experience, or to the candidate,
    // still states them.
    for intro in [
        "Ideally 6+ years of frontend experience.",
        "You have spent 6+ years building web apps.",
    ] {
        let text =
            format!("---\ntitle: Frontend Engineer\n---\n\n{intro}\n\n## Requirements\n\n- Ruby\n");
        let cat = run(&[page("p", &text)]).expect("compiles");
        assert_eq!(cat.roles()[0].expected_years_experience, 6.0, "{intro}");
    }
    // Benefits state years of the job, not of the candidate's experience,
    // under a heading named as such or in any list.
    for benefits in [
        "## What's in it for you\n\n- 28 days holiday, sabbatical after 4 years\n",
        "## More\n\n- Stock options vesting over 4 years\n",
    ] {
        let text = format!(
            "# Data Scientist\n\n## Requirements\n\n- At least three years of industry \
             experience\n- Ruby\n\n{benefits}"
        );
        let cat = run(&[page("p", &text)]).expect("compiles");
        assert_eq!(cat.roles()[0].expected_years_experience, 3.0, "{benefits}");
    }
}

#[test]
fn a_quoted_must_is_a_must_have() {
    use rolefit::catalog::Tier;
    let text = "# Widget Engineer\n\n## Requirements\n\n- Ruby – a “must”\n- Go - a \"must\"\n\
                - Docker is a 'must'\n- C++ – ein „Muss“\n";
    let cat = run(&[page("p", text)]).expect("compiles");
    let tax = tax();
    let mut tiers: Vec<(&str, Tier)> = cat.roles()[0]
        .requirements
        .iter()
        .map(|r| (tax.skill(r.skills[0]).id.as_str(), r.tier))
        .collect();
    tiers.sort();
    assert_eq!(
        tiers,
        [
            ("cpp", Tier::Required),
            ("docker", Tier::Required),
            ("go", Tier::Required),
            ("ruby", Tier::Required),
        ]
    );
}

/// An ask stated twice takes the stronger tier, and the line that says so
/// comes first among its evidence: an explanation quotes the first line,
/// and a must-have was explained by "... a plus" (h18).
#[test]
fn the_line_that_sets_the_tier_leads_the_evidence() {
    use rolefit::catalog::Tier;
    let text = "# Widget Engineer\n\n## Requirements\n\n- Experience with Docker is a plus\n\
                - Ruby\n- Docker is required\n- Docker at scale\n";
    let cat = run(&[page("p", text)]).expect("compiles");
    let tax = tax();
    let docker = cat.roles()[0]
        .requirements
        .iter()
        .find(|r| tax.skill(r.skills[0]).id == "docker")
        .expect("docker is asked");
    assert_eq!(docker.tier, Tier::Required);
    let lines: Vec<u32> = docker.evidence.iter().map(|e| e.line).collect();
    assert_eq!(lines, [7, 5, 8]);
}

/// A specialty whose lines name no skill the taxonomy knows is served on
/// its level's asks alone: the compile says so (PutRole passes it on as a
/// warning), where it was silent and the specialty's must-have was gone.
#[test]
fn a_specialty_that_names_nothing_known_is_reported() {
    let text = "# Widget Engineer\n\n## Requirements\n\n- Ruby\n\n## Specialties\n\n\
                ### Storage\n\n- Deep knowledge of RocksDB and LSM trees is mandatory.\n\n\
                ### Delivery\n\n- Docker\n";
    let cat = run(&[page("p", text)]).expect("compiles");
    let notices: Vec<&str> = cat.sparse().iter().map(|n| n.reason.as_str()).collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].contains("specialty \"Storage\"") && notices[0].contains("--skills"),
        "{notices:?}"
    );
}
