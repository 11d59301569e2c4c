//! The CQL lexer: query text to tokens, following Cassandra 4.1's `Lexer.g`.
//!
//! Every token keeps its line (1-based) and column (0-based, in characters) because syntax
//! errors quote them the way ANTLR does. Whitespace and comments are kept as hidden tokens:
//! Cassandra's error snippets count them when they reach ten tokens back from the error.
//! Words are all [`TokenKind::Ident`]; the parser decides which are keywords.
//!
//! Like ANTLR, the lexer reports the first character it cannot use; it then stops (the
//! parser may still find an earlier error, which [`super::parse`] prefers, as Cassandra does).

use super::scan;

/// What kind of token the lexer produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A word: identifier or keyword.
    Ident,
    /// `"Name"` (text is the unescaped name).
    QuotedName,
    /// `""`
    EmptyQuotedName,
    /// `'text'` or `$$text$$` (text is the unescaped content).
    Str,
    Integer,
    Float,
    Boolean,
    Duration,
    Uuid,
    Hex,
    /// `-NaN`
    NegNan,
    /// `-Infinity`
    NegInfinity,
    /// Punctuation and operators: `( ) , = <= ? :` ...
    Symbol,
    Whitespace,
    Comment,
    Eof,
}

/// One token and where it was found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    /// What ANTLR's `getText()` returns: the unescaped content of strings and quoted names,
    /// the source text otherwise (empty for EOF).
    pub text: String,
    /// Byte range in the query.
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub col: usize,
}

impl Token {
    /// True for tokens the parser skips (whitespace, comments).
    pub(crate) fn is_hidden(&self) -> bool {
        matches!(self.kind, TokenKind::Whitespace | TokenKind::Comment)
    }
}

/// The first lexical error: where it is and Cassandra's full message for it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LexError {
    /// Byte offset of the offending character (the query length for end of input).
    pub offset: usize,
    pub message: String,
}

/// The tokens of a query (always ending with an EOF token) and the first lexical error.
#[derive(Debug)]
pub(crate) struct Lexed {
    pub tokens: Vec<Token>,
    pub error: Option<LexError>,
}

/// What matching one token at the cursor produced.
enum Scan {
    /// A token of `len` characters, with its text when it differs from the source.
    Token(TokenKind, usize, Option<String>),
    /// A lexical error at `at` characters from the cursor.
    Fail(usize, String),
}

const SYMBOLS_2: &[&str] = &["<=", ">=", "!=", "+=", "-=", ".."];
const SYMBOLS_1: &str = "()[]{},;.:?=<>+-*/%";

/// ANTLR's `getCharErrorDisplay`.
fn char_display(c: Option<char>) -> String {
    match c {
        None => "'<EOF>'".to_string(),
        Some('\n') => "'\\n'".to_string(),
        Some('\r') => "'\\r'".to_string(),
        Some('\t') => "'\\t'".to_string(),
        Some(c) => format!("'{c}'"),
    }
}

fn mismatched(found: Option<char>, expected: char) -> String {
    format!(
        "mismatched character {} expecting {}",
        char_display(found),
        char_display(Some(expected))
    )
}

/// Split `query` into tokens.
pub(crate) fn lex(query: &str) -> Lexed {
    let chars: Vec<char> = query.chars().collect();
    let offsets: Vec<usize> = query.char_indices().map(|(i, _)| i).collect();
    let mut lexer = Lexer {
        query,
        chars,
        offsets,
        i: 0,
        line: 1,
        col: 0,
        tokens: Vec::new(),
    };
    let error = lexer.run();
    lexer.push_token(
        TokenKind::Eof,
        lexer.i,
        lexer.line,
        lexer.col,
        Some(String::new()),
    );
    Lexed {
        tokens: lexer.tokens,
        error,
    }
}

struct Lexer<'a> {
    query: &'a str,
    chars: Vec<char>,
    offsets: Vec<usize>,
    i: usize,
    line: usize,
    col: usize,
    tokens: Vec<Token>,
}

impl Lexer<'_> {
    fn byte(&self, index: usize) -> usize {
        self.offsets.get(index).copied().unwrap_or(self.query.len())
    }

    fn advance(&mut self, n: usize) {
        for _ in 0..n {
            match self.chars.get(self.i) {
                Some('\n') => {
                    self.line += 1;
                    self.col = 0;
                }
                Some(_) => self.col += 1,
                None => return,
            }
            self.i += 1;
        }
    }

    fn push_token(
        &mut self,
        kind: TokenKind,
        start: usize,
        line: usize,
        col: usize,
        text: Option<String>,
    ) {
        let (start, end) = (self.byte(start), self.byte(self.i));
        let text = text.unwrap_or_else(|| self.query.get(start..end).unwrap_or("").to_string());
        self.tokens.push(Token {
            kind,
            text,
            start,
            end,
            line,
            col,
        });
    }

    /// Lex until the end or the first error, which is returned.
    fn run(&mut self) -> Option<LexError> {
        while self.i < self.chars.len() {
            let (start, line, col) = (self.i, self.line, self.col);
            let rest = self.chars.get(self.i..).unwrap_or(&[]);
            match scan_token(rest) {
                Scan::Token(kind, len, text) => {
                    self.advance(len);
                    self.push_token(kind, start, line, col, text);
                }
                Scan::Fail(at, message) => {
                    self.advance(at);
                    return Some(LexError {
                        offset: self.byte(self.i),
                        message: format!("line {}:{} {}", self.line, self.col, message),
                    });
                }
            }
        }
        None
    }
}

fn at(rest: &[char], i: usize) -> Option<char> {
    rest.get(i).copied()
}

/// Match one token at the start of `rest` (which is not empty).
fn scan_token(rest: &[char]) -> Scan {
    let (c0, c1) = (at(rest, 0), at(rest, 1));
    match (c0, c1) {
        (Some(' ' | '\t' | '\n' | '\r'), _) => {
            let n = rest
                .iter()
                .take_while(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
                .count();
            Scan::Token(TokenKind::Whitespace, n, None)
        }
        (Some('-'), Some('-')) | (Some('/'), Some('/')) => line_comment(rest),
        (Some('/'), Some('*')) => block_comment(rest),
        (Some('\''), _) => quoted(rest, '\'', TokenKind::Str),
        (Some('"'), Some('"')) if at(rest, 2) != Some('"') => {
            Scan::Token(TokenKind::EmptyQuotedName, 2, None)
        }
        (Some('"'), _) => quoted(rest, '"', TokenKind::QuotedName),
        (Some('$'), Some('$')) => dollar_string(rest),
        (Some('$'), _) => Scan::Fail(1, mismatched(c1, '$')),
        (Some('!'), c) if c != Some('=') => Scan::Fail(1, mismatched(c, '=')),
        _ => word_or_symbol(rest),
    }
}

fn word_or_symbol(rest: &[char]) -> Scan {
    if let Some((kind, len)) = scan::longest(rest) {
        let kind = match kind {
            TokenKind::Ident if is_boolean(rest.get(..len).unwrap_or(&[])) => TokenKind::Boolean,
            kind => kind,
        };
        return Scan::Token(kind, len, None);
    }
    if at(rest, 0) == Some('-') {
        for (word, kind) in [
            ("nan", TokenKind::NegNan),
            ("infinity", TokenKind::NegInfinity),
        ] {
            let matches = word
                .chars()
                .enumerate()
                .all(|(i, w)| at(rest, i + 1).is_some_and(|c| c.to_ascii_lowercase() == w));
            if matches {
                return Scan::Token(kind, word.len() + 1, None);
            }
        }
    }
    let two: String = rest.iter().take(2).collect();
    if SYMBOLS_2.contains(&two.as_str()) {
        return Scan::Token(TokenKind::Symbol, 2, None);
    }
    match at(rest, 0) {
        Some(c) if SYMBOLS_1.contains(c) => Scan::Token(TokenKind::Symbol, 1, None),
        c => Scan::Fail(
            0,
            format!("no viable alternative at character {}", char_display(c)),
        ),
    }
}

/// `BOOLEAN` is declared before `IDENT`, so `true` / `false` (any case) are booleans.
fn is_boolean(word: &[char]) -> bool {
    ["true", "false"].iter().any(|b| {
        b.len() == word.len()
            && b.chars()
                .zip(word)
                .all(|(b, c)| c.to_ascii_lowercase() == b)
    })
}

/// `-- ...` or `// ...` up to and including the end of the line (or the end of input).
fn line_comment(rest: &[char]) -> Scan {
    let n = rest
        .iter()
        .position(|c| matches!(c, '\n' | '\r'))
        .map_or(rest.len(), |p| p + 1);
    Scan::Token(TokenKind::Comment, n, None)
}

/// `/* ... */`
fn block_comment(rest: &[char]) -> Scan {
    let close = rest
        .windows(2)
        .skip(2)
        .position(|w| w == ['*', '/'])
        .map(|p| p + 2);
    match close {
        Some(p) => Scan::Token(TokenKind::Comment, p + 2, None),
        None => Scan::Fail(rest.len(), mismatched(None, '*')),
    }
}

/// A `quote`-delimited literal where a doubled quote stands for one quote.
fn quoted(rest: &[char], quote: char, kind: TokenKind) -> Scan {
    let mut text = String::new();
    let mut i = 1;
    loop {
        match (at(rest, i), at(rest, i + 1)) {
            (None, _) => return Scan::Fail(i, mismatched(None, quote)),
            (Some(c), Some(d)) if c == quote && d == quote => {
                text.push(quote);
                i += 2;
            }
            (Some(c), _) if c == quote => return Scan::Token(kind, i + 1, Some(text)),
            (Some(c), _) => {
                text.push(c);
                i += 1;
            }
        }
    }
}

/// `$$ ... $$` (no escapes).
fn dollar_string(rest: &[char]) -> Scan {
    let close = rest.windows(2).skip(2).position(|w| w == ['$', '$']);
    match close {
        Some(p) => {
            let text = rest.iter().skip(2).take(p).collect();
            Scan::Token(TokenKind::Str, p + 4, Some(text))
        }
        None => Scan::Fail(rest.len(), mismatched(None, '$')),
    }
}
