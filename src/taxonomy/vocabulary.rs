//! The words read around a skill's name that say who, how well, for how
//! long, or that not at all: one vocabulary for the readers that set them
//! aside or read them, where each kept a list of its own.
//!
//! - The resolver ([`super::resolve`]) sets [`WRAPPER_WORDS`] aside around
//!   a listed name ("Senior Java Developer", "Go (5 years)", "Ruby
//!   (none)") to find its skill, and numbers with a [`JOINED_UNITS`] unit
//!   ("2y", "6mos").
//! - The engine (`scoring/engine/names.rs`) reads what they say there: years
//!   ([`duration_unit`]), a denial (a [`DENIAL_WORDS`] word, or zero with a
//!   [`ZERO_UNITS`] unit: "Rust (0 years)"), and sets [`NAME_QUALIFIERS`]
//!   aside reading a name part by part ("Go/Rust (strong)").
//! - The record reader (`batch/record.rs`) reads durations in a years
//!   field with [`DURATION_UNITS`], and denials in a level field
//!   ([`LEVEL_DENIALS`]).
//! - The reader of denials in prose ([`super::negation`]) looks for
//!   [`DENIALS_AFTER`] after a skill's name ("Kubernetes: none").
//!
//! The lists differ where their readers do (a whole field, one word of a
//! name, a phrase of prose); the tests below keep them in step.

/// Words written around a skill's name that say who or how well, not
/// what: a job title ("Java Developer"), a seniority ("Senior Java"), a
/// proficiency ("Strong Security", "Typescript (strong)"), a
/// certification ("Istio certified"), experience ("SEO experience"), a
/// rating's words ("Rust 3 out of 5", "Go (4 stars)"), or a denial
/// ("Ruby (none)", "Go: no experience"). Sorted, for a binary search
/// ([`is_wrapper_word`]): every token of every name that is no known form
/// is looked up.
pub(crate) const WRAPPER_WORDS: &[&str] = &[
    "advanced",
    "basic",
    "basics",
    "beginner",
    "certificate",
    "certification",
    "certified",
    "coder",
    "consultant",
    "dev",
    "developer",
    "developers",
    "devs",
    "engineer",
    "engineers",
    "excellent",
    "exp",
    "experience",
    "experienced",
    "expert",
    "experts",
    "familiar",
    "fluent",
    "good",
    "intermediate",
    "jr",
    "junior",
    "knowledge",
    "lead",
    "learning",
    "mo",
    "month",
    "months",
    "mos",
    "native",
    "never",
    "no",
    "none",
    "novice",
    "of",
    "out",
    "principal",
    "proficiency",
    "proficient",
    "programmer",
    "programmers",
    "senior",
    "skill",
    "skills",
    "solid",
    "some",
    "specialist",
    "sr",
    "star",
    "stars",
    "strong",
    "used",
    "year",
    "years",
    "yr",
    "yrs",
];

/// The longest of [`WRAPPER_WORDS`]: a longer word is none of them.
pub(crate) const MAX_WRAPPER_BYTES: usize = 13;

/// Whether `word` is one of [`WRAPPER_WORDS`], whatever its ASCII case.
pub(crate) fn is_wrapper_word(word: &str) -> bool {
    if word.len() > MAX_WRAPPER_BYTES {
        return false;
    }
    // Lowercased on the stack, then a binary search: a linear scan with
    // case folding cost a few hundred instructions a token.
    let mut lower = [0u8; MAX_WRAPPER_BYTES];
    let lower = &mut lower[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    WRAPPER_WORDS
        .binary_search_by(|w| w.as_bytes().cmp(lower))
        .is_ok()
}

/// The [`WRAPPER_WORDS`] that say how well or how long, set aside around
/// each part of a name read part by part: "Typescript (strong)", "Go (5
/// years)", "AWS (certified)" (a job title there, "Java Developer", is
/// read by the resolver, which knows the name it wraps).
pub(crate) const NAME_QUALIFIERS: &[&str] = &[
    "strong",
    "solid",
    "basic",
    "basics",
    "advanced",
    "expert",
    "intermediate",
    "beginner",
    "proficient",
    "familiar",
    "fluent",
    "native",
    "certified",
    "certification",
    "certificate",
    "some",
    "good",
    "excellent",
    "learning",
    "year",
    "years",
    "yrs",
    "yr",
];

/// Units of a duration, with their length in years, as a years field
/// writes them after a number ("3 yrs", "6 months", "3 years 6 months",
/// "2y"): longest spelling first, for a reader that takes the first unit
/// the text starts with.
pub(crate) const DURATION_UNITS: [(&str, f64); 11] = [
    ("year(s)", 1.0),
    ("years", 1.0),
    ("year", 1.0),
    ("yrs", 1.0),
    ("yr", 1.0),
    ("months", 1.0 / 12.0),
    ("month", 1.0 / 12.0),
    ("mos", 1.0 / 12.0),
    ("mo", 1.0 / 12.0),
    ("y", 1.0),
    ("m", 1.0 / 12.0),
];

/// The length in years of a [`DURATION_UNITS`] unit written as a word of
/// a listed name, or right after its number ("Go (5 yrs)", "Go 2y",
/// "Kubernetes (6 months)"), whatever its case; not "m" there ("Go 5m"
/// may be minutes or millions), nor "year(s)" (the name is split at
/// brackets before).
pub(crate) fn duration_unit(word: &str) -> Option<f64> {
    DURATION_UNITS
        .iter()
        .find(|(unit, _)| !matches!(*unit, "year(s)" | "m") && unit.eq_ignore_ascii_case(word))
        .map(|&(_, in_years)| in_years)
}

/// Units written joined to a number in one token of a name that make it
/// years, and so no name ("2y", "6mos", "18m"): read by the resolver.
pub(crate) const JOINED_UNITS: [&str; 6] = ["y", "yr", "yrs", "mo", "mos", "m"];

/// Units after a zero that make it years of none, a denial ("0y", "0
/// years", "0 months"; "0" alone, "0/5" and "0%" are denials too).
pub(crate) const ZERO_UNITS: [&str; 7] = ["y", "yr", "yrs", "years", "mo", "mos", "months"];

/// Whether `word`, followed by `next`, labels a level: "Level" of "Python
/// (Level 4)", "lvl" of "Go lvl 3"; not "Level" of "Level Design", a name.
pub(crate) fn labels_a_level(word: &str, next: Option<&str>) -> bool {
    is_level_label(word) && next.is_some_and(is_level_number)
}

/// Whether a word of a listed name can label a level ("Level", "lvl").
fn is_level_label(word: &str) -> bool {
    ["level", "lvl", "lv"]
        .iter()
        .any(|label| word.eq_ignore_ascii_case(label))
}

/// Whether a word is the number a level's label is followed by: "4" of
/// "Level 4", "3/5" of "Level 3/5".
fn is_level_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '/' | ')' | ','))
}

/// Whether a word is a level written as its code, `L` and one step of the
/// five: "L4" of "Python L4" (not "L7", nor "L2/L3").
pub(crate) fn is_level_code(word: &str) -> bool {
    matches!(word.as_bytes(), [b'L' | b'l', b'1'..=b'5'])
}

/// Honorifics, as written before a person's name: a skill's name after
/// one is a person's ("Mr. Jenkins", "Dr. Ruby Smith", "Ms Swift"). Case
/// as written, with or without the period: "Sr." is left out, it says
/// "Senior" before a skill ("Sr. Java Developer").
pub(crate) const HONORIFICS: &[&str] = &[
    "Dame", "Dr", "Frau", "Herr", "Miss", "Mlle", "Mme", "Mr", "Mrs", "Ms", "Mx", "Prof", "Sir",
];

/// Words before a place's name that say it is one, travelling or living
/// there (lowercase, one space between words): "a trip to Java", "born in
/// Java". Phrases that fit a skill as well are not among them: "worked
/// in", "moved from ... to", "switched to", "visiting Kubernetes meetups",
/// "A Tour of Go", "our journey to Kubernetes".
pub(crate) const PLACE_PHRASES: &[&str] = &[
    "backpacking in",
    "backpacking through",
    "born in",
    "emigrated from",
    "flew to",
    "grew up in",
    "holiday in",
    "holiday to",
    "holidays in",
    "honeymoon in",
    "immigrated from",
    "island of",
    "lived in",
    "native of",
    "raised in",
    "toured",
    "travel to",
    "traveled to",
    "traveling to",
    "travelled to",
    "travelling to",
    "trip to",
    "vacation in",
    "vacation to",
    "vacationed in",
];

/// The last word of each [`PLACE_PHRASES`] phrase, for a quick look
/// before the phrases are.
pub(crate) const PLACE_PHRASE_ENDS: &[&str] = &["from", "in", "of", "through", "to", "toured"];

/// The next-to-last word of each [`PLACE_PHRASES`] phrase of two words or
/// more, sorted: "services in Spring Boot" ends with "in" as "born in"
/// does, and one lookup of "services" here rules out every phrase.
pub(crate) const PLACE_PHRASE_LEADS: &[&str] = &[
    "backpacking",
    "born",
    "emigrated",
    "flew",
    "holiday",
    "holidays",
    "honeymoon",
    "immigrated",
    "island",
    "lived",
    "native",
    "raised",
    "travel",
    "traveled",
    "traveling",
    "travelled",
    "travelling",
    "trip",
    "up",
    "vacation",
    "vacationed",
];

/// Countries, sorted (continents are left out: "AWS, Europe and Asia
/// regions" names the cloud): a skill's name
/// followed by ", " or " (" and one of them is a place's ("Java,
/// Indonesia", "Georgia (USA)" would be too; "Java (Indonesia)").
pub(crate) const COUNTRIES: &[&str] = &[
    "Afghanistan",
    "Albania",
    "Algeria",
    "Andorra",
    "Angola",
    "Argentina",
    "Armenia",
    "Australia",
    "Austria",
    "Azerbaijan",
    "Bahamas",
    "Bahrain",
    "Bangladesh",
    "Barbados",
    "Belarus",
    "Belgium",
    "Belize",
    "Benin",
    "Bhutan",
    "Bolivia",
    "Bosnia and Herzegovina",
    "Botswana",
    "Brazil",
    "Brunei",
    "Bulgaria",
    "Burkina Faso",
    "Burundi",
    "Cambodia",
    "Cameroon",
    "Canada",
    "Cape Verde",
    "Chad",
    "Chile",
    "China",
    "Colombia",
    "Comoros",
    "Congo",
    "Costa Rica",
    "Croatia",
    "Cuba",
    "Cyprus",
    "Czech Republic",
    "Czechia",
    "Denmark",
    "Djibouti",
    "Dominica",
    "Dominican Republic",
    "East Timor",
    "Ecuador",
    "Egypt",
    "El Salvador",
    "England",
    "Eritrea",
    "Estonia",
    "Eswatini",
    "Ethiopia",
    "Fiji",
    "Finland",
    "France",
    "Gabon",
    "Gambia",
    "Germany",
    "Ghana",
    "Greece",
    "Grenada",
    "Guatemala",
    "Guinea",
    "Guyana",
    "Haiti",
    "Honduras",
    "Hong Kong",
    "Hungary",
    "Iceland",
    "India",
    "Indonesia",
    "Iran",
    "Iraq",
    "Ireland",
    "Israel",
    "Italy",
    "Ivory Coast",
    "Jamaica",
    "Japan",
    "Jordan",
    "Kazakhstan",
    "Kenya",
    "Kiribati",
    "Korea",
    "Kosovo",
    "Kuwait",
    "Kyrgyzstan",
    "Laos",
    "Latvia",
    "Lebanon",
    "Lesotho",
    "Liberia",
    "Libya",
    "Liechtenstein",
    "Lithuania",
    "Luxembourg",
    "Madagascar",
    "Malawi",
    "Malaysia",
    "Maldives",
    "Mali",
    "Malta",
    "Mauritania",
    "Mauritius",
    "Mexico",
    "Micronesia",
    "Moldova",
    "Monaco",
    "Mongolia",
    "Montenegro",
    "Morocco",
    "Mozambique",
    "Myanmar",
    "Namibia",
    "Nauru",
    "Nepal",
    "Netherlands",
    "New Zealand",
    "Nicaragua",
    "Niger",
    "Nigeria",
    "North Korea",
    "North Macedonia",
    "Norway",
    "Oman",
    "Pakistan",
    "Palau",
    "Palestine",
    "Panama",
    "Papua New Guinea",
    "Paraguay",
    "Peru",
    "Philippines",
    "Poland",
    "Portugal",
    "Qatar",
    "Romania",
    "Russia",
    "Rwanda",
    "Samoa",
    "San Marino",
    "Saudi Arabia",
    "Scotland",
    "Senegal",
    "Serbia",
    "Seychelles",
    "Sierra Leone",
    "Singapore",
    "Slovakia",
    "Slovenia",
    "Somalia",
    "South Africa",
    "South Korea",
    "South Sudan",
    "Spain",
    "Sri Lanka",
    "Sudan",
    "Suriname",
    "Sweden",
    "Switzerland",
    "Syria",
    "Taiwan",
    "Tajikistan",
    "Tanzania",
    "Thailand",
    "Timor-Leste",
    "Togo",
    "Tonga",
    "Trinidad and Tobago",
    "Tunisia",
    "Turkey",
    "Turkmenistan",
    "Tuvalu",
    "UAE",
    "UK",
    "USA",
    "Uganda",
    "Ukraine",
    "United Arab Emirates",
    "United Kingdom",
    "United States",
    "Uruguay",
    "Uzbekistan",
    "Vanuatu",
    "Venezuela",
    "Vietnam",
    "Wales",
    "Yemen",
    "Zambia",
    "Zimbabwe",
];

/// Whether `text` begins with the name of one of [`COUNTRIES`], whole
/// ("Indonesia", "New Zealand"; not "Indonesian", "Chadwick").
pub(crate) fn starts_with_country(text: &str) -> bool {
    // Countries are capitalised; those of one initial sit together in the
    // sorted list, found with byte comparisons (this is on every
    // capitalised mention with a comma after it: "Go, Python").
    let Some(&initial) = text.as_bytes().first() else {
        return false;
    };
    if !initial.is_ascii_uppercase() {
        return false;
    }
    let from = COUNTRIES.partition_point(|country| country.as_bytes()[0] < initial);
    COUNTRIES[from..]
        .iter()
        .take_while(|country| country.as_bytes()[0] == initial)
        .any(|country| {
            text.strip_prefix(country)
                .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
        })
}

/// Words of a listed name that deny its skill, wherever they stand
/// around it: "Ruby (none)", "Go: no experience", "Rust - never used".
pub(crate) const DENIAL_WORDS: [&str; 3] = ["none", "no", "never"];

/// A level field that says the candidate does not have the skill (the
/// whole field, its spaces as one and compared lowercase): a skills
/// grid's "none" is no knowledge, not a cell left empty.
pub(crate) const LEVEL_DENIALS: [&str; 5] = ["none", "no", "no experience", "never", "never used"];

/// Denials written after a skill in prose, behind a colon, a dash or a
/// bracket, as a skills grid pasted into a resume writes them (a bare
/// "no" is read on its own there: "Docker: no.", not "Python (no
/// framework)").
pub(crate) const DENIALS_AFTER: [&str; 11] = [
    "none",
    "no experience",
    "no professional experience",
    "no hands-on experience",
    "never used",
    "not used",
    "not yet",
    // "Rust (0 years)", "Rust: N/A".
    "0 years",
    "0 yrs",
    "zero years",
    "n/a",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The binary search of [`starts_with_country`] needs its list
    /// sorted; every place phrase's last word is among the ends looked at
    /// first.
    #[test]
    fn place_and_person_lists_are_sorted_and_complete() {
        assert!(
            COUNTRIES.windows(2).all(|w| w[0] < w[1]),
            "COUNTRIES sorted"
        );
        assert!(
            HONORIFICS.windows(2).all(|w| w[0] < w[1]),
            "HONORIFICS sorted"
        );
        assert!(
            PLACE_PHRASE_LEADS.windows(2).all(|w| w[0] < w[1]),
            "PLACE_PHRASE_LEADS sorted"
        );
        for phrase in PLACE_PHRASES {
            let mut words = phrase.rsplit(' ');
            let last = words.next().unwrap_or(phrase);
            assert!(PLACE_PHRASE_ENDS.contains(&last), "{phrase}");
            if let Some(lead) = words.next() {
                assert!(PLACE_PHRASE_LEADS.contains(&lead), "{phrase}");
            }
        }
        for country in COUNTRIES {
            assert!(starts_with_country(country), "{country}");
            assert!(
                starts_with_country(&format!("{country}, 2019")),
                "{country}"
            );
        }
        for text in [
            "Indonesian",
            "Chadwick",
            "New Relic",
            "Georgian",
            "",
            "United",
        ] {
            assert!(!starts_with_country(text), "{text}");
        }
    }

    /// The binary search of [`is_wrapper_word`] needs the words sorted,
    /// lowercase and no longer than its buffer.
    #[test]
    fn wrapper_words_are_sorted_lowercase_and_short() {
        assert!(WRAPPER_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
        for word in WRAPPER_WORDS {
            assert!(word.len() <= MAX_WRAPPER_BYTES, "{word}");
            assert_eq!(*word, word.to_ascii_lowercase());
            assert!(
                is_wrapper_word(word) && is_wrapper_word(&word.to_ascii_uppercase()),
                "{word}"
            );
        }
        assert!(!is_wrapper_word("engineering") && !is_wrapper_word("certifications"));
    }

    /// What a reader of a name reads there, the resolver sets aside around
    /// it: else "Go (strong)", "Ruby (none)" or "Go - never used" would
    /// not resolve to be read.
    #[test]
    fn the_words_read_around_a_name_are_set_aside_around_it() {
        for word in NAME_QUALIFIERS.iter().chain(&DENIAL_WORDS) {
            assert!(is_wrapper_word(word), "{word}");
        }
        for denial in LEVEL_DENIALS {
            for word in denial.split(' ') {
                assert!(is_wrapper_word(word), "{denial}");
            }
        }
        for unit in DURATION_UNITS.iter().map(|(unit, _)| unit) {
            let wrapped = is_wrapper_word(unit) || JOINED_UNITS.contains(unit);
            assert!(wrapped || *unit == "year(s)", "{unit}");
        }
    }

    /// Every unit read anywhere is a [`DURATION_UNITS`] unit, of the same
    /// length; every level denial but a bare "no" or "never" is one in
    /// prose too.
    #[test]
    fn the_lists_agree_where_they_overlap() {
        let length = |unit: &str| {
            DURATION_UNITS
                .iter()
                .find(|(known, _)| *known == unit)
                .map(|&(_, years)| years)
        };
        for unit in JOINED_UNITS.iter().chain(&ZERO_UNITS) {
            assert!(length(unit).is_some(), "{unit}");
        }
        for (unit, years) in DURATION_UNITS {
            if let Some(read) = duration_unit(unit) {
                assert_eq!(read, years, "{unit}");
                assert_eq!(duration_unit(&unit.to_ascii_uppercase()), Some(years));
            }
        }
        assert_eq!(duration_unit("m"), None);
        for denial in LEVEL_DENIALS {
            assert!(
                DENIALS_AFTER.contains(&denial) || DENIAL_WORDS.contains(&denial),
                "{denial}"
            );
        }
        for word in DENIAL_WORDS {
            assert!(LEVEL_DENIALS.contains(&word), "{word}");
        }
    }
}
