//! The bind variables of a statement: for each marker, in marker order, the name and type a
//! driver must serialize its value with, named the way Cassandra names them (`in(k)`,
//! `key(m)`, `value(m)`, `idx(l)`, `[ttl]`, `[timestamp]`, `[limit]`, `partition key token`,
//! `(c1,c2)`, ...), plus which markers stand for a partition key column itself: drivers
//! route by those (`pk_indexes`).

use crate::node::cql::ast::Literal;
use crate::node::cql::ast::{
    Assignment, ColumnCondition, Condition, Operator, Relation, RelationTarget, RelationValue,
    Term, Using,
};
use crate::node::error::CqlResult;
use crate::node::schema::Table;
use crate::node::types::CqlType;

use super::resolve::column;

mod statement;

pub use statement::{column_specs, contiguous, delete, insert, pk_indexes, select, update};

/// Where a marker's value goes: a name, a type, and the column when it is the column itself.
#[derive(Debug, Clone)]
pub struct Receiver {
    pub name: String,
    pub ty: CqlType,
    pub column: Option<usize>,
}

/// Collects the receiver of every marker of one statement.
pub struct Specs<'a> {
    table: &'a Table,
    found: Vec<(usize, Receiver)>,
}

impl<'a> Specs<'a> {
    pub fn new(table: &'a Table) -> Self {
        Specs {
            table,
            found: Vec::new(),
        }
    }

    fn named(name: impl Into<String>, ty: CqlType) -> Receiver {
        Receiver {
            name: name.into(),
            ty,
            column: None,
        }
    }

    /// The receiver of a value for column `name` itself.
    pub fn column(&self, name: &str) -> CqlResult<Receiver> {
        let (index, col) = column(self.table, name)?;
        Ok(Receiver {
            name: col.name.clone(),
            ty: col.ty.clone(),
            column: Some(index),
        })
    }

    /// Record the markers inside `term`, whose value goes to `recv`.
    pub fn term(&mut self, term: &Term, recv: &Receiver) {
        match term {
            Term::Bind(marker) => {
                let mut recv = recv.clone();
                if let Some(name) = &marker.name {
                    recv.name = name.clone();
                }
                self.found.push((marker.index, recv));
            }
            Term::Literal(lit) => self.literal(lit, recv),
            Term::Cast { ty, term } => {
                let mut inner = recv.clone();
                inner.ty = ty.clone();
                self.term(term, &inner);
            }
            Term::Function { name, args } => {
                for (i, arg) in args.iter().enumerate() {
                    let spec = Self::named(format!("arg{i}(system.{name})"), recv.ty.clone());
                    self.term(arg, &spec);
                }
            }
        }
    }

    fn literal(&mut self, lit: &Literal, recv: &Receiver) {
        let name = &recv.name;
        match lit {
            Literal::List(items) | Literal::Set(items) => {
                let elem = value_receiver(name, &recv.ty);
                for item in items {
                    self.term(item, &elem);
                }
            }
            Literal::Map(entries) => {
                let (k, v) = match &recv.ty {
                    CqlType::Map { key, value, .. } => ((**key).clone(), (**value).clone()),
                    other => (other.clone(), other.clone()),
                };
                let (k, v) = (
                    Self::named(format!("key({name})"), k),
                    Self::named(format!("value({name})"), v),
                );
                for (key, value) in entries {
                    self.term(key, &k);
                    self.term(value, &v);
                }
            }
            Literal::Tuple(items) => {
                for (i, item) in items.iter().enumerate() {
                    let ty = match &recv.ty {
                        CqlType::Tuple(fields) => fields.get(i).cloned().unwrap_or(CqlType::Blob),
                        other => other.clone(),
                    };
                    self.term(item, &Self::named(format!("{name}[{i}]"), ty));
                }
            }
            _ => {}
        }
    }

    /// `USING TTL ? AND TIMESTAMP ?`
    pub fn using(&mut self, using: &Using) {
        if let Some(t) = &using.ttl {
            self.term(t, &Self::named("[ttl]", CqlType::Int));
        }
        self.timestamp(using.timestamp.as_ref());
    }

    pub fn timestamp(&mut self, t: Option<&Term>) {
        if let Some(t) = t {
            self.term(t, &Self::named("[timestamp]", CqlType::BigInt));
        }
    }

    /// LIMIT / PER PARTITION LIMIT
    pub fn limit(&mut self, t: Option<&Term>, name: &str) {
        if let Some(t) = t {
            self.term(t, &Self::named(name, CqlType::Int));
        }
    }

    /// The markers of a WHERE clause.
    pub fn relations(&mut self, relations: &[Relation]) -> CqlResult<()> {
        for r in relations {
            match &r.target {
                RelationTarget::Column(name) => {
                    let recv = self.column(name)?;
                    self.values(&r.value, r.op, &recv);
                }
                RelationTarget::Tuple(names) => {
                    let recvs = names
                        .iter()
                        .map(|n| self.column(n))
                        .collect::<CqlResult<Vec<_>>>()?;
                    self.tuple_values(&r.value, r.op, &recvs);
                }
                RelationTarget::Token(names) => {
                    for n in names {
                        self.column(n)?;
                    }
                    let recv = Self::named("partition key token", CqlType::BigInt);
                    if let RelationValue::Term(t) = &r.value {
                        self.term(t, &recv);
                    }
                }
            }
        }
        Ok(())
    }

    fn values(&mut self, value: &RelationValue, op: Operator, recv: &Receiver) {
        let recv = match op {
            Operator::Contains => value_receiver(&recv.name, &recv.ty),
            Operator::ContainsKey => match &recv.ty {
                CqlType::Map { key, .. } => {
                    Self::named(format!("key({})", recv.name), (**key).clone())
                }
                other => Self::named(format!("key({})", recv.name), other.clone()),
            },
            _ => recv.clone(),
        };
        match (value, op) {
            (RelationValue::Term(t @ Term::Bind(_)), Operator::In) => {
                let list = CqlType::List {
                    elem: Box::new(recv.ty.clone()),
                    frozen: true,
                };
                self.term(t, &Self::named(format!("in({})", recv.name), list));
            }
            (RelationValue::Term(t), _) => self.term(t, &recv),
            (RelationValue::List(items), _) => {
                for t in items {
                    self.term(t, &recv);
                }
            }
        }
    }

    fn tuple_values(&mut self, value: &RelationValue, op: Operator, recvs: &[Receiver]) {
        let names: Vec<&str> = recvs.iter().map(|r| r.name.as_str()).collect();
        let tuple = CqlType::Tuple(recvs.iter().map(|r| r.ty.clone()).collect());
        let one = |specs: &mut Self, t: &Term| match t {
            Term::Literal(Literal::Tuple(items)) => {
                for (item, recv) in items.iter().zip(recvs) {
                    specs.term(item, recv);
                }
            }
            other => specs.term(
                other,
                &Self::named(format!("({})", names.join(",")), tuple.clone()),
            ),
        };
        match (value, op) {
            (RelationValue::Term(t @ Term::Bind(_)), Operator::In) => {
                let list = CqlType::List {
                    elem: Box::new(tuple.clone()),
                    frozen: true,
                };
                self.term(t, &Self::named(format!("in({})", names.join(",")), list));
            }
            (RelationValue::Term(t), _) => one(self, t),
            (RelationValue::List(items), _) => {
                for t in items {
                    one(self, t);
                }
            }
        }
    }

    /// The markers of an IF clause.
    pub fn condition(&mut self, condition: Option<&Condition>) -> CqlResult<()> {
        let Some(Condition::Columns(conds)) = condition else {
            return Ok(());
        };
        for ColumnCondition {
            column,
            element,
            op,
            value,
        } in conds
        {
            let recv = self.column(column)?;
            let recv = match element {
                Some(key) => {
                    let (key_recv, value_recv) = element_receivers(&recv);
                    self.term(key, &key_recv);
                    value_recv
                }
                None => recv,
            };
            self.values(value, *op, &recv);
        }
        Ok(())
    }

    /// The markers of UPDATE's SET clause.
    pub fn assignments(&mut self, assignments: &[Assignment]) -> CqlResult<()> {
        for a in assignments {
            match a {
                Assignment::Set { column, value }
                | Assignment::Add { column, value }
                | Assignment::Prepend { column, value } => {
                    let recv = self.column(column)?;
                    self.term(value, &recv);
                }
                Assignment::Subtract { column, value } => {
                    let mut recv = self.column(column)?;
                    if let CqlType::Map { key, .. } = &recv.ty {
                        recv.ty = CqlType::Set {
                            elem: key.clone(),
                            frozen: true,
                        };
                    }
                    self.term(value, &recv);
                }
                Assignment::SetElement { column, key, value } => {
                    let recv = self.column(column)?;
                    let (k, v) = element_receivers(&recv);
                    self.term(key, &k);
                    self.term(value, &v);
                }
            }
        }
        Ok(())
    }

    /// The receivers found, with their marker index, in marker order.
    pub fn pairs(mut self) -> Vec<(usize, Receiver)> {
        self.found.sort_by_key(|(i, _)| *i);
        self.found
    }
}

/// Receivers of the element key and value of `c[k]` for a list (`idx(c)`, `value(c)`), a map
/// (`key(c)`, `value(c)`) or a set (`value(c)` for both).
pub fn element_receivers(recv: &Receiver) -> (Receiver, Receiver) {
    let name = &recv.name;
    match &recv.ty {
        CqlType::List { elem, .. } => (
            Specs::named(format!("idx({name})"), CqlType::Int),
            Specs::named(format!("value({name})"), (**elem).clone()),
        ),
        CqlType::Map { key, value, .. } => (
            Specs::named(format!("key({name})"), (**key).clone()),
            Specs::named(format!("value({name})"), (**value).clone()),
        ),
        CqlType::Set { elem, .. } => (
            Specs::named(format!("value({name})"), (**elem).clone()),
            Specs::named(format!("value({name})"), (**elem).clone()),
        ),
        other => (
            Specs::named(format!("key({name})"), other.clone()),
            Specs::named(format!("value({name})"), other.clone()),
        ),
    }
}

/// Receiver of one element of a list or set literal, or of a map value.
fn value_receiver(name: &str, ty: &CqlType) -> Receiver {
    let elem = match ty {
        CqlType::List { elem, .. } | CqlType::Set { elem, .. } => (**elem).clone(),
        CqlType::Map { value, .. } => (**value).clone(),
        other => other.clone(),
    };
    Specs::named(format!("value({name})"), elem)
}
