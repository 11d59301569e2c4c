//! Nothing may panic: every prefix of valid statements, random text and random bytes must
//! give a statement or an error.

use crate::node::cql::parse;
use rand::{Rng, SeedableRng};

const VALID: &[&str] = &[
    "SELECT JSON DISTINCT k, COUNT(*), TTL(v) AS t FROM ks.t WHERE token(k) > ? AND (a, b) IN ((1, 2)) \
     GROUP BY k ORDER BY a DESC PER PARTITION LIMIT 1 LIMIT :l ALLOW FILTERING;",
    "INSERT INTO t (k, v, m) VALUES (?, (int) ?, {'a': [1, 2.5e3, -NaN]}) IF NOT EXISTS USING TTL 5 AND TIMESTAMP ?",
    "UPDATE t USING TTL 1 SET a = a + ?, b = [1] + b, m[?] = 0x01, n = n -1 WHERE k = 1 IF m['a'] IN (1) AND exists = 1",
    "DELETE a, m[1] FROM t USING TIMESTAMP 1 WHERE k IN ? IF EXISTS",
    "BEGIN COUNTER BATCH USING TIMESTAMP 5 UPDATE c SET n = n + 1 WHERE k = 1; APPLY BATCH",
    "CREATE TABLE IF NOT EXISTS \"Ks\".t (k frozen<map<text, list<int>>>, c tuple<int, text>, s text STATIC, \
     PRIMARY KEY ((k), c)) WITH CLUSTERING ORDER BY (c DESC) AND COMPACT STORAGE AND x = {'a': 1}",
    "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1} AND durable_writes = true",
    "DESCRIBE FULL SCHEMA WITH INTERNALS",
    "/* c */ SELECT $$x$$, 12h30m, P1D, f47ac10b-58cc-4372-a567-0e02b2c3d479 FROM t -- end",
];

fn check(query: &str) {
    // Either outcome is fine; a panic fails the test with the query in the message.
    let result = std::panic::catch_unwind(|| parse(query));
    assert!(result.is_ok(), "parse panicked on {query:?}");
}

#[test]
fn every_prefix_of_valid_statements() {
    for query in VALID {
        assert!(
            parse(query).is_ok(),
            "{query} should parse: {:?}",
            parse(query)
        );
        let chars: Vec<char> = query.chars().collect();
        for end in 0..chars.len() {
            let prefix: String = chars.iter().take(end).collect();
            check(&prefix);
        }
    }
}

#[test]
fn random_token_soup() {
    let pieces = [
        "SELECT",
        "FROM",
        "WHERE",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ";",
        ":",
        "?",
        "=",
        "<=",
        "'s'",
        "\"Q\"",
        "\"\"",
        "1",
        "-1",
        "1.5",
        "0x0",
        "k",
        "t",
        ".",
        "IN",
        "AND",
        "IF",
        "frozen",
        "<",
        ">",
        "list",
        "map",
        "+",
        "-",
        "*",
        "$$",
        "'",
        "/*",
        "--",
        "\n",
        "NaN",
        "-Infinity",
        "P1D",
        "INSERT",
        "INTO",
        "VALUES",
        "UPDATE",
        "SET",
        "DELETE",
        "BEGIN",
        "BATCH",
        "APPLY",
        "CREATE",
        "TABLE",
        "PRIMARY",
        "KEY",
        "WITH",
        "DESCRIBE",
        "TOKEN",
        "COUNT",
        "TTL",
        "é",
    ];
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    for _ in 0..3000 {
        let len = rng.random_range(0..24);
        let query: Vec<&str> = (0..len)
            .map(|_| pieces[rng.random_range(0..pieces.len())])
            .collect();
        check(&query.join(" "));
        check(&query.concat());
    }
}

#[test]
fn random_bytes_as_lossy_utf8() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    for _ in 0..3000 {
        let len = rng.random_range(0..64);
        let bytes: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        check(&String::from_utf8_lossy(&bytes));
    }
}
