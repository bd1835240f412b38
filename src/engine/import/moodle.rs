//! Moodle XML (a question bank's `<quiz>` export), read with a real XML parser and written.
//!
//! Read: `multichoice` (single and multiple answer), `truefalse`, `shortanswer`,
//! `matching`, `ordering` (the ordering question type's format: answers in order of their
//! `fraction`, `gradingtype` saying whether positions earn credit one by one); a
//! `category` question files the questions after it; `generalfeedback` is the
//! explanation, an answer's `feedback` its why. HTML text becomes plain text (`<pre>` and
//! code lines the exhibit), images are left out with a note. Other types (essay,
//! numerical, cloze, drag and drop…) are reported with the reason they cannot be imported.

use roxmltree::{Document, Node};

use super::export::Exported;
use super::html::{self, Rendered};
use super::{Body, Category, Item, ItemOption, Parsed, Pos, SyntaxError, category_from_path, clean_text, pos_at};
use crate::engine::bank::{Bank, Kind};

/// Reads a Moodle XML file.
pub fn parse(text: &str) -> Result<Parsed, Vec<SyntaxError>> {
    let doc = Document::parse(text).map_err(|e| vec![xml_error(text, &e)])?;
    let root = doc.root_element();
    if root.tag_name().name() != "quiz" {
        return Err(vec![SyntaxError::new(
            pos_of(&doc, root),
            format!("the root element is <{}>; a Moodle XML export is a <quiz> of <question>s", root.tag_name().name()),
        )]);
    }
    let mut parsed = Parsed::default();
    let mut category: Option<Category> = None;
    for q in root.children().filter(Node::is_element) {
        let pos = pos_of(&doc, q);
        if q.tag_name().name() != "question" {
            parsed.note(pos, format!("<{}> is not a question; ignored", q.tag_name().name()));
            continue;
        }
        let kind = q.attribute("type").unwrap_or("");
        if kind == "category" {
            let path = child(q, "category").map(|c| text_of(c).0).unwrap_or_default();
            let id = child(q, "idnumber").map(|n| collect_text(n));
            category = category_from_path(&path, id.as_deref());
            continue;
        }
        if let Some(reason) = unsupported(kind) {
            let name = child(q, "name").map(|n| clean_text(&text_of(n).0)).filter(|n| !n.is_empty());
            let what = match name {
                Some(n) => format!("`{n}`: "),
                None => String::new(),
            };
            parsed.skip(pos, format!("{what}{reason}"));
            continue;
        }
        question(q, kind, pos, &category, &mut parsed);
    }
    Ok(parsed)
}

/// Why a question type cannot be imported; `None` for the types that can.
fn unsupported(kind: &str) -> Option<String> {
    Some(match kind {
        "multichoice" | "truefalse" | "shortanswer" | "matching" | "ordering" => return None,
        "essay" => "an essay question is marked by a person; Proctor scores only answers it can check".into(),
        "description" => "a description holds no question to answer".into(),
        "numerical" => {
            "a numerical question accepts a range of numbers; Proctor has no such item type (a text question can hold an exact answer)".into()
        }
        "calculated" | "calculatedsimple" | "calculatedmulti" => {
            format!("a {kind} question draws random values for each attempt; Proctor's questions are fixed")
        }
        "multianswer" => "an embedded-answers (Cloze) question holds several answers inside its text; Proctor has no such item type".into(),
        "random" | "randomsamatch" => format!("a {kind} question is drawn from a category when a quiz starts; import the questions themselves"),
        "ddwtos" | "gapselect" | "ddimageortext" | "ddmarker" => {
            format!("a {kind} (drag and drop or gap select) question has no Proctor item type")
        }
        "" => "a <question> without a `type`".into(),
        other => format!("questions of type `{other}` have no Proctor item type"),
    })
}

fn question(q: Node, kind: &str, pos: Pos, category: &Option<Category>, parsed: &mut Parsed) {
    let name = child(q, "name").map(|n| clean_text(&text_of(n).0)).filter(|n| !n.is_empty());
    let stem = child(q, "questiontext").map(rendered).unwrap_or_default();
    for d in &stem.dropped {
        parsed.note(pos, format!("{d} in the question text is left out (Proctor shows text only)"));
    }
    let explanation = child(q, "generalfeedback").map(|n| rendered(n).joined()).filter(|e| !e.is_empty());
    let id = child(q, "idnumber").map(collect_text).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let answers: Vec<Node> = q.children().filter(|n| n.has_tag_name("answer")).collect();
    let fraction = |a: &Node| a.attribute("fraction").and_then(|f| f.trim().parse::<f64>().ok()).unwrap_or(0.0);
    let answer_text = |a: &Node| rendered(*a).joined();
    let feedback = |a: &Node| child(*a, "feedback").map(|f| rendered(f).joined()).filter(|f| !f.is_empty());
    let body = match kind {
        "multichoice" | "truefalse" => {
            let single = child(q, "single").is_none_or(|s| matches!(collect_text(s).trim(), "true" | "1"));
            let mut options = Vec::new();
            for a in &answers {
                let mut text = answer_text(a);
                if kind == "truefalse" {
                    text = match text.to_ascii_lowercase().as_str() {
                        "true" => "True".into(),
                        "false" => "False".into(),
                        _ => text,
                    };
                }
                let f = fraction(a);
                if single && f > 0.0 && f < 100.0 {
                    parsed.note(
                        pos,
                        format!("answer `{text}` gives partial credit ({f}%); Proctor marks it correct, so the question asks for each answer that gives credit"),
                    );
                }
                options.push(ItemOption::new(text, f > 0.0, feedback(a)));
            }
            if child(q, "shuffleanswers").is_some_and(|s| matches!(collect_text(s).trim(), "false" | "0")) {
                // The author kept the options in order: pinned, Proctor keeps them so.
                for o in &mut options {
                    o.pin = true;
                }
            }
            Body::Choice(options)
        }
        "shortanswer" => {
            let mut accepted = Vec::new();
            for a in &answers {
                let (text, f) = (answer_text(a), fraction(a));
                if f <= 0.0 {
                    parsed.note(pos, format!("answer `{text}` gives no credit ({f}%) and is left out"));
                    continue;
                }
                if f < 100.0 {
                    parsed.note(pos, format!("answer `{text}` gives partial credit ({f}%) and is accepted as right"));
                }
                if text.contains('*') {
                    parsed.note(
                        pos,
                        format!("answer `{text}`: Moodle reads `*` as any text; Proctor compares it as written"),
                    );
                }
                accepted.push(text);
            }
            Body::Text(accepted)
        }
        "matching" => {
            let mut pairs = Vec::new();
            let mut extra = Vec::new();
            for s in q.children().filter(|n| n.has_tag_name("subquestion")) {
                let left = rendered(s).joined();
                let right = child(s, "answer").map(|a| clean_text(&text_of(a).0)).unwrap_or_default();
                if left.is_empty() {
                    extra.push(right);
                } else {
                    pairs.push((left, right));
                }
            }
            // Moodle gives credit for each subquestion matched.
            Body::Match { pairs, extra, partial: true }
        }
        _ => {
            let mut items: Vec<(f64, String)> = answers.iter().map(|a| (fraction(a), answer_text(a))).collect();
            let mut positions: Vec<f64> = items.iter().map(|(f, _)| *f).collect();
            positions.sort_by(f64::total_cmp);
            positions.dedup();
            // Older exports number the answers in `fraction`; newer ones write them in order.
            if positions.len() == items.len() && positions.first().is_some_and(|f| *f > 0.0) {
                items.sort_by(|a, b| a.0.total_cmp(&b.0));
            }
            let grading = child(q, "gradingtype").map(collect_text).unwrap_or_default();
            let grading = grading.trim();
            let partial = !matches!(grading, "ALL_OR_NOTHING" | "-1");
            if partial && !matches!(grading, "ABSOLUTE_POSITION" | "0") {
                let shown = if grading.is_empty() { "the default" } else { grading };
                parsed.note(pos, format!("ordering graded by {shown} becomes credit for each item in its right place"));
            }
            let select = child(q, "selecttype").map(collect_text).unwrap_or_default();
            let count = child(q, "selectcount").and_then(|c| collect_text(c).trim().parse::<usize>().ok()).unwrap_or(0);
            if !matches!(select.trim(), "" | "ALL" | "0") && count > 0 && count < items.len() {
                parsed.note(
                    pos,
                    format!("Moodle showed {count} of the {} items; Proctor asks for all of them", items.len()),
                );
            }
            Body::Order { items: items.into_iter().map(|(_, t)| t).collect(), partial }
        }
    };
    parsed.items.push(Item {
        pos,
        category: category.clone(),
        name,
        id,
        stem: stem.text,
        exhibit: stem.exhibit,
        body,
        explanation,
    });
}

/// The first child element named `name`.
fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name(name))
}

/// All the text inside `node` (text and CDATA alike).
fn collect_text(node: Node) -> String {
    node.descendants().filter(Node::is_text).filter_map(|n| n.text()).collect()
}

/// The `<text>` of an element with a `format` attribute, and that format.
fn text_of<'a>(node: Node<'a, '_>) -> (String, &'a str) {
    let format = node.attribute("format").unwrap_or("html");
    (child(node, "text").map(collect_text).unwrap_or_default(), format)
}

/// An element's `<text>` as plain text, by its format.
fn rendered(node: Node) -> Rendered {
    let (text, format) = text_of(node);
    match format {
        "plain_text" | "markdown" => Rendered { text: clean_text(&text), ..Rendered::default() },
        "moodle_auto_format" => html::render(&text.replace('\n', "<br>\n")),
        _ => html::render(&text),
    }
}

fn pos_of(doc: &Document, node: Node) -> Pos {
    let p = doc.text_pos_at(node.range().start);
    Pos::new(p.row as usize, p.col as usize)
}

/// The parser's error, located, without the position it repeats in its message.
fn xml_error(text: &str, e: &roxmltree::Error) -> SyntaxError {
    let p = e.pos();
    let mut message = e.to_string().replace(&format!(" at {}:{}", p.row, p.col), "");
    let pos = match e {
        roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode => {
            message = "the file ends before its XML elements are closed (down to `</quiz>`); is it cut short?".into();
            pos_at(text, text.trim_end().len())
        }
        roxmltree::Error::NoRootNode => {
            message = "no XML element in the file; a Moodle XML export is a <quiz> of <question>s".into();
            Pos::new(1, 1)
        }
        _ => Pos::new(p.row as usize, p.col as usize),
    };
    if !message.ends_with(['?', '.']) && !matches!(e, roxmltree::Error::NoRootNode) {
        message.push_str(" (not well-formed XML)");
    }
    SyntaxError::new(pos, message)
}

/// Text for XML element content and attribute values, without white space at its end.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.trim_end().chars() {
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

/// `<tag format="plain_text"><text>…</text></tag>`, or empty text.
fn plain(tag: &str, s: Option<&str>, indent: &str) -> String {
    format!(
        "{indent}<{tag} format=\"plain_text\">\n{indent}  <text>{}</text>\n{indent}</{tag}>\n",
        escape(s.unwrap_or(""))
    )
}

/// An HTML text as Moodle writes it, in CDATA.
fn cdata(s: &str) -> String {
    format!("<![CDATA[{}]]>", s.replace("]]>", "]]]]><![CDATA[>"))
}

/// Writes `bank` as a Moodle XML `<quiz>`: a category question per domain (its id as the
/// category's idnumber), each question named and idnumbered with its id.
pub fn write(bank: &Bank) -> Exported {
    let mut ex = Exported::new(bank, "Moodle XML");
    ex.lose_bank_settings("Moodle XML");
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
    out.push_str(&format!(
        "<!-- {} (bank `{}`), exported by Proctor. Moodle XML holds no exam settings or domain weights. -->\n",
        escape(&bank.exam.title).replace("--", "- -"),
        escape(&bank.exam.id)
    ));
    let mut domain: Option<usize> = None;
    for flat in super::export::flatten(bank, "Moodle XML", &mut ex) {
        let q = flat.question;
        if domain != Some(q.domain) {
            domain = Some(q.domain);
            let d = &bank.domains[q.domain];
            let name = d.name.split_whitespace().collect::<Vec<_>>().join(" ").replace('/', "//");
            out.push_str(&format!(
                "  <question type=\"category\">\n    <category>\n      <text>$course$/top/{}</text>\n    </category>\n    \
                 <info format=\"moodle_auto_format\">\n      <text></text>\n    </info>\n    <idnumber>{}</idnumber>\n  </question>\n",
                escape(&name),
                escape(&d.id.0)
            ));
        }
        ex.count(q, "Moodle XML");
        let kind = match q.kind {
            Kind::Choice => "multichoice",
            Kind::Order => "ordering",
            Kind::Match => "matching",
            Kind::Text => "shortanswer",
        };
        out.push_str(&format!(
            "  <question type=\"{kind}\">\n    <name>\n      <text>{}</text>\n    </name>\n",
            escape(&q.id.0)
        ));
        match &flat.exhibit {
            Some(e) => out.push_str(&format!(
                "    <questiontext format=\"html\">\n      <text>{}</text>\n    </questiontext>\n",
                cdata(&html::stem_with_exhibit(&flat.stem, e))
            )),
            None => out.push_str(&plain("questiontext", Some(&flat.stem), "    ")),
        }
        out.push_str(&plain("generalfeedback", q.explanation.as_deref(), "    "));
        out.push_str(&format!(
            "    <defaultgrade>1.0000000</defaultgrade>\n    <penalty>0.3333333</penalty>\n    <hidden>0</hidden>\n    <idnumber>{}</idnumber>\n",
            escape(&q.id.0)
        ));
        match q.kind {
            Kind::Choice => {
                let correct = q.options.iter().filter(|o| o.correct).count();
                let all_pinned = q.options.iter().all(|o| o.pin);
                if q.options.iter().any(|o| o.pin) && !all_pinned {
                    ex.change(
                        "pinned options: Moodle XML can keep the order of all of a question's options or none; written shuffled".into(),
                        &q.id.0,
                    );
                }
                out.push_str(&format!(
                    "    <single>{}</single>\n    <shuffleanswers>{}</shuffleanswers>\n    <answernumbering>abc</answernumbering>\n    \
                     <showstandardinstruction>0</showstandardinstruction>\n",
                    correct == 1,
                    !all_pinned
                ));
                out.push_str(&combined_feedback());
                for o in &q.options {
                    let f = match (o.correct, correct) {
                        (true, n) => super::gift::fraction(100.0 / n as f64),
                        (false, 1) => "0".into(),
                        (false, _) => "-100".into(),
                    };
                    out.push_str(&format!(
                        "    <answer fraction=\"{f}\" format=\"plain_text\">\n      <text>{}</text>\n{}    </answer>\n",
                        escape(&o.text),
                        plain("feedback", o.why.as_deref(), "      ")
                    ));
                }
            }
            Kind::Text => {
                out.push_str("    <usecase>0</usecase>\n");
                for a in &q.answers {
                    out.push_str(&format!(
                        "    <answer fraction=\"100\" format=\"plain_text\">\n      <text>{}</text>\n{}    </answer>\n",
                        escape(a),
                        plain("feedback", None, "      ")
                    ));
                }
            }
            Kind::Match => {
                out.push_str("    <shuffleanswers>true</shuffleanswers>\n");
                out.push_str(&combined_feedback());
                let lefts = q.lefts.iter().map(|l| Some(l.as_str())).chain(std::iter::repeat(None));
                for (left, right) in lefts.zip(&q.options) {
                    out.push_str(&format!(
                        "    <subquestion format=\"plain_text\">\n      <text>{}</text>\n      <answer>\n        <text>{}</text>\n      </answer>\n    </subquestion>\n",
                        escape(left.unwrap_or("")),
                        escape(&right.text)
                    ));
                }
            }
            Kind::Order => {
                let grading = if q.partial { "ABSOLUTE_POSITION" } else { "ALL_OR_NOTHING" };
                out.push_str(&format!(
                    "    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n    <selectcount>0</selectcount>\n    \
                     <gradingtype>{grading}</gradingtype>\n    <showgrading>SHOW</showgrading>\n    <numberingstyle>none</numberingstyle>\n"
                ));
                out.push_str(&combined_feedback());
                for (i, item) in q.options.iter().enumerate() {
                    out.push_str(&format!(
                        "    <answer fraction=\"{}.0000000\" format=\"plain_text\">\n      <text>{}</text>\n    </answer>\n",
                        i + 1,
                        escape(&item.text)
                    ));
                }
            }
        }
        out.push_str("  </question>\n");
    }
    out.push_str("</quiz>\n");
    ex.text = out;
    ex
}

/// The feedback Moodle shows for a right, partly right or wrong response: its defaults.
fn combined_feedback() -> String {
    [
        ("correctfeedback", "Your answer is correct."),
        ("partiallycorrectfeedback", "Your answer is partially correct."),
        ("incorrectfeedback", "Your answer is incorrect."),
    ]
    .iter()
    .map(|(tag, text)| format!("    <{tag} format=\"html\">\n      <text>{text}</text>\n    </{tag}>\n"))
    .collect::<String>()
        + "    <shownumcorrect/>\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_short_file_is_located_at_its_end() {
        let e =
            parse("<?xml version=\"1.0\"?>\n<quiz>\n  <question type=\"truefalse\">\n    <name><text>Q").unwrap_err();
        assert_eq!(e[0].pos.line, 4, "{e:?}");
        assert!(e[0].message.contains("cut short"), "{e:?}");
    }

    #[test]
    fn a_wrong_root_is_named() {
        let e = parse("<questions/>").unwrap_err();
        assert!(e[0].message.contains("<questions>"), "{e:?}");
    }
}
