//! Tokens: comments, whitespace, case, quoting, and where tokens are found.

use super::support::*;
use crate::node::cql::ast::*;
use crate::node::cql::lexer::{lex, TokenKind};

fn kinds(query: &str) -> Vec<TokenKind> {
    let lexed = lex(query);
    assert_eq!(lexed.error, None, "lexing {query:?}");
    lexed
        .tokens
        .iter()
        .filter(|t| !t.is_hidden())
        .map(|t| t.kind)
        .collect()
}

#[test]
fn token_kinds() {
    use TokenKind::*;
    assert_eq!(
        kinds("SELECT \"a\"\"b\", '', 1, 2.5, true, 1h, 0x01, -NaN, -infinity, \"\" <= ?"),
        vec![
            Ident,
            QuotedName,
            Symbol,
            Str,
            Symbol,
            Integer,
            Symbol,
            Float,
            Symbol,
            Boolean,
            Symbol,
            Duration,
            Symbol,
            Hex,
            Symbol,
            NegNan,
            Symbol,
            NegInfinity,
            Symbol,
            EmptyQuotedName,
            Symbol,
            Symbol,
            Eof
        ]
    );
}

#[test]
fn positions_are_line_and_character_column() {
    let lexed = lex("SELECT 'é',\n  bc");
    let bc = lexed.tokens.iter().find(|t| t.text == "bc");
    assert_eq!(bc.map(|t| (t.line, t.col, t.start)), Some((2, 2, 15)));
    let comma = lexed.tokens.iter().find(|t| t.text == ",");
    // Columns count characters, not bytes.
    assert_eq!(comma.map(|t| (t.line, t.col, t.start)), Some((1, 10, 11)));
    let lexed = lex("SELECT\n  é");
    let error = lexed.error.map(|e| (e.offset, e.message));
    let expected = "line 2:2 no viable alternative at character 'é'".to_string();
    assert_eq!(error, Some((9, expected)));
}

#[test]
fn comments_and_whitespace_are_ignored() {
    let query =
        "-- leading comment\n/* block\n comment */ SELECT * // trailing\n\tFROM\r\n t ;; -- end";
    assert_eq!(select(query).table, table(None, "t"));
    assert_eq!(select("  SELECT * FROM t  ").table, table(None, "t"));
}

#[test]
fn keywords_are_case_insensitive_and_names_lowercased() {
    let s = select("sElEcT Value FROM MyKs.MyTable WhErE \"Key\" = 1");
    assert_eq!(s.table, table(Some("myks"), "mytable"));
    assert_eq!(
        s.selection,
        Selection::Selectors(vec![Selector {
            expr: SelectorExpr::Column("value".into()),
            alias: None
        }])
    );
    assert_eq!(s.where_clause, vec![eq("Key", int("1"))]);
}

#[test]
fn quoted_names_keep_case_and_escapes() {
    let s = select("SELECT * FROM \"Ks\".\"Ta\"\"ble\"");
    assert_eq!(s.table, table(Some("Ks"), "Ta\"ble"));
}

#[test]
fn lexer_errors() {
    assert_eq!(
        syntax("SELECT * FROM t WHERE k = 'abc"),
        "line 1:30 mismatched character '<EOF>' expecting '''"
    );
    assert_eq!(
        syntax("SELECT * FROM t WHERE k = $$abc"),
        "line 1:31 mismatched character '<EOF>' expecting '$'"
    );
    assert_eq!(
        syntax("SELECT * FROM \"t"),
        "line 1:16 mismatched character '<EOF>' expecting '\"'"
    );
    assert_eq!(
        syntax("SELECT * FROM t /* open"),
        "line 1:23 mismatched character '<EOF>' expecting '*'"
    );
    assert_eq!(
        syntax("SELECT * FROM t WHERE k @ 1"),
        "line 1:24 no viable alternative at character '@'"
    );
    assert_eq!(
        syntax("SELECT * FROM t WHERE k ! 1"),
        "line 1:25 mismatched character ' ' expecting '='"
    );
}

#[test]
fn earlier_parser_error_wins_over_later_lexer_error() {
    assert_eq!(
        syntax("SELECT * FORM t WHERE k = @"),
        "line 1:9 mismatched input 'FORM' expecting K_FROM (SELECT * [FORM]...)"
    );
    // The lexer error comes first when it precedes the parser's offending token.
    assert_eq!(
        syntax("SELECT @ * FORM t"),
        "line 1:7 no viable alternative at character '@'"
    );
}
