//! What a browser never shows of an HTML text: scripts, styles and the
//! like, and a site's cookie or consent banner. Job pages saved from a
//! browser and resumes pasted as HTML carry them; neither is read for
//! skills (the page reader removes them, the resume reader blanks them).

use std::ops::Range;

/// Elements whose content a browser never shows as text: a saved page's
/// analytics (`gtag('js', ...)`, `var stack = ["React", ...]`) and styles
/// are no part of the posting.
const HIDDEN_ELEMENTS: &[&str] = &["script", "style", "noscript", "template"];

/// Elements that hold a cookie or consent banner when their `id` or
/// `class` says so (`<div id="cookie-banner">`): the site's, not the job's.
const BANNER_ELEMENTS: &[&str] = &["div", "section", "aside", "dialog", "form", "p", "span"];

/// Words in an element's attributes that mark a cookie or consent banner.
const BANNER_MARKS: &[&str] = &["cookie", "consent", "gdpr"];

/// The byte ranges of `text` a browser never shows: each
/// [`HIDDEN_ELEMENTS`] element and cookie banner, tags included, in order.
/// An element without its closing tag is left as it is (prose may mention
/// `<script>`). One pass: each element is skipped past once, and a tag name
/// whose close is missing is not searched for again.
pub(crate) fn hidden_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    if memchr::memchr(b'<', text.as_bytes()).is_none() {
        return ranges;
    }
    // ASCII lowercasing keeps byte offsets: tags are found in `lower`, the
    // ranges hold for `text`.
    let lower = text.to_ascii_lowercase();
    let mut unclosed: Vec<&str> = Vec::new();
    let mut pos = 0;
    while let Some(found) = memchr::memchr(b'<', &lower.as_bytes()[pos..]) {
        let start = pos + found;
        pos = start + 1;
        let after = &lower[start + 1..];
        let name_len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let tag_end = after.find('>').map_or(after.len(), |end| end + 1);
        let hidden = HIDDEN_ELEMENTS.contains(&name);
        let banner = !hidden
            && BANNER_ELEMENTS.contains(&name)
            && BANNER_MARKS
                .iter()
                .any(|mark| after[..tag_end].contains(mark));
        if !(hidden || banner) || unclosed.contains(&name) {
            continue;
        }
        let Some(end) = element_end(&lower, start, name, hidden) else {
            unclosed.push(name);
            continue;
        };
        ranges.push(start..end);
        pos = end;
    }
    ranges
}

/// The byte offset just past the closing tag of the element `name` opened
/// at `start` in `lower`: its first `</name` for an element of raw text
/// (a script holds no elements), else the close that balances the same
/// name's opens.
fn element_end(lower: &str, start: usize, name: &str, raw_text: bool) -> Option<usize> {
    let close = format!("</{name}");
    let open = format!("<{name}");
    let ends_name = |at: usize| {
        lower[at..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
    };
    let mut depth = 0usize;
    let mut at = start;
    loop {
        let next = lower[at..].find('<')? + at;
        let rest = &lower[next..];
        if rest.starts_with(&close) && ends_name(next + close.len()) {
            depth = depth.saturating_sub(1);
            if depth == 0 || raw_text {
                return Some(next + rest.find('>').map_or(rest.len(), |end| end + 1));
            }
        } else if rest.starts_with(&open) && ends_name(next + open.len()) && !raw_text
            || next == start
        {
            depth += 1;
        }
        at = next + 1;
    }
}
