//! Engine tests on a small hand-built catalog, independent of the page
//! compiler: the scoring rules and their properties.

use std::sync::Arc;

use proptest::prelude::*;

use super::*;

use crate::catalog::{Catalog, Role};
use crate::test_support::engine;

fn claim(name: &str, level: u8) -> SkillClaim {
    SkillClaim {
        name: name.into(),
        level: Some(level),
        years: None,
    }
}

/// A claim by name alone, no level nor years.
fn unrated(name: &str) -> SkillClaim {
    SkillClaim {
        name: name.into(),
        level: None,
        years: None,
    }
}

fn candidate(skills: Vec<SkillClaim>, years: f64) -> Candidate {
    Candidate {
        id: "c".into(),
        skills,
        years_experience: Some(years),
        management_years: None,
        resume_text: String::new(),
    }
}

fn all(explain: bool) -> ScoreOptions {
    ScoreOptions {
        explain,
        ..ScoreOptions::default()
    }
}

fn score_of(engine: &Engine, c: &Candidate, role: &str) -> RoleScore {
    engine
        .score(c, &all(true))
        .expect("scores")
        .scores
        .into_iter()
        .find(|s| s.role_id == role)
        .expect("role scored")
}

#[test]
fn a_perfect_candidate_scores_one_and_ranks_its_role_first() {
    let e = engine();
    let c = candidate(
        vec![
            claim("Ruby", 4),
            claim("Go", 3),
            claim("gRPC", 3),
            claim("Git", 3),
        ],
        8.0,
    );
    let scores = e.score(&c, &all(true)).unwrap();
    assert_eq!(scores.scores[0].role_id, "gitaly");
    assert!(
        (scores.scores[0].score - 1.0).abs() < 1e-9,
        "{:?}",
        scores.scores[0]
    );
    assert!(scores.scores[0].meets_requirements);
    assert_eq!(scores.catalog_version, e.version());
}

#[test]
fn missing_must_have_is_reported_and_penalised() {
    let e = engine();
    let without = candidate(vec![claim("Go", 5), claim("gRPC", 5), claim("Git", 5)], 8.0);
    let s = score_of(&e, &without, "gitaly");
    assert!(!s.meets_requirements);
    assert_eq!(s.missing_required, vec!["ruby".to_string()]);
    assert_eq!(s.penalty_factor, 0.5);
    assert!((s.score - s.raw_score * 0.5).abs() < 1e-12);
    let with = candidate(
        vec![
            claim("Go", 5),
            claim("gRPC", 5),
            claim("Git", 5),
            claim("Ruby", 1),
        ],
        8.0,
    );
    assert!(score_of(&e, &with, "gitaly").score > s.score);
}

#[test]
fn narrower_skills_earn_partial_credit_and_meet_must_haves() {
    let e = engine();
    // Rails implies Ruby: it meets Gitaly's Ruby must-have at reduced credit.
    let rails = candidate(vec![claim("Rails", 4)], 8.0);
    let s = score_of(&e, &rails, "gitaly");
    assert!(s.meets_requirements, "{s:?}");
    let ruby_match = s
        .matches
        .iter()
        .find(|m| m.skill_id == "ruby")
        .expect("ruby credited");
    // Credits are 16.16 fixed point: exact to 2^-16.
    assert!((ruby_match.credit - f64::from(NARROWER_FACTOR)).abs() < 2e-5);
    assert_eq!(ruby_match.matched_from, "Rails");
    // PostgreSQL counts for SQL.
    let pg = candidate(vec![claim("postgres", 4)], 8.0);
    let s = score_of(&e, &pg, "database");
    assert!(s
        .matches
        .iter()
        .any(|m| m.skill_id == "sql" && m.credit > 0.0));
    // Ruby alone does not meet a Rails must-have, but earns a little.
    let ruby = candidate(vec![claim("Ruby", 5)], 8.0);
    let s = score_of(&e, &ruby, "database");
    assert_eq!(s.missing_required, vec!["ruby-on-rails".to_string()]);
    assert!(s
        .matches
        .iter()
        .any(|m| m.skill_id == "ruby-on-rails" && m.credit > 0.0 && m.credit < 0.5));
}

#[test]
fn any_of_group_counts_once_by_its_best_member() {
    let e = engine();
    let one = candidate(vec![claim("Java", 3)], 5.0);
    let three = candidate(
        vec![claim("Java", 3), claim("Go", 3), claim("Ruby", 3)],
        5.0,
    );
    let a = score_of(&e, &one, "polyglot");
    let b = score_of(&e, &three, "polyglot");
    assert!(a.meets_requirements && b.meets_requirements);
    assert_eq!(a.score, b.score);
    let weak = candidate(vec![claim("Java", 1), claim("Go", 3)], 5.0);
    let w = score_of(&e, &weak, "polyglot");
    assert_eq!(
        w.matches
            .iter()
            .filter(|m| m.skill_id != "experience")
            .count(),
        1
    );
    assert_eq!(w.matches[0].skill_id, "go");
}

#[test]
fn explanation_adds_up_and_names_gaps() {
    let e = engine();
    let c = candidate(vec![claim("golang", 2), claim("Git", 3)], 3.0);
    let s = score_of(&e, &c, "gitaly");
    let sum: f64 = s.matches.iter().map(|m| m.contribution).sum();
    assert_eq!(sum, s.raw_score, "{s:?}");
    assert_eq!(s.gaps[0], "ruby");
    assert!(s.gaps.contains(&"grpc".to_string()));
    let go = s.matches.iter().find(|m| m.skill_id == "go").unwrap();
    assert_eq!(go.matched_from, "golang");
    assert!((go.credit - 2.0 / 3.0).abs() < 2e-5);
}

#[test]
fn explanation_says_what_each_match_stood_for() {
    let e = engine();
    let c = candidate(vec![claim("Java", 2), claim("golang", 3)], 6.0);
    let s = score_of(&e, &c, "polyglot");
    let group = s.matches.iter().find(|m| m.skill_id == "go").unwrap();
    assert_eq!(group.tier, Some(crate::catalog::Tier::Required));
    assert_eq!(group.alternatives, ["ruby", "java"]);
    assert_eq!(group.expected_level, 3);
    assert_eq!(group.source, r#"line 1: ["ruby", "go", "java"]"#);
    let experience = s
        .matches
        .iter()
        .find(|m| m.skill_id == "experience")
        .unwrap();
    assert_eq!(experience.tier, None);
    assert!(experience.alternatives.is_empty() && experience.source.is_empty());
    let role = e.catalog().role(&s.role_id).expect("role");
    let text =
        crate::report::explanation(&e.score(&c, &all(true)).unwrap(), &s, role, e.taxonomy());
    assert!(text.contains("go (or ruby, java)"), "{text}");
    assert!(text.contains("required"), "{text}");
    assert!(text.contains("every must-have met"), "{text}");
    // A missing any-of group reads as the choice it is, not as its first
    // member (h26: "missing must-have(s): ruby, ruby").
    let none = candidate(vec![claim("Python", 3)], 6.0);
    let s = score_of(&e, &none, "polyglot");
    assert_eq!(s.missing_required, ["ruby"]);
    let text =
        crate::report::explanation(&e.score(&none, &all(true)).unwrap(), &s, role, e.taxonomy());
    assert!(
        text.contains("missing must-have(s): one of ruby, go, java -> raw score x0.5"),
        "{text}"
    );
    // A role that names no must-have says so rather than "all met"; a
    // manager role has one of its own, people management (see
    // `a_manager_role_asks_for_people_management`).
    let manager = e.catalog().role("manager").expect("manager").clone();
    assert!(manager
        .requirements
        .iter()
        .all(|q| q.tier != crate::catalog::Tier::Required));
    let no_must_have = Role {
        role_id: "mentor".into(),
        expected_management_years: 0.0,
        ..manager.clone()
    };
    let e = e.with_catalog(Catalog::new(
        vec![manager.clone(), no_must_have.clone()],
        e.taxonomy(),
    ));
    let mut c = c.clone();
    c.management_years = Some(3.0);
    let verdict = |c: &Candidate, role: &Role| {
        let s = score_of(&e, c, &role.role_id);
        let text =
            crate::report::explanation(&e.score(c, &all(true)).unwrap(), &s, role, e.taxonomy());
        (s, text)
    };
    // Nothing of it matched: no fit, though it names no must-have.
    let (s, text) = verdict(&c, &no_must_have);
    assert!(!s.meets_requirements && s.score == 0.0);
    assert!(text.contains("none of the role's skills matched"), "{text}");
    let mut matching = c.clone();
    let asked = e
        .taxonomy()
        .skill(manager.requirements[0].skills[0])
        .name
        .clone();
    matching.skills.push(SkillClaim {
        name: asked,
        level: Some(5),
        years: None,
    });
    let (s, text) = verdict(&matching, &no_must_have);
    assert!(s.meets_requirements && s.score > 0.0, "{s:?}");
    assert!(text.contains("the role names no must-have"), "{text}");
    let (_, text) = verdict(&matching, &manager);
    assert!(text.contains("every must-have met"), "{text}");
}

#[test]
fn a_skill_asked_for_twice_is_one_gap() {
    use crate::catalog::{Catalog, Level, Tier};
    use crate::test_support::{req, role, taxonomy};
    let t = taxonomy();
    let roles = vec![role(
        "twice",
        Level::Senior,
        vec![
            req(&t, &["ruby"], 1.0, Tier::Required, 4),
            req(&t, &["ruby", "go"], 0.9, Tier::Preferred, 3),
            req(&t, &["git"], 0.5, Tier::Bonus, 3),
        ],
    )];
    let e = Engine::new(t.clone(), Catalog::new(roles, &t));
    let s = score_of(&e, &candidate(vec![], 6.0), "twice");
    assert_eq!(s.gaps, ["ruby", "git"]);
}

/// The gaps come in the order of what each would add to the score: a
/// missing must-have (which halves it) before a heavier preferred skill,
/// and years only when the candidate has fewer than the role expects.
#[test]
fn gaps_are_ranked_by_what_filling_them_would_add() {
    use crate::catalog::{Catalog, Level, Tier};
    use crate::test_support::{req, role, taxonomy};
    let t = taxonomy();
    let roles = vec![role(
        "light-must",
        Level::Senior,
        vec![
            req(&t, &["java"], 1.0, Tier::Preferred, 3),
            req(&t, &["go"], 1.0, Tier::Preferred, 3),
            req(&t, &["git"], 0.2, Tier::Required, 3),
        ],
    )];
    let e = Engine::new(t.clone(), Catalog::new(roles, &t));
    let experienced = candidate(vec![claim("Java", 5)], 12.0);
    let s = score_of(&e, &experienced, "light-must");
    assert_eq!(s.gaps, ["git", "go"], "{s:?}");
    // Each gap, filled, raises the score, the first one most.
    let with = |name: &str| {
        let mut c = experienced.clone();
        c.skills.push(claim(name, 3));
        score_of(&e, &c, "light-must").score
    };
    assert!(with("Git") > with("Go") && with("Go") > s.score);
    let junior = candidate(vec![claim("Java", 5)], 1.0);
    let s = score_of(&e, &junior, "light-must");
    assert!(s.gaps.contains(&"experience".to_string()), "{s:?}");
}

#[test]
fn resume_text_counts_and_a_listed_skill_wins_the_wording() {
    let e = engine();
    let mut c = candidate(vec![], 8.0);
    c.resume_text = "Built gRPC services in Go; tuned PostgreSQL queries.".into();
    let s = score_of(&e, &c, "gitaly");
    assert!(s.matches.iter().any(|m| m.matched_from == "resume: gRPC"));
    c.skills.push(claim("golang", 3));
    let s = score_of(&e, &c, "gitaly");
    assert_eq!(
        s.matches
            .iter()
            .find(|m| m.skill_id == "go")
            .unwrap()
            .matched_from,
        "golang"
    );
    // A skill the resume mentions twice is worded as its first mention,
    // and a listed skill still wins over both.
    let mut c = candidate(vec![], 8.0);
    c.resume_text = "grpc at work. Later, more gRPC.".into();
    let wording = |c: &Candidate| {
        score_of(&e, c, "gitaly")
            .matches
            .into_iter()
            .find(|m| m.skill_id == "grpc")
            .map(|m| m.matched_from)
    };
    assert_eq!(wording(&c).as_deref(), Some("resume: grpc"));
    c.resume_text = "gRPC at work. Later, more grpc.".into();
    assert_eq!(wording(&c).as_deref(), Some("resume: gRPC"));
    c.skills.push(claim("GRPC", 3));
    assert_eq!(wording(&c).as_deref(), Some("GRPC"));
}

/// The experience line of an explanation shows both factors of its
/// credit: the fit to the expected years and the skill coverage.
/// The experience line of an explained score.
fn experience_of(s: &RoleScore) -> &SkillMatch {
    s.matches
        .iter()
        .find(|m| m.skill_id == "experience")
        .expect("experience counted")
}

#[test]
fn the_experience_line_shows_what_its_credit_is_made_of() {
    let e = engine();
    let c = candidate(vec![claim("Go", 3)], 3.0);
    let s = score_of(&e, &c, "gitaly");
    let experience = experience_of(&s);
    let number_after = |label: &str| -> f64 {
        let text = &experience.matched_from;
        let at = text
            .find(label)
            .unwrap_or_else(|| panic!("{label} in {text}"));
        text[at + label.len()..]
            .split(|c: char| c != '.' && !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a number after {label} in {text}"))
    };
    let fit = number_after("fit ");
    let coverage = number_after(", x");
    assert!(fit < 1.0 && coverage < 1.0, "{}", experience.matched_from);
    assert!(
        (fit * coverage - experience.credit).abs() < 0.01,
        "{} vs credit {}",
        experience.matched_from,
        experience.credit
    );
    assert!(experience.matched_from.starts_with("years_experience: 3 "));
    // Without years_experience, the skills' years stand in, and say so.
    let c = Candidate {
        years_experience: None,
        skills: vec![SkillClaim {
            name: "Go".into(),
            level: Some(3),
            years: Some(4.0),
        }],
        ..c
    };
    let s = score_of(&e, &c, "gitaly");
    let experience = experience_of(&s);
    assert!(
        experience
            .matched_from
            .starts_with("longest skill years (years_experience not given): 4 "),
        "{}",
        experience.matched_from
    );
}

#[test]
fn a_skill_the_resume_denies_earns_nothing() {
    let e = engine();
    let mut c = candidate(vec![], 8.0);
    c.resume_text = "Built gRPC services in Go. Never used Ruby; no Git. Keen to learn Git.".into();
    let s = score_of(&e, &c, "gitaly");
    let matched: Vec<&str> = s.matches.iter().map(|m| m.skill_id.as_str()).collect();
    assert_eq!(matched, ["go", "grpc", "experience"], "{s:?}");
    assert_eq!(s.missing_required, ["ruby"]);
    // A denial reaches only its own clause.
    c.resume_text = "Never used Java, but Ruby daily.".into();
    let s = score_of(&e, &c, "gitaly");
    assert!(
        s.matches.iter().any(|m| m.matched_from == "resume: Ruby"),
        "{s:?}"
    );
}

/// Years written beside a listed name count as the skill's years, as
/// when given in their field; a level given wins over them.
#[test]
fn years_beside_a_listed_name_count_as_its_years() {
    let e = engine();
    let scored = |name: &str, level: Option<u8>, years: Option<f64>| {
        let c = candidate(
            vec![SkillClaim {
                name: name.into(),
                level,
                years,
            }],
            8.0,
        );
        score_of(&e, &c, "gitaly").score
    };
    let eight_years = scored("Ruby", None, Some(8.0));
    let six_months = scored("Ruby", None, Some(0.5));
    assert!(six_months < eight_years);
    for name in [
        "Ruby (8 yrs)",
        "Ruby - 8 years",
        "Ruby 8y",
        "Ruby (8+ years)",
    ] {
        assert_eq!(scored(name, None, None), eight_years, "{name}");
    }
    assert_eq!(scored("Ruby (6 months)", None, None), six_months);
    assert_eq!(
        scored("Ruby (8 yrs)", Some(3), None),
        scored("Ruby", Some(3), None)
    );
}

/// Years written in a listed name are its years, not a skill: they are
/// not reported among the unresolved names.
#[test]
fn years_in_a_listed_name_are_not_reported_as_unresolved() {
    let e = engine();
    for name in [
        "Ruby (6 months)",
        "Ruby 1-3 years",
        "Ruby (3 years 6 months)",
        "Ruby (6 mos)",
    ] {
        let c = candidate(vec![unrated(name)], 8.0);
        let scores = e.score(&c, &all(false)).expect("scores");
        assert!(
            scores.unresolved_skills.is_empty(),
            "{name}: {:?}",
            scores.unresolved_skills
        );
        assert!(score_of(&e, &c, "gitaly").score > 0.0, "{name}");
    }
}

/// A proficiency word in a listed name is its level when the claim gives
/// none (h26: "Go - Expert" and "Go - Beginner" both scored level 3).
#[test]
fn a_proficiency_word_in_a_listed_name_is_its_level() {
    let e = engine();
    let named = |name: &str| candidate(vec![unrated(name)], 8.0);
    for (name, level) in [
        ("Ruby - Expert", 5),
        ("Ruby (beginner)", 1),
        ("Advanced Ruby", 4),
        ("Ruby: intermediate", 3),
    ] {
        assert_eq!(
            scores_by_role(&e, &named(name)),
            scores_by_role(&e, &candidate(vec![claim("Ruby", level)], 8.0)),
            "{name}"
        );
    }
    // A level given beside the name wins over the word.
    let mut given = named("Ruby - Expert");
    given.skills[0].level = Some(2);
    assert_eq!(
        scores_by_role(&e, &given),
        scores_by_role(&e, &candidate(vec![claim("Ruby", 2)], 8.0))
    );
}

/// A rating written in a listed name is its level when the claim gives
/// none, scaled to five steps as the `level` field's is (h31: "Go: 5/5",
/// "Go (4/5)", "Python ★★★★☆", "Rust 3 out of 5" and "Java - 8/10" all
/// scored level 3, and the fourth was reported as an unknown name).
#[test]
fn a_rating_in_a_listed_name_is_its_level() {
    let e = engine();
    let named = |name: &str| candidate(vec![unrated(name)], 8.0);
    let unrated_ruby = scores_by_role(&e, &named("Ruby"));
    for (name, level) in [
        ("Ruby: 5/5", 5),
        ("Ruby (4/5)", 4),
        ("Ruby ★★★★☆", 4),
        ("Ruby 3 out of 5", 3),
        ("Ruby - 8/10", 4),
        ("Ruby (1/5)", 1),
        ("Ruby 2 out of 5", 2),
        ("Ruby (4 stars)", 4),
        ("Ruby 20%", 1),
        ("Ruby (5 years, 2/5)", 2),
        // The rating says how well more finely than a word beside it.
        ("Ruby - Expert (2/5)", 2),
    ] {
        let rated = scores_of_resolved(&e, &named(name));
        assert_eq!(
            rated,
            scores_by_role(&e, &candidate(vec![claim("Ruby", level)], 8.0)),
            "{name}"
        );
        assert_eq!(rated == unrated_ruby, level == 3, "{name}");
    }
    // It stands for the level, not for the years given beside it (which
    // only estimate one); a level given wins over it.
    let mut with_years = named("Ruby (1/5)");
    with_years.skills[0].years = Some(10.0);
    let mut level_and_years = candidate(vec![claim("Ruby", 1)], 8.0);
    level_and_years.skills[0].years = Some(10.0);
    assert_eq!(
        scores_by_role(&e, &with_years),
        scores_by_role(&e, &level_and_years)
    );
    let mut given = named("Ruby (1/5)");
    given.skills[0].level = Some(4);
    assert_eq!(
        scores_by_role(&e, &given),
        scores_by_role(&e, &candidate(vec![claim("Ruby", 4)], 8.0))
    );
    // A bare number is no rating ("Python 3", "Go: 5"), nor is one past
    // its scale.
    for name in ["Ruby: 1", "Ruby (2)", "Ruby 6/5", "Ruby 11/10"] {
        assert_eq!(scores_by_role(&e, &named(name)), unrated_ruby, "{name}");
    }
    // A rating of zero denies the skill, as "Go: 0/5" does.
    let java = || claim("Java", 3);
    let nothing = scores_by_role(&e, &candidate(vec![java()], 8.0));
    for name in ["Ruby ☆☆☆☆☆", "Ruby: 0/5", "Ruby 0 out of 5"] {
        let c = candidate(vec![java(), unrated(name)], 8.0);
        assert_eq!(scores_by_role(&e, &c), nothing, "{name}");
    }
}

/// A rating, level or proficiency word written beside the names of a
/// listed name read as several skills is the level of each (h36: "C/C++
/// (4/5)" and "Go / Rust - 4/5" scored level 3, the rating read as version
/// numbers or set aside as a qualifier part); a rating between the names
/// is one name's, and none is read for all then.
#[test]
fn a_rating_beside_several_listed_skills_is_the_level_of_each() {
    let e = engine();
    let named = |name: &str| candidate(vec![unrated(name)], 8.0);
    let both = |level: u8| candidate(vec![claim("Go", level), claim("Ruby", level)], 8.0);
    for (name, level) in [
        ("Go/Ruby (4/5)", 4),
        ("Go/Ruby (1/5)", 1),
        ("Go / Ruby - 4/5", 4),
        ("Go/Ruby: 2/5", 2),
        ("Go / Ruby - level 5", 5),
        ("Go/Ruby (expert)", 5),
        ("Go, Ruby ★★☆☆☆", 2),
        // Rated, not estimated from the years beside it.
        ("Go/Ruby (5 years, 1/5)", 1),
    ] {
        let rated = scores_of_resolved(&e, &named(name));
        assert_eq!(rated, scores_by_role(&e, &both(level)), "{name}");
        assert_ne!(rated, scores_by_role(&e, &both(3)), "{name}");
    }
    // With an unknown part, the known ones are rated and the rest reported.
    let c = named("Ruby/Terragrunt (5/5)");
    let scores = e.score(&c, &all(false)).expect("scores");
    assert_eq!(scores.unresolved_skills, ["Terragrunt"]);
    assert_eq!(
        scores_by_role(&e, &c),
        scores_by_role(&e, &candidate(vec![claim("Ruby", 5)], 8.0))
    );
    // A level given wins; a rating of zero denies every name.
    let mut given = named("Go/Ruby (4/5)");
    given.skills[0].level = Some(2);
    assert_eq!(scores_by_role(&e, &given), scores_by_role(&e, &both(2)));
    let java = candidate(vec![claim("Java", 3)], 8.0);
    for name in ["Go/Ruby (0/5)", "Go/Ruby (none)", "Go, Ruby - never"] {
        let denied = candidate(vec![claim("Java", 3), unrated(name)], 8.0);
        assert_eq!(
            scores_by_role(&e, &denied),
            scores_by_role(&e, &java),
            "{name}"
        );
        let scores = e.score(&denied, &all(false)).expect("scores");
        assert!(
            scores.unresolved_skills.is_empty(),
            "{name}: {:?}",
            scores.unresolved_skills
        );
    }
    // One rating per name is no rating of both; "14/17" are versions.
    for name in ["Go (1/5), Ruby (5/5)", "Go/Ruby 14/17"] {
        assert_eq!(
            scores_by_role(&e, &named(name)),
            scores_by_role(&e, &both(3)),
            "{name}"
        );
    }
}

/// A level written with its label or code beside a listed name ("Python
/// (Level 4)", "Go - level 3", "Rust lvl 2", "Java L4") is its level (h36:
/// "Level 4" was reported as an unknown name and the skill scored level
/// 3), while "Level" before a word is part of a name: "Level Design" is
/// reported whole, not read as a design skill at some level.
#[test]
fn a_level_written_with_its_label_in_a_listed_name_is_its_level() {
    let e = engine();
    let named = |name: &str| candidate(vec![unrated(name)], 8.0);
    for (name, level) in [
        ("Ruby (Level 4)", 4),
        ("Ruby - level 2", 2),
        ("Ruby lvl 5", 5),
        ("Ruby: Lvl 1", 1),
        ("Ruby L4", 4),
        ("Ruby (L2)", 2),
        ("Level 5 Ruby", 5),
    ] {
        let c = named(name);
        let scores = e.score(&c, &all(false)).expect("scores");
        assert!(
            scores.unresolved_skills.is_empty(),
            "{name}: {:?}",
            scores.unresolved_skills
        );
        assert_eq!(
            scores_by_role(&e, &c),
            scores_by_role(&e, &candidate(vec![claim("Ruby", level)], 8.0)),
            "{name}"
        );
    }
    // Past the five steps it is no level; the name is still read.
    let c = named("Ruby (Level 7)");
    assert_eq!(scores_by_role(&e, &c), scores_by_role(&e, &named("Ruby")));
    for name in ["Level Design", "Level Design (5 years)", "L4 Design"] {
        let c = named(name);
        let scores = e.score(&c, &all(false)).expect("scores");
        assert!(
            scores
                .unresolved_skills
                .iter()
                .any(|n| n.contains("Design")),
            "{name}: {:?}",
            scores.unresolved_skills
        );
        assert_eq!(
            scores_by_role(&e, &c),
            scores_by_role(&e, &candidate(vec![], 8.0)),
            "{name}"
        );
    }
}

/// A listed name that denies its skill ("Ruby (none)", "Go: 0/5", "Rails -
/// no experience", "Ruby (0 years)") claims nothing, as a resume's "Java -
/// no experience" does: it scores as if unlisted, and is not reported.
#[test]
fn a_listed_name_that_denies_its_skill_claims_nothing() {
    let e = engine();
    let nothing = candidate(vec![claim("Java", 3)], 8.0);
    for name in [
        "Ruby (none)",
        "Ruby on Rails - no experience",
        "Go: 0/5",
        "Ruby (0 years)",
        "Go: no.",
        "Ruby - never used",
    ] {
        for level in [None, Some(4)] {
            let c = candidate(
                vec![
                    claim("Java", 3),
                    SkillClaim {
                        name: name.into(),
                        level,
                        years: None,
                    },
                ],
                8.0,
            );
            let scores = e.score(&c, &all(false)).expect("scores");
            assert!(
                scores.unresolved_skills.is_empty(),
                "{name}: {:?}",
                scores.unresolved_skills
            );
            for role in ["gitaly", "database"] {
                assert_eq!(
                    score_of(&e, &c, role),
                    score_of(&e, &nothing, role),
                    "{name} {role}"
                );
            }
        }
    }
    // Not denials: a range from zero, a rating above it.
    for name in [
        "Ruby (0-1 years)",
        "Ruby: 3/5",
        "Ruby (0.5 years)",
        "Ruby .0",
        "Ruby 2.0",
    ] {
        let c = candidate(vec![unrated(name)], 8.0);
        assert!(score_of(&e, &c, "gitaly").score > 0.0, "{name}");
    }
}

/// A listed name that is several skills ("Go/Ruby", "gRPC (Go) 1.21")
/// lists each at its level; one with a part that names no skill
/// ("Gox/Ruby") lists the others and reports that part as unresolved.
#[test]
fn a_listed_name_of_several_skills_lists_each() {
    let e = engine();
    let matched = |name: &str| {
        let c = candidate(vec![claim(name, 5)], 8.0);
        let scores = e.score(&c, &all(true)).expect("scores");
        let gitaly = scores
            .scores
            .into_iter()
            .find(|s| s.role_id == "gitaly")
            .expect("gitaly");
        let mut matched: Vec<(String, String)> = gitaly
            .matches
            .into_iter()
            .filter(|m| m.tier.is_some())
            .map(|m| (m.skill_id, m.matched_from))
            .collect();
        matched.sort();
        (matched, scores.unresolved_skills)
    };
    let pair =
        |a: &str, b: &str, from: &str| vec![(a.into(), from.into()), (b.into(), from.into())];
    assert_eq!(matched("Go/Ruby"), (pair("go", "ruby", "Go/Ruby"), vec![]));
    assert_eq!(
        matched("gRPC (Go) 1.21"),
        (pair("go", "grpc", "gRPC (Go) 1.21"), vec![])
    );
    assert_eq!(
        matched("Ruby v3 and Git"),
        (pair("git", "ruby", "Ruby v3 and Git"), vec![])
    );
    assert_eq!(
        matched("Ruby AND Git"),
        (pair("git", "ruby", "Ruby AND Git"), vec![])
    );
    // Names side by side, as a profile runs them together; words that are
    // no skill keep the whole unresolved.
    assert_eq!(
        matched("Ruby Git"),
        (pair("git", "ruby", "Ruby Git"), vec![])
    );
    assert_eq!(
        matched("Ruby Git plumbing"),
        (vec![], vec!["Ruby Git plumbing".to_string()])
    );
    // A broader skill first, though the whole reads as one name (a typo of
    // "rubyonrails", the alias "python flask"): each skill counts, not the
    // narrower one alone. A name that spans the slash stays one.
    for name in ["Ruby/Rails", "Rails/Ruby", "Ruby · Rails", "Ruby, Rails"] {
        let c = candidate(vec![claim(name, 5)], 8.0);
        let s = score_of(&e, &c, "gitaly");
        assert!(
            s.matches
                .iter()
                .any(|m| m.skill_id == "ruby" && m.via_skill_id.is_empty() && m.credit == 1.0),
            "{name}: Ruby not credited as itself: {:?}",
            s.matches
        );
    }
    // Lists joined as profiles and spreadsheets join them.
    for name in [
        "Ruby · Git",
        "Ruby • Git",
        "Ruby\tGit",
        "Ruby·Git",
        "Ruby、Git",
        "Ruby・Git",
        "Ruby，Git",
        "Ruby｜Git",
        "Ruby／Git",
    ] {
        assert_eq!(matched(name), (pair("git", "ruby", name), vec![]), "{name}");
    }
    // Qualifiers around a name, as exports write them.
    for name in [
        "Ruby - Expert",
        "Ruby: 5",
        "Expert in Ruby",
        "Ruby 5 years",
        "Ruby \u{2013} advanced",
    ] {
        assert_eq!(
            matched(name),
            (vec![("ruby".to_string(), name.to_string())], vec![]),
            "{name}"
        );
    }
    // A part the taxonomy does not know: the others count, and that part
    // is reported.
    assert_eq!(
        matched("Gox/Ruby"),
        (
            vec![("ruby".into(), "Gox/Ruby".into())],
            vec!["Gox".to_string()]
        )
    );
    // An export's one cell of many names, past 64 bytes (it was reported
    // whole, its skills lost); a pasted paragraph is still no list.
    let cell = "Ruby, Git, Quux, Zork, Frobnicate, Plugh, Xyzzy, Blorb, Wibble, Fnord";
    assert!(cell.len() > 64);
    let (found, unresolved) = matched(cell);
    assert_eq!(found, pair("git", "ruby", cell));
    assert!(
        unresolved.contains(&"Quux".to_string()) && !unresolved.contains(&cell.to_string()),
        "{unresolved:?}"
    );
    let paragraph =
        "Ruby and Git, then a long sentence of more than forty bytes that names nothing";
    assert_eq!(matched(paragraph), (vec![], vec![paragraph.to_string()]));
    // Qualifiers beside a name are not part of it.
    assert_eq!(
        matched("Ruby (strong)"),
        (vec![("ruby".into(), "Ruby (strong)".into())], vec![])
    );
    assert_eq!(
        matched("Ruby (5 years)"),
        (vec![("ruby".into(), "Ruby (5 years)".into())], vec![])
    );
    // Never read as prose: nothing here is a name of its own.
    assert_eq!(
        matched("Quux (Gox)"),
        (vec![], vec!["Quux (Gox)".to_string()])
    );
    // Each at the level listed: a Ruby at 1 and Go at 5 as one name each.
    let level_of = |c: &Candidate| {
        score_of(&e, c, "gitaly")
            .matches
            .into_iter()
            .find(|m| m.skill_id == "ruby")
            .map(|m| m.credit)
    };
    let split = candidate(vec![claim("Ruby/Go", 1)], 8.0);
    let alone = candidate(vec![claim("Ruby", 1)], 8.0);
    assert_eq!(level_of(&split), level_of(&alone));
}

#[test]
fn the_wording_of_a_skill_listed_twice_does_not_depend_on_order() {
    let e = engine();
    let wording = |claims: Vec<SkillClaim>| {
        let mut c = candidate(claims, 8.0);
        c.resume_text = "Wrote Go every day.".into();
        score_of(&e, &c, "gitaly")
            .matches
            .into_iter()
            .find(|m| m.skill_id == "go")
            .map(|m| m.matched_from)
    };
    let same_level = [claim("golang", 3), claim("Go", 3), claim("go-lang", 3)];
    let one_higher = [claim("golang", 3), claim("Go", 3), claim("go-lang", 4)];
    for (claims, expected) in [(same_level, "Go"), (one_higher, "go-lang")] {
        for order in [
            [0, 1, 2],
            [0, 2, 1],
            [1, 0, 2],
            [1, 2, 0],
            [2, 0, 1],
            [2, 1, 0],
        ] {
            let listed = order.iter().map(|&i| claims[i].clone()).collect();
            assert_eq!(wording(listed).as_deref(), Some(expected), "{order:?}");
        }
    }
}

/// A role that expects people management counts it as a must-have: a
/// candidate with no management years and no people-management skill
/// misses it (named "management"), and either one meets it.
#[test]
fn a_manager_role_asks_for_people_management() {
    let e = engine();
    let ic = candidate(vec![claim("mentoring", 3), claim("Ruby", 3)], 8.0);
    let s = score_of(&e, &ic, "manager");
    assert!(!s.meets_requirements, "{s:?}");
    assert!(
        s.missing_required.contains(&"management".to_string()),
        "{s:?}"
    );
    assert_eq!(
        s.gaps.first().map(String::as_str),
        Some("management"),
        "{s:?}"
    );
    let gitaly = score_of(&e, &ic, "gitaly");
    assert!(!gitaly.missing_required.contains(&"management".to_string()));

    let mut managed = ic.clone();
    managed.management_years = Some(2.0);
    let with_years = score_of(&e, &managed, "manager");
    assert!(with_years.missing_required.is_empty(), "{with_years:?}");
    assert!(
        with_years.score > 1.9 * s.score,
        "{} vs {}",
        with_years.score,
        s.score
    );
}

#[test]
fn years_short_of_the_expectation_scale_the_score_in_proportion() {
    let e = engine();
    let gitaly = e.catalog().role("gitaly").expect("gitaly").clone();
    assert!(gitaly.expected_years_experience > 0.0);
    let skills = vec![claim("Ruby", 4), claim("Go", 3)];
    let factor_at = |e: &Engine, years: f64| {
        let s = score_of(e, &candidate(skills.clone(), years), "gitaly");
        assert_eq!(
            s.score,
            s.raw_score * s.penalty_factor * s.experience_factor
        );
        s.experience_factor
    };
    let expected = f64::from(gitaly.expected_years_experience);
    assert!(expected * EXPERIENCE_SHORTFALL_PER_YEAR > 1.0 - EXPERIENCE_SHORTFALL_FLOOR);
    assert_eq!(factor_at(&e, 0.0), EXPERIENCE_SHORTFALL_FLOOR);
    let one_year_short = factor_at(&e, expected - 1.0);
    assert!(
        (one_year_short - (1.0 - EXPERIENCE_SHORTFALL_PER_YEAR)).abs() < 1e-12,
        "{one_year_short}"
    );
    let two_years_short = factor_at(&e, expected - 2.0);
    assert!(two_years_short < one_year_short);
    assert_eq!(factor_at(&e, expected), 1.0);
    assert_eq!(factor_at(&e, expected * 3.0), 1.0);
    // A role that expects no years judges no one short.
    let expects_none = Role {
        expected_years_experience: 0.0,
        ..gitaly
    };
    let e = e.with_catalog(Catalog::new(vec![expects_none], e.taxonomy()));
    assert_eq!(factor_at(&e, 0.0), 1.0);
}

#[test]
fn a_graduate_ranks_the_level_that_expects_fewest_years_first() {
    // The same requirements at two levels: the graduate's shortfall is
    // smaller at the junior one, whatever else the pages say.
    let e = engine();
    let junior = Role {
        expected_years_experience: 2.0,
        ..e.catalog().role("gitaly").expect("gitaly").clone()
    };
    let senior = Role {
        role_id: "senior-gitaly".into(),
        expected_years_experience: 5.0,
        ..junior.clone()
    };
    let e = e.with_catalog(Catalog::new(vec![junior, senior], e.taxonomy()));
    let graduate = candidate(
        vec![claim("Ruby", 3), claim("Go", 3), claim("gRPC", 2)],
        0.5,
    );
    let junior_score = score_of(&e, &graduate, "gitaly");
    let senior_score = score_of(&e, &graduate, "senior-gitaly");
    assert!(senior_score.experience_factor < junior_score.experience_factor);
    assert!(
        senior_score.score < junior_score.score * 0.9,
        "{} vs {}",
        senior_score.score,
        junior_score.score
    );
}

#[test]
fn management_years_matter_for_manager_roles_only() {
    let e = engine();
    let mut c = candidate(vec![claim("mentoring", 3), claim("Ruby", 3)], 8.0);
    let before = score_of(&e, &c, "manager").score;
    let gitaly_before = score_of(&e, &c, "gitaly").score;
    c.management_years = Some(3.0);
    assert!(score_of(&e, &c, "manager").score > before);
    assert_eq!(score_of(&e, &c, "gitaly").score, gitaly_before);
}

#[test]
fn filters_top_k_unknown_roles_and_unresolved_names() {
    let e = engine();
    let c = candidate(
        vec![
            claim("Ruby", 3),
            claim("Forklift operation", 5),
            claim("", 3),
        ],
        5.0,
    );
    let opts = ScoreOptions {
        top_k: 2,
        ..ScoreOptions::default()
    };
    let s = e.score(&c, &opts).unwrap();
    assert_eq!(s.scores.len(), 2);
    assert!(s.scores[0].score >= s.scores[1].score);
    // The nameless skill with a level is reported too.
    assert_eq!(
        s.unresolved_skills,
        vec!["Forklift operation".to_string(), NO_NAME.to_string()]
    );
    let only = ScoreOptions {
        role_ids: vec!["database".into()],
        ..ScoreOptions::default()
    };
    let s = e.score(&c, &only).unwrap();
    assert_eq!(s.scores.len(), 1);
    assert_eq!(s.scores[0].role_id, "database");
    let bad = ScoreOptions {
        role_ids: vec!["nope".into()],
        ..ScoreOptions::default()
    };
    assert_eq!(
        e.score(&c, &bad),
        Err(ScoreError::UnknownRole {
            id: "nope".into(),
            suggestions: Vec::new()
        })
    );
    // A near miss names the role it most likely meant.
    let near = ScoreOptions {
        role_ids: vec![" Database".into()],
        ..ScoreOptions::default()
    };
    let error = e.score(&c, &near).expect_err("not an exact id");
    assert_eq!(
        error.to_string(),
        r#"unknown role " Database" (closest match: "database")"#
    );
    // No near miss: the roles that contain it, if the text is long enough
    // to mean something.
    let partial = |id: &str| ScoreOptions {
        role_ids: vec![id.into()],
        ..ScoreOptions::default()
    };
    assert_eq!(
        e.score(&c, &partial("DATA")),
        Err(ScoreError::UnknownRole {
            id: "DATA".into(),
            suggestions: vec!["database".into()]
        })
    );
    assert_eq!(
        e.score(&c, &partial("ab")),
        Err(ScoreError::UnknownRole {
            id: "ab".into(),
            suggestions: Vec::new()
        })
    );
    // A megabyte of id is cut in the message, and not compared with the
    // catalog's ids (that held a server thread for seconds).
    let huge = format!("database{}", "x".repeat(1 << 20));
    assert_eq!(
        e.score(&c, &partial(&huge)),
        Err(ScoreError::UnknownRole {
            id: format!("{}...", &huge[..100]),
            suggestions: Vec::new()
        })
    );
}

/// A blank cell of an export names no skill; a level or years without a
/// name is a skill that cannot be scored, and is reported.
#[test]
fn a_skill_without_a_name_is_reported_when_it_has_a_level_or_years() {
    let e = engine();
    let blank = |level: Option<u8>, years: Option<f64>| SkillClaim {
        name: " ".into(),
        level,
        years,
    };
    for (nameless, reported) in [
        (blank(None, None), false),
        (blank(Some(0), None), false),
        (blank(Some(4), None), true),
        (blank(None, Some(3.0)), true),
    ] {
        let c = candidate(vec![claim("Go", 3), nameless.clone()], 5.0);
        let unresolved = e.score(&c, &all(false)).unwrap().unresolved_skills;
        let expected: Vec<String> = if reported {
            vec![NO_NAME.to_string()]
        } else {
            Vec::new()
        };
        assert_eq!(unresolved, expected, "{nameless:?}");
    }
}

#[test]
fn unknown_role_messages_name_one_or_several_suggestions() {
    let message = |suggestions: &[&str]| {
        ScoreError::UnknownRole {
            id: "x".into(),
            suggestions: suggestions.iter().map(|s| s.to_string()).collect(),
        }
        .to_string()
    };
    assert_eq!(message(&[]), r#"unknown role "x""#);
    assert_eq!(message(&["a"]), r#"unknown role "x" (closest match: "a")"#);
    assert_eq!(
        message(&["a", "b"]),
        r#"unknown role "x" (closest matches: "a", "b")"#
    );
}

#[test]
fn rank_orders_candidates_with_stable_ties() {
    let e = engine();
    let mk = |id: &str, skills: Vec<SkillClaim>| Candidate {
        id: id.into(),
        ..candidate(skills, 8.0)
    };
    let pool = vec![
        mk("weak", vec![claim("Go", 1)]),
        mk("tie-a", vec![claim("Ruby", 4), claim("Go", 3)]),
        mk(
            "best",
            vec![
                claim("Ruby", 4),
                claim("Go", 3),
                claim("gRPC", 3),
                claim("Git", 3),
            ],
        ),
        mk("tie-b", vec![claim("Go", 3), claim("Ruby", 4)]),
    ];
    let ranked = e.rank("gitaly", &pool, 0).unwrap();
    let ids: Vec<&str> = ranked.iter().map(|r| r.candidate_id.as_str()).collect();
    assert_eq!(ids, vec!["best", "tie-a", "tie-b", "weak"]);
    assert!(!ranked[3].meets_requirements);
    assert_eq!(e.rank("gitaly", &pool, 2).unwrap().len(), 2);
    assert!(e.rank("nope", &pool, 2).is_err());
}

#[test]
fn years_inform_a_missing_level() {
    assert_eq!(proficiency(None, Some(10.0)), 5);
    assert_eq!(proficiency(None, Some(0.5)), 2);
    assert_eq!(proficiency(None, None), 3);
    assert_eq!(proficiency(Some(0), None), 3);
    assert_eq!(proficiency(Some(2), Some(10.0)), 2);
}

const NAMES: &[&str] = &[
    "Ruby",
    "Rails",
    "Go",
    "golang",
    "Git",
    "gRPC",
    "Java",
    "JavaScript",
    "SQL",
    "postgres",
    "k8s",
    "Kubernates",
    "mentoring",
    "Forklift",
    "Welding",
    "Postgress",
];

fn arb_claim() -> impl Strategy<Value = SkillClaim> {
    (
        proptest::sample::select(NAMES),
        proptest::option::of(1u8..=5),
        proptest::option::of(0.0f64..20.0),
    )
        .prop_map(|(name, level, years)| SkillClaim {
            name: name.to_string(),
            level,
            years,
        })
}

fn arb_candidate() -> impl Strategy<Value = Candidate> {
    (
        proptest::collection::vec(arb_claim(), 0..8),
        proptest::option::of(0.0f64..30.0),
        proptest::option::of(0.0f64..10.0),
        proptest::sample::select(vec![
            "",
            "Go and Ruby",
            "PostgreSQL, k8s and mentoring",
            "forklift",
            "Never used Ruby, but Go daily",
        ]),
    )
        .prop_map(|(skills, years, mgmt, resume)| Candidate {
            id: "p".into(),
            skills,
            years_experience: years,
            management_years: mgmt,
            resume_text: resume.to_string(),
        })
}

fn scores_by_role(e: &Engine, c: &Candidate) -> Vec<(String, f64)> {
    let mut s: Vec<(String, f64)> = e
        .score(c, &all(false))
        .unwrap()
        .scores
        .into_iter()
        .map(|s| (s.role_id, s.score))
        .collect();
    s.sort_by(|a, b| a.0.cmp(&b.0));
    s
}

/// [`scores_by_role`] of a candidate whose every listed name resolved
/// (fails naming the ones that did not).
fn scores_of_resolved(e: &Engine, c: &Candidate) -> Vec<(String, f64)> {
    let scores = e.score(c, &all(false)).expect("scores");
    assert!(
        scores.unresolved_skills.is_empty(),
        "{:?}: {:?} unresolved",
        c.skills,
        scores.unresolved_skills
    );
    scores_by_role(e, c)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn adding_a_skill_never_lowers_a_score(c in arb_candidate(), extra in arb_claim()) {
        let e = engine();
        let before = scores_by_role(&e, &c);
        let mut more = c.clone();
        more.skills.push(extra);
        for ((role, a), (_, b)) in before.iter().zip(scores_by_role(&e, &more)) {
            prop_assert!(b >= *a, "{role}: {a} -> {b}");
        }
    }

    #[test]
    fn raising_a_level_never_lowers_a_score(c in arb_candidate(), pick in any::<prop::sample::Index>()) {
        prop_assume!(!c.skills.is_empty());
        let e = engine();
        let i = pick.index(c.skills.len());
        let mut higher = c.clone();
        let current = proficiency_of(&c.skills[i]);
        prop_assume!(current < 5);
        higher.skills[i].level = Some(current + 1);
        for ((role, a), (_, b)) in scores_by_role(&e, &c).iter().zip(scores_by_role(&e, &higher)) {
            prop_assert!(b >= *a, "{role}: {a} -> {b}");
        }
    }

    #[test]
    fn contributions_sum_to_the_raw_score(c in arb_candidate()) {
        let e = engine();
        for s in e.score(&c, &all(true)).unwrap().scores {
            let sum: f64 = s.matches.iter().map(|m| m.contribution).sum();
            prop_assert!((sum - s.raw_score).abs() < 1e-12, "{}: {sum} vs {}", s.role_id, s.raw_score);
            prop_assert!((0.0..=1.0).contains(&s.score));
            prop_assert!((EXPERIENCE_SHORTFALL_FLOOR..=1.0).contains(&s.experience_factor));
            prop_assert!(
                (s.score - s.raw_score * s.penalty_factor * s.experience_factor).abs() < 1e-12
            );
        }
    }

    #[test]
    fn more_years_never_lower_a_score(c in arb_candidate(), more in 0.0f64..20.0, management in any::<bool>()) {
        let e = engine();
        let mut c = c;
        // From a number given: without one, experience is read from the
        // skills' years, which a number given replaces.
        let field = if management { &mut c.management_years } else { &mut c.years_experience };
        let given = *field.get_or_insert(0.0);
        let mut longer = c.clone();
        let field = if management { &mut longer.management_years } else { &mut longer.years_experience };
        *field = Some(given + more);
        for ((role, a), (_, b)) in scores_by_role(&e, &c).iter().zip(scores_by_role(&e, &longer)) {
            prop_assert!(b >= *a, "{role}: {a} -> {b}");
        }
    }

    #[test]
    fn order_of_skills_does_not_change_scores(c in arb_candidate(), seed in any::<u64>()) {
        let e = engine();
        let mut shuffled = c.clone();
        let n = shuffled.skills.len();
        for i in (1..n).rev() {
            let j = (seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) % (i as u64 + 1)) as usize;
            shuffled.skills.swap(i, j);
        }
        let a: Vec<u64> = scores_by_role(&e, &c).iter().map(|s| s.1.to_bits()).collect();
        let b: Vec<u64> = scores_by_role(&e, &shuffled).iter().map(|s| s.1.to_bits()).collect();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn unknown_skills_change_nothing_and_are_reported(
        c in arb_candidate(),
        years in proptest::option::of(0.0f64..40.0),
    ) {
        let e = engine();
        let mut more = c.clone();
        // Its years neither: without `years_experience` they would be
        // read as the candidate's (h26: "Forklift", 15 years, doubled a
        // score).
        more.skills.push(SkillClaim { years, ..claim("Underwater basket weaving", 5) });
        prop_assert_eq!(scores_by_role(&e, &c), scores_by_role(&e, &more));
        let reported = e.score(&more, &all(false)).unwrap().unresolved_skills;
        prop_assert!(reported.contains(&"Underwater basket weaving".to_string()));
    }
}

/// Without `years_experience`, years of managing are years worked: a
/// manager who gives only those is no beginner (h26: 8 management years
/// halved a manager's score as "fewer than the 6 years expected").
#[test]
fn management_years_are_the_least_years_of_experience() {
    let e = engine();
    let manager = |years_experience| Candidate {
        years_experience,
        management_years: Some(8.0),
        ..candidate(vec![claim("golang", 4), claim("Ruby", 3)], 0.0)
    };
    assert_eq!(
        scores_by_role(&e, &manager(None)),
        scores_by_role(&e, &manager(Some(8.0)))
    );
    assert_ne!(
        scores_by_role(&e, &manager(None)),
        scores_by_role(&e, &manager(Some(0.0)))
    );
}

fn proficiency_of(claim: &SkillClaim) -> u8 {
    proficiency(claim.level, claim.years)
}

#[test]
fn typos_and_aliases_score_exactly_like_canonical_names() {
    let e = engine();
    for (typed, canonical) in [
        ("golang", "Go"),
        ("k8s", "Kubernetes"),
        ("Kubernates", "Kubernetes"),
        ("Postgress", "PostgreSQL"),
        ("RoR", "Ruby on Rails"),
    ] {
        let a = candidate(vec![claim(typed, 4)], 5.0);
        let b = candidate(vec![claim(canonical, 4)], 5.0);
        assert_eq!(scores_by_role(&e, &a), scores_by_role(&e, &b), "{typed}");
    }
}

#[test]
fn confusables_do_not_match() {
    let e = engine();
    let java = candidate(vec![claim("Java", 5)], 5.0);
    let js = candidate(vec![claim("JavaScript", 5)], 5.0);
    // polyglot accepts Java, not JavaScript.
    assert!(score_of(&e, &java, "polyglot").meets_requirements);
    assert!(!score_of(&e, &js, "polyglot").meets_requirements);
    let git = candidate(vec![claim("Git", 5)], 8.0);
    assert!(score_of(&e, &git, "gitaly")
        .matches
        .iter()
        .all(|m| m.skill_id != "go"));
}

#[test]
fn same_scores_on_any_number_of_threads() {
    let e = Arc::new(engine());
    let pool: Vec<Candidate> = (0..200)
        .map(|i| {
            let names = [
                "Ruby", "Go", "gRPC", "Git", "postgres", "Rails", "k8s", "Java",
            ];
            candidate(
                (0..(i % 7) + 1)
                    .map(|k| claim(names[(i * 3 + k) % names.len()], ((i + k) % 5 + 1) as u8))
                    .collect(),
                (i % 12) as f64,
            )
        })
        .collect();
    let run = |threads: usize| {
        let pool_ref = &pool;
        let e = e.clone();
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(move || {
                use rayon::prelude::*;
                pool_ref
                    .par_iter()
                    .map(|c| e.score(c, &all(true)).unwrap())
                    .collect::<Vec<_>>()
            })
    };
    assert_eq!(run(1), run(4));
}

/// More requirements than 16-bit counters hold: counting matched slots
/// must not spill into the count of missing must-haves (or overflow it).
#[test]
fn counts_hold_for_a_role_with_seventy_thousand_requirements() {
    use crate::catalog::{Catalog, Level, Tier};
    use crate::test_support::{req, role, taxonomy};
    let t = taxonomy();
    let requirements = (0..70_000)
        .map(|_| req(&t, &["ruby"], 1.0, Tier::Required, 3))
        .collect();
    let catalog = Catalog::new(vec![role("huge", Level::Senior, requirements)], &t);
    let e = Engine::new(t, catalog);
    let rubyist = candidate(vec![claim("Ruby", 5)], 6.0);
    let scored = score_of(&e, &rubyist, "huge");
    assert!(scored.meets_requirements, "{:?}", scored.missing_required);
    assert!(scored.score > 0.99, "{}", scored.score);
    let stranger = candidate(vec![claim("Go", 5)], 6.0);
    let scored = score_of(&e, &stranger, "huge");
    assert!(!scored.meets_requirements);
    assert_eq!(scored.score, 0.0);
}

/// An explanation names the candidate's skill when a related one earned
/// the credit: Rails for a Ruby ask (narrower), Ruby for a Rails ask
/// (broader); nothing when the skill itself did.
#[test]
fn explanations_name_the_related_skill_that_counted() {
    let e = engine();
    let via = |name: &str, role: &str, skill: &str| {
        score_of(&e, &candidate(vec![claim(name, 4)], 8.0), role)
            .matches
            .into_iter()
            .find(|m| m.skill_id == skill)
            .map(|m| m.via_skill_id)
    };
    assert_eq!(
        via("Rails", "gitaly", "ruby").as_deref(),
        Some("ruby-on-rails")
    );
    assert_eq!(
        via("Ruby", "database", "ruby-on-rails").as_deref(),
        Some("ruby")
    );
    assert_eq!(via("Ruby", "gitaly", "ruby").as_deref(), Some(""));
}
