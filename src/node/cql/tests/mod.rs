//! Parser tests, by statement family. Each test parses real CQL and compares the tree, or
//! the exact error Cassandra 4.1 gives for it.

mod ddl;
mod describe;
mod dml;
mod errors;
mod lexing;
mod robustness;
mod select;
mod support;
mod terms;
