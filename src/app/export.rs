//! "Export session S": every answer of one session (or all) with its question, domain,
//! correctness, time and cause, as typed rows for CSV or JSON.

use serde::Serialize;

use crate::engine::bank::{Bank, LoadedBank, catalog};
use crate::engine::diagnosis;
use crate::engine::history::record::FrozenItem;
use crate::engine::history::{Store, StoreError, Stored};

/// One answer, for spreadsheets.
#[derive(Debug, Serialize)]
pub struct ExportRow {
    pub session: String,
    pub bank: String,
    pub item: usize,
    pub question: String,
    pub domain: String,
    pub selection: String,
    pub correct: bool,
    pub seconds: f64,
    pub guess: bool,
    pub changed: bool,
    pub unanswered: String,
    pub cause: String,
    pub cause_source: String,
    pub reason: String,
}

/// No session of that id.
#[derive(Debug, thiserror::Error)]
#[error("no session `{0}`; `proctor history` lists them")]
pub struct NoSuchSession(pub String);

/// The rows of the session `spec` means (`latest` or an id), or of every session when
/// `None`; also the journals that could not be read.
pub fn export_rows(
    store: &Store,
    banks: &[LoadedBank],
    spec: Option<&str>,
) -> Result<(Vec<ExportRow>, Vec<StoreError>), NoSuchSession> {
    let scan = store.scan();
    let mut sessions: Vec<&Stored> = scan.sessions.iter().collect();
    sessions.sort_by_key(|s| s.start.started_at);
    let chosen: Vec<&Stored> = match spec {
        None => sessions,
        Some("latest") => sessions.last().copied().into_iter().collect(),
        Some(id) => match sessions.iter().find(|s| s.id() == id) {
            Some(s) => vec![*s],
            None => return Err(NoSuchSession(id.to_owned())),
        },
    };
    let rows = chosen.iter().flat_map(|s| rows(s, banks)).collect();
    Ok((rows, scan.problems))
}

fn rows(s: &Stored, banks: &[LoadedBank]) -> Vec<ExportRow> {
    let bank: Option<&Bank> =
        catalog::find_for_session(banks, &s.start.bank_sha256, &s.start.bank_id).map(|i| &banks[i].bank);
    let answers = s.complete_answers();
    let confirmed_causes = s.confirmed();
    let confirmed = |item: usize| confirmed_causes.get(&item).map(|c| c.cause.name().to_owned());
    answers
        .iter()
        .filter_map(|a| {
            let f: &FrozenItem = s.start.paper.get(a.item)?;
            let q = bank.and_then(|b| b.questions.iter().find(|q| q.id == f.question));
            let (cause, source, reason) = match (confirmed(a.item), q.and_then(|q| diagnosis::suggest(q, a))) {
                (Some(c), _) => (c, "confirmed".to_owned(), String::new()),
                (None, Some(sug)) => (
                    sug.suggested.name().to_owned(),
                    if sug.low_confidence { "suggested (low confidence)".into() } else { "suggested".into() },
                    sug.reason,
                ),
                (None, None) => (String::new(), String::new(), String::new()),
            };
            let letters: String = f
                .order
                .iter()
                .enumerate()
                .filter(|(_, o)| a.selection.contains(o))
                .map(|(p, _)| (b'A' + p as u8) as char)
                .collect();
            Some(ExportRow {
                session: s.id().to_owned(),
                bank: s.start.bank_id.clone(),
                item: a.item + 1,
                question: f.question.0.clone(),
                domain: f.domain.0.clone(),
                selection: letters,
                correct: a.correct,
                seconds: a.seconds,
                guess: a.guess,
                changed: a.changed,
                unanswered: a.unanswered.map(|u| format!("{u:?}").to_lowercase()).unwrap_or_default(),
                cause,
                cause_source: source,
                reason,
            })
        })
        .collect()
}
