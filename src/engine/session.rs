//! The exam session state machine: ready → in progress → finished.
//!
//! Every transition takes `now`. Remaining time is always `deadline - now`; nothing counts
//! ticks. There is no command that returns to an earlier question and no way to change a
//! submitted answer: no-revisit is enforced here, not only in the user interface.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::bank::{Bank, Kind, QuestionId};
use super::blueprint::Paper;

/// What kind of session this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A full-length (or shortened) simulation under exam conditions.
    Simulation,
    /// Practice on chosen domains; may be untimed and may show feedback.
    Drill,
}

/// Fixed when the session is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub mode: Mode,
    /// Time limit in seconds; `None` for an untimed drill.
    pub limit_secs: Option<u64>,
    /// Show the correct answer and explanations after each submit (drills).
    pub feedback: bool,
    /// A full simulation with the bank's own question count and time: counts for readiness.
    pub full_length: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FinishReason {
    Completed,
    TimeUp,
    Abandoned,
}

impl FinishReason {
    pub fn name(self) -> &'static str {
        match self {
            FinishReason::Completed => "completed",
            FinishReason::TimeUp => "time-up",
            FinishReason::Abandoned => "abandoned",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Rules shown, clock not started.
    Ready,
    InProgress,
    Finished(FinishReason),
}

/// Why a question has no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unanswered {
    /// The candidate confirmed an empty answer.
    Skipped,
    /// Time ran out before it was reached or submitted.
    Time,
    /// The session was abandoned before it was submitted.
    Abandoned,
}

/// The record of one question on the paper, made when it is submitted or when the
/// session ends without it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// Position on the paper.
    pub item: usize,
    pub question: QuestionId,
    /// By bank index (not shown position): the selected options ascending (choice), the
    /// items in the candidate's order (order), the right-hand item given to each left
    /// one in turn (match); empty for text.
    pub selection: Vec<u8>,
    /// The typed answer of a text question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typed: Option<String>,
    /// The share of the question earned, 0..=1, on a partial-credit question (others earn
    /// all or nothing: `correct`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<f64>,
    pub correct: bool,
    /// Seconds spent on the question.
    pub seconds: f64,
    /// The selection was changed (an option replaced or removed) before submitting.
    pub changed: bool,
    /// The selection held exactly the correct set at some point.
    pub held_correct: bool,
    /// The candidate flagged the answer as a guess.
    pub guess: bool,
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unanswered: Option<Unanswered>,
}

impl Answer {
    /// No answer to `item`, for `why`, after `seconds` on it.
    pub fn unanswered(item: usize, question: QuestionId, seconds: f64, at: DateTime<Utc>, why: Unanswered) -> Answer {
        Answer {
            item,
            question,
            selection: Vec::new(),
            typed: None,
            credit: None,
            correct: false,
            seconds,
            changed: false,
            held_correct: false,
            guess: false,
            at,
            unanswered: Some(why),
        }
    }

    /// The share of the question earned: the partial credit, else 1 when right, 0 when not.
    pub fn credit(&self) -> f64 {
        self.credit.unwrap_or(if self.correct { 1.0 } else { 0.0 })
    }

    /// Right at some point, then changed to a wrong answer.
    pub fn changed_right_to_wrong(&self) -> bool {
        self.held_correct && !self.correct && self.unanswered.is_none()
    }
}

/// Commands the candidate (through a user interface) can give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Start,
    /// Select (single-answer) or toggle (multiple-response) the option shown at this
    /// position; on an order or match question, place the item shown there next.
    Select(usize),
    /// Order and match: take back the item placed last.
    Unplace,
    /// Text: the answer as typed so far.
    Type(String),
    /// Inside a testlet: go to its next (`true`) or previous question.
    Step(bool),
    /// Leave the testlet: its answers become final and it cannot be entered again.
    Leave,
    ToggleGuess,
    /// Submit the current selection; `confirmed` allows an empty or incomplete answer.
    Submit {
        confirmed: bool,
    },
    /// Move on after the feedback of the last answer (drills with feedback).
    Continue,
    Abandon,
}

/// What a successful command did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Started,
    SelectionChanged,
    GuessToggled,
    /// An answer was recorded; feedback for it is now shown when the session has feedback.
    Submitted {
        item: usize,
    },
    Continued,
    /// Moved to another question inside the testlet.
    Stepped,
    /// Left the testlet holding these paper items: their answers are final.
    Left {
        first: usize,
        end: usize,
    },
    Finished(FinishReason),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("the session has not started")]
    NotStarted,
    #[error("the session has already started")]
    AlreadyStarted,
    #[error("the session is over")]
    Finished,
    #[error("time is up: the session was finished at the deadline")]
    TimeUp,
    #[error("there is no option {position} (this question has {count})")]
    NoSuchOption { position: usize, count: usize },
    #[error("choose {choose}: deselect an option before selecting another")]
    TooMany { choose: usize },
    #[error("{selected} of {required} options selected: confirm to submit an incomplete answer")]
    Incomplete { selected: usize, required: usize },
    #[error("read the feedback, then continue")]
    AwaitingFeedback,
    #[error("there is no feedback to continue from")]
    NoFeedback,
    #[error("an answer to a question other than the current one cannot be recorded")]
    Revisit,
    #[error("{letter} is already placed; Backspace takes back the last one")]
    AlreadyPlaced { letter: char },
    #[error("there is nothing to take back")]
    NothingPlaced,
    #[error("this question takes no typed answer")]
    NotText,
    #[error("only questions inside a testlet can be moved between")]
    NotInTestlet,
    #[error("this is the {0} question of the testlet")]
    EdgeOfTestlet(&'static str),
    #[error("a time limit of {secs} seconds puts the deadline past the end of the calendar; give a shorter limit")]
    ImpossibleLimit { secs: u64 },
}

/// The deadline `limit` seconds after `from`. The limit comes from flags and from journals
/// on disk, so one too large for a date (or for `i64`) is an error, never a panic or a
/// wrap into the past.
fn deadline_after(from: DateTime<Utc>, limit: Option<u64>) -> Result<Option<DateTime<Utc>>, SessionError> {
    limit
        .map(|secs| {
            i64::try_from(secs)
                .ok()
                .and_then(Duration::try_seconds)
                .and_then(|d| from.checked_add_signed(d))
                .ok_or(SessionError::ImpossibleLimit { secs })
        })
        .transpose()
}

/// Per paper item, what the session needs from the bank: enough to score it even if the
/// bank later changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemKey {
    pub question: QuestionId,
    /// Domain index in the bank.
    pub domain: usize,
    pub choose: usize,
    /// The right answer in `Answer::selection`'s terms (`Question::key`).
    pub correct: Vec<u8>,
    #[serde(default)]
    pub kind: Kind,
    #[serde(default)]
    pub partial: bool,
    /// Text: the accepted answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted: Vec<String>,
    /// The testlet this item belongs to on this paper (items of one testlet are
    /// adjacent); `None` for a standalone question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub testlet: Option<String>,
}

impl ItemKey {
    /// Whether `selection` (or `typed`) is right, and the partial credit it earns on a
    /// partial-credit question.
    pub fn grade(&self, selection: &[u8], typed: &str) -> (bool, Option<f64>) {
        match self.kind {
            Kind::Choice => (selection == self.correct, None),
            Kind::Text => {
                let typed = fold_text(typed);
                (!typed.is_empty() && self.accepted.iter().any(|a| fold_text(a) == typed), None)
            }
            Kind::Order | Kind::Match => {
                let right = selection.iter().zip(&self.correct).filter(|(a, b)| a == b).count();
                let all = selection == self.correct;
                let credit =
                    (self.partial && !self.correct.is_empty()).then(|| right as f64 / self.correct.len() as f64);
                (all, credit)
            }
        }
    }
}

/// A typed answer as compared: lowercase, trimmed, every run of white space one space.
pub fn fold_text(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The keys of `paper`'s items in `bank`.
pub fn keys_for(bank: &Bank, paper: &Paper) -> Vec<ItemKey> {
    paper
        .items
        .iter()
        .map(|it| {
            let q = &bank.questions[it.question];
            ItemKey {
                question: q.id.clone(),
                domain: q.domain,
                choose: q.choose,
                correct: q.key(),
                kind: q.kind,
                partial: q.partial,
                accepted: q.answers.clone(),
                testlet: it.testlet.clone(),
            }
        })
        .collect()
}

/// The answer being formed to one question, before it is submitted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Work {
    /// As `Answer::selection`; a choice question's is kept ascending.
    selection: Vec<u8>,
    typed: String,
    changed: bool,
    held_correct: bool,
    guess: bool,
    /// Seconds spent on it in earlier visits (a testlet's questions can be revisited).
    seconds: f64,
}

/// The testlet the candidate is inside: its items `first..end` of the paper, the one on
/// screen, each one's answer being formed and the answers given so far (not yet final).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Open {
    first: usize,
    end: usize,
    cursor: usize,
    work: Vec<Work>,
    drafts: Vec<Option<Answer>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub paper: Paper,
    pub settings: Settings,
    keys: Vec<ItemKey>,
    phase: Phase,
    started_at: Option<DateTime<Utc>>,
    deadline: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
    answers: Vec<Answer>,
    feedback_pending: bool,
    // The question being answered.
    work: Work,
    open: Option<Open>,
    question_started: Option<DateTime<Utc>>,
    // A wall clock that moves backwards must not give time back: the jump is added to a
    // skew so the session's own time keeps moving forward.
    last_now: Option<DateTime<Utc>>,
    skew: Duration,
    clock_anomaly: bool,
}

impl Session {
    pub fn new(bank: &Bank, paper: Paper, settings: Settings) -> Session {
        let keys = keys_for(bank, &paper);
        Session::with_keys(paper, keys, settings)
    }

    /// A session over a frozen paper (from a journal), without the bank.
    pub fn with_keys(paper: Paper, keys: Vec<ItemKey>, settings: Settings) -> Session {
        Session {
            paper,
            settings,
            keys,
            phase: Phase::Ready,
            started_at: None,
            deadline: None,
            finished_at: None,
            answers: Vec::new(),
            feedback_pending: false,
            work: Work::default(),
            open: None,
            question_started: None,
            last_now: None,
            skew: Duration::zero(),
            clock_anomaly: false,
        }
    }

    /// Rebuilds an interrupted session from its journal: same paper, the answers already
    /// given, the next unanswered question current, the original deadline. Inside a
    /// testlet, `drafts` are its answers given so far (not final). A deadline already
    /// passed finishes it as time-up with the answers given before it.
    pub fn resume(
        paper: Paper,
        keys: Vec<ItemKey>,
        settings: Settings,
        started_at: DateTime<Utc>,
        answers: Vec<Answer>,
        drafts: Vec<Answer>,
        now: DateTime<Utc>,
    ) -> Result<Session, SessionError> {
        let mut s = Session::with_keys(paper, keys, settings);
        s.phase = Phase::InProgress;
        s.started_at = Some(started_at);
        s.deadline = deadline_after(started_at, s.settings.limit_secs)?;
        for (i, a) in answers.iter().enumerate() {
            if a.item != i || s.keys.get(i).is_none_or(|k| k.question != a.question) {
                return Err(SessionError::Revisit);
            }
        }
        // Later records earlier than earlier ones: the wall clock went backwards.
        if answers.windows(2).any(|w| w[1].at < w[0].at) || answers.first().is_some_and(|a| a.at < started_at) {
            s.clock_anomaly = true;
        }
        s.answers = answers;
        if s.answers.len() >= s.keys.len() {
            s.finish(FinishReason::Completed, now);
            return Ok(s);
        }
        s.question_started = Some(now);
        s.last_now = Some(now);
        s.enter_testlet();
        if let Some(open) = &mut s.open {
            for d in drafts {
                if !(open.first..open.end).contains(&d.item) || s.keys[d.item].question != d.question {
                    return Err(SessionError::Revisit);
                }
                let w = &mut open.work[d.item - open.first];
                w.selection.clone_from(&d.selection);
                w.typed = d.typed.clone().unwrap_or_default();
                w.changed = d.changed;
                w.held_correct = d.held_correct;
                w.guess = d.guess;
                w.seconds = d.seconds;
                let at = d.item - open.first;
                open.drafts[at] = Some(d);
            }
            // Back where the candidate was: the first question still without an answer.
            let first_open = open.drafts.iter().position(Option::is_none).unwrap_or(0);
            open.cursor = open.first + first_open;
            s.work = std::mem::take(&mut open.work[first_open]);
        }
        if s.deadline.is_some_and(|d| now >= d) {
            s.time_up();
        }
        Ok(s)
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.phase, Phase::Finished(_))
    }

    pub fn started_at(&self) -> Option<DateTime<Utc>> {
        self.started_at
    }

    pub fn deadline(&self) -> Option<DateTime<Utc>> {
        self.deadline
    }

    pub fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.finished_at
    }

    /// The final answers, in paper order.
    pub fn answers(&self) -> &[Answer] {
        &self.answers
    }

    pub fn clock_anomaly(&self) -> bool {
        self.clock_anomaly
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key of paper item `item`.
    pub fn key(&self, item: usize) -> &ItemKey {
        &self.keys[item]
    }

    /// Position of the question on screen: the one being answered, or the one whose
    /// feedback is shown. `None` once finished.
    pub fn current(&self) -> Option<usize> {
        match self.phase {
            Phase::Finished(_) => None,
            _ if self.feedback_pending => Some(self.answers.len() - 1),
            _ if self.open.is_some() => self.open.as_ref().map(|o| o.cursor),
            _ => Some(self.answers.len()).filter(|&i| i < self.keys.len()),
        }
    }

    pub fn feedback_pending(&self) -> bool {
        self.feedback_pending
    }

    /// The testlet the candidate is inside: its items `first..end`.
    pub fn testlet_span(&self) -> Option<(usize, usize)> {
        self.open.as_ref().map(|o| (o.first, o.end))
    }

    /// The answer given so far to a question of the open testlet (not final).
    pub fn draft(&self, item: usize) -> Option<&Answer> {
        let o = self.open.as_ref()?;
        o.drafts.get(item.checked_sub(o.first)?)?.as_ref()
    }

    /// Every answer of the open testlet, in paper order (for the journal).
    pub fn drafts(&self) -> impl Iterator<Item = &Answer> {
        self.open.iter().flat_map(|o| o.drafts.iter().flatten())
    }

    /// Inside a testlet, every question of it has an answer: time to leave it.
    pub fn testlet_complete(&self) -> bool {
        self.open.as_ref().is_some_and(|o| o.drafts.iter().all(Option::is_some))
    }

    /// Items `first..end` of the testlet starting at `first` on the paper, if one does.
    pub fn testlet_at(&self, first: usize) -> Option<(usize, usize)> {
        let id = self.keys.get(first)?.testlet.as_ref()?;
        let end =
            (first..self.keys.len()).find(|&i| self.keys[i].testlet.as_ref() != Some(id)).unwrap_or(self.keys.len());
        Some((first, end))
    }

    /// The current selection, by shown position: ascending for a choice question, in the
    /// order placed for an order or match question.
    pub fn selected_positions(&self) -> Vec<usize> {
        let Some(i) = self.current() else { return Vec::new() };
        let sel = if self.feedback_pending { &self.answers[i].selection } else { &self.work.selection };
        let order = &self.paper.items[i].order;
        if self.keys[i].kind.is_sequence() {
            return sel.iter().filter_map(|o| order.iter().position(|x| x == o)).collect();
        }
        order.iter().enumerate().filter(|(_, o)| sel.contains(o)).map(|(p, _)| p).collect()
    }

    /// The text typed so far (text questions).
    pub fn typed(&self) -> &str {
        match self.current() {
            Some(i) if self.feedback_pending => self.answers[i].typed.as_deref().unwrap_or(""),
            _ => &self.work.typed,
        }
    }

    pub fn guess_flag(&self) -> bool {
        self.work.guess
    }

    /// How many parts the current question wants.
    pub fn current_choose(&self) -> usize {
        self.current().map_or(0, |i| self.keys[i].choose)
    }

    /// The session's own time for a wall-clock reading, without recording it.
    fn effective(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let back = match self.last_now {
            Some(last) if now < last => last - now,
            _ => Duration::zero(),
        };
        now + self.skew + back
    }

    fn observe(&mut self, now: DateTime<Utc>) -> DateTime<Utc> {
        if let Some(last) = self.last_now
            && now < last
        {
            self.skew += last - now;
            self.clock_anomaly = true;
        }
        self.last_now = Some(now);
        now + self.skew
    }

    /// Marks the session as having seen a backwards clock (found in its journal).
    pub fn flag_clock_anomaly(&mut self) {
        self.clock_anomaly = true;
    }

    /// Time left, never negative; `None` when untimed or not started.
    pub fn remaining(&self, now: DateTime<Utc>) -> Option<Duration> {
        let d = self.deadline?;
        if self.is_finished() {
            return Some(Duration::zero());
        }
        Some((d - self.effective(now)).max(Duration::zero()))
    }

    /// The pace the time limit implies, in whole seconds per question (limit ÷ questions);
    /// `None` when untimed.
    pub fn pace_secs(&self) -> Option<u64> {
        let limit = self.settings.limit_secs?;
        (!self.keys.is_empty()).then(|| (limit as f64 / self.keys.len() as f64).round() as u64)
    }

    /// How far ahead of that pace the candidate is at `now`, in seconds (negative: behind):
    /// the time left less what the questions not yet answered need at the pace. `None`
    /// when untimed, not started or finished.
    pub fn pace_lead(&self, now: DateTime<Utc>) -> Option<i64> {
        let limit = self.settings.limit_secs?;
        if self.is_finished() || self.keys.is_empty() {
            return None;
        }
        let done = self.answers.len() + self.drafts().count();
        let left = self.keys.len().saturating_sub(done) as i64;
        let need_ms = limit as i64 * 1000 * left / self.keys.len() as i64;
        Some((self.remaining(now)?.num_milliseconds() - need_ms) / 1000)
    }

    /// Ends the session exactly at the deadline when it has passed. Returns the finish
    /// when this call finished it.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Option<FinishReason> {
        let now = self.observe(now);
        if self.phase == Phase::InProgress && self.deadline.is_some_and(|d| now >= d) {
            self.time_up();
            return Some(FinishReason::TimeUp);
        }
        None
    }

    pub fn apply(&mut self, cmd: Command, now: DateTime<Utc>) -> Result<Event, SessionError> {
        let now = self.observe(now);
        match self.phase {
            Phase::Finished(_) => return Err(SessionError::Finished),
            Phase::Ready => {
                return match cmd {
                    Command::Start => {
                        // Checked first: a refused start leaves the session ready.
                        self.deadline = deadline_after(now, self.settings.limit_secs)?;
                        self.phase = Phase::InProgress;
                        self.started_at = Some(now);
                        self.question_started = Some(now);
                        if self.keys.is_empty() {
                            self.finish(FinishReason::Completed, now);
                        }
                        self.enter_testlet();
                        Ok(Event::Started)
                    }
                    Command::Abandon => {
                        self.finish(FinishReason::Abandoned, now);
                        Ok(Event::Finished(FinishReason::Abandoned))
                    }
                    _ => Err(SessionError::NotStarted),
                };
            }
            Phase::InProgress => {}
        }
        if self.deadline.is_some_and(|d| now >= d) {
            self.time_up();
            return Err(SessionError::TimeUp);
        }
        match cmd {
            Command::Start => Err(SessionError::AlreadyStarted),
            Command::Abandon => {
                self.finish(FinishReason::Abandoned, now);
                Ok(Event::Finished(FinishReason::Abandoned))
            }
            Command::Continue => {
                if !self.feedback_pending {
                    return Err(SessionError::NoFeedback);
                }
                self.feedback_pending = false;
                self.question_started = Some(now);
                if self.answers.len() == self.keys.len() {
                    self.finish(FinishReason::Completed, now);
                    return Ok(Event::Finished(FinishReason::Completed));
                }
                self.enter_testlet();
                Ok(Event::Continued)
            }
            _ if self.feedback_pending => Err(SessionError::AwaitingFeedback),
            Command::ToggleGuess => {
                self.work.guess = !self.work.guess;
                Ok(Event::GuessToggled)
            }
            Command::Select(pos) => self.select(pos),
            Command::Unplace => self.unplace(),
            Command::Type(text) => self.type_text(text),
            Command::Submit { confirmed } => self.submit(confirmed, now),
            Command::Step(forward) => self.step(forward, now),
            Command::Leave => self.leave(now),
        }
    }

    /// The item being answered (not the one whose feedback is shown).
    fn answering(&self) -> usize {
        self.open.as_ref().map_or(self.answers.len(), |o| o.cursor)
    }

    fn select(&mut self, pos: usize) -> Result<Event, SessionError> {
        let i = self.answering();
        if self.keys[i].kind == Kind::Text {
            return Err(SessionError::NotText);
        }
        let order = &self.paper.items[i].order;
        let &opt = order.get(pos).ok_or(SessionError::NoSuchOption { position: pos, count: order.len() })?;
        let key = &self.keys[i];
        let sel = &mut self.work.selection;
        match key.kind {
            Kind::Text => return Err(SessionError::NotText),
            Kind::Order | Kind::Match => {
                if key.kind == Kind::Order && sel.contains(&opt) {
                    return Err(SessionError::AlreadyPlaced { letter: super::bank::letter(pos) });
                }
                if sel.len() >= key.choose {
                    return Err(SessionError::TooMany { choose: key.choose });
                }
                sel.push(opt);
            }
            Kind::Choice if key.choose <= 1 => {
                if sel.len() == 1 && sel.contains(&opt) {
                    return Ok(Event::SelectionChanged);
                }
                if !sel.is_empty() {
                    self.work.changed = true;
                }
                sel.clear();
                sel.push(opt);
            }
            Kind::Choice => {
                if let Some(at) = sel.iter().position(|&o| o == opt) {
                    sel.remove(at);
                    self.work.changed = true;
                } else if sel.len() >= key.choose {
                    return Err(SessionError::TooMany { choose: key.choose });
                } else {
                    sel.push(opt);
                    sel.sort_unstable();
                }
            }
        }
        self.note_if_right(i);
        Ok(Event::SelectionChanged)
    }

    fn unplace(&mut self) -> Result<Event, SessionError> {
        let i = self.answering();
        if !self.keys[i].kind.is_sequence() || self.work.selection.pop().is_none() {
            return Err(SessionError::NothingPlaced);
        }
        self.work.changed = true;
        Ok(Event::SelectionChanged)
    }

    fn type_text(&mut self, text: String) -> Result<Event, SessionError> {
        let i = self.answering();
        if self.keys[i].kind != Kind::Text {
            return Err(SessionError::NotText);
        }
        self.work.typed = text;
        self.note_if_right(i);
        Ok(Event::SelectionChanged)
    }

    /// Remembers that the answer being formed was right at this point.
    fn note_if_right(&mut self, i: usize) {
        if self.keys[i].grade(&self.work.selection, &self.work.typed).0 {
            self.work.held_correct = true;
        }
    }

    fn submit(&mut self, confirmed: bool, now: DateTime<Utc>) -> Result<Event, SessionError> {
        let i = self.answering();
        let key = &self.keys[i];
        let given = if key.kind == Kind::Text {
            usize::from(!self.work.typed.trim().is_empty())
        } else {
            self.work.selection.len()
        };
        if given != key.choose && !confirmed {
            return Err(SessionError::Incomplete { selected: given, required: key.choose });
        }
        let seconds = self.work.seconds + self.seconds_since_question_start(now);
        let (correct, credit) = key.grade(&self.work.selection, &self.work.typed);
        let typed = (key.kind == Kind::Text).then(|| self.work.typed.trim().to_owned());
        let empty = given == 0;
        let question = key.question.clone();
        if let Some(open) = &mut self.open {
            // Inside a testlet the answer stays open to change until the testlet is left.
            let at = i - open.first;
            let previous = open.drafts[at].take();
            let changed = self.work.changed
                || previous.as_ref().is_some_and(|p| p.selection != self.work.selection || p.typed != typed);
            let answer = Answer {
                item: i,
                question,
                selection: self.work.selection.clone(),
                typed,
                credit,
                correct,
                seconds,
                changed,
                held_correct: self.work.held_correct,
                guess: self.work.guess,
                at: now,
                unanswered: empty.then_some(Unanswered::Skipped),
            };
            open.drafts[at] = Some(answer);
            let mut w = std::mem::take(&mut self.work);
            w.seconds = seconds;
            w.changed = changed;
            open.work[at] = w;
            // On to the next question still without an answer, if any.
            let n = open.end - open.first;
            let next = (1..=n).map(|k| (at + k) % n).find(|&k| open.drafts[k].is_none()).unwrap_or(at);
            open.cursor = open.first + next;
            self.work = std::mem::take(&mut open.work[next]);
            self.question_started = Some(now);
            return Ok(Event::Submitted { item: i });
        }
        let work = std::mem::take(&mut self.work);
        let answer = Answer {
            item: i,
            question,
            correct,
            credit,
            unanswered: empty.then_some(Unanswered::Skipped),
            selection: work.selection,
            typed,
            seconds,
            changed: work.changed,
            held_correct: work.held_correct,
            guess: work.guess,
            at: now,
        };
        self.answers.push(answer);
        if self.settings.feedback {
            self.feedback_pending = true;
        } else {
            self.question_started = Some(now);
            if self.answers.len() == self.keys.len() {
                self.finish(FinishReason::Completed, now);
            } else {
                self.enter_testlet();
            }
        }
        Ok(Event::Submitted { item: i })
    }

    fn step(&mut self, forward: bool, now: DateTime<Utc>) -> Result<Event, SessionError> {
        let spent = self.seconds_since_question_start(now);
        let Some(open) = &mut self.open else { return Err(SessionError::NotInTestlet) };
        let to = if forward {
            Some(open.cursor + 1).filter(|&c| c < open.end).ok_or(SessionError::EdgeOfTestlet("last"))?
        } else {
            open.cursor.checked_sub(1).filter(|&c| c >= open.first).ok_or(SessionError::EdgeOfTestlet("first"))?
        };
        let mut w = std::mem::take(&mut self.work);
        w.seconds += spent;
        open.work[open.cursor - open.first] = w;
        open.cursor = to;
        self.work = std::mem::take(&mut open.work[to - open.first]);
        self.question_started = Some(now);
        Ok(Event::Stepped)
    }

    fn leave(&mut self, now: DateTime<Utc>) -> Result<Event, SessionError> {
        let (first, end) = self.testlet_span().ok_or(SessionError::NotInTestlet)?;
        self.close_testlet(Unanswered::Skipped, now);
        self.question_started = Some(now);
        if self.answers.len() == self.keys.len() {
            self.finish(FinishReason::Completed, now);
        } else {
            self.enter_testlet();
        }
        Ok(Event::Left { first, end })
    }

    /// Opens the testlet that starts at the next question, if one does.
    fn enter_testlet(&mut self) {
        if self.open.is_some() || self.is_finished() {
            return;
        }
        let Some((first, end)) = self.testlet_at(self.answers.len()) else { return };
        let n = end - first;
        self.open = Some(Open { first, end, cursor: first, work: vec![Work::default(); n], drafts: vec![None; n] });
    }

    /// Makes the open testlet's answers final, in paper order; a question without one
    /// is recorded as unanswered for `why`, with the time spent on it.
    fn close_testlet(&mut self, why: Unanswered, at: DateTime<Utc>) {
        let Some(mut open) = self.open.take() else { return };
        let spent = self.seconds_since_question_start(at);
        let cursor = open.cursor - open.first;
        open.work[cursor] = std::mem::take(&mut self.work);
        open.work[cursor].seconds += spent;
        for (k, draft) in open.drafts.into_iter().enumerate() {
            let item = open.first + k;
            let answer = draft.unwrap_or_else(|| {
                Answer::unanswered(item, self.keys[item].question.clone(), open.work[k].seconds, at, why)
            });
            self.answers.push(answer);
        }
    }

    fn seconds_since_question_start(&self, now: DateTime<Utc>) -> f64 {
        let start = self.question_started.unwrap_or(now);
        ((now - start).num_milliseconds().max(0) as f64) / 1000.0
    }

    fn time_up(&mut self) {
        let Some(deadline) = self.deadline else { return };
        self.record_rest(Unanswered::Time, deadline);
        self.phase = Phase::Finished(FinishReason::TimeUp);
        self.finished_at = Some(deadline);
    }

    fn finish(&mut self, reason: FinishReason, now: DateTime<Utc>) {
        if reason == FinishReason::Abandoned {
            self.record_rest(Unanswered::Abandoned, now);
        }
        self.phase = Phase::Finished(reason);
        self.finished_at = Some(now);
    }

    /// Records every question not yet submitted as unanswered; the current selection
    /// is not counted. Inside a testlet, the answers given to its questions count.
    fn record_rest(&mut self, why: Unanswered, at: DateTime<Utc>) {
        self.feedback_pending = false;
        let in_testlet = self.open.is_some();
        self.close_testlet(why, at);
        let current_seconds = if self.answers.len() < self.keys.len() && !in_testlet {
            self.seconds_since_question_start(at)
        } else {
            0.0
        };
        let first = self.answers.len();
        for i in first..self.keys.len() {
            let secs = if i == first { current_seconds } else { 0.0 };
            self.answers.push(Answer::unanswered(i, self.keys[i].question.clone(), secs, at, why));
        }
        self.work = Work::default();
    }

    /// The domain index of each paper item.
    pub fn item_domain(&self, item: usize) -> usize {
        self.keys[item].domain
    }

    /// The right answer of a paper item, in `Answer::selection`'s terms.
    pub fn item_correct(&self, item: usize) -> &[u8] {
        &self.keys[item].correct
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "item_types_tests.rs"]
mod item_types_tests;
