//! The WHERE clause, analysed the way Cassandra's `StatementRestrictions` does: which
//! partitions a statement reads or writes (partition key `=` / `IN`, a `token()` range, or a
//! full scan), which clustering slices inside them (an `=` / `IN` prefix, then at most one
//! slice), and what is left over as row filters (which SELECT only runs with ALLOW FILTERING).
//!
//! The analysis only looks at the structure of the statement, so PREPARE reports the same
//! errors as execution; [`super::keys`] then binds the values.

use crate::node::cql::ast::{Operator, Relation, RelationTarget, RelationValue, Term};
use crate::node::error::{CqlError, CqlResult};
use crate::node::schema::{ColumnKind, Table};

/// Cassandra's message when a query needs ALLOW FILTERING.
pub const REQUIRES_FILTERING: &str = "Cannot execute this query as it might involve data filtering and thus may have unpredictable performance. If you want to execute this query despite the performance unpredictability, use ALLOW FILTERING";

/// The statement kind, which decides what is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Select { allow_filtering: bool },
    Update,
    Delete,
}

impl Kind {
    pub(super) fn verb(self) -> &'static str {
        match self {
            Kind::Select { .. } => "SELECT",
            Kind::Update => "UPDATE",
            Kind::Delete => "DELETE",
        }
    }

    pub(super) fn filtering(self) -> bool {
        matches!(
            self,
            Kind::Select {
                allow_filtering: true
            }
        )
    }
}

/// `= t`, `IN (t, ...)` or `IN ?` on one column (or one tuple of columns).
#[derive(Debug, Clone, Copy)]
pub enum Values<'a> {
    Eq(&'a Term),
    In(&'a RelationValue),
}

/// One bound of a slice: the term (a single value or a tuple) and whether it is inclusive.
#[derive(Debug, Clone, Copy)]
pub struct SliceBound<'a> {
    pub term: &'a Term,
    pub inclusive: bool,
}

/// A slice on the clustering columns `first .. first + len` (positions in the clustering key).
#[derive(Debug, Clone, Default)]
pub struct Slice<'a> {
    pub first: usize,
    pub len: usize,
    pub lower: Option<SliceBound<'a>>,
    pub upper: Option<SliceBound<'a>>,
}

/// `=` / `IN` on clustering columns `first .. first + len`.
#[derive(Debug, Clone)]
pub struct Prefix<'a> {
    pub first: usize,
    pub len: usize,
    pub values: Values<'a>,
}

/// How the partitions are selected.
#[derive(Debug, Clone)]
pub enum Partitions<'a> {
    /// `=` / `IN` on every partition key column, in key order.
    Keys(Vec<Values<'a>>),
    /// A `token(...)` range.
    Token {
        lower: Option<SliceBound<'a>>,
        upper: Option<SliceBound<'a>>,
    },
    /// Every partition.
    Scan,
}

/// A relation evaluated on each row: `columns op value` (one column, or a clustering tuple).
#[derive(Debug, Clone)]
pub struct Filter<'a> {
    /// Column indexes in the table.
    pub columns: Vec<usize>,
    pub op: Operator,
    pub value: &'a RelationValue,
}

/// The analysed WHERE clause.
#[derive(Debug, Clone)]
pub struct Restrictions<'a> {
    pub partitions: Partitions<'a>,
    pub prefix: Vec<Prefix<'a>>,
    pub slice: Option<Slice<'a>>,
    pub filters: Vec<Filter<'a>>,
    pub has_clustering: bool,
    pub has_regular: bool,
}

impl Restrictions<'_> {
    /// Number of clustering columns fixed by `=` / `IN`.
    pub fn prefix_len(&self) -> usize {
        self.prefix.last().map(|p| p.first + p.len).unwrap_or(0)
    }

    /// True when the partition key is restricted by `=` / `IN` on every column.
    pub fn has_keys(&self) -> bool {
        matches!(self.partitions, Partitions::Keys(_))
    }
}

pub(super) fn quote_names(table: &Table, cols: &[usize]) -> String {
    cols.iter()
        .filter_map(|i| table.columns.get(*i).map(|c| c.name.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn op_text(op: Operator) -> &'static str {
    match op {
        Operator::Eq => "=",
        Operator::Ne => "!=",
        Operator::Lt => "<",
        Operator::Le => "<=",
        Operator::Gt => ">",
        Operator::Ge => ">=",
        Operator::In => "IN",
        Operator::Contains => "CONTAINS",
        Operator::ContainsKey => "CONTAINS KEY",
    }
}

pub(super) fn is_slice(op: Operator) -> bool {
    matches!(
        op,
        Operator::Lt | Operator::Le | Operator::Gt | Operator::Ge
    )
}

/// Relations grouped by the column (or first clustering column of a tuple) they restrict.
#[derive(Default, Clone)]
pub(super) struct Group<'a> {
    pub(super) relations: Vec<(&'a Relation, Vec<usize>)>,
}

/// Analyse `relations` of a statement of kind `kind` on `table`.
pub fn analyse<'a>(
    table: &Table,
    relations: &'a [Relation],
    kind: Kind,
) -> CqlResult<Restrictions<'a>> {
    let n = table.columns.len();
    let mut groups: Vec<Group<'a>> = vec![Group::default(); n];
    let mut token: Vec<&'a Relation> = Vec::new();
    for r in relations {
        match &r.target {
            RelationTarget::Token(names) => {
                check_token_columns(table, names)?;
                if matches!(kind, Kind::Update | Kind::Delete) {
                    return Err(CqlError::invalid(format!(
                        "The token function cannot be used in WHERE clauses for {} statements",
                        kind.verb()
                    )));
                }
                token.push(r);
            }
            RelationTarget::Column(name) => {
                let (i, _) = super::resolve::column(table, name)?;
                if let Some(g) = groups.get_mut(i) {
                    g.relations.push((r, vec![i]));
                }
            }
            RelationTarget::Tuple(names) => {
                let cols = tuple_columns(table, names, r)?;
                if let Some(g) = cols.first().and_then(|f| groups.get_mut(*f)) {
                    g.relations.push((r, cols));
                }
            }
        }
    }
    let mut filters = Vec::new();
    let partitions = partition::partitions(table, &groups, &token, kind, &mut filters)?;
    let (prefix, slice, has_clustering) =
        clustering::clustering(table, &groups, kind, &partitions, &mut filters)?;
    let has_regular = clustering::regular(table, &groups, kind, &mut filters)?;
    Ok(Restrictions {
        partitions,
        prefix,
        slice,
        filters,
        has_clustering,
        has_regular,
    })
}

fn check_token_columns(table: &Table, names: &[String]) -> CqlResult<()> {
    for n in names {
        let (_, col) = super::resolve::column(table, n)?;
        if col.kind != ColumnKind::PartitionKey {
            return Err(CqlError::invalid(format!(
                "The token() function is only supported on the partition key, found on {n}"
            )));
        }
    }
    let pk: Vec<&str> = table
        .partition_key()
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    if names.iter().map(String::as_str).ne(pk.iter().copied()) {
        return Err(CqlError::invalid(format!(
            "The token function arguments must be in the partition key order: {}",
            pk.join(", ")
        )));
    }
    Ok(())
}

fn tuple_columns(table: &Table, names: &[String], r: &Relation) -> CqlResult<Vec<usize>> {
    let mut cols: Vec<usize> = Vec::with_capacity(names.len());
    for name in names {
        let (i, col) = super::resolve::column(table, name)?;
        if col.kind != ColumnKind::Clustering {
            return Err(CqlError::invalid(format!(
                "Multi-column relations can only be applied to clustering columns but was applied to: {name}"
            )));
        }
        if cols.contains(&i) {
            return Err(CqlError::invalid(format!(
                "Column \"{name}\" appeared twice in a relation: ({}) {} ...",
                names.join(", "),
                op_text(r.op)
            )));
        }
        if cols.last().is_some_and(|last| *last + 1 != i) {
            return Err(CqlError::invalid(format!(
                "Clustering columns must appear in the PRIMARY KEY order in multi-column relations: ({}) {} ...",
                names.join(", "),
                op_text(r.op)
            )));
        }
        cols.push(i);
    }
    Ok(cols)
}

/// The `=` / `IN` value of a group, or a slice; errors on conflicting relations.
pub(super) enum Shape<'a> {
    None,
    Values(Values<'a>, usize),
    Slice(Slice<'a>),
    Other,
}

pub(super) fn shape<'a>(table: &Table, group: &Group<'a>, col: usize) -> CqlResult<Shape<'a>> {
    let name = table
        .columns
        .get(col)
        .map(|c| c.name.as_str())
        .unwrap_or("");
    let mut out = Shape::None;
    for (r, cols) in &group.relations {
        match r.op {
            Operator::Eq | Operator::In => {
                if !matches!(out, Shape::None) {
                    return Err(CqlError::invalid(format!(
                        "{name} cannot be restricted by more than one relation if it includes an Equality"
                    )));
                }
                let values = match (&r.value, r.op) {
                    (RelationValue::Term(t), Operator::Eq) => Values::Eq(t),
                    (RelationValue::List(items), Operator::In) => match items.as_slice() {
                        [only] => Values::Eq(only),
                        _ => Values::In(&r.value),
                    },
                    (v, _) => Values::In(v),
                };
                out = Shape::Values(values, cols.len());
            }
            op if is_slice(op) => {
                let RelationValue::Term(term) = &r.value else {
                    return Err(CqlError::invalid("Invalid slice value"));
                };
                let mut slice = match out {
                    Shape::None => Slice {
                        first: col,
                        len: cols.len(),
                        ..Slice::default()
                    },
                    Shape::Slice(s) => s,
                    _ => {
                        return Err(CqlError::invalid(format!(
                            "{name} cannot be restricted by more than one relation if it includes an Equality"
                        )))
                    }
                };
                let bound = SliceBound {
                    term,
                    inclusive: matches!(op, Operator::Le | Operator::Ge),
                };
                let (slot, which) = if matches!(op, Operator::Gt | Operator::Ge) {
                    (&mut slice.lower, "start")
                } else {
                    (&mut slice.upper, "end")
                };
                if slot.is_some() {
                    return Err(CqlError::invalid(format!(
                        "More than one restriction was found for the {which} bound on {name}"
                    )));
                }
                *slot = Some(bound);
                slice.len = slice.len.max(cols.len());
                out = Shape::Slice(slice);
            }
            Operator::Ne => {
                return Err(CqlError::invalid(format!(
                    "Unsupported \"!=\" relation: {name} != ..."
                )))
            }
            _ => out = Shape::Other,
        }
    }
    Ok(out)
}

pub(super) fn push_filters<'a>(group: &Group<'a>, filters: &mut Vec<Filter<'a>>) {
    for (r, cols) in &group.relations {
        filters.push(Filter {
            columns: cols.clone(),
            op: r.op,
            value: &r.value,
        });
    }
}

mod clustering;
mod partition;
