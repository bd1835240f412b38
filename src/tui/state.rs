//! The terminal app's state and its one update function: an action and `now` in, a
//! changed state out. Nothing here reads the clock, a file or the store: what needs the
//! store (drawing a drill from history, saving an answer, opening progress) is asked for
//! as an `Effect`, which the event loop carries out through the app layer and feeds back.

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

use super::drill_setup::{DrillSetup, Start};
use super::effects::Effect;
use super::keys::{Action, Context};
use super::review_state::{ReviewOutcome, ReviewPane, ReviewState};
use super::text_input::{Edit, TextInput};
use super::views;
use crate::app::home::HomeScores;
use crate::app::review_session::SessionReview;
use crate::engine::bank::LoadedBank;
use crate::engine::history::{Stored, StoredAttempt};
use crate::engine::prepare::{DrillSpec, Prepared};
use crate::engine::progress::Progress;
use crate::engine::retake::Booking;
use crate::engine::scoring::{self, Report};
use crate::engine::session::{Command, Event, FinishReason, Phase, Session, SessionError};

pub use crate::engine::prepare::ExamOptions;

/// Longest attempt form, in characters.
const ATTEMPT_CHARS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Home,
    Rules,
    Question,
    TimeUp,
    Results,
    Review,
    Progress,
    History,
    /// The dated plan to the exam.
    Plan,
    /// The drill options, before a drill is drawn.
    DrillSetup,
}

/// The plan screen's bank and its plan, or why there is none.
#[derive(Debug, Clone)]
pub struct PlanScreen {
    pub bank: usize,
    pub plan: Result<crate::app::study::StudyPlan, String>,
}

/// The past sessions of one bank, as the history screen lists them.
#[derive(Debug, Clone)]
pub struct HistoryList {
    /// The bank, by index in `App::banks`.
    pub bank: usize,
    /// Newest first.
    pub rows: Vec<crate::engine::history::Summary>,
    /// The row under the cursor.
    pub selected: usize,
}

/// A question that needs a yes or no before anything else happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    Abandon,
    /// An interrupted exam can be resumed.
    Resume,
    SubmitIncomplete {
        selected: usize,
        required: usize,
    },
    /// Quitting would lose the note or attempt being typed.
    QuitUnsaved,
    /// Leaving the testlet makes its answers final.
    LeaveTestlet,
    /// Remove the real exam attempt chosen on the progress screen.
    RemoveAttempt,
}

/// How far a view is scrolled: columns sideways, rows down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Offset {
    pub x: u16,
    pub y: u16,
}

/// One exam being taken (or just finished).
pub struct ExamRun {
    pub bank: usize,
    pub session: Session,
    pub seed: u64,
    pub report: Option<Report>,
    /// What a drill covers, for the rules screen.
    pub about: Option<String>,
    /// How fresh the paper is, for the rules screen.
    pub fresh: Option<crate::engine::blueprint::Freshness>,
    /// Per paper item: new to the candidate (for the fresh score); empty when unknown.
    pub new_items: Vec<bool>,
    warned_five_minutes: bool,
}

impl ExamRun {
    pub fn new(bank: usize, session: Session, seed: u64) -> ExamRun {
        ExamRun {
            bank,
            session,
            seed,
            report: None,
            about: None,
            fresh: None,
            new_items: Vec::new(),
            warned_five_minutes: false,
        }
    }
}

pub struct App {
    pub banks: Vec<LoadedBank>,
    pub selected: usize,
    pub screen: Screen,
    pub dialog: Option<Dialog>,
    pub help: bool,
    pub exam: Option<ExamRun>,
    /// A one-line message shown in the status line until the next key.
    pub status: Option<String>,
    pub options: ExamOptions,
    /// Scroll offset of the body on the question and results screens.
    pub scroll: u16,
    /// Option under the cursor on the question screen.
    pub cursor: usize,
    /// The full-screen exhibit over the question, and how far it is scrolled.
    pub exhibit: Option<Offset>,
    pub quit: bool,
    /// Set when the user asked to suspend (Ctrl-Z); the event loop does it.
    pub suspend: bool,
    /// Seed used when none was given: chosen by the binary.
    pub fallback_seed: u64,
    /// The paper item last shown, to reset cursor and scroll on a new question.
    shown_item: Option<usize>,
    /// An interrupted session offered for resuming.
    pub interrupted: Option<Stored>,
    pub review: Option<ReviewState>,
    pub progress: Option<Progress>,
    /// The attempt form being typed on the progress screen.
    pub attempt_input: Option<TextInput>,
    /// The retake plan shown on the progress screen, or why there is none.
    pub booking: Option<Result<Booking, String>>,
    /// The bank's real exam attempts, newest first, as the progress screen lists them.
    pub attempts: Vec<StoredAttempt>,
    /// The attempt chosen on the progress screen (for removing).
    pub attempt_cursor: usize,
    /// The history screen's sessions; kept while a review opened from it is on show, so
    /// that Esc there comes back to the same row.
    pub history: Option<HistoryList>,
    /// The plan screen's content.
    pub plan: Option<PlanScreen>,
    /// The drill options; kept after the drill is drawn, so the next `d` on the same bank
    /// offers the same choices.
    pub drill_setup: Option<DrillSetup>,
    /// Where Esc on the drill options goes back to.
    drill_back: Screen,
    /// Where Esc on the rules goes back to: the screen that asked for the paper.
    rules_back: Screen,
    /// Each bank's latest session and readiness, for the home screen.
    pub home: HomeScores,
    /// What the event loop must do for the state, oldest first.
    pub effects: VecDeque<Effect>,
    /// What the command line asked for (a paper to prepare), held while the resume
    /// question is up and carried out when it is answered no.
    pub after_resume: Option<Effect>,
    /// The terminal's size, as the event loop last reported it: scroll offsets are kept
    /// within what the screens draw at this size.
    pub size: Rect,
}

impl App {
    pub fn new(banks: Vec<LoadedBank>, options: ExamOptions, fallback_seed: u64) -> App {
        App {
            banks,
            selected: 0,
            screen: Screen::Home,
            dialog: None,
            help: false,
            exam: None,
            status: None,
            options,
            scroll: 0,
            cursor: 0,
            exhibit: None,
            quit: false,
            suspend: false,
            fallback_seed,
            shown_item: None,
            interrupted: None,
            review: None,
            progress: None,
            attempt_input: None,
            booking: None,
            attempts: Vec::new(),
            attempt_cursor: 0,
            history: None,
            plan: None,
            drill_setup: None,
            drill_back: Screen::Home,
            rules_back: Screen::Home,
            home: HomeScores::default(),
            effects: VecDeque::new(),
            after_resume: None,
            size: Rect::new(0, 0, 80, 24),
        }
    }

    /// The key table in force.
    pub fn context(&self) -> Context {
        if self.help {
            return Context::Help;
        }
        match self.dialog {
            Some(Dialog::Resume) => return Context::Resume,
            Some(_) => return Context::Confirm,
            None => {}
        }
        self.base_context()
    }

    /// The screen's own key table, under any dialog or help.
    pub fn base_context(&self) -> Context {
        match self.screen {
            Screen::Home => Context::Home,
            Screen::Rules => Context::Rules,
            Screen::Question if self.exhibit.is_some() => Context::Exhibit,
            Screen::Question if self.exam.as_ref().is_some_and(|e| e.session.feedback_pending()) => Context::Feedback,
            Screen::Question => self.question_context(),
            Screen::TimeUp => Context::TimeUp,
            Screen::Results => Context::Results,
            Screen::Progress if self.attempt_input.is_some() => Context::Note,
            Screen::Progress => Context::Progress,
            Screen::History => Context::History,
            Screen::Plan => Context::Plan,
            Screen::DrillSetup => Context::DrillSetup,
            Screen::Review => match &self.review {
                Some(r) if r.note.is_some() => Context::Note,
                Some(r) if r.view == ReviewPane::Breakdown => Context::Breakdown,
                _ => Context::Review,
            },
        }
    }

    pub fn bank(&self) -> Option<&LoadedBank> {
        self.exam.as_ref().map(|e| &self.banks[e.bank]).or_else(|| self.banks.get(self.selected))
    }

    /// Shows the rules of a paper drawn from bank `idx`; the clock has not started.
    pub fn show_rules(&mut self, idx: usize, prepared: Prepared) {
        let mut run = ExamRun::new(idx, prepared.session, prepared.seed);
        run.about = prepared.about;
        run.fresh = prepared.fresh;
        run.new_items = prepared.new_items;
        self.exam = Some(run);
        self.screen = Screen::Rules;
    }

    /// Shows a resumed session where it stands.
    pub fn show_resumed(&mut self, idx: usize, session: Session, seed: u64) {
        self.selected = idx;
        self.exam = Some(ExamRun::new(idx, session, seed));
        self.screen = Screen::Question;
        self.shown_item = None;
        self.after_change();
    }

    /// Shows the review of a session.
    pub fn show_review(&mut self, data: SessionReview) {
        let Some(bank) = self.banks.get(data.bank) else { return };
        self.review = Some(ReviewState::new(data, &bank.bank));
        self.screen = Screen::Review;
    }

    /// Shows the progress screen with its figures.
    pub fn show_progress(
        &mut self,
        progress: Progress,
        booking: Result<Booking, String>,
        attempts: Vec<StoredAttempt>,
    ) {
        self.booking = Some(booking);
        self.attempt_cursor = self.attempt_cursor.min(attempts.len().saturating_sub(1));
        self.attempts = attempts;
        self.progress = Some(progress);
        self.scroll = 0;
        self.screen = Screen::Progress;
    }

    /// Opens the attempt form again with `line`, as typed, for correcting.
    pub fn retype_attempt(&mut self, line: &str) {
        self.attempt_input = Some(TextInput::new(line, ATTEMPT_CHARS));
    }

    /// Shows the plan to the exam of bank `bank`, or why there is none.
    pub fn show_plan(&mut self, bank: usize, plan: Result<crate::app::study::StudyPlan, String>) {
        self.plan = Some(PlanScreen { bank, plan });
        self.scroll = 0;
        self.screen = Screen::Plan;
    }

    /// Shows the history screen of bank `bank`. Opened again (after a review), it keeps
    /// the cursor on the session it was on.
    pub fn show_history(&mut self, bank: usize, rows: Vec<crate::engine::history::Summary>) {
        let was = self.history.as_ref().filter(|h| h.bank == bank).and_then(|h| h.rows.get(h.selected)).map(|s| &s.id);
        let selected = was.and_then(|id| rows.iter().position(|s| &s.id == id)).unwrap_or(0);
        self.history = Some(HistoryList { bank, rows, selected });
        self.screen = Screen::History;
    }

    /// Starts the exam's clock (the exam lock is held by now).
    pub fn start_clock(&mut self, now: DateTime<Utc>) {
        if let Some(e) = &mut self.exam
            && let Ok(event) = e.session.apply(Command::Start, now)
        {
            self.effects.push_back(Effect::Journal(event));
            self.screen = Screen::Question;
            self.cursor = 0;
            self.scroll = 0;
            self.after_change();
        }
    }

    /// Applies one action at time `now`.
    pub fn update(&mut self, action: Action, now: DateTime<Utc>) {
        self.status = None;
        if action == Action::Suspend {
            self.suspend = true;
            return;
        }
        if self.help {
            // Any key closes the help; Ctrl-C still quits, asking as it does elsewhere.
            self.help = false;
            if action == Action::Quit {
                self.ask_quit();
            }
            return;
        }
        if action == Action::Help {
            self.help = true;
            return;
        }
        if let Some(dialog) = self.dialog {
            // Ctrl-C on the resume question leaves it unanswered: offered again next time.
            if dialog == Dialog::Resume && action == Action::Quit {
                self.quit = true;
                return;
            }
            self.answer_dialog(dialog, action == Action::Yes, now);
            return;
        }
        if action == Action::Quit {
            self.ask_quit();
            return;
        }
        match self.screen {
            Screen::Home => self.home_action(action),
            Screen::Rules => self.rules(action),
            Screen::Question => self.question(action, now),
            Screen::TimeUp => {
                if action == Action::Enter {
                    self.screen = Screen::Results;
                    self.scroll = 0;
                }
            }
            Screen::Review => self.review_action(action, now),
            Screen::History => self.history_action(action),
            Screen::DrillSetup => self.drill_setup_action(action),
            Screen::Progress => match action {
                Action::Drill => self.open_drill_setup(Screen::Progress),
                Action::Attempt => self.attempt_input = Some(TextInput::new("", ATTEMPT_CHARS)),
                Action::Next => {
                    self.attempt_cursor = (self.attempt_cursor + 1).min(self.attempts.len().saturating_sub(1))
                }
                Action::Prev => self.attempt_cursor = self.attempt_cursor.saturating_sub(1),
                Action::Remove if self.attempts.is_empty() => {
                    self.status = Some("No real exam attempt is recorded for this bank: a records one.".into());
                }
                Action::Remove => self.dialog = Some(Dialog::RemoveAttempt),
                Action::Plan => self.effects.push_back(Effect::OpenPlan(self.selected)),
                Action::Report => self.effects.push_back(Effect::WriteReport(self.selected)),
                Action::Back => {
                    self.screen = Screen::Home;
                    self.scroll = 0;
                }
                a @ (Action::LineUp | Action::LineDown | Action::PageUp | Action::PageDown) => self.scroll_by(a),
                _ => {}
            },
            Screen::Plan => match action {
                Action::Drill => {
                    self.rules_back = Screen::Plan;
                    // Reviews teach with the answer shown.
                    let spec = DrillSpec { feedback: true, ..DrillSpec::default() };
                    self.effects.push_back(Effect::DueDrill(self.selected, spec));
                }
                Action::Back => self.effects.push_back(Effect::OpenProgress(self.selected)),
                a @ (Action::LineUp | Action::LineDown | Action::PageUp | Action::PageDown) => self.scroll_by(a),
                _ => {}
            },
            Screen::Results => match action {
                Action::Review => self.effects.push_back(Effect::ReviewLast),
                Action::Home | Action::Back => {
                    self.screen = Screen::Home;
                    self.scroll = 0;
                }
                a @ (Action::LineUp | Action::LineDown | Action::PageUp | Action::PageDown) => self.scroll_by(a),
                _ => {}
            },
        }
        self.clamp_scroll();
    }

    /// ↑↓ scroll the screen on show a line, PgUp/PgDn a page (less a line, to keep the
    /// reader's place).
    fn scroll_by(&mut self, action: Action) {
        let page = views::body_rows(self).saturating_sub(1).max(1);
        let scroll = match (self.screen, &mut self.review) {
            (Screen::Review, Some(r)) => &mut r.scroll,
            _ => &mut self.scroll,
        };
        *scroll = match action {
            Action::LineUp => scroll.saturating_sub(1),
            Action::LineDown => scroll.saturating_add(1),
            Action::PageUp => scroll.saturating_sub(page),
            Action::PageDown => scroll.saturating_add(page),
            _ => *scroll,
        };
    }

    /// The terminal is now `size`: offsets that ran past the end of a screen's content
    /// are brought back.
    pub fn resize(&mut self, size: Rect) {
        self.size = size;
        self.clamp_scroll();
    }

    /// Keeps the scroll offset of the screen on show within its content, so that ↑ after
    /// scrolling to the end moves at once. The state cannot see a frame, and a view only
    /// draws (it keeps nothing), so the limit comes from `views::max_scroll`: a pure
    /// function of this state and `size`, built from the very content the view draws.
    /// Clamping here, after each action, means an offset never runs past the end.
    fn clamp_scroll(&mut self) {
        // The breakdown's marked entry moved: scroll just enough to show it.
        if let Some(r) = &mut self.review
            && std::mem::take(&mut r.follow_link)
            && let Some((row, rows)) = views::breakdown_link_row(self)
            && let Some(r) = &mut self.review
        {
            if row >= r.scroll + rows {
                r.scroll = row + 1 - rows;
            }
            if row < r.scroll {
                r.scroll = row;
            }
        }
        let max = views::max_scroll(self);
        match (self.screen, &mut self.review) {
            (Screen::Review, Some(r)) => r.scroll = r.scroll.min(max),
            _ => self.scroll = self.scroll.min(max),
        }
        if self.exhibit.is_some() {
            let most = views::exhibit_max_offset(self);
            if let Some(o) = &mut self.exhibit {
                o.x = o.x.min(most.x);
                o.y = o.y.min(most.y);
            }
        }
    }

    /// `q` or Ctrl-C. While an exam runs that means abandoning it, asked first (it is then
    /// scored as it stands); with a note or attempt half typed, it is asked first too.
    fn ask_quit(&mut self) {
        let running = self.screen == Screen::Question
            && self.exam.as_ref().is_some_and(|e| e.session.phase() == Phase::InProgress);
        let typed = |t: Option<&TextInput>| t.is_some_and(|t| !t.text().trim().is_empty());
        if running {
            self.dialog = Some(Dialog::Abandon);
        } else if typed(self.attempt_input.as_ref()) || typed(self.review.as_ref().and_then(|r| r.note.as_ref())) {
            self.dialog = Some(Dialog::QuitUnsaved);
        } else {
            self.quit = true;
        }
    }

    fn home_action(&mut self, action: Action) {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(self.banks.len().saturating_sub(1)),
            Action::Enter => {
                self.rules_back = Screen::Home;
                self.effects.push_back(Effect::PrepareExam(self.selected));
            }
            Action::Drill => self.open_drill_setup(Screen::Home),
            Action::Progress => self.effects.push_back(Effect::OpenProgress(self.selected)),
            Action::History => self.effects.push_back(Effect::OpenHistory(self.selected)),
            // Esc goes back, and nothing is before home: say how to leave instead.
            Action::Back => self.status = Some("This is the home screen: q quits.".into()),
            _ => {}
        }
    }

    /// The drill options of the selected bank, as last set for it (the defaults the first
    /// time); Esc comes back to `back`.
    fn open_drill_setup(&mut self, back: Screen) {
        let Some(b) = self.banks.get(self.selected) else { return };
        if self.drill_setup.as_ref().is_none_or(|s| s.bank != self.selected) {
            self.drill_setup = Some(DrillSetup::new(self.selected, &b.bank));
        }
        self.drill_back = back;
        self.screen = Screen::DrillSetup;
        // Which domains "weak" means today: looked up in the history.
        self.effects.push_back(Effect::WeakDomains(self.selected));
    }

    fn drill_setup_action(&mut self, action: Action) {
        let Some(setup) = &mut self.drill_setup else { return };
        match action {
            Action::Up => setup.up(),
            Action::Down => setup.down(),
            Action::Left => setup.change(-1),
            Action::Right => setup.change(1),
            Action::Toggle => setup.toggle(),
            Action::Enter => {
                self.rules_back = Screen::DrillSetup;
                match setup.start() {
                    Ok(Start::Drill(spec)) => self.effects.push_back(Effect::PrepareDrill(setup.bank, spec)),
                    Ok(Start::Due(spec)) => self.effects.push_back(Effect::DueDrill(setup.bank, spec)),
                    Err(why) => self.status = Some(why),
                }
            }
            Action::Back => self.screen = self.drill_back,
            _ => {}
        }
    }

    fn history_action(&mut self, action: Action) {
        let Some(h) = &mut self.history else { return };
        match action {
            Action::Up => h.selected = h.selected.saturating_sub(1),
            Action::Down => h.selected = (h.selected + 1).min(h.rows.len().saturating_sub(1)),
            Action::Enter => match h.rows.get(h.selected) {
                Some(s) if s.finish.is_some() => self.effects.push_back(Effect::ReviewSession(s.id.clone())),
                Some(_) => self.status = Some("This session did not finish: there is nothing to review yet.".into()),
                None => {}
            },
            Action::Back => {
                self.history = None;
                self.screen = Screen::Home;
            }
            _ => {}
        }
    }

    /// A key while typing: the answer to a text question, the note of the review or the
    /// attempt form of progress.
    pub fn text_key(&mut self, code: KeyCode, now: DateTime<Utc>) {
        self.status = None;
        if self.screen == Screen::Question {
            self.type_answer(code, now);
            return;
        }
        if self.screen == Screen::Review {
            let outcome = match &mut self.review {
                Some(st) => st.note_key(code, now),
                None => return,
            };
            self.review_outcome(outcome);
            return;
        }
        let Some(input) = &mut self.attempt_input else { return };
        match input.key(code) {
            Edit::Editing => {}
            Edit::Cancel => self.attempt_input = None,
            Edit::Submit(line) => {
                self.attempt_input = None;
                self.effects.push_back(Effect::RecordAttempt(self.selected, line));
            }
        }
    }

    fn rules(&mut self, action: Action) {
        match action {
            Action::Enter => self.effects.push_back(Effect::StartClock),
            // Back to the screen that asked for the paper (the drill options keep theirs).
            Action::Back => {
                self.exam = None;
                self.screen = match self.rules_back {
                    Screen::DrillSetup if self.drill_setup.is_some() => Screen::DrillSetup,
                    Screen::Plan if self.plan.is_some() => Screen::Plan,
                    _ => Screen::Home,
                };
            }
            _ => {}
        }
    }

    /// Applies a command to the running session; what it did goes to the journal.
    pub(super) fn apply(&mut self, cmd: Command, now: DateTime<Utc>) -> Result<(), SessionError> {
        let Some(exam) = &mut self.exam else { return Ok(()) };
        match exam.session.apply(cmd, now) {
            Ok(event) => {
                self.effects.push_back(Effect::Journal(event));
                Ok(())
            }
            // The deadline passed before the command: the session finished at it.
            Err(SessionError::TimeUp) => {
                self.effects.push_back(Effect::Journal(Event::Finished(FinishReason::TimeUp)));
                Err(SessionError::TimeUp)
            }
            Err(e) => Err(e),
        }
    }

    fn answer_dialog(&mut self, dialog: Dialog, yes: bool, now: DateTime<Utc>) {
        self.dialog = None;
        if dialog == Dialog::Resume {
            self.effects.push_back(Effect::Resume(yes));
            return;
        }
        if !yes {
            if dialog == Dialog::LeaveTestlet {
                self.status = Some("Still in the testlet: [ and ] move between its questions.".into());
            }
            return;
        }
        let r = match dialog {
            Dialog::Resume => return,
            Dialog::QuitUnsaved => {
                self.quit = true;
                return;
            }
            Dialog::Abandon => self.apply(Command::Abandon, now),
            Dialog::SubmitIncomplete { .. } => self.submit(true, now),
            Dialog::RemoveAttempt => {
                if let Some(a) = self.attempts.get(self.attempt_cursor) {
                    self.effects.push_back(Effect::RemoveAttempt(self.selected, a.id.0.clone()));
                }
                return;
            }
            Dialog::LeaveTestlet => {
                let r = self.apply(Command::Leave, now);
                if r.is_ok() {
                    self.status = Some("Testlet left: its answers are final.".into());
                }
                r
            }
        };
        if let Err(e) = r
            && e != SessionError::TimeUp
        {
            self.status = Some(capitalise(&e.to_string()));
        }
        self.after_change();
    }

    fn review_action(&mut self, action: Action, now: DateTime<Utc>) {
        if matches!(action, Action::LineUp | Action::LineDown | Action::PageUp | Action::PageDown) {
            self.scroll_by(action);
            return;
        }
        let outcome = match &mut self.review {
            Some(st) => st.update(action, now),
            None => return,
        };
        self.review_outcome(outcome);
    }

    fn review_outcome(&mut self, outcome: ReviewOutcome) {
        match outcome {
            ReviewOutcome::Nothing => {}
            ReviewOutcome::Leave => {
                self.review = None;
                // Opened from the history screen: back to it, read again (causes confirmed
                // in the review change its flags).
                if let Some(h) = &self.history {
                    self.effects.push_back(Effect::OpenHistory(h.bank));
                    self.screen = Screen::History;
                    return;
                }
                self.screen =
                    if self.exam.as_ref().is_some_and(|e| e.report.is_some()) { Screen::Results } else { Screen::Home };
            }
            ReviewOutcome::Status(s) => self.status = Some(s),
            ReviewOutcome::Confirmed { status, save } => {
                self.status = Some(status);
                if let Some((journal, record)) = save {
                    self.effects.push_back(Effect::Diagnosis { journal, record });
                }
            }
        }
    }

    /// Moves screens when the session moved on: a new question resets the cursor and
    /// scroll; a finished session shows the time-up notice or the results.
    pub(super) fn after_change(&mut self) {
        let current = self.exam.as_ref().and_then(|e| e.session.current());
        if current != self.shown_item {
            self.cursor = 0;
            self.scroll = 0;
            self.exhibit = None;
        }
        self.shown_item = current;
        let Some(exam) = &mut self.exam else { return };
        if let Phase::Finished(reason) = exam.session.phase()
            && exam.report.is_none()
        {
            self.dialog = None;
            self.exhibit = None;
            exam.report = Some(scoring::score(&exam.session, &self.banks[exam.bank].bank));
            self.scroll = 0;
            self.screen = if reason == FinishReason::TimeUp { Screen::TimeUp } else { Screen::Results };
        }
    }

    /// Lets time pass: finishes the exam at its deadline and warns once at five minutes.
    /// Returns true when the screen must be redrawn for a reason other than the clock text.
    pub fn tick(&mut self, now: DateTime<Utc>) -> bool {
        let Some(exam) = &mut self.exam else { return false };
        if exam.session.phase() != Phase::InProgress {
            return false;
        }
        if let Some(reason) = exam.session.tick(now) {
            self.effects.push_back(Effect::Journal(Event::Finished(reason)));
            self.after_change();
            return true;
        }
        let remaining = exam.session.remaining(now).map_or(i64::MAX, |r| r.num_seconds());
        let limit = exam.session.settings.limit_secs.unwrap_or(0) as i64;
        if remaining < 300 && limit > 300 && !exam.warned_five_minutes {
            exam.warned_five_minutes = true;
            self.status = Some("5 minutes left.".into());
            return true;
        }
        false
    }
}

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect::<String>() + ".",
        None => String::new(),
    }
}
