//! Syntax error messages worded and positioned like Cassandra's.
//!
//! Cassandra's `ErrorCollector` turns an ANTLR recognition error into
//! `line L:C <message> (<snippet>)`: the header is the offending token's position (1-based
//! line, 0-based column), the message is ANTLR's (`mismatched input 'x' expecting K_FROM`,
//! `no viable alternative at input 'x'`), and the snippet shows the query from up to ten
//! tokens (hidden ones included) before the offending token to the offending token, which is
//! put in square brackets, with `...` where text was cut. At the end of input Cassandra's
//! lexer hands the parser a position-less EOF token, so those errors read
//! `line 0:-1 ... '<EOF>'` without a snippet. Drivers and users match on this text, so it is
//! reproduced rather than improved.

use super::lexer::{Token, TokenKind};

/// How many tokens before the offending one the snippet starts.
const FIRST_TOKEN_OFFSET: usize = 10;

/// ANTLR's `getTokenErrorDisplay`: the token text in quotes, control characters escaped.
pub(crate) fn token_display(token: &Token) -> String {
    if token.kind == TokenKind::Eof {
        return "'<EOF>'".to_string();
    }
    let text = token
        .text
        .replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\t', "\\t");
    format!("'{text}'")
}

/// The full message for a recognition error at `tokens[index]`: header, ANTLR message and
/// snippet.
pub(crate) fn positional(query: &str, tokens: &[Token], index: usize, message: &str) -> String {
    let Some(token) = tokens.get(index).filter(|t| t.kind != TokenKind::Eof) else {
        return format!("line 0:-1 {message}");
    };
    let mut out = format!("line {}:{} {}", token.line, token.col, message);
    if let Some(snippet) = snippet(query, tokens, index) {
        out.push_str(" (");
        out.push_str(&snippet);
        out.push(')');
    }
    out
}

/// `String.split("\n")` as Java does it: trailing empty strings are dropped.
fn java_lines(query: &str) -> Vec<Vec<char>> {
    let mut lines: Vec<Vec<char>> = query.split('\n').map(|l| l.chars().collect()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Column just past the token, as Cassandra computes it (start column + text length).
fn end_col(token: &Token) -> usize {
    token.col + token.text.chars().count()
}

fn insert_char(line: &mut Vec<char>, index: usize, c: char) {
    let index = index.min(line.len());
    line.insert(index, c);
}

/// The snippet text (without the surrounding parentheses), or `None` when the positions do
/// not fit the text (Cassandra then omits it too).
fn snippet(query: &str, tokens: &[Token], index: usize) -> Option<String> {
    let offending = tokens.get(index)?;
    let from = tokens.get(index.saturating_sub(FIRST_TOKEN_OFFSET))?;
    let mut lines = java_lines(query);
    let (from_line, to_line) = (from.line.checked_sub(1)?, offending.line.checked_sub(1)?);
    let last_len = lines.last()?.len();
    let include_start = from.line == 1 && from.col == 0;
    let include_end = offending.line == lines.len() && end_col(offending) == last_len;

    let line = lines.get_mut(to_line)?;
    line.truncate(end_col(offending));
    insert_char(line, end_col(offending), ']');
    insert_char(line, offending.col, '[');
    let first = lines.get_mut(from_line)?;
    let tail = first.split_off(from.col.min(first.len()));
    *first = tail;

    let mut out = String::new();
    if !include_start {
        out.push_str("...");
    }
    for line in lines.get(from_line..=to_line)? {
        out.extend(line.iter());
    }
    if !include_end {
        out.push_str("...");
    }
    Some(out)
}
