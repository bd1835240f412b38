//! What exporting a bank keeps, changes and leaves out, collected while a writer works so
//! the command can list it: every question left out with why, and every part of the bank
//! the format holds differently or not at all, with the questions concerned.

use serde::Serialize;

use crate::engine::bank::{Bank, Kind, Question};

/// A bank written in another format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exported {
    #[serde(skip)]
    pub text: String,
    pub format: &'static str,
    /// Questions written.
    pub questions: usize,
    /// Parts held differently or dropped; `questions` empty for the bank as a whole.
    pub changes: Vec<Change>,
    /// Questions not written, by reason.
    pub left_out: Vec<Change>,
}

/// One kind of change, and the questions it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub what: String,
    pub questions: Vec<String>,
}

impl Exported {
    pub(crate) fn new(bank: &Bank, format: &'static str) -> Exported {
        let mut ex = Exported { text: String::new(), format, questions: 0, changes: Vec::new(), left_out: Vec::new() };
        let mut used = vec![false; bank.domains.len()];
        for q in &bank.questions {
            used[q.domain] = true;
        }
        for (d, used) in bank.domains.iter().zip(used) {
            if !used {
                ex.change(format!("domain `{}` has no questions, so no category is written for it", d.id), "");
            }
        }
        ex
    }

    pub(crate) fn lose_bank_settings(&mut self, format: &str) {
        self.change(
            format!(
                "exam settings (time, questions, passing score, buffer, vendor) and domain weights: {format} holds \
                 none; give them to `proctor import` again (--minutes, --questions, --passing, --weights)"
            ),
            "",
        );
    }

    /// Records `what` for question `q` (or for the bank when `q` is empty).
    pub(crate) fn change(&mut self, what: String, q: &str) {
        add(&mut self.changes, what, q);
    }

    pub(crate) fn leave_out(&mut self, q: &str, why: &str) {
        add(&mut self.left_out, why.to_owned(), q);
    }

    /// Counts `q` as written and records what neither format holds of it.
    pub(crate) fn count(&mut self, q: &Question, format: &str) {
        self.questions += 1;
        let id = &q.id.0;
        if q.options.iter().any(|o| o.trap.is_some()) {
            self.change(format!("`trap` on wrong options: {format} has no place for it; dropped"), id);
        }
        if !q.terms.is_empty() {
            self.change(format!("`terms`: {format} has no place for them; dropped"), id);
        }
        if !q.refs.is_empty() {
            self.change(format!("`refs`: {format} has no place for them; dropped"), id);
        }
        if q.difficulty.is_some() {
            self.change(format!("`difficulty`: {format} has no place for it; dropped"), id);
        }
        if q.kind == Kind::Match && !q.partial {
            self.change(
                "all-or-nothing matching: Moodle gives credit pair by pair, so it comes back with `partial: true`"
                    .into(),
                id,
            );
        }
        if q.kind == Kind::Choice && q.is_multi() {
            self.change(
                "multiple response: written with a share of the credit per right option and -100% per wrong one; \
                 Proctor scores it all or nothing, and reads it back the same"
                    .into(),
                id,
            );
        }
        if q.exhibit.is_some() {
            self.change(
                "exhibit: written into the question text as preformatted text (HTML <pre>); `proctor import` reads it back as the exhibit"
                    .into(),
                id,
            );
        }
    }
}

fn add(list: &mut Vec<Change>, what: String, q: &str) {
    let entry = match list.iter_mut().position(|c| c.what == what) {
        Some(i) => &mut list[i],
        None => {
            list.push(Change { what, questions: Vec::new() });
            list.last_mut().expect("just pushed")
        }
    };
    if !q.is_empty() {
        entry.questions.push(q.to_owned());
    }
}

/// A question as a format without testlets writes it: the testlet's scenario before the
/// stem, the testlet's exhibit before the question's own.
pub(crate) struct Flat<'a> {
    pub question: &'a Question,
    pub stem: String,
    pub exhibit: Option<String>,
}

/// The bank's questions in order, testlets flattened (and recorded as a change).
pub(crate) fn flatten<'a>(bank: &'a Bank, format: &str, ex: &mut Exported) -> Vec<Flat<'a>> {
    bank.questions
        .iter()
        .map(|q| match q.testlet.and_then(|t| bank.testlets.get(t)) {
            None => Flat { question: q, stem: q.stem.clone(), exhibit: q.exhibit.clone() },
            Some(t) => {
                ex.change(
                    format!(
                        "testlet `{}`: {format} has no testlets; each of its questions is written on its own with the \
                         scenario (and its exhibit) before the stem",
                        t.id
                    ),
                    &q.id.0,
                );
                let stem = format!("{}\n\n{}", t.scenario.trim_end(), q.stem);
                let exhibit = match (&t.exhibit, &q.exhibit) {
                    (Some(a), Some(b)) => Some(format!("{}\n\n{}", a.trim_end(), b)),
                    (a, b) => a.clone().or(b.clone()),
                };
                Flat { question: q, stem, exhibit }
            }
        })
        .collect()
}
