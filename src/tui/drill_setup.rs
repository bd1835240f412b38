//! The drill options screen's state: what the drill covers (the weak domains, chosen
//! domains, questions missed before, or the reviews due today), how many questions, timed
//! or not, and whether each answer is followed by its explanation. It changes only itself;
//! Enter turns it into the `DrillSpec` (or due-review request) the caller prepares.
//!
//! The options are rows: ↑↓ move between them, ←→ (or Space) change the one under the
//! cursor. The domain rows appear only while "chosen domains" is the focus, so the list
//! stays short on the common path.

use crate::engine::bank::Bank;
use crate::engine::prepare::{DEFAULT_DRILL_QUESTIONS, DrillSpec};

/// What the drill's questions are drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// 70% on the domains the history shows weak, 30% on the rest.
    Weak,
    /// Only the domains ticked below.
    Domains,
    /// Questions answered wrongly before come first.
    Missed,
    /// The spaced reviews due today, most overdue first.
    Due,
}

impl Focus {
    const ALL: [Focus; 4] = [Focus::Weak, Focus::Domains, Focus::Missed, Focus::Due];

    pub fn text(self) -> &'static str {
        match self {
            Focus::Weak => "weak domains",
            Focus::Domains => "chosen domains",
            Focus::Missed => "questions missed before",
            Focus::Due => "reviews due today",
        }
    }

    /// One line on what the choice draws.
    pub fn about(self) -> &'static str {
        match self {
            Focus::Weak => "70% of the questions on your weak domains, 30% on the rest",
            Focus::Domains => "only the domains ticked below (Space ticks the one under the cursor)",
            Focus::Missed => "questions you answered wrongly before first, most recent first; then unseen ones",
            Focus::Due => "the questions your spaced-review schedule brings back today, most overdue first",
        }
    }

    fn step(self, by: isize) -> Focus {
        let i = Focus::ALL.iter().position(|f| *f == self).unwrap_or(0) as isize;
        Focus::ALL[(i + by).rem_euclid(Focus::ALL.len() as isize) as usize]
    }
}

/// One row of the options, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Focus,
    /// A domain's tick box, by index in the bank (shown with `Focus::Domains` only).
    Domain(usize),
    Questions,
    Clock,
    Feedback,
}

/// A domain as the options list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainChoice {
    pub id: String,
    pub name: String,
    /// Questions the bank has in it.
    pub questions: usize,
    pub chosen: bool,
}

/// What Enter asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Start {
    /// A drill as specified.
    Drill(DrillSpec),
    /// Today's due reviews, with these clock, feedback and count choices.
    Due(DrillSpec),
}

/// The drill options of one bank.
#[derive(Debug, Clone, PartialEq)]
pub struct DrillSetup {
    /// The bank, by index in `App::banks`.
    pub bank: usize,
    pub focus: Focus,
    pub domains: Vec<DomainChoice>,
    pub questions: usize,
    /// The bank's size: the most a drill can ask.
    pub most: usize,
    pub timed: bool,
    pub feedback: bool,
    /// The bank's pace, in seconds per question (what a timed drill allows).
    pub pace_secs: f64,
    /// The row under the cursor, as an index into `rows()`.
    pub cursor: usize,
    /// The weak domains a weak-domain drill would favour, by name, once looked up (empty:
    /// none known yet).
    pub weak: Option<Vec<String>>,
}

/// How far ←→ move the question count.
const STEP: usize = 5;

impl DrillSetup {
    /// The defaults: 20 questions (fewer in a smaller bank) on the weak domains, timed at
    /// the bank's pace, explanations at the end.
    pub fn new(bank_index: usize, bank: &Bank) -> DrillSetup {
        let counts = bank.domain_counts();
        let most = bank.questions.len().max(1);
        DrillSetup {
            bank: bank_index,
            focus: Focus::Weak,
            domains: bank
                .domains
                .iter()
                .zip(counts)
                .map(|(d, n)| DomainChoice { id: d.id.0.clone(), name: d.name.clone(), questions: n, chosen: false })
                .collect(),
            questions: DEFAULT_DRILL_QUESTIONS.min(most),
            most,
            timed: true,
            feedback: false,
            pace_secs: f64::from(bank.exam.minutes) * 60.0 / f64::from(bank.exam.questions.max(1)),
            cursor: 0,
            weak: None,
        }
    }

    /// The most questions the focus can give: the ticked domains' questions, or the bank's.
    pub fn most(&self) -> usize {
        let chosen: usize = self.domains.iter().filter(|d| d.chosen).map(|d| d.questions).sum();
        if self.focus == Focus::Domains && chosen > 0 { chosen } else { self.most }
    }

    /// The questions the drill will ask: as set, within what the focus can give.
    pub fn count(&self) -> usize {
        self.questions.min(self.most()).max(1)
    }

    /// The rows on show, top to bottom.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = vec![Row::Focus];
        if self.focus == Focus::Domains {
            rows.extend((0..self.domains.len()).map(Row::Domain));
        }
        rows.extend([Row::Questions, Row::Clock, Row::Feedback]);
        rows
    }

    /// The row under the cursor.
    pub fn row(&self) -> Row {
        let rows = self.rows();
        rows[self.cursor.min(rows.len() - 1)]
    }

    pub fn up(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn down(&mut self) {
        self.cursor = (self.cursor + 1).min(self.rows().len() - 1);
    }

    /// ← (`by` = -1) or → (+1) on the row under the cursor.
    pub fn change(&mut self, by: isize) {
        match self.row() {
            Row::Focus => self.focus = self.focus.step(by),
            Row::Domain(i) => self.toggle_domain(i),
            Row::Questions => {
                let now = self.count();
                self.questions = if by < 0 {
                    // Down to the step below (from 23, to 20), never under one.
                    (now.saturating_sub(1) / STEP * STEP).max(1)
                } else {
                    ((now / STEP + 1) * STEP).min(self.most())
                };
            }
            Row::Clock => self.timed = !self.timed,
            Row::Feedback => self.feedback = !self.feedback,
        }
    }

    /// Space: ticks a domain, or changes the row forward.
    pub fn toggle(&mut self) {
        self.change(1);
    }

    fn toggle_domain(&mut self, i: usize) {
        if let Some(d) = self.domains.get_mut(i) {
            d.chosen = !d.chosen;
        }
    }

    /// The time a timed drill of this many questions allows, in seconds.
    pub fn limit_secs(&self) -> u64 {
        (self.pace_secs * self.count() as f64).ceil() as u64
    }

    /// What Enter starts, or why it cannot.
    pub fn start(&self) -> Result<Start, String> {
        let mut spec = DrillSpec {
            questions: Some(self.count()),
            untimed: !self.timed,
            feedback: self.feedback,
            ..DrillSpec::default()
        };
        match self.focus {
            Focus::Weak => Ok(Start::Drill(spec)),
            Focus::Missed => {
                spec.missed = true;
                Ok(Start::Drill(spec))
            }
            Focus::Domains => {
                spec.domains = self.domains.iter().filter(|d| d.chosen).map(|d| d.id.clone()).collect();
                if spec.domains.is_empty() {
                    return Err("Tick at least one domain: ↓ to it, then Space.".into());
                }
                Ok(Start::Drill(spec))
            }
            Focus::Due => Ok(Start::Due(spec)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::bank;

    fn setup() -> DrillSetup {
        DrillSetup::new(0, &bank(10))
    }

    #[test]
    fn the_defaults_are_the_weak_domain_drill_of_twenty_timed_questions() {
        let s = setup();
        assert_eq!(s.focus, Focus::Weak);
        assert_eq!(s.questions, 20);
        match s.start() {
            Ok(Start::Drill(spec)) => {
                assert_eq!(spec.questions, Some(20));
                assert!(!spec.untimed && !spec.feedback && !spec.missed && spec.domains.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_small_bank_caps_the_count_at_its_size() {
        let s = DrillSetup::new(0, &bank(2));
        assert_eq!(s.questions, s.most);
        assert!(s.most < 20);
    }

    #[test]
    fn left_and_right_cycle_the_focus_and_domains_appear_only_when_chosen() {
        let mut s = setup();
        let plain = s.rows().len();
        s.change(1);
        assert_eq!(s.focus, Focus::Domains);
        assert_eq!(s.rows().len(), plain + s.domains.len());
        s.change(1);
        assert_eq!(s.focus, Focus::Missed);
        s.change(1);
        assert_eq!(s.focus, Focus::Due);
        s.change(1);
        assert_eq!(s.focus, Focus::Weak);
        s.change(-1);
        assert_eq!(s.focus, Focus::Due);
    }

    #[test]
    fn chosen_domains_need_one_ticked_and_give_their_ids() {
        let mut s = setup();
        s.change(1);
        assert!(s.start().is_err(), "nothing ticked");
        s.down();
        assert_eq!(s.row(), Row::Domain(0));
        s.toggle();
        s.down();
        s.down();
        s.toggle();
        match s.start() {
            Ok(Start::Drill(spec)) => assert_eq!(spec.domains, vec![s.domains[0].id.clone(), s.domains[2].id.clone()]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_count_moves_by_five_within_one_and_the_bank_size() {
        let mut s = setup();
        s.cursor = s.rows().iter().position(|r| *r == Row::Questions).expect("row");
        s.change(1);
        assert_eq!(s.questions, 25);
        for _ in 0..10 {
            s.change(-1);
        }
        assert_eq!(s.questions, 1);
        s.change(1);
        assert_eq!(s.questions, 5);
        for _ in 0..100 {
            s.change(1);
        }
        assert_eq!(s.questions, s.most);
    }

    /// Asking for more than the ticked domains hold was refused only after Enter.
    #[test]
    fn the_count_stays_within_the_ticked_domains() {
        let mut s = setup();
        s.change(1);
        s.down();
        s.toggle();
        assert_eq!(s.most(), 10, "the first domain holds 10 of the 30");
        assert_eq!(s.count(), 10);
        match s.start() {
            Ok(Start::Drill(spec)) => assert_eq!(spec.questions, Some(10)),
            other => panic!("{other:?}"),
        }
        s.cursor = s.rows().iter().position(|r| *r == Row::Questions).expect("row");
        s.change(1);
        assert_eq!(s.count(), 10, "no further than the domain holds");
        s.change(-1);
        assert_eq!(s.count(), 5);
    }

    #[test]
    fn clock_feedback_and_missed_reach_the_spec() {
        let mut s = setup();
        s.change(1);
        s.change(1);
        let rows = s.rows();
        s.cursor = rows.iter().position(|r| *r == Row::Clock).expect("clock");
        s.toggle();
        s.down();
        s.toggle();
        match s.start() {
            Ok(Start::Drill(spec)) => assert!(spec.missed && spec.untimed && spec.feedback),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_due_focus_asks_for_the_due_reviews() {
        let mut s = setup();
        s.change(-1);
        assert!(matches!(s.start(), Ok(Start::Due(_))));
    }

    #[test]
    fn the_cursor_stays_on_the_rows_there_are() {
        let mut s = setup();
        for _ in 0..20 {
            s.down();
        }
        assert_eq!(s.row(), Row::Feedback);
        for _ in 0..20 {
            s.up();
        }
        assert_eq!(s.row(), Row::Focus);
    }
}
