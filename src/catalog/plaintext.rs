//! The structure of pages written without markdown, rewritten as markdown
//! before parsing: plain-text postings (`•` bullets, `REQUIREMENTS` or
//! `Requirements:` on a line of its own), bold labels standing for
//! headings (`**Must have:**`), and HTML as ATS exports give it (`<h2>`,
//! `<li>`, entities). Each rewritten line remembers its source line, so
//! evidence still points at the page as written.

use std::borrow::Cow;

use super::markdown::collapse;
use super::wording::classify_heading;

/// A page body rewritten as markdown.
pub(crate) struct Rewritten {
    /// The markdown.
    pub text: String,
    /// By line of `text`: the 1-based line of the original it comes from.
    pub origin: Vec<u32>,
}

impl Rewritten {
    fn push(&mut self, line: &str, origin: u32) {
        if !self.origin.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(line);
        self.origin.push(origin);
    }

    /// A heading standing for a section written without markdown: one
    /// level below the last real heading (`below`), so it stays inside the
    /// section or level it appears in, after a blank line.
    fn push_section_heading(&mut self, below: usize, text: &str, origin: u32) {
        let level = (below + 1).min(6);
        self.push_break(origin);
        self.push(&format!("{} {text}", "#".repeat(level)), origin);
    }

    /// A blank line, unless the last one is blank: a heading or list after
    /// an HTML block needs one to start a block of its own.
    fn push_break(&mut self, origin: u32) {
        let last_blank = self
            .text
            .rsplit('\n')
            .next()
            .is_some_and(|l| l.trim().is_empty());
        if !self.origin.is_empty() && !last_blank {
            self.push("", origin);
        }
    }
}

/// Bullet characters that plain-text postings start items with.
const BULLETS: &[char] = &[
    '•', '◦', '▪', '▫', '●', '○', '■', '□', '‣', '⁃', '∙', '·', '–', '➢', '➤', '►', '✓', '✔',
];

/// Bullets a word processor's outline writes when a list is saved or
/// pasted as text: Word's second level `o` and third level `§` (Wingdings
/// squares), and the Symbol and Wingdings bullets it leaves as private-use
/// characters.
const WORD_BULLETS: &[char] = &['§', '\u{F0A7}', '\u{F0B7}', '\u{F0D8}', '\u{F0FC}'];

/// The text of line `i` when it is an item of a list a word processor saved
/// as text ([`WORD_BULLETS`], or a letter `o`): the bullet followed by a tab,
/// or by a space and a capital or a digit ("§ 22 AGG" cites a law, so `§`
/// before a digit is no bullet). A bare `o` is an item only beside another
/// item (the line before or after is one, or starts with a bullet), as
/// Word's second level sits under its first: a line that merely starts
/// with the word "o" is left alone.
fn word_bullet_item<'a>(lines: &[&'a str], i: usize) -> Option<&'a str> {
    fn item(line: &str) -> Option<(char, &str)> {
        let trimmed = line.trim_start();
        let bullet = trimmed.chars().next()?;
        if bullet != 'o' && !WORD_BULLETS.contains(&bullet) {
            return None;
        }
        let rest = &trimmed[bullet.len_utf8()..];
        if let Some(text) = rest.strip_prefix('\t') {
            return Some((bullet, text.trim_start()));
        }
        let text = rest.strip_prefix(' ')?.trim_start();
        let first = text.chars().next()?;
        let starts_item = if bullet == '§' {
            !first.is_ascii_digit()
        } else {
            first.is_uppercase() || first.is_ascii_digit()
        };
        starts_item.then_some((bullet, text))
    }
    let (bullet, text) = item(lines[i])?;
    if bullet != 'o' {
        return Some(text);
    }
    let beside = |j: usize| {
        lines.get(j).is_some_and(|line| {
            let trimmed = line.trim_start();
            item(line).is_some()
                || trimmed
                    .strip_prefix(BULLETS)
                    .is_some_and(|rest| rest.starts_with([' ', '\t']))
        })
    };
    (i.checked_sub(1).is_some_and(beside) || beside(i + 1)).then_some(text)
}

/// HTML tags that start or end a block: the text between two of them is
/// one line of the rewritten page.
const BLOCK_TAGS: &[&str] = &[
    // A whole document ("<html><body><h1>...", one line in ATS exports).
    "html",
    "body",
    "main",
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "dl",
    "dt",
    "dd",
    "hr",
    "blockquote",
    // Notion's toggles, exported as `<details><summary>Nice to have
    // </summary> ... </details>`.
    "details",
    "summary",
];

/// Rewrites `body` as markdown, line for line except where an HTML line
/// holds several blocks (each becomes a line of its own) or a heading needs
/// a blank line before it.
///
/// A line becomes a heading when it is an HTML heading, or a short line
/// that is all bold, ends with a colon or is in capitals, and names a
/// section ("**Must have:**", "Requirements:", "NICE TO HAVE"). Such a line
/// sits one level below the last real heading, so it stays inside the
/// section or level it appears in.
pub(crate) fn as_markdown(body: &str) -> Rewritten {
    let body = without_hidden_html(body);
    let body = body.as_ref();
    let mut out = Rewritten {
        text: String::with_capacity(body.len() + 64),
        origin: Vec::new(),
    };
    let mut fence: Option<&str> = None;
    let mut heading_level = 1;
    let mut html = HtmlState::default();
    let lines: Vec<&str> = body.split('\n').collect();
    for (i, &line) in lines.iter().enumerate() {
        let origin = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            out.push(line, origin);
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            out.push(line, origin);
            continue;
        }
        let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with([' ', '\t']) {
            heading_level = hashes;
            out.push(line, origin);
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix(BULLETS) {
            if rest.starts_with([' ', '\t']) {
                out.push(&format!("{}-{rest}", &line[..indent]), origin);
                continue;
            }
        }
        if let Some(rest) = word_bullet_item(&lines, i) {
            out.push(&format!("{}- {rest}", &line[..indent]), origin);
            continue;
        }
        // Pastes from job boards mark their items and headings with
        // emoji: "✅ Strong TypeScript", "🔎 What we're looking for".
        if let Some((emoji, rest)) = after_pictographs(trimmed) {
            if is_emoji_heading(&lines, i, emoji, rest) {
                out.push_section_heading(heading_level, rest, origin);
            } else if emoji.starts_with(super::wording::TERMS_PICTOGRAPHS) {
                // "📍 Remote": the pin says it is the job's place, a term
                // the compiler passes over (`wording::is_notice_or_terms`),
                // so it stays on the line.
                out.push(&format!("{}- {trimmed}", &line[..indent]), origin);
            } else {
                out.push(&format!("{}- {rest}", &line[..indent]), origin);
            }
            continue;
        }
        if starts_with_block_tag(trimmed) || html.list_depth > 0 {
            html.rewrite_line(line, origin, &mut heading_level, &mut out);
            continue;
        }
        // A list item is an ask, even one ending in ':' with a section's
        // word in it ("- Experience with at least one of:" over its
        // alternatives).
        let heading = (indent < 4 && !is_list_item(trimmed))
            .then(|| section_heading(trimmed).or_else(|| bare_heading(&lines, i)))
            .flatten();
        match heading {
            Some(text) => out.push_section_heading(heading_level, &text, origin),
            None => out.push(line, origin),
        }
    }
    out
}

/// `body` with what a browser never shows ([`crate::html::hidden_ranges`]:
/// scripts, styles, cookie banners) removed, keeping every line break so
/// that line numbers stay those of the page.
pub(crate) fn without_hidden_html(body: &str) -> Cow<'_, str> {
    let hidden = crate::html::hidden_ranges(body);
    if hidden.is_empty() {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut copied = 0;
    for range in hidden {
        out.push_str(&body[copied..range.start]);
        out.extend(body[range.clone()].chars().filter(|&c| c == '\n'));
        copied = range.end;
    }
    out.push_str(&body[copied..]);
    Cow::Owned(out)
}

/// Where an HTML page's rewriting stands between lines.
#[derive(Default)]
struct HtmlState {
    /// Open `<ul>`/`<ol>` lists.
    list_depth: usize,
    /// The open heading or list item; `None` for plain text.
    open: Option<Block>,
    /// Text of the open block so far.
    text: String,
    /// Open `<b>`/`<strong>` tags.
    bold_depth: usize,
    /// Whether the open block has text outside bold tags: a paragraph
    /// all in bold can name a section, as ATS exports write headings
    /// (`<p><strong>Qualifications</strong></p>`).
    has_plain_text: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    Heading(usize),
    Item,
    /// A toggle's title (`<summary>`): a section's heading when it names
    /// one, as a paragraph all in bold does.
    Summary,
}

impl HtmlState {
    /// Rewrites one HTML line: each block in it becomes a markdown line.
    fn rewrite_line(
        &mut self,
        line: &str,
        origin: u32,
        heading_level: &mut usize,
        out: &mut Rewritten,
    ) {
        let mut rest = line;
        while let Some(open) = rest.find('<') {
            self.push_text(&rest[..open]);
            let Some(close) = rest[open..].find('>') else {
                // A tag running on past the line: keep the text as text.
                self.push_text(&rest[open..]);
                rest = "";
                break;
            };
            let tag = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            let closing = tag.starts_with('/');
            let name = tag_name(tag);
            if !BLOCK_TAGS.contains(&name.as_str()) {
                // Inline tags (<strong>, <a>) separate words at most.
                self.text.push(' ');
                if matches!(name.as_str(), "b" | "strong") {
                    self.bold_depth = if closing {
                        self.bold_depth.saturating_sub(1)
                    } else {
                        self.bold_depth + 1
                    };
                }
                continue;
            }
            self.flush(origin, heading_level, out);
            match (name.as_str(), closing) {
                ("ul" | "ol", false) => self.list_depth += 1,
                ("ul" | "ol", true) => self.list_depth = self.list_depth.saturating_sub(1),
                ("li", false) => self.open = Some(Block::Item),
                ("summary", false) => self.open = Some(Block::Summary),
                (h, false) if h.len() == 2 && h.starts_with('h') && h != "hr" => {
                    let level = usize::from(h.as_bytes()[1] - b'0');
                    self.open = Some(Block::Heading(level));
                }
                _ => {}
            }
        }
        self.push_text(rest);
        // A line break ends a paragraph line but not a list item or heading
        // that goes on to the next line.
        if self.open.is_none() {
            self.flush(origin, heading_level, out);
        } else {
            self.text.push(' ');
        }
    }

    /// Adds text between tags to the open block.
    fn push_text(&mut self, text: &str) {
        if self.bold_depth == 0 && !text.trim().is_empty() {
            self.has_plain_text = true;
        }
        self.text.push_str(text);
    }

    /// Writes the open block's text as one markdown line.
    fn flush(&mut self, origin: u32, heading_level: &mut usize, out: &mut Rewritten) {
        let text = collapse(&crate::encoding::decode_html_references(&self.text));
        self.text.clear();
        let block = self.open.take();
        // A toggle's title reads as a paragraph all in bold.
        let all_bold = !std::mem::take(&mut self.has_plain_text) || block == Some(Block::Summary);
        if text.is_empty() {
            return;
        }
        match block {
            Some(Block::Heading(level)) => {
                *heading_level = level;
                out.push_break(origin);
                out.push(&format!("{} {text}", "#".repeat(level)), origin);
            }
            Some(Block::Item) => {
                let indent = "  ".repeat(self.list_depth.saturating_sub(1));
                out.push(&format!("{indent}- {text}"), origin);
            }
            None | Some(Block::Summary) => {
                // A paragraph standing for a section heading ("<p><strong>
                // Qualifications</strong></p>", "<p>Requirements:</p>"),
                // or an item of a list written with bullets and `<br>`.
                let heading = if all_bold {
                    section_heading(&format!("**{text}**"))
                } else {
                    section_heading(&text)
                };
                if let Some(heading) = heading {
                    out.push_section_heading(*heading_level, &heading, origin);
                    return;
                }
                if let Some(item) = text
                    .strip_prefix(BULLETS)
                    .and_then(|rest| rest.strip_prefix([' ', '\t']))
                {
                    out.push(&format!("- {item}"), origin);
                    return;
                }
                out.push_break(origin);
                out.push(&text, origin);
                // Its own paragraph: the next line must not continue it.
                out.push("", origin);
            }
        }
    }
}

/// Whether an HTML line starts with a block tag (`<p>`, `<h2 class=..>`,
/// `</ul>`).
fn starts_with_block_tag(line: &str) -> bool {
    let Some(tag) = line.strip_prefix('<') else {
        return false;
    };
    BLOCK_TAGS.contains(&tag_name(tag).as_str())
        || tag
            .get(..8)
            .is_some_and(|doctype| doctype.eq_ignore_ascii_case("!doctype"))
}

/// The lowercase name of a tag from its text after `<`: `h2` of
/// `h2 class="x"`, `ul` of `/ul`.
fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// A line that stands for a section heading without markdown, and its
/// text.
fn section_heading(line: &str) -> Option<String> {
    let line = line.trim_end();
    let unwrapped = line.trim_end_matches(':').trim_end();
    let (text, shaped) = if let Some(inner) = ["**", "__"]
        .iter()
        .find_map(|w| unwrapped.strip_prefix(w)?.strip_suffix(w))
    {
        (inner.trim_end_matches(':'), true)
    } else {
        let letters = || line.chars().filter(|c| c.is_alphabetic());
        let capitals = letters().count() >= 3 && letters().all(char::is_uppercase);
        (unwrapped, line.ends_with(':') || capitals)
    };
    let text = text.trim();
    let names_a_section = text.len() <= 80
        && text.split_whitespace().count() <= 8
        && classify_heading(text).is_some();
    (shaped && !text.contains(['*', '_', '<']) && names_a_section).then(|| text.to_string())
}

/// Pictographs (emoji, dingbats, arrows, geometric shapes) that pastes
/// from job boards start their lines with.
fn is_pictograph(c: char) -> bool {
    matches!(
        u32::from(c),
        0x2190..=0x21FF | 0x2300..=0x23FF | 0x25A0..=0x27BF | 0x2900..=0x297F
            | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF
    )
}

/// The emoji that start a line and its text after them ("✅ Go" is "✅"
/// and "Go"; variation selectors, joiners and keycaps belong to the
/// emoji), if it starts with one and has text after it.
fn after_pictographs(line: &str) -> Option<(&str, &str)> {
    let mut chars = line.char_indices();
    let (_, first) = chars.next()?;
    if !is_pictograph(first) {
        return None;
    }
    let end = chars
        .find(|&(_, c)| !(is_pictograph(c) || matches!(c, '\u{FE0F}' | '\u{200D}' | '\u{20E3}')))
        .map_or(line.len(), |(at, _)| at);
    let rest = line[end..].trim();
    (!rest.is_empty()).then_some((&line[..end], rest))
}

/// Whether line `i`, `emoji` then `text`, is a section's heading ("🔎
/// What we're looking for", "💰 Compensation & Benefits") rather than an
/// item: it names a section, starts a block, and the line after it does
/// not start with the same emoji (items of one list share theirs: "✅
/// Solid experience with Node.js" names a section's word too).
fn is_emoji_heading(lines: &[&str], i: usize, emoji: &str, text: &str) -> bool {
    let starts_block = i == 0 || lines[i - 1].trim().is_empty();
    let next_is_sibling = lines[i + 1..]
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
        .and_then(after_pictographs)
        .is_some_and(|(next, _)| next == emoji);
    starts_block
        && !next_is_sibling
        && text.split_whitespace().count() <= 8
        && !text.ends_with(['.', '!', '?', ',', ';'])
        && classify_heading(text.trim_end_matches(':')).is_some()
}

/// "Requirements" on a line of its own after a blank line, over a list or
/// a paragraph (LinkedIn's, Indeed's, Greenhouse's pastes): a heading
/// written without any mark, when the line names a section.
fn bare_heading(lines: &[&str], i: usize) -> Option<String> {
    let text = lines[i].trim();
    let after_blank = i == 0 || lines[i - 1].trim().is_empty();
    let short = text.split_whitespace().count() <= 5
        && !text.ends_with(['.', '!', '?', ',', ';'])
        && !text.contains(['*', '_', '<', '#', '|']);
    if !after_blank
        || !short
        || is_list_item(text)
        || opens_an_ask(text)
        || classify_heading(text).is_none()
    {
        return None;
    }
    // Greenhouse and Lever put the section's first paragraph right under
    // it ("About Brightwave" over "Brightwave is a scheduling platform").
    lines[i + 1..]
        .iter()
        .any(|l| !l.trim().is_empty())
        .then(|| text.to_string())
}

/// Whether a line starts as an ask does ("Experience with Kubernetes and
/// Helm", "Knowledge of SQL"): a Workday export's unbulleted qualification
/// lines, short and between blank lines, name a section's word
/// ("experience") but are its content, not a heading.
fn opens_an_ask(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "experience with ",
        "experience in ",
        "experience of ",
        "experience using ",
        "knowledge of ",
        "knowledge in ",
        "familiarity with ",
        "proficiency in ",
        "proficiency with ",
        "understanding of ",
        "expertise in ",
        "expertise with ",
    ]
    .iter()
    .any(|opener| lower.starts_with(opener))
}

/// A line that starts a list item: `•`, `-`, `*`, `+` or `1.` / `1)`, then
/// a space.
fn is_list_item(line: &str) -> bool {
    line.strip_prefix(BULLETS)
        .or_else(|| line.strip_prefix(['-', '*', '+']))
        .or_else(|| {
            let digits = line.trim_start_matches(|c: char| c.is_ascii_digit());
            (digits.len() < line.len())
                .then(|| digits.strip_prefix(['.', ')']))
                .flatten()
        })
        .is_some_and(|rest| rest.starts_with([' ', '\t']))
}

/// Strips HTML tags from a raw HTML line, decoding its entities.
pub(crate) fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    crate::encoding::decode_html_references(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(body: &str) -> Vec<(String, u32)> {
        let rewritten = as_markdown(body);
        rewritten
            .text
            .split('\n')
            .map(String::from)
            .zip(rewritten.origin)
            .collect()
    }

    fn line(text: &str, origin: u32) -> (String, u32) {
        (text.to_string(), origin)
    }

    fn non_blank_lines(body: &str) -> Vec<(String, u32)> {
        lines(body)
            .into_iter()
            .filter(|(text, _)| !text.is_empty())
            .collect()
    }

    #[test]
    fn plain_text_bullets_and_section_lines_become_markdown() {
        let body = "BACKEND DEVELOPER\n\nREQUIREMENTS\n• Go\n  ◦ gRPC\n**Nice to have:**\nRust\nWe are friendly:\n";
        assert_eq!(
            lines(body),
            vec![
                line("BACKEND DEVELOPER", 1),
                line("", 2),
                line("## REQUIREMENTS", 3),
                line("- Go", 4),
                line("  - gRPC", 5),
                line("", 6),
                line("## Nice to have", 6),
                line("Rust", 7),
                // Names no section: stays text.
                line("We are friendly:", 8),
                line("", 9),
            ]
        );
    }

    #[test]
    fn word_processor_bullets_are_list_items() {
        // Word's outline saved as text: `•`, then `o`, then `§`, tabs or
        // spaces after them, CRLF; and the Symbol font's private-use bullet.
        let body = "Requirements:\r\n\u{F0B7}\tPython\r\no Strong Ruby\r\no\tRails\r\n\
                    \u{A7} Redis and Sidekiq\r\n\u{A7}\tPostgreSQL\r\n";
        let items: Vec<String> = lines(body)
            .into_iter()
            .map(|(text, _)| text.trim_end().to_string())
            .filter(|text| text.starts_with("- "))
            .collect();
        assert_eq!(
            items,
            [
                "- Python",
                "- Strong Ruby",
                "- Rails",
                "- Redis and Sidekiq",
                "- PostgreSQL"
            ]
        );
        // The word "o" alone, a law's section and a lower-case word after
        // the letter are no items.
        let body =
            "Intro\no Senhor dos An\u{E9}is\n\nSee \u{A7} 22 AGG.\n\u{A7} 22 AGG applies.\n\n\
                    Skills:\no ring\no sole\n";
        assert!(lines(body).iter().all(|(text, _)| !text.starts_with("- ")));
    }

    #[test]
    fn a_bare_section_line_before_a_list_is_a_heading() {
        let headings = |body: &str| -> Vec<(String, u32)> {
            lines(body)
                .into_iter()
                .filter(|(text, _)| text.starts_with('#'))
                .collect()
        };
        let body = "Data Engineer\n\nRequirements\n• Python\n\nNice to have\n\n- dbt\n\n\
                    Skills matter here.\n\n1. Technical skills\n   * Go\n";
        // Not a sentence, not a list item, not a line without a list after.
        assert_eq!(
            headings(body),
            vec![line("## Requirements", 3), line("## Nice to have", 6)]
        );
        // LinkedIn's paste: a line of its own before a paragraph.
        let body = "Product Designer\n\nWho you are\n\nYou know Figma.\n\nBonus points\n\n\
                    You speak Dutch.\nRequirements\nof the role are below.\n";
        assert_eq!(
            headings(body),
            vec![line("## Who you are", 3), line("## Bonus points", 7)]
        );
        // Greenhouse's paste: the section's paragraph right under it.
        let body = "Frontend Engineer\n\nAbout Brightwave\nBrightwave is written in Java.\n\n\
                    What you'll do\n• Build UI in TypeScript\n";
        assert_eq!(
            headings(body),
            vec![line("## About Brightwave", 3), line("## What you'll do", 6)]
        );
    }

    /// Job-board pastes: an emoji that starts a block and names a section
    /// heads it; the emoji lines of a list (one emoji each, "✅ Solid
    /// experience with Node.js" naming a section word too) are its items.
    #[test]
    fn emoji_lines_are_headings_and_items_of_job_board_pastes() {
        let body =
            "Senior Full Stack Engineer\n\n🔎 What we're looking for\n✅ Strong TypeScript\n\
                    ✅ Solid experience with Node.js\n\n⭐️ Bonus points\n✅ GraphQL\n\n\
                    💰 Compensation & Benefits\n🐶 Dog-friendly office\n";
        assert_eq!(
            lines(body),
            vec![
                line("Senior Full Stack Engineer", 1),
                line("", 2),
                line("## What we're looking for", 3),
                line("- Strong TypeScript", 4),
                line("- Solid experience with Node.js", 5),
                line("", 6),
                line("## Bonus points", 7),
                line("- GraphQL", 8),
                line("", 9),
                line("## Compensation & Benefits", 10),
                line("- Dog-friendly office", 11),
                line("", 12),
            ]
        );
    }

    /// A pictograph of a term of the job ("📍 Remote") stays on its item,
    /// where the compiler knows it for a term and reads no ask in it.
    #[test]
    fn a_pictograph_of_a_term_stays_on_its_line() {
        let body = "Frontend Engineer\n\n📍 Remote\n✅ React\n";
        assert_eq!(lines(body)[2], line("- 📍 Remote", 3));
        assert_eq!(lines(body)[3], line("- React", 4));
    }

    /// Workday's unbulleted qualifications: a short line that opens as an
    /// ask ("Experience with Kubernetes and Helm") under a heading is its
    /// content, not a heading of its own (it took the preferred
    /// qualifications for requirements).
    #[test]
    fn a_short_line_opening_an_ask_is_no_heading() {
        let body = "SRE\n\nPreferred Qualifications\n\nExperience with Kubernetes and Helm\n\
                    Terraform or Pulumi\n\nExperience\n\nFive years.\n";
        let headings: Vec<(String, u32)> = lines(body)
            .into_iter()
            .filter(|(text, _)| text.starts_with('#'))
            .collect();
        assert_eq!(
            headings,
            vec![
                line("## Preferred Qualifications", 3),
                line("## Experience", 8)
            ]
        );
    }

    /// A Notion toggle (`<details><summary>Nice to have</summary>`) that
    /// names a section heads its contents: they were read as the
    /// requirements above it.
    #[test]
    fn a_toggle_naming_a_section_is_its_heading() {
        let body = "# Requirements\n\n- SQL\n\n<details>\n<summary>Nice to have</summary>\n\n\
                    - Looker\n\n</details>\n<details><summary>Click to open</summary></details>\n";
        let rewritten: Vec<String> = non_blank_lines(body).into_iter().map(|(t, _)| t).collect();
        assert!(
            rewritten.contains(&"## Nice to have".to_string()),
            "{rewritten:?}"
        );
        assert!(
            rewritten.contains(&"Click to open".to_string()),
            "{rewritten:?}"
        );
    }

    #[test]
    fn a_section_line_stays_inside_the_heading_above_it() {
        let body = "# Engineer\n## Senior\nRequirements:\n- Go";
        assert_eq!(lines(body)[3], line("### Requirements", 3));
    }

    #[test]
    fn html_blocks_become_lines_that_keep_their_source_line() {
        let body = "<h1>Data Analyst</h1>\n<p>We&#39;re data-driven &amp; kind.</p>\n<h2>Requirements</h2>\n<ul><li><strong>Expert</strong> SQL</li><li>Python</li></ul>\n";
        let rewritten = non_blank_lines(body);
        assert_eq!(
            rewritten,
            vec![
                line("# Data Analyst", 1),
                line("We're data-driven & kind.", 2),
                line("## Requirements", 3),
                line("- Expert SQL", 4),
                line("- Python", 4),
            ]
        );
    }

    /// ATS exports that write headings as bold paragraphs, and lists as
    /// bullets between `<br>`s.
    #[test]
    fn bold_html_paragraphs_naming_a_section_are_headings() {
        let body = "<h1>Android Engineer</h1>\n<p><strong>About Us</strong></p><p>Our backend is Java.</p>\n\
                    <p><strong>Qualifications</strong></p><ul><li>Kotlin</li></ul>\n\
                    <p><b>Benefits</b><br>• Free AWS courses<br>• Gym</p>\n\
                    <p><strong>Kotlin</strong> and <b>Compose</b> matter here.</p>\n";
        let rewritten = non_blank_lines(body);
        assert_eq!(
            rewritten,
            vec![
                line("# Android Engineer", 1),
                line("## About Us", 2),
                line("Our backend is Java.", 2),
                line("## Qualifications", 3),
                line("- Kotlin", 3),
                line("## Benefits", 4),
                line("- Free AWS courses", 4),
                line("- Gym", 4),
                // Partly bold: a sentence, not a heading.
                line("Kotlin and Compose matter here.", 5),
            ]
        );
    }

    /// An HTML export on one line (as ATS exports often are) is read block
    /// by block, as it would be with line breaks.
    #[test]
    fn a_one_line_html_document_is_read_block_by_block() {
        let one_line = "<!DOCTYPE html><html><body><h1>Data Analyst</h1><h2>Requirements</h2>\
                        <ul><li>SQL &amp; Excel</li><li>Tableau</li></ul></body></html>";
        let texts: Vec<String> = lines(one_line).into_iter().map(|(text, _)| text).collect();
        assert!(texts.contains(&"# Data Analyst".to_string()), "{texts:?}");
        assert!(texts.contains(&"## Requirements".to_string()), "{texts:?}");
        assert!(texts.contains(&"- SQL & Excel".to_string()), "{texts:?}");
        assert!(texts.contains(&"- Tableau".to_string()), "{texts:?}");
    }

    #[test]
    fn code_blocks_are_left_alone() {
        let body = "```\nREQUIREMENTS\n• x\n```";
        assert_eq!(as_markdown(body).text, body);
    }

    /// Scripts, styles and cookie banners of a saved page are not text;
    /// line breaks inside them stay, so line numbers do too; an element
    /// never closed (prose naming `<script>`) is kept.
    #[test]
    fn hidden_elements_and_cookie_banners_are_removed() {
        let page =
            "<head>\n<SCRIPT async src=x></SCRIPT>\n<script>\nvar s = [\"React\"];\n</script>\n\
                    <style>body { }</style><noscript>Enable JavaScript</noscript>\n\
                    <div id=\"cookie-banner\"><div>We use cookies. <a>Privacy</a></div></div>\
                    <div>Go</div>\n</head>\n<p>Use <script> tags</p>\n";
        let cleaned = without_hidden_html(page);
        assert_eq!(
            cleaned,
            "<head>\n\n\n\n\n\n<div>Go</div>\n</head>\n<p>Use <script> tags</p>\n"
        );
        assert!(matches!(
            without_hidden_html("- Ruby <b>and</b> Go\n"),
            Cow::Borrowed(_)
        ));
    }
}
