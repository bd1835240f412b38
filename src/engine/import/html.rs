//! HTML question text (Moodle's editors write it, GIFT's `[html]` marks it) as the plain
//! text a bank holds. The rendering is html2text's: entities decoded, paragraphs and line
//! breaks kept, lists as `* item`, tables laid out, scripts and styles dropped. On top of it:
//! lines that are all preformatted (`<pre>`) or code (`<code>` on a line of its own)
//! become the question's exhibit, with their indentation; inline code keeps backticks; a
//! link keeps its address in brackets; images (shown as `[image: alt text]`) and links to
//! files embedded in the export are left out, each named so the caller can say so.

use html2text::config::ImageRenderMode;
use html2text::render::RichAnnotation;

/// HTML rendered: the running text, the literal blocks, and what was left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// Plain text, cleaned as `clean_text` does.
    pub text: String,
    /// The preformatted and code blocks, in order, a blank line between two blocks.
    pub exhibit: Option<String>,
    /// What was left out: "image `diagram.png`", "embedded file `notes.pdf`".
    pub dropped: Vec<String>,
}

impl Rendered {
    /// Text and exhibit as one text (for answers and feedback, which have no exhibit).
    pub fn joined(&self) -> String {
        match &self.exhibit {
            None => self.text.clone(),
            Some(e) if self.text.is_empty() => e.trim_end().to_owned(),
            Some(e) => format!("{}\n{}", self.text, e.trim_end()),
        }
    }
}

/// Wide enough that no paragraph is ever wrapped: the bank keeps lines as the author
/// wrote them and the screen wraps them.
const WIDTH: usize = 1_000_000;

/// Renders an HTML fragment.
pub fn render(html: &str) -> Rendered {
    let html = html.trim_end();
    if !html.contains(['<', '&']) {
        // Nothing to interpret: only HTML's collapsing of white space applies.
        return Rendered { text: html.split_whitespace().collect::<Vec<_>>().join(" "), ..Rendered::default() };
    }
    let lines = match html2text::config::rich()
        .empty_img_mode(ImageRenderMode::Filename)
        .allow_width_overflow()
        .lines_from_read(html.as_bytes(), WIDTH)
    {
        Ok(lines) => lines,
        // html5ever accepts any input; should rendering fail all the same, the text as
        // written is better than nothing.
        Err(_) => return Rendered { text: super::clean_text(html), ..Rendered::default() },
    };
    let mut dropped = Vec::new();
    // (text, literal): a literal line is all preformatted or code.
    let mut out: Vec<(String, bool)> = Vec::with_capacity(lines.len());
    for line in &lines {
        let mut text = String::new();
        let mut literal = true;
        let mut any = false;
        for piece in line.tagged_strings() {
            let image = piece.tag.iter().find_map(|a| match a {
                RichAnnotation::Image(src) => Some(src.clone()),
                _ => None,
            });
            if let Some(src) = image {
                let what = format!("image {}", file_name(&src));
                if !dropped.contains(&what) {
                    dropped.push(what);
                }
                // Without an alt text html2text gives the file's name; a `data:` URI has none.
                let raw_name = src.split(['?', '#']).next().unwrap_or(&src).rsplit('/').next().unwrap_or("");
                let label = if piece.s.trim().is_empty() || piece.s == raw_name {
                    (!src.starts_with("data:")).then(|| percent_decode(raw_name))
                } else {
                    Some(piece.s.trim().to_owned())
                };
                match label {
                    Some(l) => text.push_str(&format!("[image: {l}]")),
                    None => text.push_str("[image]"),
                }
                literal = false;
                any = true;
                continue;
            }
            if piece.s.is_empty() {
                continue;
            }
            any = true;
            let pre = piece.tag.iter().any(|a| matches!(a, RichAnnotation::Preformat(_)));
            let code = piece.tag.iter().any(|a| matches!(a, RichAnnotation::Code));
            let link = piece.tag.iter().find_map(|a| match a {
                RichAnnotation::Link(url) => Some(url.clone()),
                _ => None,
            });
            if !(pre || code || piece.s.trim().is_empty()) {
                literal = false;
            }
            match link {
                Some(url) if url.contains("@@PLUGINFILE@@") => {
                    text.push_str(&piece.s);
                    let what = format!("embedded file {}", file_name(&url));
                    if !dropped.contains(&what) {
                        dropped.push(what);
                    }
                }
                Some(url) if !url.is_empty() && !url.starts_with('#') && url != piece.s.trim() => {
                    text.push_str(&piece.s);
                    text.push_str(&format!(" ({url})"));
                }
                _ if code && !pre => {
                    text.push('`');
                    text.push_str(&piece.s);
                    text.push('`');
                }
                _ => text.push_str(&piece.s),
            }
        }
        if !any {
            out.push((String::new(), false));
            continue;
        }
        if literal {
            // A code line of its own is shown as written, without the backticks.
            text = line
                .tagged_strings()
                .filter(|p| !p.tag.iter().any(|a| matches!(a, RichAnnotation::Image(_))))
                .map(|p| p.s.as_str())
                .collect();
        } else {
            text = collapse_inner_spaces(&text);
        }
        out.push((text, literal));
    }
    split(out, dropped)
}

/// Sorts the rendered lines into text and exhibit; a blank line between two literal
/// lines belongs to the exhibit.
fn split(lines: Vec<(String, bool)>, dropped: Vec<String>) -> Rendered {
    let literal_at = |i: usize| lines.get(i).is_some_and(|(t, l)| *l && !t.is_empty());
    let mut text = String::new();
    let mut blocks: Vec<String> = Vec::new();
    let mut in_block = false;
    for (i, (line, literal)) in lines.iter().enumerate() {
        let blank = line.is_empty();
        let inside =
            blank && in_block && (i + 1..lines.len()).find(|&j| !lines[j].0.is_empty()).is_some_and(literal_at);
        if *literal && !blank || inside {
            if !in_block {
                blocks.push(String::new());
                in_block = true;
            }
            let b = blocks.last_mut().expect("a block was just pushed");
            b.push_str(line);
            b.push('\n');
        } else {
            in_block = false;
            text.push_str(line);
            text.push('\n');
        }
    }
    let exhibit = if blocks.is_empty() {
        None
    } else {
        let joined: Vec<String> = blocks.iter().filter_map(|b| super::clean_exhibit(b)).collect();
        super::clean_exhibit(&joined.join("\n"))
    };
    Rendered { text: super::clean_text(&text), exhibit, dropped }
}

/// Runs of spaces inside a line as one (a dropped image leaves two), the indentation kept.
fn collapse_inner_spaces(line: &str) -> String {
    let body = line.trim_start_matches(' ');
    let mut out = String::with_capacity(line.len());
    out.push_str(&line[..line.len() - body.len()]);
    let mut space = false;
    for c in body.chars() {
        if c == ' ' {
            if !space {
                out.push(c);
            }
            space = true;
        } else {
            space = false;
            out.push(c);
        }
    }
    out
}

/// The last part of a path or URL, or what kind of data a `data:` URI holds.
fn file_name(src: &str) -> String {
    if let Some(rest) = src.strip_prefix("data:") {
        let kind = rest.split([';', ',']).next().unwrap_or("");
        return format!("embedded as data ({kind})");
    }
    let path = src.split(['?', '#']).next().unwrap_or(src);
    let name = path.rsplit('/').find(|s| !s.is_empty()).unwrap_or(path);
    format!("`{}`", percent_decode(name))
}

/// `%20` and the like in a file name, decoded when they form UTF-8.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

/// Text as HTML: `&`, `<`, `>` and `"` escaped, line breaks as `<br>`.
pub fn escape(s: &str) -> String {
    escape_pre(s).replace('\n', "<br>\n")
}

/// Text for inside `<pre>`: `&`, `<`, `>` and `"` escaped, line breaks kept.
pub fn escape_pre(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// A stem and its exhibit as one HTML question text, the exhibit preformatted.
pub fn stem_with_exhibit(stem: &str, exhibit: &str) -> String {
    // A newline straight after `<pre>` is dropped by HTML: one is added so that one the
    // exhibit starts with survives.
    format!("<p>{}</p>\n<pre>\n{}</pre>", escape(stem.trim_end()), escape_pre(exhibit.trim_end_matches('\n')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_breaks_and_entities_become_text() {
        let r = render("<p>Which <b>port</b> does SSH use?</p><p>Pick one &amp; only one.<br>Really.</p>");
        assert_eq!(r.text, "Which port does SSH use?\n\nPick one & only one.\nReally.");
        assert_eq!(r.exhibit, None);
    }

    #[test]
    fn preformatted_blocks_become_the_exhibit_with_their_indentation() {
        let r = render(
            "<p>Refer to the output.</p><pre>R1# show ip int brief\n  Gi0/0  up\n\n  Gi0/1  down</pre><p>Which is down?</p>",
        );
        assert_eq!(r.text, "Refer to the output.\n\nWhich is down?");
        assert_eq!(r.exhibit.as_deref(), Some("R1# show ip int brief\n  Gi0/0  up\n\n  Gi0/1  down\n"));
    }

    #[test]
    fn inline_code_keeps_backticks_and_a_code_line_is_an_exhibit() {
        let r = render("<p>What does <code>ls -l</code> list?</p>");
        assert_eq!(r.text, "What does `ls -l` list?");
        let r = render("<p>Read this:</p><p><code>permit tcp any any eq 22</code></p>");
        assert_eq!(r.text, "Read this:");
        assert_eq!(r.exhibit.as_deref(), Some("permit tcp any any eq 22\n"));
    }

    #[test]
    fn images_are_left_out_and_named() {
        let r = render(
            r#"<p>See <img src="@@PLUGINFILE@@/net%20map.png" alt="map"> and <img src="data:image/png;base64,AA"></p>"#,
        );
        assert_eq!(r.text, "See [image: map] and [image]");
        assert_eq!(r.dropped, vec!["image `net map.png`".to_owned(), "image embedded as data (image/png)".to_owned()]);
    }

    #[test]
    fn links_keep_their_address() {
        let r = render(r#"<p>Read <a href="https://www.rfc-editor.org/rfc/rfc4303">RFC 4303</a>.</p>"#);
        assert_eq!(r.text, "Read RFC 4303 (https://www.rfc-editor.org/rfc/rfc4303).");
    }

    #[test]
    fn a_stem_and_exhibit_survive_the_way_out_and_back() {
        let stem = "Which line is wrong?\nA < B & \"C\"";
        let exhibit = "\n  interface Gi0/1\n   ip address 10.0.0.1 255.255.255.0 <x>\n";
        let r = render(&stem_with_exhibit(stem, exhibit));
        assert_eq!(r.text, stem);
        assert_eq!(r.exhibit.as_deref(), Some("  interface Gi0/1\n   ip address 10.0.0.1 255.255.255.0 <x>\n"));
    }
}
