//! The bind markers of a parsed CQL statement, in marker order, found by walking the syntax
//! tree of our own CQL parser (so markers inside string literals or comments are never
//! mistaken for real ones).

use crate::node::cql::ast::{
    Assignment, BindMarker, Condition, Literal, Relation, RelationValue, Selection, SelectorExpr,
    Statement, Term, Using,
};

/// Every bind marker of `statement`, sorted by marker index.
pub fn markers(statement: &Statement) -> Vec<BindMarker> {
    let mut out = Vec::new();
    statement_markers(statement, &mut out);
    out.sort_by_key(|m| m.index);
    out
}

fn statement_markers(statement: &Statement, out: &mut Vec<BindMarker>) {
    match statement {
        Statement::Insert(s) => {
            s.values.iter().for_each(|t| term(t, out));
            using(&s.using, out);
        }
        Statement::Update(s) => {
            using(&s.using, out);
            for a in &s.assignments {
                match a {
                    Assignment::Set { value, .. }
                    | Assignment::Add { value, .. }
                    | Assignment::Prepend { value, .. }
                    | Assignment::Subtract { value, .. } => term(value, out),
                    Assignment::SetElement { key, value, .. } => {
                        term(key, out);
                        term(value, out);
                    }
                }
            }
            relations(&s.where_clause, out);
            condition(s.condition.as_ref(), out);
        }
        Statement::Delete(s) => {
            s.columns
                .iter()
                .filter_map(|c| c.element.as_ref())
                .for_each(|t| term(t, out));
            s.timestamp.iter().for_each(|t| term(t, out));
            relations(&s.where_clause, out);
            condition(s.condition.as_ref(), out);
        }
        Statement::Select(s) => {
            if let Selection::Selectors(selectors) = &s.selection {
                selectors.iter().for_each(|sel| selector(&sel.expr, out));
            }
            relations(&s.where_clause, out);
            [&s.per_partition_limit, &s.limit]
                .into_iter()
                .flatten()
                .for_each(|t| term(t, out));
        }
        Statement::Batch(b) => {
            b.timestamp.iter().for_each(|t| term(t, out));
            b.statements.iter().for_each(|s| statement_markers(s, out));
        }
        _ => {}
    }
}

fn using(u: &Using, out: &mut Vec<BindMarker>) {
    [&u.ttl, &u.timestamp]
        .into_iter()
        .flatten()
        .for_each(|t| term(t, out));
}

fn relations(rs: &[Relation], out: &mut Vec<BindMarker>) {
    rs.iter().for_each(|r| relation_value(&r.value, out));
}

fn relation_value(v: &RelationValue, out: &mut Vec<BindMarker>) {
    match v {
        RelationValue::Term(t) => term(t, out),
        RelationValue::List(ts) => ts.iter().for_each(|t| term(t, out)),
    }
}

fn condition(c: Option<&Condition>, out: &mut Vec<BindMarker>) {
    if let Some(Condition::Columns(conditions)) = c {
        for cc in conditions {
            cc.element.iter().for_each(|t| term(t, out));
            relation_value(&cc.value, out);
        }
    }
}

fn selector(e: &SelectorExpr, out: &mut Vec<BindMarker>) {
    match e {
        SelectorExpr::Function { args, .. } => args.iter().for_each(|a| selector(a, out)),
        SelectorExpr::Term(t) => term(t, out),
        _ => {}
    }
}

fn term(t: &Term, out: &mut Vec<BindMarker>) {
    match t {
        Term::Bind(m) => out.push(m.clone()),
        Term::Function { args, .. } => args.iter().for_each(|a| term(a, out)),
        Term::Cast { term: inner, .. } => term(inner, out),
        Term::Literal(l) => literal(l, out),
    }
}

fn literal(l: &Literal, out: &mut Vec<BindMarker>) {
    match l {
        Literal::List(ts) | Literal::Set(ts) | Literal::Tuple(ts) => {
            ts.iter().for_each(|t| term(t, out))
        }
        Literal::Map(entries) => entries.iter().for_each(|(k, v)| {
            term(k, out);
            term(v, out);
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::cql::parse;

    fn names(cql: &str) -> Vec<Option<String>> {
        let statement = parse(cql).unwrap_or_else(|e| panic!("{cql}: {e}"));
        let found = markers(&statement);
        // Indexes are 0..n in order: nothing missed, nothing counted twice.
        let indexes: Vec<usize> = found.iter().map(|m| m.index).collect();
        assert_eq!(indexes, (0..found.len()).collect::<Vec<_>>(), "{cql}");
        found.into_iter().map(|m| m.name).collect()
    }

    fn some(names: &[&str]) -> Vec<Option<String>> {
        names.iter().map(|n| Some(n.to_string())).collect()
    }

    #[test]
    fn markers_in_every_clause_in_text_order() {
        assert_eq!(
            names("INSERT INTO t (a, b, c) VALUES (:a, [:b, 1], {'k': :c}) USING TTL :ttl"),
            some(&["a", "b", "c", "ttl"])
        );
        assert_eq!(
            names("UPDATE t USING TTL :ttl SET v = :v, m[:k] = :mv WHERE id = :id IF v = :old"),
            some(&["ttl", "v", "k", "mv", "id", "old"])
        );
        assert_eq!(
            names("SELECT * FROM t WHERE p = :p AND c >= :lo AND c < :hi LIMIT :n"),
            some(&["p", "lo", "hi", "n"])
        );
        assert_eq!(
            names("DELETE m[:k] FROM t USING TIMESTAMP :ts WHERE id IN (:a, :b) IF EXISTS"),
            some(&["k", "ts", "a", "b"])
        );
        assert_eq!(
            names(
                "BEGIN BATCH INSERT INTO t (a) VALUES (:x); UPDATE t SET c = c + :n WHERE a = :y; \
                 APPLY BATCH"
            ),
            some(&["x", "n", "y"])
        );
    }

    #[test]
    fn text_that_looks_like_a_marker_is_not_one() {
        assert_eq!(
            names("INSERT INTO t (a, b) VALUES (':a', :b) -- :c"),
            some(&["b"])
        );
        assert_eq!(names("SELECT * FROM t WHERE a = ?"), vec![None]);
    }
}
