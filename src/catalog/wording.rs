//! Reading the wording of a page: what a heading means, how strongly a line
//! asks for a skill (tier cues), what proficiency it implies, and which
//! mentioned skills are alternatives of one any-of group.
//!
//! Everything here works on ASCII-lowercased copies of the text, which keep
//! the byte offsets of the original, so taxonomy mentions line up.

use std::sync::OnceLock;

use foldhash::{HashSet, HashSetExt};
use memchr::memmem::Finder;

use crate::taxonomy::{self, Mention, Resolution, SkillId, Taxonomy};

/// What a section heading means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SectionKind {
    /// Requirements-like: weighs most.
    Requirements,
    /// Responsibilities-like.
    Responsibilities,
    /// Nice-to-have-like: bonus tier.
    NiceToHave,
    /// Hiring process, links, benefits...: never read for skills.
    Ignored,
    /// Job grade: read only for the grade number.
    JobGrade,
    /// The `Levels` list: read only to link family pages.
    Levels,
    /// A container of specialties ("Specialties", "Teams").
    Specialties,
}

/// Word-bounded occurrences of `needle` in `hay` (both lowercase;
/// `needle` a non-empty phrase, so every occurrence starts on a character
/// boundary).
pub(crate) fn find_phrase(hay: &str, needle: &str) -> Vec<usize> {
    debug_assert!(!needle.is_empty(), "an empty phrase matches between bytes");
    word_bounded(
        hay,
        needle.as_bytes(),
        memchr::memmem::find_iter(hay.as_bytes(), needle),
    )
}

/// [`find_phrase`] with a searcher built beforehand.
fn find_phrase_by(hay: &str, finder: &Finder<'static>) -> Vec<usize> {
    word_bounded(hay, finder.needle(), finder.find_iter(hay.as_bytes()))
}

/// Searchers for a fixed list of phrases, built on first use: every
/// sentence of every page is searched for each cue, softener and
/// proficiency phrase, and setting a searcher up cost more than running
/// it over a sentence.
fn finders(
    cell: &'static OnceLock<Vec<Finder<'static>>>,
    phrases: impl Iterator<Item = &'static str>,
) -> &'static [Finder<'static>] {
    cell.get_or_init(|| phrases.map(Finder::new).collect())
}

/// The non-overlapping occurrences `at` of `needle` in `hay` that are not
/// part of a longer word.
fn word_bounded(hay: &str, needle: &[u8], at: impl Iterator<Item = usize>) -> Vec<usize> {
    let bytes = hay.as_bytes();
    let starts_word = needle.first().is_some_and(u8::is_ascii_alphanumeric);
    let ends_word = needle.last().is_some_and(u8::is_ascii_alphanumeric);
    at.filter(|&i| {
        let end = i + needle.len();
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_alphanumeric() || !starts_word;
        let after_ok = end >= bytes.len() || !bytes[end].is_ascii_alphanumeric() || !ends_word;
        before_ok && after_ok
    })
    .collect()
}

/// Classifies a heading by meaning, tolerant of typos and other phrasings
/// ("Responsibilties", "What you'll do"). `None` means ordinary content.
pub(crate) fn classify_heading(heading: &str) -> Option<SectionKind> {
    let h = heading.to_lowercase().replace(['’', '‘'], "'");
    let any = |words: &[&str]| words.iter().any(|w| h.contains(w));
    // "Signing bonus", "Annual bonus": pay, not a nice-to-have.
    if is_pay_bonus(&h) {
        return Some(SectionKind::Ignored);
    }
    // Nice-to-have first: "Preferred qualifications" is not a requirement.
    if any(&[
        "nice to have",
        "nice-to-have",
        "nice to-have",
        "bonus",
        "beneficial",
        "preferred qualification",
        "pluses",
        "plus points",
        "extra credit",
        "desirable",
        "good to have",
        "optional",
        "preferred skill",
        "preferred experience",
        "desired",
        "a plus",
        "even better",
        "would be great",
        "would be nice",
        "an advantage",
        "advantageous",
        // German and French postings: "Wünschenswert", "Von Vorteil",
        // "Idealerweise", "Pluspunkte"; "Atouts", "Un plus", "Souhaité".
        "wünschenswert",
        "von vorteil",
        "idealerweise",
        "pluspunkt",
        "pluspunt",
        "atout",
        "idéalement",
        "un plus",
        "souhait",
        // Spanish, Portuguese and Italian: "Valorable", "Se valorará",
        // "Deseable", "Diferenciais", "Desejável", "Graditi", "Titolo
        // preferenziale".
        "valorable",
        "se valora",
        "deseable",
        "diferencia",
        "desejável",
        "desejáve",
        "desejad",
        "desead",
        "gradit",
        "preferenzial",
    ]) || matches!(
        h.trim().trim_end_matches(':'),
        "preferred" | "preferences" | "plus"
    ) || is_a_wish(&h)
    {
        return Some(SectionKind::NiceToHave);
    }
    if is_about_the_company(&h) {
        return Some(SectionKind::Ignored);
    }
    if any(&[
        "hiring process",
        "interview process",
        "recruiting process",
        "how we hire",
        "our hiring",
        "next steps",
        "performance indicator",
        "relevant link",
        "workflow",
        "benefit",
        "compensation",
        "perks",
        "salary",
        "about us",
        "about the company",
        "about gitlab",
        "equal opportunit",
        "how to apply",
        "application process",
        "career ladder",
        "diversity",
        "what we offer",
        "we offer",
        "why join",
        "why work",
        "life at",
        "our values",
        "location",
        "pay range",
        "pay transparency",
        // The hiring process in French, German, Spanish, Portuguese,
        // Dutch, Italian ("Déroulement des entretiens", WTTJ).
        "entretiens",
        "processus de recrutement",
        "bewerbungsprozess",
        "proceso de selección",
        "processo seletivo",
        "sollicitatieprocedure",
        "processo di selezione",
        // "Was wir (dir) bieten", "Das bieten wir", "Deine Vorteile";
        // "Ce que nous offrons", "Nous proposons", "Avantages".
        "bieten",
        "vorteile",
        "offrons",
        "proposons",
        "avantages",
        // "Ofrecemos", "Beneficios", "Sobre nosotros", "Quiénes somos";
        // "Oferecemos", "Benefícios", "Sobre nós"; "Offriamo", "Chi
        // siamo"; "Wat wij bieden", "Arbeidsvoorwaarden", "Over ons";
        // "Über uns".
        "ofrecemos",
        "oferecemos",
        "beneficio",
        "benefício",
        "sobre nosotros",
        "quiénes somos",
        "quienes somos",
        "sobre nós",
        "offriamo",
        "chi siamo",
        "bieden",
        "arbeidsvoorwaarden",
        "over ons",
        "über uns",
        // "Unser Angebot", "Our offer".
        "angebot",
        "our offer",
        // "Who we are", "Our story": the company.
        "who we are",
        "our story",
        // "What's in it for you", "Why you'll love working here".
        "in it for you",
        "why you'll love",
        "why us",
        "total rewards",
    ]) {
        return Some(SectionKind::Ignored);
    }
    // "Team profile" describes the team, not the candidate.
    if h.contains("team profil") {
        return None;
    }
    if h.contains("job grade") || h.trim() == "grade" {
        return Some(SectionKind::JobGrade);
    }
    if h.trim() == "levels" || h.trim() == "level" || h.starts_with("levels ") {
        return Some(SectionKind::Levels);
    }
    if any(&[
        "specialties",
        "specialities",
        "specializations",
        "specialisations",
    ]) || h.trim() == "teams"
    {
        return Some(SectionKind::Specialties);
    }
    if any(&[
        "requirement",
        "qualification",
        "must have",
        "must-have",
        "what you'll need",
        "what you will need",
        "what you need",
        // "What we need from you", "What we expect (from you)".
        "what we need",
        "what we expect",
        "looking for",
        "may be a fit",
        "might be a fit",
        "thrive here if",
        "you'll thrive",
        "you will thrive",
        "you’ll thrive",
        "succeed in this role",
        "about you",
        "who you are",
        "skills",
        "what you bring",
        "what you'll bring",
        "what you will bring",
        "you have",
        "experience",
        "ideal candidate",
        "competenc",
        // "Your profile", "Candidate profile", "Dein/Ihr Profil", "Votre
        // profil", "Profil recherché": what the candidate is to bring.
        "profil",
        "anforderung",
        "qualifikation",
        "mitbring",
        "exigence",
        "compétenc",
        // "Das bringst du mit", "Das bringen Sie mit", "Voraussetzungen".
        "bringst du mit",
        "bringen sie mit",
        "voraussetzung",
        // "Requisitos", "Requisiti", "Lo que buscamos", "Tu perfil",
        // "Experiencia", "Conocimientos", "Habilidades"; "Chi cerchiamo";
        // "Jouw profiel", "Wat we vragen", "Functie-eisen"; "Expérience".
        "requisit",
        "buscamos",
        "perfil",
        "experiencia",
        "conocimientos",
        "habilidades",
        "cerchiamo",
        "profiel",
        "wat we vragen",
        "wat wij vragen",
        "wat vragen wij",
        "vereisten",
        "eisen",
        "expérience",
        // "Qualificações", "Candidato ideal(e)", "Expectations", "Essentials".
        "qualificaç",
        "candidato ideal",
        "expectations",
        "essentials",
        // "Ce que nous recherchons", "Das zeichnet dich/Sie aus", "O que
        // esperamos de você" / "Lo que esperamos de ti", "Wie ben jij",
        // "Wat breng je mee", "Competenze richieste".
        "nous recherchons",
        "zeichnet dich aus",
        "zeichnet sie aus",
        "esperamos de",
        "wie ben jij",
        "breng je mee",
        "breng jij mee",
        "competenz",
    ]) {
        return Some(SectionKind::Requirements);
    }
    if any(&[
        "responsib",
        "responsibilt",
        "what you'll do",
        "what you will do",
        "what you'll be doing",
        "your role",
        "duties",
        "day to day",
        "day-to-day",
        "in this role",
        "the role",
        "your impact",
        "what you'll work on",
        "tasks",
        // "Deine/Ihre Aufgaben", "Vos missions", "Your mission".
        "aufgaben",
        "missions",
        "your mission",
        "votre mission",
        // "Responsabilidades", "Responsabilità", "Qué harás", "Funciones",
        // "Tareas"; "O que você vai fazer", "Atividades"; "Mansioni";
        // "Wat ga je doen", "Jouw taken".
        "responsab",
        "harás",
        "funciones",
        "tareas",
        "vai fazer",
        "atividades",
        "mansioni",
        "wat ga je doen",
        "taken",
        // "Atribuições", "Di cosa ti occuperai", "Le poste", "Dein Job".
        "atribuiç",
        "ti occuperai",
        "le poste",
        "dein job",
        "ihr job",
        // WTTJ's "Descriptif du poste" is the duties ("Profil recherché"
        // follows); "Ce que tu feras", "Tätigkeitsbereich", "Tu día a
        // día", "Cosa farai".
        "descriptif du poste",
        "description du poste",
        "tu feras",
        "vous ferez",
        "tätigkeit",
        "día a día",
        "dia a dia",
        "cosa farai",
    ]) {
        return Some(SectionKind::Responsibilities);
    }
    None
}

/// Words that praise what follows in a heading ("great", "a plus").
const PRAISE: &[&str] = &[
    "plus",
    "great",
    "better",
    "nice",
    "bonus",
    "ideal",
    "ideally",
    "extra",
    "love",
    "awesome",
    "amazing",
    "advantage",
    "brownie",
];

/// "It would be great if you have", "Even better if you", "It's a plus if
/// you have", "We'd love it if you": a wish on a condition of the
/// candidate is a nice-to-have, whatever the praise word. "You'll thrive
/// here if you" (no praise) and "You'd be a great fit if you" (a fit is
/// what the role needs) stay requirements.
fn is_a_wish(lowercase_heading: &str) -> bool {
    let words: Vec<&str> = lowercase_heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.contains(&"if")
        && words.iter().any(|w| PRAISE.contains(w))
        && !words.iter().any(|w| matches!(*w, "fit" | "match"))
}

/// Words before "bonus" that make it pay: "signing bonus", "annual bonus",
/// "a certification bonus we pay".
const PAY_BONUS: &[&str] = &[
    "signing",
    "sign-on",
    "welcome",
    "annual",
    "yearly",
    "performance",
    "cash",
    "referral",
    "retention",
    "certification",
    "holiday",
    "christmas",
];

/// Whether "bonus" in `lowercase` is pay ("Signing bonus").
fn is_pay_bonus(lowercase: &str) -> bool {
    let words: Vec<&str> = lowercase
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .any(|pair| pair[1].starts_with("bonus") && PAY_BONUS.contains(&pair[0]))
}

/// "About Acme", "Who we are", "Our company": the employer's section,
/// whose stack ("we run on Kotlin and Kafka") is not what the role asks
/// for. "About the role", "About you" and "About the team" are the job's.
fn is_about_the_company(lowercase_heading: &str) -> bool {
    let h = lowercase_heading.trim().trim_end_matches(':').trim();
    if matches!(
        h,
        "company" | "the company" | "our company" | "who we are" | "our mission" | "our story"
    ) || h.starts_with("company overview")
        || h.starts_with("company profile")
        || h.starts_with("life at ")
        // "Über das Unternehmen", "Unternehmensprofil".
        || h.contains("unternehmen")
    {
        return true;
    }
    let Some(subject) = h.strip_prefix("about ") else {
        return false;
    };
    let subject = subject
        .trim_start_matches("the ")
        .trim_start_matches("this ");
    ![
        "role",
        "job",
        "position",
        "you",
        "your",
        "team",
        "opportunity",
        "work",
        "candidate",
    ]
    .iter()
    .any(|own| subject == *own || subject.starts_with(&format!("{own} ")))
}

/// How strongly wording asks for a skill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cue {
    /// Explicit must-wording: REQUIRED.
    Must,
    /// "Highly desirable": preferred, x0.9.
    HighlyDesirable,
    /// "Desirable", "preferably": preferred, x0.7.
    Desirable,
    /// "A plus", "nice to have": bonus, x0.4.
    Bonus,
}

impl Cue {
    /// Weight multiplier of the cue.
    pub fn mult(self) -> f32 {
        match self {
            Cue::Must => 1.0,
            Cue::HighlyDesirable => 0.9,
            Cue::Desirable => 0.7,
            Cue::Bonus => 0.4,
        }
    }
}

/// Whether a cue reads forward only ("must have X"), may cover the skills
/// just before it ("X is a plus"), or only those ("CKA welcome").
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Prefix,
    Either,
    Postfix,
}

const CUES: &[(&str, Cue, Dir)] = &[
    ("strict requirement", Cue::Must, Dir::Either),
    ("absolutely required", Cue::Must, Dir::Either),
    ("is a requirement", Cue::Must, Dir::Either),
    ("a must", Cue::Must, Dir::Either),
    ("mandatory", Cue::Must, Dir::Either),
    // "Swift (must have)", "Kubernetes (must)", "Kotlin - must have".
    ("must have", Cue::Must, Dir::Either),
    ("must-have", Cue::Must, Dir::Either),
    ("(must)", Cue::Must, Dir::Either),
    ("non-negotiable", Cue::Must, Dir::Either),
    ("must", Cue::Must, Dir::Prefix),
    // German "Muss", only in quotes ("ein „Muss“"): see `QUOTED_ONLY`.
    ("muss", Cue::Must, Dir::Prefix),
    ("required", Cue::Must, Dir::Either),
    ("essential", Cue::Must, Dir::Either),
    ("highly desirable", Cue::HighlyDesirable, Dir::Either),
    ("strongly preferred", Cue::HighlyDesirable, Dir::Either),
    ("desirable", Cue::Desirable, Dir::Either),
    ("preferably", Cue::Desirable, Dir::Prefix),
    ("preferred", Cue::Desirable, Dir::Either),
    ("ideally", Cue::Desirable, Dir::Prefix),
    ("a plus", Cue::Bonus, Dir::Either),
    ("big plus", Cue::Bonus, Dir::Either),
    ("would be nice", Cue::Bonus, Dir::Either),
    // "It would be great if you have Terraform experience".
    ("would be great", Cue::Bonus, Dir::Either),
    ("it'd be great", Cue::Bonus, Dir::Either),
    ("it’d be great", Cue::Bonus, Dir::Either),
    ("good to have", Cue::Bonus, Dir::Either),
    ("great to have", Cue::Bonus, Dir::Either),
    ("nice to have", Cue::Bonus, Dir::Either),
    ("nice-to-have", Cue::Bonus, Dir::Either),
    ("beneficial", Cue::Bonus, Dir::Either),
    ("helpful", Cue::Bonus, Dir::Either),
    ("bonus", Cue::Bonus, Dir::Either),
    ("an advantage", Cue::Bonus, Dir::Either),
    ("an asset", Cue::Bonus, Dir::Either),
    // "You do not need to know Kubernetes": welcome, not asked for.
    ("do not need", Cue::Bonus, Dir::Either),
    ("don't need", Cue::Bonus, Dir::Either),
    ("don’t need", Cue::Bonus, Dir::Either),
    ("no need", Cue::Bonus, Dir::Either),
    ("not necessary", Cue::Bonus, Dir::Either),
    ("not needed", Cue::Bonus, Dir::Either),
    ("not a requirement", Cue::Bonus, Dir::Either),
    // "We don't expect you to know Scala", "Terraform would help".
    ("don't expect", Cue::Bonus, Dir::Either),
    ("don’t expect", Cue::Bonus, Dir::Either),
    ("do not expect", Cue::Bonus, Dir::Either),
    ("would help", Cue::Bonus, Dir::Either),
    // "PyTorch (must have); TensorFlow is fine too", "Kotlin is welcome":
    // accepted, not asked for.
    ("fine too", Cue::Bonus, Dir::Either),
    ("also fine", Cue::Bonus, Dir::Either),
    ("fine as well", Cue::Bonus, Dir::Either),
    ("is welcome", Cue::Bonus, Dir::Either),
    ("are welcome", Cue::Bonus, Dir::Either),
    ("also welcome", Cue::Bonus, Dir::Either),
    ("we welcome", Cue::Bonus, Dir::Prefix),
    // "Kubernetes in production (CKA welcome)", "Go; Rust welcome": an
    // aside after a name, without "is". Only at the end of its clause
    // (see `find_cues`), and never read forward: "Welcome to the team"
    // and "a welcome bonus" ask for nothing.
    ("welcome", Cue::Bonus, Dir::Postfix),
    // "Kubernetes experience needed"; "no prior Kubernetes experience
    // needed" is negated, as "not required" is.
    ("experience needed", Cue::Must, Dir::Either),
    // German: "Java (ein Muss)", "zwingend erforderlich", "sind
    // Voraussetzung", "von Vorteil", "wünschenswert", "ein Plus".
    ("ein muss", Cue::Must, Dir::Either),
    ("zwingend", Cue::Must, Dir::Either),
    ("erforderlich", Cue::Must, Dir::Either),
    ("voraussetzung", Cue::Must, Dir::Either),
    ("wünschenswert", Cue::Desirable, Dir::Either),
    ("von vorteil", Cue::Bonus, Dir::Either),
    ("ein plus", Cue::Bonus, Dir::Either),
    // Spanish and Portuguese: "(imprescindible)", "obligatorio",
    // "deseable", "valorable", "se valorará", "desejável", "diferencial".
    ("imprescindible", Cue::Must, Dir::Either),
    ("imprescindível", Cue::Must, Dir::Either),
    ("obligatorio", Cue::Must, Dir::Either),
    ("obrigatório", Cue::Must, Dir::Either),
    ("deseable", Cue::Desirable, Dir::Either),
    ("desejável", Cue::Desirable, Dir::Either),
    ("valorable", Cue::Bonus, Dir::Either),
    ("se valorará", Cue::Bonus, Dir::Either),
    ("diferencial", Cue::Bonus, Dir::Either),
    // Italian and Dutch: "indispensabile", "obbligatorio", "vereist",
    // "verplicht", "een must", "gradito", "een pré".
    ("indispensabile", Cue::Must, Dir::Either),
    ("obbligatorio", Cue::Must, Dir::Either),
    ("obbligatoria", Cue::Must, Dir::Either),
    ("vereist", Cue::Must, Dir::Either),
    ("verplicht", Cue::Must, Dir::Either),
    ("een must", Cue::Must, Dir::Either),
    ("gradito", Cue::Bonus, Dir::Either),
    ("gradita", Cue::Bonus, Dir::Either),
    ("een pré", Cue::Bonus, Dir::Either),
    // "Python is a prerequisite"; "we do not require a degree".
    ("a prerequisite", Cue::Must, Dir::Either),
    ("do not require", Cue::Bonus, Dir::Either),
    ("don't require", Cue::Bonus, Dir::Either),
    ("don’t require", Cue::Bonus, Dir::Either),
    ("does not require", Cue::Bonus, Dir::Either),
    // French: "indispensable", "obligatoire", "souhaité", "un atout".
    ("indispensable", Cue::Must, Dir::Either),
    ("obligatoire", Cue::Must, Dir::Either),
    ("souhaité", Cue::Desirable, Dir::Either),
    ("souhaitée", Cue::Desirable, Dir::Either),
    ("un atout", Cue::Bonus, Dir::Either),
    ("un plus", Cue::Bonus, Dir::Either),
];

/// Cues that accept a name in place of another ("Swift (Objective-C is
/// fine too)"): an any-of choice, not an aside.
const ACCEPTED_INSTEAD: &[&str] = &["fine too", "also fine", "fine as well"];

/// Words that may come before a cue opening its clause without making the
/// clause one of its own: "Node.js is fine for tooling, but not required"
/// says of Node.js what "Node.js, not required" does.
const CLAUSE_LINKS: &[&str] = &[
    "but",
    "and",
    "yet",
    "though",
    "although",
    "not",
    "is",
    "are",
    "it",
    "it's",
    "also",
    "definitely",
    "absolutely",
    "strictly",
];

/// Labels that, leading an item ("Mandatory: ..."), set the cue of the whole
/// item and override in-text cues.
const LABELS: &[(&str, Cue)] = &[
    ("not required", Cue::Bonus),
    ("not mandatory", Cue::Bonus),
    ("highly desirable", Cue::HighlyDesirable),
    ("strongly preferred", Cue::HighlyDesirable),
    ("mandatory", Cue::Must),
    ("required", Cue::Must),
    ("must have", Cue::Must),
    ("must-have", Cue::Must),
    ("must", Cue::Must),
    ("desirable", Cue::Desirable),
    ("preferred", Cue::Desirable),
    ("nice to have", Cue::Bonus),
    ("nice-to-have", Cue::Bonus),
    ("bonus points", Cue::Bonus),
    ("bonus", Cue::Bonus),
    ("optional", Cue::Bonus),
    ("a plus", Cue::Bonus),
    ("plus", Cue::Bonus),
];

/// Phrases that mean the candidate may lack the skill today: they never let
/// a skill become REQUIRED.
const SOFTENERS: &[&str] = &[
    "willing to learn",
    "willingness to learn",
    "eager to learn",
    "interest in",
    "interested in",
    "passion for",
    "passionate about",
    "curious about",
];

/// Wording that accepts something else in place of what its clause names:
/// "BS in Computer Science or equivalent practical experience" is no
/// must-have, even under "Minimum qualifications".
const SUBSTITUTES: &[&str] = &[
    "or equivalent",
    "or comparable",
    "or related experience",
    "or relevant experience",
    "or related practical experience",
    "or relevant practical experience",
];

/// Proficiency cues, strongest first within each rank.
const PROFICIENCY: &[(&str, u8)] = &[
    ("expert", 5),
    ("expertise", 5),
    ("deep", 5),
    ("deeply", 5),
    ("in-depth", 5),
    ("in depth", 5),
    ("extensive", 5),
    ("extensively", 5),
    ("mastery", 5),
    ("strong", 4),
    ("significant", 4),
    ("solid", 4),
    ("proficient", 4),
    ("proficiency", 4),
    ("advanced", 4),
    ("excellent", 4),
    ("top notch", 4),
    ("top-notch", 4),
    ("fluent", 4),
    // German, Spanish, Portuguese and French: "sehr gute Kenntnisse",
    // "fundierte Kenntnisse", "experiencia sólida", "dominio de",
    // "maîtrise de", "connaissances approfondies".
    ("umfassende", 5),
    ("tiefgehende", 5),
    ("profundo", 5),
    ("profundos", 5),
    ("profunda", 5),
    ("approfondie", 5),
    ("approfondies", 5),
    ("sehr gute", 4),
    ("sehr guten", 4),
    ("fundierte", 4),
    ("fundierten", 4),
    ("sólida", 4),
    ("sólidas", 4),
    ("sólido", 4),
    ("sólidos", 4),
    ("avanzado", 4),
    ("avanzados", 4),
    ("avanzada", 4),
    ("avançado", 4),
    ("dominio", 4),
    ("domínio", 4),
    ("solide", 4),
    ("solides", 4),
    ("maîtrise", 4),
    ("maîtrises", 4),
    ("maîtrisez", 4),
    ("maîtriser", 4),
    // Italian and Dutch: "ottima conoscenza", "conoscenza approfondita",
    // "grondige kennis", "uitgebreide kennis".
    ("approfondita", 5),
    ("approfondite", 5),
    ("grondige", 5),
    ("uitgebreide", 5),
    ("ottima", 4),
    ("ottime", 4),
    ("ottimo", 4),
    ("sterke", 4),
    ("basiskennis", 2),
    ("familiar", 2),
    ("familiarity", 2),
    ("grundkenntnisse", 2),
    ("erste erfahrung", 2),
    ("erste erfahrungen", 2),
    ("conocimientos básicos", 2),
    ("nociones", 2),
    ("notions", 2),
    ("understanding of", 2),
    ("interest in", 2),
    ("exposure to", 2),
    ("some", 2),
    ("basic", 2),
    ("willing to learn", 2),
];

/// Whether the cue word at `sentence[at..at + len]` is part of a proper
/// name ("Familiarity with PSD2 and Strong Customer Authentication"): it is
/// capitalised after a word of the sentence, the next word is capitalised
/// too and either names no skill of its own ("Strong Docker skills" is a
/// cue on Docker) or is followed by another capitalised word ("Advanced
/// Message Queuing Protocol"), and the sentence is not written in title
/// case (an earlier word of four letters or more is lower-case), where
/// every word is capitalised.
/// `names_a_skill_at` tells whether a skill mention starts at an offset of
/// `sentence`'s text.
fn in_proper_name(
    sentence: &str,
    at: usize,
    len: usize,
    names_a_skill_at: impl Fn(usize) -> bool,
) -> bool {
    let (Some(before), Some(after)) = (sentence.get(..at), sentence.get(at + len..)) else {
        return false;
    };
    let capitalised = |word: &str| word.starts_with(|c: char| c.is_uppercase());
    if !capitalised(&sentence[at..]) || !before.trim_end().ends_with(char::is_alphanumeric) {
        return false;
    }
    let Some(next) = after.strip_prefix(' ') else {
        return false;
    };
    let next_at = at + len + 1;
    let in_prose = before
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word.len() >= 4 && word.starts_with(|c: char| c.is_lowercase()));
    // "Strong Docker skills": a skill's name next, then lower case, is what
    // the cue qualifies; "Advanced Message Queuing Protocol" goes on in
    // capitals, a name of its own.
    let name_goes_on = next.split_whitespace().nth(1).is_some_and(capitalised);
    capitalised(next) && (!names_a_skill_at(next_at) || name_goes_on) && in_prose
}

/// The leading label of an item ("Highly desirable: ..."), if any.
pub(crate) fn leading_label(text: &str) -> Option<Cue> {
    let lower = text.trim_start().to_ascii_lowercase();
    for (label, cue) in LABELS {
        if let Some(rest) = lower.strip_prefix(label) {
            let rest = rest.trim_start();
            if rest.is_empty() || rest.starts_with([':', '-', '–', '—']) {
                return Some(*cue);
            }
        }
    }
    None
}

/// A label that ends an item after a dash or in parentheses ("Advanced SQL
/// (window functions, CTEs) - essential", "Strong SQL - you can write
/// joins (must have)"), and where it starts: it covers the item's last
/// sentence as a leading label would, when no other cue stands before it.
pub(crate) fn trailing_label(text: &str) -> Option<(Cue, usize)> {
    let end =
        text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | ';' | ':'));
    // Byte offsets stay those of `text`: ASCII lowercasing keeps lengths.
    let lower = end.to_ascii_lowercase();
    let (said, start) = if let Some(body) = lower.strip_suffix(')') {
        let open = body.rfind('(')?;
        (&body[open + 1..], open)
    } else {
        let dash = [" - ", " – ", " — "]
            .iter()
            .filter_map(|d| lower.rfind(d).map(|at| (at, d.len())))
            .max()?;
        (&lower[dash.0 + dash.1..], dash.0)
    };
    // "Spring Boot – a “must”": quotes around the label change nothing.
    let unquoted: String = said.chars().filter(|c| !QUOTES.contains(c)).collect();
    let said = unquoted.trim();
    LABELS
        .iter()
        .chain(&[("essential", Cue::Must), ("a must", Cue::Must)])
        .find(|(label, _)| said == *label)
        .map(|&(_, cue)| (cue, start))
}

/// The leading label ([`leading_label`] reads it) that a table cell stands
/// for, when its column says how much a row's skill is asked for: a
/// "Priority" column of `Must have` / `Nice to have`, or a "Required?"
/// column of `Yes` / `No`.
pub(crate) fn priority_label(header: &str, cell: &str) -> Option<&'static str> {
    let header = header.to_lowercase();
    let cell = cell
        .trim()
        .trim_end_matches(['.', '!'])
        .to_lowercase()
        .replace(['’', '‘'], "'");
    let asks = |words: &[&str]| words.iter().any(|w| header.contains(w));
    let yes_no_column = asks(&["required", "mandatory", "must", "essential"]);
    if yes_no_column {
        match cell.as_str() {
            "yes" | "y" | "true" | "x" | "✓" | "✔" | "✅" => return Some("Required"),
            "no" | "n" | "false" | "-" | "–" | "✗" | "✘" | "❌" => {
                return Some("Nice to have")
            }
            _ => {}
        }
    }
    let priority_column = yes_no_column
        || asks(&[
            "priority",
            "importance",
            "tier",
            "type",
            "necessity",
            "requirement",
        ]);
    let meaning = match cell.as_str() {
        "required" | "must" | "must have" | "must-have" | "mandatory" | "essential"
        | "critical" | "core" => "Required",
        "highly desirable" | "strongly preferred" => "Highly desirable",
        "preferred" | "desirable" | "desired" | "should have" | "important" => "Preferred",
        "nice to have" | "nice-to-have" | "optional" | "bonus" | "a plus" | "plus"
        | "not required" | "not mandatory" | "could have" => "Nice to have",
        // Words that mean something else outside such a column ("High").
        // A high priority is important, not a hard filter: "Must have"
        // is the word for that.
        "high" | "p1" if priority_column => "Highly desirable",
        "medium" | "p2" if priority_column => "Preferred",
        "low" | "p3" if priority_column => "Nice to have",
        _ => return None,
    };
    Some(meaning)
}

/// True for a parent item that introduces alternatives as nested bullets
/// ("proficient in one or more of the following").
pub(crate) fn introduces_alternatives(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "one or more of",
        "one of the following",
        "any of the following",
        "at least one of",
        "either of",
    ]
    .iter()
    .any(|p| lower.contains(p))
        // "Experience with at least one UI automation framework:" and
        // the frameworks nested under it.
        || lower.trim_end().ends_with(':')
            && ["at least one ", "at least 1 ", "one or more ", "any one "]
                .iter()
                .filter_map(|p| lower.find(p).map(|at| &lower[at + p.len()..]))
                .any(|thing| !thing.starts_with("year"))
}

/// True when a requirements heading itself states must-have-ness ("Must
/// have", "Required skills", "Minimum qualifications"): its items default to
/// REQUIRED instead of PREFERRED.
pub(crate) fn heading_is_mandatory(heading: &str) -> bool {
    let h = heading.to_lowercase();
    [
        "must have",
        "must-have",
        "mandatory",
        "required",
        "minimum qualification",
        "basic qualification",
        "minimum requirement",
        "basic requirement",
        "hard requirement",
        "essential",
        // "Requisitos obrigatórios", "Requisiti obbligatori", "Exigences
        // obligatoires", "Imprescindible", "Verplicht".
        "obrigatór",
        "obbligator",
        "obligatoire",
        "obligatorio",
        "imprescindi",
        "indispensab",
        "verplicht",
        // "Vereiste kennis" (required knowledge), not "Vereisten"
        // (requirements).
        "vereiste ",
    ]
    .iter()
    .any(|w| h.contains(w))
}

/// True for an equal-employment or accommodation notice ("Acme is an
/// equal opportunity employer. We celebrate diversity ..."): the law's
/// wording, not the job's, so it asks for nothing at all (not even DEI at
/// a boilerplate's weight); and for a paragraph the job's terms open
/// ("Location: Remote", [`TERMS_LABELS`]), which asks for nothing either.
pub(crate) fn is_notice_or_terms(text: &str) -> bool {
    let lower = text.to_lowercase();
    names_legal_notice(&lower) || has_terms_label(&lower) || is_pictograph_header(text)
}

/// Pictographs job boards put before a term of the job in a page's header
/// lines: where (📍 🌍 🌎 🌏 🗺 🏠 🏡 🏢 🏙), what it pays (💰 💵 💶 💷 💸
/// 🪙), when and how long (🕐 ⏰ ⏱ 📅 🗓 ⏳ ⌛), travel (✈ 🧳). (Not 💼 or
/// 🌐, which pastes also put before experience or web skills.)
pub(crate) const TERMS_PICTOGRAPHS: &[char] = &[
    '📍', '🌍', '🌎', '🌏', '🗺', '🏠', '🏡', '🏢', '🏙', '💰', '💵', '💶', '💷', '💸', '🪙', '🕐',
    '🕑', '🕒', '🕓', '🕔', '🕕', '🕖', '🕗', '🕘', '🕙', '🕚', '🕛', '⏰', '⏱', '📅', '🗓', '⏳',
    '⌛', '✈', '🧳',
];

/// Whether every line of a paragraph opens with a pictograph of a term of
/// the job ([`TERMS_PICTOGRAPHS`]): "📍 Remote", "🏢 Berlin · 💼
/// Full-time" say where and how, as "Location: Remote" does, and ask for
/// nothing ("📍 Remote" asked for the remote-work trait).
fn is_pictograph_header(text: &str) -> bool {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .peekable();
    lines.peek().is_some() && lines.all(|line| line.starts_with(TERMS_PICTOGRAPHS))
}

/// Labels that open a paragraph about the job's terms, not its asks:
/// "**Physical demands.** Work is performed in an office", "Location:
/// Remote", "Benefits: medical, dental".
const TERMS_LABELS: &[&str] = &[
    "benefits",
    "perks",
    "salary",
    "compensation",
    "pay",
    "pay range",
    "location",
    "physical demands",
    "physical requirements",
    "working conditions",
    "work environment",
    "schedule",
    "working hours",
    "travel",
    "visa sponsorship",
];

/// Whether a (lowercased) paragraph opens with a [`TERMS_LABELS`] label
/// followed by '.' or ':'.
fn has_terms_label(lower: &str) -> bool {
    let lower = lower.trim_start_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    TERMS_LABELS.iter().any(|label| {
        lower
            .strip_prefix(label)
            .is_some_and(|rest| rest.trim_start_matches(['*', '_']).starts_with(['.', ':']))
    })
}

/// Whether a lowercased text is a legal notice (see [`is_notice_or_terms`]).
fn names_legal_notice(lower: &str) -> bool {
    [
        "equal opportunity employer",
        "equal employment opportunity",
        "without regard to race",
        "regardless of race",
        "all qualified applicants",
        "reasonable accommodation",
        "e-verify",
        // A saved page's cookie notice outside a marked banner element.
        "we use cookies",
        "site uses cookies",
        "accept all cookies",
        "cookie policy",
        "cookie settings",
    ]
    .iter()
    .any(|notice| lower.contains(notice))
}

/// True when the line is hiring/culture boilerplate every page carries.
pub(crate) fn is_boilerplate(text: &str, company: &str) -> bool {
    let lower = text.to_lowercase();
    let patterns = [
        "share our values",
        "in accordance with those values",
        "technical interview",
        "hiring process",
        "screening call",
        "equal opportunity",
        "ability to use gitlab",
        // Equal-employment statements (the legal notices too, below),
        // locations, hiring announcements.
        "without regard to",
        "location:",
        "we're hiring",
        "we are hiring",
        "is hiring",
        "are hiring",
    ];
    if patterns.iter().any(|p| lower.contains(p)) || names_legal_notice(&lower) {
        return true;
    }
    if !company.is_empty() && lower.contains(&format!("ability to use {company}")) {
        return true;
    }
    // "Ability to use <Product>." with nothing more to it.
    lower
        .strip_prefix("ability to use ")
        .is_some_and(|rest| rest.split_whitespace().count() <= 2)
}

/// Sentence ranges of `text`: split at `.`/`!`/`?` followed by a space and a
/// capital or an opening parenthesis, except after abbreviations.
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !matches!(b, b'.' | b'!' | b'?') {
            continue;
        }
        let Some(&space) = bytes.get(i + 1) else {
            continue;
        };
        if space != b' ' {
            continue;
        }
        let next = text[i + 1..].trim_start().chars().next();
        if !next.is_some_and(|c| c.is_uppercase() || c == '(') {
            continue;
        }
        let word = text[start..i]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if matches!(
            word.as_str(),
            "e.g" | "i.e" | "etc" | "ex" | "vs" | "approx" | "incl" | "eg"
        ) {
            continue;
        }
        out.push((start, i + 1));
        start = i + 1;
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// Clause boundaries inside a sentence: ", ", " and ", " - " when the next
/// words are not a skill ("Ruby and Go" stays one clause, "Ruby and the
/// ability to contribute in Go" does not); "; ", " but ", " while ",
/// " whereas " always ("Python; Go is a plus" asks for Python in full).
fn clause_starts(lower: &str, range: (usize, usize), mentions: &[Mention]) -> Vec<usize> {
    let mut starts = vec![range.0];
    let seg = &lower[range.0..range.1];
    for (sep, always) in [
        (", ", false),
        ("; ", true),
        (" and ", false),
        (" but ", true),
        (" while ", true),
        (" - ", false),
        (" – ", false),
        (" whereas ", true),
    ] {
        for (i, _) in seg.match_indices(sep) {
            let mut at = range.0 + i + sep.len();
            while lower.as_bytes().get(at) == Some(&b' ') {
                at += 1;
            }
            // ", and Linux": a list continuing with a conjunction.
            for conj in ["and/or ", "and ", "or "] {
                if lower[at..].starts_with(conj) {
                    at += conj.len();
                    break;
                }
            }
            if always || mentions.binary_search_by_key(&at, |m| m.start).is_err() {
                starts.push(at);
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// Index of the clause holding `pos` (`starts` is sorted).
fn clause_of(starts: &[usize], pos: usize) -> usize {
    starts.partition_point(|&s| s <= pos).saturating_sub(1)
}

/// One skill entry a unit yields: a skill or an any-of group.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    /// The skill, or the alternatives, first-named first.
    pub skills: Vec<SkillId>,
    /// The wording cue that applies, if any.
    pub cue: Option<Cue>,
    /// Expected proficiency 1-5.
    pub level: u8,
    /// Named only as something to learn or be interested in.
    pub tentative: bool,
    /// Named only as the field of a degree ("BS in Computer Science or
    /// related field"): see [`in_a_degree`].
    pub degree: bool,
    /// Named in a sentence about what the candidate knows ("Experience
    /// with Django is required"): see [`asks_of_the_person`].
    pub of_the_person: bool,
    /// Named as a stack the company is leaving ("our legacy PHP
    /// monolith", "Perl (being phased out)"): see [`is_legacy`].
    pub legacy: bool,
}

/// What a unit says.
#[derive(Clone, Debug, Default)]
pub(crate) struct Analysis {
    /// Skill entries, one per skill/group, first mention wins.
    pub entries: Vec<Entry>,
    /// The cue of the item as a whole (its label, or its first cue), passed
    /// on to nested bullets that have none of their own.
    pub item_cue: Option<Cue>,
    /// Strongest proficiency the item names, passed on to nested bullets.
    pub item_level: Option<u8>,
}

/// Words after a category that name knowing it, not another thing:
/// "networking fundamentals (TCP/IP, DNS)". (Not "experience" or
/// "skills": "Docker experience (Ruby a plus)" is an aside.)
const FIELD_NOUNS: &[&str] = &["fundamentals", "basics", "concepts", "principles"];

/// `gap` without a version number at its start ("15", "3.12", "v20",
/// "8+", "2.x", ".12") when words follow it.
fn without_leading_version(gap: &str) -> &str {
    let token_end = gap.find(char::is_whitespace).unwrap_or(gap.len());
    let token = gap[..token_end].trim_end_matches(['+', ',']);
    // ".12" of "Python 3.12", whose "Python 3" is a name of the skill.
    let digits = token
        .strip_prefix(['v', 'V'])
        .or_else(|| token.strip_prefix('.'))
        .unwrap_or(token);
    let is_version = digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.split('.').all(|part| {
            part == "x" || (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        });
    if is_version && token_end < gap.len() {
        gap[token_end..].trim_start()
    } else {
        gap
    }
}

/// Connector between two neighbouring mentions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Link {
    Slash,
    Or,
    List,
    And,
    Example,
    Break,
}

fn connector(gap: &str) -> Link {
    // "PostgreSQL 15 or MySQL", "Python 3.12 or Go": a version of the skill
    // before is part of its name.
    let g = without_leading_version(gap.trim()).to_ascii_lowercase();
    if g == "/" {
        return Link::Slash;
    }
    // "relational databases (PostgreSQL, MySQL)": names in parentheses
    // right after a skill are examples of it (one alone is an aside, see
    // `group`).
    // "networking fundamentals (TCP/IP, DNS)": a word for knowing the
    // category between it and its examples.
    if g == "("
        || g.strip_suffix('(').is_some_and(|words| {
            let mut words = words.split_whitespace().peekable();
            words.peek().is_some() && words.all(|word| FIELD_NOUNS.contains(&word))
        })
    {
        return Link::Example;
    }
    if g.contains(')') || g.contains('.') && !g.contains("e.g") && !g.contains("ex.") {
        return Link::Break;
    }
    if g.is_empty() || g == "," {
        return Link::List;
    }
    let words: Vec<&str> = g
        .split(|c: char| !(c.is_alphanumeric() || c == '/'))
        .filter(|w| !w.is_empty())
        .collect();
    // German, French, Spanish, Portuguese and Italian pages say "oder",
    // "ou", "o", "u", "oppure" ("Kafka oder RabbitMQ", "Go o Rust"), and
    // "and/or" in each language. (Not Dutch "of": "recruitment of backend
    // engineers" would offer a choice.)
    let orish = |w: &&str| {
        matches!(
            *w,
            "or" | "and/or"
                | "nor"
                | "oder"
                | "und/oder"
                | "ou"
                | "et/ou"
                | "e/ou"
                | "o"
                | "u"
                | "y/o"
                | "e/o"
                | "oppure"
                | "en/of"
        )
    };
    if words.iter().any(orish)
        && words
            .iter()
            .all(|w| orish(w) || matches!(*w, "other" | "another" | "similar" | "either" | "any"))
    {
        return Link::Or;
    }
    if words == ["and"] {
        return Link::And;
    }
    // A name the taxonomy does not know, in the middle of a list: ", Cockroach,
    // or " still joins its neighbours as "or" would, ", Cockroach, " as ","
    // would.
    if g.starts_with(',') && !g.contains(['(', ':', ';']) && (1..=4).contains(&words.len()) {
        if words.len() > 1 && words.last() == Some(&"or") {
            return Link::Or;
        }
        if g.ends_with(',') && !words.iter().any(|w| matches!(*w, "and" | "with" | "in")) {
            return Link::List;
        }
    }
    for marker in [
        "(e.g",
        "e.g.",
        "such as",
        "(ex",
        "for example",
        "(including",
        "like",
    ] {
        if let Some(pos) = g.find(marker) {
            let before: Vec<&str> = g[..pos].split_whitespace().collect();
            let joined = before.iter().any(|w| matches!(*w, "and" | "or" | "with"));
            if before.len() <= 3 && !joined {
                return Link::Example;
            }
        }
    }
    Link::Break
}

/// True when the text after a list reads "etc." / "or similar".
fn trailing_etc(rest: &str) -> bool {
    let r = rest.trim_start_matches([',', ' ', ')']);
    // The words right after the list are enough (a copy of the whole rest
    // per list made a long text of lists quadratic).
    let r = crate::report::first_chars(r, 16).to_ascii_lowercase();
    // "or SageMaker": the list goes on with a name the taxonomy does not
    // know, as alternatives ("or similar" among them).
    r.starts_with("etc") || r.starts_with("or ") || r.starts_with("and/or similar")
}

/// True when `before` (the text up to a list) asks for some of what
/// follows: "at least one of:", "one of the following", "any of".
fn introduces_choice(before: &str) -> bool {
    let tail_start = before.len().saturating_sub(60);
    let tail = before
        .get(tail_start..)
        .unwrap_or(before)
        .trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == '(')
        .to_ascii_lowercase();
    let tail = tail
        .strip_suffix("the following")
        .unwrap_or(&tail)
        .trim_end();
    ["one of", "one or more of", "any of", "either of", "either"]
        .iter()
        .any(|marker| {
            tail.strip_suffix(marker)
                .is_some_and(|rest| !rest.ends_with(|c: char| c.is_ascii_alphanumeric()))
        })
}

/// True when the list from byte `first` to `last` is all there is in a
/// pair of parentheses: "a modern language (Go, Rust, Python)" names
/// examples, any of which will do.
fn in_parentheses(text: &str, first: usize, last: usize) -> bool {
    // The opening bracket first: the search for the closing one then stops
    // at the next run's opening bracket at the latest, so a long text of
    // many lists stays linear.
    text[..first].trim_end().ends_with('(') && until_closing_bracket(&text[last..]).is_some()
}

/// Where the text inside a bracket, `rest`, reaches its closing bracket;
/// `None` when another opening bracket or the end comes first (a search
/// that stops there keeps a long text of many brackets linear).
fn until_closing_bracket(rest: &str) -> Option<usize> {
    rest.find(['(', ')'])
        .filter(|&at| rest.as_bytes()[at] == b')')
}

/// Whether `text` has the word "or" in it, in any letter case.
fn says_or(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|word| word.eq_ignore_ascii_case("or"))
}

/// Groups the mentions of one sentence into entries (indices into `ms`).
/// Each entry comes with whether it names parts of the skill before the
/// parentheses it is in ("Azure (networking, Key Vault)": never a
/// must-have, see `analyse`).
fn group(text: &str, ms: &[Mention], taxonomy: &Taxonomy) -> Vec<(Vec<usize>, bool)> {
    if ms.is_empty() {
        return Vec::new();
    }
    // "Python (pandas) or R": a mention alone in parentheses right after
    // another is an aside to it, read on its own; the mentions around it
    // are grouped as if it were not there.
    // So is one with a cue of its own ("Docker (Podman welcome)",
    // "Python (Django a plus)"): the cue makes it an aside, not a choice;
    // "Swift (Objective-C is fine too)" accepts it instead, a choice.
    let is_aside = |i: usize| {
        i > 0
            && text[ms[i - 1].end..ms[i].start].trim() == "("
            && (text[ms[i].end..].trim_start().starts_with(')')
                || until_closing_bracket(&text[ms[i].end..]).is_some_and(|close| {
                    let said = text[ms[i].end..ms[i].end + close].to_ascii_lowercase();
                    ms.get(i + 1)
                        .is_none_or(|next| next.start > ms[i].end + close)
                        && find_cues(&said, 0).iter().any(|&(at, end, cue, dir)| {
                            cue == Cue::Bonus
                                && dir != Dir::Prefix
                                && !ACCEPTED_INSTEAD.contains(&&said[at..end])
                        })
                }))
    };
    let explained = explained_by_parentheses(text, ms);
    let inside = |i: usize| explained.iter().any(|(_, names)| names.contains(&i));
    let (kept, asides): (Vec<usize>, Vec<usize>) = (0..ms.len())
        .filter(|&i| !inside(i))
        .partition(|&i| !is_aside(i));
    if kept.is_empty() {
        return Vec::new();
    }
    // Atoms: mentions joined by '/'.
    let mut atoms: Vec<Vec<usize>> = vec![vec![kept[0]]];
    let mut links: Vec<Link> = Vec::new();
    for pair in kept.windows(2) {
        let (before, i) = (pair[0], pair[1]);
        let gap = &text[ms[before].end..ms[i].start];
        // An aside between them is passed over: a skipped mention's, or
        // one that names nothing new ("Go (Golang) and/or Ruby").
        let aside = gap.find('(').is_some_and(|open| gap[open..].contains(')'));
        let link = if i - before > 1 || aside {
            connector(&without_parentheses(gap))
        } else {
            connector(gap)
        };
        if link == Link::Slash {
            if let Some(atom) = atoms.last_mut() {
                atom.push(i);
            }
        } else {
            links.push(link);
            atoms.push(vec![i]);
        }
    }
    let mut out = Vec::new();
    let mut run_start = 0;
    for i in 0..=links.len() {
        let ends = i == links.len() || matches!(links[i], Link::And | Link::Break);
        if !ends {
            continue;
        }
        let run = &atoms[run_start..=i];
        let run_links = &links[run_start..i];
        group_run(text, ms, run, run_links, &mut out);
        run_start = i + 1;
    }
    out.extend(asides.into_iter().map(|i| vec![i]));
    let main_entries = out.len();
    for (head, mut names) in explained {
        // "Spark (PySpark or Scala)": parentheses that name the skill again
        // list ways of using it; only the skill is asked for.
        if names.iter().any(|&i| ms[i].skill == ms[head].skill) {
            names.retain(|&i| ms[i].skill == ms[head].skill);
        }
        if !joins_as_examples(text, ms, head, &names, taxonomy) {
            // "Azure (networking, Entra ID, Key Vault)": parts of a
            // product, each an ask of its own as an aside is, not
            // substitutes for it; "AWS (Lambda or ECS)" offers a choice.
            let (first, last) = (names[0], names[names.len() - 1]);
            if says_or(&text[ms[first].end..ms[last].start]) {
                for (entry, _) in group(text, &ms[first..=last], taxonomy) {
                    out.push(entry.into_iter().map(|i| i + first).collect());
                }
            } else {
                out.extend(names.into_iter().map(|i| vec![i]));
            }
            continue;
        }
        if let Some(entry) = out.iter_mut().find(|entry| entry.contains(&head)) {
            entry.extend(names);
        }
    }
    out.into_iter()
        .enumerate()
        .map(|(at, entry)| (entry, at >= main_entries))
        .collect()
}

/// Whether the `names` in parentheses after mention `head` are examples
/// of it, any of which will do: the head is a category (a practice or
/// domain: "CI (Jenkins, GitLab CI)", "MLOps (model deployment,
/// monitoring)"), they are narrower skills of its kind ("relational
/// databases (PostgreSQL, MySQL)"), they name it again ("Spark (PySpark or
/// Scala)"), or the text says so ("Azure (e.g. Functions, AKS)").
fn joins_as_examples(
    text: &str,
    ms: &[Mention],
    head: usize,
    names: &[usize],
    taxonomy: &Taxonomy,
) -> bool {
    use crate::taxonomy::SkillKind;
    let head_skill = taxonomy.skill(ms[head].skill);
    let category = matches!(
        head_skill.kind,
        SkillKind::Practice
            | SkillKind::Process
            | SkillKind::Domain
            | SkillKind::Soft
            | SkillKind::Trait
    );
    let narrower = |i: usize| {
        let skill = ms[i].skill;
        skill == ms[head].skill
            || taxonomy.skill(skill).kind == head_skill.kind
                && taxonomy
                    .ancestors(skill)
                    .iter()
                    .any(|ancestor| ancestor.skill == ms[head].skill)
    };
    let inside = text[ms[head].end..ms[names[0]].start]
        .trim_start_matches(|c: char| c.is_whitespace() || c == '(')
        .to_ascii_lowercase();
    // "Airflow (or a similar orchestrator such as Dagster)": alternatives.
    let marked = [
        "e.g",
        "eg ",
        "eg.",
        "such as",
        "for example",
        "including",
        "incl",
        "like ",
        "or ",
    ]
    .iter()
    .any(|marker| inside.starts_with(marker));
    category || marked || names.iter().all(|&i| narrower(i))
}

/// "MLOps (model deployment, monitoring, CI/CD for models)": two or more
/// names in parentheses right after a skill say what it covers, whatever
/// else the parentheses say, so they join its entry rather than stand as
/// asks of their own (when they name the skill again, "Spark (PySpark or
/// Scala)", only those names join: see `group`). The skill's index and
/// theirs.
fn explained_by_parentheses(text: &str, ms: &[Mention]) -> Vec<(usize, Vec<usize>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ms.len() {
        let after = &text[ms[i].end..];
        let open = ms[i].end + (after.len() - after.trim_start().len());
        if !text[open..].starts_with('(') {
            i += 1;
            continue;
        }
        // Up to the closing bracket; a nested one ends the search (the
        // next search starts past it, so a text of many stays linear).
        let close = until_closing_bracket(&text[open + 1..]).map(|at| open + 1 + at);
        let Some(close) = close else {
            i += 1;
            continue;
        };
        let names: Vec<usize> = (i + 1..ms.len())
            .take_while(|&j| ms[j].end <= close)
            .collect();
        if let Some(&last) = names.get(1..).and_then(<[usize]>::last) {
            out.push((i, names));
            i = last + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// `text` without its parenthesised parts: "(pandas) or " reads " or ".
fn without_parentheses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn group_run(
    text: &str,
    ms: &[Mention],
    run: &[Vec<usize>],
    links: &[Link],
    out: &mut Vec<Vec<usize>>,
) {
    // "X (e.g. A, B, C)": the examples join the category named before them.
    if let Some(k) = links.iter().position(|l| *l == Link::Example) {
        // "Rails or other Ruby frameworks such as Sinatra": alternatives
        // joined by "or" before the category belong to the same group.
        let mut head = k;
        while head > 0 && links[head - 1] == Link::Or {
            head -= 1;
        }
        group_run(
            text,
            ms,
            &run[..head],
            &links[..head.saturating_sub(1)],
            out,
        );
        out.push(run[head..].iter().flatten().copied().collect());
        return;
    }
    let last = run.last().and_then(|a| a.last()).map_or(0, |&m| ms[m].end);
    let first = run
        .first()
        .and_then(|a| a.first())
        .map_or(0, |&m| ms[m].start);
    let has_or = links.contains(&Link::Or);
    let slashed = run.iter().any(|a| a.len() > 1);
    let choice = introduces_choice(&text[..first]) || in_parentheses(text, first, last);
    // "Java or JavaScript/TypeScript": names joined only by "or", a slashed
    // pair among them, are one choice too.
    let only_or = has_or && links.iter().all(|link| *link == Link::Or);
    if run.len() > 1 && (choice || only_or || !slashed && (has_or || trailing_etc(&text[last..]))) {
        out.push(run.iter().flatten().copied().collect());
    } else {
        out.extend(run.iter().cloned());
    }
}

/// Reads one unit: its skills (via the taxonomy), their cues, proficiency
/// and any-of groups. `inherited` is the cue of a parent item, applied when
/// the unit has no label and no cue of its own.
pub(crate) fn analyse(
    text: &str,
    taxonomy: &Taxonomy,
    inherited: Option<Cue>,
    inherited_level: Option<u8>,
) -> Analysis {
    let lower = text.to_ascii_lowercase();
    let mut mentions = taxonomy.extract(text);
    if mentions.is_empty() {
        mentions.extend(whole_text_skill(text, taxonomy));
    }
    // "Go (Golang)": one skill named twice in a row counts once.
    // (`a` is the last mention kept: the gap is bounded, or a run of one
    // name, "GoでGoで...", would be read again for each of its mentions.)
    // ("Spark (PySpark or Scala)" keeps its second name: the parentheses
    // list ways of using Spark, see `explained_by_parentheses`.)
    mentions.dedup_by(|b, a| {
        b.skill == a.skill
            && b.start - a.end <= 64
            && text[a.end..b.start].split_whitespace().count() <= 1
            && !opens_choice_of_variants(text, &text[a.end..b.start], b.end)
    });
    // "GitLab.com", "gitter.im": a web site, not the skill.
    mentions.retain(|m| {
        let rest = lower.get(m.end..).unwrap_or("");
        ![".com", ".io", ".org", ".net", ".im", ".dev"]
            .iter()
            .any(|tld| {
                rest.strip_prefix(tld)
                    .is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_alphanumeric()))
            })
    });
    drop_teams(&lower, &mut mentions);
    drop_colleagues_tools(&lower, &mut mentions);
    drop_left_out(&lower, &mut mentions);
    drop_assessed_apps(&lower, &mut mentions);
    static SOFTENER_FINDERS: OnceLock<Vec<Finder<'static>>> = OnceLock::new();
    static PROFICIENCY_FINDERS: OnceLock<Vec<Finder<'static>>> = OnceLock::new();
    let softener_finders = finders(&SOFTENER_FINDERS, SOFTENERS.iter().copied());
    let proficiency_finders = finders(&PROFICIENCY_FINDERS, PROFICIENCY.iter().map(|p| p.0));
    let label = leading_label(text);
    let trailing = trailing_label(text);
    let mut analysis = Analysis {
        item_cue: label.or(trailing.map(|(cue, _)| cue)).or(inherited),
        ..Analysis::default()
    };
    let mut item_level: Option<u8> = None;
    let mut prev_defaults: Vec<usize> = Vec::new();
    let mut entry_cues: Vec<Option<Cue>> = Vec::new();
    // Sets, not scans: a megabyte-long item must stay linear.
    let mut seen: HashSet<SkillId> = HashSet::new();
    let mut seen_groups: HashSet<Vec<SkillId>> = HashSet::new();
    // A label reaches forward until a sentence with a label or a cue of
    // its own: "Required: Python. Nice to have: Go." asks for Go as a bonus.
    let mut active_label: Option<Cue> = None;
    for range in sentences(text) {
        let sent = &lower[range.0..range.1];
        // Mentions are sorted by start: slice out this sentence's.
        let lo = mentions.partition_point(|m| m.start < range.0);
        let hi = mentions.partition_point(|m| m.start < range.1);
        let in_sent: Vec<Mention> = mentions[lo..hi]
            .iter()
            .copied()
            .filter(|m| m.end <= range.1)
            .collect();
        let starts = clause_starts(&lower, range, &in_sent);
        let cues = find_cues(sent, range.0);
        if analysis.item_cue.is_none() {
            // A "welcome" after a name is about that name, not the item's
            // nested bullets.
            analysis.item_cue = cues.iter().find(|c| c.3 != Dir::Postfix).map(|c| c.2);
        }
        let softened = softener_finders
            .iter()
            .any(|s| s.find(sent.as_bytes()).is_some());
        let of_the_person = asks_of_the_person(sent);
        // A softened sentence ("must be willing to learn") has no cue of
        // its own to end the label with.
        let ended_by_label = trailing.filter(|&(_, at)| {
            (range.0..range.1).contains(&at) && cues.iter().all(|cue| cue.0 >= at)
        });
        match leading_label(&text[range.0..range.1]) {
            Some(label) => active_label = Some(label),
            None if ended_by_label.is_some() => active_label = ended_by_label.map(|(cue, _)| cue),
            None if !cues.is_empty() && !softened => active_label = None,
            None => {}
        }
        // Strongest proficiency cue per clause.
        let mut clause_level: Vec<Option<u8>> = vec![None; starts.len()];
        for ((phrase, level), finder) in PROFICIENCY.iter().zip(proficiency_finders) {
            for p in find_phrase_by(sent, finder) {
                // "Deep learning" names a skill; it asks for no expert. In
                // "excellent communication" (an alias too) the word still
                // qualifies: the rest of the name names the skill alone.
                let (from, to) = (range.0 + p, range.0 + p + phrase.len());
                // Mentions do not overlap: only the last one starting at or
                // before the word can hold it (one lookup, not a scan).
                let holder = in_sent.partition_point(|m| m.start <= from).checked_sub(1);
                let part_of_a_name = holder.map(|h| &in_sent[h]).is_some_and(|m| {
                    m.start <= from
                        && to <= m.end
                        && !taxonomy
                            .extract(&format!("{} {}", &text[m.start..from], &text[to..m.end]))
                            .iter()
                            .any(|rest| rest.skill == m.skill)
                });
                let names_a_skill_next =
                    |next: usize| in_sent.iter().any(|m| m.start == range.0 + next);
                if part_of_a_name
                    || in_proper_name(&text[range.0..], p, phrase.len(), names_a_skill_next)
                {
                    continue;
                }
                let c = clause_of(&starts, range.0 + p);
                clause_level[c] = Some(clause_level[c].map_or(*level, |x| x.max(*level)));
                item_level = Some(item_level.map_or(*level, |x| x.max(*level)));
            }
        }
        // "Deep, hands-on experience with Go": a clause of one or two words
        // with no skill is an adjective of the next one.
        for c in 0..starts.len().saturating_sub(1) {
            let clause = &lower[starts[c]..starts[c + 1]];
            // Mentions are sorted: one lookup, not a scan per clause.
            let next = in_sent.partition_point(|m| m.start < starts[c]);
            let has_mention = in_sent.get(next).is_some_and(|m| m.start < starts[c + 1]);
            let words = clause.split_whitespace().count();
            if let (Some(level), false, 1..=2) = (clause_level[c], has_mention, words) {
                clause_level[c + 1] = Some(clause_level[c + 1].map_or(level, |x| x.max(level)));
            }
        }
        // "5+ years of Kotlin": the years a clause asks for imply a level.
        let mut clause_years: Vec<Option<f32>> = vec![None; starts.len()];
        for (c, &from) in starts.iter().enumerate() {
            let to = starts.get(c + 1).copied().unwrap_or(range.1);
            let (experience, management) = parse_years(&lower[from..to]);
            clause_years[c] = max_opt(experience, management);
        }
        // Clauses that accept an equivalent of what they name.
        let substitutable: Vec<usize> = SUBSTITUTES
            .iter()
            .flat_map(|phrase| find_phrase(sent, phrase))
            .map(|p| clause_of(&starts, range.0 + p))
            .collect();
        // Where "willing to learn" starts, if anywhere.
        let learning_from = softener_finders[..3]
            .iter()
            .filter_map(|s| find_phrase_by(sent, s).first().map(|p| range.0 + p))
            .min();
        // Assign cues: postfix use first, then forward use.
        let mut assigned: Vec<Option<Cue>> = vec![None; in_sent.len()];
        // A must-have item ("Must have: Terraform, Rust a plus", or any
        // item under a "Must have" heading) whose bonus cue ends a list
        // not joined by "and"/"or" adds an aside to its must: the cue
        // covers the name it follows, not the list.
        let under_a_must =
            active_label.or(if label.is_none() { inherited } else { None }) == Some(Cue::Must);
        {
            let mut used = vec![false; cues.len()];
            // The last bracket before each cue, found in one pass over the
            // sentence as the cues come in order (a megabyte-long sentence
            // of cues must stay linear).
            let mut scanned = range.0;
            let mut open_bracket: Option<usize> = None;
            for (ci, &(pos, _end, cue, dir)) in cues.iter().enumerate() {
                for at in
                    memchr::memchr2_iter(b'(', b')', &lower.as_bytes()[scanned..pos.max(scanned)])
                {
                    open_bracket = (lower.as_bytes()[scanned + at] == b'(').then_some(scanned + at);
                }
                scanned = scanned.max(pos);
                // Under a label only a bonus cue reads back, as an aside
                // ("Required: Kubernetes (CKA a plus)"): the label says
                // how much the item's other names are asked for.
                if dir == Dir::Prefix || active_label.is_some() && cue != Cue::Bonus {
                    continue;
                }
                // Walk back over this clause's mentions before the cue,
                // stopping at one an earlier cue already covers. A cue that
                // is its clause's first words ("Docker, a must", "Kotlin -
                // must have") covers the clause before it.
                let mut clause = clause_of(&starts, pos);
                let mut mi = in_sent.partition_point(|m| m.end <= pos);
                let only_links = |text: &str| {
                    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
                        .all(|word| word.is_empty() || CLAUSE_LINKS.contains(&word))
                };
                if only_links(&lower[starts[clause]..pos]) && clause > 0 {
                    clause -= 1;
                    // ", but not required": "but" is a clause of its own.
                    while clause > 0 && only_links(&lower[starts[clause]..starts[clause + 1]]) {
                        clause -= 1;
                    }
                }
                // "BLS certification (ACLS a plus)": a cue inside
                // parentheses after a skill covers what is inside them;
                // "Swift (must have)" has none there, and covers Swift.
                let inside = open_bracket
                    .filter(|&open| in_sent[..mi].last().is_some_and(|m| m.start > open));
                // "Docker in production (DCA welcome)": a bare "welcome" in
                // parentheses that name nothing known welcomes what they
                // name, not the skill before them.
                if dir == Dir::Postfix && open_bracket.is_some() && inside.is_none() {
                    continue;
                }
                let bracket = inside.unwrap_or(0);
                let aside_only = under_a_must && cue == Cue::Bonus;
                let mut joined = false;
                while mi > 0 {
                    mi -= 1;
                    if assigned[mi].is_some()
                        || clause_of(&starts, in_sent[mi].start) != clause
                        || in_sent[mi].start < bracket
                    {
                        break;
                    }
                    if let Some(after) = in_sent.get(mi + 1).filter(|_| aside_only && used[ci]) {
                        let gap = &lower[in_sent[mi].end..after.start];
                        joined |= gap
                            .split(|c: char| !c.is_alphanumeric() && c != '/' && c != '&')
                            .any(|w| matches!(w, "and" | "or" | "and/or" | "&" | "nor"));
                        if !joined && gap.trim() == "," {
                            break;
                        }
                    }
                    assigned[mi] = Some(cue);
                    used[ci] = true;
                }
            }
            if let Some(label) = active_label {
                for a in assigned.iter_mut().filter(|a| a.is_none()) {
                    *a = Some(label);
                }
            }
            for (ci, &(_pos, end, cue, dir)) in cues.iter().enumerate() {
                // "welcome" reads back only; a label covers the rest.
                if used[ci] || dir == Dir::Postfix || active_label.is_some() {
                    continue;
                }
                let next = cues.get(ci + 1).map_or(usize::MAX, |c| c.0);
                let from = in_sent.partition_point(|m| m.start < end);
                let to = in_sent.partition_point(|m| m.start < next);
                for a in assigned.iter_mut().take(to).skip(from) {
                    if a.is_none() {
                        *a = Some(cue);
                    }
                }
            }
            if active_label.is_none()
                && in_sent.is_empty()
                && cues.iter().any(|c| c.2 == Cue::Must)
                && !softened
            {
                // "(This is a strict requirement)": upgrades the previous
                // sentence's skills that had no softer cue of their own.
                if sent.split_whitespace().take(9).count() <= 8 {
                    for &e in &prev_defaults {
                        if entry_cues.get(e).is_some_and(|c| c.is_none()) {
                            if let Some(entry) = analysis.entries.get_mut(e) {
                                entry.cue = Some(Cue::Must);
                            }
                        }
                    }
                }
            }
        }
        let level_of = |m: &Mention| -> u8 {
            let clause = clause_of(&starts, m.start);
            let worded = clause_level[clause].or(inherited_level).unwrap_or(3);
            let level = clause_years[clause].map_or(worded, |years| {
                worded.max(super::proficiency_for_years(f64::from(years)))
            });
            // "willing to learn ... Go": the skill may be new to them.
            if learning_from.is_some_and(|p| p < m.start) {
                level.min(2)
            } else {
                level
            }
        };
        prev_defaults.clear();
        let mut grouped_here: HashSet<SkillId> = HashSet::new();
        for (members, part) in group(text, &in_sent, taxonomy) {
            let mut skills: Vec<SkillId> = Vec::new();
            for &mi in &members {
                if !skills.contains(&in_sent[mi].skill) {
                    skills.push(in_sent[mi].skill);
                }
            }
            // The first mention of a skill alone in the item decides; one
            // among alternatives only in its sentence ("R or Python (we use
            // R)"), not in the next ("an MSc in statistics or computer
            // science. You have a deep understanding of statistics").
            if let [skill] = skills[..] {
                if seen.contains(&skill) || grouped_here.contains(&skill) {
                    continue;
                }
            }
            if skills.len() > 1 && !seen_groups.insert(skills.clone()) {
                continue;
            }
            let first = members[0];
            let mut cue = assigned[first].or(if label.is_none() { inherited } else { None });
            if softened && cue == Some(Cue::Must) {
                cue = None; // "willing to learn" never makes a must-have
            }
            // "Azure (networking, Key Vault) - essential": Azure is.
            if part && cue == Some(Cue::Must) {
                cue = None;
            }
            if cue == Some(Cue::Must)
                && substitutable.contains(&clause_of(&starts, in_sent[first].start))
            {
                cue = None;
            }
            let level = members
                .iter()
                .map(|&mi| level_of(&in_sent[mi]))
                .max()
                .unwrap_or(3);
            match skills[..] {
                [skill] => {
                    seen.insert(skill);
                }
                _ => grouped_here.extend(skills.iter().copied()),
            }
            if assigned[first].is_none() {
                prev_defaults.push(analysis.entries.len());
            }
            entry_cues.push(assigned[first]);
            // "BS in Computer Science, Python and Go": a language, tool
            // or platform is what the work uses, never a field studied,
            // so the list after the field asks for it in full.
            let degree = members.iter().all(|&mi| {
                can_be_studied(taxonomy.skill(in_sent[mi].skill).kind)
                    && in_a_degree(&lower, range, &in_sent[mi])
            });
            let legacy = members
                .iter()
                .all(|&mi| is_legacy(&lower, range, &in_sent, mi));
            analysis.entries.push(Entry {
                skills,
                cue,
                level,
                tentative: softened,
                degree,
                of_the_person,
                legacy,
            });
        }
    }
    analysis.item_level = item_level;
    analysis
}

/// Whether a sentence (lowercase) speaks of what the candidate knows
/// ("experience with", "knowledge of", "proficiency in", "Erfahrung",
/// "connaissance"), not of what the job does: its must-wording asks for a
/// skill even among duties or in an introduction ("Experience with Django
/// is required"), where "They must coordinate releases" describes the job.
fn asks_of_the_person(sent: &str) -> bool {
    [
        "experience",
        "knowledge",
        "proficien",
        "expertise",
        "familiarity",
        "erfahrung",
        "kenntnis",
        "expérience",
        "connaissance",
        "maîtrise",
        "experiencia",
        "conocimiento",
        "experiência",
        "conhecimento",
        "esperienza",
        "conoscenza",
        "ervaring",
        "kennis",
    ]
    .iter()
    .any(|stem| sent.contains(stem))
}

/// Words that name a degree or a course of study. "BS", "BA", "MS" and
/// "MA" are [`DEGREE_ABBREVIATIONS`]: "MS SQL", "MS Office" are Microsoft's.
const DEGREE_WORDS: &[&str] = &[
    "degree",
    "degrees",
    "bachelor",
    "bachelor's",
    "bachelors",
    "master's",
    "masters",
    "master of",
    "phd",
    "ph.d",
    "doctorate",
    "b.s.",
    "bsc",
    "b.sc",
    "m.s.",
    "msc",
    "m.sc",
    "b.a.",
    "b.e.",
    "b.tech",
    "btech",
    "m.tech",
    "mtech",
    "mba",
    "diploma",
    "graduate in",
    "graduated in",
    // German, French, Spanish, Portuguese, Italian, Dutch.
    "studium",
    "hochschulabschluss",
    "abschluss",
    "diplom",
    "diplôme",
    "licence en",
    "école d'ingénieur",
    "titulación",
    "licenciatura",
    "grado en",
    "graduação",
    "bacharelado",
    "laurea",
    "opleiding",
];

/// Degree abbreviations that are also other words: a degree only before
/// its field or another degree ("MS in", "BS/MS", "MS or PhD", "BS,").
const DEGREE_ABBREVIATIONS: &[&str] = &["bs", "ba", "ms", "ma"];

/// Words that start another ask after a degree's field: "Bachelor's in
/// Computer Science and 3+ years of Java", "Degree in CS with strong Python".
const AFTER_THE_FIELD: &[&str] = &[
    "experience",
    "years",
    "knowledge",
    "skills",
    "proficiency",
    "proficient",
    "expertise",
    "familiarity",
    "understanding",
    "with",
    "plus",
    "including",
    "using",
];

/// Whether `m` is the field of a degree its sentence (`range` of `lower`)
/// names: after a degree word with nothing between them that starts
/// another ask ("BS in Computer Science or related field", "MS or PhD in
/// Computer Science, Machine Learning, or a related field"), or before
/// one ("a Computer Science or Mathematics degree"). A field of study is
/// what the candidate read, not a skill the work is made of, and no
/// skill list shows it.
fn in_a_degree(lower: &str, range: (usize, usize), m: &Mention) -> bool {
    // A degree's words are near its field: 300 bytes back, 100 on, so a
    // megabyte-long sentence is not split into words once per entry.
    let from = crate::encoding::ceil_char_boundary(lower, m.start.saturating_sub(300).max(range.0));
    let to = crate::encoding::floor_char_boundary(lower, (m.end + 100).min(range.1));
    let before = &lower[from..m.start];
    let after = &lower[m.end..to.max(m.end)];
    fn words(text: &str) -> Vec<&str> {
        text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ':'))
            .filter(|w| !w.is_empty())
            .collect()
    }
    let is_degree = |ws: &[&str], i: usize| -> bool {
        let w = ws[i].trim_end_matches(['.', ';']);
        let pair = ws.get(i + 1).map(|next| format!("{} {next}", ws[i]));
        DEGREE_WORDS.contains(&w)
            || DEGREE_WORDS.contains(&ws[i])
            || pair.is_some_and(|p| DEGREE_WORDS.contains(&p.as_str()))
            || w.split('/').any(|part| {
                DEGREE_ABBREVIATIONS.contains(&part)
                    && (w.contains('/')
                        || ws
                            .get(i + 1)
                            .is_some_and(|n| matches!(*n, "in" | "or" | "and" | "degree")))
            })
    };
    let stops = |w: &str| {
        let w = w.trim_end_matches(['.', ';']);
        AFTER_THE_FIELD.contains(&w) || w.ends_with(';')
    };
    // A name that says the degree itself ("degree in computer science",
    // "bs in computer science" are aliases).
    let own = words(&lower[m.start..m.end]);
    if (0..own.len()).any(|i| is_degree(&own, i)) {
        return true;
    }
    // Back from the mention to a degree word, over the field's own words
    // ("a high degree of ownership" is no degree).
    let ws = words(before);
    for i in (0..ws.len()).rev() {
        if is_degree(&ws, i) && ws.get(i + 1) != Some(&"of") {
            return true;
        }
        if stops(ws[i]) {
            break;
        }
    }
    // Forward to "degree" over a few words: "a Computer Science degree".
    let ws = words(after);
    for w in ws.iter().take(6) {
        let w = w.trim_end_matches(['.', ';']);
        if matches!(w, "degree" | "degrees" | "diploma") {
            return true;
        }
        if stops(w) {
            break;
        }
    }
    false
}

/// Whether a skill of this kind can be the field of a degree: a subject
/// (Computer Science, Statistics, Machine Learning), not a language,
/// framework, library, datastore, platform or tool the work uses.
fn can_be_studied(kind: crate::taxonomy::SkillKind) -> bool {
    !kind.is_technology()
}

/// Words right before a name that say it is being left: "our legacy PHP
/// monolith", "the deprecated Perl scripts".
const LEAVING_ADJECTIVES: &[&str] = &[
    "legacy",
    "deprecated",
    "outdated",
    // German and French: "unser altes PHP-System", "notre ancien Drupal"
    // (not "alter": English "alter PostgreSQL tables").
    "altes",
    "alten",
    "alte",
    "ancien",
    "ancienne",
    "anciens",
    "anciennes",
];

/// Verbs before a name that say the company is leaving it, with "our":
/// "retire our Perl scripts", "replacing our Rails app".
const LEAVING_VERBS: &[&str] = &[
    "retire",
    "retiring",
    "replace",
    "replacing",
    "sunset",
    "sunsetting",
    "decommission",
    "decommissioning",
];

/// Words after a name, in its sentence and before the next name, that say
/// the company is leaving it: "Perl (being phased out)", "the PHP
/// monolith, which we are migrating to Go", "Backbone, which we are
/// retiring". A migration needs "we": "Docker and migrating to Kubernetes"
/// asks for both.
const LEAVING_AFTER: &[&str] = &[
    "phased out",
    "phasing out",
    "being retired",
    "we are retiring",
    "we're retiring",
    "we’re retiring",
    "deprecated",
    "end of life",
    "end-of-life",
    "being replaced",
    "we are replacing",
    "we're replacing",
    "we’re replacing",
    "we are migrating",
    "we're migrating",
    "we’re migrating",
    "we are moving away",
    "we're moving away",
    "we’re moving away",
    "we are sunsetting",
    "we're sunsetting",
    "we’re sunsetting",
];

/// Whether mention `i` of `ms` (those of the sentence `range` of `lower`)
/// names a stack the company is leaving: "legacy" right before it, or
/// "replacing our" ([`LEAVING_ADJECTIVES`], [`LEAVING_VERBS`], past
/// determiners: "our legacy PHP", "retire our Perl scripts"), "migrating (away) from" or "moving off"
/// before it with no "to" between, or [`LEAVING_AFTER`] after it before the
/// next name. Knowing it helps, but it is not what the role is hired for:
/// the compiler lowers its weight ([`super::compiler::LEGACY_WEIGHT`]). The
/// stack migrated to ("to Go") is the one asked for.
fn is_legacy(lower: &str, range: (usize, usize), ms: &[Mention], i: usize) -> bool {
    let m = &ms[i];
    // Bounded look-around: a long sentence is not read once per name.
    let from = crate::encoding::ceil_char_boundary(lower, m.start.saturating_sub(120).max(range.0));
    let before = &lower[from..m.start];
    let clause = before
        .rfind([',', ';', ':', '.', '(', ')'])
        .map_or(before, |at| &before[at + 1..]);
    let words: Vec<&str> = clause
        .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    // The first word back past determiners: "replacing legacy systems
    // with Go" leaves no Go. A verb needs "our": "help customers replace
    // existing package repositories" is the customers' leaving, and the
    // skill is what the job offers them.
    let determiners = words
        .iter()
        .rev()
        .take_while(|w| {
            matches!(
                **w,
                "the"
                    | "our"
                    | "a"
                    | "an"
                    | "its"
                    | "some"
                    | "all"
                    | "existing"
                    | "old"
                    | "unser"
                    | "unsere"
                    | "unseren"
                    | "unserem"
                    | "das"
                    | "die"
                    | "den"
                    | "notre"
                    | "nos"
                    | "le"
                    | "la"
                    | "les"
            )
        })
        .count();
    let ours = words[words.len() - determiners..]
        .iter()
        .any(|w| matches!(*w, "our" | "unser" | "unsere" | "unseren" | "notre" | "nos"));
    let said_before = words.iter().rev().nth(determiners);
    if said_before
        .is_some_and(|w| LEAVING_ADJECTIVES.contains(w) || ours && LEAVING_VERBS.contains(w))
    {
        return true;
    }
    // "migrating away from Ruby on Rails", "move off Heroku", "migrate
    // from Java to Kotlin" (Java only: the name after "to" is the goal).
    if let Some(at) = words.iter().rposition(|w| matches!(*w, "from" | "off")) {
        let moving = words[..at].iter().rev().take(2).any(|w| {
            ["migrat", "mov", "transition", "switch", "port"]
                .iter()
                .any(|stem| w.starts_with(stem))
        });
        if moving && !words[at..].contains(&"to") {
            return true;
        }
    }
    let next = ms.get(i + 1).map_or(range.1, |n| n.start.min(range.1));
    let to = crate::encoding::floor_char_boundary(lower, next.min(m.end + 120)).max(m.end);
    let after = &lower[m.end..to];
    LEAVING_AFTER.iter().any(|phrase| after.contains(phrase))
}

/// True when `gap` before a name is an opening bracket whose contents,
/// from the name's end at `name_end`, offer a choice: "Spark (PySpark or
/// Scala)" at "PySpark".
fn opens_choice_of_variants(text: &str, gap: &str, name_end: usize) -> bool {
    if gap.trim() != "(" {
        return false;
    }
    let rest = text.get(name_end..).unwrap_or("");
    until_closing_bracket(rest).is_some_and(|close| says_or(&rest[..close]))
}

/// Words for the people a job works with: "frontend engineers", "the
/// Android team", "UX leads".
const PEOPLE: &[&str] = &[
    "engineers",
    "engineer",
    "team",
    "teams",
    "designers",
    "scientists",
    "developers",
    "counterparts",
    "partners",
    "leads",
    "managers",
    "colleagues",
    "stakeholders",
    "peers",
    "squad",
    "squads",
    "specialists",
    "analysts",
    "folks",
    "org",
    "organization",
    "department",
    "group",
];

/// Words for people that come before what names them, in French, Spanish
/// and Portuguese: "l'équipe backend", "el equipo de datos".
const PEOPLE_BEFORE: &[&str] = &[
    "équipe", "équipes", "equipo", "equipos", "equipe", "equipes", "equipa",
];

/// Words before such people that make them colleagues rather than what
/// the candidate is: "work *with* frontend engineers", "*partner* with Data
/// Science", against "experienced Ruby developers" (an ask).
const ALONGSIDE: &[&str] = &[
    "with",
    "alongside",
    "across",
    "between",
    "among",
    "partner",
    "partners",
    "partnering",
    "collaborate",
    "collaborating",
    "coordinate",
    "coordinates",
    "coordinating",
    "liaise",
    "support",
    // "our backend team handles the APIs": the company's people, never
    // the candidate.
    "our",
    // German and French "with": "mit dem Frontend-Team", "avec l'équipe
    // backend".
    "mit",
    "avec",
];

/// Words that make the people named next what the candidate is: "you are
/// an experienced Go engineer", "as a Ruby developer".
const BEING: &[&str] = &[
    "are",
    "is",
    "be",
    "am",
    "as",
    "being",
    "become",
    "experienced",
    "senior",
    "strong",
];

/// Verbs whose object is a team even without a word for people:
/// "partner with Data Science", "collaborate with Security"; and the
/// titles of whoever leads one: "reporting to the Director of Developer
/// Experience".
const WITH_A_TEAM: &[&str] = &[
    "director of",
    "head of",
    "vp of",
    "vice president of",
    "partner with",
    "partnering with",
    "partners with",
    "collaborate with",
    "collaborating with",
    "collaborates with",
    "liaise with",
    "coordinate with",
    "coordinates with",
];

/// Words that say the job leaves out what follows: "You will NOT be
/// working on Java", "the role does not involve PHP".
const LEFT_OUT: &[&str] = &[
    "not be working on",
    "not be working with",
    "not be working in",
    "won't be working on",
    "won't be working with",
    "not work on",
    "not work with",
    "not be using",
    "not be writing",
    "not be coding",
    "does not involve",
    "doesn't involve",
    "will not involve",
    "won't involve",
];

/// Drops the mentions a page says the job leaves out ([`LEFT_OUT`]), up to
/// the end of the clause or a "but" ("you won't be working on Java but on
/// Go" asks for Go).
fn drop_left_out(lower: &str, mentions: &mut Vec<Mention>) {
    // Every phrase says "not" or "n't": a unit without either (nearly
    // all) is passed over before any mention's clause is looked at, which
    // cost the seed pages' compile 8.9M instructions.
    if !["not ", "n't ", "n\u{2019}t "]
        .iter()
        .any(|negation| lower.contains(negation))
    {
        return;
    }
    mentions.retain(|m| {
        let before = lower.get(..m.start).unwrap_or("");
        let from = crate::encoding::ceil_char_boundary(before, before.len().saturating_sub(160));
        let window = &before[from..];
        let clause = window
            .rfind(['.', ';', ':', '!', '?', '\n'])
            .map_or(window, |at| &window[at + 1..])
            .replace('\u{2019}', "'");
        let Some(at) = LEFT_OUT.iter().filter_map(|p| clause.rfind(p)).max() else {
            return true;
        };
        let after = &clause[at..];
        after.contains(" but ") || after.contains(" instead")
    });
}

/// Words of work done on software that exists: testing, attacking,
/// auditing, reviewing, securing or supporting it ("Run penetration tests
/// on mobile applications", "test our iOS apps", "security assessments of
/// web applications").
const WORK_ON_WHAT_EXISTS: &[&str] = &[
    "test",
    "tests",
    "testing",
    "pentest",
    "pentests",
    "pentesting",
    "qa",
    "audit",
    "audits",
    "auditing",
    "assess",
    "assessing",
    "assessment",
    "assessments",
    "review",
    "reviews",
    "reviewing",
    "secure",
    "securing",
    "harden",
    "hardening",
    "attack",
    "attacking",
    "fuzz",
    "fuzzing",
    "scan",
    "scanning",
    "support",
    "supporting",
    "monitor",
    "monitoring",
    "triage",
];

/// Words of making software: a clause that says one of them before the
/// work on it ("Build and test mobile applications") asks for making it.
const MAKING: &[&str] = &[
    "build",
    "builds",
    "building",
    "develop",
    "develops",
    "developing",
    "development",
    "write",
    "writing",
    "ship",
    "shipping",
    "design",
    "designing",
    "create",
    "creating",
    "implement",
    "implementing",
    "architect",
    "maintain",
    "maintaining",
    "code",
    "coding",
    "deliver",
    "delivering",
    "launch",
    "publish",
];

/// Drops a name of applications ("mobile applications", "iOS apps", "web
/// apps") that is the object of work on software that exists
/// ([`WORK_ON_WHAT_EXISTS`], within five words before it in its clause):
/// who runs penetration tests on mobile applications or tests a company's
/// iOS apps needs the testing skill, not that of building the apps, which
/// is what those names stand for. A clause that also makes them ("Build
/// and test mobile applications", [`MAKING`]) keeps them, and so does a
/// platform named alone ("support customers on Windows": knowing Windows
/// is the job).
fn drop_assessed_apps(lower: &str, mentions: &mut Vec<Mention>) {
    // Nearly every unit names no applications: passed over at once.
    if !lower.contains("app") {
        return;
    }
    mentions.retain(|m| {
        let name = lower.get(m.start..m.end).unwrap_or("");
        let names_apps = ["app", "apps", "application", "applications"]
            .iter()
            .any(|noun| name.ends_with(&format!(" {noun}")));
        if !names_apps {
            return true;
        }
        let before = lower.get(..m.start).unwrap_or("");
        let from = crate::encoding::ceil_char_boundary(before, before.len().saturating_sub(160));
        let window = &before[from..];
        let clause = window
            .rfind(['.', ';', ':', '!', '?', ',', '(', '\n'])
            .map_or(window, |at| &window[at + 1..]);
        let words: Vec<&str> = clause
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .collect();
        let near = words.len().saturating_sub(5);
        let Some(work) = words[near..]
            .iter()
            .rposition(|w| WORK_ON_WHAT_EXISTS.contains(w))
        else {
            return true;
        };
        words[..near + work].iter().any(|w| MAKING.contains(w))
    });
}

/// Drops the mentions that name the people a job works with rather than a
/// skill it asks for: "collaborate with backend engineers" (no backend
/// ask), "work with the Android team (Kotlin)", "coordinates with frontend
/// and UX leads", "partner with Analytics and Data Science". A list shares
/// its noun or verb ("frontend and UX leads"). One pass each way over the
/// mentions, with bounded look-around: linear in the text.
fn drop_teams(lower: &str, mentions: &mut Vec<Mention>) {
    let n = mentions.len();
    if n == 0 {
        return;
    }
    let joins = |gap: &str| {
        gap.split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '&')
            .all(|w| w.is_empty() || w == "and" || w == "or")
    };
    let word_starts = |rest: &str, words: &[&str]| {
        let rest = rest.trim_start();
        let rest = rest.strip_prefix("'s ").unwrap_or(rest);
        // A German compound: "Frontend-Team", "Data-Teams".
        let rest = rest.strip_prefix('-').unwrap_or(rest);
        words.iter().any(|w| {
            rest.strip_prefix(w)
                .is_some_and(|after| !after.starts_with(|c: char| c.is_ascii_alphanumeric()))
        })
    };
    // Right to left: followed by people, or by a list that is.
    let mut people = vec![false; n];
    for i in (0..n).rev() {
        let m = &mentions[i];
        let rest = lower.get(m.end..).unwrap_or("");
        let next_joins = i + 1 < n
            && people[i + 1]
            && joins(lower.get(m.end..mentions[i + 1].start).unwrap_or("x"));
        // A name that ends in a job title is people: "data engineers".
        // (Not "red team" or "managing a team": those name work.)
        let named_people = lower
            .get(m.start..m.end)
            .and_then(|name| name.rsplit(|c: char| !c.is_ascii_alphanumeric()).next())
            .is_some_and(|last| {
                let singular = last.strip_suffix('s').unwrap_or(last);
                matches!(singular, "engineer" | "scientist" | "analyst" | "developer")
            });
        // Romance word order puts the people first: "l'équipe backend".
        // (The last 40 bytes: a script without spaces, "GoでGoで...",
        // would otherwise be read back to its start for each mention.)
        let before = lower.get(..m.start).unwrap_or("");
        let near = crate::encoding::ceil_char_boundary(before, before.len().saturating_sub(40));
        let people_before = before[near..]
            .trim_end()
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .is_some_and(|w| PEOPLE_BEFORE.contains(&w));
        people[i] = word_starts(rest, PEOPLE) || named_people || next_joins || people_before;
    }
    // Left to right: where each list of people starts, whether the words
    // before it make them colleagues, and the verbs that take a team.
    let mut keep = vec![true; n];
    let mut colleagues = false;
    let mut after_verb = false;
    let mut in_aside = false;
    for i in 0..n {
        let m = &mentions[i];
        let gap = (i > 0).then(|| lower.get(mentions[i - 1].end..m.start).unwrap_or("x"));
        let continues = gap.is_some_and(&joins);
        let before = lower.get(..m.start).unwrap_or("");
        let window_start = before.len().saturating_sub(80);
        let window = before.get(window_start..).unwrap_or("");
        if people[i] && !(continues && i > 0 && people[i - 1]) {
            // Back to the nearest word that makes them colleagues, unless
            // one that makes them the candidate comes first: "work
            // alongside SREs and are experienced Ruby developers".
            colleagues = window
                .rsplit(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .take(8)
                .find(|w| ALONGSIDE.contains(w) || BEING.contains(w))
                .is_some_and(|w| ALONGSIDE.contains(&w));
        }
        let bare = window
            .trim_end()
            .trim_end_matches(" the")
            .trim_end_matches(" our")
            .trim_end_matches(" your");
        after_verb = WITH_A_TEAM.iter().any(|verb| bare.ends_with(verb))
            || (after_verb && continues && !keep[i - 1]);
        // "the Android team (Kotlin)": an aside about a team, all of it
        // ("our backend engineers (Java, Spring Boot)").
        let team_aside = i > 0
            && !keep[i - 1]
            && (gap.is_some_and(|gap| {
                let gap = gap.trim_end().strip_suffix('(').unwrap_or("x");
                word_starts(gap, PEOPLE) && !gap.contains([')', '.', ';'])
            }) || (in_aside && continues));
        in_aside = team_aside;
        if (people[i] && colleagues) || after_verb || team_aside {
            keep[i] = false;
        }
    }
    let mut index = 0;
    mentions.retain(|_| {
        index += 1;
        keep[index - 1]
    });
}

/// Relative pronouns that open what a team does: "the ML team, who use
/// Spark", "das Angular nutzt", "qui utilise Django".
const RELATIVE: &[&str] = &[
    " who ",
    ", which ",
    ", das ",
    ", die ",
    ", der ",
    ", welches ",
    ", welche ",
    " qui ",
    ", que ",
    ", che ",
];

/// Words for people in the languages whose pronouns [`RELATIVE`] knows,
/// besides [`PEOPLE`].
const PEOPLE_ABROAD: &[&str] = &[
    "équipe",
    "équipes",
    "collègues",
    "kollegen",
    "equipo",
    "equipe",
    "squadra",
];

/// [`ALONGSIDE`] in the other languages: "mit dem Frontend-Team", "avec
/// l'équipe backend".
const ALONGSIDE_ABROAD: &[&str] = &["mit", "avec", "con", "com"];

/// Drops the tools of the people a job works with, named in a relative
/// clause after them: "partner with the analytics team, who use Looker and
/// Tableau", "work closely with our frontend developers, who use Vue.js",
/// "mit dem Frontend-Team, das Angular nutzt", "avec l'équipe backend, qui
/// utilise Django". The clause's first name and the list it starts are
/// theirs; a name after "you" or past the list is the job's again. The
/// people must be colleagues as [`drop_teams`] tells them ("with", "our",
/// ... before them), so "join a team that uses Go" still asks for Go.
fn drop_colleagues_tools(lower: &str, mentions: &mut Vec<Mention>) {
    let is_word = |c: char| c.is_alphanumeric();
    let mut keep = vec![true; mentions.len()];
    // End of the list the last dropped name belongs to.
    let mut list_end: Option<usize> = None;
    for (i, m) in mentions.iter().enumerate() {
        if let Some(end) = list_end {
            let gap = lower.get(end..m.start).unwrap_or("x");
            if gap
                .split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '&')
                .all(|w| w.is_empty() || w == "and" || w == "or" || w == "et" || w == "und")
            {
                keep[i] = false;
                list_end = Some(m.end);
                continue;
            }
            list_end = None;
        }
        let before = lower.get(..m.start).unwrap_or("");
        let from = crate::encoding::ceil_char_boundary(before, before.len().saturating_sub(200));
        let window = &before[from..];
        let window = window
            .rfind(['.', ';', ':', '!', '?', '\n', '('])
            .map_or(window, |at| &window[at + 1..]);
        let Some((at, pronoun)) = RELATIVE
            .iter()
            .filter_map(|p| window.rfind(p).map(|at| (at, *p)))
            .max_by_key(|&(at, _)| at)
        else {
            continue;
        };
        // The name comes first in the clause, after its verb: "who use
        // Spark", "das Angular nutzt", not "who, like you, know Go".
        let clause = &window[at + pronoun.len()..];
        let clause_words: Vec<&str> = clause
            .split(|c: char| !is_word(c))
            .filter(|w| !w.is_empty())
            .collect();
        if clause_words.len() > 4
            || clause.contains(',')
            || clause_words
                .iter()
                .any(|w| matches!(*w, "you" | "your" | "vous" | "du" | "dich" | "tu"))
        {
            continue;
        }
        // People right before the pronoun ("the ML team, who", "l'équipe
        // backend, qui"), and a word that makes them colleagues before them.
        let head: Vec<&str> = window[..at]
            .rsplit(|c: char| !is_word(c))
            .filter(|w| !w.is_empty())
            .take(12)
            .collect();
        let Some(people_at) = head
            .iter()
            .take(3)
            .position(|w| PEOPLE.contains(w) || PEOPLE_ABROAD.contains(w))
        else {
            continue;
        };
        let colleagues = head[people_at + 1..]
            .iter()
            .take(8)
            .find(|w| ALONGSIDE.contains(w) || ALONGSIDE_ABROAD.contains(w) || BEING.contains(w))
            .is_some_and(|w| !BEING.contains(w));
        if colleagues {
            keep[i] = false;
            list_end = Some(m.end);
        }
    }
    let mut index = 0;
    mentions.retain(|_| {
        index += 1;
        keep[index - 1]
    });
}

/// A short text that is nothing but a skill's name ("- Chef", "- Make",
/// "- R" as a list item): a mention, though the prose rules would want a
/// context word or a capital for it in a sentence.
fn whole_text_skill(text: &str, taxonomy: &Taxonomy) -> Option<Mention> {
    let until_end = text.trim_end_matches(['.', ',', ';', ':', '!']).trim_end();
    let start = until_end.len() - until_end.trim_start().len();
    let name = &until_end[start..];
    if name.is_empty() || name.len() > 40 || name.split_whitespace().count() > 3 {
        return None;
    }
    let Resolution::Exact(skill) = taxonomy.resolve(name) else {
        return None;
    };
    Some(Mention {
        skill,
        start,
        end: start + name.len(),
    })
}

/// Cues in a lowercase sentence: (absolute start, absolute end, cue, dir),
/// negated and non-cue uses removed, nested matches collapsed.
fn find_cues(sent: &str, base: usize) -> Vec<(usize, usize, Cue, Dir)> {
    static CUE_FINDERS: OnceLock<Vec<Finder<'static>>> = OnceLock::new();
    let cue_finders = finders(&CUE_FINDERS, CUES.iter().map(|c| c.0));
    let mut found: Vec<(usize, usize, Cue, Dir)> = Vec::new();
    for ((phrase, cue, dir), finder) in CUES.iter().zip(cue_finders) {
        for p in find_phrase_by(sent, finder) {
            let end = p + phrase.len();
            // "Spring Boot – a “must”", "ein „Muss“": a must in quotes is
            // the noun, as "a must" is, and covers the skills before it.
            let quoted = is_quoted(sent, p, end);
            if QUOTED_ONLY.contains(phrase) && !quoted {
                continue;
            }
            let (p, end, dir) = if quoted {
                let (p, end) = quoted_span(sent, p, end);
                (p, end, &Dir::Either)
            } else {
                (p, end, dir)
            };
            // The words before the cue in its clause: "no prior Kubernetes
            // experience required" negates four words back.
            // (Looked for in the last 200 bytes only: five words are
            // wanted, and a scan to the sentence's start per cue made a
            // long run of cues quadratic.)
            let from = crate::encoding::ceil_char_boundary(sent, p.saturating_sub(200));
            let clause = sent[from..p]
                .rfind([',', ';', ':', '('])
                .map_or(&sent[from..p], |at| &sent[from + at + 1..p]);
            let before: Vec<&str> = clause.split_whitespace().rev().take(5).collect();
            if before.iter().any(|w| is_negation(w)) {
                // "Java is not required", "no Java experience required": the
                // skill is welcome, never a must-have; other cues negated
                // ("not desirable") say nothing.
                if *cue == Cue::Must {
                    found.push((p, end, Cue::Bonus, *dir));
                }
                continue;
            }
            let after = sent[end..].trim_start();
            // "required for this role" is a must; "required for the
            // specialty's work" describes it.
            let for_the_job = ["this ", "the ", "all ", "every "].iter().any(|det| {
                after
                    .strip_prefix("for ")
                    .and_then(|rest| rest.strip_prefix(det))
                    .is_some_and(|rest| {
                        ["role", "position", "job", "candidate", "applicant"]
                            .iter()
                            .any(|noun| rest.starts_with(noun))
                    })
            });
            // "a certification bonus we pay": pay, not a wish.
            if *phrase == "bonus"
                && before.first().is_some_and(|w| {
                    PAY_BONUS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))
                })
            {
                continue;
            }
            // "(CKA welcome)", "Rust welcome, Go required": a bare
            // "welcome" ends what it says ("welcome to", "welcome
            // package" are other words).
            if *dir == Dir::Postfix && !ends_a_clause(after) {
                continue;
            }
            if *phrase == "required"
                && !for_the_job
                && (after.starts_with("by")
                    || after.starts_with("to")
                    || after.starts_with("for")
                    || before
                        .first()
                        .is_some_and(|w| matches!(*w, "be" | "if" | "as" | "when")))
            {
                continue; // "required by the specialty", "may be required"
            }
            found.push((p, end, *cue, *dir));
        }
    }
    // Longest first at each start, then drop matches overlapping an earlier
    // one: "highly desirable" hides its "desirable".
    found.sort_by_key(|f| (f.0, std::cmp::Reverse(f.1)));
    let mut out: Vec<(usize, usize, Cue, Dir)> = Vec::new();
    for f in found {
        if let Some(last) = out.last() {
            if f.0 < last.1 {
                continue;
            }
        }
        out.push(f);
    }
    out.into_iter()
        .map(|(s, e, c, d)| (base + s, base + e, c, d))
        .collect()
}

/// Whether `after`, the text right after a cue word, ends the cue's clause:
/// nothing, a closing bracket, punctuation, or words that only add to it
/// ("too", "as well", "but ...").
fn ends_a_clause(after: &str) -> bool {
    let first_word = after.split(|c: char| !c.is_alphanumeric()).next();
    after.is_empty()
        || after.starts_with([')', ']', ',', ';', '.', '!', ':'])
        || after.starts_with("as well")
        || matches!(first_word, Some("too" | "but" | "though"))
}

/// Quotation marks of the languages pages are written in.
const QUOTES: &[char] = &[
    '"', '\'', '`', '“', '”', '„', '‟', '‘', '’', '‚', '«', '»', '‹', '›',
];

/// Cue words read only in quotes: the German noun "Muss" ("ein „Muss“");
/// the verb in a German sentence is left alone.
const QUOTED_ONLY: &[&str] = &["muss"];

/// Whether `sent[start..end]` stands in quotation marks of any language
/// ("must", “must”, „Muss“, «must», 'must').
fn is_quoted(sent: &str, start: usize, end: usize) -> bool {
    let before = sent.get(..start).and_then(|s| s.chars().next_back());
    let after = sent.get(end..).and_then(|s| s.chars().next());
    before.is_some_and(|c| QUOTES.contains(&c)) && after.is_some_and(|c| QUOTES.contains(&c))
}

/// The span of a quoted cue word with its quotes and the article before
/// them ("a “must”", "ein „muss“"), so that it reads as "a must" does: a
/// cue that opens its clause covers the skills before it.
fn quoted_span(sent: &str, start: usize, end: usize) -> (usize, usize) {
    let open = sent[..start]
        .char_indices()
        .next_back()
        .map_or(start, |(i, _)| i);
    let close = end + sent[end..].chars().next().map_or(0, char::len_utf8);
    let before = &sent[..open];
    let words = before.trim_end();
    let article = ["a", "an", "ein", "un", "une"].iter().find(|article| {
        words.len() < before.len()
            && words.ends_with(*article)
            && !words[..words.len() - article.len()].ends_with(|c: char| c.is_alphanumeric())
    });
    (article.map_or(open, |a| words.len() - a.len()), close)
}

/// Whether a word negates the cue after it ("not", "isn't", "no"), with
/// the punctuation around it ignored.
fn is_negation(word: &str) -> bool {
    taxonomy::is_negation(
        word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’'),
    )
}

/// The larger of two optional numbers, or the one given.
pub(crate) fn max_opt(a: Option<f32>, b: Option<f32>) -> Option<f32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Whether a line that states years also asks for something in them:
/// "3+ years of general ledger accounting" does, "5+ years of professional
/// experience" does not.
pub(crate) fn years_line_names_a_subject(text: &str) -> bool {
    const GENERIC: &[&str] = &[
        "year",
        "years",
        "yr",
        "yrs",
        "of",
        "experience",
        "experienced",
        "professional",
        "relevant",
        "related",
        "industry",
        "work",
        "working",
        "in",
        "a",
        "an",
        "the",
        "with",
        "and",
        "or",
        "at",
        "least",
        "minimum",
        "min",
        "plus",
        "more",
        "than",
        "over",
        "to",
        "total",
        "overall",
        "prior",
        "previous",
        "proven",
        "hands-on",
        "practical",
        "full-time",
        "equivalent",
        "similar",
        "role",
        "roles",
        "position",
        "field",
        "required",
        "preferred",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
    ];
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(|word| word.trim_matches('-'))
        .filter(|word| word.chars().any(char::is_alphabetic))
        .any(|word| {
            let lower = word.to_lowercase();
            !GENERIC.contains(&lower.as_str())
                && !lower.trim_end_matches(['+', 's']).is_empty()
                && lower.chars().any(|c| !c.is_ascii_digit())
        })
}

/// Whether a line speaks of experience ("5+ years of experience", "Erfahrung",
/// "experiencia") or to the candidate ("You have 5+ years building ..."):
/// in a page's introduction, only such a line states the years the role
/// asks for ("profitable for 12 years" does not).
pub(crate) fn speaks_of_experience(text: &str) -> bool {
    let lower = text.to_lowercase();
    let of_experience = [
        "experien",
        "expérien",
        "erfahrung",
        "ervaring",
        "esperienz",
        "track record",
    ]
    .iter()
    .any(|stem| lower.contains(stem));
    of_experience
        || lower
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .any(|word| matches!(word, "you" | "you've" | "you’ve" | "your"))
}

/// What a line must hold to state years, in the languages pages are
/// written in ("years", "Jahre", "ans", "años", "anos", "anni", "jaar").
const YEAR_STEMS: &[&str] = &[
    "year", "yrs", "jahr", "ans", "anné", "año", "ano", "anni", "jaar",
];

/// Whether a word is a unit of years: "years", "yrs", "Jahre(n)", "ans",
/// "années", "años", "anos", "anni", "jaar" (not "an": "$50 an hour").
fn is_year_unit(token: &str) -> bool {
    let word = token.trim_matches(|c: char| !c.is_alphanumeric());
    word.starts_with("year")
        || word.starts_with("yrs")
        || word.starts_with("jahr")
        || matches!(
            word,
            "ans" | "année" | "années" | "años" | "año" | "anos" | "ano" | "anni" | "anno" | "jaar"
        )
}

/// Years the line asks for: (professional experience, people management).
pub(crate) fn parse_years(text: &str) -> (Option<f32>, Option<f32>) {
    let lower = text.to_lowercase();
    // Every unit names its unit: most lines and clauses have none to read.
    if !YEAR_STEMS.iter().any(|stem| lower.contains(stem)) {
        return (None, None);
    }
    let words = [
        ("one", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
        ("ten", 10.0),
    ];
    let mut exp: Option<f32> = None;
    let mut mgmt: Option<f32> = None;
    // "8 years with a degree, or 12 years in lieu of one": either will do,
    // so the smaller asks; otherwise the larger ("3+ years ..., 2 of them
    // with Go" asks for 3).
    let tokens: Vec<&str> = lower.split_whitespace().collect();
    // A number in digits or words ("5", "five").
    let number = |tok: &str| {
        let tok = tok.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        let head = tok.split(['+', '-', '–']).next().unwrap_or("");
        head.parse::<f32>()
            .ok()
            .or_else(|| words.iter().find(|(w, _)| *w == head).map(|(_, v)| *v))
    };
    // An "or" that offers other years ("..., or 12 years in lieu of one"),
    // not one between the subjects ("6+ years of software or data
    // engineering, including 3+ years of pipelines" asks for 6).
    let alternatives = lower.contains("in lieu")
        || tokens.iter().enumerate().any(|(i, tok)| {
            *tok == "or" && tokens[i + 1..].iter().take(3).any(|t| number(t).is_some())
        });
    for (i, tok) in tokens.iter().enumerate() {
        let t = tok.trim_matches(|c: char| !c.is_alphanumeric() && c != '+' && c != '-');
        let head = t.split(['+', '-', '–']).next().unwrap_or("");
        let Some(n) = number(head) else { continue };
        if !(0.0..=60.0).contains(&n) {
            continue;
        }
        // "3 to 5 years", "3 - 5 years", "between 3 and 5 years": a range
        // asks for its lower end, as "3-5 years" does.
        if i >= 2
            && matches!(tokens[i - 1], "to" | "-" | "–" | "and")
            && number(tokens[i - 2]).is_some()
        {
            continue;
        }
        // The unit may follow directly or after "+" / "to 8" / "-8".
        let mut j = i + 1;
        while j < tokens.len() && j <= i + 3 && !is_year_unit(tokens[j]) {
            j += 1;
        }
        let unit_here = t.contains("year") || t.contains("yrs");
        if !(unit_here || j < tokens.len() && is_year_unit(tokens[j])) {
            continue;
        }
        // "10 million customers a year", "7 releases per year", "founded 8
        // years ago", "18 years old", "year-over-year": a rate, a date or
        // an age, not years of experience.
        let unit = if unit_here { i } else { j };
        let rate = unit > i && matches!(tokens[unit - 1], "a" | "per" | "each" | "every" | "an");
        let after = tokens.get(unit + 1).copied().unwrap_or("");
        if rate
            || after.starts_with("ago")
            || after.starts_with("old")
            || tokens[unit].contains("-over-")
        {
            continue;
        }
        let tail: String = tokens[j.min(tokens.len())..tokens.len().min(j + 8)].join(" ");
        let management = ["leading", "leadership", "people", "direct report"]
            .iter()
            .any(|w| tail.contains(w))
            || manages_people(&tail);
        let slot = if management { &mut mgmt } else { &mut exp };
        *slot = Some(slot.map_or(n, |x: f32| if alternatives { x.min(n) } else { x.max(n) }));
    }
    (exp, mgmt)
}

/// Words of a line about the job's benefits, whose years are no
/// experience asked for: "sabbatical after 4 years", "options vest over 4
/// years".
const BENEFITS: &[&str] = &[
    "sabbatical",
    "vest",
    "holiday",
    "vacation",
    "paid time off",
    "parental leave",
    "pension",
    "401(k)",
    "retirement",
    "stock option",
];

/// Whether a line speaks of the job's benefits ([`BENEFITS`]).
pub(crate) fn speaks_of_benefits(text: &str) -> bool {
    let lower = text.to_lowercase();
    BENEFITS.iter().any(|word| lower.contains(word))
}

/// What a word before "manager" or "management" names when the job is
/// no people management: "Product Manager", "5 years of project
/// management", "Technical Account Manager", "incident management".
const NOT_PEOPLE: &[&str] = &[
    "product",
    "project",
    "program",
    "programme",
    "account",
    "accounts",
    "marketing",
    "office",
    "community",
    "content",
    "brand",
    "category",
    "release",
    "vendor",
    "change",
    "risk",
    "data",
    "configuration",
    "incident",
    "case",
    "portfolio",
    "stakeholder",
    "time",
    "quality",
    "inventory",
    "supply",
    "property",
    "asset",
    "cost",
    "knowledge",
    "identity",
    "access",
    "database",
    "package",
    "dependency",
    "memory",
    "state",
    "cloud",
    "infrastructure",
    "service",
    "services",
    "security",
    "event",
    "events",
    "success",
    "partner",
    "channel",
    "territory",
    "campaign",
    "social",
    "media",
    "order",
    "fleet",
    "facilities",
    "facility",
    "contract",
    "test",
    "requirements",
    "relationship",
    "crisis",
    "revenue",
    "pipeline",
    "store",
    "retail",
    "catalog",
    "catalogue",
    "payroll",
    "records",
];

/// Whether `lower` speaks of managing people: a word starting "manag"
/// ("managing", "management", "manager") not after a word of
/// [`NOT_PEOPLE`].
pub(crate) fn manages_people(lower: &str) -> bool {
    lower.match_indices("manag").any(|(at, _)| {
        let word_start = !lower[..at].ends_with(|c: char| c.is_alphanumeric());
        let previous = lower[..at]
            .trim_end_matches(|c: char| c.is_whitespace() || c == '-')
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        word_start && !NOT_PEOPLE.contains(&previous)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAXONOMY: &str = crate::test_support::SKILLS;

    fn tax() -> Taxonomy {
        Taxonomy::from_sources(&[("test", TAXONOMY)]).expect("test taxonomy")
    }

    fn ids(t: &Taxonomy, e: &Entry) -> Vec<String> {
        e.skills.iter().map(|s| t.skill(*s).id.clone()).collect()
    }

    fn read(text: &str) -> Vec<(Vec<String>, Option<Cue>, u8)> {
        let t = tax();
        analyse(text, &t, None, None)
            .entries
            .iter()
            .map(|e| (ids(&t, e), e.cue, e.level))
            .collect()
    }

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn headings_by_meaning() {
        use SectionKind::*;
        assert_eq!(
            classify_heading("You'll thrive here if"),
            Some(Requirements)
        );
        assert_eq!(classify_heading("How we hire"), Some(Ignored));
        assert_eq!(classify_heading("Responsibilties"), Some(Responsibilities));
        assert_eq!(classify_heading("WHAT WE OFFER"), Some(Ignored));
        assert_eq!(classify_heading("Why join Globex?"), Some(Ignored));
        assert_eq!(classify_heading("Who we are"), Some(Ignored));
        assert_eq!(classify_heading("What's in it for you"), Some(Ignored));
        assert_eq!(classify_heading("What you’ll do"), Some(Responsibilities));
        assert_eq!(classify_heading("You may be a fit if"), Some(Requirements));
        assert_eq!(classify_heading("Staff Requirements"), Some(Requirements));
        assert_eq!(
            classify_heading("Preferred qualifications"),
            Some(NiceToHave)
        );
        assert_eq!(
            classify_heading("Minimum qualifications"),
            Some(Requirements)
        );
        assert_eq!(classify_heading("Bonus points"), Some(NiceToHave));
        assert_eq!(classify_heading("Hiring Process"), Some(Ignored));
        assert_eq!(classify_heading("Job Grade"), Some(JobGrade));
        assert_eq!(classify_heading("Levels"), Some(Levels));
        assert_eq!(classify_heading("What you'll bring"), Some(Requirements));
        assert_eq!(classify_heading("Preferred skills"), Some(NiceToHave));
        assert_eq!(classify_heading("Desired experience"), Some(NiceToHave));
        for nice in [
            "It would be great if you have",
            "Even better if you have",
            "It's a plus if you have",
            "It’s a plus if you have:",
            "We'd love it if you also know",
            "Would be a plus",
            "Bonus if you have",
            "Wünschenswert",
            "Von Vorteil",
            "Atouts",
        ] {
            assert_eq!(classify_heading(nice), Some(NiceToHave), "{nice}");
        }
        for required in [
            "Your profile",
            "Dein Profil",
            "Ihr Profil",
            "Profil recherché",
            "Votre profil",
            "You'd be a great fit if you have",
            "What you have",
        ] {
            assert_eq!(classify_heading(required), Some(Requirements), "{required}");
        }
        for ignored in [
            "Was wir bieten",
            "Ce que nous offrons",
            "Deine Vorteile",
            "Unternehmensprofil",
        ] {
            assert_eq!(classify_heading(ignored), Some(Ignored), "{ignored}");
        }
        assert_eq!(classify_heading("Deine Aufgaben"), Some(Responsibilities));
        assert_eq!(classify_heading("Vos missions"), Some(Responsibilities));
        for mandatory in [
            "Minimum requirements",
            "Hard requirements",
            "Essential skills",
        ] {
            assert!(heading_is_mandatory(mandatory), "{mandatory}");
        }
        assert!(!heading_is_mandatory("Requirements"));
        assert_eq!(classify_heading("Senior Developers"), None);
        assert_eq!(classify_heading("Preferred"), Some(NiceToHave));
        assert_eq!(classify_heading("Preferred:"), Some(NiceToHave));
        for company in [
            "About Acme Health",
            "Who we are",
            "About Brightside Digital:",
            "Our company",
            "Life at Acme",
        ] {
            assert_eq!(classify_heading(company), Some(Ignored), "{company}");
        }
        assert_eq!(classify_heading("About the role"), Some(Responsibilities));
        assert_eq!(classify_heading("About you"), Some(Requirements));
        assert_eq!(classify_heading("About the team"), None);
        assert_eq!(classify_heading("Gitaly"), None);
    }

    #[test]
    fn label_beats_later_must() {
        let r = read("Highly desirable: Experience working with Go. It's important that candidates must be willing to learn and work in both Go and Ruby.");
        assert_eq!(r[0], (v(&["go"]), Some(Cue::HighlyDesirable), 3));
        assert_eq!(r[1].0, v(&["ruby"]));
        assert_eq!(r[1].1, Some(Cue::HighlyDesirable));
        assert_eq!(r[1].2, 2, "willing to learn implies low proficiency");
    }

    #[test]
    fn mandatory_label_and_solid() {
        let r = read("Mandatory: Solid production Ruby experience.");
        assert_eq!(r, vec![(v(&["ruby"]), Some(Cue::Must), 4)]);
    }

    #[test]
    fn postfix_required_covers_both() {
        let r = read("Strong Ruby and Golang experience required.");
        assert_eq!(r[0], (v(&["ruby"]), Some(Cue::Must), 4));
        assert_eq!(r[1], (v(&["go"]), Some(Cue::Must), 4));
    }

    #[test]
    fn required_clause_does_not_leak() {
        let r = read("As such Ruby knowledge is absolutely required and deep PostgreSQL knowledge is equally important.");
        assert_eq!(r[0].1, Some(Cue::Must));
        assert_eq!(r[1].0, v(&["postgresql"]));
        assert_eq!(r[1].1, None);
        assert_eq!(r[1].2, 5);
    }

    #[test]
    fn strict_requirement_sentence_applies_backwards() {
        let r = read("You have worked on a production-level Ruby application, preferably using Rails. (This is a strict requirement)");
        assert_eq!(r[0], (v(&["ruby"]), Some(Cue::Must), 3));
        assert_eq!(r[1].0, v(&["ruby-on-rails"]));
        assert_eq!(r[1].1, Some(Cue::Desirable));
    }

    #[test]
    fn plain_list_with_a_plus_is_separate_bonus() {
        let r = read("Experience with Docker, Nginx, Go, and Linux system administration a plus");
        assert_eq!(r.len(), 4);
        assert!(r.iter().all(|e| e.0.len() == 1 && e.1 == Some(Cue::Bonus)));
    }

    #[test]
    fn not_essential_is_not_required() {
        let r = read("Experience with Docker is beneficial but not essential.");
        assert_eq!(r[0].1, Some(Cue::Bonus));
    }

    #[test]
    fn negated_must_haves_are_bonus() {
        for text in [
            "No Java experience required.",
            "Java experience is not required.",
            "Java experience isn't required, we will teach you.",
            "You do not need to know Java.",
            "Not required: Java",
            "Knowledge of Java is not necessary.",
        ] {
            let r = read(text);
            assert_eq!(r.len(), 1, "{text}");
            assert_eq!(r[0].0, v(&["java"]), "{text}");
            assert_eq!(r[0].1, Some(Cue::Bonus), "{text}");
        }
        // A negation earlier in the sentence does not reach a later clause.
        let r = read("Experience with Go is required.");
        assert_eq!(r[0].1, Some(Cue::Must));
    }

    #[test]
    fn a_list_item_that_is_only_a_name_names_the_skill() {
        // Chef counts in prose only beside cookbooks or Ansible; "Go" only
        // capitalised. An item that is nothing but the name needs neither.
        let tax = Taxonomy::builtin().expect("taxonomy");
        let read = |text: &str| -> Vec<String> {
            analyse(text, &tax, None, None)
                .entries
                .iter()
                .map(|e| tax.skill(e.skills[0]).id.clone())
                .collect()
        };
        assert_eq!(read("Chef"), ["chef"]);
        assert_eq!(read(" go. "), ["go"]);
        assert!(read("Head chef at a restaurant").is_empty());
        assert!(read("Let's go").is_empty());
    }

    #[test]
    fn must_after_the_skill_or_as_its_own_clause() {
        for text in [
            "5+ years building apps in Java (must have)",
            "Java - must have",
            "Experience with Java in production (must).",
            "Java is non-negotiable",
            "Java, a must",
            "Java: must-have",
        ] {
            let r = read(text);
            assert_eq!(r.len(), 1, "{text}");
            assert_eq!(r[0].0, v(&["java"]), "{text}");
            assert_eq!(r[0].1, Some(Cue::Must), "{text}");
        }
    }

    #[test]
    fn table_priority_cells() {
        assert_eq!(priority_label("Required?", "Yes"), Some("Required"));
        assert_eq!(priority_label("Must have", "✓"), Some("Required"));
        assert_eq!(priority_label("Required?", "No"), Some("Nice to have"));
        assert_eq!(priority_label("Priority", "High"), Some("Highly desirable"));
        assert_eq!(
            priority_label("Priority", "Nice to have"),
            Some("Nice to have")
        );
        assert_eq!(priority_label("Skill", "Preferred"), Some("Preferred"));
        // Yes/no and high/low mean something only in such a column.
        assert_eq!(priority_label("Remote", "Yes"), None);
        assert_eq!(priority_label("Level", "High"), None);
        assert_eq!(priority_label("Skill", "Ruby"), None);
    }

    #[test]
    fn required_by_is_not_a_cue() {
        let r = read("Significant professional experience with Ruby on Rails or language required by the specialty.");
        assert_eq!(r[0], (v(&["ruby-on-rails"]), None, 4));
    }

    #[test]
    fn an_aside_in_parentheses_does_not_break_alternatives() {
        let r = read("Experience in Ruby (Rails) or Python");
        assert_eq!(r[0].0, v(&["ruby", "python"]));
        assert_eq!(r[1].0, v(&["ruby-on-rails"]));
        // Another name of the same skill in parentheses is no aside of its
        // own, and breaks nothing either.
        let r = read("Proficient in Go (Golang) and/or Ruby, Ruby on Rails.");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, v(&["go", "ruby", "ruby-on-rails"]));
    }

    #[test]
    fn any_of_groups() {
        assert_eq!(read("Ruby and/or Go")[0].0, v(&["ruby", "go"]));
        // A version of the first is part of its name (h24).
        assert_eq!(read("Ruby 3.3 or Go")[0].0, v(&["ruby", "go"]));
        assert_eq!(read("Ruby 3.x or Go")[0].0, v(&["ruby", "go"]));
        assert_eq!(read("Ruby v3 or Go")[0].0, v(&["ruby", "go"]));
        assert_eq!(read("Ruby 3, or Go")[0].0, v(&["ruby", "go"]));
        // "Python 3.12 or Go", where "Python 3" is an alias.
        assert_eq!(without_leading_version(".12 or "), "or ");
        assert_eq!(without_leading_version(". Or"), ". Or");
        assert_eq!(without_leading_version("15"), "15");
        assert_eq!(read("Erfahrung mit Ruby oder Go")[0].0, v(&["ruby", "go"]));
        assert_eq!(read("Expérience de Ruby ou Go")[0].0, v(&["ruby", "go"]));
        assert_eq!(
            read("experienced Ruby/GoLang developers")[0].0,
            v(&["ruby", "go"])
        );
        let r = read("Desirable: DevOps experience, working with Linux, GCP/AWS, Chef/Ansible, or similar products.");
        let groups: Vec<Vec<String>> = r.iter().map(|e| e.0.clone()).collect();
        assert_eq!(
            groups,
            vec![v(&["linux"]), v(&["gcp", "aws"]), v(&["chef", "ansible"])]
        );
        assert!(r.iter().all(|e| e.1 == Some(Cue::Desirable)));
        let r = read("Proficient or fluent with one or more of other common languages: Go, Python, Java, JavaScript, etc.");
        assert_eq!(r[0].0, v(&["go", "python", "java", "javascript"]));
        assert_eq!(r[0].2, 4);
        let r = read(
            "Experience using Continuous Integration systems (e.g., GitLab CI, Jenkins, Travis).",
        );
        assert_eq!(
            r[0].0,
            v(&[
                "continuous-integration",
                "gitlab-ci",
                "jenkins",
                "travis-ci"
            ])
        );
        let r = read("Ruby on Rails or other Ruby frameworks such as Sinatra");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0[..2], v(&["ruby-on-rails", "ruby"])[..]);
        let r = read("Experience with Ruby or Python");
        assert_eq!(r[0].0, v(&["ruby", "python"]));
        // A slashed pair among alternatives ("Java or JavaScript/TypeScript").
        let r = read("Programming skills in Java or Ruby/Python");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, v(&["java", "ruby", "python"]));
        // Spanish and Italian "o".
        assert_eq!(read("Experiencia con Ruby o Go")[0].0, v(&["ruby", "go"]));
        assert_eq!(read("We welcome Go experience")[0].1, Some(Cue::Bonus));
        // Not a welcome of the skill: "Docker (DCA welcome)".
        assert_eq!(read("Docker in production (DCA welcome)")[0].1, None);
        // Another accepted: welcome, not asked for.
        let r = read("Experience with Ruby (must have); Go is fine too");
        assert_eq!(r[0].0, v(&["ruby"]));
        assert_eq!(r[0].1, Some(Cue::Must));
        assert_eq!(r[1].0, v(&["go"]));
        assert_eq!(r[1].1, Some(Cue::Bonus));
    }

    /// "CI (Jenkins, Travis)" names examples of CI: one ask any of them
    /// meets, not three; one name alone in parentheses stays an aside.
    #[test]
    fn names_in_parentheses_after_a_skill_are_its_examples() {
        let skills =
            |text: &str| -> Vec<Vec<String>> { read(text).into_iter().map(|e| e.0).collect() };
        assert_eq!(
            skills("Experience with CI (Jenkins, Travis CI or GitLab CI)"),
            vec![v(&[
                "continuous-integration",
                "jenkins",
                "travis-ci",
                "gitlab-ci"
            ])]
        );
        // With a word for knowing the category between (h24: "networking
        // fundamentals (TCP/IP, DNS)" was two must-haves).
        assert_eq!(
            skills("Strong CI fundamentals (Jenkins, Travis CI)"),
            vec![v(&["continuous-integration", "jenkins", "travis-ci"])]
        );
        assert_eq!(
            skills("Strong Ruby and a modern language (Python, Go, Java)."),
            vec![v(&["ruby"]), v(&["python", "go", "java"])]
        );
        assert_eq!(
            skills("Python (Docker) or Go"),
            vec![v(&["python", "go"]), v(&["docker"])]
        );
        // Whatever else the parentheses say.
        assert_eq!(
            skills("CI (pipeline speed, Jenkins, GitLab CI for the monorepo) and Go"),
            vec![
                v(&["continuous-integration", "jenkins", "gitlab-ci"]),
                v(&["go"])
            ]
        );
        assert_eq!(
            skills("Python (pipelines in Docker) and Go"),
            vec![v(&["python"]), v(&["docker"]), v(&["go"])]
        );
        // Parentheses that name the skill again and offer a choice list
        // ways of using it: only the skill is asked for.
        assert_eq!(skills("Experience with Go (golang or Java)"), [v(&["go"])]);
        assert_eq!(skills("Experience with Go (Java or golang)"), [v(&["go"])]);
        // Not a choice: each is asked for.
        assert_eq!(
            skills("Experience with Go (golang and Java)"),
            [v(&["go"]), v(&["java"])]
        );
        assert_eq!(skills("Go (Golang) and Java"), [v(&["go"]), v(&["java"])]);
        // Parts of a product are asks of their own, never must-haves, not
        // substitutes for it; a choice among them stays one.
        assert_eq!(
            read("Go (gRPC, Docker) is essential"),
            [
                (v(&["go"]), Some(Cue::Must), 3),
                (v(&["grpc"]), None, 3),
                (v(&["docker"]), None, 3)
            ]
        );
        assert_eq!(
            skills("Linux (Docker or Nginx)"),
            [v(&["linux"]), v(&["docker", "nginx"])]
        );
        assert_eq!(
            skills("Linux (or Docker, Nginx)"),
            [v(&["linux", "docker", "nginx"])]
        );
        assert_eq!(
            skills("Linux (e.g. Docker, Nginx)"),
            [v(&["linux", "docker", "nginx"])]
        );
    }

    /// A skill among alternatives is asked for again on its own in a later
    /// sentence, not in its own.
    #[test]
    fn a_skill_among_alternatives_may_be_asked_again_alone() {
        assert_eq!(
            read("An MSc in Ruby or Java. You have a deep understanding of Ruby."),
            [(v(&["ruby", "java"]), None, 3), (v(&["ruby"]), None, 5)]
        );
        assert_eq!(
            read("Ruby or Java (we use Ruby for most services)"),
            [(v(&["ruby", "java"]), None, 3)]
        );
    }

    /// A label that ends the item, after a dash or in parentheses, covers
    /// it whatever stands between it and the skill.
    #[test]
    fn a_trailing_label_covers_its_item() {
        for text in [
            "Advanced Ruby (gems, bundler) – essential",
            "Strong Ruby – you can write a gem without help (must have)",
            "Hands-on experience with Ruby (Rails, Sinatra) - required",
        ] {
            assert_eq!(read(text)[0].1, Some(Cue::Must), "{text}");
        }
        let r = read("Python is required; Ruby and Go (nice to have)");
        assert_eq!(r[0].1, Some(Cue::Must), "{r:?}");
        assert_eq!(read("Ruby - our stack")[0].1, None);
        assert_eq!(
            read("It would be great if you have Ruby experience")[0].1,
            Some(Cue::Bonus)
        );
    }

    /// What a page says it does not expect is welcome, never asked for.
    #[test]
    fn what_is_not_expected_is_a_bonus() {
        for text in [
            "No prior Ruby experience needed",
            "We don't expect you to know Ruby",
            "Ruby experience would help, but isn't essential",
        ] {
            assert_eq!(read(text)[0], (v(&["ruby"]), Some(Cue::Bonus), 3), "{text}");
        }
        assert_eq!(read("Ruby experience needed")[0].1, Some(Cue::Must));
    }

    /// "; " and "but" end a clause even before a skill's name: the cue of
    /// the one after covers nothing before it.
    #[test]
    fn a_cue_after_a_semicolon_keeps_to_its_clause() {
        let r = read("Proficiency in Python; Go is a plus");
        assert_eq!(r[0], (v(&["python"]), None, 4));
        assert_eq!(r[1], (v(&["go"]), Some(Cue::Bonus), 3));
        let r = read("Ruby is required, but Go would be nice");
        assert_eq!(r[0].1, Some(Cue::Must));
        assert_eq!(r[1].1, Some(Cue::Bonus));
        let r = read("Solid Ruby but Java is a plus");
        assert_eq!(r[0], (v(&["ruby"]), None, 4));
        assert_eq!(r[1], (v(&["java"]), Some(Cue::Bonus), 3));
        // A cue whose clause holds only links covers the clause before
        // (h24: this was a top-weight ask).
        let r = read("Java is fine for tooling, but not required");
        assert_eq!(r[0], (v(&["java"]), Some(Cue::Bonus), 3));
        let r = read("Ruby, and a must");
        assert_eq!(r[0].1, Some(Cue::Must));
    }

    /// An aside on a must-have ("Kubernetes in production (CKA welcome)",
    /// "Must have: Terraform, Rust a plus") is a bonus, even without "is"
    /// and under a label or a must-have heading; the must stays on the
    /// rest. A bare "welcome" reads back only.
    #[test]
    fn an_aside_on_a_must_have_is_a_bonus() {
        let t = tax();
        let under_a_must = |text: &str| -> Vec<(Vec<String>, Option<Cue>)> {
            analyse(text, &t, Some(Cue::Must), None)
                .entries
                .iter()
                .map(|e| (ids(&t, e), e.cue))
                .collect()
        };
        let must_and_bonus = [
            (v(&["ruby"]), Some(Cue::Must)),
            (v(&["go"]), Some(Cue::Bonus)),
        ];
        for text in [
            "Ruby in production (Go welcome)",
            "Ruby in production (Go a plus)",
            "Ruby (Go welcome, see the docs)",
            "Ruby, Go a plus",
            "Ruby; Go welcome",
        ] {
            assert_eq!(under_a_must(text), must_and_bonus, "{text}");
        }
        for text in [
            "Required: Ruby in production (Go a plus)",
            "Must have: Ruby, Go a plus",
            "Mandatory: Ruby (Go welcome)",
        ] {
            let r: Vec<(Vec<String>, Option<Cue>)> =
                read(text).into_iter().map(|(s, c, _)| (s, c)).collect();
            assert_eq!(r, must_and_bonus, "{text}");
        }
        // A list joined by "and" is one: all of it is the bonus.
        let r = under_a_must("Docker, Nginx, Go, and Linux a plus");
        assert!(r.iter().all(|e| e.1 == Some(Cue::Bonus)), "{r:?}");
        // Without a must, "a plus" after a list still covers the list.
        let r = read("Docker, Go a plus");
        assert!(r.iter().all(|e| e.1 == Some(Cue::Bonus)), "{r:?}");
        assert_eq!(read("Go experience welcome")[0].1, Some(Cue::Bonus));
        // "welcome" that does not end its clause, or stands before the
        // names, covers nothing.
        assert_eq!(read("Welcome to a team that writes Go")[0].1, None);
        assert_eq!(read("Ruby and a welcome package")[0].1, None);
        assert_eq!(under_a_must("Ruby, welcome aboard")[0].1, Some(Cue::Must));
        // Accepted instead is a choice, not an aside.
        assert_eq!(
            read("Ruby (Python is fine too)")[0].0,
            v(&["ruby", "python"])
        );
    }

    /// What a page says the job leaves out is no ask (h24: "You will NOT
    /// be working on Java" asked for Java at full weight).
    #[test]
    fn what_the_job_leaves_out_is_no_ask() {
        // `drop_left_out` passes over units without these.
        for phrase in LEFT_OUT {
            assert!(
                phrase.contains("not ") || phrase.contains("n't "),
                "{phrase}"
            );
        }
        let skills =
            |text: &str| -> Vec<Vec<String>> { read(text).into_iter().map(|e| e.0).collect() };
        assert!(skills("You will NOT be working on Java or Ruby.").is_empty());
        assert!(skills("You won\u{2019}t be working on Java.").is_empty());
        assert!(skills("This role does not involve Java.").is_empty());
        assert_eq!(
            skills("You will not be working on Java but on Go."),
            vec![v(&["go"])]
        );
        assert_eq!(skills("You will be working on Java."), vec![v(&["java"])]);
    }

    /// The people a job works with are no asks: "with Ruby engineers",
    /// "the Ruby team (Python)", "partner with Java and Python"; what the
    /// candidate is stays one: "experienced Ruby developers".
    #[test]
    fn teams_worked_with_are_not_asks() {
        let skills =
            |text: &str| -> Vec<Vec<String>> { read(text).into_iter().map(|e| e.0).collect() };
        let docker = vec![v(&["docker"])];
        assert_eq!(
            skills("Collaborate with Ruby engineers on Docker images"),
            docker
        );
        assert_eq!(
            skills("Work with the Ruby team (Python) on Docker images"),
            docker
        );
        // The whole aside (h24: its later names were asks).
        assert_eq!(
            skills("Work with the Ruby team (Python / Java, Go) on Docker images"),
            docker
        );
        assert_eq!(
            skills("Coordinates with Ruby and Java leads on Docker"),
            docker
        );
        assert_eq!(
            skills("Partner with Java and Python to ship Docker"),
            docker
        );
        assert_eq!(
            skills("Work alongside SREs and are experienced Ruby developers"),
            [v(&["ruby"])]
        );
        assert_eq!(skills("You are a senior Go engineer"), [v(&["go"])]);
        assert_eq!(skills("Experience with Ruby"), [v(&["ruby"])]);
        // The company's own people.
        assert_eq!(
            skills("Docker, though our Java team handles the builds"),
            docker
        );
        // A name that is a job title names people as "Ruby engineers" does.
        assert_eq!(skills("Partner with data engineers on Docker"), docker);
        assert_eq!(
            skills("Docker, reporting to the Director of Java Platforms"),
            docker
        );
        assert_eq!(
            skills("Experience as a data engineer or Ruby developer"),
            [v(&["data-engineering", "ruby"])]
        );
    }

    /// What colleagues use, said in a relative clause after them, is
    /// theirs: the clause's first names and their list; a name after the
    /// list, or after "you", is the job's again (h30: "partner with the
    /// ML team, who use Spark" asked for Spark).
    #[test]
    fn tools_of_the_teams_worked_with_are_not_asks() {
        let skills =
            |text: &str| -> Vec<Vec<String>> { read(text).into_iter().map(|e| e.0).collect() };
        let docker = vec![v(&["docker"])];
        for text in [
            "Docker; you partner with the analytics team, who use Ruby and Java every day",
            "Ship Docker images with our developers, who use Go",
            "Work closely with the platform team, which runs Ruby, on Docker",
            "Du arbeitest mit dem Plattform-Team zusammen, das Ruby nutzt, an Docker",
            "Travailler avec l'équipe plateforme, qui utilise Ruby, sur Docker",
        ] {
            assert_eq!(skills(text), docker, "{text:?}");
        }
        // The team itself, named in German and French word order.
        assert_eq!(skills("Du arbeitest mit dem Ruby-Team an Docker"), docker);
        assert_eq!(skills("Avec l'équipe Ruby, sur Docker"), docker);
        assert_eq!(
            skills("Erfahrung mit Ruby und Docker"),
            [v(&["ruby"]), v(&["docker"])]
        );
        // The candidate's own team, and what the candidate does.
        assert_eq!(
            skills("Join a team that ships Go and Docker"),
            [v(&["go"]), v(&["docker"])]
        );
        assert_eq!(
            skills("Our team is made of engineers who, like you, love Go"),
            [v(&["go"])]
        );
        assert_eq!(
            skills("Partner with the data team, who use Ruby, and you will own Docker"),
            docker
        );
    }

    /// A proficiency word inside a skill's name ("deep learning") sets no
    /// level; a cue inside parentheses covers only what they hold; "would
    /// be nice" is a nice-to-have.
    #[test]
    fn cues_and_levels_keep_to_their_words() {
        let t = Taxonomy::from_sources(&[(
            "test",
            &format!(
                "{TAXONOMY}\n[[skill]]\nid = \"deep-learning\"\nname = \"Deep Learning\"\nkind = \"domain\"\n\
                 [[skill]]\nid = \"authentication\"\nname = \"Authentication\"\nkind = \"practice\"\n\
                 [[skill]]\nid = \"communication\"\nname = \"Communication\"\nkind = \"trait\"\n\
                 aliases = [\"excellent communication\"]\n"
            ),
        )])
        .expect("taxonomy");
        let read_with = |text: &str| -> Vec<(Vec<String>, Option<Cue>, u8)> {
            analyse(text, &t, None, None)
                .entries
                .iter()
                .map(|e| (ids(&t, e), e.cue, e.level))
                .collect()
        };
        assert_eq!(
            read_with("Experience with a deep learning framework"),
            [(v(&["deep-learning"]), None, 3)]
        );
        assert_eq!(read_with("Deep Python experience")[0].2, 5);
        // A cue word inside a proper name qualifies nothing; in title case
        // or at the start of a sentence it still does.
        // (3: the default, as "familiarity" qualifies its own clause.)
        assert_eq!(
            read_with("Familiarity with PSD2 and Strong Customer Authentication")[0].2,
            3
        );
        assert_eq!(
            read_with("Worked with Strong Customer Authentication")[0].2,
            3
        );
        assert_eq!(read_with("Must Have Strong Docker Experience")[0].2, 4);
        assert_eq!(read_with("Strong Docker experience")[0].2, 4);
        assert_eq!(read_with("You have Strong Docker skills")[0].2, 4);
        assert_eq!(
            read_with("Familiarity with Advanced Docker Build Kit")[0].2,
            2
        );
        // A qualifier that is part of an alias still qualifies.
        assert_eq!(read_with("Excellent communication")[0].2, 4);
        assert_eq!(
            read_with("Current Docker experience (Ruby a plus)"),
            [
                (v(&["docker"]), None, 3),
                (v(&["ruby"]), Some(Cue::Bonus), 3)
            ]
        );
        assert_eq!(
            read_with("Docker experience (must have)"),
            [(v(&["docker"]), Some(Cue::Must), 3)]
        );
        // A must in quotes is the noun: it covers the skill before it.
        for quoted in [
            "Docker – a “must”",
            "Docker - a \"must\"",
            "Docker is a 'must'",
            "Docker – ein „Muss“",
            "Docker, un «must»",
        ] {
            assert_eq!(
                read_with(quoted),
                [(v(&["docker"]), Some(Cue::Must), 3)],
                "{quoted}"
            );
        }
        // The German verb unquoted is no cue here (nor would "Muss" be).
        assert_eq!(read_with("Docker muss sein")[0].1, None);
        assert_eq!(read_with("Go would be nice")[0].1, Some(Cue::Bonus));
    }

    /// "or equivalent experience" accepts something else: no must-have,
    /// even when the item's heading makes must-haves; the clause beside it
    /// keeps its cue.
    #[test]
    fn an_equivalent_accepted_is_no_must_have() {
        let read_under_must = |text: &str| -> Vec<(Vec<String>, Option<Cue>)> {
            let t = tax();
            analyse(text, &t, Some(Cue::Must), None)
                .entries
                .iter()
                .map(|e| (ids(&t, e), e.cue))
                .collect()
        };
        assert_eq!(
            read_under_must("Degree in Ruby or equivalent practical experience"),
            [(v(&["ruby"]), None)]
        );
        assert_eq!(
            read_under_must("Python is required. A Ruby degree, or comparable experience"),
            [(v(&["python"]), Some(Cue::Must)), (v(&["ruby"]), None)]
        );
        assert_eq!(
            read_under_must("Degree in Ruby"),
            [(v(&["ruby"]), Some(Cue::Must))]
        );
    }

    /// "at least one of: A, B" asks for one of them, and a name the
    /// taxonomy does not know ("Elixir", "Crystal") in or after a
    /// list does not split the names it does know into separate asks.
    #[test]
    fn lists_of_choices_and_unknown_members() {
        let groups =
            |text: &str| -> Vec<Vec<String>> { read(text).into_iter().map(|e| e.0).collect() };
        for text in [
            "Experience with at least one of: Ruby, Python",
            "Experience with one of the following: Ruby, Python",
            "Any of Ruby, Python",
            "Experience with Ruby, Elixir, or Python",
            "Experience with Ruby, Python or Elixir",
            "Experience with Ruby, Elixir, Python or Crystal",
            "Experience with Ruby or another Python-like language",
        ] {
            assert_eq!(groups(text), [v(&["ruby", "python"])], "{text}");
        }
        for text in [
            "Experience with Ruby, Python",
            "Experience with all of the following: Ruby, Python",
            "Experience with Ruby, and Python",
            "Experience with Ruby and Python, Elixir",
        ] {
            assert_eq!(groups(text), [v(&["ruby"]), v(&["python"])], "{text}");
        }
    }

    #[test]
    fn web_sites_are_not_skills() {
        assert!(read("Operate Jenkins.com and Docker.io services").is_empty());
        assert_eq!(read("Docker. Great")[0].0, v(&["docker"]));
    }

    #[test]
    fn go_verb_is_not_go() {
        assert!(read("We go-for-it and go to great lengths").is_empty());
    }

    #[test]
    fn must_have_heading_defaults_to_required() {
        assert!(heading_is_mandatory("Must have"));
        assert!(heading_is_mandatory("Minimum Qualifications"));
        assert!(!heading_is_mandatory("Requirements"));
        let t = tax();
        let a = analyse("Docker experience", &t, Some(Cue::Must), None);
        assert_eq!(a.entries[0].cue, Some(Cue::Must));
        let a = analyse("Interest in Docker", &t, Some(Cue::Must), None);
        assert_eq!(a.entries[0].cue, None, "softeners beat the section default");
        let a = analyse("Docker is a plus", &t, Some(Cue::Must), None);
        assert_eq!(
            a.entries[0].cue,
            Some(Cue::Bonus),
            "own cue beats the section default"
        );
    }

    #[test]
    fn alternatives_parent() {
        assert!(introduces_alternatives(
            "Must be proficient in one or more of the following in preference order"
        ));
        assert!(!introduces_alternatives("Experience with Ruby"));
        assert!(introduces_alternatives(
            "Hands-on experience with at least one UI automation framework:"
        ));
        assert!(!introduces_alternatives(
            "At least one year with each of the following:"
        ));
    }

    #[test]
    fn a_label_reaches_until_the_next_label_or_cue() {
        let r = read("Required: Ruby. Nice to have: Go.");
        assert_eq!(r[0].1, Some(Cue::Must));
        assert_eq!((r[1].0.clone(), r[1].1), (v(&["go"]), Some(Cue::Bonus)));
        let r = read("Mandatory: Ruby. Go is a plus. Also Docker.");
        assert_eq!(r[0].1, Some(Cue::Must));
        assert_eq!((r[1].0.clone(), r[1].1), (v(&["go"]), Some(Cue::Bonus)));
        assert_eq!(r[2].1, None, "the label ended at the cue: {r:?}");
        let r = read("No prior Ruby experience required, we will teach you.");
        assert_eq!(r[0].1, Some(Cue::Bonus));
        let r = read("Not a blocker: Ruby, but Go is required.");
        assert_eq!(r[1], (v(&["go"]), Some(Cue::Must), 3), "{r:?}");
        let r = read("Ruby is required for this role. Go is required for the specialty work.");
        assert_eq!(r[0].1, Some(Cue::Must));
        assert_eq!(r[1].1, None);
        // A sentence without a cue stays under the label.
        let r = read("Mandatory: Ruby. Also Go.");
        assert_eq!(r[1], (v(&["go"]), Some(Cue::Must), 3));
    }

    /// French pages write the verb: "Tu maîtrises Python" expects what
    /// "maîtrise de Python" does.
    #[test]
    fn the_french_verb_of_mastery_sets_the_level() {
        for text in [
            "Tu maîtrises Python",
            "Vous maîtrisez Python",
            "Maîtriser Python",
        ] {
            assert_eq!(read(text)[0].2, 4, "{text}");
        }
    }

    #[test]
    fn a_leading_adjective_clause_sets_the_level_of_the_next() {
        assert_eq!(read("Deep, hands-on experience operating Ruby")[0].2, 5);
        assert_eq!(read("Strong, proven Ruby skills")[0].2, 4);
        // A clause with a skill of its own keeps its cue to itself.
        let r = read("Expert Ruby, some Go");
        assert_eq!((r[0].2, r[1].2), (5, 2));
    }

    #[test]
    fn years_asked_for_a_skill_imply_its_level() {
        assert_eq!(read("5+ years of experience with Ruby")[0].2, 4);
        assert_eq!(read("Eight years of Go")[0].2, 5);
        assert_eq!(
            read("6 months of Ruby")[0].2,
            3,
            "years never lower the level"
        );
        assert_eq!(
            read("Expert in Ruby, 2 years")[0].2,
            5,
            "nor a stronger cue"
        );
        // Only the clause the years are in.
        let r = read("3+ years of professional experience and familiarity with Go");
        assert_eq!(r[0], (v(&["go"]), None, 2), "{r:?}");
    }

    #[test]
    fn labels() {
        assert_eq!(leading_label("Mandatory: x"), Some(Cue::Must));
        assert_eq!(
            leading_label("Highly desirable: x"),
            Some(Cue::HighlyDesirable)
        );
        assert_eq!(leading_label("Nice to have"), Some(Cue::Bonus));
        assert_eq!(leading_label("Must be proficient"), None);
    }

    #[test]
    fn years() {
        assert_eq!(
            parse_years("5+ years of experience with Go"),
            (Some(5.0), None)
        );
        // Years in the languages pages are written in.
        for line in [
            "Mindestens 3 Jahre Berufserfahrung",
            "almeno 3 anni di esperienza",
            "minimaal 3 jaar ervaring",
            "au moins 3 ans d'expérience",
            "al menos 3 años de experiencia",
            "3+ anos de experiência",
        ] {
            assert_eq!(parse_years(line), (Some(3.0), None), "{line}");
        }
        // Not years: a rate, and words that start like a unit.
        assert_eq!(parse_years("$50 an hour"), (None, None));
        assert_eq!(parse_years("answer 5 answers a day"), (None, None));
        assert_eq!(
            parse_years("3+ years of people management"),
            (None, Some(3.0))
        );
        assert_eq!(
            parse_years("3+ years managing software engineers"),
            (None, Some(3.0))
        );
        // Managing a product, a project or accounts is no people management.
        for line in [
            "5-7 years of product management experience",
            "4+ years of project management",
            "3 years in incident management",
            "2+ years as a technical account manager",
        ] {
            assert_eq!(parse_years(line).1, None, "{line}");
            assert!(parse_years(line).0.is_some(), "{line}");
        }
        assert_eq!(
            parse_years("At least five years in backend"),
            (Some(5.0), None)
        );
        assert_eq!(parse_years("Tier 2 or Tier 3"), (None, None));
        assert_eq!(
            parse_years("8 years of experience with a degree, or 12 years in lieu of a degree"),
            (Some(8.0), None)
        );
        assert_eq!(
            parse_years("6 years of backend work, 2 years of it in Go"),
            (Some(6.0), None)
        );
        // An "or" between subjects offers no other years.
        assert_eq!(
            parse_years(
                "6+ years of software or data engineering, including 3+ years building pipelines"
            ),
            (Some(6.0), None)
        );
        assert_eq!(
            parse_years("7 years of experience or 5 years with a PhD"),
            (Some(5.0), None)
        );
        // A range asks for its lower end, however it is written.
        for range in [
            "3-5 years of Go",
            "3 to 5 years of Go",
            "3 - 5 years of Go",
            "between 3 and 5 years of Go",
            "three to five years of Go",
        ] {
            assert_eq!(parse_years(range), (Some(3.0), None), "{range}");
        }
    }

    #[test]
    fn legal_notices() {
        assert!(is_notice_or_terms(
            "Acme is an equal opportunity employer. We celebrate diversity and inclusion."
        ));
        assert!(is_notice_or_terms(
            "We provide reasonable accommodations to applicants."
        ));
        assert!(!is_notice_or_terms("Experience building inclusive teams"));
        assert!(is_notice_or_terms(
            "We use cookies to improve your experience. Privacy policy Accept all"
        ));
        assert!(!is_notice_or_terms(
            "Experience with HTTP cookies and sessions"
        ));
        // The job's terms, labelled.
        assert!(is_notice_or_terms(
            "**Physical demands.** Work is performed in an office"
        ));
        assert!(is_notice_or_terms("Location: Remote (EU)"));
        assert!(!is_notice_or_terms("Locations of our data centers: AWS"));
        assert!(!is_notice_or_terms(
            "Travel industry experience with Python"
        ));
    }

    #[test]
    fn boilerplate() {
        assert!(is_boilerplate("Ability to use GitLab.", "gitlab"));
        assert!(is_boilerplate(
            "All qualified applicants receive consideration without regard to race.",
            ""
        ));
        assert!(is_boilerplate("Location: Remote (US)", ""));
        assert!(is_boilerplate(
            "You share our values, and work in accordance with those values.",
            ""
        ));
        assert!(!is_boilerplate("Strong Ruby experience", "gitlab"));
        assert!(is_boilerplate(
            "Acme Analytics is hiring a Senior Data Engineer.",
            ""
        ));
        assert!(!is_boilerplate("Experience hiring engineers", ""));
    }

    /// Section headings of French, German, Spanish, Portuguese, Dutch and
    /// Italian postings ("Descriptif du poste" on Welcome to the Jungle was
    /// ordinary content, its duties weighed 0.35; "Déroulement des
    /// entretiens" was read).
    #[test]
    fn foreign_section_headings() {
        use SectionKind::*;
        let cases: &[(&str, Option<SectionKind>)] = &[
            ("Descriptif du poste", Some(Responsibilities)),
            ("Description du poste", Some(Responsibilities)),
            ("Vos missions", Some(Responsibilities)),
            ("Tes missions", Some(Responsibilities)),
            ("Ce que tu feras", Some(Responsibilities)),
            ("Vos responsabilités", Some(Responsibilities)),
            ("Profil recherché", Some(Requirements)),
            ("Ton profil", Some(Requirements)),
            ("Compétences requises", Some(Requirements)),
            ("Ce que nous recherchons", Some(Requirements)),
            ("Qualifications requises", Some(Requirements)),
            ("Idéalement", Some(NiceToHave)),
            ("Ihre Aufgaben", Some(Responsibilities)),
            ("Deine Aufgaben", Some(Responsibilities)),
            ("Dein Tätigkeitsbereich", Some(Responsibilities)),
            ("Ihr Profil", Some(Requirements)),
            ("Was du mitbringst", Some(Requirements)),
            ("Das zeichnet dich aus", Some(Requirements)),
            ("Wir bieten", Some(Ignored)),
            ("Nice to have / Wünschenswert", Some(NiceToHave)),
            ("Requisitos", Some(Requirements)),
            ("Lo que buscamos", Some(Requirements)),
            ("Qué buscamos", Some(Requirements)),
            ("Tus responsabilidades", Some(Responsibilities)),
            ("Qué harás", Some(Responsibilities)),
            ("Tu día a día", Some(Responsibilities)),
            ("Requisitos deseables", Some(NiceToHave)),
            ("Se valorará", Some(NiceToHave)),
            ("Lo que ofrecemos", Some(Ignored)),
            ("Responsabilidades", Some(Responsibilities)),
            ("O que você vai fazer", Some(Responsibilities)),
            ("Suas responsabilidades", Some(Responsibilities)),
            ("Requisitos obrigatórios", Some(Requirements)),
            ("O que buscamos", Some(Requirements)),
            ("O que esperamos de você", Some(Requirements)),
            ("Diferenciais", Some(NiceToHave)),
            ("Será um diferencial", Some(NiceToHave)),
            ("Wat ga je doen", Some(Responsibilities)),
            ("Wat ga je doen?", Some(Responsibilities)),
            ("Jouw taken", Some(Responsibilities)),
            ("Wat vragen wij", Some(Requirements)),
            ("Wie ben jij", Some(Requirements)),
            ("Wat breng je mee", Some(Requirements)),
            ("Functie-eisen", Some(Requirements)),
            ("Pré", None),
            ("Requisiti", Some(Requirements)),
            ("Requisiti preferenziali", Some(NiceToHave)),
            ("Cosa farai", Some(Responsibilities)),
            ("Di cosa ti occuperai", Some(Responsibilities)),
            ("Responsabilità", Some(Responsibilities)),
            ("Chi cerchiamo", Some(Requirements)),
            ("Cosa cerchiamo", Some(Requirements)),
            ("Competenze richieste", Some(Requirements)),
            ("Costituirà titolo preferenziale", Some(NiceToHave)),
            ("Cosa offriamo", Some(Ignored)),
            ("Déroulement des entretiens", Some(Ignored)),
            ("Processus de recrutement", Some(Ignored)),
            ("Bewerbungsprozess", Some(Ignored)),
            ("Proceso de selección", Some(Ignored)),
            ("Processo seletivo", Some(Ignored)),
            ("Sollicitatieprocedure", Some(Ignored)),
            ("Processo di selezione", Some(Ignored)),
            ("Lo que esperamos de ti", Some(Requirements)),
            ("Ihre Tätigkeiten", Some(Responsibilities)),
        ];
        let mut bad = Vec::new();
        for (h, want) in cases {
            let got = classify_heading(h);
            if got != *want {
                bad.push(format!("{h}: got {got:?} want {want:?}"));
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }
}
