//! Reading a generator's or a shaped value's parameters from a YAML mapping: typed getters
//! with positioned errors, and a final check that no unknown parameter was given (a typo such
//! as `exponnet:` is an error, not silently ignored).

use crate::cli::{parse_count_f64, parse_duration};

use super::error::{did_you_mean, Checked, Problem};
use super::yaml::{Kind, Node, Pos};

/// A number as written: integer or float.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    Int(i64),
    Float(f64),
}

impl Num {
    pub fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }
}

/// The parameters of one construct (`zipf: { n: 1000, exponent: 1.1 }`).
pub struct Params<'a> {
    what: &'static str,
    pos: Pos,
    entries: &'a [(Node, Node)],
    used: Vec<bool>,
    allowed: &'static [&'static str],
}

impl<'a> Params<'a> {
    /// `node` must be a mapping whose keys are among `allowed`.
    pub fn new(
        what: &'static str,
        node: &'a Node,
        allowed: &'static [&'static str],
    ) -> Checked<Self> {
        let entries: &[(Node, Node)] = match &node.kind {
            Kind::Map(entries) => entries,
            Kind::Null => &[],
            _ => {
                return Err(Problem::new(
                    node.pos,
                    format!(
                        "{what} expects a mapping of parameters, found {}",
                        node.describe()
                    ),
                    format!("write it as {what}: {{ {} }}", example(allowed)),
                ))
            }
        };
        Ok(Params {
            what,
            pos: node.pos,
            used: vec![false; entries.len()],
            entries,
            allowed,
        })
    }

    /// The value of parameter `key`, if given.
    pub fn get(&mut self, key: &str) -> Option<&'a Node> {
        let index = self
            .entries
            .iter()
            .position(|(k, _)| k.as_str() == Some(key))?;
        if let Some(used) = self.used.get_mut(index) {
            *used = true;
        }
        self.entries.get(index).map(|(_, v)| v)
    }

    /// The value of a required parameter.
    pub fn required(&mut self, key: &str) -> Checked<&'a Node> {
        let (what, pos, allowed) = (self.what, self.pos, self.allowed);
        self.get(key).ok_or_else(|| {
            Problem::new(
                pos,
                format!("{what} needs the parameter '{key}'"),
                format!("add it: {what}: {{ {} }}", example(allowed)),
            )
        })
    }

    /// Refuse parameters that were not asked for.
    pub fn finish(self) -> Checked<()> {
        for ((key, _), used) in self.entries.iter().zip(&self.used) {
            if !used {
                let name = key.scalar_text().unwrap_or_default();
                return Err(Problem::new(
                    key.pos,
                    format!(
                        "{} has no parameter '{name}'{}",
                        self.what,
                        did_you_mean(&name, self.allowed.iter().copied())
                    ),
                    format!("its parameters are: {}", self.allowed.join(", ")),
                ));
            }
        }
        Ok(())
    }

    pub fn num(&mut self, key: &str) -> Checked<Option<Num>> {
        self.get(key).map(number).transpose()
    }

    pub fn f64_or(&mut self, key: &str, default: f64) -> Checked<f64> {
        Ok(self.num(key)?.map_or(default, Num::as_f64))
    }

    pub fn i64_or(&mut self, key: &str, default: i64) -> Checked<i64> {
        self.get(key).map_or(Ok(default), integer)
    }

    pub fn bool_or(&mut self, key: &str, default: bool) -> Checked<bool> {
        match self.get(key) {
            None => Ok(default),
            Some(Node {
                kind: Kind::Bool(b),
                ..
            }) => Ok(*b),
            Some(other) => Err(Problem::new(
                other.pos,
                format!("'{key}' must be true or false, found {}", other.describe()),
                format!("write {key}: true or {key}: false"),
            )),
        }
    }
}

fn example(allowed: &[&str]) -> String {
    allowed
        .iter()
        .map(|k| format!("{k}: ..."))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A number: YAML integer or float, or a string such as `20k` or `1.5m`.
pub fn number(node: &Node) -> Checked<Num> {
    match &node.kind {
        Kind::Int(i) => Ok(Num::Int(*i)),
        Kind::Float(f) => Ok(Num::Float(*f)),
        Kind::Str(s) => {
            let f = parse_count_f64(s).map_err(|e| Problem::new(node.pos, e, "write a number"))?;
            if f.fract() == 0.0 && f.abs() < 9.0e18 {
                Ok(Num::Int(f as i64))
            } else {
                Ok(Num::Float(f))
            }
        }
        _ => Err(Problem::new(
            node.pos,
            format!("expected a number, found {}", node.describe()),
            "write a number (examples: 42, 1.5, 20k)",
        )),
    }
}

/// A whole number.
pub fn integer(node: &Node) -> Checked<i64> {
    match number(node)? {
        Num::Int(i) => Ok(i),
        Num::Float(f) => Err(Problem::new(
            node.pos,
            format!("expected a whole number, found {f}"),
            "write an integer (examples: 10, 100k)",
        )),
    }
}

/// A count >= `min` (e.g. `100k`).
pub fn count(node: &Node, min: u64) -> Checked<u64> {
    let n = integer(node)?;
    u64::try_from(n).ok().filter(|&n| n >= min).ok_or_else(|| {
        Problem::new(
            node.pos,
            format!("expected a count of at least {min}, found {n}"),
            "write a positive whole number (examples: 64, 100k)",
        )
    })
}

/// A duration: `30s`, `5m`, `250ms`, or a number of seconds.
pub fn duration(node: &Node) -> Checked<std::time::Duration> {
    let text = node.scalar_text().ok_or_else(|| {
        Problem::new(
            node.pos,
            format!("expected a duration, found {}", node.describe()),
            "write a duration (examples: 250ms, 30s, 5m, 1h)",
        )
    })?;
    parse_duration(&text).map_err(|e| Problem::new(node.pos, e, "write a duration such as 30s"))
}
