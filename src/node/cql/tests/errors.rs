//! Syntax error text: ANTLR's messages, Cassandra's positions and snippets.

use super::support::*;

#[test]
fn unknown_statement() {
    assert_eq!(
        syntax("SELEC * FROM t"),
        "line 1:0 no viable alternative at input 'SELEC' ([SELEC]...)"
    );
    assert_eq!(
        syntax("42"),
        "line 1:0 no viable alternative at input '42' ([42])"
    );
    assert_eq!(
        syntax(""),
        "line 0:-1 no viable alternative at input '<EOF>'"
    );
    assert_eq!(
        syntax("  ;"),
        "line 1:2 no viable alternative at input ';' (  [;])"
    );
    assert_eq!(
        syntax("-- only a comment\n"),
        "line 0:-1 no viable alternative at input '<EOF>'"
    );
}

#[test]
fn end_of_input() {
    assert_eq!(
        syntax("SELECT * FROM"),
        "line 0:-1 no viable alternative at input '<EOF>'"
    );
    assert_eq!(
        syntax("INSERT INTO t (k) VALUES (1"),
        "line 0:-1 mismatched input '<EOF>' expecting ')'"
    );
}

#[test]
fn snippet_starts_ten_tokens_back() {
    // The offending token is token 27 (whitespace counts); the snippet starts at token 17.
    let query = "SELECT a, b FROM t WHERE k = 1 AND c = 2 LIMT";
    assert_eq!(
        syntax(query),
        "line 1:41 mismatched input 'LIMT' expecting EOF (...1 AND c = 2 [LIMT])"
    );
}

#[test]
fn snippet_spans_lines_and_marks_the_token() {
    // Lines are joined without their line breaks, as Cassandra does.
    let query = "SELECT *\nFROM t\nWHERE k = 1\nORDER c";
    assert_eq!(
        syntax(query),
        "line 4:6 mismatched input 'c' expecting K_BY (...WHERE k = 1ORDER [c])"
    );
}

#[test]
fn reserved_words_are_not_names() {
    assert_eq!(
        syntax("SELECT * FROM from"),
        "line 1:14 no viable alternative at input 'from' (SELECT * FROM [from])"
    );
    assert_eq!(
        syntax("CREATE TABLE t (select int PRIMARY KEY)"),
        "line 1:16 no viable alternative at input 'select' (CREATE TABLE t ([select]...)"
    );
    assert_eq!(
        syntax("SELECT * FROM ?"),
        "Bind variables cannot be used for table names"
    );
}

#[test]
fn control_characters_are_escaped_in_messages() {
    let message = syntax("SELECT * FROM t WHERE k = 1 'a\nb\t'");
    assert!(
        message.starts_with("line 1:28 mismatched input 'a\\nb\\t' expecting EOF ("),
        "{message}"
    );
}

#[test]
fn statement_with_trailing_semicolons() {
    assert_eq!(select("SELECT * FROM t;;").table, table(None, "t"));
    assert_eq!(
        syntax("SELECT * FROM t; SELECT * FROM t"),
        "line 1:17 mismatched input 'SELECT' expecting EOF (SELECT * FROM t; [SELECT]...)"
    );
}
