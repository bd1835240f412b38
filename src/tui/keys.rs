//! The one key table: (screen, key) → action, and the help bar and help screen built from
//! the same table, so what the bar says is exactly what works.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the candidate asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave Proctor (`q`, Ctrl-C): asked first while an exam runs or typed text is unsaved.
    Quit,
    /// Esc: back one step. It never leaves the app.
    Back,
    Help,
    Up,
    Down,
    PageUp,
    PageDown,
    /// Scroll one line (where ↑↓ do not move a cursor).
    LineUp,
    LineDown,
    Enter,
    /// Select (or toggle) the option at this shown position.
    Option(usize),
    /// Select (or toggle) the option under the cursor.
    Toggle,
    Guess,
    /// A "go back" key on the question screen: there is no going back.
    NoBack,
    Yes,
    No,
    Suspend,
    Home,
    Next,
    Prev,
    Filter,
    Breakdown,
    SetCause(crate::engine::bank::Cause),
    Note,
    Review,
    Drill,
    Progress,
    /// The past sessions of the selected bank.
    History,
    Attempt,
    /// Remove the chosen record (a real exam attempt), asked first.
    Remove,
    /// The dated plan to the exam (from progress).
    Plan,
    /// Write the progress report for a mentor.
    Report,
    /// Order and match: take back the item placed last.
    Unplace,
    /// Open or close the full-screen exhibit (and scenario) view.
    Exhibit,
    /// Leave the testlet (asked first).
    Leave,
    /// Scroll sideways, in the exhibit view.
    Left,
    Right,
}

/// Which key table applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Home,
    Rules,
    /// A choice question.
    Question,
    /// An order question: letters place the items in turn.
    QuestionOrder,
    /// A match question: letters give the highlighted left item its right-hand item.
    QuestionMatch,
    /// A text question: keys are the answer being typed, so its commands are Ctrl keys.
    QuestionText,
    /// The full-screen exhibit over a question.
    Exhibit,
    Feedback,
    TimeUp,
    Results,
    Confirm,
    /// The resume question: both answers change something (no abandons the session), so
    /// neither Enter nor Esc answers it.
    Resume,
    Help,
    Review,
    Breakdown,
    /// Typing a note: keys are text.
    Note,
    Progress,
    History,
    Plan,
    /// The drill options.
    DrillSetup,
}

#[derive(Debug, Clone, Copy)]
enum Keys {
    Char(char),
    Code(KeyCode),
    Ctrl(char),
    /// `a`–`j` (except `g`) and `1`–`9`, `0` for options.
    Options,
    /// Any key not bound before it in the same table.
    Any,
}

/// When a binding is worth showing, beyond its table: the bar and the help list it only
/// then (its keys work regardless, and say why they do nothing where they do not apply).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// The question on screen has an exhibit or a testlet scenario.
    Exhibit,
    /// The candidate is inside a testlet.
    Testlet,
    /// Outside a testlet: where "no going back" holds.
    Standalone,
}

/// What the question on screen offers, for choosing the bindings to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Offers {
    pub exhibit: bool,
    pub testlet: bool,
}

impl Offers {
    fn shows(self, w: When) -> bool {
        match w {
            When::Always => true,
            When::Exhibit => self.exhibit,
            When::Testlet => self.testlet,
            When::Standalone => !self.testlet,
        }
    }
}

struct Binding {
    keys: &'static [Keys],
    action: Action,
    when: When,
    /// Short text for the help bar; empty keeps it off the bar.
    bar: &'static str,
    /// Key names for the bar and the help screen.
    names: &'static str,
    /// One line for the full help screen.
    help: &'static str,
}

const fn b(
    keys: &'static [Keys],
    action: Action,
    names: &'static str,
    bar: &'static str,
    help: &'static str,
) -> Binding {
    Binding { keys, action, when: When::Always, bar, names, help }
}

impl Binding {
    /// The same binding, shown only `when`.
    const fn when(self, when: When) -> Binding {
        Binding { when, ..self }
    }
}

use Keys::{Any, Char, Code, Ctrl, Options};

const SUSPEND: Binding =
    b(&[Ctrl('z')], Action::Suspend, "Ctrl-Z", "", "suspend Proctor (resume with fg; an exam clock keeps running)");
const HELP: Binding = b(&[Char('?')], Action::Help, "?", "help", "show this help");

/// `q` and Ctrl-C leave Proctor where nothing is running.
const QUIT: Binding = b(&[Char('q'), Ctrl('c')], Action::Quit, "q", "quit", "quit Proctor");

// Each table lists its keys most important first: the help bar shows them in this order
// and leaves out those that do not fit the width (the `?` help lists them all).

static HOME: &[Binding] = &[
    b(&[Code(KeyCode::Up), Char('k')], Action::Up, "↑↓", "choose bank", "move between banks"),
    b(&[Code(KeyCode::Down), Char('j')], Action::Down, "", "", ""),
    b(
        &[Code(KeyCode::Enter)],
        Action::Enter,
        "Enter",
        "full simulation",
        "start a full-length timed simulation of the selected bank",
    ),
    b(
        &[Char('d')],
        Action::Drill,
        "d",
        "drill",
        "a drill: choose its focus (weak or chosen domains, missed questions, due reviews), length, clock and feedback",
    ),
    b(
        &[Char('p')],
        Action::Progress,
        "p",
        "progress",
        "readiness, per-domain trends and the study plan of the selected bank",
    ),
    HELP,
    QUIT,
    // After help and quit: at 80 columns the bar keeps those two, and `?` lists this.
    b(
        &[Char('h')],
        Action::History,
        "h",
        "history",
        "the past sessions of the selected bank, newest first; Enter reviews one",
    ),
    // Esc goes back, and home is where back ends: it never leaves the app.
    b(&[Code(KeyCode::Esc)], Action::Back, "", "", ""),
    SUSPEND,
];

static RULES: &[Binding] = &[
    b(&[Code(KeyCode::Enter)], Action::Enter, "Enter", "start", "start the exam (and its clock, when it is timed)"),
    b(&[Code(KeyCode::Esc)], Action::Back, "Esc", "back", "back to the home screen without starting"),
    HELP,
    QUIT,
    SUSPEND,
];

// The question screens share these; each table puts them in its own order of importance.

const SUBMIT: Binding = b(
    &[Code(KeyCode::Enter)],
    Action::Enter,
    "Enter",
    "submit",
    "submit the answer and move on (final: no going back)",
);
const STEP_NEXT: Binding = b(
    &[Char(']'), Code(KeyCode::Tab)],
    Action::Next,
    "[ ]",
    "testlet",
    "previous / next question of the testlet: its answers stay open until you leave it",
)
.when(When::Testlet);
const STEP_PREV: Binding = b(&[Char('['), Code(KeyCode::BackTab)], Action::Prev, "", "", "");
const LEAVE: Binding = b(
    &[Char('L')],
    Action::Leave,
    "L",
    "leave",
    "leave the testlet (asked first): its answers become final and you cannot return to it",
)
.when(When::Testlet);
const EXHIBIT: Binding = b(
    &[Char('x'), Char('X')],
    Action::Exhibit,
    "x",
    "exhibit",
    "the exhibit (and a testlet's scenario) full screen, wide lines whole; the clock keeps running",
)
.when(When::Exhibit);
const GUESS: Binding =
    b(&[Char('G')], Action::Guess, "g", "guess", "flag or unflag this answer as a guess (for the review)");
const ABANDON: Binding = b(
    &[Char('q'), Ctrl('c')],
    Action::Quit,
    "q",
    "abandon",
    "abandon the exam (asked first; it is scored as it stands)",
);
// Esc asks to abandon (the only way out of an exam): never straight out of the app.
const ESC: Binding = b(&[Code(KeyCode::Esc)], Action::Back, "", "", "");
const UP: Binding = b(&[Code(KeyCode::Up), Char('k')], Action::Up, "↑↓", "move", "move the cursor between options");
const DOWN: Binding = b(&[Code(KeyCode::Down), Char('j')], Action::Down, "", "", "");
const PAGE_UP: Binding =
    b(&[Code(KeyCode::PageUp)], Action::PageUp, "PgUp/PgDn", "scroll", "scroll a long question a page at a time");
const PAGE_DOWN: Binding = b(&[Code(KeyCode::PageDown)], Action::PageDown, "", "", "");
const TAKE_BACK: Binding =
    b(&[Code(KeyCode::Backspace)], Action::Unplace, "Backspace", "take back", "take back the item placed last");
const NO_BACK_LEFT: Binding = b(
    &[Code(KeyCode::Left)],
    Action::NoBack,
    "←",
    "no going back",
    "there is no back key: a submitted answer is final, as in the real exam",
)
.when(When::Standalone);

static QUESTION: &[Binding] = &[
    b(
        &[Options],
        Action::Option(0),
        "A-J/1-9",
        "select",
        "select an option by its letter or number (toggles on choose-N questions)",
    ),
    SUBMIT,
    STEP_NEXT,
    STEP_PREV,
    LEAVE,
    EXHIBIT,
    b(
        &[Code(KeyCode::Left), Code(KeyCode::Backspace)],
        Action::NoBack,
        "←",
        "no going back",
        "there is no back key: a submitted answer is final, as in the real exam",
    )
    .when(When::Standalone),
    GUESS,
    HELP,
    ABANDON,
    ESC,
    UP,
    DOWN,
    b(&[Char(' ')], Action::Toggle, "Space", "select", "select the option under the cursor"),
    PAGE_UP,
    PAGE_DOWN,
    SUSPEND,
];

static QUESTION_ORDER: &[Binding] = &[
    b(
        &[Options],
        Action::Option(0),
        "A-J",
        "place next",
        "type the items' letters in the order you want them, first first (1-9 work too)",
    ),
    TAKE_BACK,
    SUBMIT,
    STEP_NEXT,
    STEP_PREV,
    LEAVE,
    EXHIBIT,
    NO_BACK_LEFT,
    HELP,
    GUESS,
    ABANDON,
    ESC,
    UP,
    DOWN,
    b(&[Char(' ')], Action::Toggle, "Space", "place", "place the item under the cursor next"),
    PAGE_UP,
    PAGE_DOWN,
    SUSPEND,
];

static QUESTION_MATCH: &[Binding] = &[
    b(
        &[Options],
        Action::Option(0),
        "A-J",
        "match",
        "give the highlighted left item the right-hand item with this letter (one may serve several)",
    ),
    TAKE_BACK,
    SUBMIT,
    STEP_NEXT,
    STEP_PREV,
    LEAVE,
    EXHIBIT,
    NO_BACK_LEFT,
    HELP,
    GUESS,
    ABANDON,
    ESC,
    UP,
    DOWN,
    b(&[Char(' ')], Action::Toggle, "Space", "match", "give the highlighted left item the item under the cursor"),
    PAGE_UP,
    PAGE_DOWN,
    SUSPEND,
];

/// Typing: printable keys are the answer (the event loop sends every key this table does
/// not bind to the text input), so `q`, `x` and the brackets are text here and the
/// commands are Enter, Tab and Ctrl keys.
static QUESTION_TEXT: &[Binding] = &[
    // Shown, never matched: what the other keys do.
    b(&[], Action::Enter, "type", "answer", "type the answer; Backspace deletes (case and spacing do not count)"),
    b(
        &[Code(KeyCode::Enter)],
        Action::Enter,
        "Enter",
        "submit",
        "submit the typed answer and move on (an empty one is asked first)",
    ),
    b(
        &[Code(KeyCode::Tab)],
        Action::Next,
        "Tab/⇧Tab",
        "testlet",
        "next / previous question of the testlet: its answers stay open until you leave it",
    )
    .when(When::Testlet),
    b(&[Code(KeyCode::BackTab)], Action::Prev, "", "", ""),
    b(&[Ctrl('l')], Action::Leave, "Ctrl-L", "leave", "leave the testlet (asked first): its answers become final")
        .when(When::Testlet),
    b(&[Ctrl('x')], Action::Exhibit, "Ctrl-X", "exhibit", "the exhibit (and a testlet's scenario) full screen")
        .when(When::Exhibit),
    b(&[Code(KeyCode::F(1))], Action::Help, "F1", "help", "show this help"),
    b(&[Ctrl('c')], Action::Quit, "Ctrl-C", "abandon", "abandon the exam (asked first; it is scored as it stands)"),
    b(&[Ctrl('g')], Action::Guess, "Ctrl-G", "guess", "flag or unflag this answer as a guess (for the review)"),
    ESC,
    PAGE_UP,
    PAGE_DOWN,
    SUSPEND,
];

static EXHIBIT_VIEW: &[Binding] = &[
    b(
        &[Code(KeyCode::Esc), Char('x'), Char('X'), Ctrl('x')],
        Action::Exhibit,
        "Esc/x",
        "back to the question",
        "back to the question",
    ),
    b(&[Code(KeyCode::Left), Char('h')], Action::Left, "←→", "sideways", "scroll wide lines sideways"),
    b(&[Code(KeyCode::Right), Char('l')], Action::Right, "", "", ""),
    b(&[Code(KeyCode::Up), Char('k')], Action::Up, "↑↓", "scroll", "scroll a line at a time"),
    b(&[Code(KeyCode::Down), Char('j')], Action::Down, "", "", ""),
    b(&[Code(KeyCode::PageUp)], Action::PageUp, "PgUp/PgDn", "page", "scroll a page at a time"),
    b(&[Code(KeyCode::PageDown)], Action::PageDown, "", "", ""),
    HELP,
    ABANDON,
    SUSPEND,
];

static FEEDBACK: &[Binding] = &[
    b(&[Code(KeyCode::Enter)], Action::Enter, "Enter", "next question", "move on to the next question"),
    EXHIBIT,
    b(&[Code(KeyCode::Up), Char('k')], Action::LineUp, "↑↓", "scroll", "scroll the explanation a line at a time"),
    b(&[Code(KeyCode::Down), Char('j')], Action::LineDown, "", "", ""),
    b(&[Code(KeyCode::PageUp)], Action::PageUp, "PgUp/PgDn", "", "scroll the explanation a page at a time"),
    b(&[Code(KeyCode::PageDown)], Action::PageDown, "", "", ""),
    HELP,
    b(
        &[Char('q'), Ctrl('c')],
        Action::Quit,
        "q",
        "abandon",
        "abandon the drill (asked first; it is scored as it stands)",
    ),
    b(&[Code(KeyCode::Esc)], Action::Back, "", "", ""),
    SUSPEND,
];

static TIME_UP: &[Binding] =
    &[b(&[Code(KeyCode::Enter), Char(' ')], Action::Enter, "Enter", "see results", "show the results"), QUIT, SUSPEND];

static RESULTS: &[Binding] = &[
    b(&[Char('r')], Action::Review, "r", "review errors", "review every wrong and unanswered question and its cause"),
    b(&[Code(KeyCode::Up), Char('k')], Action::LineUp, "↑↓", "scroll", "scroll the report a line at a time"),
    b(&[Code(KeyCode::Down), Char('j')], Action::LineDown, "", "", ""),
    b(&[Code(KeyCode::PageUp)], Action::PageUp, "PgUp/PgDn", "", "scroll the report a page at a time"),
    b(&[Code(KeyCode::PageDown)], Action::PageDown, "", "", ""),
    b(
        &[Code(KeyCode::Enter), Code(KeyCode::Esc), Char('h')],
        Action::Home,
        "Enter/Esc",
        "home",
        "back to the home screen",
    ),
    HELP,
    QUIT,
    SUSPEND,
];

static REVIEW: &[Binding] = &[
    b(
        &[Code(KeyCode::Right), Char('l'), Char(']')],
        Action::Next,
        "←→",
        "move",
        "next / previous question (review may move anywhere)",
    ),
    b(&[Code(KeyCode::Left), Char('h'), Char('[')], Action::Prev, "", "", ""),
    b(
        &[Char('c')],
        Action::SetCause(crate::engine::bank::Cause::Concept),
        "c/t/m/r",
        "set cause",
        "set this question's cause: concept, term, misread or reasoning",
    ),
    b(&[Char('t')], Action::SetCause(crate::engine::bank::Cause::Term), "", "", ""),
    b(&[Char('m')], Action::SetCause(crate::engine::bank::Cause::Misread), "", "", ""),
    b(&[Char('r')], Action::SetCause(crate::engine::bank::Cause::Reasoning), "", "", ""),
    b(&[Code(KeyCode::Enter)], Action::Enter, "Enter", "confirm", "confirm the suggested cause of this question"),
    b(&[Char('n')], Action::Note, "n", "note", "add a one-line note to this question's cause"),
    b(
        &[Char('b')],
        Action::Breakdown,
        "b",
        "breakdown",
        "the domain × cause breakdown, missed terms, and since last time",
    ),
    b(
        &[Code(KeyCode::Esc)],
        Action::Back,
        "Esc",
        "back",
        "leave the review (confirmed causes are saved); from a breakdown entry's questions, back to the breakdown",
    ),
    b(&[Char('f')], Action::Filter, "f", "filter", "show wrong and unanswered / all / lucky (guessed and right)"),
    HELP,
    b(&[Code(KeyCode::Up), Char('k')], Action::LineUp, "↑↓", "scroll", "scroll a line at a time"),
    b(&[Code(KeyCode::Down), Char('j')], Action::LineDown, "", "", ""),
    b(&[Code(KeyCode::PageUp)], Action::PageUp, "PgUp/PgDn", "", "scroll a page at a time"),
    b(&[Code(KeyCode::PageDown)], Action::PageDown, "", "", ""),
    QUIT,
    SUSPEND,
];

static BREAKDOWN: &[Binding] = &[
    b(
        &[Code(KeyCode::Enter)],
        Action::Enter,
        "Enter",
        "open",
        "open the questions of the entry marked › (slipped, still missed, or that taught a missed term)",
    ),
    b(
        &[Code(KeyCode::Up), Char('k')],
        Action::Up,
        "↑↓",
        "choose",
        "mark another entry: a slipped or still-missed question, or a missed term",
    ),
    b(&[Code(KeyCode::Down), Char('j')], Action::Down, "", "", ""),
    b(&[Char('b')], Action::Breakdown, "b", "questions", "back to the questions"),
    b(&[Code(KeyCode::Esc)], Action::Back, "Esc", "back", "back to the questions"),
    HELP,
    QUIT,
    b(&[Code(KeyCode::PageUp)], Action::PageUp, "PgUp/PgDn", "scroll", "scroll a page at a time"),
    b(&[Code(KeyCode::PageDown)], Action::PageDown, "", "", ""),
    SUSPEND,
];

static PROGRESS: &[Binding] = &[
    // Short labels: at 80 columns the bar must still hold Esc back.
    b(&[Char('d')], Action::Drill, "d", "drill", "a drill: weak domains first unless you choose otherwise"),
    b(
        &[Char('a')],
        Action::Attempt,
        "a",
        "attempt",
        "record a real exam attempt: DATE pass|fail [SCORE] [DOMAIN=RESULT ...]",
    ),
    b(&[Char('P')], Action::Plan, "P", "plan", "the day-by-day plan to the exam date"),
    b(
        &[Code(KeyCode::Right), Char('l'), Char(']')],
        Action::Next,
        "←→",
        "",
        "choose one of the real exam attempts listed (the one marked › is removed by x)",
    ),
    b(&[Code(KeyCode::Left), Char('h'), Char('[')], Action::Prev, "", "", ""),
    b(
        &[Char('x'), Code(KeyCode::Delete)],
        Action::Remove,
        "x",
        "",
        "remove the chosen real exam attempt (asked first: y removes it)",
    ),
    b(
        &[Char('e')],
        Action::Report,
        "e",
        "report",
        "write the progress report (one HTML file to mail a mentor or print) in the current directory",
    ),
    b(&[Code(KeyCode::Up), Char('k')], Action::LineUp, "↑↓", "scroll", "scroll a line at a time"),
    b(&[Code(KeyCode::Down), Char('j')], Action::LineDown, "", "", ""),
    b(&[Code(KeyCode::PageUp)], Action::PageUp, "PgUp/PgDn", "", "scroll a page at a time"),
    b(&[Code(KeyCode::PageDown)], Action::PageDown, "", "", ""),
    b(&[Code(KeyCode::Esc)], Action::Back, "Esc", "back", "back to the home screen"),
    HELP,
    QUIT,
    SUSPEND,
];

static PLAN: &[Binding] = &[
    b(&[Char('d')], Action::Drill, "d", "due reviews", "start a drill of the reviews due today (with feedback)"),
    b(&[Code(KeyCode::Up), Char('k')], Action::LineUp, "↑↓", "scroll", "scroll the days a line at a time"),
    b(&[Code(KeyCode::Down), Char('j')], Action::LineDown, "", "", ""),
    b(&[Code(KeyCode::PageUp)], Action::PageUp, "PgUp/PgDn", "", "scroll the days a page at a time"),
    b(&[Code(KeyCode::PageDown)], Action::PageDown, "", "", ""),
    b(&[Code(KeyCode::Esc)], Action::Back, "Esc", "back", "back to the progress screen"),
    HELP,
    QUIT,
    SUSPEND,
];

static HISTORY: &[Binding] = &[
    b(&[Code(KeyCode::Up), Char('k')], Action::Up, "↑↓", "choose session", "move between sessions"),
    b(&[Code(KeyCode::Down), Char('j')], Action::Down, "", "", ""),
    b(&[Code(KeyCode::Enter)], Action::Enter, "Enter", "review", "review the chosen session, question by question"),
    b(&[Code(KeyCode::Esc)], Action::Back, "Esc", "back", "back to the home screen"),
    HELP,
    QUIT,
    SUSPEND,
];

static DRILL_SETUP: &[Binding] = &[
    b(&[Code(KeyCode::Enter)], Action::Enter, "Enter", "start", "draw the drill as set and show its rules"),
    b(&[Code(KeyCode::Up), Char('k')], Action::Up, "↑↓", "option", "move between the options"),
    b(&[Code(KeyCode::Down), Char('j')], Action::Down, "", "", ""),
    b(
        &[Code(KeyCode::Left), Char('h'), Char('-')],
        Action::Left,
        "←→",
        "change",
        "change the option under the cursor (the count by 5)",
    ),
    b(&[Code(KeyCode::Right), Char('l'), Char('+')], Action::Right, "", "", ""),
    b(&[Char(' ')], Action::Toggle, "Space", "tick", "tick or untick the domain under the cursor"),
    b(&[Code(KeyCode::Esc)], Action::Back, "Esc", "back", "back without drawing a drill"),
    HELP,
    QUIT,
    SUSPEND,
];

/// Typing: every other key is text (`TextInput`), so `q` is a letter here.
static NOTE: &[Binding] = &[
    b(&[Code(KeyCode::Enter)], Action::Yes, "Enter", "save", "save what you typed"),
    b(&[Code(KeyCode::Esc)], Action::No, "Esc", "cancel", "discard what you typed"),
    b(&[Ctrl('c')], Action::Quit, "", "", "quit Proctor (asked first when you have typed something)"),
    SUSPEND,
];

/// Only `y` says yes: Enter and Esc, what a hurried hand presses, say no.
static CONFIRM: &[Binding] = &[
    b(&[Char('y'), Char('Y')], Action::Yes, "y", "yes", "confirm"),
    b(
        &[Code(KeyCode::Enter), Code(KeyCode::Esc), Char('n'), Char('N'), Char('q')],
        Action::No,
        "Enter/Esc",
        "no",
        "cancel",
    ),
    SUSPEND,
];

static RESUME: &[Binding] = &[
    b(&[Char('y'), Char('Y')], Action::Yes, "y", "resume", "resume the interrupted session where it stood"),
    b(&[Char('n'), Char('N')], Action::No, "n", "score it as abandoned", "score the interrupted session as it stands"),
    b(&[Ctrl('c')], Action::Quit, "Ctrl-C", "", "quit; the session stays interrupted and is offered again"),
    SUSPEND,
];

static HELP_SCREEN: &[Binding] = &[
    b(&[Ctrl('c')], Action::Quit, "", "", ""),
    SUSPEND,
    b(&[Any], Action::Back, "any key", "close help", "close this help"),
];

fn table(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::Home => HOME,
        Context::Rules => RULES,
        Context::Question => QUESTION,
        Context::QuestionOrder => QUESTION_ORDER,
        Context::QuestionMatch => QUESTION_MATCH,
        Context::QuestionText => QUESTION_TEXT,
        Context::Exhibit => EXHIBIT_VIEW,
        Context::Feedback => FEEDBACK,
        Context::TimeUp => TIME_UP,
        Context::Results => RESULTS,
        Context::Confirm => CONFIRM,
        Context::Resume => RESUME,
        Context::Help => HELP_SCREEN,
        Context::Review => REVIEW,
        Context::Breakdown => BREAKDOWN,
        Context::Note => NOTE,
        Context::Progress => PROGRESS,
        Context::History => HISTORY,
        Context::Plan => PLAN,
        Context::DrillSetup => DRILL_SETUP,
    }
}

/// The action a key press means in `ctx`, if any.
pub fn action(ctx: Context, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    for binding in table(ctx) {
        for k in binding.keys {
            let hit = match (*k, key.code) {
                (Ctrl(c), KeyCode::Char(x)) => ctrl && x.eq_ignore_ascii_case(&c),
                (Any, _) => true,
                (_, _) if ctrl => false,
                // `g` is the guess flag: the table names it as `G` so that option G stays
                // reachable by its digit and by the cursor.
                (Char('G'), KeyCode::Char(x)) => x == 'g' || x == 'G',
                (Char(c), KeyCode::Char(x)) => c == x,
                (Code(c), code) => c == code,
                (Options, KeyCode::Char(x)) => option_index(x).is_some(),
                _ => false,
            };
            if hit {
                if let (Options, KeyCode::Char(x)) = (*k, key.code) {
                    return option_index(x).map(Action::Option);
                }
                return Some(binding.action);
            }
        }
    }
    None
}

/// `a`/`A`/`1` → 0 … `j`/`J`/`0` → 9; `g` is reserved for the guess flag.
fn option_index(c: char) -> Option<usize> {
    match c {
        'g' | 'G' => None,
        'a'..='j' => Some(c as usize - 'a' as usize),
        'A'..='J' => Some(c as usize - 'A' as usize),
        '1'..='9' => Some(c as usize - '1' as usize),
        '0' => Some(9),
        _ => None,
    }
}

/// `(keys, label)` pairs for the help bar of `ctx`, on a question that `offers` this.
pub fn bar(ctx: Context, offers: Offers) -> Vec<(&'static str, &'static str)> {
    table(ctx).iter().filter(|b| !b.bar.is_empty() && offers.shows(b.when)).map(|b| (b.names, b.bar)).collect()
}

/// `(keys, description)` lines for the full help of `ctx`, on a question that `offers` this.
pub fn help(ctx: Context, offers: Offers) -> Vec<(&'static str, &'static str)> {
    table(ctx).iter().filter(|b| !b.help.is_empty() && offers.shows(b.when)).map(|b| (b.names, b.help)).collect()
}

#[cfg(test)]
#[path = "keys_tests.rs"]
mod tests;
