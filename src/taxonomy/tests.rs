use super::*;

const SMALL: &str = crate::test_support::SKILLS;

fn small() -> Taxonomy {
    Taxonomy::from_sources(&[("small.toml", SMALL)]).expect("small taxonomy loads")
}

fn id(t: &Taxonomy, slug: &str) -> SkillId {
    t.by_id(slug).expect("known slug")
}

/// The skills found in `text`, each with the text it was found in.
fn found<'a>(t: &'a Taxonomy, text: &'a str) -> Vec<(&'a str, &'a str)> {
    t.extract(text)
        .iter()
        .map(|m| (t.skill(m.skill).id.as_str(), &text[m.start..m.end]))
        .collect()
}

fn extracted(t: &Taxonomy, text: &str) -> Vec<String> {
    t.extract(text)
        .into_iter()
        .map(|m| t.skill(m.skill).id.clone())
        .collect()
}

#[test]
fn aliases_and_spelling_variants_resolve_exactly() {
    let t = small();
    for (typed, slug) in [
        ("golang", "go"),
        ("GoLang", "go"),
        ("postgres", "postgresql"),
        ("k8s", "kubernetes"),
        ("RoR", "ruby-on-rails"),
        ("ruby-on-rails", "ruby-on-rails"),
        ("  Ruby   on  Rails. ", "ruby-on-rails"),
        ("node js", "nodejs"),
        ("NodeJS", "nodejs"),
        ("(Go)", "go"),
        // Fullwidth forms, as East Asian input methods type them.
        ("Ｇｏ", "go"),
        ("ｋ８ｓ", "kubernetes"),
        ("Ｒｕｂｙ\u{3000}ｏｎ\u{3000}Ｒａｉｌｓ", "ruby-on-rails"),
        // Invisible characters from pastes and broken exports, pictographs.
        ("\u{202E}golang\u{202C}", "go"),
        ("go\0", "go"),
        ("Ruby\ton\tRails", "ruby-on-rails"),
        ("k8s\u{200B}", "kubernetes"),
        ("\u{FEFF}Ruby", "ruby"),
        ("🐍 Go", "go"),
        ("Ruby on Rails 💎", "ruby-on-rails"),
    ] {
        assert_eq!(
            t.resolve(typed),
            Resolution::Exact(id(&t, slug)),
            "{typed:?} should resolve to {slug}"
        );
    }
    // A fullwidth typo is a typo like any other.
    assert_eq!(
        t.resolve("Ｋｕｂｅｒｎａｔｅｓ").skill(),
        Some(id(&t, "kubernetes"))
    );
}

#[test]
fn typos_resolve_to_the_meant_skill() {
    let t = small();
    for (typed, slug) in [
        ("Kubernates", "kubernetes"),
        ("Postgress", "postgresql"),
        ("Javscript", "javascript"),
        ("Rubyy", "ruby"),
        ("PostgreSLQ", "postgresql"),
    ] {
        assert_eq!(
            t.resolve(typed).skill(),
            Some(id(&t, slug)),
            "{typed:?} should resolve to {slug}"
        );
    }
}

#[test]
fn confusable_names_never_cross() {
    let t = small();
    assert_eq!(t.resolve("Java").skill(), Some(id(&t, "java")));
    assert_eq!(t.resolve("JavaScript").skill(), Some(id(&t, "javascript")));
    assert_eq!(t.resolve("Git").skill(), Some(id(&t, "git")));
    assert_eq!(t.resolve("Go").skill(), Some(id(&t, "go")));
    assert_eq!(t.resolve("C#").skill(), Some(id(&t, "csharp")));
    assert_eq!(t.resolve("C").skill(), Some(id(&t, "c")));
    assert_eq!(t.resolve("NoSQL").skill(), Some(id(&t, "nosql")));
    // One edit away from a short name is a different word, not a typo.
    assert_eq!(t.resolve("Gi"), Resolution::Unknown);
    assert_eq!(t.resolve("Goo"), Resolution::Unknown);
    assert_eq!(t.resolve("R"), Resolution::Unknown);
    assert_eq!(t.resolve("MySQL"), Resolution::Unknown);
    assert_eq!(t.resolve("Jav"), Resolution::Unknown);
}

#[test]
fn unknown_and_junk_names_are_unknown() {
    let t = small();
    for junk in [
        "",
        "   ",
        "Forklift operation",
        "asdfghjkl",
        &"x".repeat(3000),
    ] {
        assert_eq!(t.resolve(junk), Resolution::Unknown, "{junk:?}");
    }
}

#[test]
fn long_padding_around_a_name_still_resolves() {
    // Only letters count towards "too long to be a skill": padding and
    // separators do not.
    let t = small();
    let cache = ResolverCache::new(64);
    let padded = format!("{}golang{}", " ".repeat(2000), "-".repeat(500));
    assert_eq!(t.resolve(&padded), t.resolve("golang"));
    assert_eq!(t.resolve_cached(&padded, &cache), t.resolve("golang"));
    assert_ne!(t.resolve("golang"), Resolution::Unknown);
}

#[test]
fn cached_resolution_agrees_and_stays_bounded() {
    let t = small();
    let cache = ResolverCache::new(64);
    for typed in [
        "Kubernates",
        "Postgress",
        "golang",
        "nonsense-word",
        "Kubernates",
    ] {
        assert_eq!(t.resolve_cached(typed, &cache), t.resolve(typed), "{typed}");
    }
    for i in 0..10_000 {
        t.resolve_cached(&format!("unknownskill{i}"), &cache);
    }
    assert!(cache.len() <= 64, "cache grew to {}", cache.len());
}

#[test]
fn broader_skills_are_transitive_and_nearest_first() {
    let t = small();
    let rails = t.ancestors(id(&t, "ruby-on-rails"));
    assert_eq!(rails.len(), 1);
    assert_eq!(rails[0].skill, id(&t, "ruby"));
    let pg: Vec<_> = t
        .ancestors(id(&t, "postgresql"))
        .iter()
        .map(|a| a.skill)
        .collect();
    assert_eq!(pg, vec![id(&t, "sql"), id(&t, "relational-databases")]);
}

#[test]
fn extraction_respects_word_boundaries_and_longest_names() {
    let t = small();
    assert_eq!(
        extracted(&t, "Experience with JavaScript and Java, GitLab and Git."),
        vec!["javascript", "java", "gitlab", "git"]
    );
    assert_eq!(
        extracted(&t, "C, C# and C++ or Objective-C"),
        vec!["c", "csharp", "cpp"]
    );
    assert_eq!(
        extracted(&t, "In-depth experience with Ruby on Rails, Go, and/or Git"),
        vec!["ruby-on-rails", "go", "git"]
    );
    assert_eq!(extracted(&t, "git's internal data structures"), vec!["git"]);
    assert_eq!(extracted(&t, "NoSQL stores"), vec!["nosql"]);
}

#[test]
fn fullwidth_prose_reads_like_ascii_with_offsets_into_the_original() {
    let t = small();
    // As an East Asian input method types Latin letters, beside CJK text.
    let text = "経験：Ｇｏ、Ｒｕｂｙ\u{3000}ｏｎ\u{3000}Ｒａｉｌｓ，ＪａｖａＳｃｒｉｐｔ and Git。";
    assert_eq!(
        found(&t, text),
        vec![
            ("go", "Ｇｏ"),
            ("ruby-on-rails", "Ｒｕｂｙ\u{3000}ｏｎ\u{3000}Ｒａｉｌｓ"),
            ("javascript", "ＪａｖａＳｃｒｉｐｔ"),
            ("git", "Git"),
        ]
    );
    // The same skills as the ASCII text, and still no Java in JavaScript.
    assert_eq!(
        extracted(&t, text),
        extracted(&t, "Go, Ruby on Rails, JavaScript and Git.")
    );
    // A fullwidth letter inside a word does not cut the word.
    assert_eq!(extracted(&t, "Ｇｏｏｄ ｇｉｔｈｕｂ"), Vec::<String>::new());
}

/// A CV copied out of a PDF or an HTML export reads as the clean text:
/// the same skills, with offsets into the text as it came.
#[test]
fn pdf_and_html_artefacts_read_like_the_clean_text() {
    let t = small();
    let text = "Kuber-\nnetes, Post\u{ad}greSQL, Ruby\u{a0}on\u{a0}Rails, C&#35;, \
                C&#43;&#43; and Go&nbsp;daily; Java\u{200b}Script in\tNode.js";
    assert_eq!(
        found(&t, text),
        vec![
            ("kubernetes", "Kuber-\nnetes"),
            ("postgresql", "Post\u{ad}greSQL"),
            ("ruby-on-rails", "Ruby\u{a0}on\u{a0}Rails"),
            ("csharp", "C&#35;"),
            ("cpp", "C&#43;&#43;"),
            ("go", "Go"),
            ("javascript", "Java\u{200b}Script"),
            ("nodejs", "Node.js"),
        ]
    );
    // Listed names too: an encoded C# is C#, never C.
    for (name, id) in [("C&#35;", "csharp"), ("C&#x2B;&#x2B;", "cpp")] {
        let resolved = t.resolve(name).skill().map(|s| t.skill(s).id.as_str());
        assert_eq!(resolved, Some(id), "{name}");
    }
}

/// A resume pasted as HTML is read as it shows: what its scripts, styles
/// and cookie banner hold claims nothing, and offsets stay those of the
/// text.
#[test]
fn a_resume_in_html_claims_what_it_shows() {
    let t = small();
    let text = "<html><head><STYLE>b{font:Ruby}</STYLE><script type=\"x\">var Go=1</script>\
                </head><body><div class=\"cookie-banner\">We use cookies. Go</div>\
                I write Java. <script>unclosed Ruby";
    let mut claims = Vec::new();
    t.extract_claims_into(text, &mut claims);
    let claimed: Vec<(&str, &str)> = claims
        .iter()
        .map(|m| (t.skill(m.skill).id.as_str(), &text[m.start..m.end]))
        .collect();
    // An element left open is text as written.
    assert_eq!(claimed, [("java", "Java"), ("ruby", "Ruby")]);
}

#[test]
fn names_end_where_a_script_without_spaces_begins() {
    let t = small();
    // Japanese and Korean attach particles to the name; Chinese and Thai
    // run words together.
    assert_eq!(
        extracted(
            &t,
            "ＧｏとＰｏｓｔｇｒｅＳＱＬでサービスを構築し、k8sで運用"
        ),
        vec!["go", "postgresql", "kubernetes"]
    );
    assert_eq!(
        extracted(&t, "Go를 사용했고 Git으로 관리"),
        vec!["go", "git"]
    );
    assert_eq!(
        extracted(&t, "使用Go语言和JavaScript开发"),
        vec!["go", "javascript"]
    );
    assert_eq!(extracted(&t, "ใช้Goพัฒนา"), vec!["go"]);
    // Letters of scripts that do space their words still join them.
    assert_eq!(extracted(&t, "Goé Gitа Goω"), Vec::<String>::new());
}

#[test]
fn a_name_in_a_spaceless_script_is_found_inside_a_longer_run() {
    const CJK: &str = r#"
[[skill]]
id = "machine-learning"
name = "Machine learning"
kind = "practice"
aliases = ["機械学習"]
"#;
    let t = Taxonomy::from_sources(&[("small.toml", SMALL), ("cjk.toml", CJK)])
        .expect("taxonomy with a CJK alias loads");
    let text = "深層学習と機械学習の経験";
    let mentions = t.extract(text);
    assert_eq!(mentions.len(), 1, "{mentions:?}");
    assert_eq!(&text[mentions[0].start..mentions[0].end], "機械学習");
    assert_eq!(
        t.resolve("機械学習"),
        Resolution::Exact(id(&t, "machine-learning"))
    );
}

#[test]
fn go_the_verb_is_not_go_the_language() {
    let t = small();
    for text in [
        "A go-for-it attitude",
        "Go-for-it attitude and willing to go the extra mile",
        "Go to the settings page",
        "Go TO the settings page",
        "GO\tAbove and beyond",
        "Always go above and beyond",
        "on-the-go",
    ] {
        assert!(
            extracted(&t, text).is_empty(),
            "{text:?} gave {:?}",
            extracted(&t, text)
        );
    }
    assert_eq!(
        extracted(&t, "Built services in Go and golang tools"),
        vec!["go", "go"]
    );
    assert_eq!(extracted(&t, "RUBY, GO, SQL"), vec!["ruby", "go", "sql"]);
    // Capitals in a list or a heading count; in prose they are an acronym.
    assert_eq!(extracted(&t, "Languages: GO, RUBY"), vec!["go", "ruby"]);
    assert_eq!(extracted(&t, "SKILLS: GO AND RUBY"), vec!["go", "ruby"]);
    assert_eq!(extracted(&t, "Built APIs in Go"), vec!["go"]);
    assert!(extracted(&t, "Ready to GO live").is_empty());
    // The next word decides, not a word that merely starts like a veto.
    assert_eq!(extracted(&t, "Go tooling"), vec!["go"]);
    assert_eq!(extracted(&t, "Go tö the moon"), vec!["go"]);
}

#[test]
fn abbreviations_and_vetoed_previous_words_are_not_the_skill() {
    let t = small();
    for text in [
        "A Series C start-up",
        "a series  C round",
        "our R&D and Q&C teams",
        "C&C experience",
    ] {
        assert!(
            extracted(&t, text).is_empty(),
            "{text:?} gave {:?}",
            extracted(&t, text)
        );
    }
    // Only the word right before counts, and only whole words.
    assert_eq!(extracted(&t, "Series A, then C"), vec!["c"]);
    assert_eq!(extracted(&t, "Miniseries C code"), vec!["c"]);
}

#[test]
fn ambiguous_names_need_their_context() {
    let t = small();
    assert!(extracted(&t, "Head Chef at a busy restaurant").is_empty());
    assert_eq!(
        extracted(&t, "Chef experience (writing complex cookbooks)"),
        vec!["chef"]
    );
    assert_eq!(
        extracted(&t, "Chef/Ansible, or similar"),
        vec!["chef", "ansible"]
    );
    // The context word is looked for on the mention's own line, in any case,
    // in lines with other characters too.
    assert_eq!(extracted(&t, "Chef, INFRASTRUCTURE"), vec!["chef"]);
    assert!(extracted(&t, "Head Chef\nwrote cookbooks").is_empty());
    assert_eq!(
        extracted(&t, "Menus\nChef: écrit des COOKBOOKS\nWine"),
        vec!["chef"]
    );
    assert!(extracted(&t, "Chef à Paris — cuisine française").is_empty());
    assert!(extracted(&t, "a Geo secondary node").is_empty());
    assert_eq!(
        extracted(&t, "Go, Python, Java, Node, JavaScript"),
        vec!["go", "python", "java", "nodejs", "javascript"]
    );
}

#[test]
fn hyphen_and_plural_variants_are_found() {
    let t = small();
    assert_eq!(
        extracted(&t, "high-availability systems"),
        vec!["high-availability"]
    );
    assert_eq!(
        extracted(&t, "Kubernetes clusters and relational databases"),
        vec!["kubernetes", "relational-databases"]
    );
}

#[test]
fn extensions_add_aliases_and_skills() {
    let extra = r#"
[[skill]]
id = "go"
aliases = ["gopher lang"]

[[skill]]
id = "zig"
name = "Zig"
kind = "language"
broader = ["c"]
"#;
    let t = Taxonomy::from_sources(&[("small.toml", SMALL), ("extra.toml", extra)]).unwrap();
    assert_eq!(t.resolve("gopher lang").skill(), t.by_id("go"));
    assert!(t.by_id("zig").is_some());
    assert_ne!(t.fingerprint(), small().fingerprint());
}

/// A file's `organisation_words` make a skill's name before them a proper
/// name ("Ruby Guild"), added to those of earlier files.
#[test]
fn organisation_words_come_from_any_source() {
    assert_eq!(extracted(&small(), "Ruby Guild members"), ["ruby"]);
    let extra = "organisation_words = [\"Guild\"]\n";
    let t = Taxonomy::from_sources(&[("small.toml", SMALL), ("extra.toml", extra)]).unwrap();
    assert!(extracted(&t, "Ruby Guild members").is_empty());
    assert_eq!(extracted(&t, "Ruby guild members"), ["ruby"]);
    assert_ne!(t.fingerprint(), small().fingerprint());
}

/// A later file's alias moves to its skill: a user can split a name out of
/// a built-in skill ("hl7" out of a broad healthcare-technology skill).
/// Two claims in one file stay an error.
#[test]
fn a_later_source_takes_an_alias_over() {
    let base = "[[skill]]\nid = \"healthtech\"\nname = \"Healthcare Technology\"\n\
                kind = \"domain\"\naliases = [\"hl7\", \"fhir\", \"ehr\"]\n";
    let user = "[[skill]]\nid = \"hl7\"\nname = \"HL7 v2\"\nkind = \"domain\"\n\
                aliases = [\"HL7\", \"hl7 v2 messages\"]\n";
    let t = Taxonomy::from_sources(&[("base.toml", base), ("user.toml", user)]).unwrap();
    let id = |name: &str| t.resolve(name).skill().map(|s| t.skill(s).id.clone());
    assert_eq!(id("HL7").as_deref(), Some("hl7"));
    assert_eq!(id("FHIR").as_deref(), Some("healthtech"));
    assert!(t
        .extract("HL7 v2 messages")
        .iter()
        .any(|m| t.skill(m.skill).id == "hl7"));
    let twice = "[[skill]]\nid = \"a\"\nname = \"A\"\nkind = \"tool\"\naliases = [\"same\"]\n\
                 [[skill]]\nid = \"b\"\nname = \"B\"\nkind = \"tool\"\naliases = [\"same\"]\n";
    let error = Taxonomy::from_sources(&[("base.toml", base), ("user.toml", twice)])
        .expect_err("two claims in one file");
    assert!(error.to_string().contains("claimed by both"), "{error}");
}

#[test]
fn bad_sources_are_clear_errors() {
    let cases = [
        ("[[skill]]\nid = \"Bad Id\"\nname = \"x\"\nkind = \"tool\"\n", "not a slug"),
        ("[[skill]]\nid = \"x\"\nname = \"x\"\nkind = \"tool\"\nbroader = [\"nope\"]\n", "unknown broader"),
        ("[[skill]]\nid = \"x\"\n", "needs both"),
        ("[[skill]]\nid = \"a\"\nname = \"A\"\nkind = \"tool\"\nbroader=[\"b\"]\n[[skill]]\nid = \"b\"\nname = \"B\"\nkind = \"tool\"\nbroader=[\"a\"]\n", "cycle"),
        ("[[skill]]\nid = \"a\"\nname = \"Same\"\nkind = \"tool\"\n[[skill]]\nid = \"b\"\nname = \"same\"\nkind = \"tool\"\n", "claimed by both"),
        ("[[skill]\n", "extra.toml"),
        ("[[skill]]\nid = \"a\"\nname = \"A\"\nkind = \"spaceship\"\n", "extra.toml"),
    ];
    for (text, expected) in cases {
        let err = Taxonomy::from_sources(&[("extra.toml", text)])
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{text:?}: {err}");
    }
    // Errors found once the sources are merged name the file to fix.
    let broader = Taxonomy::from_sources(&[
        ("small.toml", SMALL),
        (
            "extra.toml",
            "[[skill]]\nid = \"go\"\nbroader = [\"nope\"]\n",
        ),
    ])
    .unwrap_err()
    .to_string();
    assert!(broader.starts_with("extra.toml: "), "{broader}");
    let clash = Taxonomy::from_sources(&[
        ("small.toml", SMALL),
        (
            "extra.toml",
            "[[skill]]\nid = \"zig\"\nname = \"Golang\"\nkind = \"language\"\n",
        ),
    ])
    .unwrap_err()
    .to_string();
    assert!(
        clash.contains("(from small.toml)") && clash.contains("(from extra.toml)"),
        "{clash}"
    );
}

/// The shipped taxonomy: loads, is large, and resolves what recruiters type.
mod builtin {
    use super::*;

    fn t() -> Taxonomy {
        Taxonomy::builtin().expect("seeds/skills.toml loads")
    }

    #[test]
    fn loads_with_several_hundred_skills_of_every_kind() {
        let t = t();
        assert!(t.len() >= 400, "{} skills", t.len());
        for kind in [
            SkillKind::Language,
            SkillKind::Framework,
            SkillKind::Datastore,
            SkillKind::Tool,
            SkillKind::Practice,
            SkillKind::Soft,
        ] {
            assert!(
                t.skills().iter().filter(|s| s.kind == kind).count() >= 20,
                "{kind}"
            );
        }
    }

    /// C alone needs a word of programming on its line; the words that say
    /// how well a language is known, or that it is known, are such words:
    /// "Expert in C" on a firmware page asks for C.
    #[test]
    fn c_is_known_by_the_words_that_rate_a_language() {
        let t = t();
        let c = id(&t, "c");
        for text in [
            "Expert in C",
            "Expertise in C and assembly",
            "Experience in C",
            "Knowledge of C",
            "Strong skills in C",
            "Firmware written in C",
        ] {
            assert!(
                t.extract(text).iter().any(|m| m.skill == c),
                "{text:?} names no C"
            );
        }
        for text in [
            "A Series C start-up",
            "Expert in vitamin C research",
            "Plan C expert",
            "Grade C knowledge of maths",
        ] {
            assert!(
                t.extract(text).iter().all(|m| m.skill != c),
                "{text:?} names C"
            );
        }
    }

    /// Names h30's pages used that the taxonomy missed: ARM on a firmware
    /// page (never Azure's ARM templates), Stripe beside "integrate" or
    /// another payment provider.
    #[test]
    fn arm_and_stripe_as_pages_name_them() {
        let t = t();
        let has = |text: &str, slug: &str| extracted(&t, text).contains(&slug.to_string());
        assert!(has(
            "Experience with ARM Cortex-M microcontrollers",
            "arm-architecture"
        ));
        assert!(has("Firmware for ARM processors", "arm-architecture"));
        assert!(has("Experience with aarch64", "arm-architecture"));
        assert!(!has("Azure ARM templates and Bicep", "arm-architecture"));
        assert!(!has(
            "ARM templates for our hardware lab",
            "arm-architecture"
        ));
        assert!(!has(
            "We keep the ARM of the company strong",
            "arm-architecture"
        ));
        assert_eq!(t.resolve("ARM").skill(), Some(id(&t, "arm-architecture")));
        assert!(has("Integrate with Stripe and Adyen", "stripe"));
        assert!(!has("A blue Stripe on the logo", "stripe"));
    }

    /// Spoken languages as pages in other languages name them: German and
    /// French pages ask for English as "Englischkenntnisse", "Anglais
    /// courant" (h30: no English was read).
    #[test]
    fn spoken_languages_in_the_words_of_other_languages() {
        let t = t();
        for (text, slug) in [
            ("Sehr gute Deutsch- und gute Englischkenntnisse", "english"),
            ("Gute Englisch- und Deutschkenntnisse", "german"),
            ("Anglais courant", "english"),
            ("Inglés fluido", "english"),
            ("Französischkenntnisse von Vorteil", "french"),
            ("Allemand apprécié", "german"),
            ("Ingles avanzado", "english"),
        ] {
            assert!(
                extracted(&t, text).contains(&slug.to_string()),
                "{text:?}: {:?}",
                extracted(&t, text)
            );
        }
        // Typed without its accent, Inglés is English itself, not a typo
        // of it: the English word "ingles" (fireplaces) is an ordinary
        // word near "inglés", which would leave it unresolved.
        assert_eq!(t.resolve("Ingles"), Resolution::Exact(id(&t, "english")));
    }

    /// "A small team building logistics software" is a team at work, no
    /// ask for team building (h30); the skill keeps its own phrasings.
    #[test]
    fn a_team_that_builds_is_no_team_building() {
        let t = t();
        let tb = |text: &str| extracted(&t, text).contains(&"team-building".to_string());
        for text in [
            "We are a small team building logistics software",
            "Our team building the checkout",
            "A cross-functional team building payments",
        ] {
            assert!(!tb(text), "{text:?} asks for team building");
        }
        for text in [
            "Experience in team building",
            "Strong team building and mentoring skills",
            "Team building, hiring and coaching",
        ] {
            assert!(tb(text), "{text:?} asks for no team building");
        }
    }

    /// A veto of several words is the end of what comes before: "Ready to
    /// Go?" is a slogan (h30: it asked for Go), "migrate from Ruby to Go"
    /// and "Go is required" are the language.
    #[test]
    fn go_after_an_idiom_of_several_words_is_no_go() {
        let t = t();
        let go = |text: &str| extracted(&t, text).contains(&"go".to_string());
        for text in [
            "Are you Ready to Go?",
            "READY TO  Go!",
            "You are good to Go.",
            "It is time to Go.",
        ] {
            assert!(!go(text), "{text:?} names Go");
        }
        for text in [
            "We migrate from Ruby to Go",
            "Already to Go services",
            "Go is required",
            "Ready for Go",
        ] {
            assert!(go(text), "{text:?} names no Go");
        }
    }

    /// Names h30's and h24's pages used that the taxonomy missed: each is
    /// found in a page's or a resume's prose and resolves as a typed name.
    #[test]
    fn mobile_ci_and_certification_names_pages_use() {
        let t = t();
        for (text, slug) in [
            ("Experience with automated testing (Jest, Detox)", "detox"),
            (
                "Wrote E2E tests with Detox for our React Native app",
                "detox",
            ),
            ("Experience with Expo", "expo"),
            ("Built the app with Expo and React Native", "expo"),
            (
                "Knowledge of CI/CD for mobile (Fastlane, Bitrise)",
                "bitrise",
            ),
            (
                "Experience with Kotlin and Android Jetpack",
                "android-jetpack",
            ),
            (
                "Jetpack libraries (Room, ViewModel) on Android",
                "android-jetpack",
            ),
            ("CKA certification", "kubernetes-certifications"),
            (
                "Certified Kubernetes Administrator",
                "kubernetes-certifications",
            ),
            ("Redux or Zustand", "zustand"),
            ("Combine or RxSwift", "rxswift"),
            ("Experience with Celery", "celery"),
        ] {
            assert!(
                extracted(&t, text).contains(&slug.to_string()),
                "{text:?}: {:?}",
                extracted(&t, text)
            );
        }
        for (typed, slug) in [
            ("Detox", "detox"),
            ("Expo", "expo"),
            ("Bitrise", "bitrise"),
            ("Android Jetpack", "android-jetpack"),
            ("CKA", "kubernetes-certifications"),
            ("CKAD", "kubernetes-certifications"),
            ("RxSwift", "rxswift"),
            ("Zustand", "zustand"),
            ("Celery", "celery"),
        ] {
            assert_eq!(t.resolve(typed).skill(), Some(id(&t, slug)), "{typed}");
        }
        // A CKA holder knows Kubernetes; Expo is React Native.
        let k8s = id(&t, "kubernetes");
        let cka = id(&t, "kubernetes-certifications");
        assert!(t.ancestors(cka).iter().any(|a| a.skill == k8s));
        // Jetpack Compose is one of the Jetpack libraries, and still Android
        // at one hop.
        let compose = t.ancestors(id(&t, "jetpack-compose"));
        assert!(compose.iter().any(|a| a.skill == id(&t, "android-jetpack")));
        assert!(compose
            .iter()
            .any(|a| a.skill == id(&t, "android") && a.depth == 1));
        let rn = id(&t, "react-native");
        assert!(t.ancestors(id(&t, "expo")).iter().any(|a| a.skill == rn));
    }

    /// Detox, Expo, Celery and Jetpack are ordinary words too: a clinic's
    /// detox, a trade fair, a vegetable and a flying machine are none of
    /// the skills, in lower case or capitalised, while a line of mobile
    /// work or Python still names them.
    #[test]
    fn ordinary_detox_expo_celery_and_jetpack_are_no_skills() {
        let t = t();
        let has = |text: &str, slug: &str| extracted(&t, text).contains(&slug.to_string());
        for (skill, named, ordinary) in [
            (
                "detox",
                "Detox tests on iOS and Android",
                &[
                    "Completed a detox program",
                    "Completed a Detox program",
                    "Nurse on the Detox unit of a mobile clinic",
                    "Alcohol Detox nursing, patient testing",
                    "Detox and rehabilitation nursing",
                ][..],
            ),
            (
                "expo",
                "Shipped our mobile app with Expo",
                &[
                    "We exhibited at the trade expo",
                    "We exhibited at the Trade Expo for mobile apps",
                    "Visited the Expo booth for Android developers",
                    "Expo 2020 Dubai",
                ][..],
            ),
            (
                "celery",
                "Background jobs in Celery",
                &["Celery sticks and carrots", "Chopped Celery for the soup"][..],
            ),
            (
                "android-jetpack",
                "Jetpack on Android",
                &["Jetpack pilots fly at the show", "WordPress Jetpack plugin"][..],
            ),
        ] {
            assert!(has(named, skill), "{named:?} names no {skill}");
            for text in ordinary {
                assert!(!has(text, skill), "{text:?} names {skill}");
            }
        }
        // Beside Kubernetes the CKA is the certification; the page
        // compiler reads "(CKA welcome)" on a must-have line as a bonus
        // (catalog::compiler::tests::an_aside_on_a_must_have_line_is_a_bonus).
        assert!(has(
            "Kubernetes in production (CKA welcome, see the docs)",
            "kubernetes-certifications"
        ));
        assert!(!has("CKA welcome", "kubernetes-certifications"));
        assert!(has(
            "Certifications: CKA, CKAD",
            "kubernetes-certifications"
        ));
        // Words near the new names are not their typos.
        assert_eq!(t.resolve("Bitrise").skill(), Some(id(&t, "bitrise")));
        for word in ["Bitwise", "Detax"] {
            assert_eq!(t.resolve(word), Resolution::Unknown, "{word}");
        }
    }

    /// Names unseen mobile, ML, data science, .NET and cloud pages and
    /// resumes use that the taxonomy missed (h34): each is found in prose
    /// as pages and resumes write it, and resolves as a typed name.
    #[test]
    fn apple_android_ml_and_cloud_names_pages_and_resumes_use() {
        let t = t();
        for (text, slug) in [
            ("Experience with SwiftUI and Combine", "combine"),
            ("Knowledge of Combine or RxSwift", "combine"),
            ("Core Data and CloudKit on iOS", "core-data"),
            ("Kotlin, Retrofit, Dagger/Hilt", "retrofit"),
            ("Kotlin, Retrofit, Dagger/Hilt", "dagger"),
            ("Kotlin, Retrofit, Dagger/Hilt", "hilt"),
            ("Hilt for dependency injection", "dependency-injection"),
            ("Write unit and UI tests (JUnit, Espresso)", "espresso"),
            (
                "Tracked experiments in Weights & Biases",
                "weights-and-biases",
            ),
            ("Experiment tracking (MLflow, W&B)", "weights-and-biases"),
            ("wandb and MLflow", "weights-and-biases"),
            ("Unit tests with MSTest and NUnit", "mstest"),
            ("Fluency in R (tidyverse, ggplot2)", "tidyverse"),
            ("Fluency in R (tidyverse, ggplot2)", "ggplot2"),
            ("Dashboards in R Shiny", "r-shiny"),
            (
                "Build interactive Shiny apps for statistical analysis",
                "r-shiny",
            ),
            ("Amazon VPC design and peering", "aws-vpc"),
            (
                "Experience with AWS (EC2, IAM, VPC)",
                "virtual-private-cloud",
            ),
            ("Experience with AWS security (IAM, KMS)", "aws-kms"),
            ("Encryption at rest with AWS KMS", "aws-kms"),
            ("Azure certifications (AZ-104)", "azure-certifications"),
            (
                "Microsoft Certified: Azure Administrator Associate",
                "azure-certifications",
            ),
            (
                "Abgeschlossenes Studium der Informatik oder vergleichbare Ausbildung",
                "computer-science",
            ),
        ] {
            assert!(
                extracted(&t, text).contains(&slug.to_string()),
                "{text:?}: {:?}",
                extracted(&t, text)
            );
        }
        for (typed, slug) in [
            ("Combine", "combine"),
            ("Core Data", "core-data"),
            ("CoreData", "core-data"),
            ("Dagger", "dagger"),
            ("Dagger Hilt", "hilt"),
            ("Hilt", "hilt"),
            ("Retrofit", "retrofit"),
            ("Espresso", "espresso"),
            ("W&B", "weights-and-biases"),
            ("wandb", "weights-and-biases"),
            ("Weights & Biases", "weights-and-biases"),
            ("MSTest", "mstest"),
            ("tidyverse", "tidyverse"),
            ("dplyr", "tidyverse"),
            ("ggplot2", "ggplot2"),
            ("Shiny", "r-shiny"),
            ("R Shiny", "r-shiny"),
            ("VPC", "virtual-private-cloud"),
            ("AWS VPC", "aws-vpc"),
            ("KMS", "aws-kms"),
            ("AZ-104", "azure-certifications"),
            ("AZ-900", "azure-certifications"),
            ("Informatik", "computer-science"),
        ] {
            assert_eq!(t.resolve(typed).skill(), Some(id(&t, slug)), "{typed}");
        }
        let broader = |narrow: &str, wide: &str, depth: u8| {
            t.ancestors(id(&t, narrow))
                .iter()
                .any(|a| a.skill == id(&t, wide) && a.depth == depth)
        };
        for (narrow, wide, depth) in [
            ("hilt", "dagger", 1),
            ("hilt", "android", 1),
            ("dagger", "android", 1),
            ("dagger", "dependency-injection", 1),
            ("retrofit", "android", 1),
            ("espresso", "android", 1),
            ("espresso", "test-automation", 1),
            ("core-data", "ios", 1),
            ("combine", "swift", 1),
            ("weights-and-biases", "mlops", 1),
            ("mstest", "csharp", 1),
            ("ggplot2", "tidyverse", 1),
            ("tidyverse", "r", 1),
            ("r-shiny", "r", 1),
            ("aws-vpc", "aws", 1),
            ("aws-vpc", "virtual-private-cloud", 1),
            ("aws-kms", "aws", 1),
            ("azure-certifications", "azure", 1),
        ] {
            assert!(broader(narrow, wide, depth), "{narrow} -> {wide}");
        }
        // A VPC alone is no AWS: GCP's and Azure's are VPCs too.
        assert!(!t
            .ancestors(id(&t, "virtual-private-cloud"))
            .iter()
            .any(|a| a.skill == id(&t, "aws")));
    }

    /// Combine, Core Data, Dagger, Hilt, Retrofit, Espresso, Shiny, KMS and
    /// "weights and biases" are ordinary words or other things too: a
    /// verb, a data team's platform, a knife, a building's refit, coffee,
    /// an adjective, kernel mode setting and a network's parameters are
    /// none of the skills, even with a word of the field on the line.
    #[test]
    fn ordinary_combine_espresso_shiny_and_retrofit_are_no_skills() {
        let t = t();
        let has = |text: &str, slug: &str| extracted(&t, text).contains(&slug.to_string());
        for (skill, ordinary) in [
            (
                "combine",
                &[
                    "Combine your iOS expertise with a passion for design",
                    "Combine data from iOS and Android apps",
                    "We combine Swift and Kotlin",
                    "The NFL Combine for Swift and iOS fans",
                ][..],
            ),
            (
                "core-data",
                &[
                    "You will own our core data platform on iOS",
                    "Our Core Data Platform team builds pipelines in Swift",
                ][..],
            ),
            (
                "dagger",
                &[
                    "Cloak and Dagger tactics in mobile gaming",
                    "A dagger on the logo",
                ][..],
            ),
            ("hilt", &["Backed to the Hilt by our Android investors"][..]),
            (
                "retrofit",
                &[
                    "We retrofit the warehouse with Android scanners",
                    "Retrofit the warehouse with Android scanners",
                    "Seismic Retrofit projects using Java-based tools",
                ][..],
            ),
            (
                "espresso",
                &[
                    "Espresso machine and Android test devices in the office",
                    "Free espresso for the Android team",
                    "Double Espresso for the test team",
                ][..],
            ),
            (
                "r-shiny",
                &[
                    "A shiny new office in Berlin",
                    "Shiny new dashboards for our analytics team",
                ][..],
            ),
            (
                "aws-kms",
                &[
                    "Linux DRM/KMS graphics drivers for embedded displays",
                    "Cloud KMS on GCP for encryption",
                    "Drove 200 kms a day",
                ][..],
            ),
            (
                "weights-and-biases",
                &["Initialise the Weights and Biases of the network in PyTorch"][..],
            ),
            (
                "azure-certifications",
                &["Azure in production (AZ-104 welcome)"][..],
            ),
        ] {
            for text in ordinary {
                assert!(!has(text, skill), "{text:?} names {skill}");
            }
        }
    }

    /// What resumes and pages of mobile, data, frontend, security,
    /// embedded, QA, game and .NET work list beside the languages (h34's
    /// samples): each is found in prose and resolves as a typed name,
    /// and the ordinary words among them ("Room for growth", "in the
    /// Realm of", "Dapper young men", "a Blender for the kitchen",
    /// "Enterprise Service Bus", "step functions" of mathematics) are none.
    #[test]
    fn names_of_other_fields_resumes_list() {
        let t = t();
        for (text, slug) in [
            ("Kotlin, Coroutines, Room, Retrofit, Hilt", "android-room"),
            ("Persistence with Realm or Core Data on iOS", "realm"),
            ("Networking with Alamofire in Swift", "alamofire"),
            ("Push notifications via APNs and FCM", "push-notifications"),
            ("Beta builds via TestFlight", "testflight"),
            (
                "Experience with Firebase (Crashlytics, Remote Config)",
                "crashlytics",
            ),
            ("Dependency injection with Koin on Android", "koin"),
            ("Unit tests with Robolectric and MockK", "mockk"),
            ("Dask and Polars for large dataframes in Python", "polars"),
            ("Deployed models on Amazon SageMaker", "sagemaker"),
            (
                "Keep data quality checks green (Great Expectations)",
                "great-expectations",
            ),
            (
                "Orchestrated with AWS Step Functions and Lambda",
                "aws-step-functions",
            ),
            (
                "Unit tests with Jest and React Testing Library",
                "react-testing-library",
            ),
            ("EDR tools such as CrowdStrike Falcon", "endpoint-security"),
            ("Mapped detections to MITRE ATT&CK", "mitre-attack"),
            ("Yocto / embedded Linux", "yocto"),
            ("Firmware in Embedded C on ESP32", "embedded-c"),
            (
                "Models in MATLAB/Simulink, AUTOSAR, MISRA C compliance",
                "misra",
            ),
            (
                "Test cases in TestRail, performance with LoadRunner",
                "testrail",
            ),
            ("Godot or Unity game engine experience", "godot"),
            ("Assets in Blender and Autodesk Maya", "blender"),
            ("LINQ, SignalR, Dapper, Entity Framework", "dapper"),
            ("SSIS packages, SSRS reports and SSAS cubes", "ssas"),
            (
                "Azure | App Service, Service Bus, Key Vault",
                "azure-service-bus",
            ),
            (
                "Azure | App Service, Service Bus, Key Vault",
                "azure-key-vault",
            ),
        ] {
            assert!(
                extracted(&t, text).contains(&slug.to_string()),
                "{text:?}: {:?}",
                extracted(&t, text)
            );
        }
        for (typed, slug) in [
            ("Room", "android-room"),
            ("Realm", "realm"),
            ("SPM", "swift-package-manager"),
            ("RxJava", "rxjava"),
            ("Vertex AI", "vertex-ai"),
            ("Azure ML", "azure-machine-learning"),
            ("Fivetran", "fivetran"),
            ("NgRx", "ngrx"),
            ("CrowdStrike", "endpoint-security"),
            ("Embedded Linux", "embedded-linux"),
            ("BrowserStack", "browserstack"),
            ("Robot Framework", "robot-framework"),
            ("DirectX", "directx"),
            ("Game Design", "game-design"),
            ("LINQ", "linq"),
            ("Moq", "moq"),
            ("IIS", "iis"),
            // One edit from Sass, the stylesheet language, before.
            ("SSAS", "ssas"),
            ("Azure SQL", "azure-sql"),
        ] {
            assert_eq!(t.resolve(typed).skill(), Some(id(&t, slug)), "{typed}");
        }
        let has = |text: &str, slug: &str| extracted(&t, text).contains(&slug.to_string());
        for (text, slug) in [
            ("Room for growth on our Android team", "android-room"),
            (
                "Book the meeting Room for the Android guild",
                "android-room",
            ),
            ("In the Realm of mobile apps we lead", "realm"),
            ("Dapper young men in suits", "dapper"),
            ("Blender and kitchen appliances", "blender"),
            (
                "Enterprise Service Bus integration with MuleSoft",
                "azure-service-bus",
            ),
            (
                "Heaviside step functions in signal processing",
                "aws-step-functions",
            ),
            (
                "We have Great Expectations for this data role",
                "great-expectations",
            ),
        ] {
            assert!(!has(text, slug), "{text:?} names {slug}");
        }
        // An SQL Server tool is SQL Server; Room is Jetpack's and Android's.
        let sql_server = id(&t, "sql-server");
        assert!(t
            .ancestors(id(&t, "ssas"))
            .iter()
            .any(|a| a.skill == sql_server));
        let room = t.ancestors(id(&t, "android-room"));
        assert!(room.iter().any(|a| a.skill == id(&t, "android-jetpack")));
        assert!(room
            .iter()
            .any(|a| a.skill == id(&t, "android") && a.depth == 1));
    }

    /// How people write their work in a CV: past tenses of practices,
    /// "large-scale" alone; and idioms that are not the Go language.
    /// Words around a known name that say who or how well ("Java
    /// Engineer", "Strong Security", "Grafana: 4") give that skill: the
    /// whole string is never read as a typo of another skill ("java
    /// engineer" is two edits from "data engineer"). A name that is a
    /// skill itself keeps resolving as one.
    #[test]
    fn words_around_a_known_name_give_that_skill_not_a_typo_of_the_whole() {
        let t = t();
        let cache = ResolverCache::new(256);
        for (typed, slug) in [
            ("Java Engineer", "java"),
            ("Dart Engineer", "dart"),
            ("Caching Engineer", "caching"),
            ("Strong Security", "security"),
            ("Grafana: 4", "grafana"),
            ("Security: 4", "security"),
            ("Istio certified", "istio"),
            ("SEO experience", "seo"),
            ("Senior Java", "java"),
            ("Advanced Java", "java"),
            ("Java Developer", "java"),
            ("Java Expert", "java"),
            ("Python Developer", "python"),
            ("Expert in Python", "python"),
            ("Senior Kubernates Engineer", "kubernetes"),
        ] {
            let meant = Resolution::Qualified(id(&t, slug));
            assert_eq!(t.resolve(typed), meant, "{typed:?}");
            assert_eq!(t.resolve_cached(typed, &cache), meant, "{typed:?}");
        }
        for (typed, slug) in [
            ("Data Engineering", "data-engineering"),
            ("Spring Security", "spring-framework"),
            ("React Native", "react-native"),
        ] {
            assert_eq!(
                t.resolve(typed),
                Resolution::Exact(id(&t, slug)),
                "{typed:?}"
            );
        }
        // Nothing known inside the words: no guess at the whole either.
        assert_eq!(t.resolve("Forklift Engineer"), Resolution::Unknown);
        // A typo of a whole name that keeps the words is that name's
        // skill, before a typo of the part between them ("Raect" is React).
        for (typed, slug) in [("Raect Native", "react-native"), ("iso 27010", "iso-27001")] {
            assert_eq!(t.resolve(typed).skill(), Some(id(&t, slug)), "{typed:?}");
            assert_eq!(t.resolve_cached(typed, &cache).skill(), Some(id(&t, slug)));
        }
    }

    /// Tools one edit from another skill's name are skills of their own:
    /// xUnit and NUnit are no JUnit (which implies Java), SCADA no Scala,
    /// Serilog no Verilog, GoLand (the IDE) no Go; "Phyton" is Python.
    /// Short confusables still never cross.
    #[test]
    fn tools_near_other_skills_resolve_to_themselves() {
        let t = t();
        for (typed, slug) in [
            ("xUnit", "xunit"),
            ("xUnit.net", "xunit"),
            ("NUnit", "nunit"),
            ("SCADA", "scada"),
            ("Serilog", "serilog"),
            ("GoLand", "goland"),
            ("Phyton", "python"),
            ("JUnit", "junit"),
            ("Scala", "scala"),
            ("Verilog", "verilog"),
        ] {
            assert_eq!(
                t.resolve(typed),
                Resolution::Exact(id(&t, slug)),
                "{typed:?}"
            );
        }
        let csharp = id(&t, "csharp");
        for tool in ["xunit", "nunit"] {
            assert!(
                t.ancestors(id(&t, tool)).iter().any(|a| a.skill == csharp),
                "{tool}"
            );
        }
        assert_eq!(t.resolve("Go").skill(), Some(id(&t, "go")));
        assert_eq!(t.resolve("Git").skill(), Some(id(&t, "git")));
        assert_eq!(t.resolve("R"), Resolution::Exact(id(&t, "r")));
    }

    /// A compound name with years or a level beside it resolves whole, as
    /// it does alone: "React Native (5 years)" is React Native, not React
    /// and the qualifier "native"; "CI/CD: 4" is CI/CD, not CI and "CD".
    #[test]
    fn a_name_with_its_qualifier_taken_off_resolves_whole() {
        let t = t();
        let cache = ResolverCache::new(256);
        for (typed, slug) in [
            ("React Native (5 years)", "react-native"),
            ("React Native - Expert", "react-native"),
            ("Cloud Native (5 years)", "cloud-native"),
            ("CI/CD (5 years)", "ci-cd"),
            ("CI/CD: 4", "ci-cd"),
            ("PL/SQL (5 years)", "plsql"),
            ("Machine Learning (5 years)", "machine-learning"),
            ("Ruby (6 months)", "ruby"),
            ("Ruby 1-3 years", "ruby"),
            ("Go (3 years 6 months)", "go"),
            ("Go 2y", "go"),
        ] {
            let meant = Resolution::Qualified(id(&t, slug));
            assert_eq!(t.resolve(typed), meant, "{typed:?}");
            assert_eq!(t.resolve_cached(typed, &cache), meant, "{typed:?}");
        }
        assert_eq!(t.unwrapped("CI/CD (5 years)", &cache), Some("CI/CD"));
        assert_eq!(t.unwrapped("Grafana: 4", &cache), Some("Grafana"));
        assert_eq!(t.unwrapped("Grafana", &cache), None);
    }

    #[test]
    fn resume_wording_of_practices_and_go_idioms() {
        let t = t();
        let has = |text: &str, id: &str| extracted(&t, text).iter().any(|s| s == id);
        assert!(has("Debugged latency in production", "debugging"));
        assert!(has("Troubleshot production incidents", "troubleshooting"));
        assert!(has("Reviewed code daily", "code-review"));
        assert!(has(
            "large-scale, high-volume production systems",
            "large-scale-systems"
        ));
        assert!(has("Ran services at large scale", "large-scale-systems"));
        assert!(!has("GTM and Go/No-Go decisions", "go"));
        assert!(!has("Played Go competitively (5 dan)", "go"));
        assert!(has("Wrote Go/Rust services", "go"));
        assert!(has("Migrated the service from Ruby to Go", "go"));
        assert!(!has(
            "Patient care, medication administration, triage, BLS/ACLS",
            "triage"
        ));
        assert!(has("Weekly triage of incoming issues", "triage"));
        // Abbreviations that mean something else in healthcare and
        // statistics pages.
        assert!(!has(
            "Experience with CMS quality measures and HEDIS",
            "cms"
        ));
        assert!(has("Built the marketing website on a headless CMS", "cms"));
        assert!(has("SAS or R for measure validation", "r"));
    }

    /// An employer or a venue named after a skill is no mention of it
    /// (h26: a shift manager at Ruby Tuesday met a backend role's Ruby):
    /// the skill's name, then a capitalised word such as a legal form, a
    /// business or a weekday. A longer name of a skill still reads as it.
    #[test]
    fn employers_and_venues_named_after_a_skill_are_not_it() {
        let t = t();
        for text in [
            "Shift manager at Ruby Tuesday for 5 years.",
            "Machinist at Swift Industries.",
            "Accountant at Oracle Corporation, handling accounts payable.",
            "Pharmacist at Elixir Health pharmacy.",
            "Cashier at Java Cafe",
            "Barista at Java Café",
            "Usher at the Scala Theatre in London.",
            "Analyst at Python Holdings Ltd",
        ] {
            assert!(
                extracted(&t, text).is_empty(),
                "{text}: {:?}",
                extracted(&t, text)
            );
        }
        assert_eq!(
            extracted(
                &t,
                "Java developer at Ruby Tuesday, then Go at Swift Industries"
            ),
            ["java", "go"]
        );
        // Not a proper name: lower case, or no organisation word.
        assert_eq!(
            extracted(&t, "Ruby health checks and Go tooling"),
            ["ruby", "go"]
        );
        assert_eq!(
            extracted(&t, "Ruby, Swift, Oracle"),
            ["ruby", "swift", "oracle-database"]
        );
        assert_eq!(
            extracted(&t, "Java EE and Oracle Database"),
            ["java-ee", "oracle-database"]
        );
    }

    /// Names that are English words count in lower case only as items of
    /// a list a skills label opens (h26: "Tech: go, rust, react, swift,
    /// helm, spark, rails" claimed Rails alone); prose and other lists
    /// still read them as words.
    #[test]
    fn lower_case_names_count_in_a_labelled_skills_list() {
        let t = t();
        assert_eq!(
            extracted(&t, "Tech: go, rust, react, swift, helm, rails"),
            ["go", "rust", "react", "swift", "helm", "ruby-on-rails"]
        );
        assert_eq!(
            extracted(&t, "- **Tech stack**: python / go; html.\nBuilt it in go"),
            ["python", "go", "html"]
        );
        for text in [
            "Hobbies: go, chess, hiking",
            "Skills: ready to go, rust removal",
            "Tech: we go, fast",
            "Tech: go-to person",
            "Skills: python. Then go, again",
            "i write go every day and some rust.",
        ] {
            let found = extracted(&t, text);
            assert!(
                !found.iter().any(|s| s == "go" || s == "rust"),
                "{text}: {found:?}"
            );
        }
    }

    /// Words of security, BI and support pages that named the wrong skill
    /// (h17): a vulnerability class is no SQL, a sales dashboard no
    /// monitoring, a swift turnaround no Swift; Elastic is Elasticsearch.
    #[test]
    fn vulnerabilities_dashboards_and_swift_turnarounds() {
        let t = t();
        let skills = |text: &str| extracted(&t, text);
        let owasp =
            skills("Deep knowledge of common web vulnerabilities (XSS, SQL injection, SSRF)");
        assert!(!owasp.iter().any(|s| s == "sql"), "{owasp:?}");
        assert!(
            owasp.iter().any(|s| s == "web-vulnerabilities"),
            "{owasp:?}"
        );
        assert!(skills("Wrote SQL queries").iter().any(|s| s == "sql"));
        assert!(!skills("Swift turnaround on customer tickets is expected")
            .iter()
            .any(|s| s == "swift"));
        assert!(skills("Swift is required").iter().any(|s| s == "swift"));
        let siem = skills("SIEM tools (Splunk or Elastic)");
        assert!(siem.iter().any(|s| s == "elasticsearch"), "{siem:?}");
        assert!(!skills("elastic scaling of workloads")
            .iter()
            .any(|s| s == "elasticsearch"));
        let id = |name: &str| t.by_id(name).expect(name);
        let implies = |narrow: &str, broad: &str| {
            t.ancestors(id(narrow)).iter().any(|a| a.skill == id(broad))
        };
        assert!(!implies("dashboards", "monitoring"));
        assert!(implies("grafana", "monitoring") && implies("kibana", "monitoring"));
        // The American Welding Society's certificates are no cloud.
        assert!(
            !skills("Journeyman welder, AWS D1.1 certified structural welding.")
                .iter()
                .any(|s| s == "aws")
        );
        assert!(skills("AWS certified solutions architect")
            .iter()
            .any(|s| s == "aws"));
        // Spring beside another backend framework is the framework.
        assert!(skills("Experience with Spring or Node.js")
            .iter()
            .any(|s| s == "spring-framework"));
        assert!(!skills("Spring is my favourite season")
            .iter()
            .any(|s| s == "spring-framework"));
    }

    /// Asks of QA, embedded, ML, health and payments pages from other
    /// companies (h17) that were dropped as unknown.
    #[test]
    fn asks_of_other_industries_are_known() {
        let t = t();
        for (typed, id) in [
            ("ISTQB", "istqb"),
            ("ISO 26262", "functional-safety"),
            ("ONNX", "onnx"),
            ("TensorRT", "tensorrt"),
            ("DICOM", "dicom"),
            ("REST Assured", "rest-assured"),
            ("AWS Glue", "aws-glue"),
            ("Kotlin Multiplatform", "kotlin-multiplatform"),
            ("Adyen", "adyen"),
        ] {
            assert_eq!(
                t.resolve(typed).skill().map(|s| t.skill(s).id.as_str()),
                Some(id),
                "{typed}"
            );
        }
        let kmp = t.by_id("kotlin-multiplatform").expect("kmp");
        let kotlin = t.by_id("kotlin").expect("kotlin");
        assert!(t.ancestors(kmp).iter().any(|a| a.skill == kotlin));
    }

    #[test]
    fn aliases_typos_and_confusables() {
        let t = t();
        let is = |typed: &str, slug: &str| {
            assert_eq!(
                t.resolve(typed).skill().map(|s| t.skill(s).id.as_str()),
                Some(slug),
                "{typed:?}"
            );
        };
        is("golang", "go");
        is("postgres", "postgresql");
        is("k8s", "kubernetes");
        is("RoR", "ruby-on-rails");
        is("Kubernates", "kubernetes");
        is("Postgress", "postgresql");
        is("Javascript", "javascript");
        is("Java", "java");
        is("Git", "git");
        is("C#", "csharp");
        is("NoSQL", "nosql");
        is("SQL", "sql");
        // Shorthand applicants type.
        is("rb", "ruby");
        is("py", "python");
        is("pg", "postgresql");
        is("gql", "graphql");
        is("grpc-go", "grpc");
        is("SLOs/SLIs", "slos");
        is("dba", "database-administration");
        // Ambiguous shorthand is reported, not guessed.
        assert_eq!(t.resolve("tf"), Resolution::Unknown);
        assert_ne!(t.resolve("Go"), t.resolve("Git"));
        assert_ne!(t.resolve("Java"), t.resolve("JavaScript"));
        assert_eq!(t.resolve("Forklift operation"), Resolution::Unknown);
    }

    #[test]
    fn broader_relations_the_issue_names() {
        let t = t();
        let implies = |narrow: &str, broad: &str| {
            let n = t.by_id(narrow).expect(narrow);
            let b = t.by_id(broad).expect(broad);
            assert!(
                t.ancestors(n).iter().any(|a| a.skill == b),
                "{narrow} should imply {broad}"
            );
        };
        implies("ruby-on-rails", "ruby");
        implies("postgresql", "sql");
        implies("postgresql", "relational-databases");
        implies("sinatra", "ruby");
        implies("hanami", "ruby");
        implies("kubernetes", "containers");
    }

    #[test]
    fn prose_extraction_on_seed_like_lines() {
        let t = t();
        let ids = |text: &str| -> Vec<String> {
            t.extract(text)
                .into_iter()
                .map(|m| t.skill(m.skill).id.clone())
                .collect()
        };
        assert!(
            !ids("A go-for-it attitude and willing to go the extra mile")
                .contains(&"go".to_string())
        );
        let gitter = ids("Gitter uses MongoDB, Redis, and Elasticsearch for backend storage.");
        for skill in ["mongodb", "redis", "elasticsearch"] {
            assert!(gitter.contains(&skill.to_string()), "{gitter:?}");
        }
        let deploy =
            ids("Chef experience (writing complex cookbooks from scratch, custom providers)");
        assert!(deploy.contains(&"chef".to_string()), "{deploy:?}");
        assert!(!ids("Head Chef at a busy restaurant").contains(&"chef".to_string()));
        let js = ids("Strong client-side JavaScript experience and some Java");
        assert!(
            js.contains(&"javascript".to_string()) && js.contains(&"java".to_string()),
            "{js:?}"
        );
        assert!(!ids("Experience in using GitLab and GitLab CI.").contains(&"git".to_string()));
        assert_eq!(
            ids("Flutter state with Bloc or Riverpod"),
            ["flutter", "flutter-bloc", "riverpod"]
        );
        // Neighbours that make a name another word, whatever its form.
        for text in [
            "Installed guard rails on the loading dock",
            "Replaced Spark plugs weekly",
            "Removed Rust from the hull",
            "A Swift learner",
            "Patient charting on night shifts",
            // A nurse's duties: clinical triage, the on-call physician,
            // insurers' prior authorizations.
            "Perform telephone and video triage",
            "Triage symptoms over the phone",
            "Escalate urgent cases to the on-call physician",
            "Coordinate prior authorizations",
            // A fintech's payment rails and interbank messages.
            "Connections to payment rails",
            "Reconcile SWIFT messages and SWIFT transfers",
            // An acronym in prose: capitals alone do not make the language.
            "Connected to SEPA and SWIFT",
            "We clear via SWIFT daily",
            // A product's feature, not a way of working.
            "Shipped flags with Remote Config",
            "Supported users over remote desktop",
            // A bloc of countries is no Flutter library.
            "Exports within the trading bloc",
        ] {
            assert!(ids(text).is_empty(), "{text}: {:?}", ids(text));
        }
        // An acronym defined in place names the words before it: PSD2's
        // Strong Customer Authentication is no Software Composition
        // Analysis, which its own name (or the acronym alone) still is.
        assert!(
            !ids("PSD2 Strong Customer Authentication (SCA) flows").contains(&"sca".to_string())
        );
        assert_eq!(ids("Software Composition Analysis (SCA)"), ["sca"]);
        assert_eq!(ids("Tools: SCA"), ["sca"]);
        // A cloud data warehouse is a data warehouse, not a cloud ask; a
        // Snowflake user has worked in the cloud.
        assert_eq!(
            ids("Experience with a cloud data warehouse"),
            ["data-warehousing"]
        );
        assert_eq!(
            ids("Bug triage, on-call rotations and authorization"),
            ["triage", "on-call", "authorization"]
        );
        assert_eq!(
            ids("Built Rails apps and Spark jobs"),
            ["ruby-on-rails", "apache-spark"]
        );
        // Both kinds of communication, not the last one named.
        for text in [
            "Excellent written and verbal communication skills",
            "Strong verbal and written communication",
        ] {
            assert_eq!(ids(text), ["communication"], "{text}");
        }
    }
}

/// Ordinary words near a skill's name are not its typos ("Sales" is not
/// SLES, "Scale" not Scala, "Query" not jQuery); typos still are, and a
/// taxonomy file can name more such words. Four-letter names are one
/// edit from too many words and acronyms ("Sage" and SAFe, "ACLS" and
/// ACAS): between them only swapped or doubled letters are typos.
#[test]
fn ordinary_words_are_not_typos_of_skills() {
    let t = Taxonomy::builtin().expect("built-in taxonomy");
    for word in [
        "Sales", "Scale", "Shift", "Flash", "Pearl", "Query", "Sprint", "Trust",
    ] {
        assert_eq!(t.resolve(word), Resolution::Unknown, "{word}");
    }
    for four in ["Sage", "ACLS"] {
        assert_eq!(t.resolve(four), Resolution::Unknown, "{four}");
    }
    for (typo, id) in [
        ("Kubernates", "kubernetes"),
        ("Pyton", "python"),
        ("Jenkin", "jenkins"),
        ("Rubby", "ruby"),
        ("Jaav", "java"),
        ("Lnux", "linux"),
        ("Scala", "scala"),
    ] {
        let want = t.by_id(id).expect("built-in skill");
        assert_eq!(t.resolve(typo).skill(), Some(want), "{typo}");
    }
    let extended = Taxonomy::from_sources(&[
        BUILTIN_SOURCES[0],
        BUILTIN_SOURCES[1],
        ("extra.toml", "ordinary_words = [\"Kubernates\"]"),
    ])
    .expect("extended taxonomy");
    assert_eq!(extended.resolve("Kubernates"), Resolution::Unknown);
}

/// Words seeds/ordinary-words.py finds near names added since the list
/// was last made: near older names (Plastic was one edit from
/// Elasticsearch's "elastic", Block from Bloc, Radar from QRadar, Photon
/// and Peyton from Python, Roland from GoLand) and near new ones
/// ("Framework" two from "DI framework", "Information" from
/// "Informatik", "Test" from qTest, "Ready" from readr, "Short" and
/// "Sport" from Snort, "Vent" from VNet, "Singles" from "ingles"). Each is
/// reported unresolved, while typos of the new names still resolve.
#[test]
fn words_near_names_added_since_the_list_are_ordinary() {
    let t = Taxonomy::builtin().expect("built-in taxonomy");
    for word in [
        "Plastic",
        "Block",
        "Radar",
        "Photon",
        "Peyton",
        "Roland",
        "Elastin",
        "Framework",
        "Information",
        "Test",
        "Ready",
        "Short",
        "Sport",
        "Vent",
        "Attack",
        "Signals",
        "Shine",
        "Danger",
        "Damper",
        "Groom",
        "Singles",
        "Angles",
    ] {
        assert_eq!(t.resolve(word), Resolution::Unknown, "{word}");
    }
    for (typo, id) in [("Espreso", "espresso"), ("Tidyvese", "tidyverse")] {
        let want = t.by_id(id).expect("built-in skill");
        assert_eq!(t.resolve(typo).skill(), Some(want), "{typo}");
    }
}

/// Electron and CRDTs were unknown on an Ashby page ("Bonus: experience with
/// CRDTs or Electron": Electron needed a context word such as "desktop");
/// the physics particle, capitalised or not, is still no framework.
#[test]
fn electron_and_crdts_are_read_but_not_the_particle() {
    let t = Taxonomy::builtin().expect("built-in taxonomy");
    assert_eq!(
        extracted(&t, "Bonus: experience with CRDTs or Electron"),
        vec!["crdts", "electron"]
    );
    assert_eq!(
        extracted(&t, "Conflict-free replicated data types in Rust"),
        vec!["crdts", "rust"]
    );
    for physics in [
        "Electron microscopy of thin films",
        "operated a scanning Electron microscope",
        "Transmission Electron Microscope (TEM) training",
        "an electron beam lithography tool",
        "Free Electron laser beamline",
        "Electron transport in semiconductors",
    ] {
        assert!(
            !extracted(&t, physics).contains(&"electron".to_string()),
            "{physics:?} gave {:?}",
            extracted(&t, physics)
        );
    }
}
