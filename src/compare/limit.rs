//! One threshold value in a thresholds file: a non-negative number, or `off` (also `false`)
//! to turn a default rule off for the operations it applies to.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// A threshold as written in the file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    Off,
    At(f64),
}

impl Limit {
    /// The limit, or what is wrong with it.
    pub fn checked(self) -> Result<Option<f64>, String> {
        match self {
            Limit::Off => Ok(None),
            Limit::At(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
            Limit::At(v) => Err(format!(
                "{v} is not a usable threshold: give a number >= 0 (e.g. 10) or `off`"
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Limit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LimitVisitor)
    }
}

struct LimitVisitor;

impl Visitor<'_> for LimitVisitor {
    type Value = Limit;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number (e.g. 10) or `off`")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Limit, E> {
        Ok(Limit::At(v as f64))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Limit, E> {
        Ok(Limit::At(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Limit, E> {
        Ok(Limit::At(v))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Limit, E> {
        if v {
            Err(E::invalid_value(de::Unexpected::Bool(v), &self))
        } else {
            Ok(Limit::Off)
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Limit, E> {
        match v {
            "off" | "none" => Ok(Limit::Off),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}
