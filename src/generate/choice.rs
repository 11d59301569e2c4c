//! Weighted choice: one of several constants or generators, each picked with probability
//! proportional to its weight. Also the weighted pick behind the operation mix.

use rand::Rng;

use super::error::GenerateError;
use super::generator::{Ctx, Generator};
use super::value::Value;

/// One of several generators, by weight.
#[derive(Debug, Clone)]
pub struct Choice {
    options: Vec<Generator>,
    /// Running sums of the weights; the last one is the total.
    cumulative: Vec<f64>,
}

impl Choice {
    pub fn new(options: Vec<(f64, Generator)>) -> Result<Self, GenerateError> {
        if options.is_empty() {
            return Err(GenerateError::bad("choice", "needs at least one option"));
        }
        let mut total = 0.0;
        let mut cumulative = Vec::with_capacity(options.len());
        let mut generators = Vec::with_capacity(options.len());
        for (weight, generator) in options {
            if !(weight.is_finite() && weight > 0.0) {
                return Err(GenerateError::bad(
                    "choice",
                    format!("every weight must be a positive number, got {weight}"),
                ));
            }
            total += weight;
            cumulative.push(total);
            generators.push(generator);
        }
        Ok(Choice {
            options: generators,
            cumulative,
        })
    }

    /// The generators this choice picks from.
    pub fn parts(&self) -> impl Iterator<Item = &Generator> {
        self.options.iter()
    }

    pub fn sample(&self, ctx: &mut Ctx<'_>) -> Value {
        let index = index_for(&self.cumulative, ctx.rng.random());
        match self.options.get(index) {
            Some(generator) => generator.sample(ctx),
            None => Value::Null,
        }
    }
}

/// The index whose cumulative-weight slot holds `unit` (a number in `[0, 1)`) scaled to the
/// total weight.
pub fn index_for(cumulative: &[f64], unit: f64) -> usize {
    let total = cumulative.last().copied().unwrap_or(0.0);
    let target = unit * total;
    cumulative
        .partition_point(|&c| c <= target)
        .min(cumulative.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_follows_the_weights() {
        let cumulative = [1.0, 4.0, 5.0];
        assert_eq!(index_for(&cumulative, 0.0), 0);
        assert_eq!(index_for(&cumulative, 0.19), 0);
        assert_eq!(index_for(&cumulative, 0.2), 1);
        assert_eq!(index_for(&cumulative, 0.79), 1);
        assert_eq!(index_for(&cumulative, 0.8), 2);
        assert_eq!(index_for(&cumulative, 0.999_999), 2);
        assert_eq!(index_for(&[], 0.5), 0);
    }

    #[test]
    fn weights_must_be_positive() {
        assert!(Choice::new(vec![]).is_err());
        let zero = vec![(0.0, Generator::Constant(Value::Int(1)))];
        assert!(Choice::new(zero).is_err());
    }
}
