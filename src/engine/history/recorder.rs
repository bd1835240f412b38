//! The one way a session reaches its journal: each `Event` that `Session::apply` (or
//! `tick`) returns is turned here into the journal record it stands for. Nothing compares
//! answer lists after the fact, so what is written is exactly what happened, in order.

use crate::engine::bank::LoadedBank;
use crate::engine::session::{Event, Phase, Session, Unanswered};

use super::record::{self, AnswerRecord, ExamInfo, FinishRecord, LeaveRecord};
use super::{Body, Record, StartRecord, session_id};

/// Turns one session's events into journal records. Made when the paper is drawn, so the
/// start record can freeze the paper against the bank it came from.
#[derive(Debug, Clone)]
pub struct Recorder {
    /// The start record with everything but the start time, deadline and id filled in.
    start: StartRecord,
}

impl Recorder {
    /// A recorder for a new session drawn from `bank` with `seed` (not started yet).
    pub fn new(bank: &LoadedBank, session: &Session, seed: u64) -> Recorder {
        let b = &bank.bank;
        let start = StartRecord {
            session: String::new(),
            bank_id: b.exam.id.clone(),
            bank_title: b.exam.title.clone(),
            bank_sha256: bank.sha256.clone(),
            bank_source: bank.source.display(),
            mode: session.settings.mode,
            seed,
            settings: session.settings.clone(),
            exam: ExamInfo {
                questions: b.exam.questions,
                minutes: b.exam.minutes,
                passing_score: b.exam.passing_score,
                buffer: b.exam.buffer,
            },
            domains: b.domains.iter().map(|d| (d.id.clone(), d.name.clone())).collect(),
            paper: record::freeze(b, session),
            started_at: chrono::DateTime::UNIX_EPOCH,
            deadline: None,
        };
        Recorder { start }
    }

    /// Marks which paper items the candidate had never been shown (by position).
    pub fn with_new(mut self, new: &[bool]) -> Recorder {
        for (item, &n) in self.start.paper.iter_mut().zip(new) {
            item.new = Some(n);
        }
        self
    }

    /// A recorder continuing a journal that already holds `start`.
    pub fn resuming(start: StartRecord) -> Recorder {
        Recorder { start }
    }

    /// The start record this recorder writes (or wrote).
    pub fn start(&self) -> &StartRecord {
        &self.start
    }

    /// The journal records `event` stands for, read from `session` just after the event.
    /// Events that change nothing durable (a selection, the guess flag) have none; the
    /// answer that completes a paper also brings the finish record.
    pub fn record(&mut self, event: Event, session: &Session) -> Vec<Record> {
        let mut out = Vec::new();
        match event {
            Event::Started => {
                let Some(started) = session.started_at() else { return out };
                self.start.started_at = started;
                self.start.deadline = session.deadline();
                self.start.session = session_id(&self.start.bank_id, started, self.start.seed);
                out.push(Record::new(Body::Start(Box::new(self.start.clone()))));
            }
            Event::Submitted { item } if session.draft(item).is_some() => {
                let draft = session.draft(item).map(AnswerRecord::from_answer);
                out.extend(draft.map(|d| Record::new(Body::Draft(d))));
                return out;
            }
            Event::Left { first, end } => {
                let answers = session.answers().get(first..end).unwrap_or_default().to_vec();
                // Unanswered ones are dated at the leaving: the latest is when it was left.
                let at = answers.iter().map(|a| a.at).max().unwrap_or_default();
                out.push(Record::new(Body::Leave(LeaveRecord { answers, at })));
            }
            Event::Submitted { item } => {
                // Questions left at time-up or abandonment are implied by the finish record.
                if let Some(a) = session.answers().get(item)
                    && !matches!(a.unanswered, Some(Unanswered::Time | Unanswered::Abandoned))
                {
                    out.push(Record::new(Body::Answer(AnswerRecord::from_answer(a))));
                }
            }
            Event::Finished(_) => {}
            Event::SelectionChanged | Event::GuessToggled | Event::Continued | Event::Stepped => return out,
        }
        // A paper can end with the event that finished it (the last answer without
        // feedback, an empty paper at the start) as well as by an explicit finish.
        let ends = match event {
            Event::Finished(_) => true,
            Event::Started => session.is_finished(),
            Event::Submitted { item } => session.is_finished() && item + 1 == session.len() && !out.is_empty(),
            Event::Left { end, .. } => session.is_finished() && end == session.len(),
            _ => false,
        };
        if ends && let (Phase::Finished(reason), Some(finished_at)) = (session.phase(), session.finished_at()) {
            out.push(Record::new(Body::Finish(FinishRecord {
                reason,
                finished_at,
                clock_anomaly: session.clock_anomaly(),
            })));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::engine::blueprint::{draw, full_counts, rng_from_seed};
    use crate::engine::history::{Journal, Store, journal};
    use crate::engine::session::{Command, FinishReason, Mode, Settings};

    const MINI: &str = include_str!("../../../tests/fixtures/banks/valid/mini.yaml");

    /// Drives a session and the recorder with no terminal: every submitted answer becomes
    /// one journal line, in order, and the journal reads back as the session was.
    #[test]
    fn events_become_journal_lines_without_a_terminal() {
        let loaded = crate::engine::bank::load::load_str("mini.yaml", MINI).expect("bank");
        let bank = &loaded.bank;
        let paper = draw(bank, &full_counts(bank, 4), &mut rng_from_seed(5)).expect("draw");
        let settings = Settings { mode: Mode::Simulation, limit_secs: Some(600), feedback: false, full_length: true };
        let mut session = Session::new(bank, paper, settings);
        let mut recorder = Recorder::new(&loaded, &session, 5);
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date");
        let mut journal: Option<Journal> = None;
        let mut write = |event: Event, session: &Session, journal: &mut Option<Journal>| {
            for rec in recorder.record(event, session) {
                match (&rec.body, journal.as_mut()) {
                    (Body::Start(start), None) => *journal = Some(store.begin(start).expect("begin")),
                    (_, Some(j)) => j.append(&rec).expect("append"),
                    (_, None) => panic!("a record before the start"),
                }
            }
        };
        let e = session.apply(Command::Start, t0).expect("start");
        write(e, &session, &mut journal);
        let mut now = t0;
        while !session.is_finished() {
            now += Duration::seconds(20);
            let e = session.apply(Command::Select(0), now).expect("select");
            write(e, &session, &mut journal);
            let e = session.apply(Command::ToggleGuess, now).expect("guess");
            write(e, &session, &mut journal);
            let e = match session.apply(Command::Submit { confirmed: false }, now) {
                Ok(e) => e,
                Err(_) => session.apply(Command::Submit { confirmed: true }, now).expect("submit"),
            };
            write(e, &session, &mut journal);
        }
        let path = journal.expect("journal").path().to_owned();
        let read = journal::read(&path).expect("read");
        let kinds: Vec<&str> = read
            .records
            .iter()
            .map(|r| match r.body {
                Body::Start(_) => "start",
                Body::Answer(_) => "answer",
                Body::Diagnosis(_) => "diagnosis",
                Body::Finish(_) => "finish",
                Body::Draft(_) => "draft",
                Body::Leave(_) => "leave",
            })
            .collect();
        assert_eq!(kinds, ["start", "answer", "answer", "answer", "answer", "finish"]);
        let stored = store.read_session(&path).expect("session");
        assert_eq!(stored.answers().cloned().collect::<Vec<_>>(), session.answers());
        assert!(stored.answers().all(|a| a.guess), "the guess flag travels with the answer");
        assert_eq!(stored.start.paper.len(), 4);
        assert_eq!(stored.start.started_at, t0);
        assert_eq!(stored.finish().map(|f| f.reason), Some(FinishReason::Completed));
    }

    #[test]
    fn answers_left_at_time_up_are_implied_by_the_finish() {
        let loaded = crate::engine::bank::load::load_str("mini.yaml", MINI).expect("bank");
        let bank = &loaded.bank;
        let paper = draw(bank, &full_counts(bank, 4), &mut rng_from_seed(5)).expect("draw");
        let settings = Settings { mode: Mode::Simulation, limit_secs: Some(60), feedback: false, full_length: false };
        let mut session = Session::new(bank, paper, settings);
        let mut recorder = Recorder::new(&loaded, &session, 5);
        let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("date");
        assert_eq!(recorder.record(session.apply(Command::Start, t0).expect("start"), &session).len(), 1);
        let reason = session.tick(t0 + Duration::seconds(61)).expect("time up");
        for item in 0..4 {
            assert!(recorder.record(Event::Submitted { item }, &session).is_empty());
        }
        let finish = recorder.record(Event::Finished(reason), &session);
        assert!(matches!(
            finish[..],
            [Record { body: Body::Finish(FinishRecord { reason: FinishReason::TimeUp, .. }), .. }]
        ));
    }
}
