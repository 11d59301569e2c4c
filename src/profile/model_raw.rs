//! The `model:` section of an embedded profile exactly as written: serde structs whose values
//! keep their source positions, so that [`super::model_section`] can point at the one that is
//! wrong. Unknown keys are errors, as everywhere in a profile.
//!
//! Two shapes serde cannot derive are read by hand here: a value that is either a mapping or
//! the word `none` (`queue_limit: none`, a node's `stalls: none`), and the per-node map keyed
//! by node number (`nodes: { 2: { slow: 4 } }`), whose keys keep their positions too.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::values::DurationText;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModel {
    pub shards: Option<Spanned<u64>>,
    pub queue_limit: Option<Spanned<OrNone<u64>>>,
    pub service: Option<RawService>,
    pub lwt_rounds: Option<Spanned<u64>>,
    pub stalls: Option<Spanned<OrNone<RawStalls>>>,
    #[serde(default)]
    pub errors: Vec<Spanned<RawError>>,
    #[serde(default)]
    pub nodes: NodeMap,
    pub seed: Option<u64>,
}

/// Service-time distribution per request class; a class left out keeps its default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    pub read: Option<Spanned<RawDistribution>>,
    pub write: Option<Spanned<RawDistribution>>,
    pub lwt: Option<Spanned<RawDistribution>>,
    pub batch: Option<Spanned<RawDistribution>>,
    pub schema: Option<Spanned<RawDistribution>>,
}

/// `fixed: 1ms`, `uniform: { min, max }`, `exponential: { mean }`,
/// `lognormal: { median, p99 }`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RawDistribution {
    Fixed(DurationText),
    Uniform {
        min: DurationText,
        max: DurationText,
    },
    Exponential {
        mean: DurationText,
    },
    #[serde(rename = "lognormal")]
    LogNormal {
        median: DurationText,
        p99: DurationText,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStalls {
    pub every: Spanned<DurationText>,
    pub length: Spanned<DurationText>,
    pub jitter: Option<Spanned<DurationText>>,
    pub offset: Option<DurationText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawError {
    pub kind: RawErrorKind,
    #[serde(default)]
    pub classes: Vec<RawClass>,
    pub probability: Spanned<f64>,
    pub after: Option<DurationText>,
    /// 1-based node numbers.
    #[serde(default)]
    pub nodes: Vec<Spanned<u64>>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawErrorKind {
    Overloaded,
    WriteTimeout,
    ReadTimeout,
    Unavailable,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawClass {
    Read,
    Write,
    Lwt,
    Batch,
    Schema,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    pub slow: Option<Spanned<f64>>,
    pub stalls: Option<Spanned<OrNone<RawStalls>>>,
    #[serde(default)]
    pub down: Vec<Spanned<RawOutage>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutage {
    pub at: DurationText,
    #[serde(rename = "for")]
    pub length: Spanned<DurationText>,
}

/// What a value that may also be `none` is, for error messages.
pub trait Described {
    const WHAT: &'static str;
}

impl Described for u64 {
    const WHAT: &'static str = "a whole number";
}

impl Described for RawStalls {
    const WHAT: &'static str = "a mapping such as { every: 2s, length: 200ms }";
}

/// A value, or the word `none` (also `off`).
#[derive(Debug)]
pub enum OrNone<T> {
    None,
    Some(T),
}

impl<T> OrNone<T> {
    pub fn as_option(&self) -> Option<&T> {
        match self {
            OrNone::None => None,
            OrNone::Some(v) => Some(v),
        }
    }
}

struct OrNoneVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Described> Visitor<'de> for OrNoneVisitor<T> {
    type Value = OrNone<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} or `none`", T::WHAT)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if matches!(v.trim(), "none" | "off") {
            return Ok(OrNone::None);
        }
        Err(E::custom(format!(
            "'{v}' is neither {} nor `none`",
            T::WHAT
        )))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::deserialize(de::value::U64Deserializer::new(v)).map(OrNone::Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::deserialize(de::value::I64Deserializer::new(v)).map(OrNone::Some)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(OrNone::Some)
    }
}

impl<'de, T: Deserialize<'de> + Described> Deserialize<'de> for OrNone<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OrNoneVisitor(PhantomData))
    }
}

/// `nodes:` entries in the order written: (1-based node number, its override).
#[derive(Debug, Default)]
pub struct NodeMap(pub Vec<(Spanned<u64>, Spanned<RawNode>)>);

struct NodeMapVisitor;

impl<'de> Visitor<'de> for NodeMapVisitor {
    type Value = NodeMap;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping from node numbers (1, 2, ...) to node settings")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NodeMap, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<u64>>()? {
            entries.push((key, map.next_value::<Spanned<RawNode>>()?));
        }
        Ok(NodeMap(entries))
    }
}

impl<'de> Deserialize<'de> for NodeMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(NodeMapVisitor)
    }
}
