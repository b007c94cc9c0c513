//! Markdown to headings and text units that remember their source lines.
//!
//! pulldown-cmark's event stream is walked with explicit stacks (never
//! recursion), so deeply nested input costs memory linear in its size, and
//! list nesting beyond the configured depth is flattened, not followed.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::plaintext::{self, strip_tags};

/// One heading.
#[derive(Debug)]
pub(crate) struct Heading {
    /// 1-6.
    pub level: u8,
    /// Plain text.
    pub text: String,
    /// 1-based source line (kept for diagnostics).
    #[allow(dead_code)]
    pub line: u32,
    /// Nearest earlier heading of a smaller level.
    pub parent: Option<usize>,
}

/// What a unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnitKind {
    /// A list item (its own text, nested items are separate units).
    Item,
    /// One source line of a paragraph (or of an HTML block).
    Para,
}

/// The smallest piece of prose the compiler reads.
#[derive(Debug)]
pub(crate) struct Unit {
    /// Item or paragraph line.
    pub kind: UnitKind,
    /// Plain text: links reduced to their text, emphasis and code kept as text.
    pub text: String,
    /// 1-based source line where the unit starts.
    pub line: u32,
    /// Innermost heading above the unit.
    pub heading: Option<usize>,
    /// Enclosing list item, for nested bullets.
    pub parent: Option<usize>,
    /// Link destinations inside the unit (used to match `Levels` entries).
    pub links: Vec<String>,
    /// What to quote as the unit's source when `text` is not it (a table
    /// row, whose text is rewritten for reading).
    pub quote: Option<String>,
    /// A cell of a level table (see [`level_sections`]): what its level
    /// asks for, whatever its section's heading says.
    pub ladder_cell: bool,
}

/// A parsed page body.
#[derive(Debug, Default)]
pub(crate) struct Document {
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Units in order.
    pub units: Vec<Unit>,
    /// A level table with more level columns than the limit, the first
    /// one: (its header's source line, its columns after the first). Each
    /// cell of such a table would be an item of its own holding the row's
    /// competency, so it is read as an ordinary table and the page refused.
    pub level_table_too_wide: Option<(u32, usize)>,
}

impl Document {
    /// The heading chain of heading `h`, innermost first.
    pub fn chain(&self, h: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(h, move |&i| self.headings.get(i).and_then(|x| x.parent))
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Maps byte offsets of the rewritten text to 1-based source line numbers.
struct Lines {
    /// Where each line of the rewritten text starts.
    starts: Vec<usize>,
    /// By line of the rewritten text: its source line.
    origin: Vec<u32>,
}

impl Lines {
    fn new(text: &str, origin: Vec<u32>) -> Lines {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { starts, origin }
    }
    /// The index of the rewritten line holding `offset`.
    fn index(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
    /// The text of rewritten line `index`, without its newline.
    fn text<'t>(&self, text: &'t str, index: usize) -> &'t str {
        let start = self.starts.get(index).copied().unwrap_or(text.len());
        let end = self
            .starts
            .get(index + 1)
            .map_or(text.len(), |next| next - 1);
        text.get(start..end.max(start)).unwrap_or("")
    }
    /// The 1-based source line of `offset`.
    fn line(&self, offset: usize) -> u32 {
        self.source_line(self.index(offset))
    }
    /// The 1-based source line of rewritten line `index`.
    fn source_line(&self, index: usize) -> u32 {
        self.origin
            .get(index)
            .copied()
            .unwrap_or_else(|| u32::try_from(index + 1).unwrap_or(u32::MAX))
    }
}

/// A markdown table being read: each body row becomes one item, its
/// priority cell (a "Required?" or "Priority" column) read as the item's
/// leading label, so the row asks for its skills the way the cell says.
#[derive(Default)]
struct Table {
    header: Vec<String>,
    row: Vec<String>,
    /// The row's line in the rewritten text.
    row_index: usize,
    /// A competency table with a column per level ("| Competency | Junior |
    /// Senior |"): its rows, kept until the table ends, when each level's
    /// column is read as a section of that level (see [`level_sections`]).
    by_level: Option<Vec<(Vec<String>, usize)>>,
}

/// Whether a header has columns named by levels ("Senior") or by grade
/// codes ("L5", whose level its years row tells): two at least, after the
/// first (the competency's name).
fn is_level_header(header: &[String]) -> bool {
    header
        .iter()
        .skip(1)
        .filter(|cell| {
            super::family::is_level_heading(cell, "").is_some()
                || super::family::is_bare_grade_code(cell)
        })
        .count()
        >= 2
}

/// What a level table's cell says: nothing (blank, a dash), a tick, or
/// words of its own.
#[derive(PartialEq)]
enum LadderCell {
    Blank,
    Tick,
    Words,
}

fn ladder_cell(cell: &str) -> LadderCell {
    let lower = cell.trim().to_lowercase();
    if matches!(
        lower.as_str(),
        "" | "-" | "–" | "—" | "n/a" | "no" | "✗" | "✘"
    ) {
        LadderCell::Blank
    } else if matches!(lower.as_str(), "yes" | "x" | "✓" | "✔" | "•" | "●")
        || !lower.chars().any(char::is_alphanumeric)
    {
        LadderCell::Tick
    } else {
        LadderCell::Words
    }
}

/// What a level table's cell asks at its level: the competency with the
/// cell's words ("Kubernetes: Designs cluster topology"), nothing for a
/// blank or a dash. A tick asks what the nearest cell with words before it
/// in the row asks ("Expert Go" at Senior, then a tick at Staff: still
/// expert), else the competency alone. Years read as years ("5-8 years of
/// experience").
fn level_cell_text(row: &[String], column: usize) -> Option<String> {
    let competency = row.first().map_or("", |c| c.trim());
    let mut cell = row.get(column).map_or("", |c| c.trim());
    match ladder_cell(cell) {
        LadderCell::Blank => return None,
        LadderCell::Tick => {
            let earlier = row
                .get(1..column)
                .unwrap_or_default()
                .iter()
                .rev()
                .find(|c| ladder_cell(c) == LadderCell::Words);
            match earlier {
                Some(words) => cell = words.trim(),
                None => return Some(competency.to_string()),
            }
        }
        LadderCell::Words => {}
    }
    Some(if competency.to_lowercase().contains("year") {
        format!("{cell} {competency}")
    } else {
        format!("{competency}: {cell}")
    })
}

impl Table {
    /// The row as items: one, or one per cell in a table whose columns
    /// each name a tier ([`Table::tier_columns`]).
    fn row_items(&self) -> Vec<String> {
        match self.tier_columns() {
            Some(labels) => self
                .row
                .iter()
                .zip(labels)
                .filter(|(cell, _)| cell.chars().any(char::is_alphanumeric))
                .map(|(cell, label)| format!("{label}: {}", cell.trim()))
                .collect(),
            None => vec![self.row_text()],
        }
    }

    /// The tier each column names, when every column names one ("| Must
    /// have | Nice to have |"): each cell is then an ask of its own.
    fn tier_columns(&self) -> Option<Vec<&'static str>> {
        if self.header.len() < 2 {
            return None;
        }
        self.header
            .iter()
            .map(|header| super::wording::priority_label("", header))
            .collect()
    }

    /// The row as item text: `Required: Python Expert`.
    fn row_text(&self) -> String {
        let mut label = None;
        let mut rest = Vec::with_capacity(self.row.len());
        for (i, cell) in self.row.iter().enumerate() {
            let header = self.header.get(i).map_or("", String::as_str);
            match super::wording::priority_label(header, cell) {
                Some(l) if label.is_none() => label = Some(l),
                // ("-" for "no level given")
                _ if cell.chars().any(char::is_alphanumeric) => rest.push(cell.trim()),
                _ => {}
            }
        }
        let rest = rest.join(" ");
        match label {
            Some(label) => format!("{label}: {rest}"),
            None => rest,
        }
    }
}

/// A level table's columns as sections of their levels: a heading per
/// level column under the table's section ("### Senior"), holding an item
/// per competency, so each level becomes a role as a page's `### Senior`
/// section does. After them the table's own section resumes (its heading
/// again), so that what follows the table stays in it.
fn level_sections(
    doc: &mut Document,
    heading_stack: &mut [usize],
    lines: &Lines,
    table: Table,
    kept: &[usize],
) {
    let Some(rows) = table.by_level else {
        return;
    };
    let section = doc.headings.len().checked_sub(1);
    let level = section.map_or(1, |h| doc.headings[h].level);
    let header_line = rows.first().map_or(0, |(_, at)| lines.source_line(*at));
    for (column, name) in table.header.iter().enumerate().skip(1) {
        doc.headings.push(Heading {
            level: (level + 1).min(6),
            text: collapse(name),
            line: header_line,
            parent: section,
        });
        let heading = doc.headings.len() - 1;
        for (row, at) in &rows {
            let competency = row.first().map_or("", String::as_str);
            let Some(text) = level_cell_text(row, column) else {
                continue;
            };
            doc.units.push(Unit {
                kind: UnitKind::Item,
                quote: Some(format!(
                    "{} ({}): {}",
                    collapse(competency),
                    collapse(name),
                    collapse(row.get(column).map_or("", String::as_str))
                )),
                text,
                line: lines.source_line(*at),
                heading: Some(heading),
                parent: kept.last().copied(),
                links: Vec::new(),
                ladder_cell: true,
            });
        }
    }
    if let Some(h) = section {
        let again = Heading {
            text: doc.headings[h].text.clone(),
            ..doc.headings[h]
        };
        doc.headings.push(again);
        if let Some(top) = heading_stack.last_mut().filter(|top| **top == h) {
            *top = doc.headings.len() - 1;
        }
    }
}

/// Where text currently goes.
enum Target {
    Heading,
    Unit(usize),
    Nowhere,
}

fn push_text(buf: &mut String, text: &str) {
    buf.push_str(text);
}

/// Parses `body` (front matter already blanked). Items nested deeper than
/// `max_depth` are folded into their deepest kept ancestor.
pub(crate) fn parse(body: &str, max_depth: usize, max_level_columns: usize) -> Document {
    let rewritten = plaintext::as_markdown(body);
    let body = rewritten.text.as_str();
    let lines = Lines::new(body, rewritten.origin);
    let mut doc = Document::default();
    let mut heading_buf: Option<(u8, String, u32)> = None;
    // Open list items: Some(unit) when kept, None when folded (too deep).
    let mut items: Vec<Option<usize>> = Vec::new();
    // The kept ones only, so finding the innermost is O(1) however deep.
    let mut kept: Vec<usize> = Vec::new();
    // The paragraph line being built outside any item.
    let mut para: Option<usize> = None;
    let mut in_para = false;
    let mut code_block = 0usize;
    let mut skip_link = 0usize;
    let mut heading_stack: Vec<usize> = Vec::new();

    let mut table: Option<Table> = None;

    let current_heading = |doc: &Document| doc.headings.len().checked_sub(1);

    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        let line = lines.line(range.start);
        if let Some(t) = table.as_mut() {
            match event {
                Event::Start(Tag::TableHead | Tag::TableRow) => {
                    t.row.clear();
                    t.row_index = lines.index(range.start);
                }
                Event::Start(Tag::TableCell) => t.row.push(String::new()),
                Event::Text(text) | Event::Code(text) => {
                    if let Some(cell) = t.row.last_mut() {
                        cell.push_str(&text);
                    }
                }
                Event::SoftBreak | Event::HardBreak | Event::Html(_) | Event::InlineHtml(_) => {
                    if let Some(cell) = t.row.last_mut() {
                        cell.push(' ');
                    }
                }
                Event::End(TagEnd::TableHead) => {
                    t.header = std::mem::take(&mut t.row);
                    if is_level_header(&t.header) {
                        let columns = t.header.len().saturating_sub(1);
                        if columns > max_level_columns {
                            doc.level_table_too_wide
                                .get_or_insert((lines.source_line(t.row_index), columns));
                        } else {
                            t.by_level = Some(Vec::new());
                        }
                    }
                }
                Event::End(TagEnd::TableRow) => {
                    if let Some(rows) = t.by_level.as_mut() {
                        rows.push((std::mem::take(&mut t.row), t.row_index));
                        continue;
                    }
                    for text in t.row_items() {
                        doc.units.push(Unit {
                            kind: UnitKind::Item,
                            text,
                            line: lines.source_line(t.row_index),
                            heading: current_heading(&doc),
                            parent: kept.last().copied(),
                            links: Vec::new(),
                            quote: Some(collapse(lines.text(body, t.row_index))),
                            ladder_cell: false,
                        });
                    }
                }
                Event::End(TagEnd::Table) => {
                    if let Some(t) = table.take() {
                        level_sections(&mut doc, &mut heading_stack, &lines, t, &kept);
                    }
                }
                _ => {}
            }
            continue;
        }
        let target = if heading_buf.is_some() {
            Target::Heading
        } else if let Some(&u) = kept.last() {
            Target::Unit(u)
        } else if let Some(p) = para {
            Target::Unit(p)
        } else {
            Target::Nowhere
        };
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading_buf = Some((heading_level(level), String::new(), line));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, line)) = heading_buf.take() {
                    while heading_stack
                        .last()
                        .is_some_and(|&h| doc.headings[h].level >= level)
                    {
                        heading_stack.pop();
                    }
                    let parent = heading_stack.last().copied();
                    doc.headings.push(Heading {
                        level,
                        text: collapse(&text),
                        line,
                        parent,
                    });
                    heading_stack.push(doc.headings.len() - 1);
                }
            }
            Event::Start(Tag::Item) => {
                let parent = kept.last().copied();
                if items.len() < max_depth {
                    doc.units.push(Unit {
                        kind: UnitKind::Item,
                        text: String::new(),
                        line,
                        heading: current_heading(&doc),
                        parent,
                        links: Vec::new(),
                        quote: None,
                        ladder_cell: false,
                    });
                    items.push(Some(doc.units.len() - 1));
                    kept.push(doc.units.len() - 1);
                } else {
                    if let Some(p) = parent {
                        doc.units[p].text.push(' ');
                    }
                    items.push(None);
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some(Some(_)) = items.pop() {
                    kept.pop();
                }
            }
            Event::Start(Tag::Paragraph) => {
                in_para = true;
                para = None;
            }
            Event::End(TagEnd::Paragraph) => {
                in_para = false;
                para = None;
                if let Target::Unit(u) = target {
                    doc.units[u].text.push(' ');
                }
            }
            Event::Start(Tag::Table(_)) => table = Some(Table::default()),
            Event::Start(Tag::CodeBlock(_)) => code_block += 1,
            Event::End(TagEnd::CodeBlock) => code_block = code_block.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    skip_link += 1;
                } else if let Target::Unit(u) = target {
                    doc.units[u].links.push(dest_url.to_string());
                }
            }
            Event::End(TagEnd::Link) => skip_link = skip_link.saturating_sub(1),
            Event::SoftBreak | Event::HardBreak => match target {
                Target::Heading => {
                    if let Some((_, t, _)) = heading_buf.as_mut() {
                        t.push(' ');
                    }
                }
                Target::Unit(u) => {
                    doc.units[u].text.push(' ');
                    // A paragraph outside lists yields one unit per line.
                    if para == Some(u) {
                        para = None;
                    }
                }
                Target::Nowhere => {}
            },
            Event::Text(t) | Event::Code(t) => {
                if code_block > 0 || skip_link > 0 {
                    continue;
                }
                match target {
                    Target::Heading => {
                        if let Some((_, buf, _)) = heading_buf.as_mut() {
                            push_text(buf, &t);
                        }
                    }
                    Target::Unit(u) => push_text(&mut doc.units[u].text, &t),
                    Target::Nowhere => {
                        if in_para || items.is_empty() {
                            doc.units.push(Unit {
                                kind: UnitKind::Para,
                                text: t.to_string(),
                                line,
                                heading: current_heading(&doc),
                                parent: None,
                                links: Vec::new(),
                                quote: None,
                                ladder_cell: false,
                            });
                            para = Some(doc.units.len() - 1);
                        }
                    }
                }
            }
            Event::Html(t) => {
                // HTML blocks carry prose on some pages: keep their text,
                // one unit per line, outside lists.
                let text = strip_tags(&t);
                if !text.trim().is_empty() && items.is_empty() {
                    doc.units.push(Unit {
                        kind: UnitKind::Para,
                        text,
                        line,
                        heading: current_heading(&doc),
                        parent: None,
                        links: Vec::new(),
                        quote: None,
                        ladder_cell: false,
                    });
                }
            }
            _ => {}
        }
    }
    for unit in &mut doc.units {
        unit.text = collapse(&unit.text);
    }
    // Empty units (an item holding only a nested list) are kept so parent
    // indices stay valid; readers skip them.
    doc
}

/// Collapses whitespace runs to one space and trims.
pub(super) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_and_paragraph_lines_keep_source_lines() {
        let body = "\n# Title\n\nIntro line one\nline two [link](http://x.y/z) `code`\n\n## Req\n\n- **Strong** Ruby\n  - nested Go\n- second\n";
        let doc = parse(body, 16, 20);
        assert_eq!(doc.headings.len(), 2);
        assert_eq!(doc.headings[1].parent, Some(0));
        let texts: Vec<(&str, u32)> = doc
            .units
            .iter()
            .map(|u| (u.text.as_str(), u.line))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("Intro line one", 4),
                ("line two link code", 5),
                ("Strong Ruby", 9),
                ("nested Go", 10),
                ("second", 11)
            ]
        );
        assert_eq!(doc.units[3].parent, Some(2));
        assert_eq!(doc.units[1].links, vec!["http://x.y/z".to_string()]);
    }

    #[test]
    fn deep_nesting_is_folded() {
        let mut body = String::new();
        for i in 0..200 {
            body.push_str(&"  ".repeat(i));
            body.push_str("- x\n");
        }
        let doc = parse(&body, 8, 20);
        assert!(doc.units.len() <= 8);
    }
}
