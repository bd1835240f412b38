//! What the state asks of the world, and the runtime that does it. `App::update` never
//! touches the store: it queues an `Effect`, and `Runtime::perform` carries it out through
//! the app layer and feeds the result back into the state. A submitted answer travels
//! key → `Action` → `Session::apply` → `Event` → `Effect::Journal` → `Recorder` → journal
//! line, before the next frame is drawn.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keys::{self, Action, Context};
use super::state::{App, Dialog};
use crate::app::journaling::{Flushed, Journaling};
use crate::app::recovery::{self, Resumed};
use crate::app::review_session;
use crate::app::{attempts, home, progress};
use crate::engine::history::{Record, Recorder, Store};
use crate::engine::prepare::{self, DrillSpec, Prepared};
use crate::engine::readiness;
use crate::engine::session::Event;

/// A request from the state to the world.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// The running session did this: journal it.
    Journal(Event),
    /// Draw a simulation of bank `.0` and show its rules.
    PrepareExam(usize),
    /// Draw a drill of bank `.0` and show its rules.
    PrepareDrill(usize, DrillSpec),
    /// Look up the weak domains of bank `.0` for the drill options.
    WeakDomains(usize),
    /// Take the exam lock, then start the clock.
    StartClock,
    /// Show the progress screen of bank `.0`.
    OpenProgress(usize),
    /// The dated plan to the exam of bank `usize`.
    OpenPlan(usize),
    /// A drill of the reviews due today in bank `.0`, as many as `.1` asks at most, with
    /// its clock and feedback.
    DueDrill(usize, DrillSpec),
    /// The progress report of bank `usize`, written in the current directory.
    WriteReport(usize),
    /// Record the attempt typed in the form, for bank `.0`.
    RecordAttempt(usize, String),
    /// Remove the attempt with id `.1` of bank `.0`.
    RemoveAttempt(usize, String),
    /// Review the session just finished.
    ReviewLast,
    /// Show the history screen of bank `.0`.
    OpenHistory(usize),
    /// Review the stored session with this id.
    ReviewSession(String),
    /// The candidate's answer to "resume the interrupted exam?".
    Resume(bool),
    /// Save a cause confirmed in review.
    Diagnosis { journal: PathBuf, record: Record },
}

/// The state and the store side of a running app, driven by the event loop (and by tests,
/// with times of their choosing).
pub struct Runtime {
    pub app: App,
    pub journaling: Journaling,
}

impl Runtime {
    /// A runtime over `store` (or, with none, one that says nothing will be saved):
    /// loads the home screen's figures and recovers interrupted sessions as of `now`.
    pub fn start(mut app: App, store: Result<Store, String>, now: DateTime<Utc>) -> Runtime {
        let journaling = match store {
            Ok(store) => Journaling::new(Some(store)),
            Err(e) => {
                app.status = Some(format!("history NOT saved: {e}"));
                Journaling::new(None)
            }
        };
        let mut rt = Runtime { app, journaling };
        rt.refresh_home(now);
        if let Some((id, sources)) = crate::engine::bank::catalog::id_conflicts(&rt.app.banks).first() {
            rt.app.status = Some(crate::engine::bank::catalog::conflict_text(id, sources));
        }
        let found = recovery::recover(&mut rt.journaling, now);
        if !found.closed.is_empty() {
            rt.app.status = Some(format!("Interrupted exams finished: {}.", found.closed.join(", ")));
        }
        if let Some(first) = found.unreadable.first() {
            let more = match found.unreadable.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            rt.app.status = Some(format!("A session journal cannot be read: {first}{more}; see proctor doctor"));
        }
        if let Some(s) = found.interrupted {
            rt.app.interrupted = Some(s);
            rt.app.dialog = Some(Dialog::Resume);
        }
        rt
    }

    /// A key's action at `now`, and everything it asked for.
    pub fn action(&mut self, action: Action, now: DateTime<Utc>) {
        self.app.update(action, now);
        self.perform(now);
    }

    /// A key press at `now`, as the key table in force says. Where the candidate types (a
    /// note, an attempt, a text answer) the keys that table does not bind are text (Ctrl
    /// keys aside). Returns whether the key did anything.
    pub fn key(&mut self, k: KeyEvent, now: DateTime<Utc>) -> bool {
        let ctx = self.app.context();
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match (ctx, keys::action(ctx, k)) {
            // A note or an attempt: its text input handles Enter and Esc itself.
            (Context::Note, Some(a @ (Action::Quit | Action::Suspend))) => self.action(a, now),
            (Context::Note, _) if ctrl => {}
            (Context::Note, _) => self.text_key(k.code, now),
            (_, Some(a)) => self.action(a, now),
            (Context::QuestionText, None) if !ctrl => self.text_key(k.code, now),
            (_, None) => return false,
        }
        true
    }

    /// A key typed into a text input.
    pub fn text_key(&mut self, code: KeyCode, now: DateTime<Utc>) {
        self.app.text_key(code, now);
        self.perform(now);
    }

    /// Lets time pass; true when the screen must be redrawn.
    pub fn tick(&mut self, now: DateTime<Utc>) -> bool {
        let changed = self.app.tick(now);
        self.perform(now);
        changed
    }

    /// Carries out every queued effect, then writes (or retries) what waits for the store.
    pub fn perform(&mut self, now: DateTime<Utc>) {
        while let Some(effect) = self.app.effects.pop_front() {
            self.run(effect, now);
        }
        let flushed = self.journaling.flush();
        self.saved(flushed, now);
    }

    /// Draws a simulation of bank `idx` and shows its rules.
    pub fn prepare_exam(&mut self, idx: usize) -> Result<(), String> {
        let bank = self.app.banks.get(idx).ok_or("no such bank")?;
        let p = prepare::exam(&bank.bank, self.app.options, self.journaling.store(), self.app.fallback_seed)?;
        self.show_rules(idx, p);
        Ok(())
    }

    /// Draws a drill of bank `idx` and shows its rules.
    pub fn prepare_drill(&mut self, idx: usize, spec: &DrillSpec) -> Result<(), String> {
        let bank = self.app.banks.get(idx).ok_or("no such bank")?;
        let p = prepare::drill(&bank.bank, spec, self.journaling.store(), self.app.fallback_seed)?;
        self.show_rules(idx, p);
        Ok(())
    }

    /// Draws the simulation the command line asked for, or, while the resume question is
    /// up, holds it until that is answered (no: it goes ahead; yes: the resumed one runs).
    pub fn prepare_exam_or_wait(&mut self, idx: usize) -> Result<(), String> {
        if self.app.dialog.is_some() {
            self.app.after_resume = Some(Effect::PrepareExam(idx));
            return Ok(());
        }
        self.prepare_exam(idx)
    }

    /// As `prepare_exam_or_wait`, for a drill.
    pub fn prepare_drill_or_wait(&mut self, idx: usize, spec: DrillSpec) -> Result<(), String> {
        if self.app.dialog.is_some() {
            self.app.after_resume = Some(Effect::PrepareDrill(idx, spec));
            return Ok(());
        }
        self.prepare_drill(idx, &spec)
    }

    fn show_rules(&mut self, idx: usize, p: Prepared) {
        self.journaling.prepare(Recorder::new(&self.app.banks[idx], &p.session, p.seed).with_new(&p.new_items));
        self.app.show_rules(idx, p);
    }

    fn run(&mut self, effect: Effect, now: DateTime<Utc>) {
        let app = &mut self.app;
        match effect {
            Effect::Journal(event) => {
                if let Some(exam) = &app.exam {
                    let flushed = self.journaling.record(event, &exam.session);
                    self.saved(flushed, now);
                }
            }
            Effect::PrepareExam(idx) => {
                if let Err(e) = self.prepare_exam(idx) {
                    self.app.status = Some(e);
                }
            }
            Effect::PrepareDrill(idx, spec) => {
                if let Err(e) = self.prepare_drill(idx, &spec) {
                    self.app.status = Some(e);
                }
            }
            Effect::WeakDomains(idx) => {
                let Some(b) = app.banks.get(idx) else { return };
                let weak = prepare::weak_domains(&b.bank, self.journaling.store());
                if let Some(setup) = app.drill_setup.as_mut().filter(|s| s.bank == idx) {
                    setup.weak = Some(weak);
                }
            }
            Effect::StartClock => match self.journaling.acquire_lock() {
                Ok(()) => app.start_clock(now),
                Err(e) => {
                    app.status = Some(format!("{}: you can still browse, but not start an exam here.", e.report()))
                }
            },
            Effect::OpenProgress(idx) => {
                let Some(b) = app.banks.get(idx) else { return };
                let store = self.journaling.store();
                let p = progress::progress_of(store, &b.bank, readiness::Config::default());
                let booking = progress::booking_for(store, &b.bank, progress::local_day(now));
                let mut attempts = store.map(|s| s.stored_attempts(Some(&b.bank.exam.id)).0).unwrap_or_default();
                attempts.sort_by_key(|a| std::cmp::Reverse(a.attempt.date));
                app.show_progress(p, booking, attempts);
            }
            Effect::OpenPlan(idx) => {
                let Some(b) = app.banks.get(idx) else { return };
                let plan = crate::app::study::plan_of(self.journaling.store(), &b.bank, None, now)
                    .map_err(|e| capitalise_first(&e.to_string()));
                app.show_plan(idx, plan);
            }
            Effect::WriteReport(idx) => {
                let Some(b) = app.banks.get(idx) else { return };
                let path = PathBuf::from(format!("proctor-report-{}.html", b.bank.exam.id));
                let format = crate::app::report::Format::Html;
                app.status =
                    Some(match crate::app::report::export(self.journaling.store(), &b.bank, now, format, &path) {
                        Ok(files) => {
                            let shown: Vec<String> = files
                                .iter()
                                .map(|f| std::path::absolute(f).unwrap_or_else(|_| f.clone()).display().to_string())
                                .collect();
                            format!("Report written: {}", shown.join(", "))
                        }
                        Err(e) => format!("report NOT written: {}", crate::engine::text::error_chain(&e)),
                    });
            }
            Effect::DueDrill(idx, spec) => {
                let Some(b) = app.banks.get(idx) else { return };
                match crate::app::study::due_drill(self.journaling.store(), &b.bank, None, now, spec.questions) {
                    Ok(d) if d.due.items.is_empty() => {
                        app.status = Some(capitalise_first(&crate::app::study::nothing_due(&d)));
                    }
                    Ok(d) => {
                        let spec = DrillSpec { due: d.due.items.iter().map(|i| i.question.clone()).collect(), ..spec };
                        self.run(Effect::PrepareDrill(idx, spec), now);
                    }
                    Err(e) => app.status = Some(capitalise_first(&e.to_string())),
                }
            }
            Effect::RecordAttempt(idx, line) => {
                let Some(b) = app.banks.get(idx) else { return };
                let today = progress::local_day(now);
                let mut retype = None;
                let said = match attempts::record_form(self.journaling.store(), &b.bank, today, &line) {
                    Ok(a) => format!("Recorded the attempt of {}.", a.date),
                    Err(attempts::RecordError::Store(e)) => format!("attempt NOT saved: {}", e.report()),
                    // A mistake in the form: it opens again with the line as typed, to correct.
                    Err(e @ attempts::RecordError::Form(_)) => {
                        retype = Some(line);
                        e.to_string()
                    }
                    Err(e) => e.to_string(),
                };
                // The progress figures now include the attempt's reported domains.
                self.reopen_progress(idx, now);
                if let Some(line) = retype {
                    self.app.retype_attempt(&line);
                }
                self.app.status = Some(said);
            }
            Effect::RemoveAttempt(idx, id) => {
                let said = match self.journaling.store().map(|s| s.remove_attempt(&id)) {
                    Some(Ok((a, _))) => format!("Removed the attempt of {}.", a.attempt.date),
                    Some(Err(e)) => format!("attempt NOT removed: {}", e.report()),
                    None => "attempt NOT removed: no data directory".to_owned(),
                };
                self.reopen_progress(idx, now);
                self.app.status = Some(said);
            }
            Effect::ReviewLast => self.review_last(),
            Effect::OpenHistory(idx) => {
                let Some(b) = app.banks.get(idx) else { return };
                let rows = self
                    .journaling
                    .store()
                    .map(|store| crate::app::history::sessions(store, Some(&b.bank.exam.id)))
                    .unwrap_or_default();
                app.show_history(idx, rows);
            }
            Effect::ReviewSession(id) => {
                let Some(store) = self.journaling.store() else { return };
                match crate::app::history::review_by_id(&app.banks, store, &id) {
                    Ok(r) => app.show_review(r),
                    Err(e) => app.status = Some(capitalise_first(&e.to_string())),
                }
            }
            Effect::Resume(yes) => {
                let Some(s) = app.interrupted.take() else { return };
                let asked = app.after_resume.take();
                match recovery::resume(&mut self.journaling, &app.banks, s, yes, now) {
                    Resumed::Session { bank, session, seed, finished } => {
                        app.show_resumed(bank, *session, seed);
                        if finished.is_some() {
                            self.refresh_home(now);
                        }
                    }
                    Resumed::Closed(msg) => {
                        app.status = Some(msg);
                        // Not resumed: what the command line asked for comes next.
                        if let Some(e) = asked {
                            self.refresh_home(now);
                            self.run(e, now);
                        }
                    }
                }
            }
            Effect::Diagnosis { journal, record } => self.journaling.queue_diagnosis(journal, record),
        }
    }

    /// Reads the progress of bank `idx` again after its attempts changed, the screen kept
    /// where it was scrolled to.
    fn reopen_progress(&mut self, idx: usize, now: DateTime<Utc>) {
        let scroll = self.app.scroll;
        self.run(Effect::OpenProgress(idx), now);
        self.app.scroll = scroll;
    }

    /// Reviews the session just finished: from its journal when it was saved, else from
    /// memory (nothing confirmed can then be kept).
    fn review_last(&mut self) {
        let app = &mut self.app;
        if let (Some(path), Some(store)) = (self.journaling.last_journal(), self.journaling.store())
            && let Ok(s) = store.read_session(path)
        {
            match review_session::review_stored(&app.banks, store, &s) {
                Ok(r) => app.show_review(r),
                Err(e) => app.status = Some(e.to_string()),
            }
            return;
        }
        let Some(exam) = &app.exam else { return };
        let r = review_session::review_unsaved(&app.banks[exam.bank], exam.bank, &exam.session);
        app.show_review(r);
        app.status = Some("This session was not saved: causes you confirm will not be kept.".into());
    }

    /// Shows what a write did: a problem on the status line; a finished session on home.
    fn saved(&mut self, f: Flushed, now: DateTime<Utc>) {
        if let Some(p) = f.problem {
            self.app.status = Some(p);
        }
        if f.finished.is_some() {
            // The home screen's last score and readiness now include this session.
            self.refresh_home(now);
        }
    }

    /// Reads whole the banks listed from their cache heads (`LoadedBank::deferred`). True
    /// when one could not be read: the status line says so, and it is not tried again.
    pub fn complete_banks(&mut self) -> bool {
        let mut failed = false;
        for b in self.app.banks.iter_mut().filter(|b| b.deferred.is_some()) {
            if let Err(e) = b.complete() {
                b.deferred = None;
                let why = e.diagnostics.iter().find(|d| d.is_error()).map_or_else(|| e.to_string(), |d| d.to_string());
                self.app.status = Some(format!("bank {} cannot be used: {why}", b.source.display()));
                failed = true;
            }
        }
        failed
    }

    /// Reloads each bank's latest session, readiness and today's task for the home screen.
    pub fn refresh_home(&mut self, now: DateTime<Utc>) {
        if let Some(store) = self.journaling.store() {
            self.app.home = home::home_scores(store, &self.app.banks, now);
        }
    }
}

/// An error message as a sentence on the status line.
fn capitalise_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::engine::prepare::ExamOptions;

    /// An interrupted journal with a corrupt line was dropped silently at start-up.
    #[test]
    fn an_unreadable_interrupted_journal_is_reported_at_start_up() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("store");
        let bad = store.sessions_dir().join("20260301-090000-mini-0007.jsonl");
        std::fs::write(&bad, "{\"v\":1,\"type\":\"start\",\"broken\n{}\n").expect("write");
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).single().expect("date");
        let rt = Runtime::start(App::new(Vec::new(), ExamOptions::default(), 1), Ok(store), now);
        let status = rt.app.status.as_deref().unwrap_or_default();
        assert!(status.contains("cannot be read") && status.contains("20260301-090000-mini-0007.jsonl:1"), "{status}");
        assert!(bad.exists(), "left for doctor, untouched");
    }
}
