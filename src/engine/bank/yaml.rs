//! The one module that names the YAML crate, so it can be swapped without touching the
//! rest of Proctor. It also guards serde_yaml's known weak spots before handing it text:
//! deep flow nesting (its parser slows with the square of the depth), and it turns the
//! parser's errors into positioned messages with a hint of what to fix.

use serde::de::DeserializeOwned;

/// Deeper flow nesting than this is refused before parsing. serde_yaml itself stops at
/// 128 levels, but only after its parser has walked the whole (quadratic) structure.
pub const MAX_FLOW_DEPTH: usize = 128;

/// A problem the parser found, with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses one YAML document into `T`. `text` must already be valid UTF-8 without a BOM.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, SyntaxError> {
    check_flow_depth(text)?;
    serde_yaml::from_str(text).map_err(|e| to_syntax_error(text, &e))
}

fn to_syntax_error(text: &str, e: &serde_yaml::Error) -> SyntaxError {
    let (line, column) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
    let mut message = e.to_string();
    if let Some(i) = message.rfind(" at line ") {
        message.truncate(i);
    }
    let offending = text.lines().nth(line.saturating_sub(1)).and_then(|l| l.chars().nth(column.saturating_sub(1)));
    if message.contains("more than one document") {
        message = "the file holds more than one YAML document (a `---` or `...` line between \
                   them); a bank file holds exactly one: remove the separator or split the bank \
                   into a directory"
            .into();
    } else if offending == Some('\t') || message.contains("tab") {
        message.push_str("; YAML indentation must use spaces, not tabs");
    } else if message.contains("recursion limit") {
        message.push_str("; the file nests too deeply to be a question bank");
    } else if message.contains("repetition limit") {
        message = "the file expands aliases (`*name`) too many times (an alias bomb?); write the \
                   text out instead of nesting aliases"
            .into();
    } else if message.contains("EOF while parsing") || message.contains("end of stream") {
        message.push_str("; is the file empty or cut short?");
    }
    SyntaxError { line: line.max(1), column: column.max(1), message }
}

/// Refuses flow collections (`[[[[...` / `{{...`) nested past `MAX_FLOW_DEPTH`, in one
/// linear pass. A bracket counts only where YAML could open a flow collection (after
/// `:`, `,`, `-`, another bracket, or at the start of a line), so brackets in prose do
/// not add up across a large bank.
fn check_flow_depth(text: &str) -> Result<(), SyntaxError> {
    let mut depth = 0usize;
    let mut prev = b'\n';
    let (mut line, mut line_start) = (1usize, 0usize);
    for (i, &b) in text.as_bytes().iter().enumerate() {
        match b {
            b'[' | b'{' if matches!(prev, b'\n' | b':' | b',' | b'-' | b'[' | b'{' | b'?') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Err(SyntaxError {
                        line,
                        column: text[line_start..i].chars().count() + 1,
                        message: format!(
                            "flow collections (`[`/`{{`) nested more than {MAX_FLOW_DEPTH} deep; \
                             a question bank never needs this"
                        ),
                    });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        if b == b'\n' || !b.is_ascii_whitespace() {
            prev = b;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::bank::raw::RawFile;

    #[test]
    fn rejects_deep_flow_nesting_quickly() {
        let text = format!("questions: {}", "[".repeat(1_000_000));
        let e = parse::<RawFile>(&text).unwrap_err();
        assert!(e.message.contains("nested more than"), "{}", e.message);
        assert_eq!(e.line, 1);
    }

    #[test]
    fn prose_brackets_do_not_accumulate() {
        let body: String =
            (0..500).map(|i| format!("  - id: q{i}\n    stem: |\n      range [0, 10) and x[1\n")).collect();
        let text = format!("questions:\n{body}");
        assert!(check_flow_depth(&text).is_ok());
    }

    #[test]
    fn unknown_fields_keep_their_location() {
        let e = parse::<RawFile>("exam:\n  idd: x\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        assert!(e.message.contains("unknown field `idd`"), "{}", e.message);
    }

    #[test]
    fn multiple_documents_are_explained() {
        let e = parse::<RawFile>("exam: {}\n---\nexam: {}\n").unwrap_err();
        assert!(e.message.contains("more than one YAML document"), "{}", e.message);
    }
}
