//! SELECT and its selectors (Cassandra's `selectStatement`, `selectClause`, `selector`).

use super::{PResult, Parser};
use crate::node::cql::ast::{
    Literal, Order, Select, Selection, Selector, SelectorExpr, Statement, Term,
};
use crate::node::cql::lexer::TokenKind;

impl Parser<'_> {
    /// `selectStatement`
    pub(super) fn select_statement(&mut self) -> PResult<Statement> {
        self.bump();
        // `json` and `distinct` are also column names: they are modifiers only when a valid
        // select clause follows (Cassandra's syntactic predicates).
        let json = self.at_kw("json") && {
            let mark = self.mark();
            self.bump();
            let is_modifier = self.attempt(Self::select_clause).is_some();
            self.reset(mark);
            if is_modifier {
                self.bump();
            }
            is_modifier
        };
        let (distinct, selection) = self.select_clause()?;
        self.expect_kw("from")?;
        let table = self.table_name()?;
        let where_clause = if self.eat_kw("where") {
            self.where_clause()?
        } else {
            Vec::new()
        };
        let mut group_by = Vec::new();
        if self.eat_kw("group") {
            self.expect_kw("by")?;
            group_by = self.comma_separated(Self::cident)?;
        }
        let mut order_by = Vec::new();
        if self.eat_kw("order") {
            self.expect_kw("by")?;
            order_by = self.comma_separated(Self::ordering)?;
        }
        let per_partition_limit = if self.eat_kw("per") {
            self.expect_kw("partition")?;
            self.expect_kw("limit")?;
            Some(self.int_value()?)
        } else {
            None
        };
        let limit = if self.eat_kw("limit") {
            Some(self.int_value()?)
        } else {
            None
        };
        let allow_filtering = self.eat_kw("allow");
        if allow_filtering {
            self.expect_kw("filtering")?;
        }
        Ok(Statement::Select(Select {
            table,
            json,
            distinct,
            selection,
            where_clause,
            group_by,
            order_by,
            per_partition_limit,
            limit,
            allow_filtering,
        }))
    }

    /// `orderByClause`: `col [ASC | DESC]`
    fn ordering(&mut self) -> PResult<(String, Order)> {
        let column = self.cident()?;
        let order = if self.eat_kw("desc") {
            Order::Desc
        } else {
            self.eat_kw("asc");
            Order::Asc
        };
        Ok((column, order))
    }

    /// `selectClause`: `[DISTINCT] selectors`
    fn select_clause(&mut self) -> PResult<(bool, Selection)> {
        if self.at_kw("distinct") {
            let mark = self.mark();
            self.bump();
            if let Some(selection) = self.attempt(Self::selection) {
                return Ok((true, selection));
            }
            self.reset(mark);
        }
        Ok((false, self.selection()?))
    }

    /// `selectors`: `*` or `selector (',' selector)*`
    fn selection(&mut self) -> PResult<Selection> {
        if self.eat_sym("*") {
            return Ok(Selection::Wildcard);
        }
        Ok(Selection::Selectors(self.comma_separated(Self::selector)?))
    }

    /// `selector`: `unaliasedSelector [AS alias]`
    fn selector(&mut self) -> PResult<Selector> {
        let expr = self.unaliased_selector()?;
        let alias = if self.eat_kw("as") {
            Some(self.ident()?)
        } else {
            None
        };
        Ok(Selector { expr, alias })
    }

    /// `unaliasedSelector`, without arithmetic (rejected as not supported).
    fn unaliased_selector(&mut self) -> PResult<SelectorExpr> {
        let expr = self.selector_group()?;
        while self.at_sym("[") || self.at_sym(".") {
            self.defer_unsupported("Selecting a collection element or user type field");
            if self.eat_sym(".") {
                self.ident()?;
            } else {
                self.skip_balanced()?;
            }
        }
        if ["+", "-", "*", "/", "%"].iter().any(|op| self.at_sym(op)) {
            self.defer_unsupported("Arithmetic in selectors");
            self.bump();
            self.unaliased_selector()?;
        }
        Ok(expr)
    }

    /// `selectionGroupWithoutField`
    fn selector_group(&mut self) -> PResult<SelectorExpr> {
        if let Some(constant) = self.constant() {
            return Ok(SelectorExpr::Term(Term::Literal(constant.literal)));
        }
        if self.at_marker() {
            return Ok(SelectorExpr::Term(Term::Bind(self.marker()?)));
        }
        if self.eat_kw("null") {
            return Ok(SelectorExpr::Term(Term::Literal(Literal::Null)));
        }
        if self.at_sym("(") || self.at_sym("[") || self.at_sym("{") {
            return self.literal_selector();
        }
        if self.at_sym_n(1, "(") {
            if let Some(expr) = self.special_function()? {
                return Ok(expr);
            }
        }
        if self.at_function_call() {
            let name = self.function_name()?;
            self.expect_sym("(")?;
            let args = if self.at_sym(")") {
                Vec::new()
            } else {
                self.comma_separated(Self::unaliased_selector)?
            };
            self.expect_sym(")")?;
            return Ok(SelectorExpr::Function { name, args });
        }
        if self.at_ident() {
            return Ok(SelectorExpr::Column(self.ident()?));
        }
        Err(self.no_viable())
    }

    /// `COUNT(*)`, `COUNT(1)`, `TTL(c)`, `WRITETIME(c)` and `CAST(...)`, when current
    /// (the caller has seen the `(`).
    fn special_function(&mut self) -> PResult<Option<SelectorExpr>> {
        let count_one = {
            let arg = self.peek_at(2);
            arg.kind == TokenKind::Integer && arg.text == "1" && self.at_sym_n(3, ")")
        };
        if self.at_kw("count") && (self.at_sym_n(2, "*") || count_one) {
            self.bump();
            self.bump();
            self.bump();
            self.expect_sym(")")?;
            return Ok(Some(SelectorExpr::CountAll));
        }
        let kind: fn(String) -> SelectorExpr = if self.at_kw("ttl") {
            SelectorExpr::Ttl
        } else if self.at_kw("writetime") {
            SelectorExpr::WriteTime
        } else if self.at_kw("cast") {
            self.defer_unsupported("CAST");
            self.bump();
            self.bump();
            let inner = self.unaliased_selector()?;
            self.expect_kw("as")?;
            self.comparator_type()?;
            self.expect_sym(")")?;
            return Ok(Some(inner));
        } else {
            return Ok(None);
        };
        self.bump();
        self.bump();
        let column = self.cident()?;
        self.expect_sym(")")?;
        Ok(Some(kind(column)))
    }

    /// Type hints, parenthesised selectors, tuples, lists, sets and maps. Only those made of
    /// terms (`[1, ?]`, `(int) ?`) or a parenthesised selector are supported.
    fn literal_selector(&mut self) -> PResult<SelectorExpr> {
        if let Some(term) = self.attempt(Self::term) {
            return Ok(SelectorExpr::Term(term));
        }
        let nested = self.attempt(|p| {
            p.expect_sym("(")?;
            let inner = p.unaliased_selector()?;
            p.expect_sym(")")?;
            Ok(inner)
        });
        if let Some(inner) = nested {
            return Ok(inner);
        }
        self.defer_unsupported("Selecting a collection or tuple of columns");
        self.skip_balanced()?;
        Ok(SelectorExpr::Term(Term::Literal(Literal::Null)))
    }

    /// Skip an opening bracket and everything up to its matching closing bracket.
    fn skip_balanced(&mut self) -> PResult<()> {
        let mut depth = 0usize;
        loop {
            let token = self.peek();
            if token.kind == TokenKind::Eof {
                return Err(self.no_viable());
            }
            self.bump();
            if token.kind == TokenKind::Symbol {
                match token.text.as_str() {
                    "(" | "[" | "{" => depth += 1,
                    ")" | "]" | "}" => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }
}
