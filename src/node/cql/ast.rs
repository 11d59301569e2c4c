//! The syntax tree of the CQL statements the reference node understands.
//!
//! The parser produces it; the executor resolves it against the schema. Identifiers are
//! already normalised (unquoted names lower-cased, quoted names kept verbatim). Literals stay
//! untyped ([`Literal`]) because their type is only known once the column they meet is known.
//! Bind markers are numbered in the order they appear in the statement text, which is the
//! order of the bound values in EXECUTE.

use crate::node::types::CqlType;

/// One parsed statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    CreateKeyspace(CreateKeyspace),
    AlterKeyspace(AlterKeyspace),
    DropKeyspace {
        name: String,
        if_exists: bool,
    },
    CreateTable(CreateTable),
    DropTable {
        table: QualifiedName,
        if_exists: bool,
    },
    Truncate {
        table: QualifiedName,
    },
    Use {
        keyspace: String,
    },
    Insert(Insert),
    Update(Update),
    Delete(Delete),
    Select(Select),
    Batch(Batch),
    /// `DESCRIBE ...` (Cassandra 4.0+ answers it server-side; cqlsh relies on that).
    Describe(Describe),
}

/// `[keyspace.]name`
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QualifiedName {
    pub keyspace: Option<String>,
    pub name: String,
}

/// A bind marker: `?` or `:name`. `index` is its position among all markers of the
/// statement (0-based, in text order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindMarker {
    pub index: usize,
    /// `Some(name)` for `:name`, `None` for `?`.
    pub name: Option<String>,
}

/// A value in a statement: a literal, a bind marker or a function call such as `now()`.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    Literal(Literal),
    Bind(BindMarker),
    /// `name(args)`, e.g. `now()`, `uuid()`, `toTimestamp(now())`, `currentTimestamp()`.
    Function {
        name: String,
        args: Vec<Term>,
    },
    /// `(type) term`, a type hint / cast as in `(int) ?` or `(text) 'a'`.
    Cast {
        ty: CqlType,
        term: Box<Term>,
    },
}

/// An untyped literal as written in the statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    /// An integer constant, digits with optional leading `-`.
    Integer(String),
    /// A floating-point constant as written (`1.5`, `-2e10`, `NaN`, `Infinity`, `-Infinity`).
    Float(String),
    /// A `'quoted'` or `$$dollar$$` string, unescaped.
    String(String),
    /// `0x...` blob constant, decoded.
    Blob(Vec<u8>),
    /// A bare uuid constant.
    Uuid(uuid::Uuid),
    /// A duration constant such as `12h30m` or `P1DT2H` or `-3d`, as written.
    Duration(String),
    /// `[a, b]`
    List(Vec<Term>),
    /// `{a, b}` (a non-empty set; `{}` parses as an empty [`Literal::Map`]).
    Set(Vec<Term>),
    /// `{k: v, ...}` and `{}`.
    Map(Vec<(Term, Term)>),
    /// `(a, b, ...)` with at least two elements.
    Tuple(Vec<Term>),
}

/// Ordering direction in CLUSTERING ORDER BY and ORDER BY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Asc,
    Desc,
}

/// A value of a WITH property: `'x'`, `3`, `true`, or a map `{ 'k': 'v', ... }`.
#[derive(Debug, Clone, PartialEq)]
pub enum PropertyValue {
    /// A string, number or boolean constant, as text (strings unquoted).
    Constant(String),
    Map(Vec<(String, String)>),
}

/// `WITH name = value AND ...`; names are lower-cased.
pub type Properties = Vec<(String, PropertyValue)>;

#[derive(Debug, Clone, PartialEq)]
pub struct CreateKeyspace {
    pub name: String,
    pub if_not_exists: bool,
    pub properties: Properties,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AlterKeyspace {
    pub name: String,
    pub properties: Properties,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDefinition {
    pub name: String,
    pub ty: CqlType,
    pub is_static: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreateTable {
    pub table: QualifiedName,
    pub if_not_exists: bool,
    pub columns: Vec<ColumnDefinition>,
    /// Partition key column names, in key order.
    pub partition_key: Vec<String>,
    /// Clustering column names, in key order.
    pub clustering: Vec<String>,
    /// `WITH CLUSTERING ORDER BY (...)`, as written.
    pub clustering_order: Vec<(String, Order)>,
    pub compact_storage: bool,
    /// Every other `WITH` property, in order.
    pub properties: Properties,
}

/// `USING TTL x AND TIMESTAMP y`
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Using {
    pub ttl: Option<Term>,
    pub timestamp: Option<Term>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Insert {
    pub table: QualifiedName,
    pub columns: Vec<String>,
    pub values: Vec<Term>,
    pub if_not_exists: bool,
    pub using: Using,
}

/// The right-hand side of a SET clause.
#[derive(Debug, Clone, PartialEq)]
pub enum Assignment {
    /// `col = term`
    Set { column: String, value: Term },
    /// `col[key] = term` (map put or list element by index)
    SetElement {
        column: String,
        key: Term,
        value: Term,
    },
    /// `col = col + term` (counter increment, list append, set add, map put-all)
    Add { column: String, value: Term },
    /// `col = term + col` (list prepend)
    Prepend { column: String, value: Term },
    /// `col = col - term` (counter decrement, list/set element removal, map key removal)
    Subtract { column: String, value: Term },
}

/// Comparison operators of WHERE and IF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Contains,
    ContainsKey,
}

/// Left side of a WHERE relation.
#[derive(Debug, Clone, PartialEq)]
pub enum RelationTarget {
    /// `col`
    Column(String),
    /// `(c1, c2, ...)` multi-column relation on clustering columns
    Tuple(Vec<String>),
    /// `token(pk1, pk2, ...)`
    Token(Vec<String>),
}

/// Right side of a relation: one term, or a parenthesised list for `IN (a, b, ...)`.
#[derive(Debug, Clone, PartialEq)]
pub enum RelationValue {
    Term(Term),
    /// `IN (t1, t2, ...)`; for a multi-column IN each element is a tuple literal or a marker.
    List(Vec<Term>),
}

/// One `target op value` of a WHERE clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    pub target: RelationTarget,
    pub op: Operator,
    pub value: RelationValue,
}

/// One condition of an `IF` clause: `col op value` or `col[key] op value`.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnCondition {
    pub column: String,
    pub element: Option<Term>,
    pub op: Operator,
    pub value: RelationValue,
}

/// The `IF` clause of UPDATE / DELETE.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `IF EXISTS`
    Exists,
    /// `IF c1 = x AND c2 > y ...`
    Columns(Vec<ColumnCondition>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    pub table: QualifiedName,
    pub using: Using,
    pub assignments: Vec<Assignment>,
    pub where_clause: Vec<Relation>,
    pub condition: Option<Condition>,
}

/// What a DELETE removes: a whole column, or one element (`m[k]`, `l[i]`).
#[derive(Debug, Clone, PartialEq)]
pub struct DeleteTarget {
    pub column: String,
    pub element: Option<Term>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Delete {
    pub table: QualifiedName,
    /// Empty: delete the whole row / range / partition.
    pub columns: Vec<DeleteTarget>,
    /// `USING TIMESTAMP` only (TTL is not allowed on DELETE).
    pub timestamp: Option<Term>,
    pub where_clause: Vec<Relation>,
    pub condition: Option<Condition>,
}

/// One selected expression.
#[derive(Debug, Clone, PartialEq)]
pub enum SelectorExpr {
    Column(String),
    /// `COUNT(*)` or `COUNT(1)`
    CountAll,
    /// `TTL(col)`
    Ttl(String),
    /// `WRITETIME(col)`
    WriteTime(String),
    /// Any other function, e.g. `count(col)`, `max(col)`, `toTimestamp(col)`, `now()`.
    Function {
        name: String,
        args: Vec<SelectorExpr>,
    },
    /// A constant or marker used as a selector argument.
    Term(Term),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Selector {
    pub expr: SelectorExpr,
    pub alias: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    /// `*`
    Wildcard,
    Selectors(Vec<Selector>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Select {
    pub table: QualifiedName,
    pub json: bool,
    pub distinct: bool,
    pub selection: Selection,
    pub where_clause: Vec<Relation>,
    pub group_by: Vec<String>,
    pub order_by: Vec<(String, Order)>,
    pub per_partition_limit: Option<Term>,
    pub limit: Option<Term>,
    pub allow_filtering: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchKind {
    Logged,
    Unlogged,
    Counter,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    pub kind: BatchKind,
    /// `USING TIMESTAMP` of the whole batch.
    pub timestamp: Option<Term>,
    /// INSERT, UPDATE and DELETE statements only.
    pub statements: Vec<Statement>,
}

/// What a DESCRIBE statement asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum DescribeTarget {
    Cluster,
    Keyspaces,
    Tables,
    Types,
    Functions,
    Aggregates,
    /// `DESCRIBE [FULL] SCHEMA`
    Schema {
        full: bool,
    },
    /// `DESCRIBE [ONLY] KEYSPACE [name]` (no name: the session keyspace)
    Keyspace {
        name: Option<String>,
        only: bool,
    },
    /// `DESCRIBE TABLE [ks.]name` / `DESCRIBE COLUMNFAMILY ...`
    Table(QualifiedName),
    /// `DESCRIBE [ks.]name`: a keyspace or a table, whichever exists
    Name(QualifiedName),
}

/// `DESCRIBE target [WITH INTERNALS]`
#[derive(Debug, Clone, PartialEq)]
pub struct Describe {
    pub target: DescribeTarget,
    pub with_internals: bool,
}
