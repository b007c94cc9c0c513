//! Front matter: YAML-like `---` blocks (flat `key: value` lines) and TOML
//! `+++` blocks. Only a few flat keys matter, so no YAML parser is needed.

use std::collections::HashMap;

/// Parsed front matter plus the body with the front matter lines blanked.
pub(crate) struct FrontMatter {
    /// Lowercased keys to unquoted values.
    pub fields: HashMap<String, String>,
}

/// Splits front matter off `text`. The returned body keeps every line (the
/// front matter lines become empty) so markdown offsets map straight to the
/// page's own line numbers.
pub(crate) fn split(text: &str) -> (FrontMatter, String) {
    let mut fields = HashMap::new();
    let mut lines = text.split('\n');
    let fence = match lines.next().map(str::trim_end) {
        Some("---") => "---",
        Some("+++") => "+++",
        _ => return (FrontMatter { fields }, text.to_string()),
    };
    let mut block = Vec::new();
    let mut closed = false;
    for line in lines {
        let t = line.trim_end();
        if t == fence || (fence == "---" && t == "...") {
            closed = true;
            break;
        }
        block.push(line);
    }
    if !closed {
        // An opening fence with no close is a thematic break, not metadata.
        return (FrontMatter { fields }, text.to_string());
    }
    if fence == "+++" {
        parse_toml(&block.join("\n"), &mut fields);
    } else {
        for line in &block {
            if line.starts_with([' ', '\t', '-', '#']) {
                continue; // nested YAML, list entries and comments: not ours
            }
            if let Some((k, v)) = line.split_once(':') {
                fields.insert(k.trim().to_ascii_lowercase(), unquote(v.trim()));
            }
        }
    }
    with_common_names(&mut fields);
    // Blank the fences and the block, keeping one '\n' per line.
    let skipped = block.len() + 2;
    let mut body = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            body.push('\n');
        }
        if i >= skipped {
            body.push_str(line);
        }
    }
    (FrontMatter { fields }, body)
}

fn parse_toml(block: &str, fields: &mut HashMap<String, String>) {
    let Ok(table) = block.parse::<toml::Table>() else {
        return;
    };
    for (k, v) in table {
        let value = match v {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            _ => continue,
        };
        fields.insert(k.to_ascii_lowercase(), value);
    }
}

/// The names ATS exports and site generators give the fields rolefit
/// reads, by field, compared without case or separators (`Job Title`,
/// `job-title`, `jobTitle` and `job_title` are one name).
pub(crate) const COMMON_NAMES: &[(&str, &[&str])] = &[
    (
        "title",
        &[
            "job_title",
            "position",
            "position_title",
            "role",
            "role_title",
            "role_name",
            "job_name",
            "headline",
            "job_headline",
            "posting_title",
            "vacancy",
            "vacancy_title",
            "opening_title",
        ],
    ),
    (
        "level",
        &["seniority", "seniority_level", "job_level", "career_level"],
    ),
    (
        "years_experience",
        &[
            "years_of_experience",
            "experience_years",
            "min_years_experience",
            "min_years_of_experience",
            "minimum_years_experience",
        ],
    ),
    (
        "management_years",
        &[
            "years_of_management",
            "management_experience_years",
            "min_management_years",
            "people_management_years",
            "min_people_management_years",
            "years_of_people_management",
        ],
    ),
    ("grade", &["job_grade"]),
    // The employer, so that a title "Acme Corp - Backend Engineer" can
    // drop it (`text::without_company`).
    (
        "company",
        &[
            "company_name",
            "employer",
            "employer_name",
            "organization",
            "organisation",
            "hiring_organization",
            "hiring_company",
        ],
    ),
];

/// A field name without case or separators: `Job-Title` -> `jobtitle`.
fn compact(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Reads other exports' names for a field when the page does not use
/// rolefit's own (`job_title: Credit Risk Analyst`, `headline: ...` and
/// `Job Title: ...` are the title).
fn with_common_names(fields: &mut HashMap<String, String>) {
    let compacted: HashMap<String, &String> = fields.iter().map(|(k, v)| (compact(k), v)).collect();
    let mut found: Vec<(&str, String)> = Vec::new();
    for (field, names) in COMMON_NAMES {
        if fields.contains_key(*field) {
            continue;
        }
        if let Some(value) = std::iter::once(field)
            .chain(names.iter())
            .find_map(|name| compacted.get(&compact(name)))
        {
            found.push((field, (*value).clone()));
        }
    }
    for (field, value) in found {
        fields.insert(field.to_string(), value);
    }
}

/// Whether a front-matter key is one rolefit reads, in its own or another
/// export's words.
pub(crate) fn is_known_key(key: &str) -> bool {
    let key = compact(key);
    COMMON_NAMES
        .iter()
        .flat_map(|(field, names)| std::iter::once(field).chain(names.iter()))
        .any(|name| compact(name) == key)
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return v[1..v.len() - 1].to_string();
        }
    }
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Other exports' field names: read when rolefit's own are absent.
    #[test]
    fn common_field_names_of_exports() {
        let (fm, _) = split(
            "---\njob_title: Credit Risk Analyst\nseniority: Senior\nyears_of_experience: 6\n---\n",
        );
        assert_eq!(fm.fields["title"], "Credit Risk Analyst");
        assert_eq!(fm.fields["level"], "Senior");
        assert_eq!(fm.fields["years_experience"], "6");
        let (fm, _) = split("+++\ntitle = \"A\"\njob_title = \"B\"\n+++\n");
        assert_eq!(fm.fields["title"], "A");
    }

    /// A title under a name other exports use (`headline`, `Job Title`,
    /// `jobTitle`), the level and years under theirs, is read; a key that
    /// names no title is not.
    #[test]
    fn title_level_and_years_under_other_names() {
        for key in [
            "headline",
            "Job Title",
            "jobTitle",
            "position-title",
            "role",
        ] {
            let (fm, _) = split(&format!("---\n{key}: \"Engineering Manager\"\n---\n"));
            assert_eq!(
                fm.fields.get("title").map(String::as_str),
                Some("Engineering Manager"),
                "{key}"
            );
            assert!(is_known_key(&key.to_lowercase()), "{key}");
        }
        let (fm, _) = split(
            "---\ncareer_level: Senior\nmin_years_experience: 8\n\
             min_people_management_years: 2\ndepartment: Engineering\n---\n",
        );
        assert_eq!(fm.fields["level"], "Senior");
        assert_eq!(fm.fields["years_experience"], "8");
        assert_eq!(fm.fields["management_years"], "2");
        assert!(!fm.fields.contains_key("title"));
        assert!(!is_known_key("department"));
    }

    #[test]
    fn yaml_front_matter_keeps_line_numbers() {
        let (fm, body) = split("---\ntitle: \"Staff X\"\ngrade: 8\n---\n\n# H\n");
        assert_eq!(fm.fields["title"], "Staff X");
        assert_eq!(fm.fields["grade"], "8");
        assert_eq!(body.split('\n').count(), 7);
        assert_eq!(body.split('\n').nth(5), Some("# H"));
    }

    #[test]
    fn toml_front_matter() {
        let (fm, _) = split("+++\ntitle = \"Platform Engineer\"\nyears_experience = 4\n+++\nbody");
        assert_eq!(fm.fields["title"], "Platform Engineer");
        assert_eq!(fm.fields["years_experience"], "4");
    }

    #[test]
    fn unclosed_fence_is_body() {
        let (fm, body) = split("---\ntitle: x\n");
        assert!(fm.fields.is_empty());
        assert_eq!(body, "---\ntitle: x\n");
    }
}
