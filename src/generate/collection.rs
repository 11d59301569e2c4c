//! Collections: lists, sets and maps of generated elements, with a size from a generator.
//! Sets and maps drop duplicate elements / keys, so they may come out smaller than the size
//! drawn (as they would in Cassandra).

use super::generator::{Ctx, Generator};
use super::value::Value;

/// The most elements one collection gets.
pub const MAX_ELEMENTS: i64 = 65_535;

/// Which collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollectionKind {
    List,
    Set,
    Map,
}

/// A list, set or map of generated values.
#[derive(Debug, Clone)]
pub struct Collection {
    kind: CollectionKind,
    size: Box<Generator>,
    /// Elements of a list or set; keys of a map.
    elements: Box<Generator>,
    /// Values of a map.
    values: Option<Box<Generator>>,
}

impl Collection {
    /// A list or set of `elements`.
    pub fn sequence(kind: CollectionKind, size: Generator, elements: Generator) -> Self {
        Collection {
            kind,
            size: Box::new(size),
            elements: Box::new(elements),
            values: None,
        }
    }

    /// A map from `keys` to `values`.
    pub fn map(size: Generator, keys: Generator, values: Generator) -> Self {
        Collection {
            kind: CollectionKind::Map,
            size: Box::new(size),
            elements: Box::new(keys),
            values: Some(Box::new(values)),
        }
    }

    /// The generators this collection is built from.
    pub fn parts(&self) -> impl Iterator<Item = &Generator> {
        [
            Some(&*self.size),
            Some(&*self.elements),
            self.values.as_deref(),
        ]
        .into_iter()
        .flatten()
    }

    pub fn sample(&self, ctx: &mut Ctx<'_>) -> Value {
        let size = self
            .size
            .sample_int(ctx)
            .unwrap_or(0)
            .clamp(0, MAX_ELEMENTS) as usize;
        match (self.kind, &self.values) {
            (CollectionKind::Map, Some(values)) => {
                let mut entries: Vec<(Value, Value)> = Vec::with_capacity(size);
                for _ in 0..size {
                    let key = self.elements.sample(ctx);
                    let value = values.sample(ctx);
                    if !entries.iter().any(|(k, _)| *k == key) {
                        entries.push((key, value));
                    }
                }
                Value::Map(entries)
            }
            (CollectionKind::Set, _) => {
                let mut items: Vec<Value> = Vec::with_capacity(size);
                for _ in 0..size {
                    let item = self.elements.sample(ctx);
                    if !items.contains(&item) {
                        items.push(item);
                    }
                }
                Value::Set(items)
            }
            _ => Value::List((0..size).map(|_| self.elements.sample(ctx)).collect()),
        }
    }
}
