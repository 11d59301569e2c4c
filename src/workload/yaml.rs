//! Positioned YAML: a small tree of YAML nodes that each know their line and column, for the
//! parts of a workload whose shape is too free for serde derive (generators, rate shapes,
//! replication maps), plus the conversion of `serde-saphyr` errors into positions.
//!
//! serde derive handles the fixed structure of a workload (and reports unknown fields and
//! wrong types with positions); [`Node`] lets the binding compiler accept shorthands such as
//! `length: 10` or `length: { uniform: { min: 5, max: 20 } }` and still point at the exact
//! place when a value is wrong.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{MessageFormatter, Spanned};

/// A line and column in the workload file (1-based; 0:0 when unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u64,
    pub column: u64,
}

impl Pos {
    /// Where a spanned value was written.
    pub fn of<T>(spanned: &Spanned<T>) -> Pos {
        Pos {
            line: spanned.referenced.line(),
            column: spanned.referenced.column(),
        }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One YAML node with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

/// What a [`Node`] holds. Mappings keep their keys in file order.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// A short description of the node's kind, for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match self.kind {
            Kind::Null => "nothing (null)",
            Kind::Bool(_) => "a boolean",
            Kind::Int(_) => "an integer",
            Kind::Float(_) => "a number",
            Kind::Str(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }

    /// The text of a string node.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar as written (numbers and booleans printed back), for parameters
    /// like `20k` or `5m` that YAML may read either as a string or as a number.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.kind {
            Kind::Str(s) => Some(s.clone()),
            Kind::Int(i) => Some(i.to_string()),
            Kind::Float(f) => Some(f.to_string()),
            Kind::Bool(b) => Some(b.to_string()),
            Kind::Null | Kind::Seq(_) | Kind::Map(_) => None,
        }
    }

    /// A mapping with exactly one entry, `{ key: value }`: how generators and shaped values
    /// are written.
    pub fn single_entry(&self) -> Option<(&Node, &Node)> {
        match &self.kind {
            Kind::Map(entries) if entries.len() == 1 => entries.first().map(|(k, v)| (k, v)),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Kind>::deserialize(deserializer)?;
        Ok(Node {
            pos: Pos::of(&spanned),
            kind: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Kind, E> {
        Ok(Kind::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Kind, E> {
        Ok(Kind::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Kind, E> {
        Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Kind, E> {
        Ok(Kind::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
        Ok(Kind::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Kind, E> {
        Ok(Kind::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Kind::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<Node, Node>()? {
            entries.push((key, value));
        }
        Ok(Kind::Map(entries))
    }
}

/// A mapping whose entries keep their file order (operations, bindings), each key with its
/// position.
#[derive(Debug, Clone, PartialEq)]
pub struct Ordered<V>(pub Vec<(Spanned<String>, V)>);

impl<V> Default for Ordered<V> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedVisitor<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of names to definitions")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<Spanned<String>, V>()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(OrderedVisitor(std::marker::PhantomData))
    }
}

/// Parse `text` as YAML 1.2 (only `true` / `false` are booleans, so a key such as `n:` or a
/// value such as `no` stays text), refusing duplicate keys.
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, serde_saphyr::Error> {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    serde_saphyr::from_str_with_options(text, options)
}

/// A YAML or structure error from serde-saphyr as (position, message without position).
pub fn error_position(error: &serde_saphyr::Error) -> (Pos, String) {
    let plain = error.without_snippet();
    let message = serde_saphyr::DefaultMessageFormatter
        .format_message(plain)
        .into_owned();
    let pos = plain
        .location()
        .map(|l| Pos {
            line: l.line(),
            column: l.column(),
        })
        .unwrap_or_default();
    (pos, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_know_their_positions() {
        let text = "a: 1\nb:\n  - x\n  - { c: 2.5 }\n";
        let node: Node = from_str(text).expect("valid YAML");
        let Kind::Map(entries) = &node.kind else {
            panic!("expected a map, got {node:?}");
        };
        let (b_key, b_value) = &entries[1];
        assert_eq!(b_key.as_str(), Some("b"));
        assert_eq!(b_key.pos, Pos { line: 2, column: 1 });
        let Kind::Seq(items) = &b_value.kind else {
            panic!("expected a list, got {b_value:?}");
        };
        assert_eq!(items[0].pos, Pos { line: 3, column: 5 });
        let (c_key, c_value) = items[1].single_entry().expect("one entry");
        assert_eq!(c_key.pos, Pos { line: 4, column: 7 });
        assert_eq!(c_value.kind, Kind::Float(2.5));
    }

    #[test]
    fn only_true_and_false_are_booleans() {
        let node: Node = from_str("n: no\ny: true\n").expect("valid YAML");
        let Kind::Map(entries) = &node.kind else {
            panic!("expected a map, got {node:?}");
        };
        assert_eq!(entries[0].0.as_str(), Some("n"));
        assert_eq!(entries[0].1.as_str(), Some("no"));
        assert_eq!(entries[1].1.kind, Kind::Bool(true));
    }

    #[test]
    fn errors_split_into_position_and_message() {
        let err = from_str::<Node>("a: [1, 2\nb: 3\n").expect_err("unclosed list");
        let (pos, message) = error_position(&err);
        assert!(pos.line >= 1, "{pos} {message}");
        assert!(!message.contains("line"), "{message}");
    }
}
