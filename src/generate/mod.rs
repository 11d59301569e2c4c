//! Value generators: every value a workload binds derives from (seed, cycle number, binding
//! name) only, so the same seed replays the same values, whatever the rate, the number of
//! workers or the order in which requests complete.
//!
//! - [`Bindings`]: a workload's named generators, compiled; the hot-path entry point is
//!   [`Bindings::generate`].
//! - [`Generator`] (generator.rs): the generator tree and its evaluation.
//! - One file per family: `numeric` (uniform, normal, exponential, log-normal), `zipf`,
//!   `sequence` (sequences and hashed permutations), `choice`, `text` (text and blobs), `ids`
//!   (uuid, timeuuid), `time` (clock, buckets), `derived` (expressions over other bindings),
//!   `collection` (list, set, map).
//! - `seed`: how (seed, cycle, binding) becomes an RNG.
//!
//! This module knows nothing about YAML: the workload compiler (`crate::workload`) builds
//! generators from the file and adds positions to their errors.

pub mod choice;
pub mod collection;
pub mod derived;
mod error;
mod generator;
pub mod ids;
pub mod numeric;
pub mod seed;
pub mod sequence;
pub mod text;
pub mod time;
mod value;
pub mod zipf;

pub use error::GenerateError;
pub use generator::{Ctx, Generator};
pub use value::Value;

use rand::Rng;

/// One named generator.
#[derive(Debug, Clone)]
struct Binding {
    name: String,
    /// Hash of the name: the binding's RNG stream does not move when other bindings are
    /// added, removed or reordered.
    salt: u64,
    generator: Generator,
}

/// The compiled bindings of a workload, in file order.
#[derive(Debug, Clone, Default)]
pub struct Bindings {
    items: Vec<Binding>,
}

/// Salt of the operation-mix stream (not a valid binding name, so it cannot collide).
const PICK_SALT: &str = "<operation mix>";

impl Bindings {
    /// Check references (in range, no circles) and build.
    pub fn new(items: Vec<(String, Generator)>) -> Result<Self, GenerateError> {
        let bindings = Bindings {
            items: items
                .into_iter()
                .map(|(name, generator)| Binding {
                    salt: seed::fnv1a(name.as_bytes()),
                    name,
                    generator,
                })
                .collect(),
        };
        bindings.check_references()?;
        Ok(bindings)
    }

    /// Binding names in file order.
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        self.items.iter().map(|b| b.name.as_str())
    }

    /// The index of a binding by name.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.items.iter().position(|b| b.name == name)
    }

    /// The name of binding `index`.
    pub fn name(&self, index: usize) -> Option<&str> {
        self.items.get(index).map(|b| b.name.as_str())
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The bindings binding `index` reads directly.
    pub fn dependencies(&self, index: usize) -> Vec<usize> {
        let mut out = Vec::new();
        if let Some(b) = self.items.get(index) {
            b.generator.refs(&mut out);
        }
        out
    }

    /// The value of binding `index` in `cycle` (null for an index out of range).
    pub fn value(&self, index: usize, seed: u64, cycle: u64) -> Value {
        let Some(binding) = self.items.get(index) else {
            return Value::Null;
        };
        let mut ctx = Ctx {
            bindings: self,
            seed,
            cycle,
            salt: binding.salt,
            rng: seed::rng_for(seed, cycle, binding.salt),
        };
        binding.generator.sample(&mut ctx)
    }

    /// Append the values of `wanted` (binding indexes, e.g. an operation's bind markers) for
    /// `cycle` to `out`, in that order. Derived values see the same cycle's values of the
    /// bindings they reference.
    pub fn generate(&self, seed: u64, cycle: u64, wanted: &[usize], out: &mut Vec<Value>) {
        out.reserve(wanted.len());
        out.extend(wanted.iter().map(|&index| self.value(index, seed, cycle)));
    }

    fn check_references(&self) -> Result<(), GenerateError> {
        // 0 = not visited, 1 = on the current path, 2 = done.
        let mut state = vec![0u8; self.items.len()];
        let mut path = Vec::new();
        for start in 0..self.items.len() {
            self.visit(start, &mut state, &mut path)?;
        }
        Ok(())
    }

    fn visit(
        &self,
        index: usize,
        state: &mut [u8],
        path: &mut Vec<usize>,
    ) -> Result<(), GenerateError> {
        match state.get(index) {
            None => {
                return Err(GenerateError::bad(
                    "binding",
                    format!("refers to binding #{index}, which does not exist"),
                ))
            }
            Some(2) => return Ok(()),
            Some(1) => {
                let from = path.iter().position(|&i| i == index).unwrap_or(0);
                let mut names: Vec<String> = path[from..]
                    .iter()
                    .filter_map(|&i| self.name(i).map(String::from))
                    .collect();
                names.extend(self.name(index).map(String::from));
                return Err(GenerateError::Cycle { path: names });
            }
            Some(_) => {}
        }
        state[index] = 1;
        path.push(index);
        for dep in self.dependencies(index) {
            self.visit(dep, state, path)?;
        }
        path.pop();
        state[index] = 2;
        Ok(())
    }
}

/// The deterministic weighted choice of the operation for `cycle`: index `i` with
/// probability `weights[i] / sum(weights)`. Non-positive weights are never picked; an empty
/// or all-zero list gives 0.
pub fn pick(seed: u64, cycle: u64, weights: &[f64]) -> usize {
    let usable = |w: f64| if w.is_finite() && w > 0.0 { w } else { 0.0 };
    let total: f64 = weights.iter().map(|&w| usable(w)).sum();
    if weights.len() <= 1 || total <= 0.0 {
        return 0;
    }
    let salt = seed::fnv1a(PICK_SALT.as_bytes());
    let mut target = seed::rng_for(seed, cycle, salt).random::<f64>() * total;
    let mut last = 0;
    for (i, &w) in weights.iter().enumerate() {
        let w = usable(w);
        if w > 0.0 {
            if target < w {
                return i;
            }
            target -= w;
            last = i;
        }
    }
    last
}

#[cfg(test)]
mod tests;
