//! The exam session state machine: ready → in progress → finished.
//!
//! Every transition takes `now`. Remaining time is always `deadline - now`; nothing counts
//! ticks. There is no command that returns to an earlier question and no way to change a
//! submitted answer: no-revisit is enforced here, not only in the user interface.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::bank::{Bank, QuestionId};
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
    /// Selected options by bank index (not shown position), ascending.
    pub selection: Vec<u8>,
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
    /// Right at some point, then changed to a wrong answer.
    pub fn changed_right_to_wrong(&self) -> bool {
        self.held_correct && !self.correct && self.unanswered.is_none()
    }
}

/// Commands the candidate (through a user interface) can give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Start,
    /// Select (single-answer) or toggle (multiple-response) the option shown at this position.
    Select(usize),
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
    /// Correct options by bank index, ascending.
    pub correct: Vec<u8>,
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
                correct: q.correct().map(|i| i as u8).collect(),
            }
        })
        .collect()
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
    selection: BTreeSet<u8>,
    changed: bool,
    held_correct: bool,
    guess: bool,
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
            selection: BTreeSet::new(),
            changed: false,
            held_correct: false,
            guess: false,
            question_started: None,
            last_now: None,
            skew: Duration::zero(),
            clock_anomaly: false,
        }
    }

    /// Rebuilds an interrupted session from its journal: same paper, the answers already
    /// given, the next unanswered question current, the original deadline. A deadline
    /// already passed finishes it as time-up with the answers given before it.
    pub fn resume(
        paper: Paper,
        keys: Vec<ItemKey>,
        settings: Settings,
        started_at: DateTime<Utc>,
        answers: Vec<Answer>,
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

    /// Position of the question on screen: the one being answered, or the one whose
    /// feedback is shown. `None` once finished.
    pub fn current(&self) -> Option<usize> {
        match self.phase {
            Phase::Finished(_) => None,
            _ if self.feedback_pending => Some(self.answers.len() - 1),
            _ => Some(self.answers.len()).filter(|&i| i < self.keys.len()),
        }
    }

    pub fn feedback_pending(&self) -> bool {
        self.feedback_pending
    }

    /// The current selection, by shown position.
    pub fn selected_positions(&self) -> Vec<usize> {
        let Some(i) = self.current() else { return Vec::new() };
        if self.feedback_pending {
            let sel = &self.answers[i].selection;
            return self.paper.items[i]
                .order
                .iter()
                .enumerate()
                .filter(|(_, o)| sel.contains(o))
                .map(|(p, _)| p)
                .collect();
        }
        self.paper.items[i]
            .order
            .iter()
            .enumerate()
            .filter(|(_, o)| self.selection.contains(o))
            .map(|(p, _)| p)
            .collect()
    }

    pub fn guess_flag(&self) -> bool {
        self.guess
    }

    /// How many options the current question wants.
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
    /// the time left less what the questions not yet submitted need at the pace. `None`
    /// when untimed, not started or finished.
    pub fn pace_lead(&self, now: DateTime<Utc>) -> Option<i64> {
        let limit = self.settings.limit_secs?;
        if self.is_finished() || self.keys.is_empty() {
            return None;
        }
        let left = self.keys.len().saturating_sub(self.answers.len()) as i64;
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
                Ok(Event::Continued)
            }
            _ if self.feedback_pending => Err(SessionError::AwaitingFeedback),
            Command::ToggleGuess => {
                self.guess = !self.guess;
                Ok(Event::GuessToggled)
            }
            Command::Select(pos) => self.select(pos),
            Command::Submit { confirmed } => self.submit(confirmed, now),
        }
    }

    fn select(&mut self, pos: usize) -> Result<Event, SessionError> {
        let i = self.answers.len();
        let order = &self.paper.items[i].order;
        let &opt = order.get(pos).ok_or(SessionError::NoSuchOption { position: pos, count: order.len() })?;
        let key = &self.keys[i];
        if key.choose <= 1 {
            if self.selection.len() == 1 && self.selection.contains(&opt) {
                return Ok(Event::SelectionChanged);
            }
            if !self.selection.is_empty() {
                self.changed = true;
            }
            self.selection.clear();
            self.selection.insert(opt);
        } else if self.selection.contains(&opt) {
            self.selection.remove(&opt);
            self.changed = true;
        } else if self.selection.len() >= key.choose {
            return Err(SessionError::TooMany { choose: key.choose });
        } else {
            self.selection.insert(opt);
        }
        if self.selection.iter().copied().eq(key.correct.iter().copied()) {
            self.held_correct = true;
        }
        Ok(Event::SelectionChanged)
    }

    fn submit(&mut self, confirmed: bool, now: DateTime<Utc>) -> Result<Event, SessionError> {
        let i = self.answers.len();
        let key = &self.keys[i];
        if self.selection.len() != key.choose && !confirmed {
            return Err(SessionError::Incomplete { selected: self.selection.len(), required: key.choose });
        }
        let selection: Vec<u8> = std::mem::take(&mut self.selection).into_iter().collect();
        let answer = Answer {
            item: i,
            question: key.question.clone(),
            correct: selection == key.correct,
            unanswered: selection.is_empty().then_some(Unanswered::Skipped),
            selection,
            seconds: self.seconds_since_question_start(now),
            changed: std::mem::take(&mut self.changed),
            held_correct: std::mem::take(&mut self.held_correct),
            guess: std::mem::take(&mut self.guess),
            at: now,
        };
        self.answers.push(answer);
        if self.settings.feedback {
            self.feedback_pending = true;
        } else {
            self.question_started = Some(now);
            if self.answers.len() == self.keys.len() {
                self.finish(FinishReason::Completed, now);
            }
        }
        Ok(Event::Submitted { item: i })
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
    /// is not counted.
    fn record_rest(&mut self, why: Unanswered, at: DateTime<Utc>) {
        self.feedback_pending = false;
        let current_seconds =
            if self.answers.len() < self.keys.len() { self.seconds_since_question_start(at) } else { 0.0 };
        let first = self.answers.len();
        for i in first..self.keys.len() {
            self.answers.push(Answer {
                item: i,
                question: self.keys[i].question.clone(),
                selection: Vec::new(),
                correct: false,
                seconds: if i == first { current_seconds } else { 0.0 },
                changed: false,
                held_correct: false,
                guess: false,
                at,
                unanswered: Some(why),
            });
        }
        self.selection.clear();
    }

    /// The domain index of each paper item.
    pub fn item_domain(&self, item: usize) -> usize {
        self.keys[item].domain
    }

    /// Correct options of a paper item, by bank index.
    pub fn item_correct(&self, item: usize) -> &[u8] {
        &self.keys[item].correct
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
