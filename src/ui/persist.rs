//! Saving what the candidate does, as it happens: the session's journal is started when
//! the clock starts, each submitted answer is written and fsynced before the next screen,
//! and a failed write is shown ("answer NOT saved") and retried on the next action while
//! the answer stays in memory. Also finds interrupted sessions at start-up.

use chrono::{DateTime, Utc};
use proctor::engine::bank::LoadedBank;
use proctor::engine::blueprint::{Paper, PaperItem};
use proctor::engine::history::record::{self, AnswerRecord, ExamInfo, FinishRecord};
use proctor::engine::history::{Body, Journal, Record, StartRecord, Store, Stored, Summary};
use proctor::engine::session::{FinishReason, ItemKey, Phase, Session, Unanswered};

use super::app::{App, Dialog, ExamRun, Screen};

/// The store side of the app: where to write, and what is not written yet.
#[derive(Default)]
pub struct Persistence {
    pub store: Option<Store>,
    journal: Option<Journal>,
    lock: Option<proctor::engine::history::ExamLock>,
    pending: Vec<Record>,
    /// The exam run being (or last) journaled.
    run: Option<u64>,
    /// How many answers of the current session have been queued.
    queued_answers: usize,
    finish_queued: bool,
    session_id: Option<String>,
    /// An interrupted session offered for resuming.
    pub interrupted: Option<Stored>,
    /// The journal of the session finished last, for its review.
    pub last_journal: Option<std::path::PathBuf>,
    /// Causes confirmed in review, not yet written: (journal, record).
    diagnoses: Vec<(std::path::PathBuf, Record)>,
}

impl Persistence {
    pub fn queue_diagnosis(&mut self, journal: std::path::PathBuf, r: Record) {
        self.diagnoses.push((journal, r));
    }
}

impl App {
    /// Takes the exam lock before the clock starts; false (with a message) when another
    /// Proctor holds it.
    pub fn acquire_lock(&mut self) -> bool {
        let Some(store) = &self.persist.store else { return true };
        if self.persist.lock.is_some() {
            return true;
        }
        match store.try_lock() {
            Ok(l) => {
                self.persist.lock = Some(l);
                true
            }
            Err(e) => {
                self.status = Some(format!("{e}: you can still browse, but not start an exam here."));
                false
            }
        }
    }

    /// Queues whatever the session did since the last call, then writes the queue.
    pub fn save(&mut self, now: DateTime<Utc>) {
        if self.persist.store.is_none() {
            return;
        }
        self.save_diagnoses();
        let Some(exam) = &self.exam else { return };
        if exam.session.phase() == Phase::Ready {
            return;
        }
        let bank = &self.banks[exam.bank];
        if self.persist.session_id.is_none() {
            if self.persist.run == Some(exam.run) {
                // This run's journal is complete (or could not be started).
                return;
            }
            self.persist.run = Some(exam.run);
            let Some(store) = &self.persist.store else { return };
            let started = exam.session.started_at().unwrap_or(now);
            let id = store.new_session_id(&bank.bank.exam.id, started, exam.seed);
            match store.begin(&start_record(&id, bank, exam, started)) {
                Ok(j) => self.persist.journal = Some(j),
                Err(e) => {
                    self.status = Some(format!("session NOT saved: {e}"));
                    return;
                }
            }
            self.persist.session_id = Some(id);
            self.persist.queued_answers = 0;
            self.persist.finish_queued = false;
        }
        let answers = exam.session.answers();
        for a in &answers[self.persist.queued_answers..] {
            // Questions left at time-up or abandonment are implied by the finish record.
            if matches!(a.unanswered, Some(Unanswered::Time | Unanswered::Abandoned)) {
                continue;
            }
            self.persist.pending.push(Record::new(Body::Answer(AnswerRecord::from_answer(a))));
        }
        self.persist.queued_answers = answers.len();
        if let (Phase::Finished(reason), false) = (exam.session.phase(), self.persist.finish_queued) {
            self.persist.pending.push(Record::new(Body::Finish(FinishRecord {
                reason,
                finished_at: exam.session.finished_at().unwrap_or(now),
                clock_anomaly: exam.session.clock_anomaly(),
            })));
            self.persist.finish_queued = true;
        }
        self.flush();
    }

    /// Appends confirmed causes to their (finished) journals and refreshes the index.
    fn save_diagnoses(&mut self) {
        while let Some((path, r)) = self.persist.diagnoses.first().cloned() {
            let len = std::fs::metadata(&path).map(|m| m.len());
            let written = len
                .map_err(|e| proctor::engine::history::StoreError::io(&path, e))
                .and_then(|len| Journal::reopen(&path, len))
                .and_then(|mut j| j.append(&r));
            if let Err(e) = written {
                self.status = Some(format!("cause NOT saved: {e}; retrying on your next key"));
                return;
            }
            self.persist.diagnoses.remove(0);
            if let Some(store) = &self.persist.store
                && let Ok(s) = store.read_session(&path)
            {
                let _ = store.update_index(Summary::of(&s));
            }
        }
    }

    fn flush(&mut self) {
        let Some(journal) = &mut self.persist.journal else { return };
        while let Some(r) = self.persist.pending.first() {
            if let Err(e) = journal.append(r) {
                self.status = Some(format!("answer NOT saved: {e}; retrying on your next key"));
                return;
            }
            self.persist.pending.remove(0);
        }
        if self.persist.finish_queued {
            let path = journal.path().to_owned();
            self.persist.last_journal = Some(path.clone());
            if let Some(store) = &self.persist.store
                && let Ok(s) = store.read_session(&path)
            {
                let _ = store.update_index(Summary::of(&s));
                // The home screen's last score and readiness now include this session.
                self.load_last_scores();
            }
            self.persist.journal = None;
            self.persist.lock = None;
            self.persist.session_id = None;
        }
    }

    /// The latest finished session and the readiness verdict of every bank, from the index.
    pub fn load_last_scores(&mut self) {
        let Some(store) = &self.persist.store else { return };
        let all = store.summaries();
        for b in &self.banks {
            if all.iter().any(|s| s.bank_id == b.bank.exam.id) {
                let r =
                    proctor::engine::readiness::assess(&b.bank, &all, proctor::engine::readiness::Config::default());
                self.readiness.insert(b.bank.exam.id.clone(), r.verdict.kind);
            }
        }
        for s in all.into_iter().filter(|s| s.finish.is_some()) {
            let newer = self.last.get(&s.bank_id).is_none_or(|l| l.started_at < s.started_at);
            if newer {
                self.last.insert(s.bank_id.clone(), s);
            }
        }
    }

    /// At start-up: finishes interrupted sessions whose time is over, and offers the
    /// latest one still running for resuming.
    pub fn recover(&mut self, now: DateTime<Utc>) {
        let Some(store) = self.persist.store.clone() else { return };
        let mut open = store.unfinished();
        if open.is_empty() {
            return;
        }
        // A live exam in another process holds the lock: its journal is not interrupted.
        if !self.acquire_lock() {
            return;
        }
        open.sort_by_key(|s| s.start.started_at);
        let mut notes = Vec::new();
        let latest = open.pop();
        for s in open.into_iter().chain(latest.clone()) {
            let expired = s.start.deadline.is_some_and(|d| now >= d);
            let is_latest = latest.as_ref().is_some_and(|l| l.path == s.path);
            if expired || !is_latest {
                let (reason, at) = match s.start.deadline {
                    Some(d) if expired => (FinishReason::TimeUp, d),
                    _ => (FinishReason::Abandoned, now),
                };
                close(&store, &s, reason, at);
                notes.push(format!("{} ({})", s.start.bank_title, reason.name()));
            } else {
                self.persist.interrupted = Some(s);
                self.dialog = Some(Dialog::Resume);
            }
        }
        if !notes.is_empty() {
            self.status = Some(format!("Interrupted exams finished: {}.", notes.join(", ")));
        }
        if self.persist.interrupted.is_none() {
            self.persist.lock = None;
        }
    }

    /// The candidate's answer to the resume question.
    pub fn resume_interrupted(&mut self, yes: bool, now: DateTime<Utc>) {
        let Some(s) = self.persist.interrupted.take() else { return };
        let Some(store) = self.persist.store.clone() else { return };
        if !yes {
            close(&store, &s, FinishReason::Abandoned, now);
            self.persist.lock = None;
            self.status = Some(format!("The interrupted {} exam was abandoned and scored.", s.start.bank_title));
            return;
        }
        match rebuild(&self.banks, &s, now) {
            Ok((bank, session)) => {
                let good_len = s.journal.good_len;
                match Journal::reopen(&s.path, good_len) {
                    Ok(j) => self.persist.journal = Some(j),
                    Err(e) => {
                        self.status = Some(format!("cannot continue the journal: {e}"));
                        return;
                    }
                }
                self.persist.session_id = Some(s.start.session.clone());
                self.persist.queued_answers = s.answers().count();
                self.persist.finish_queued = false;
                let finished = session.is_finished();
                self.selected = bank;
                let run = ExamRun::resumed(bank, session, s.start.seed);
                self.persist.run = Some(run.run);
                self.exam = Some(run);
                self.screen = Screen::Question;
                self.after_resume();
                if finished {
                    self.save(now);
                }
            }
            Err(why) => {
                close(&store, &s, FinishReason::Abandoned, now);
                self.persist.lock = None;
                self.status = Some(format!("Cannot resume the interrupted exam: {why}; it was scored as abandoned."));
            }
        }
    }
}

/// Appends the finish record to an interrupted journal and indexes it.
fn close(store: &Store, s: &Stored, reason: FinishReason, at: DateTime<Utc>) {
    if let Ok(mut j) = Journal::reopen(&s.path, s.journal.good_len) {
        let _ = j.append(&Record::new(Body::Finish(FinishRecord {
            reason,
            finished_at: at,
            clock_anomaly: s.clock_anomaly(),
        })));
    }
    if let Ok(s) = store.read_session(&s.path) {
        let _ = store.update_index(Summary::of(&s));
    }
}

/// The session of an interrupted journal, over the bank it was drawn from.
fn rebuild(banks: &[LoadedBank], s: &Stored, now: DateTime<Utc>) -> Result<(usize, Session), String> {
    let start = &s.start;
    let idx = banks
        .iter()
        .position(|b| b.sha256 == start.bank_sha256)
        .or_else(|| banks.iter().position(|b| b.bank.exam.id == start.bank_id))
        .ok_or_else(|| format!("bank `{}` is not available", start.bank_id))?;
    let bank = &banks[idx].bank;
    let mut items = Vec::with_capacity(start.paper.len());
    let mut keys = Vec::with_capacity(start.paper.len());
    let answered = s.answers().count();
    for (i, f) in start.paper.iter().enumerate() {
        // The bank may have changed since: an answered question that is gone keeps its
        // answer (the review shows it as no longer in the bank); one still to be asked
        // cannot be, so that session cannot go on.
        let q = match bank.questions.iter().position(|q| q.id == f.question) {
            Some(q) => q,
            None if i < answered => 0,
            None => return Err(format!("question {} is no longer in the bank", f.question)),
        };
        items.push(PaperItem { question: q, order: f.order.clone() });
        keys.push(ItemKey {
            question: f.question.clone(),
            domain: bank.domain_index(&f.domain.0).unwrap_or(0),
            choose: f.choose,
            correct: f.correct.clone(),
        });
    }
    let answers = s.answers().cloned().collect();
    let mut session = Session::resume(Paper { items }, keys, start.settings.clone(), start.started_at, answers, now)
        .map_err(|e| e.to_string())?;
    if s.clock_anomaly() {
        session.flag_clock_anomaly();
    }
    Ok((idx, session))
}

fn start_record(id: &str, bank: &LoadedBank, exam: &ExamRun, started: DateTime<Utc>) -> StartRecord {
    let b = &bank.bank;
    StartRecord {
        session: id.to_owned(),
        bank_id: b.exam.id.clone(),
        bank_title: b.exam.title.clone(),
        bank_sha256: bank.sha256.clone(),
        bank_source: bank.source.display(),
        mode: exam.session.settings.mode,
        seed: exam.seed,
        settings: exam.session.settings.clone(),
        exam: ExamInfo {
            questions: b.exam.questions,
            minutes: b.exam.minutes,
            passing_score: b.exam.passing_score,
            buffer: b.exam.buffer,
        },
        domains: b.domains.iter().map(|d| (d.id.clone(), d.name.clone())).collect(),
        paper: record::freeze(b, &exam.session),
        started_at: started,
        deadline: exam.session.deadline(),
    }
}
