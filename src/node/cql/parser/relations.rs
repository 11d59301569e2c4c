//! WHERE relations and IF conditions (Cassandra's `whereClause`, `relation`,
//! `updateConditions`, `columnCondition`).

use super::{PResult, Parser};
use crate::node::cql::ast::{
    ColumnCondition, Condition, Operator, Relation, RelationTarget, RelationValue, Term,
};

impl Parser<'_> {
    /// `relationType`, if the current token is one (consumed).
    fn relation_type(&mut self) -> Option<Operator> {
        let op = [
            ("=", Operator::Eq),
            ("<", Operator::Lt),
            ("<=", Operator::Le),
            (">", Operator::Gt),
            (">=", Operator::Ge),
            ("!=", Operator::Ne),
        ]
        .into_iter()
        .find(|(sym, _)| self.at_sym(sym))
        .map(|(_, op)| op)?;
        self.bump();
        Some(op)
    }

    /// `whereClause`: `relation (AND relation)*`
    pub(super) fn where_clause(&mut self) -> PResult<Vec<Relation>> {
        let mut relations = Vec::new();
        self.relation(&mut relations)?;
        while self.eat_kw("and") {
            self.relation(&mut relations)?;
        }
        Ok(relations)
    }

    /// `K_WHERE whereClause`
    pub(super) fn required_where(&mut self) -> PResult<Vec<Relation>> {
        self.expect_kw("where")?;
        self.where_clause()
    }

    /// `relation`
    fn relation(&mut self, out: &mut Vec<Relation>) -> PResult<()> {
        if self.at_kw("token") && self.at_sym_n(1, "(") {
            self.bump();
            let columns = self.tuple_of_identifiers()?;
            let op = self.relation_type().ok_or_else(|| self.no_viable())?;
            let value = RelationValue::Term(self.term()?);
            out.push(Relation {
                target: RelationTarget::Token(columns),
                op,
                value,
            });
            return Ok(());
        }
        if self.at_sym("(") {
            let multi = self.at_cident_n(1) && (self.at_sym_n(2, ",") || self.at_sym_n(2, ")"));
            if multi {
                return self.multi_column_relation(out);
            }
            self.bump();
            self.relation(out)?;
            return self.expect_sym(")");
        }
        let column = self.cident()?;
        let target = RelationTarget::Column(column);
        let (op, value) = self.single_column_operation(true)?;
        out.push(Relation { target, op, value });
        Ok(())
    }

    /// What follows a column name in a relation (`in_where`) or a condition: an operator and
    /// its value.
    fn single_column_operation(&mut self, in_where: bool) -> PResult<(Operator, RelationValue)> {
        if let Some(op) = self.relation_type() {
            return Ok((op, RelationValue::Term(self.term()?)));
        }
        if self.eat_kw("in") {
            return Ok((Operator::In, self.in_values()?));
        }
        if in_where && self.eat_kw("contains") {
            let op = if self.eat_kw("key") {
                Operator::ContainsKey
            } else {
                Operator::Contains
            };
            return Ok((op, RelationValue::Term(self.term()?)));
        }
        if in_where && self.at_sym("[") {
            self.defer_unsupported("Restricting a map element");
            self.bump();
            self.term()?;
            self.expect_sym("]")?;
            let op = self.relation_type().ok_or_else(|| self.no_viable())?;
            return Ok((op, RelationValue::Term(self.term()?)));
        }
        if in_where && self.eat_kw("like") {
            self.defer_unsupported("LIKE restriction");
            return Ok((Operator::Eq, RelationValue::Term(self.term()?)));
        }
        if in_where && self.at_kw("is") {
            self.bump();
            self.expect_kw("not")?;
            self.expect_kw("null")?;
            self.defer_unsupported("IS NOT NULL restriction");
            return Ok((Operator::Ne, RelationValue::List(Vec::new())));
        }
        Err(self.no_viable())
    }

    /// `singleColumnInValues`: `'(' terms? ')'` or a marker.
    fn in_values(&mut self) -> PResult<RelationValue> {
        if self.at_marker() {
            return Ok(RelationValue::Term(Term::Bind(self.marker()?)));
        }
        Ok(RelationValue::List(self.parenthesized_terms()?))
    }

    /// `tupleOfIdentifiers`: `'(' cident (',' cident)* ')'`
    fn tuple_of_identifiers(&mut self) -> PResult<Vec<String>> {
        self.expect_sym("(")?;
        let columns = self.comma_separated(Self::cident)?;
        self.expect_sym(")")?;
        Ok(columns)
    }

    /// `(c1, c2) op (v1, v2) | marker` and `(c1, c2) IN (...) | marker`.
    fn multi_column_relation(&mut self, out: &mut Vec<Relation>) -> PResult<()> {
        let columns = self.tuple_of_identifiers()?;
        let (op, value) = if self.eat_kw("in") {
            (Operator::In, self.multi_column_in_values()?)
        } else {
            let op = self.relation_type().ok_or_else(|| self.no_viable())?;
            (op, RelationValue::Term(self.multi_column_value()?))
        };
        out.push(Relation {
            target: RelationTarget::Tuple(columns),
            op,
            value,
        });
        Ok(())
    }

    /// `multiColumnValue`: a tuple literal or a marker.
    fn multi_column_value(&mut self) -> PResult<Term> {
        if self.at_marker() {
            return self.marker().map(Term::Bind);
        }
        if !self.at_sym("(") {
            return Err(self.no_viable());
        }
        self.tuple_literal()
    }

    /// `multiColumnInValues`: `()`, a marker, or a parenthesised list of tuples / markers.
    fn multi_column_in_values(&mut self) -> PResult<RelationValue> {
        if self.at_marker() {
            return Ok(RelationValue::Term(Term::Bind(self.marker()?)));
        }
        self.expect_sym("(")?;
        let items = if self.at_sym(")") {
            Vec::new()
        } else {
            self.comma_separated(Self::multi_column_value)?
        };
        self.expect_sym(")")?;
        Ok(RelationValue::List(items))
    }

    /// `K_IF (K_EXISTS | updateConditions)`, if present.
    pub(super) fn condition(&mut self) -> PResult<Option<Condition>> {
        if !self.eat_kw("if") {
            return Ok(None);
        }
        let exists_is_column = self.at_sym_n(1, "[")
            || self.at_kw_n(1, "in")
            || ["=", "<", "<=", ">", ">=", "!="]
                .iter()
                .any(|op| self.at_sym_n(1, op));
        if self.at_kw("exists") && !exists_is_column {
            self.bump();
            return Ok(Some(Condition::Exists));
        }
        let mut conditions = vec![self.column_condition()?];
        while self.eat_kw("and") {
            conditions.push(self.column_condition()?);
        }
        Ok(Some(Condition::Columns(conditions)))
    }

    /// `columnCondition`: `col op term`, `col IN ...`, `col[key] op term`, `col[key] IN ...`.
    fn column_condition(&mut self) -> PResult<ColumnCondition> {
        let column = self.cident()?;
        let element = if self.eat_sym("[") {
            let key = self.term()?;
            self.expect_sym("]")?;
            Some(key)
        } else {
            None
        };
        if element.is_none() && self.at_sym(".") {
            self.defer_unsupported("A condition on a user type field");
            self.bump();
            self.ident()?;
        }
        let (op, value) = self.single_column_operation(false)?;
        Ok(ColumnCondition {
            column,
            element,
            op,
            value,
        })
    }
}
