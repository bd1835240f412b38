//! "Export session S": every answer of one session (or all) with its question, domain,
//! correctness, time and cause, as typed rows for CSV or JSON.

use serde::Serialize;

use crate::engine::bank::{Bank, Kind, LoadedBank, Question, catalog};
use crate::engine::diagnosis;
use crate::engine::history::record::FrozenItem;
use crate::engine::history::{Store, StoreError, Stored};

/// One answer, for spreadsheets. A value that does not apply is `None` (JSON `null`, an
/// empty CSV cell), never an empty string standing for one.
#[derive(Debug, Serialize)]
pub struct ExportRow {
    pub session: String,
    pub bank: String,
    pub item: usize,
    pub question: String,
    /// The question's text, when its bank is still at hand.
    pub stem: Option<String>,
    pub domain: String,
    /// The item type: choice, order, match or text.
    #[serde(rename = "type")]
    pub kind: String,
    /// As the candidate answered, in the letters they saw (`shown_answer`), or the text typed.
    pub selection: String,
    pub correct: bool,
    /// The share of the question earned, partial credit included.
    pub credit: f64,
    /// What the candidate answered, in words: the options chosen, the items in their
    /// order, each pair, or the text typed (when the bank is at hand).
    pub answer: Option<String>,
    /// The right answer in words.
    pub right_answer: Option<String>,
    pub seconds: f64,
    pub guess: bool,
    pub changed: bool,
    pub unanswered: Option<String>,
    pub cause: Option<String>,
    pub cause_source: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
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
    let note = |item: usize| confirmed_causes.get(&item).and_then(|c| c.note.clone());
    answers
        .iter()
        .filter_map(|a| {
            let f: &FrozenItem = s.start.paper.get(a.item)?;
            let q = bank.and_then(|b| b.questions.iter().find(|q| q.id == f.question));
            let (cause, source, reason) = match (confirmed(a.item), q.and_then(|q| diagnosis::suggest(q, a))) {
                (Some(c), _) => (Some(c), Some("confirmed".to_owned()), None),
                (None, Some(sug)) => (
                    Some(sug.suggested.name().to_owned()),
                    Some(if sug.low_confidence { "suggested (low confidence)".into() } else { "suggested".into() }),
                    Some(sug.reason),
                ),
                (None, None) => (None, None, None),
            };
            Some(ExportRow {
                session: s.id().to_owned(),
                bank: s.start.bank_id.clone(),
                item: a.item + 1,
                question: f.question.0.clone(),
                stem: q.map(|q| q.stem.trim_end().to_owned()),
                domain: f.domain.0.clone(),
                kind: f.kind.name().to_owned(),
                selection: crate::engine::review::shown_answer(f.kind, &f.order, a),
                correct: a.correct,
                credit: a.credit(),
                answer: q.map(|q| in_words(q, &a.selection, a.typed.as_deref())).filter(|w| !w.is_empty()),
                right_answer: q.map(|q| in_words(q, &q.key(), q.answers.first().map(String::as_str))),
                seconds: a.seconds,
                guess: a.guess,
                changed: a.changed,
                unanswered: a.unanswered.map(|u| format!("{u:?}").to_lowercase()),
                cause,
                cause_source: source,
                reason,
                note: note(a.item),
            })
        })
        .collect()
}

/// An answer in the words of the question: option texts joined by ` | `, order items by
/// ` → `, pairs as `left = right` joined by `; `, or the text.
fn in_words(q: &Question, selection: &[u8], typed: Option<&str>) -> String {
    let text = |i: &u8| q.options.get(usize::from(*i)).map(|o| o.text.trim().to_owned());
    match q.kind {
        Kind::Text => typed.unwrap_or_default().to_owned(),
        Kind::Choice => selection.iter().filter_map(text).collect::<Vec<_>>().join(" | "),
        Kind::Order => selection.iter().filter_map(text).collect::<Vec<_>>().join(" → "),
        Kind::Match => q
            .lefts
            .iter()
            .zip(selection)
            .filter_map(|(l, r)| Some(format!("{l} = {}", text(r)?)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::engine::blueprint::{Paper, PaperItem};
    use crate::engine::history::{Body, Journal, Recorder};
    use crate::engine::session::{Command, Mode, Session, Settings};

    /// `export` gave only ids and letters, and "" for what did not apply (#16): each row
    /// now has the stem, the answer and the right answer in words, and nulls.
    #[test]
    fn export_gave_only_ids_and_letters() {
        let loaded = crate::engine::bank::load::load_str(
            "item-types-demo.yaml",
            include_str!("../../question_banks/item-types-demo.yaml"),
        )
        .expect("demo bank");
        let b = &loaded.bank;
        let ids = ["demo-ports-match", "demo-ike-order", "demo-aaa-cmd"];
        let items = ids
            .iter()
            .map(|id| {
                let q = b.questions.iter().position(|q| q.id.0 == *id).expect("question");
                PaperItem { question: q, order: (0..b.questions[q].options.len() as u8).collect(), testlet: None }
            })
            .collect();
        let settings = Settings { mode: Mode::Drill, limit_secs: None, feedback: false, full_length: false };
        let mut s = Session::new(b, Paper { items }, settings);
        let mut rec = Recorder::new(&loaded, &s, 1);
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date");
        let mut journal: Option<Journal> = None;
        let cmds = [0, 1, 3, 5]
            .map(Command::Select)
            .into_iter()
            .chain([Command::Submit { confirmed: false }])
            .chain([0, 1, 2, 3].map(Command::Select))
            .chain([
                Command::Submit { confirmed: false },
                Command::Type("aaa new-model".into()),
                Command::Submit { confirmed: false },
            ]);
        for (i, cmd) in std::iter::once(Command::Start).chain(cmds).enumerate() {
            let e = s.apply(cmd, t0 + Duration::seconds(i as i64 * 20)).expect("command");
            for r in rec.record(e, &s) {
                match (&r.body, journal.as_mut()) {
                    (Body::Start(start), None) => journal = Some(store.begin(start).expect("begin")),
                    (_, Some(j)) => j.append(&r).expect("append"),
                    (_, None) => panic!("a record before the start"),
                }
            }
        }
        let (rows, problems) = export_rows(&store, std::slice::from_ref(&loaded), None).expect("rows");
        assert!(problems.is_empty());
        let [pairs, order, typed] = &rows[..] else { panic!("three rows: {rows:?}") };
        assert_eq!(pairs.kind, "match");
        assert_eq!(pairs.selection, "ABDF");
        assert_eq!(pairs.answer.as_deref(), Some("SSH = 22; HTTPS = 443; RADIUS authentication = 49; TACACS+ = 3389"));
        assert_eq!(
            pairs.right_answer.as_deref(),
            Some("SSH = 22; HTTPS = 443; RADIUS authentication = 1812; TACACS+ = 49")
        );
        assert_eq!(pairs.stem.as_deref(), Some("Match each management protocol to its default port."));
        assert_eq!(pairs.cause.as_deref(), Some("concept"), "a wrong answer gets a suggestion");
        assert!(pairs.note.is_none() && pairs.unanswered.is_none());
        assert_eq!(order.answer.as_deref(), Some("IKE_SA_INIT → IKE_AUTH → CREATE_CHILD_SA → INFORMATIONAL"));
        assert!(order.correct && order.cause.is_none() && order.reason.is_none());
        assert_eq!((typed.kind.as_str(), typed.selection.as_str()), ("text", "aaa new-model"));
        assert_eq!(typed.right_answer.as_deref(), Some("aaa new-model"));
    }
}
