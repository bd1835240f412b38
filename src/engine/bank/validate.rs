//! Turns parsed raw files into a validated `Bank`, collecting every problem.
//!
//! Each check records the dotted path of the offending field; positions are looked up
//! only at the end, and only in files that have something to report, so a clean bank
//! pays nothing for locations.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::diagnostic::{Diagnostic, Severity};
use super::locate::Outline;
use super::raw::{self, RawFile, RawOption, RawPair, RawQuestion, Text};
use super::{
    Bank, BlueprintNote, Cause, Choice, Domain, DomainId, Exam, Kind, Objective, Question, QuestionId, Testlet, letter,
};
use crate::engine::blueprint::apportion;
use crate::engine::text::is_forbidden_char;

/// The longest bank id. It names the bank's journal files (`sessions/<time>-<id>-<seed>.jsonl`)
/// and cache entries, and most file systems cap a file name at 255 bytes: 64 leaves room
/// for the rest of the name and is still far longer than any exam code.
pub const MAX_BANK_ID_LEN: usize = 64;

/// A bank file's name (as shown in messages) and text (valid UTF-8, BOM removed).
#[derive(Debug, Clone)]
pub struct SourceText {
    pub name: String,
    pub text: String,
    /// The file began with a byte-order mark (removed from `text`, kept in the fingerprint).
    pub bom: bool,
}

/// Result of checking a bank: the model when there were no errors, and every diagnostic.
pub struct Checked {
    pub bank: Option<Bank>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks a bank made of `files`; the first file holds the header (`exam`, `domains`).
pub fn check(files: &[SourceText]) -> Checked {
    std::thread::scope(|scope| {
        // A file without raw control characters and without backslash escapes cannot give
        // any field one: screen whole files on the other core while they are parsed, so
        // clean files skip the per-field check.
        let screening = scope.spawn(|| {
            files
                .iter()
                .map(|f| !crate::engine::text::may_need_cleaning(&f.text) && !f.text.contains('\\'))
                .collect::<Vec<bool>>()
        });
        let mut v = Validator {
            files,
            pending: Vec::new(),
            located: Vec::new(),
            clean: Vec::new(),
            outlines: HashMap::new(),
            unknown_under: Vec::new(),
        };
        let parsed = parse_all(files, &mut v.located, &mut v.unknown_under);
        v.clean = screening.join().unwrap_or_else(|_| vec![false; files.len()]);
        finish_check(v, parsed)
    })
}

/// Parses every file; `unknown_under` gets (file, path) of each mapping that held a key the
/// format does not know, so that what its absence implies is not reported on top.
fn parse_all(
    files: &[SourceText],
    located: &mut Vec<Diagnostic>,
    unknown_under: &mut Vec<(usize, String)>,
) -> Vec<(usize, RawFile)> {
    let mut parsed: Vec<(usize, RawFile)> = Vec::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        let blank = |l: &str| {
            let t = l.trim();
            t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
        };
        if f.text.lines().all(blank) {
            let what = if i == 0 { "`exam:`, `domains:` and `questions:`" } else { "a `questions:` list" };
            located.push(Diagnostic::error(&f.name, format!("the file is empty; it should hold {what}")));
            continue;
        }
        match parse_file(&f.text) {
            Ok(raw) => parsed.push((i, raw)),
            Err(e) if e.message.contains("unknown field `") => {
                // One misspelt key would hide every other problem: name each unknown key
                // where it is, then check the rest of the file without them.
                let reported = e.message.split("unknown field `").nth(1).and_then(|r| r.split('`').next());
                let (unknown, rest) = unknown_keys(&f.text);
                let found = reported.is_some_and(|r| unknown.iter().any(|u| u.key == r));
                if !found {
                    located.push(Diagnostic::error(&f.name, explain_unknown_field(&e.message)).at(e.line, e.column));
                    continue;
                }
                for u in &unknown {
                    located.push(Diagnostic::error(&f.name, u.message.clone()).at(u.line, u.column));
                    unknown_under.push((i, u.parent.clone()));
                }
                match super::yaml::parse::<RawFile>(&rest) {
                    Ok(raw) => parsed.push((i, raw)),
                    Err(e) => {
                        located.push(Diagnostic::error(&f.name, explain_unknown_field(&e.message)).at(e.line, e.column))
                    }
                }
            }
            Err(e) => located.push(Diagnostic::error(&f.name, explain_unknown_field(&e.message)).at(e.line, e.column)),
        }
    }
    parsed
}

/// Files from this size are parsed in pieces on every core: below it a thread costs more
/// than it saves.
const PARSE_IN_PIECES_FROM: usize = 1 << 20;

/// One bank file, parsed; a large one in pieces of its question list at once.
fn parse_file(text: &str) -> Result<RawFile, super::yaml::SyntaxError> {
    if text.len() < PARSE_IN_PIECES_FROM {
        return super::yaml::parse(text);
    }
    super::yaml::parse_pieces(text, "questions", |f: &mut RawFile, rest: Vec<Vec<raw::RawQuestion>>| {
        let questions = f.questions.get_or_insert_with(Vec::new);
        questions.reserve(rest.iter().map(Vec::len).sum());
        questions.extend(rest.into_iter().flatten())
    })
}

/// A key no level of the format knows, where it is.
struct UnknownKey {
    line: usize,
    column: usize,
    key: String,
    /// The dotted path of the mapping holding it.
    parent: String,
    message: String,
}

/// The keys of a block-style bank file that no level of the format knows, and the text
/// with those keys (and their values) blanked out so that the rest can be checked with
/// every line where it was. Nothing when the file is not a bank at all (no known
/// top-level key), has too many unknown keys to be a typo, or has one inside a flow
/// collection: the parser's own first error says it best then.
fn unknown_keys(text: &str) -> (Vec<UnknownKey>, String) {
    const MAX_UNKNOWN: usize = 20;
    let outline = Outline::of(text);
    let lines: Vec<&str> = text.lines().collect();
    let none = || (Vec::new(), String::new());
    if !outline.paths().any(|(p, _)| raw::FILE_FIELDS.contains(&p)) {
        return none();
    }
    let mut unknown: Vec<UnknownKey> = Vec::new();
    for (path, (line, column)) in outline.paths() {
        let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
        if key.parse::<usize>().is_ok() {
            continue;
        }
        let Some(known) = fields_at(parent) else { continue };
        if known.contains(&key) {
            continue;
        }
        let before = lines.get(line - 1).and_then(|l| l.get(..column.saturating_sub(1)));
        if before.is_none_or(|b| b.contains(['{', '['])) || unknown.len() == MAX_UNKNOWN {
            return none();
        }
        let hint = match suggest(key, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => {
                format!("expected one of {}", known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))
            }
        };
        let message = format!("{}: unknown field `{key}`; {hint}", serde_path(parent));
        unknown.push(UnknownKey { line, column, key: key.to_owned(), parent: parent.to_owned(), message });
    }
    unknown.sort_by_key(|u| (u.line, u.column));
    let mut blanked: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    for u in &unknown {
        let at = u.line - 1;
        // The key and its value: the rest of its line and every line indented past it.
        blanked[at].truncate(u.column - 1);
        for l in blanked.iter_mut().skip(at + 1) {
            let indent = l.len() - l.trim_start_matches(' ').len();
            if l.trim().is_empty() || indent >= u.column {
                l.clear();
            } else {
                break;
            }
        }
    }
    let mut rest = blanked.join("\n");
    rest.push('\n');
    (unknown, rest)
}

/// The fields the format allows in the mapping at `parent` (a dotted path), when it is
/// one of the format's mappings.
fn fields_at(parent: &str) -> Option<&'static [&'static str]> {
    let segs: Vec<&str> = parent.split('.').filter(|s| !s.is_empty()).collect();
    let item = |s: &str| s.parse::<usize>().is_ok();
    Some(match segs.as_slice() {
        [] => raw::FILE_FIELDS,
        ["exam"] => raw::EXAM_FIELDS,
        ["domains", n] if item(n) => raw::DOMAIN_FIELDS,
        ["testlets", n] if item(n) => raw::TESTLET_FIELDS,
        ["questions", n] | ["testlets", _, "questions", n] if item(n) => raw::QUESTION_FIELDS,
        [.., "options", n] if item(n) => raw::OPTION_FIELDS,
        [.., "pairs", n] if item(n) => raw::PAIR_FIELDS,
        _ => return None,
    })
}

/// `questions.3.options.1` as the YAML parser names it: `questions[3].options[1]`.
fn serde_path(dotted: &str) -> String {
    let mut out = String::new();
    for seg in dotted.split('.').filter(|s| !s.is_empty()) {
        if seg.parse::<usize>().is_ok() {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        }
    }
    if out.is_empty() { "the file".to_owned() } else { out }
}

fn finish_check(mut v: Validator<'_>, parsed: Vec<(usize, RawFile)>) -> Checked {
    let bank = v.build(parsed);
    let mut diagnostics = v.finish();
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    let bank = bank.filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    Checked { bank, diagnostics }
}

/// serde reports "unknown field `explaination`, expected one of `id`, ..."; when one of
/// those is close, name it instead of the whole list (a question has sixteen fields).
fn explain_unknown_field(msg: &str) -> String {
    let Some(rest) = msg.split("unknown field `").nth(1) else {
        return msg.to_owned();
    };
    let Some(field) = rest.split('`').next() else {
        return msg.to_owned();
    };
    let expected: Vec<&str> =
        rest.split("expected").nth(1).map(|e| e.split('`').skip(1).step_by(2).collect()).unwrap_or_default();
    match suggest(field, expected.iter().copied()) {
        Some(s) => format!("{}; did you mean `{s}`?", msg.split(", expected").next().unwrap_or(msg)),
        None => msg.to_owned(),
    }
}

/// The bank's length-cue figures and, per question, whether its key outruns every distractor.
fn length_cue_figures(questions: &[Question]) -> (super::cues::LengthCue, Vec<Option<(usize, usize)>>) {
    (super::cues::length_cue(questions), questions.iter().map(super::cues::outruns).collect())
}

/// A question waiting to be checked, with where it was written.
struct Queued {
    file: usize,
    /// `questions.N`, or `testlets.T.questions.N`.
    path: String,
    /// Index of the testlet holding it.
    testlet: Option<usize>,
    /// It takes its testlet's domain: whether that domain was accepted.
    domain_from_testlet: Option<bool>,
    q: RawQuestion,
}

impl Queued {
    fn plain(file: usize, path: String, q: RawQuestion) -> Queued {
        Queued { file, path, testlet: None, domain_from_testlet: None, q }
    }
}

struct Pending {
    severity: Severity,
    file: usize,
    path: String,
    question: Option<String>,
    message: String,
}

struct Validator<'a> {
    files: &'a [SourceText],
    pending: Vec<Pending>,
    located: Vec<Diagnostic>,
    /// Per file: known to hold no forbidden character in any field.
    clean: Vec<bool>,
    /// Outlines built so far, by file: built only for files with something to report.
    outlines: HashMap<usize, Outline>,
    /// (file, path) of mappings that held an unknown key: their warnings wait for it to be
    /// fixed (`explaination:` must not also bring "no `explanation`").
    unknown_under: Vec<(usize, String)>,
}

impl Validator<'_> {
    fn report(&mut self, severity: Severity, file: usize, path: String, question: Option<&str>, message: String) {
        self.pending.push(Pending { severity, file, path, question: question.map(str::to_owned), message });
    }

    fn error(&mut self, file: usize, path: String, question: Option<&str>, message: String) {
        self.report(Severity::Error, file, path, question, message);
    }

    fn warn(&mut self, file: usize, path: String, question: Option<&str>, message: String) {
        if self.unknown_under.iter().any(|(f, p)| *f == file && (path == *p || path.starts_with(&format!("{p}.")))) {
            return;
        }
        self.report(Severity::Warning, file, path, question, message);
    }

    fn outline(&mut self, file: usize) -> &Outline {
        let files = self.files;
        self.outlines.entry(file).or_insert_with(|| Outline::of(&files[file].text))
    }

    /// `file:line:column` of `path` in `file`, for a message that names a second place.
    fn place(&mut self, file: usize, path: &str) -> String {
        let (l, c) = self.outline(file).find(path);
        format!("{}:{l}:{c}", self.files[file].name)
    }

    fn finish(mut self) -> Vec<Diagnostic> {
        let mut out = std::mem::take(&mut self.located);
        for p in std::mem::take(&mut self.pending) {
            let (line, col) = if p.path.is_empty() { (0, 0) } else { self.outline(p.file).find(&p.path) };
            let mut d = match p.severity {
                Severity::Error => Diagnostic::error(&self.files[p.file].name, p.message),
                Severity::Warning => Diagnostic::warning(&self.files[p.file].name, p.message),
            }
            .at(line, col);
            d.question = p.question;
            out.push(d);
        }
        out
    }

    /// A required, non-empty text field without forbidden characters.
    fn text(&mut self, file: usize, path: &str, q: Option<&str>, field: &str, t: &mut Option<Text>) -> Option<String> {
        match t {
            None => {
                self.error(
                    file,
                    format!("{path}.{field}"),
                    q,
                    format!("`{field}` is missing or empty (`~`); write the text"),
                );
                None
            }
            Some(t) if t.0.trim().is_empty() => {
                self.error(file, format!("{path}.{field}"), q, format!("`{field}` is empty; write the text"));
                None
            }
            Some(_) => self.clean(file, path, q, field, t.take()?),
        }
    }

    fn optional_text(
        &mut self,
        file: usize,
        path: &str,
        q: Option<&str>,
        field: &str,
        t: &mut Option<Text>,
    ) -> Option<String> {
        match t.take() {
            Some(t) if !t.0.trim().is_empty() => self.clean(file, path, q, field, t),
            _ => None,
        }
    }

    /// The text of `field` in `path`, checked for control characters.
    fn clean(&mut self, file: usize, path: &str, q: Option<&str>, field: &str, t: Text) -> Option<String> {
        self.clean_as(file, q, t, || (format!("{path}.{field}"), format!("`{field}`")))
    }

    /// The text, checked for control characters. `place` gives the path to report and
    /// the words naming the text; they are built only when there is an error, so clean
    /// banks pay for no formatting.
    fn clean_as(
        &mut self,
        file: usize,
        q: Option<&str>,
        t: Text,
        place: impl FnOnce() -> (String, String),
    ) -> Option<String> {
        if self.clean.get(file).copied().unwrap_or(false) || !crate::engine::text::may_need_cleaning(&t.0) {
            return Some(t.0);
        }
        // Every character is checked before any is normalised: a tab earlier in the text
        // must not let a later escape sequence through.
        if let Some(c) = t.0.chars().find(|&c| is_forbidden_char(c) && c != '\r') {
            let (path, what) = place();
            self.error(
                file,
                path,
                q,
                format!(
                    "{what} contains the control character U+{:04X}; terminal escape sequences, \
                     bidirectional overrides and other control characters are not allowed in bank text",
                    c as u32
                ),
            );
            return None;
        }
        // Tabs and carriage returns inside text are harmless; normalise them.
        Some(t.0.replace("\r\n", "\n").replace(['\r'], "\n").replace('\t', "    "))
    }

    fn id(&mut self, file: usize, path: &str, q: Option<&str>, what: &str, t: &mut Option<Text>) -> Option<String> {
        let s = self.text(file, path, q, "id", t)?;
        let valid = s.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' || c == '.');
        if !valid {
            self.error(
                file,
                format!("{path}.id"),
                q,
                format!("{what} id `{s}` may use only lowercase letters, digits, `-`, `_` and `.`, starting with a letter or digit"),
            );
            return None;
        }
        Some(s)
    }

    fn int(
        &mut self,
        file: usize,
        path: &str,
        field: &str,
        v: Option<i64>,
        range: std::ops::RangeInclusive<i64>,
        default: Option<i64>,
    ) -> Option<i64> {
        match v.or(default) {
            None => {
                self.error(
                    file,
                    path.to_owned(),
                    None,
                    format!("`{field}` is missing; give a whole number in {}..={}", range.start(), range.end()),
                );
                None
            }
            Some(n) if !range.contains(&n) => {
                self.error(
                    file,
                    format!("{path}.{field}"),
                    None,
                    format!("`{field}` is {n}; it must be in {}..={}", range.start(), range.end()),
                );
                None
            }
            Some(n) => Some(n),
        }
    }

    fn build(&mut self, parsed: Vec<(usize, RawFile)>) -> Option<Bank> {
        let mut exam = None;
        let mut domains = None;
        // A testlet's questions follow the plain ones.
        let mut raw_questions: Vec<Queued> = Vec::new();
        let mut testlets: Vec<(usize, usize, raw::RawTestlet)> = Vec::new();
        let mut header_seen = false;
        for (fi, mut raw) in parsed {
            if fi == 0 {
                header_seen = true;
                match &mut raw.exam {
                    Some(e) => exam = self.exam(fi, e),
                    None => self.error(
                        fi,
                        String::new(),
                        None,
                        "the bank has no `exam:` section; add one with id, title, minutes, questions and passing_score"
                            .into(),
                    ),
                }
                match &mut raw.domains {
                    Some(d) => domains = self.domains(fi, d),
                    None => self.error(
                        fi,
                        String::new(),
                        None,
                        "the bank has no `domains:` list; add the blueprint's domains with their weights".into(),
                    ),
                }
            } else {
                if raw.exam.is_some() {
                    self.error(fi, "exam".into(), None, "only bank.yaml may hold `exam:`; move it there".into());
                }
                if raw.domains.is_some() {
                    self.error(fi, "domains".into(), None, "only bank.yaml may hold `domains:`; move it there".into());
                }
            }
            for (qi, q) in raw.questions.into_iter().flatten().enumerate() {
                raw_questions.push(Queued::plain(fi, format!("questions.{qi}"), q));
            }
            for (ti, t) in raw.testlets.into_iter().flatten().enumerate() {
                testlets.push((fi, ti, t));
            }
        }
        if !header_seen {
            return None;
        }
        let domain_ids: Vec<String> =
            domains.as_ref().map(|d: &Vec<Domain>| d.iter().map(|d| d.id.0.clone()).collect()).unwrap_or_default();
        // (file, index in the file, id) of each testlet, for messages about its text.
        let testlet_ids: Vec<(usize, usize, Option<String>)> =
            testlets.iter().map(|(fi, ti, t)| (*fi, *ti, t.id.as_ref().map(|id| id.0.clone()))).collect();
        let bank_testlets = self.testlets(&mut testlets, &mut raw_questions, &domain_ids, domains.is_some());
        self.cut_by_comment(&raw_questions, &testlet_ids);
        // Ids are compared as written, before each question's other checks: a duplicate is
        // reported even when one of the two has other problems too.
        let ids: Vec<(String, usize, String)> = raw_questions
            .iter()
            .filter_map(|rq| {
                rq.q.id.as_ref().filter(|t| !t.0.trim().is_empty()).map(|t| (t.0.clone(), rq.file, rq.path.clone()))
            })
            .collect();
        let mut questions = self.questions(&mut raw_questions, &domain_ids, domains.is_some());
        self.duplicate_ids(&ids);
        if raw_questions.is_empty() {
            self.error(0, String::new(), None, "the bank has no questions; add a `questions:` list".into());
        }
        let (exam, domains) = (exam?, domains?);
        // With questions (or a testlet) dropped by errors the counts would mislead: fix
        // those first.
        if questions.len() == raw_questions.len() && bank_testlets.is_some() {
            self.capacity(&exam, &domains, &questions);
        }
        let paths: Vec<(usize, &str)> = raw_questions.iter().map(|rq| (rq.file, rq.path.as_str())).collect();
        if questions.len() == raw_questions.len() {
            // The length cues are figures over the questions alone: taken on another core
            // while the objectives are checked, reported after the enemies as before.
            let (cue, outrun) = std::thread::scope(|s| {
                let cues = s.spawn(|| length_cue_figures(&questions));
                self.objectives_of(&domains, &questions, &paths);
                cues.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
            });
            self.enemies_of(&mut questions, &paths);
            self.length_cues(cue, &outrun, &questions, &paths);
        }
        // A testlet that lost a question to an error is left out above; keep the
        // indices of the rest pointing at the right testlet.
        Some(Bank { exam, domains, questions, testlets: bank_testlets? })
    }

    /// A plain value followed by ` #` lost its end to YAML's comment syntax: a warning
    /// naming the field and the question or testlet it belongs to.
    fn cut_by_comment(&mut self, queued: &[Queued], testlets: &[(usize, usize, Option<String>)]) {
        for (fi, file) in self.files.iter().enumerate() {
            let cut = super::locate::cut_by_comment(&file.text);
            if cut.is_empty() {
                continue;
            }
            let outline = Outline::of(&file.text);
            for (line, field) in cut {
                let path = outline.path_on(line).unwrap_or("");
                // The question (`questions.N`, `testlets.T.questions.N`) or testlet holding it.
                let segments: Vec<&str> = path.split('.').collect();
                let owner = match segments.as_slice() {
                    ["testlets", t, "questions", n, ..] => Some(format!("testlets.{t}.questions.{n}")),
                    ["questions", n, ..] => Some(format!("questions.{n}")),
                    _ => None,
                };
                let id = match owner {
                    Some(owner) => queued
                        .iter()
                        .find(|q| q.file == fi && q.path == owner)
                        .and_then(|q| q.q.id.as_ref())
                        .map(|t| t.0.clone()),
                    None => match segments.as_slice() {
                        ["testlets", t, _] => testlets
                            .iter()
                            .find(|(f, ti, _)| *f == fi && t.parse() == Ok(*ti))
                            .and_then(|(_, _, id)| id.as_ref())
                            .map(|id| format!("testlet {id}")),
                        _ => None,
                    },
                };
                let what = match &id {
                    Some(id) => format!("{field} of {id}"),
                    None => field.to_owned(),
                };
                self.located.push(
                    Diagnostic::warning(
                        &file.name,
                        format!(
                            "{what} ends at a '#': quote the text, or YAML reads the rest of the line as a comment"
                        ),
                    )
                    .at(line, 1),
                );
            }
        }
    }

    /// Checks each testlet's own fields and queues its questions (with the testlet's
    /// domain as their default) after the plain ones. `None` when any testlet is invalid.
    fn testlets(
        &mut self,
        raw: &mut [(usize, usize, raw::RawTestlet)],
        questions: &mut Vec<Queued>,
        domain_ids: &[String],
        domains_known: bool,
    ) -> Option<Vec<Testlet>> {
        let mut out = Vec::with_capacity(raw.len());
        let mut ok = true;
        let mut first: HashMap<String, (usize, usize)> = HashMap::new();
        for (fi, ti, t) in raw.iter_mut() {
            let (fi, ti) = (*fi, *ti);
            let path = format!("testlets.{ti}");
            // The testlet's own problems are prefixed with its id, as a question's are.
            let mark = self.pending.len();
            let id = self.id(fi, &path, None, "testlet", &mut t.id);
            if let Some(id) = &id {
                if let Some(&(ofi, oti)) = first.get(id) {
                    let at = self.place(ofi, &format!("testlets.{oti}.id"));
                    self.error(
                        fi,
                        format!("{path}.id"),
                        None,
                        format!("duplicate testlet id `{id}`; first defined at {at}; testlet ids must be unique"),
                    );
                    ok = false;
                } else {
                    first.insert(id.clone(), (fi, ti));
                }
            }
            let title = self.text(fi, &path, None, "title", &mut t.title);
            let scenario = self.text(fi, &path, None, "scenario", &mut t.scenario);
            let exhibit = self.optional_text(fi, &path, None, "exhibit", &mut t.exhibit);
            // The testlet's domain is checked here, once, rather than in each question
            // that takes it.
            let had_domain = t.domain.is_some();
            let domain = match &t.domain {
                Some(d) if d.0.trim().is_empty() => {
                    self.error(
                        fi,
                        format!("{path}.domain"),
                        None,
                        "`domain` is empty; name one of the bank's domains, or remove it".into(),
                    );
                    None
                }
                _ => self.optional_text(fi, &path, None, "domain", &mut t.domain),
            };
            // A domain given but refused (empty, a control character) is reported here, and
            // not again for each question that takes it.
            let mut domain_ok = domain.is_some() || !had_domain;
            ok &= domain_ok;
            if let Some(d) = &domain
                && domains_known
                && !domain_ids.contains(d)
            {
                let hint = domain_hint(d, domain_ids);
                self.error(fi, format!("{path}.domain"), None, format!("unknown domain `{d}`; {hint}"));
                domain_ok = false;
                ok = false;
            }
            let qs = match t.questions.take() {
                Some(qs) => {
                    if !(2..=10).contains(&qs.len()) {
                        self.error(
                            fi,
                            format!("{path}.questions"),
                            None,
                            format!("{} question(s); a testlet needs 2 to 10", qs.len()),
                        );
                        ok = false;
                    }
                    qs
                }
                None => {
                    self.error(
                        fi,
                        path.clone(),
                        None,
                        "`questions` is missing; give the testlet 2 to 10 questions".into(),
                    );
                    ok = false;
                    Vec::new()
                }
            };
            if let Some(id) = &id {
                for p in &mut self.pending[mark..] {
                    p.message = format!("testlet {id}: {}", p.message);
                }
            }
            let index = out.len();
            for (qi, mut q) in qs.into_iter().enumerate() {
                let inherited = q.domain.is_none() && had_domain;
                if q.domain.is_none() {
                    q.domain = domain.clone().map(Text);
                }
                questions.push(Queued {
                    file: fi,
                    path: format!("{path}.questions.{qi}"),
                    testlet: Some(index),
                    domain_from_testlet: inherited.then_some(domain_ok),
                    q,
                });
            }
            match (id, title, scenario) {
                (Some(id), Some(title), Some(scenario)) => out.push(Testlet { id, title, scenario, exhibit }),
                _ => {
                    ok = false;
                    out.push(Testlet { id: String::new(), title: String::new(), scenario: String::new(), exhibit });
                }
            }
        }
        ok.then_some(out)
    }

    /// Question ids must be unique across the bank, testlets' questions included; a
    /// duplicate names both places. `ids` holds (id, file, path) of every question.
    fn duplicate_ids(&mut self, ids: &[(String, usize, String)]) {
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
        for (i, (id, fi, path)) in ids.iter().enumerate() {
            let Some(&j) = first.get(id.as_str()) else {
                first.insert(id, i);
                continue;
            };
            let (_, ofi, opath) = &ids[j];
            let at = self.place(*ofi, &format!("{opath}.id"));
            self.error(
                *fi,
                format!("{path}.id"),
                Some(id),
                format!("duplicate question id `{id}`; first defined at {at}; ids must be unique across the bank"),
            );
        }
    }

    fn exam(&mut self, fi: usize, e: &mut raw::RawExam) -> Option<Exam> {
        let id = self.id(fi, "exam", None, "exam", &mut e.id).and_then(|id| {
            // The id's characters are all ASCII (checked above): its length is its bytes.
            if id.len() <= MAX_BANK_ID_LEN {
                return Some(id);
            }
            let start: String = id.chars().take(24).collect();
            self.error(
                fi,
                "exam.id".into(),
                None,
                format!(
                    "exam id `{start}…` is {} characters long; a bank id may have at most {MAX_BANK_ID_LEN} \
                     (it names the journal files): shorten it",
                    id.len()
                ),
            );
            None
        });
        let title = self.text(fi, "exam", None, "title", &mut e.title);
        let description = self.optional_text(fi, "exam", None, "description", &mut e.description);
        let blueprint = self.blueprint(fi, e.blueprint.as_mut());
        let vendor = self.optional_text(fi, "exam", None, "vendor", &mut e.vendor).map(|v| v.to_lowercase());
        let minutes = self.int(fi, "exam", "minutes", e.minutes, 1..=1440, None);
        let questions = self.int(fi, "exam", "questions", e.questions, 1..=10_000, None);
        let passing = self.int(fi, "exam", "passing_score", e.passing_score, 1..=100, None);
        let buffer = match (passing, e.buffer) {
            // The default buffer shrinks to fit a very high passing score.
            (Some(p), None) => Some(10.min(100 - p)),
            (Some(p), b) => self.int(fi, "exam", "buffer", b, 0..=(100 - p), None),
            (None, _) => None,
        };
        Some(Exam {
            id: id?,
            title: title?,
            vendor,
            minutes: u32::try_from(minutes?).ok()?,
            questions: u32::try_from(questions?).ok()?,
            passing_score: u8::try_from(passing?).ok()?,
            buffer: u8::try_from(buffer?).ok()?,
            description,
            blueprint: blueprint?,
        })
    }

    /// The `blueprint:` note: a source and the date it was checked (`YYYY-MM-DD`, not in
    /// the future is not checkable here: no clock), and an optional note.
    fn blueprint(&mut self, fi: usize, raw: Option<&mut raw::RawBlueprint>) -> Option<Option<BlueprintNote>> {
        let Some(b) = raw else { return Some(None) };
        let source = self.text(fi, "exam.blueprint", None, "source", &mut b.source);
        let verified = self.text(fi, "exam.blueprint", None, "verified", &mut b.verified).and_then(|v| {
            let date = chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok();
            if date.is_none() {
                self.error(
                    fi,
                    "exam.blueprint.verified".into(),
                    None,
                    format!("`verified: {v}` is not a date; write the day the weights were checked as YYYY-MM-DD"),
                );
            }
            date
        });
        let note = self.optional_text(fi, "exam.blueprint", None, "note", &mut b.note);
        Some(Some(BlueprintNote { source: source?, verified: verified?, note }))
    }

    fn domains(&mut self, fi: usize, raw: &mut [raw::RawDomain]) -> Option<Vec<Domain>> {
        if raw.is_empty() {
            self.error(fi, "domains".into(), None, "`domains:` is empty; list at least one domain".into());
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        let mut first: HashMap<String, usize> = HashMap::new();
        for (i, d) in raw.iter_mut().enumerate() {
            let path = format!("domains.{i}");
            let id = self.id(fi, &path, None, "domain", &mut d.id);
            let name = self.text(fi, &path, None, "name", &mut d.name);
            let weight = self.int(fi, &path, "weight", d.weight, 1..=100, None);
            let objectives = self.objectives(fi, &path, d.objectives.take());
            if let Some(id) = &id {
                if let Some(&j) = first.get(id) {
                    let at = self.place(fi, &format!("domains.{j}.id"));
                    self.error(
                        fi,
                        format!("{path}.id"),
                        None,
                        format!("duplicate domain id `{id}`; first defined at {at}"),
                    );
                    ok = false;
                } else {
                    first.insert(id.clone(), i);
                }
            }
            match (id, name, weight, objectives) {
                (Some(id), Some(name), Some(w), Some(objectives)) => {
                    out.push(Domain { id: DomainId(id), name, weight: w as u32, objectives })
                }
                _ => ok = false,
            }
        }
        if ok {
            let sum: u32 = out.iter().map(|d| d.weight).sum();
            if sum != 100 {
                self.error(fi, "domains".into(), None, format!("domain weights sum to {sum}; they must sum to 100"));
                ok = false;
            }
        }
        ok.then_some(out)
    }

    /// A domain's `objectives:`: ids unique within the bank's domain, each with a title.
    fn objectives(&mut self, fi: usize, path: &str, raw: Option<Vec<raw::RawObjective>>) -> Option<Vec<Objective>> {
        let mut out: Vec<Objective> = Vec::new();
        let mut ok = true;
        for (i, mut o) in raw.into_iter().flatten().enumerate() {
            let p = format!("{path}.objectives.{i}");
            let id = self.text(fi, &p, None, "id", &mut o.id).map(|s| s.trim().to_owned());
            let title = self.text(fi, &p, None, "title", &mut o.title);
            if let Some(id) = &id
                && out.iter().any(|x| x.id == *id)
            {
                self.error(fi, format!("{p}.id"), None, format!("objective `{id}` is listed twice in this domain"));
                ok = false;
            }
            match (id, title) {
                (Some(id), Some(title)) => out.push(Objective { id, title }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn question(&mut self, queued: &mut Queued, domain_ids: &[String], domains_known: bool) -> Option<Question> {
        let (fi, path, rq) = (queued.file, queued.path.as_str(), &mut queued.q);
        let id = self.id(fi, path, None, "question", &mut rq.id);
        let qid = id.as_deref();
        let domain = if queued.domain_from_testlet == Some(false) {
            // The testlet's refused domain is reported once, at the testlet.
            None
        } else if rq.domain.is_none() && queued.testlet.is_some() {
            self.error(
                fi,
                path.to_owned(),
                qid,
                "`domain` is missing and its testlet has none; give the question a `domain:` or the testlet one".into(),
            );
            None
        } else {
            self.text(fi, path, qid, "domain", &mut rq.domain).and_then(|d| {
                let idx = domain_ids.iter().position(|x| *x == d);
                if idx.is_none() && domains_known {
                    let hint = domain_hint(&d, domain_ids);
                    self.error(fi, format!("{path}.domain"), qid, format!("unknown domain `{d}`; {hint}"));
                }
                idx
            })
        };
        let stem = self.text(fi, path, qid, "stem", &mut rq.stem);
        let had_explanation = rq.explanation.is_some();
        let explanation = self.optional_text(fi, path, qid, "explanation", &mut rq.explanation);
        if explanation.is_none() && !had_explanation {
            self.warn(fi, path.to_owned(), qid, "no `explanation`; add one so the review can teach the point".into());
        }
        let terms = self.list(fi, path, qid, "terms", &mut rq.terms);
        let refs = self.list(fi, path, qid, "refs", &mut rq.refs);
        let difficulty = match rq.difficulty {
            Some(d) if !(1..=5).contains(&d) => {
                self.error(fi, format!("{path}.difficulty"), qid, format!("`difficulty` is {d}; it must be in 1..=5"));
                None
            }
            d => d.map(|d| d as u8),
        };
        let kind = self.kind(fi, path, qid, rq);
        let exhibit = self.optional_text(fi, path, qid, "exhibit", &mut rq.exhibit);
        let mut body = Body::default();
        match kind? {
            Kind::Choice => {
                let options = self.options(fi, path, qid, rq.options.as_deref_mut());
                let correct = options.as_ref().map(|o| o.iter().filter(|c| c.correct).count());
                body.choose = match (rq.choose, correct) {
                    (Some(n), Some(c)) if n != c as i64 => {
                        self.error(
                            fi,
                            format!("{path}.choose"),
                            qid,
                            format!("`choose: {n}` but {c} option(s) are marked correct; they must match"),
                        );
                        None
                    }
                    (_, Some(c)) => Some(c),
                    _ => None,
                };
                body.options = options;
            }
            Kind::Order => {
                let items = self.items(fi, path, qid, "items", rq.items.take());
                body.choose = items.as_ref().map(Vec::len);
                body.options = items.map(|i| i.into_iter().map(Choice::item).collect());
            }
            Kind::Match => {
                if let Some((lefts, rights)) = self.pairs(fi, path, qid, rq) {
                    body.choose = Some(lefts.len());
                    body.lefts = lefts;
                    body.options = Some(rights.into_iter().map(Choice::item).collect());
                }
            }
            Kind::Text => {
                let answers = self.items(fi, path, qid, "answers", rq.answers.take());
                body.choose = Some(1);
                body.options = Some(Vec::new());
                body.answers = answers.unwrap_or_default();
                if body.answers.is_empty() {
                    body.choose = None;
                }
            }
        }
        let objective = self.optional_text(fi, path, qid, "objective", &mut rq.objective).map(|o| o.trim().to_owned());
        let enemies = self.list(fi, path, qid, "enemies", &mut rq.enemies);
        Some(Question {
            id: QuestionId(id?),
            domain: domain?,
            stem: stem?,
            kind: kind?,
            choose: body.choose?,
            options: body.options?,
            lefts: body.lefts,
            answers: body.answers,
            partial: rq.partial.unwrap_or(false),
            exhibit,
            testlet: None,
            explanation,
            terms: terms?,
            refs: refs?,
            difficulty,
            objective,
            enemies: enemies?.into_iter().map(QuestionId).collect(),
        })
    }

    /// The question's `type` (choice when absent), and an error for every field that
    /// belongs to another type.
    fn kind(&mut self, fi: usize, path: &str, q: Option<&str>, rq: &RawQuestion) -> Option<Kind> {
        let kind = match &rq.kind {
            None => Kind::Choice,
            Some(t) => match t.0.trim().parse::<Kind>() {
                Ok(k) => k,
                Err(()) => {
                    let hint = suggest(t.0.trim(), Kind::NAMES.iter().copied())
                        .map(|s| format!("did you mean `{s}`? "))
                        .unwrap_or_default();
                    self.error(
                        fi,
                        format!("{path}.type"),
                        q,
                        format!("`type: {}` is not an item type; {hint}use choice, order, match or text", t.0),
                    );
                    return None;
                }
            },
        };
        let present = [
            ("choose", rq.choose.is_some(), &[Kind::Choice][..]),
            ("options", rq.options.is_some(), &[Kind::Choice]),
            ("items", rq.items.is_some(), &[Kind::Order]),
            ("pairs", rq.pairs.is_some(), &[Kind::Match]),
            ("extra", rq.extra.is_some(), &[Kind::Match]),
            ("answers", rq.answers.is_some(), &[Kind::Text]),
            ("partial", rq.partial.is_some(), &[Kind::Order, Kind::Match]),
        ];
        let mut ok = true;
        for (field, given, kinds) in present {
            if given && !kinds.contains(&kind) {
                let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
                let suggestion = if kinds.len() == 1 {
                    format!("did you mean `type: {}`?", names[0])
                } else {
                    format!("did you mean `type: {}`?", names.join("` or `type: "))
                };
                self.error(
                    fi,
                    format!("{path}.{field}"),
                    q,
                    format!(
                        "`{field}` belongs to {} questions, not {}; {suggestion}",
                        names.join(" and "),
                        kind.name()
                    ),
                );
                ok = false;
            }
        }
        ok.then_some(kind)
    }

    /// An order question's items (2..=10 distinct texts) or a text question's accepted
    /// answers (1+ non-empty texts): `field` is `items` or `answers`.
    fn items(
        &mut self,
        fi: usize,
        path: &str,
        q: Option<&str>,
        field: &'static str,
        raw: Option<Vec<Text>>,
    ) -> Option<Vec<String>> {
        let answers = field == "answers";
        let Some(raw) = raw else {
            let need = if answers { "give at least one accepted answer" } else { "give 2 to 10 items" };
            self.error(fi, path.to_owned(), q, format!("`{field}` is missing; {need}"));
            return None;
        };
        let fpath = format!("{path}.{field}");
        if answers && raw.is_empty() {
            self.error(fi, fpath, q, "`answers` is empty; give at least one accepted answer".into());
            return None;
        }
        let mut ok = true;
        if !answers && !(2..=10).contains(&raw.len()) {
            self.error(fi, fpath.clone(), q, format!("{} item(s); an order question needs 2 to 10", raw.len()));
            ok = false;
        }
        let mut out: Vec<String> = Vec::with_capacity(raw.len());
        for (i, t) in raw.into_iter().enumerate() {
            if t.0.trim().is_empty() {
                self.error(
                    fi,
                    format!("{fpath}.{i}"),
                    q,
                    format!("item {} of `{field}` is empty; write the text or remove it", i + 1),
                );
                ok = false;
                continue;
            }
            let place = || (format!("{fpath}.{i}"), format!("item {} of `{field}`", i + 1));
            let Some(t) = self.clean_as(fi, q, t, place) else {
                ok = false;
                continue;
            };
            // At most ten items: comparing with the earlier ones beats hashing.
            if !answers && let Some(j) = out.iter().position(|o| same_text(o, &t)) {
                self.error(
                    fi,
                    format!("{fpath}.{i}"),
                    q,
                    format!("item {} repeats item {}; the items of an order question must differ", i + 1, j + 1),
                );
                ok = false;
            }
            out.push(t);
        }
        ok.then_some(out)
    }

    /// A match question's pairs (2..=10, distinct left and distinct right items) and
    /// extras (distinct from every right item and from each other): the left items, and
    /// the right items with the extras after them.
    fn pairs(
        &mut self,
        fi: usize,
        path: &str,
        q: Option<&str>,
        rq: &mut RawQuestion,
    ) -> Option<(Vec<String>, Vec<String>)> {
        let Some(raw) = rq.pairs.take() else {
            self.error(fi, path.to_owned(), q, "`pairs` is missing; give 2 to 10 `{left, right}` pairs".into());
            return None;
        };
        let ppath = format!("{path}.pairs");
        let mut ok = true;
        if !(2..=10).contains(&raw.len()) {
            self.error(fi, ppath.clone(), q, format!("{} pair(s); a match question needs 2 to 10", raw.len()));
            ok = false;
        }
        let (mut lefts, mut rights): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        for (i, RawPair { mut left, mut right }) in raw.into_iter().enumerate() {
            let p = format!("{ppath}.{i}");
            let l = self.text(fi, &p, q, "left", &mut left);
            let r = self.text(fi, &p, q, "right", &mut right);
            if let Some(l) = &l
                && let Some(j) = lefts.iter().position(|o| same_text(o, l))
            {
                self.error(
                    fi,
                    format!("{p}.left"),
                    q,
                    format!("pair {} repeats the left item of pair {}; each left item is matched once", i + 1, j + 1),
                );
                ok = false;
            }
            if let Some(r) = &r
                && let Some(j) = rights.iter().position(|o| same_text(o, r))
            {
                self.error(
                    fi,
                    format!("{p}.right"),
                    q,
                    format!(
                        "pair {} repeats the right item of pair {}; each right item matches one left item",
                        i + 1,
                        j + 1
                    ),
                );
                ok = false;
            }
            // Kept in step (a refused text as empty), so later pairs and extras are
            // compared with the right pair numbers.
            lefts.push(l.unwrap_or_default());
            rights.push(r.unwrap_or_default());
        }
        if lefts.iter().chain(&rights).any(String::is_empty) {
            ok = false;
        }
        let pairs = rights.len();
        let epath = format!("{path}.extra");
        for (i, t) in rq.extra.take().into_iter().flatten().enumerate() {
            if t.0.trim().is_empty() {
                self.error(
                    fi,
                    format!("{epath}.{i}"),
                    q,
                    format!("extra item {} is empty; write the text or remove it", i + 1),
                );
                ok = false;
                continue;
            }
            let place = || (format!("{epath}.{i}"), format!("extra item {}", i + 1));
            let Some(t) = self.clean_as(fi, q, t, place) else {
                ok = false;
                continue;
            };
            let repeated = rights.iter().enumerate().filter(|(_, r)| !r.is_empty()).find(|(_, r)| same_text(r, &t));
            if let Some((j, _)) = repeated {
                let of = if j < pairs {
                    format!("the right item of pair {}", j + 1)
                } else {
                    format!("extra item {}", j - pairs + 1)
                };
                self.error(
                    fi,
                    format!("{epath}.{i}"),
                    q,
                    format!(
                        "extra item {} repeats {of}; an extra is a right-hand item that matches nothing, so it must \
                         differ from every other one",
                        i + 1
                    ),
                );
                ok = false;
            }
            rights.push(t);
        }
        if rights.len() > 26 {
            self.error(
                fi,
                epath,
                q,
                format!("{} right-hand items (pairs and extras); at most 26 (A to Z)", rights.len()),
            );
            ok = false;
        }
        ok.then_some((lefts, rights))
    }

    fn list(
        &mut self,
        fi: usize,
        path: &str,
        q: Option<&str>,
        field: &str,
        l: &mut Option<Vec<Text>>,
    ) -> Option<Vec<String>> {
        let mut out = Vec::new();
        let mut ok = true;
        for t in l.take().into_iter().flatten() {
            match self.clean(fi, path, q, field, t) {
                Some(s) if !s.trim().is_empty() => out.push(s),
                Some(_) => {}
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn options(
        &mut self,
        fi: usize,
        path: &str,
        q: Option<&str>,
        raw: Option<&mut [RawOption]>,
    ) -> Option<Vec<Choice>> {
        let Some(raw) = raw else {
            self.error(fi, path.to_owned(), q, "`options` is missing; give 2 to 10 options".into());
            return None;
        };
        let opath = format!("{path}.options");
        if !(2..=10).contains(&raw.len()) {
            self.error(fi, opath.clone(), q, format!("{} option(s); a question needs 2 to 10", raw.len()));
        }
        let mut out: Vec<Choice> = Vec::with_capacity(raw.len());
        let mut ok = (2..=10).contains(&raw.len());
        let mut p = String::with_capacity(opath.len() + 3);
        for (i, o) in raw.iter_mut().enumerate() {
            p.clear();
            let _ = write!(p, "{opath}.{i}");
            let text = self.text(fi, &p, q, "text", &mut o.text);
            if let Some(t) = &text {
                // At most ten options: comparing with the earlier ones beats hashing.
                let dup = out.iter().position(|c: &Choice| same_text(&c.text, t));
                if let Some(j) = dup {
                    self.error(
                        fi,
                        format!("{p}.text"),
                        q,
                        format!(
                            "option {} repeats the text of option {}; option texts must differ",
                            letter(i),
                            letter(j)
                        ),
                    );
                    ok = false;
                }
            }
            let why = self.optional_text(fi, &p, q, "why", &mut o.why);
            let correct = o.correct.unwrap_or(false);
            let trap = match &o.trap {
                None => Some(None),
                Some(t) => match t.0.parse::<Cause>() {
                    Ok(c) if correct => {
                        let _ = c;
                        self.error(
                            fi,
                            format!("{p}.trap"),
                            q,
                            "`trap` on a correct option; traps describe what picking a wrong option reveals".into(),
                        );
                        None
                    }
                    Ok(c) => Some(Some(c)),
                    Err(()) => {
                        let hint =
                            suggest(&t.0, Cause::NAMES).map(|s| format!("did you mean `{s}`? ")).unwrap_or_default();
                        self.error(
                            fi,
                            format!("{p}.trap"),
                            q,
                            format!("`trap: {}` is not a cause; {hint}use concept, term, misread or reasoning", t.0),
                        );
                        None
                    }
                },
            };
            match (text, trap) {
                (Some(text), Some(trap)) => out.push(Choice { text, correct, why, trap, pin: o.pin.unwrap_or(false) }),
                _ => ok = false,
            }
        }
        if ok && !out.iter().any(|c| c.correct) {
            self.error(fi, opath, q, "no option is marked correct; mark the right one(s) with `correct: true`".into());
            ok = false;
        }
        ok.then_some(out)
    }

    /// Each question's `objective` is one of its domain's; a domain that lists objectives
    /// wants one on every question (a warning: the bank works without).
    /// Each queued question checked, in order. A large bank's are checked on every core:
    /// a question's checks read only it and the domains, and each core's diagnostics are
    /// added in question order, as one core would have made them.
    fn questions(&mut self, queued: &mut [Queued], domain_ids: &[String], domains_known: bool) -> Vec<Question> {
        const ON_EVERY_CORE_FROM: usize = 2_000;
        let check = |v: &mut Validator<'_>, queued: &mut [Queued]| -> Vec<Question> {
            let mut out = Vec::with_capacity(queued.len());
            for rq in queued {
                if let Some(mut q) = v.question(rq, domain_ids, domains_known) {
                    q.testlet = rq.testlet;
                    out.push(q);
                }
            }
            out
        };
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8);
        if queued.len() < ON_EVERY_CORE_FROM || cores == 1 {
            return check(self, queued);
        }
        let mut parts = queued.chunks_mut(queued.len().div_ceil(cores));
        let first = parts.next().unwrap_or_default();
        let done: Vec<(Vec<Question>, Option<Validator<'_>>)> = std::thread::scope(|s| {
            let others: Vec<_> = parts
                .map(|part| {
                    let mut v = Validator {
                        files: self.files,
                        pending: Vec::new(),
                        located: Vec::new(),
                        clean: self.clean.clone(),
                        outlines: HashMap::new(),
                        unknown_under: self.unknown_under.clone(),
                    };
                    s.spawn(move || (check(&mut v, part), v))
                })
                .collect();
            let mine = check(self, first);
            let rest = others.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
            std::iter::once((mine, None)).chain(rest.map(|(q, v)| (q, Some(v)))).collect()
        });
        let mut questions = Vec::with_capacity(queued.len());
        for (qs, v) in done {
            questions.extend(qs);
            if let Some(mut v) = v {
                self.pending.append(&mut v.pending);
                self.located.append(&mut v.located);
            }
        }
        questions
    }

    fn objectives_of(&mut self, domains: &[Domain], questions: &[Question], paths: &[(usize, &str)]) {
        for (q, (fi, path)) in questions.iter().zip(paths) {
            let d = &domains[q.domain];
            match &q.objective {
                Some(o) if !d.objectives.iter().any(|x| x.id == *o) => {
                    let hint = match suggest(o, d.objectives.iter().map(|x| x.id.as_str())) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None if d.objectives.is_empty() => format!("domain `{}` lists no `objectives:`", d.id),
                        None => format!(
                            "domain `{}` has {}",
                            d.id,
                            d.objectives.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    };
                    self.error(
                        *fi,
                        format!("{path}.objective"),
                        Some(&q.id.0),
                        format!("unknown objective `{o}`; {hint}"),
                    );
                }
                None if !d.objectives.is_empty() => self.warn(
                    *fi,
                    (*path).to_owned(),
                    Some(&q.id.0),
                    format!("no `objective`; domain `{}` lists its objectives: name the one this tests", d.id),
                ),
                _ => {}
            }
        }
    }

    /// Length cues: a key that is the longest option more often than chance lets a
    /// candidate score by picking the longest. A bank-level warning past 1.2× chance, and
    /// a hint on each single-answer question whose key outruns every distractor by half.
    fn length_cues(
        &mut self,
        cue: super::cues::LengthCue,
        outrun: &[Option<(usize, usize)>],
        questions: &[Question],
        paths: &[(usize, &str)],
    ) {
        if cue.questions >= super::cues::MIN_QUESTIONS && cue.share > super::cues::MAX_RATIO * cue.chance {
            self.warn(
                0,
                String::new(),
                None,
                format!(
                    "picking the longest option(s) answers {:.0}% of the {} choice questions against {:.0}% by chance; \
                     lengthen distractors or shorten keys until it is at most {:.0}%",
                    cue.share * 100.0,
                    cue.questions,
                    cue.chance * 100.0,
                    cue.chance * super::cues::MAX_RATIO * 100.0
                ),
            );
        }
        for ((q, (fi, path)), o) in questions.iter().zip(paths).zip(outrun) {
            if let Some((key, longest)) = *o {
                self.warn(
                    *fi,
                    format!("{path}.options"),
                    Some(&q.id.0),
                    format!(
                        "the key is {key} characters and no distractor exceeds {longest}: its length gives it away; \
                         even the lengths out"
                    ),
                );
            }
        }
    }

    /// `enemies:` name questions of the bank (not the question itself); the relation is
    /// made symmetric, so naming it on one side is enough.
    fn enemies_of(&mut self, questions: &mut [Question], paths: &[(usize, &str)]) {
        if questions.iter().all(|q| q.enemies.is_empty()) {
            return;
        }
        let index: HashMap<QuestionId, usize> = questions.iter().enumerate().map(|(i, q)| (q.id.clone(), i)).collect();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for (i, (q, (fi, path))) in questions.iter().zip(paths).enumerate() {
            for e in &q.enemies {
                match index.get(e) {
                    Some(&j) if j == i => self.error(
                        *fi,
                        format!("{path}.enemies"),
                        Some(&q.id.0),
                        "a question cannot be its own enemy".into(),
                    ),
                    Some(&j) => pairs.push((i, j)),
                    None => {
                        let hint = suggest(&e.0, questions.iter().map(|q| q.id.0.as_str()))
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_default();
                        self.error(
                            *fi,
                            format!("{path}.enemies"),
                            Some(&q.id.0),
                            format!("enemy `{e}` is not a question of this bank{hint}"),
                        );
                    }
                }
            }
        }
        for q in questions.iter_mut() {
            q.enemies.clear();
        }
        for (i, j) in pairs {
            let (a, b) = (questions[i].id.clone(), questions[j].id.clone());
            if !questions[i].enemies.contains(&b) {
                questions[i].enemies.push(b);
            }
            if !questions[j].enemies.contains(&a) {
                questions[j].enemies.push(a);
            }
        }
    }

    /// A bank that cannot fill a full simulation is still usable for drills, so this is
    /// a warning here; starting an exam from it is the error.
    fn capacity(&mut self, exam: &Exam, domains: &[Domain], questions: &[Question]) {
        let weights: Vec<u32> = domains.iter().map(|d| d.weight).collect();
        let need = apportion(&weights, exam.questions as usize);
        let mut have = vec![0usize; domains.len()];
        for q in questions {
            have[q.domain] += 1;
        }
        for (i, d) in domains.iter().enumerate() {
            if have[i] < need[i] {
                self.warn(
                    0,
                    format!("domains.{i}"),
                    None,
                    format!(
                        "domain `{}` has {} question(s) but a full simulation of {} needs {}; add questions or lower `exam.questions`",
                        d.id, have[i], exam.questions, need[i]
                    ),
                );
            }
        }
    }
}

/// The type-specific parts of a question being validated; `None` where invalid.
#[derive(Default)]
struct Body {
    choose: Option<usize>,
    options: Option<Vec<Choice>>,
    lefts: Vec<String>,
    answers: Vec<String>,
}

/// The candidate closest to `word`, when it is a plausible typo: `did_you_mean`, but a
/// swap of two neighbouring letters counts as one edit (`odrer` is one from `order`) and
/// case is ignored (`Order`).
fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let limit = (lower.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&lower, &c.to_lowercase()), c))
        .filter(|&(d, c)| d <= limit && c != word)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// "did you mean `cloud`?", or the known domains when none is close.
fn domain_hint(d: &str, domain_ids: &[String]) -> String {
    match suggest(d, domain_ids.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("known domains: {}", domain_ids.join(", ")),
    }
}

/// Option texts that differ only in case or surrounding space count as the same.
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.is_ascii() && b.is_ascii() { a.eq_ignore_ascii_case(b) } else { a.to_lowercase() == b.to_lowercase() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEM_TYPES: &str = include_str!("../../../tests/fixtures/banks/valid/item-types.yaml");

    /// Every diagnostic of `text` as `validate` prints it, without the file name.
    fn messages(text: &str) -> Vec<String> {
        let files = [SourceText { name: "t.yaml".into(), text: text.to_owned(), bom: false }];
        check(&files).diagnostics.iter().map(|d| d.to_string().trim_start_matches("t.yaml:").to_owned()).collect()
    }

    /// The fixture with `lines` added after the line `after`.
    fn with(after: &str, lines: &str) -> String {
        assert!(ITEM_TYPES.contains(after), "{after:?} in item-types.yaml");
        ITEM_TYPES.replacen(after, &format!("{after}{lines}"), 1)
    }

    /// A bank large enough to be checked on every core reports each problem where it is,
    /// whichever core met it, and keeps its questions in file order.
    #[test]
    fn a_large_bank_checked_on_every_core_reports_every_problem_in_place() {
        let head = "exam:\n  id: big\n  title: Big\n  minutes: 60\n  questions: 10\n  passing_score: 70\n\
                    domains:\n  - id: net\n    name: Networks\n    weight: 100\nquestions:\n";
        let question = |i: usize| {
            let (domain, stem, difficulty, explanation) = match i {
                5 => ("net", "    stem: s\n", 9, true),
                1700 => ("nett", "    stem: s\n", 2, true),
                2500 => ("net", "    stem: s\n", 2, false),
                2999 => ("net", "", 2, true),
                _ => ("net", "    stem: s\n", 2, true),
            };
            let explanation = if explanation { "    explanation: e\n" } else { "    explanation: ~\n" };
            format!(
                "  - id: q{i}\n    domain: {domain}\n{stem}    difficulty: {difficulty}\n{explanation}    options:\n      \
                 - {{text: aa, correct: true}}\n      - {{text: bb}}\n"
            )
        };
        let text: String = std::iter::once(head.to_owned()).chain((0..3000).map(question)).collect();
        let line_of = |i: usize| text.lines().position(|l| l == format!("  - id: q{i}")).expect("the question") + 1;
        let expect = [
            format!("{}:5: error: question q5: `difficulty` is 9; it must be in 1..=5", line_of(5) + 3),
            format!("{}:5: error: question q1700: unknown domain `nett`; did you mean `net`?", line_of(1700) + 1),
            format!(
                "{}:3: warning: question q2500: no `explanation`; add one so the review can teach the point",
                line_of(2500)
            ),
            format!("{}:3: error: question q2999: `stem` is missing or empty (`~`); write the text", line_of(2999)),
        ];
        assert_eq!(messages(&text), expect);
        let valid: String = std::iter::once(head.to_owned()).chain((3000..6000).map(question)).collect();
        let files = [SourceText { name: "t.yaml".into(), text: valid, bom: false }];
        let ids = check(&files).bank.map(|b| b.questions.iter().map(|q| q.id.0.clone()).collect::<Vec<_>>());
        assert_eq!(ids, Some((3000..6000).map(|i| format!("q{i}")).collect()));
    }

    #[test]
    fn the_fixture_is_clean() {
        assert_eq!(messages(ITEM_TYPES), Vec::<String>::new());
    }

    /// A field of another item type names the type it belongs to, for every type.
    #[test]
    fn a_field_of_another_type_names_its_type() {
        // (the line the field is added after, the field, the message's end)
        let choice = "  - id: net-acl\n";
        let order = "    type: order\n";
        let matching = "    type: match\n";
        let text = "    type: text\n";
        let cases = [
            (
                choice,
                "    pairs: [{left: a, right: b}]\n",
                "`pairs` belongs to match questions, not choice; did you mean `type: match`?",
            ),
            (choice, "    extra: [c]\n", "`extra` belongs to match questions, not choice; did you mean `type: match`?"),
            (
                choice,
                "    answers: [a]\n",
                "`answers` belongs to text questions, not choice; did you mean `type: text`?",
            ),
            (order, "    choose: 2\n", "`choose` belongs to choice questions, not order; did you mean `type: choice`?"),
            (order, "    answers: [a]\n", "`answers` belongs to text questions, not order; did you mean `type: text`?"),
            (
                order,
                "    pairs: [{left: a, right: b}]\n",
                "`pairs` belongs to match questions, not order; did you mean `type: match`?",
            ),
            (
                matching,
                "    items: [a, b]\n",
                "`items` belongs to order questions, not match; did you mean `type: order`?",
            ),
            (
                matching,
                "    options: [{text: a}]\n",
                "`options` belongs to choice questions, not match; did you mean `type: choice`?",
            ),
            (
                text,
                "    partial: true\n",
                "`partial` belongs to order and match questions, not text; did you mean `type: order` or `type: match`?",
            ),
            (text, "    items: [a, b]\n", "`items` belongs to order questions, not text; did you mean `type: order`?"),
            (text, "    extra: [c]\n", "`extra` belongs to match questions, not text; did you mean `type: match`?"),
        ];
        for (after, line, want) in cases {
            let got = messages(&with(after, line));
            assert_eq!(got.len(), 1, "{line}: {got:?}");
            assert!(got[0].ends_with(want), "{line}: {got:?}");
        }
    }

    #[test]
    fn an_unknown_type_suggests_the_close_one() {
        for (written, hint) in [
            ("odrer", "did you mean `order`? "),
            ("Match", "did you mean `match`? "),
            ("txet", "did you mean `text`? "),
            ("essay", ""),
        ] {
            let text = ITEM_TYPES.replacen("    type: text\n", &format!("    type: {written}\n"), 1);
            let got = messages(&text);
            assert_eq!(
                got,
                [format!(
                    "51:5: error: question cld-saml: `type: {written}` is not an item type; {hint}use choice, order, match or text"
                )],
            );
        }
    }

    #[test]
    fn at_most_26_right_hand_items() {
        let pairs: String = (0..10).map(|i| format!("      - {{left: l{i}, right: r{i}}}\n")).collect();
        let extras: Vec<String> = (0..17).map(|i| format!("x{i}")).collect();
        let text = ITEM_TYPES.replacen(
            "      - {left: SSH, right: \"22\"}\n      - {left: HTTPS, right: \"443\"}\n      - left: TACACS+\n        right: \"49\"\n    extra: [\"23\"]\n",
            &format!("{pairs}    extra: [{}]\n", extras.join(", ")),
            1,
        );
        assert_eq!(
            messages(&text),
            ["53:5: error: question net-ports: 27 right-hand items (pairs and extras); at most 26 (A to Z)"]
        );
    }

    #[test]
    fn a_testlet_needs_an_id_a_title_and_questions() {
        let no_id = ITEM_TYPES.replacen("  - id: tenant-case\n    domain: cloud\n", "  - domain: cloud\n", 1);
        assert_eq!(messages(&no_id), ["66:3: error: `id` is missing or empty (`~`); write the text"]);
        let no_title = ITEM_TYPES.replacen("    title: A tenant's storage bucket\n", "", 1);
        assert_eq!(
            messages(&no_title),
            ["66:3: error: testlet tenant-case: `title` is missing or empty (`~`); write the text"]
        );
        let at = ITEM_TYPES.find("    questions:\n      - id: tenant-public").expect("the testlet's questions");
        let no_questions = &ITEM_TYPES[..at];
        assert_eq!(
            messages(no_questions),
            ["66:3: error: testlet tenant-case: `questions` is missing; give the testlet 2 to 10 questions"]
        );
    }

    #[test]
    fn a_pair_needs_a_left_and_a_right() {
        let text = ITEM_TYPES.replacen("      - {left: HTTPS, right: \"443\"}\n", "      - {left: HTTPS}\n", 1);
        assert_eq!(
            messages(&text),
            ["44:7: error: question net-ports: `right` is missing or empty (`~`); write the text"]
        );
    }

    #[test]
    fn a_testlet_id_has_the_format_of_a_question_id() {
        let text = ITEM_TYPES.replacen("  - id: tenant-case\n", "  - id: Tenant Case\n", 1);
        assert_eq!(
            messages(&text),
            ["66:5: error: testlet id `Tenant Case` may use only lowercase letters, digits, `-`, `_` and `.`, \
              starting with a letter or digit"]
        );
    }

    /// `domain: ""` on a testlet dropped its questions without a word, and the bank loaded
    /// without them.
    #[test]
    fn an_empty_testlet_domain_is_an_error_reported_once() {
        let text = ITEM_TYPES.replacen(
            "    domain: cloud\n    title: A tenant's",
            "    domain: \"\"\n    title: A tenant's",
            1,
        );
        let files = [SourceText { name: "t.yaml".into(), text: text.clone(), bom: false }];
        assert!(check(&files).bank.is_none());
        assert_eq!(
            messages(&text),
            ["67:5: error: testlet tenant-case: `domain` is empty; name one of the bank's domains, or remove it"]
        );
    }

    #[test]
    fn a_question_of_a_testlet_takes_its_domain_unless_it_names_one() {
        let files = [SourceText { name: "t.yaml".into(), text: ITEM_TYPES.to_owned(), bom: false }];
        let bank = check(&files).bank.expect("valid");
        let domain = |id: &str| {
            let q = bank.questions.iter().find(|q| q.id.0 == id).expect("question");
            (bank.domains[q.domain].id.0.as_str(), q.testlet)
        };
        assert_eq!(domain("tenant-public"), ("cloud", Some(0)));
        assert_eq!(domain("tenant-action"), ("net", Some(0)));
        assert_eq!(domain("cld-saml"), ("cloud", None));
    }
}
