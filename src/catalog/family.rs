//! Levels, title stems and job families.
//!
//! Pages linked by their `Levels` sections form a family; a `Levels` entry
//! names a page by its link slug or by its level plus the same distinctive
//! title words ("Senior" on a "Backend Engineer" page means "Senior Backend
//! Developer", not another company's "Senior Backend Engineer, Payments").

use super::text::slugify;
use super::wording::{find_phrase, manages_people};
use super::Level;

/// Level words, most specific first ("senior manager" before "senior").
const LEVEL_WORDS: &[(&str, Level)] = &[
    ("vice president", Level::VicePresident),
    ("vp", Level::VicePresident),
    ("senior manager", Level::SeniorManager),
    ("sr manager", Level::SeniorManager),
    ("director", Level::Director),
    ("head of", Level::Director),
    ("engineering manager", Level::Manager),
    ("manager", Level::Manager),
    ("distinguished", Level::Distinguished),
    ("fellow", Level::Distinguished),
    ("principal", Level::Principal),
    ("staff", Level::Staff),
    // "Lead Engineer", "Tech Lead": above senior, without reports.
    ("tech lead", Level::Staff),
    ("lead", Level::Staff),
    ("senior", Level::Senior),
    // Portuguese and Spanish titles: "Desenvolvedor Sênior", "Sénior",
    // "Júnior", "Pleno" (mid-level).
    ("sênior", Level::Senior),
    ("sénior", Level::Senior),
    ("sr", Level::Senior),
    ("intermediate", Level::Intermediate),
    ("mid-level", Level::Intermediate),
    ("mid level", Level::Intermediate),
    ("mid", Level::Intermediate),
    ("pleno", Level::Intermediate),
    ("junior", Level::Junior),
    ("júnior", Level::Junior),
    ("jr", Level::Junior),
    ("intern", Level::Junior),
    ("internship", Level::Junior),
    ("graduate", Level::Junior),
    ("new grad", Level::Junior),
    ("associate", Level::Junior),
    ("entry-level", Level::Junior),
    ("entry level", Level::Junior),
];

/// The level a title or `level:` value names, if any.
pub(crate) fn parse_level(text: &str) -> Option<Level> {
    let lower = text.to_lowercase();
    let value = lower.trim();
    // Front matter may spell the enum ("seniormanager", "vicepresident").
    match value.replace([' ', '_', '-'], "").as_str() {
        "seniormanager" => return Some(Level::SeniorManager),
        "vicepresident" | "vp" => return Some(Level::VicePresident),
        _ => {}
    }
    level_word(&lower).map(|(_, l)| *l).or_else(|| {
        // "Software Engineer II": a numbered grade after the first word.
        lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .skip(1)
            .find_map(roman_level)
    })
}

/// The entry of [`LEVEL_WORDS`] that names the level of a lowercase title.
fn level_word(lower: &str) -> Option<&'static (&'static str, Level)> {
    LEVEL_WORDS.iter().find(|(w, level)| {
        find_phrase(lower, w)
            .into_iter()
            .any(|at| names_level_at(lower, *level, at))
    })
}

/// Whether a title's level is named by "lead" ("Lead", "Tech Lead"): a
/// rung of its own on a page that also has a "Staff" section, though
/// ranked with Staff.
pub(crate) fn names_lead(text: &str) -> bool {
    level_word(&text.to_lowercase()).is_some_and(|(w, _)| w.ends_with("lead"))
}

/// Words with which a level's section says it adds to a lower level's
/// asks: "Everything for Senior, plus:", "All of the Senior requirements,
/// and", "In addition to the Senior expectations:", "Same as Senior,
/// plus".
const ADDS_TO: &[&str] = &[
    "everything for",
    "everything from",
    "everything in",
    "everything at",
    "everything of",
    "everything expected of",
    "everything expected at",
    "all of the",
    "all the",
    "in addition to",
    "on top of",
    "same as",
    "as for",
];

/// The level a line of a level's section says the section adds to
/// ([`ADDS_TO`], then the level named within the next four words: "Staff:
/// everything for Senior, plus ..."). A long line is a sentence of its own
/// (over 20 words), not such a note.
pub(crate) fn inherited_level(text: &str) -> Option<Level> {
    let lower = text.to_lowercase();
    if lower.split_whitespace().nth(20).is_some() {
        return None;
    }
    ADDS_TO.iter().find_map(|phrase| {
        let at = find_phrase(&lower, phrase).into_iter().next()?;
        let next: Vec<&str> = lower[at + phrase.len()..]
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | ';' | '.' | '(' | ')'))
            .filter(|w| !w.is_empty())
            .take(4)
            .collect();
        parse_level(&next.join(" "))
    })
}

/// Whether the level word of `level` found at byte `at` of the lowercased
/// title names that level: a manager's only when people are managed
/// ("Product Manager", "Technical Account Manager" manage none; their
/// level is the title's other words).
fn names_level_at(lower: &str, level: Level, at: usize) -> bool {
    !matches!(level, Level::Manager | Level::SeniorManager)
        || manages_people(&lower[word_before(lower, at)..])
}

/// Where the word before byte `at` of `lower` starts (`at` when none).
fn word_before(lower: &str, at: usize) -> usize {
    let before = lower[..at].trim_end();
    before
        .rfind(|c: char| c.is_whitespace())
        .map_or(if before.is_empty() { at } else { 0 }, |space| space + 1)
}

/// The level of a grade numbered in roman numerals (I: Junior, II:
/// Intermediate, III: Senior, IV: Staff, V: Principal), as many companies
/// number their titles.
fn roman_level(word: &str) -> Option<Level> {
    match word {
        "i" => Some(Level::Junior),
        "ii" => Some(Level::Intermediate),
        "iii" => Some(Level::Senior),
        "iv" => Some(Level::Staff),
        "v" => Some(Level::Principal),
        _ => None,
    }
}

/// Whether a word is a grade code written beside a title ("L5", "IC4",
/// "E6", "P3", "SDE2"), as companies with numbered ladders write them.
/// Which level a number means differs between companies, so the code only
/// stands aside: the title's own words name the level.
fn is_grade_code(word: &str) -> bool {
    let Some(digits_at) = word.find(|c: char| c.is_ascii_digit()) else {
        return false;
    };
    let (prefix, number) = word.split_at(digits_at);
    [
        "l", "e", "ic", "ict", "p", "m", "t", "g", "lvl", "sde", "swe",
    ]
    .iter()
    .any(|known| prefix.eq_ignore_ascii_case(known))
        && (1..=2).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a heading is a grade code alone ("L5", "IC4", "Level 3"): a
/// level, but which one the number means differs between companies (see
/// [`level_for_years`]).
pub(crate) fn is_bare_grade_code(heading: &str) -> bool {
    let words: Vec<&str> = heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [code] => is_grade_code(code),
        [level, number] => {
            level.eq_ignore_ascii_case("level") && number.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// The level a section of [`is_bare_grade_code`] heading stands for, from
/// the years of experience it asks for: the highest individual-contributor
/// level whose usual years ([`Level::default_years_experience`]) they
/// reach. 1 year Junior, 3 Intermediate, 6 Senior, 9 Staff, 10 Principal.
pub(crate) fn level_for_years(years: f32) -> Level {
    [
        Level::Distinguished,
        Level::Principal,
        Level::Staff,
        Level::Senior,
        Level::Intermediate,
    ]
    .into_iter()
    .find(|level| years >= level.default_years_experience())
    .unwrap_or(Level::Junior)
}

/// A heading or title without its grade codes and the punctuation left
/// dangling around them: "L6 - Staff Platform Engineer" and "Senior SRE
/// (L5)" -> "Staff Platform Engineer", "Senior SRE".
pub(crate) fn without_grade_codes(text: &str) -> String {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|token| !is_grade_code(token.trim_matches(|c: char| !c.is_alphanumeric())))
        .collect();
    let is_word = |token: &&str| token.chars().any(char::is_alphanumeric);
    let first = words.iter().position(is_word).unwrap_or(words.len());
    let last = words.iter().rposition(is_word).map_or(first, |i| i + 1);
    words[first..last.max(first)].join(" ")
}

/// Words that say nothing about which family a title belongs to.
const GENERIC: &[&str] = &[
    "engineer",
    "engineering",
    "engineers",
    "developer",
    "developers",
    "development",
    "software",
    "of",
    "and",
    "the",
    "level",
];

/// The title without level words: "Staff Backend Engineer" -> "Backend Engineer".
pub(crate) fn title_stem(title: &str) -> String {
    let mut lower = title.to_lowercase();
    for (word, level) in LEVEL_WORDS {
        for pos in find_phrase(&lower, word).into_iter().rev() {
            // "Product Manager" keeps its "manager": no level there.
            if names_level_at(&lower, *level, pos) {
                lower.replace_range(pos..pos + word.len(), " ");
            }
        }
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| !is_grade_code(w))
        .enumerate()
        .filter(|(i, w)| *i == 0 || roman_level(w).is_none())
        .map(|(_, w)| w)
        .collect();
    // "Director of Engineering, Platform" leaves "of engineering platform".
    let connectors = words
        .iter()
        .take_while(|w| matches!(**w, "of" | "for" | "the" | "in" | "at"))
        .count();
    words[connectors..].join(" ")
}

/// Distinctive words of a stem ("backend").
fn stem_words(stem: &str) -> Vec<&str> {
    stem.split(' ')
        .filter(|w| !w.is_empty() && !GENERIC.contains(w))
        .collect()
}

/// True when a heading names only a level ("Staff", "Staff Backend Engineer").
pub(crate) fn is_level_heading(heading: &str, page_stem: &str) -> Option<Level> {
    let level = parse_level(heading)?;
    let rest = title_stem(heading);
    let stem = stem_words(page_stem);
    let leftover = rest
        .split(' ')
        .filter(|w| !w.is_empty() && !GENERIC.contains(w) && !stem.contains(w))
        .count();
    (leftover == 0).then_some(level)
}

/// Whether a single (lowercase) word of a title names an individual
/// contributor's level ("senior", "sr", "lead", "iii"): the words of
/// [`LEVEL_WORDS`] without a space, and numbered grades.
fn is_ic_level_word(word: &str) -> bool {
    roman_level(word).is_some()
        || LEVEL_WORDS
            .iter()
            .any(|(w, level)| *w == word && *level <= Level::Distinguished)
}

/// The title of the role a level section of a page becomes: the heading
/// when it is a whole title ("Senior Frontend Engineer"), else the heading
/// in front of the page title without its own level word ("Staff" on an
/// "Intermediate Backend Engineer" page: "Staff Backend Engineer").
pub(crate) fn level_title(page_title: &str, heading: &str) -> String {
    let heading = without_grade_codes(heading);
    let heading = heading.as_str();
    if !stem_words(&title_stem(heading)).is_empty() {
        return heading.to_string();
    }
    let bare = |word: &str| {
        word.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let rest: Vec<&str> = page_title
        .split_whitespace()
        .filter(|word| !is_ic_level_word(&bare(word)))
        .collect();
    // "Engineer I" or "Senior Engineer" (a ladder's column) on a "Mobile
    // Engineer" page: its level words with the page's title, a numbered
    // grade after it ("Mobile Engineer I", "Senior Mobile Engineer").
    let words: Vec<&str> = heading.split_whitespace().collect();
    if words
        .iter()
        .any(|word| GENERIC.contains(&bare(word).as_str()))
    {
        let levels = |numbered: bool| -> Vec<&str> {
            words
                .iter()
                .filter(|word| {
                    let word = bare(word);
                    is_ic_level_word(&word) && roman_level(&word).is_some() == numbered
                })
                .copied()
                .collect()
        };
        let title: Vec<&str> = levels(false)
            .into_iter()
            .chain(rest.iter().copied())
            .chain(levels(true))
            .collect();
        return title.join(" ");
    }
    format!("{heading} {}", rest.join(" "))
}

/// What the family linker needs to know about a page.
pub(crate) struct Member {
    /// Page id.
    pub id: String,
    /// Level of the page.
    pub level: Level,
    /// Title stem.
    pub stem: String,
    /// `Levels` entries: (entry text, link destinations).
    pub entries: Vec<(String, Vec<String>)>,
}

/// A `Levels` entry read once: its links, its text's slug, the level it
/// names and the distinctive words of the title it means.
struct Entry<'a> {
    links: &'a [String],
    slug: String,
    level: Option<Level>,
    /// A level alone ("Senior") means that level of the listing page's own
    /// title ("Senior Backend Engineer"); an entry naming a whole title
    /// ("Senior Data Engineer") may also mean that title.
    words: [Vec<String>; 2],
}

impl<'a> Entry<'a> {
    fn new(from: &Member, (text, links): &'a (String, Vec<String>)) -> Entry<'a> {
        let level = parse_level(text).or_else(|| {
            // A bare link such as "/backend/senior/" still names a level.
            links
                .iter()
                .find_map(|l| parse_level(&l.replace(['/', '#', '-'], " ")))
        });
        Entry {
            links,
            slug: slugify(text),
            level,
            words: [
                distinct_words(&from.stem),
                distinct_words(&title_stem(&without_grade_codes(text))),
            ],
        }
    }

    /// Does the entry name page `to` (whose distinctive words are `theirs`)?
    fn names(&self, to: &Member, theirs: &[String]) -> bool {
        for link in self.links {
            let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
            let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            if slugify(fragment) == to.id || slugify(last) == to.id {
                return true;
            }
        }
        if self.slug == to.id {
            return true;
        }
        // By level, the named page must have the same distinctive words:
        // sharing one ("backend") is not enough, or another company's
        // "Senior Backend Engineer, Payments Core" dropped among these
        // pages joins their family and inherits its specialties.
        self.level == Some(to.level)
            && !theirs.is_empty()
            && self.words.iter().any(|words| words == theirs)
    }
}

/// The distinctive words of a stem, sorted, for comparing two titles
/// whatever their order ("Payments Backend" and "Backend, Payments").
fn distinct_words(stem: &str) -> Vec<String> {
    let mut words: Vec<String> = stem_words(stem).into_iter().map(str::to_string).collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Family index per member (members sharing an index form one family).
pub(crate) fn link(members: &[Member]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..members.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let words: Vec<Vec<String>> = members.iter().map(|m| distinct_words(&m.stem)).collect();
    for (a, from) in members.iter().enumerate() {
        for entry in &from.entries {
            let entry = Entry::new(from, entry);
            for (b, to) in members.iter().enumerate() {
                if a != b && entry.names(to, &words[b]) {
                    let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
    }
    (0..members.len()).map(|i| root(&mut parent, i)).collect()
}

/// The family slug of a set of members: the most common stem among its
/// individual-contributor pages (managers take their reports' family).
pub(crate) fn family_slug(members: &[&Member]) -> String {
    let ic: Vec<&&Member> = members
        .iter()
        .filter(|m| m.level <= Level::Distinguished)
        .collect();
    let pool: Vec<&&Member> = if ic.is_empty() {
        members.iter().collect()
    } else {
        ic
    };
    let mut counts: Vec<(String, usize)> = Vec::new();
    for m in pool {
        let slug = slugify(&m.stem);
        match counts.iter_mut().find(|(s, _)| *s == slug) {
            Some(c) => c.1 += 1,
            None => counts.push((slug, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts
        .into_iter()
        .map(|(s, _)| s)
        .find(|s| !s.is_empty())
        .or_else(|| members.first().map(|m| m.id.clone()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_from_titles() {
        assert_eq!(parse_level("Staff Backend Engineer"), Some(Level::Staff));
        assert_eq!(
            parse_level("Backend Engineering Manager"),
            Some(Level::Manager)
        );
        assert_eq!(
            parse_level("Senior Manager, Infra"),
            Some(Level::SeniorManager)
        );
        // A manager of a product, a project or accounts manages no people.
        assert_eq!(parse_level("Senior Product Manager"), Some(Level::Senior));
        assert_eq!(parse_level("Technical Account Manager"), None);
        assert_eq!(parse_level("Project Manager II"), Some(Level::Intermediate));
        assert_eq!(parse_level("Manager, Product"), Some(Level::Manager));
        assert_eq!(title_stem("Senior Product Manager"), "product manager");
        assert_eq!(parse_level("Sr. Data Engineer"), Some(Level::Senior));
        // Portuguese and Spanish titles.
        assert_eq!(
            parse_level("Desenvolvedor Backend Sênior"),
            Some(Level::Senior)
        );
        assert_eq!(parse_level("Ingeniero Sénior"), Some(Level::Senior));
        assert_eq!(parse_level("Desenvolvedor Júnior"), Some(Level::Junior));
        assert_eq!(
            parse_level("Engenheiro de Dados Pleno"),
            Some(Level::Intermediate)
        );
        assert_eq!(parse_level("Head of Data"), Some(Level::Director));
        assert_eq!(parse_level("VP of Engineering"), Some(Level::VicePresident));
        assert_eq!(parse_level("Platform Engineer"), None);
        assert_eq!(parse_level("Jr. Frontend Developer"), Some(Level::Junior));
        assert_eq!(
            parse_level("Software Engineering Intern"),
            Some(Level::Junior)
        );
        assert_eq!(parse_level("Graduate Data Analyst"), Some(Level::Junior));
        assert_eq!(parse_level("Lead Backend Engineer"), Some(Level::Staff));
        assert_eq!(parse_level("Tech Lead, Payments"), Some(Level::Staff));
        assert_eq!(
            parse_level("Lead Engineering Manager"),
            Some(Level::Manager)
        );
        assert_eq!(parse_level("Leadership Coach"), None);
        assert!(names_lead("Lead"));
        assert!(names_lead("Tech Lead, Payments"));
        assert!(!names_lead("Staff"));
        assert!(!names_lead("Lead Engineering Manager"));
        assert!(!names_lead("Leadership Coach"));
        assert_eq!(title_stem("Jr. Frontend Developer"), "frontend developer");
        assert_eq!(
            title_stem("Director of Engineering, Platform"),
            "engineering platform"
        );
        assert_eq!(title_stem("Head of Data"), "data");
        assert_eq!(
            parse_level("Software Engineer II"),
            Some(Level::Intermediate)
        );
        assert_eq!(
            parse_level("Cybersecurity Engineer III"),
            Some(Level::Senior)
        );
        assert_eq!(
            parse_level("Data Engineer I, Payments"),
            Some(Level::Junior)
        );
        assert_eq!(
            title_stem("Cybersecurity Engineer III"),
            "cybersecurity engineer"
        );
        assert_eq!(
            level_title("Software Engineer II", "Senior"),
            "Senior Software Engineer"
        );
    }

    #[test]
    fn level_titles() {
        assert_eq!(
            level_title("Frontend Engineer", "Senior Frontend Engineer"),
            "Senior Frontend Engineer"
        );
        assert_eq!(
            level_title("Frontend Engineer", "Staff"),
            "Staff Frontend Engineer"
        );
        assert_eq!(
            level_title("Intermediate Backend Engineer", " Junior "),
            "Junior Backend Engineer"
        );
        assert_eq!(
            level_title("Sr. Data Engineer", "Principal"),
            "Principal Data Engineer"
        );
        assert_eq!(
            level_title("Backend Engineering Manager", "Senior"),
            "Senior Backend Engineering Manager"
        );
    }

    #[test]
    fn stems() {
        assert_eq!(title_stem("Staff Backend Engineer"), "backend engineer");
        assert_eq!(title_stem("Backend Engineering Manager"), "backend");
        assert_eq!(
            is_level_heading("Staff", "backend engineer"),
            Some(Level::Staff)
        );
        assert_eq!(is_level_heading("Gitaly", "backend engineer"), None);
    }

    #[test]
    fn grade_codes_stand_aside() {
        let stem = "platform engineer";
        for heading in [
            "L6 - Staff Platform Engineer",
            "L6: Staff Platform Engineer",
            "Staff Platform Engineer (L6)",
            "IC5 Staff Platform Engineer",
        ] {
            assert_eq!(
                is_level_heading(heading, stem),
                Some(Level::Staff),
                "{heading}"
            );
            assert_eq!(
                level_title("Platform Engineer", heading),
                "Staff Platform Engineer",
                "{heading}"
            );
        }
        assert_eq!(title_stem("Software Engineer L4"), "software engineer");
        // Not grade codes: part of a name.
        assert_eq!(title_stem("Web3 Engineer"), "web3 engineer");
        assert_eq!(is_level_heading("S3 Platform", stem), None);
        assert_eq!(without_grade_codes("L5"), "");
    }

    #[test]
    fn links_by_slug_and_level() {
        let m = |id: &str, level, stem: &str, entries: Vec<(&str, &str)>| Member {
            id: id.into(),
            level,
            stem: stem.into(),
            entries: entries
                .into_iter()
                .map(|(t, l)| (t.to_string(), vec![l.to_string()]))
                .collect(),
        };
        let members = vec![
            m("a-director", Level::Director, "backend", vec![]),
            m(
                "intermediate-x",
                Level::Intermediate,
                "backend engineer",
                vec![("Senior", "/x/#senior-backend-engineer")],
            ),
            m(
                "senior-backend-developer",
                Level::Senior,
                "backend developer",
                vec![],
            ),
            m(
                "frontend-senior",
                Level::Senior,
                "frontend engineer",
                vec![],
            ),
        ];
        let f = link(&members);
        assert_eq!(f[1], f[2]);
        assert_ne!(f[0], f[1]);
        assert_ne!(f[3], f[1]);
        let fam: Vec<&Member> = vec![&members[1], &members[2]];
        assert_eq!(family_slug(&fam), "backend-developer");
    }

    /// A level entry names a page of that level with the same distinctive
    /// title words as the listing page or as the entry itself, in any
    /// order; one shared word ("backend") is not a family.
    #[test]
    fn links_by_level_need_the_same_title_words() {
        let m = |id: &str, level, stem: &str, entries: &[&str]| Member {
            id: id.into(),
            level,
            stem: stem.into(),
            entries: entries
                .iter()
                .map(|t| (t.to_string(), Vec::new()))
                .collect(),
        };
        let members = vec![
            m(
                "gitlab-backend",
                Level::Intermediate,
                "backend engineer",
                &["Senior", "Staff"],
            ),
            m(
                "kestrel",
                Level::Senior,
                "backend engineer payments core",
                &[],
            ),
            m(
                "payments",
                Level::Intermediate,
                "payments core backend engineer",
                &["Senior", "Senior Data Engineer"],
            ),
            m("sde", Level::Senior, "data engineer", &[]),
            m("staff", Level::Staff, "backend developer", &[]),
        ];
        let f = link(&members);
        assert_eq!(f[0], f[4], "same words, other generic word");
        assert_ne!(f[0], f[1], "one shared word");
        assert_eq!(f[1], f[2], "same words in another order");
        assert_eq!(f[2], f[3], "the entry's own title");
    }
}
