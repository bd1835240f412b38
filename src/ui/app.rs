//! The terminal app's state and its one update function: a key's action and `now` in,
//! engine calls and a changed state out. No I/O and no clock reads happen here, so the
//! whole app is driven in tests with fixed times.

use chrono::{DateTime, Utc};
use proctor::engine::bank::LoadedBank;
use proctor::engine::blueprint::{self, Seen};
use proctor::engine::scoring::{self, Report};
use proctor::engine::session::{Command, FinishReason, Mode, Phase, Session, SessionError, Settings};

use super::keys::{Action, Context};

/// How a new exam should be set up (from the command line or the defaults).
#[derive(Debug, Clone, Copy, Default)]
pub struct ExamOptions {
    pub questions: Option<u32>,
    pub limit_secs: Option<u64>,
    pub seed: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Home,
    Rules,
    Question,
    TimeUp,
    Results,
    Review,
    Progress,
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
}

/// One exam being taken (or just finished).
pub struct ExamRun {
    /// Distinguishes this run from earlier ones in the same process (for saving).
    pub run: u64,
    pub bank: usize,
    pub session: Session,
    pub seed: u64,
    pub report: Option<Report>,
    /// What a drill covers, for the rules screen.
    pub about: Option<String>,
    warned_five_minutes: bool,
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
    pub quit: bool,
    /// Set when the user asked to suspend (Ctrl-Z); the event loop does it.
    pub suspend: bool,
    /// Seed used when none was given: chosen by the binary.
    pub fallback_seed: u64,
    /// The paper item last shown, to reset cursor and scroll on a new question.
    shown_item: Option<usize>,
    pub persist: super::persist::Persistence,
    pub review: Option<super::review::ReviewState>,
    pub progress: Option<proctor::engine::progress::Progress>,
    /// The attempt form being typed on the progress screen.
    pub attempt_input: Option<String>,
    /// The retake plan shown on the progress screen, or why there is none.
    pub booking: Option<Result<proctor::engine::retake::Booking, String>>,
    /// The latest finished session of each bank, by bank id, for the home screen.
    pub last: std::collections::HashMap<String, proctor::engine::history::Summary>,
    /// The readiness verdict of each bank with history, by bank id.
    pub readiness: std::collections::HashMap<String, proctor::engine::readiness::VerdictKind>,
}

static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl ExamRun {
    pub fn new(bank: usize, session: Session, seed: u64) -> ExamRun {
        let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        ExamRun { run, bank, session, seed, report: None, about: None, warned_five_minutes: false }
    }

    pub fn resumed(bank: usize, session: Session, seed: u64) -> ExamRun {
        ExamRun::new(bank, session, seed)
    }
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
            quit: false,
            suspend: false,
            fallback_seed,
            shown_item: None,
            persist: super::persist::Persistence::default(),
            last: std::collections::HashMap::new(),
            readiness: std::collections::HashMap::new(),
            review: None,
            progress: None,
            booking: None,
            attempt_input: None,
        }
    }

    /// The key table in force.
    pub fn context(&self) -> Context {
        if self.help {
            return Context::Help;
        }
        if self.dialog.is_some() {
            return Context::Confirm;
        }
        self.base_context()
    }

    /// The screen's own key table, under any dialog or help.
    pub fn base_context(&self) -> Context {
        match self.screen {
            Screen::Home => Context::Home,
            Screen::Rules => Context::Rules,
            Screen::Question if self.exam.as_ref().is_some_and(|e| e.session.feedback_pending()) => Context::Feedback,
            Screen::Question => Context::Question,
            Screen::TimeUp => Context::TimeUp,
            Screen::Results => Context::Results,
            Screen::Progress if self.attempt_input.is_some() => Context::Note,
            Screen::Progress => Context::Progress,
            Screen::Review => match &self.review {
                Some(r) if r.note.is_some() => Context::Note,
                Some(r) if r.view == super::review::ReviewView::Breakdown => Context::Breakdown,
                _ => Context::Review,
            },
        }
    }

    pub fn bank(&self) -> Option<&LoadedBank> {
        self.exam.as_ref().map(|e| &self.banks[e.bank]).or_else(|| self.banks.get(self.selected))
    }

    /// Draws a paper from bank `idx` and shows the rules; the clock has not started.
    pub fn prepare_exam(&mut self, idx: usize) -> Result<(), String> {
        let loaded = self.banks.get(idx).ok_or("no such bank")?;
        let bank = &loaded.bank;
        let n = self.options.questions.map_or(bank.exam.questions as usize, |n| n as usize);
        let full_secs = u64::from(bank.exam.minutes) * 60;
        // A shortened paper keeps the bank's pace unless a limit was given.
        let limit = self
            .options
            .limit_secs
            .unwrap_or_else(|| (full_secs * n as u64).div_ceil(u64::from(bank.exam.questions).max(1)).max(1));
        let seed = self.options.seed.unwrap_or(self.fallback_seed);
        let counts = blueprint::full_counts(bank, n);
        let paper = blueprint::draw(
            bank,
            &counts,
            &Seen::default(),
            blueprint::DEFAULT_FRESH_SESSIONS,
            &mut blueprint::rng_from_seed(seed),
        )
        .map_err(|e| format!("cannot start {}: {e}", bank.exam.id))?;
        let settings = Settings {
            mode: Mode::Simulation,
            limit_secs: Some(limit),
            feedback: false,
            full_length: n == bank.exam.questions as usize && limit == full_secs,
        };
        self.exam = Some(ExamRun::new(idx, Session::new(bank, paper, settings), seed));
        self.screen = Screen::Rules;
        Ok(())
    }

    /// Applies one action at time `now`.
    pub fn update(&mut self, action: Action, now: DateTime<Utc>) {
        self.status = None;
        if action == Action::Suspend {
            self.suspend = true;
            return;
        }
        if self.help {
            self.help = false;
            return;
        }
        if action == Action::Help {
            self.help = true;
            return;
        }
        if let Some(dialog) = self.dialog {
            self.answer_dialog(dialog, action == Action::Yes, now);
            return;
        }
        match self.screen {
            Screen::Home => self.home(action),
            Screen::Rules => self.rules(action, now),
            Screen::Question => self.question(action, now),
            Screen::TimeUp => {
                if action == Action::Enter {
                    self.screen = Screen::Results;
                    self.scroll = 0;
                }
            }
            Screen::Review => self.review_action(action, now),
            Screen::Progress => match action {
                Action::Drill => self.start_weak_drill(),
                Action::Attempt => self.attempt_input = Some(String::new()),
                Action::Quit => {
                    self.screen = Screen::Home;
                    self.scroll = 0;
                }
                Action::PageUp => self.scroll = self.scroll.saturating_sub(3),
                Action::PageDown => self.scroll = self.scroll.saturating_add(3),
                _ => {}
            },
            Screen::Results => match action {
                Action::Review => self.review_current(),
                Action::Home => {
                    self.screen = Screen::Home;
                    self.scroll = 0;
                }
                Action::Quit => self.quit = true,
                Action::PageUp => self.scroll = self.scroll.saturating_sub(3),
                Action::PageDown => self.scroll = self.scroll.saturating_add(3),
                _ => {}
            },
        }
    }

    fn home(&mut self, action: Action) {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(self.banks.len().saturating_sub(1)),
            Action::Enter => {
                if let Err(e) = self.prepare_exam(self.selected) {
                    self.status = Some(e);
                }
            }
            Action::Drill => self.start_weak_drill(),
            Action::Progress => self.open_progress(),
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    /// The default drill of the selected bank: 20 questions, weak domains first.
    fn start_weak_drill(&mut self) {
        let spec = super::drill::DrillSpec::default();
        if let Err(e) = self.prepare_drill(self.selected, &spec) {
            self.status = Some(e);
        }
    }

    /// A key while typing the attempt form: text, Backspace, Enter records, Esc cancels.
    pub fn attempt_key(&mut self, code: ratatui::crossterm::event::KeyCode) {
        use ratatui::crossterm::event::KeyCode;
        let Some(text) = &mut self.attempt_input else { return };
        match code {
            KeyCode::Char(c) if !c.is_control() && text.chars().count() < 300 => text.push(c),
            KeyCode::Backspace => {
                text.pop();
            }
            KeyCode::Esc => self.attempt_input = None,
            KeyCode::Enter => {
                let line = self.attempt_input.take().unwrap_or_default();
                let Some(b) = self.banks.get(self.selected) else { return };
                let parsed = crate::commands::retake::parse_form(&b.bank, &line);
                self.status = Some(match (parsed, &self.persist.store) {
                    (Err(e), _) => format!("{e:#}"),
                    (Ok(_), None) => "attempt NOT saved: no data directory".into(),
                    (Ok(a), Some(store)) => match store.add_attempt(&a) {
                        Ok(()) => format!("Recorded the attempt of {}.", a.date),
                        Err(e) => format!("attempt NOT saved: {e}"),
                    },
                });
                self.open_progress();
            }
            _ => {}
        }
    }

    fn open_progress(&mut self) {
        let Some(b) = self.banks.get(self.selected) else { return };
        let store = self.persist.store.as_ref();
        let reported = store.map(|s| s.reported_domains(&b.bank)).unwrap_or_default();
        let p =
            proctor::engine::progress::build(store, &b.bank, proctor::engine::readiness::Config::default(), &reported);
        self.booking = Some(crate::commands::retake::booking_for(store, &b.bank, chrono::Local::now().date_naive()));
        self.progress = Some(p);
        self.scroll = 0;
        self.screen = Screen::Progress;
    }

    fn rules(&mut self, action: Action, now: DateTime<Utc>) {
        match action {
            Action::Enter => {
                if !self.acquire_lock() {
                    return;
                }
                if let Some(e) = &mut self.exam
                    && e.session.apply(Command::Start, now).is_ok()
                {
                    self.screen = Screen::Question;
                    self.cursor = 0;
                    self.scroll = 0;
                }
            }
            Action::Quit => {
                self.exam = None;
                self.screen = Screen::Home;
            }
            _ => {}
        }
    }

    fn question(&mut self, action: Action, now: DateTime<Utc>) {
        let Some(exam) = &mut self.exam else { return };
        let options = exam.session.current().map_or(0, |i| exam.session.paper.items[i].order.len());
        let feedback = exam.session.feedback_pending();
        let result = match action {
            Action::Option(i) if i < options => exam.session.apply(Command::Select(i), now).map(drop),
            Action::Option(i) => Err(SessionError::NoSuchOption { position: i, count: options }),
            Action::Toggle => exam.session.apply(Command::Select(self.cursor), now).map(drop),
            Action::Up if !feedback => {
                self.cursor = self.cursor.saturating_sub(1);
                Ok(())
            }
            Action::Down if !feedback => {
                self.cursor = (self.cursor + 1).min(options.saturating_sub(1));
                Ok(())
            }
            Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(5);
                Ok(())
            }
            Action::PageDown => {
                self.scroll = self.scroll.saturating_add(5);
                Ok(())
            }
            Action::Guess => exam.session.apply(Command::ToggleGuess, now).map(drop),
            Action::Enter if feedback => exam.session.apply(Command::Continue, now).map(drop),
            Action::Enter => match exam.session.apply(Command::Submit { confirmed: false }, now) {
                Err(SessionError::Incomplete { selected, required }) => {
                    self.dialog = Some(Dialog::SubmitIncomplete { selected, required });
                    Ok(())
                }
                other => other.map(drop),
            },
            Action::NoBack => {
                self.status = Some("No going back: a submitted answer is final, as in the real exam.".into());
                Ok(())
            }
            Action::Quit => {
                self.dialog = Some(Dialog::Abandon);
                Ok(())
            }
            _ => Ok(()),
        };
        match result {
            Err(SessionError::TimeUp) => {}
            Err(e) => self.status = Some(capitalise(&e.to_string())),
            Ok(()) => {}
        }
        self.after_change();
    }

    fn answer_dialog(&mut self, dialog: Dialog, yes: bool, now: DateTime<Utc>) {
        self.dialog = None;
        if dialog == Dialog::Resume {
            self.resume_interrupted(yes, now);
            return;
        }
        if !yes {
            return;
        }
        let Some(exam) = &mut self.exam else { return };
        let r = match dialog {
            Dialog::Resume => return,
            Dialog::Abandon => exam.session.apply(Command::Abandon, now),
            Dialog::SubmitIncomplete { .. } => exam.session.apply(Command::Submit { confirmed: true }, now),
        };
        if let Err(e) = r
            && e != SessionError::TimeUp
        {
            self.status = Some(capitalise(&e.to_string()));
        }
        self.after_change();
    }

    /// Moves screens when the session moved on: a new question resets the cursor and
    /// scroll; a finished session shows the time-up notice or the results.
    fn after_change(&mut self) {
        let current = self.exam.as_ref().and_then(|e| e.session.current());
        if current != self.shown_item {
            self.cursor = 0;
            self.scroll = 0;
        }
        self.shown_item = current;
        let Some(exam) = &mut self.exam else { return };
        if let Phase::Finished(reason) = exam.session.phase() {
            self.dialog = None;
            exam.report = Some(scoring::score(&exam.session, &self.banks[exam.bank].bank));
            self.scroll = 0;
            self.screen = if reason == FinishReason::TimeUp { Screen::TimeUp } else { Screen::Results };
        }
    }

    /// Shows a resumed session where it stands.
    pub fn after_resume(&mut self) {
        self.shown_item = None;
        self.after_change();
    }

    /// Lets time pass: finishes the exam at its deadline and warns once at five minutes.
    /// Returns true when the screen must be redrawn for a reason other than the clock text.
    pub fn tick(&mut self, now: DateTime<Utc>) -> bool {
        let Some(exam) = &mut self.exam else { return false };
        if exam.session.phase() != Phase::InProgress {
            return false;
        }
        if exam.session.tick(now).is_some() {
            self.after_change();
            return true;
        }
        let Some(exam) = &mut self.exam else { return false };
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

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect::<String>() + ".",
        None => String::new(),
    }
}
