//! The compiled generator tree and its evaluation for one cycle.
//!
//! A generator is a pure function of (seed, cycle, binding): it reads randomness only from
//! the cycle's RNG for its binding ([`Ctx::rng`]), the cycle number itself (sequences,
//! clocks) or other bindings of the same cycle (derived values), never from shared state.

use rand::rngs::SmallRng;

use super::choice::Choice;
use super::collection::Collection;
use super::derived::Expr;
use super::ids;
use super::numeric::{Shaped, UniformFloat, UniformInt};
use super::seed::splitmix64;
use super::sequence::{Permutation, Sequence};
use super::text::{Blob, Text};
use super::time::{Bucket, Clock, DEFAULT_START_MS};
use super::value::Value;
use super::Bindings;

/// One node of a generator tree.
#[derive(Debug, Clone)]
pub enum Generator {
    /// Always the same value.
    Constant(Value),
    /// The cycle number itself.
    Cycle,
    /// The value of another binding in the same cycle.
    Binding(usize),
    UniformInt(UniformInt),
    UniformFloat(UniformFloat),
    /// Normal, exponential or log-normal.
    Shaped(Shaped),
    Zipf(super::zipf::Zipf),
    Sequence(Sequence),
    /// A hashed permutation of `0..n` applied to the input (by default the cycle number).
    Permutation(Permutation, Box<Generator>),
    Choice(Choice),
    Text(Text),
    Blob(Blob),
    Uuid,
    /// A timeuuid for the timestamp of the input (by default the cycle number as ms since
    /// 2024-01-01).
    TimeUuid(Option<Box<Generator>>),
    Clock(Clock),
    /// The time bucket of the input's timestamp.
    Bucket(Bucket, Box<Generator>),
    Derived(Expr),
    Collection(Collection),
}

/// Everything a generator may read while producing one value.
pub struct Ctx<'a> {
    pub bindings: &'a Bindings,
    pub seed: u64,
    pub cycle: u64,
    /// The binding's stable salt (a hash of its name).
    pub salt: u64,
    /// The RNG of this (seed, cycle, binding); nested generators draw from it in turn.
    pub rng: SmallRng,
}

impl Ctx<'_> {
    /// The value of binding `index` in this cycle.
    pub fn binding(&self, index: usize) -> Value {
        self.bindings.value(index, self.seed, self.cycle)
    }
}

impl Generator {
    /// Produce this cycle's value.
    pub fn sample(&self, ctx: &mut Ctx<'_>) -> Value {
        match self {
            Generator::Constant(v) => v.clone(),
            Generator::Cycle => Value::Int(ctx.cycle as i64),
            Generator::Binding(index) => ctx.binding(*index),
            Generator::UniformInt(g) => g.sample(&mut ctx.rng),
            Generator::UniformFloat(g) => g.sample(&mut ctx.rng),
            Generator::Shaped(g) => g.sample(&mut ctx.rng),
            Generator::Zipf(g) => g.sample(&mut ctx.rng),
            Generator::Sequence(g) => g.at(ctx.cycle),
            Generator::Permutation(p, input) => {
                let x = input.sample_int(ctx).unwrap_or(0);
                let key = splitmix64(ctx.seed ^ ctx.salt);
                Value::Int(p.apply(x as u64, key) as i64)
            }
            Generator::Choice(g) => g.sample(ctx),
            Generator::Text(g) => g.sample(ctx),
            Generator::Blob(g) => g.sample(ctx),
            Generator::Uuid => Value::Uuid(ids::uuid_v4(&mut ctx.rng)),
            Generator::TimeUuid(at) => {
                let ms = match at {
                    Some(input) => input.sample_int(ctx).unwrap_or(0),
                    None => DEFAULT_START_MS.saturating_add(ctx.cycle as i64),
                };
                Value::TimeUuid(ids::timeuuid(ms, &mut ctx.rng))
            }
            Generator::Clock(g) => g.at(ctx.cycle),
            Generator::Bucket(bucket, input) => bucket.of(&input.sample(ctx)),
            Generator::Derived(expr) => expr.eval(&mut |index| ctx.binding(index)),
            Generator::Collection(g) => g.sample(ctx),
        }
    }

    /// Produce this cycle's value as an integer (timestamps as ms, floats rounded, booleans
    /// 0/1); `None` for values that are not numbers.
    pub fn sample_int(&self, ctx: &mut Ctx<'_>) -> Option<i64> {
        match self.sample(ctx) {
            Value::Int(v) | Value::Timestamp(v) => Some(v),
            Value::Float(v) if v.is_finite() => Some(v.round() as i64),
            Value::Bool(b) => Some(i64::from(b)),
            _ => None,
        }
    }

    /// The bindings this generator reads (directly, not through them).
    pub fn refs(&self, out: &mut Vec<usize>) {
        match self {
            Generator::Binding(index) => out.push(*index),
            Generator::Derived(expr) => expr.refs(out),
            Generator::Permutation(_, input) | Generator::Bucket(_, input) => input.refs(out),
            Generator::TimeUuid(Some(input)) => input.refs(out),
            Generator::Collection(c) => c.parts().for_each(|g| g.refs(out)),
            Generator::Choice(c) => c.parts().for_each(|g| g.refs(out)),
            Generator::Text(t) => t.parts().for_each(|g| g.refs(out)),
            Generator::Blob(b) => b.parts().for_each(|g| g.refs(out)),
            _ => {}
        }
    }
}
