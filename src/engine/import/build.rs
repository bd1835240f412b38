//! From imported items to a bank: each item checked against the bank's rules (one that
//! breaks them is reported and left out, never dropped silently), filed in a domain (its
//! category, or `--domain`, or the file's name), given a stable id, and weighted; or
//! merged into an existing bank, whose ids, domains and settings are kept and whose
//! questions are not added twice.

use std::collections::{HashMap, HashSet};

use super::{Body, Item, Parsed, Pos, forbidden_char, is_valid_id, same_text, slug};
use crate::engine::bank::{Bank, Choice, Domain, DomainId, Exam, Kind, MAX_BANK_ID_LEN, Question, QuestionId, letter};
use crate::engine::blueprint::apportion;

/// The longest paper and time limit a bank may ask for, as validation has them.
const MAX_QUESTIONS: u32 = 10_000;
const MAX_MINUTES: u32 = 1440;
pub const DEFAULT_PASSING: u8 = 70;

/// What the bank is to be, from the command line; `None` takes the default (or, when
/// merging, what the bank already says).
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub id: String,
    pub title: String,
    pub minutes: Option<u32>,
    pub questions: Option<u32>,
    pub passing: Option<u8>,
    /// Every imported question goes into this domain.
    pub domain: Option<String>,
    /// Every domain's weight, summing to 100.
    pub weights: Option<Vec<(String, u32)>>,
}

/// One file read: its name as shown, what to call its default domain, what its reader made of it.
#[derive(Debug, Clone)]
pub struct Source {
    pub file: String,
    /// The file's stem, the domain of questions it files under no category.
    pub stem: String,
    pub parsed: Parsed,
}

/// A message about a place in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub file: String,
    pub pos: Pos,
    pub message: String,
}

impl std::fmt::Display for Located {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.pos.line)?;
        if self.pos.column > 0 {
            write!(f, ":{}", self.pos.column)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Questions per input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCount {
    pub file: String,
    pub imported: usize,
    pub skipped: usize,
    pub duplicates: usize,
}

/// A domain of the resulting bank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainLine {
    pub id: String,
    pub name: String,
    /// Questions this import added to it.
    pub imported: usize,
    /// Questions it holds in all.
    pub questions: usize,
    pub weight: u32,
    /// It was not in the bank merged into.
    pub new: bool,
}

/// Where the domain weights came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weights {
    Given,
    /// The bank merged into already had them and no domain was added.
    Kept,
    /// Proportional to the questions per domain.
    Counted,
}

/// What the import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub imported: usize,
    pub files: Vec<FileCount>,
    pub domains: Vec<DomainLine>,
    pub skipped: Vec<Located>,
    pub notes: Vec<Located>,
    pub duplicates: Vec<Located>,
    pub weights: Weights,
    /// Questions that were in the bank merged into.
    pub kept: usize,
}

/// A bank could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("no question could be imported{}", if *.0 == 0 { String::new() } else { format!(" ({} left out; see above)", .0) })]
    NothingImported(usize),
    #[error("{0}")]
    Setting(String),
    #[error("{0}")]
    Weights(String),
}

/// The bank the sources make (merged into `into` when given), and what was done.
pub fn build(sources: Vec<Source>, opts: &Options, into: Option<Bank>) -> Result<(Bank, Report), BuildError> {
    check_options(opts)?;
    let merging = into.is_some();
    let (mut exam, mut domains, mut questions, testlets) = match into {
        Some(b) => (Some(b.exam), b.domains, b.questions, b.testlets),
        None => (None, Vec::new(), Vec::new(), Vec::new()),
    };
    let kept = questions.len();
    let known_domains = domains.len();
    let mut used: HashSet<String> = questions.iter().map(|q| q.id.0.clone()).collect();
    let mut seen: HashMap<String, String> =
        questions.iter().map(|q| (question_key(q), format!("`{}`", q.id))).collect();
    let mut report = Report {
        imported: 0,
        files: Vec::new(),
        domains: Vec::new(),
        skipped: Vec::new(),
        notes: Vec::new(),
        duplicates: Vec::new(),
        weights: Weights::Counted,
        kept,
    };
    let mut imported_per_domain: HashMap<usize, usize> = HashMap::new();
    let mut counters: HashMap<usize, usize> = HashMap::new();
    for source in sources {
        let at = |pos: Pos, message: String| Located { file: source.file.clone(), pos, message };
        let mut count = FileCount { file: source.file.clone(), imported: 0, skipped: 0, duplicates: 0 };
        for s in &source.parsed.skipped {
            report.skipped.push(at(s.pos, s.reason.clone()));
        }
        count.skipped = source.parsed.skipped.len();
        for n in &source.parsed.notes {
            report.notes.push(at(n.pos, n.message.clone()));
        }
        for item in source.parsed.items {
            let shape = match shape(&item) {
                Ok(s) => s,
                Err(reason) => {
                    report.skipped.push(at(item.pos, reason));
                    count.skipped += 1;
                    continue;
                }
            };
            let key = key_of(&shape, &item.stem);
            if let Some(first) = seen.get(&key) {
                let message = if first.starts_with('`') {
                    format!("already in the bank as {first}; not added again")
                } else {
                    format!("repeats the question at {first}; imported once")
                };
                report.duplicates.push(at(item.pos, message));
                count.duplicates += 1;
                continue;
            }
            seen.insert(key, format!("{}:{}", source.file, item.pos.line));
            let domain = domain_for(&mut domains, &item, opts, &source.stem);
            let id = question_id(&item, &domains[domain].id.0, &mut used, counters.entry(domain).or_insert(0));
            questions.push(Question {
                id: QuestionId(id),
                domain,
                stem: item.stem,
                kind: shape.kind,
                choose: shape.choose,
                options: shape.options,
                lefts: shape.lefts,
                answers: shape.answers,
                partial: shape.partial,
                exhibit: item.exhibit,
                testlet: None,
                explanation: item.explanation,
                terms: Vec::new(),
                refs: Vec::new(),
                difficulty: None,
                objective: None,
                enemies: Vec::new(),
            });
            *imported_per_domain.entry(domain).or_insert(0) += 1;
            count.imported += 1;
            report.imported += 1;
        }
        report.files.push(count);
    }
    if questions.is_empty() {
        return Err(BuildError::NothingImported(report.skipped.len()));
    }
    let counts: Vec<usize> = {
        let mut c = vec![0; domains.len()];
        for q in &questions {
            c[q.domain] += 1;
        }
        c
    };
    let keep = merging && domains.len() == known_domains;
    report.weights = weigh(&mut domains, &counts, opts, keep)?;
    let total = questions.len() as u32;
    let exam = make_exam(exam.take(), opts, total);
    for (i, d) in domains.iter().enumerate() {
        report.domains.push(DomainLine {
            id: d.id.0.clone(),
            name: d.name.clone(),
            imported: imported_per_domain.get(&i).copied().unwrap_or(0),
            questions: counts[i],
            weight: d.weight,
            new: i >= known_domains,
        });
    }
    Ok((Bank { exam, domains, questions, testlets }, report))
}

fn check_options(opts: &Options) -> Result<(), BuildError> {
    if !is_valid_id(&opts.id) || opts.id.len() > MAX_BANK_ID_LEN {
        return Err(BuildError::Setting(format!(
            "`{}` is not a bank id: use at most {MAX_BANK_ID_LEN} lowercase letters, digits, `-`, `_` and `.`, starting with a letter or digit (give one with --id)",
            opts.id
        )));
    }
    if opts.title.trim().is_empty() || forbidden_char(&opts.title).is_some() {
        return Err(BuildError::Setting("the title must be text without control characters (--title)".into()));
    }
    if let Some(d) = &opts.domain
        && !is_valid_id(d)
    {
        return Err(BuildError::Setting(format!(
            "`{d}` is not a domain id: use lowercase letters, digits, `-`, `_` and `.`, starting with a letter or digit"
        )));
    }
    let check = |what: &str, v: Option<u32>, hi: u32| match v {
        Some(n) if !(1..=hi).contains(&n) => Err(BuildError::Setting(format!("{what} is {n}; give 1 to {hi}"))),
        _ => Ok(()),
    };
    check("--minutes", opts.minutes, MAX_MINUTES)?;
    check("--questions", opts.questions, MAX_QUESTIONS)?;
    check("--passing", opts.passing.map(u32::from), 100)?;
    Ok(())
}

/// The exam: the bank's own when merging, else the defaults (the paper holds every
/// question, a minute each, passing at 70%); options given override either.
fn make_exam(existing: Option<Exam>, opts: &Options, total: u32) -> Exam {
    let mut exam = existing.unwrap_or_else(|| {
        let questions = opts.questions.unwrap_or(total.clamp(1, MAX_QUESTIONS));
        Exam {
            id: opts.id.clone(),
            title: opts.title.clone(),
            vendor: None,
            minutes: questions.clamp(1, MAX_MINUTES),
            questions,
            passing_score: DEFAULT_PASSING,
            buffer: 10,
            description: None,
            blueprint: None,
        }
    });
    exam.id.clone_from(&opts.id);
    exam.title.clone_from(&opts.title);
    if let Some(q) = opts.questions {
        exam.questions = q;
    }
    if let Some(m) = opts.minutes {
        exam.minutes = m;
    }
    if let Some(p) = opts.passing {
        exam.passing_score = p;
    }
    exam.buffer = exam.buffer.min(100 - exam.passing_score);
    exam
}

/// Sets every domain's weight: as given, kept (merging without a new domain), or in
/// proportion to its questions (largest remainder to 100, at least 1 each).
fn weigh(domains: &mut [Domain], counts: &[usize], opts: &Options, keep: bool) -> Result<Weights, BuildError> {
    if let Some(given) = &opts.weights {
        let ids: Vec<&str> = domains.iter().map(|d| d.id.0.as_str()).collect();
        let known = ids.join(", ");
        let mut set: HashMap<&str, u32> = HashMap::new();
        for (id, w) in given {
            if !ids.contains(&id.as_str()) {
                return Err(BuildError::Weights(format!(
                    "--weights names `{id}`, which is not a domain of the bank ({known})"
                )));
            }
            if set.insert(id, *w).is_some() {
                return Err(BuildError::Weights(format!("--weights gives `{id}` twice")));
            }
            if !(1..=100).contains(w) {
                return Err(BuildError::Weights(format!("--weights gives `{id}` {w}; a weight is 1 to 100")));
            }
        }
        let missing: Vec<&str> = ids.iter().filter(|i| !set.contains_key(*i)).copied().collect();
        if !missing.is_empty() {
            return Err(BuildError::Weights(format!(
                "--weights leaves out {}; give every domain ({known})",
                missing.join(", ")
            )));
        }
        let sum: u32 = set.values().sum();
        if sum != 100 {
            return Err(BuildError::Weights(format!("--weights sum to {sum}; they must sum to 100")));
        }
        for d in domains.iter_mut() {
            d.weight = set[d.id.0.as_str()];
        }
        return Ok(Weights::Given);
    }
    if keep {
        return Ok(Weights::Kept);
    }
    if domains.len() > 100 {
        return Err(BuildError::Weights(format!(
            "{} domains, but each needs a weight of at least 1 in 100; put questions together with --domain",
            domains.len()
        )));
    }
    let mut weights: Vec<usize> = apportion(&counts.iter().map(|&c| c.max(1) as u32).collect::<Vec<_>>(), 100);
    while let Some(zero) = weights.iter().position(|&w| w == 0) {
        let (largest, _) =
            weights.iter().enumerate().max_by_key(|&(i, w)| (*w, std::cmp::Reverse(i))).unwrap_or((0, &0));
        weights[largest] -= 1;
        weights[zero] += 1;
    }
    for (d, w) in domains.iter_mut().zip(weights) {
        d.weight = w as u32;
    }
    Ok(Weights::Counted)
}

/// The domain an item goes in, added when new: `--domain`, else its category (by id, then
/// by name), else the file's.
fn domain_for(domains: &mut Vec<Domain>, item: &Item, opts: &Options, file_stem: &str) -> usize {
    let (wanted_id, name) = match (&opts.domain, &item.category) {
        (Some(d), _) => (Some(d.clone()), d.clone()),
        (None, Some(c)) => (c.id.clone().filter(|i| is_valid_id(i)), c.name.clone()),
        (None, None) => (None, file_stem.to_owned()),
    };
    if let Some(id) = &wanted_id
        && let Some(i) = domains.iter().position(|d| d.id.0 == *id)
    {
        return i;
    }
    if wanted_id.is_none()
        && let Some(i) = domains.iter().position(|d| same_text(&d.name, &name))
    {
        return i;
    }
    let base =
        wanted_id.unwrap_or_else(|| Some(slug(&name)).filter(|s| !s.is_empty()).unwrap_or_else(|| "domain".into()));
    let mut id = base.clone();
    let mut n = 2;
    while domains.iter().any(|d| d.id.0 == id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    let name = if name.trim().is_empty() { id.clone() } else { name };
    domains.push(Domain { id: DomainId(id), name, weight: 0, objectives: Vec::new() });
    domains.len() - 1
}

/// A stable id: the source's own id when valid, else its title's slug, else the domain's
/// id and a counter; a taken id gets `-2`, `-3`, … after it.
fn question_id(item: &Item, domain: &str, used: &mut HashSet<String>, counter: &mut usize) -> String {
    let own = item
        .id
        .as_deref()
        .map(str::trim)
        .filter(|i| is_valid_id(i))
        .map(str::to_owned)
        .or_else(|| item.name.as_deref().map(slug).filter(|s| !s.is_empty()));
    let id = match own {
        Some(base) => {
            let mut id = base.clone();
            let mut n = 2;
            while used.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            id
        }
        None => loop {
            *counter += 1;
            let id = format!("{domain}-{:03}", *counter);
            if !used.contains(&id) {
                break id;
            }
        },
    };
    used.insert(id.clone());
    id
}

/// An item in the bank's terms, checked against the bank's rules.
struct Shape {
    kind: Kind,
    choose: usize,
    options: Vec<Choice>,
    lefts: Vec<String>,
    answers: Vec<String>,
    partial: bool,
}

/// The item as the bank holds it, or why it cannot be (the rules `validate` enforces).
fn shape(item: &Item) -> Result<Shape, String> {
    if item.stem.trim().is_empty() {
        return Err("the question has no text".into());
    }
    let mut texts: Vec<&str> = vec![&item.stem];
    texts.extend(item.exhibit.as_deref());
    texts.extend(item.explanation.as_deref());
    match &item.body {
        Body::Choice(o) => {
            texts.extend(o.iter().flat_map(|o| std::iter::once(o.text.as_str()).chain(o.why.as_deref())))
        }
        Body::Order { items, .. } => texts.extend(items.iter().map(String::as_str)),
        Body::Match { pairs, extra, .. } => {
            texts.extend(pairs.iter().flat_map(|p| [p.0.as_str(), p.1.as_str()]));
            texts.extend(extra.iter().map(String::as_str));
        }
        Body::Text(answers) => texts.extend(answers.iter().map(String::as_str)),
    }
    if let Some(c) = texts.iter().find_map(|t| forbidden_char(t)) {
        return Err(format!(
            "the text holds the control character U+{:04X}, which a bank may not (it could drive the terminal)",
            c as u32
        ));
    }
    let shape = match &item.body {
        Body::Choice(options) => {
            if !(2..=10).contains(&options.len()) {
                return Err(format!("{} option(s); a choice question needs 2 to 10", options.len()));
            }
            for (i, o) in options.iter().enumerate() {
                if o.text.trim().is_empty() {
                    return Err(format!("option {} has no text", letter(i)));
                }
                if let Some(j) = options[..i].iter().position(|p| same_text(&p.text, &o.text)) {
                    return Err(format!("options {} and {} have the same text, `{}`", letter(j), letter(i), o.text));
                }
            }
            let correct = options.iter().filter(|o| o.correct).count();
            if correct == 0 {
                return Err("no option is marked right".into());
            }
            Shape {
                kind: Kind::Choice,
                choose: correct,
                options: options
                    .iter()
                    .map(|o| Choice {
                        text: o.text.clone(),
                        correct: o.correct,
                        why: o.why.clone(),
                        trap: None,
                        pin: o.pin,
                    })
                    .collect(),
                lefts: Vec::new(),
                answers: Vec::new(),
                partial: false,
            }
        }
        Body::Order { items, partial } => {
            distinct(items, "item", 2)?;
            Shape {
                kind: Kind::Order,
                choose: items.len(),
                options: items.iter().cloned().map(Choice::item).collect(),
                lefts: Vec::new(),
                answers: Vec::new(),
                partial: *partial,
            }
        }
        Body::Match { pairs, extra, partial } => {
            let lefts: Vec<String> = pairs.iter().map(|p| p.0.clone()).collect();
            let mut rights: Vec<String> = pairs.iter().map(|p| p.1.clone()).collect();
            distinct(&lefts, "left-hand item", 2)?;
            distinct(&rights, "right-hand item", 2)?;
            rights.extend(extra.iter().cloned());
            distinct(&rights, "right-hand item (extras included)", 2)?;
            if rights.len() > 26 {
                return Err(format!("{} right-hand items; at most 26", rights.len()));
            }
            Shape {
                kind: Kind::Match,
                choose: lefts.len(),
                options: rights.iter().cloned().map(Choice::item).collect(),
                lefts: lefts.clone(),
                answers: Vec::new(),
                partial: *partial,
            }
        }
        Body::Text(answers) => {
            let answers: Vec<String> = answers.iter().filter(|a| !a.trim().is_empty()).cloned().collect();
            if answers.is_empty() {
                return Err("no accepted answer".into());
            }
            Shape { kind: Kind::Text, choose: 1, options: Vec::new(), lefts: Vec::new(), answers, partial: false }
        }
    };
    Ok(shape)
}

/// 2 to 10 distinct, non-empty texts (for the match's right side with its extras, the
/// upper bound is checked apart).
fn distinct(items: &[String], what: &str, min: usize) -> Result<(), String> {
    let extras = what.contains("extras");
    if items.len() < min || (!extras && items.len() > 10) {
        return Err(format!("{} {what}(s); the question needs {min} to 10", items.len()));
    }
    for (i, t) in items.iter().enumerate() {
        if t.trim().is_empty() {
            return Err(format!("{what} {} has no text", i + 1));
        }
        if let Some(j) = items[..i].iter().position(|p| same_text(p, t)) {
            return Err(format!("{what}s {} and {} have the same text, `{t}`", j + 1, i + 1));
        }
    }
    Ok(())
}

/// Same stem and same options (in any order, case and spacing aside): the same question.
fn key(kind: Kind, stem: &str, texts: Vec<&str>) -> String {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let mut parts: Vec<String> = texts.into_iter().map(norm).collect();
    parts.sort();
    format!("{}\u{1}{}\u{1}{}", kind.name(), norm(stem), parts.join("\u{2}"))
}

fn question_key(q: &Question) -> String {
    let mut texts: Vec<&str> = q.options.iter().map(|o| o.text.as_str()).collect();
    texts.extend(q.lefts.iter().map(String::as_str));
    texts.extend(q.answers.iter().map(String::as_str));
    key(q.kind, &q.stem, texts)
}

fn key_of(shape: &Shape, stem: &str) -> String {
    let mut texts: Vec<&str> = shape.options.iter().map(|o| o.text.as_str()).collect();
    texts.extend(shape.lefts.iter().map(String::as_str));
    texts.extend(shape.answers.iter().map(String::as_str));
    key(shape.kind, stem, texts)
}
