//! Choosing the operation of a request. The choice itself is [`crate::generate::pick`]: it
//! depends only on (seed, cycle), so the same seed replays the same sequence of operations
//! whatever the number of workers or the order in which they claim requests. This file checks
//! a phase's mix once, before the phase starts.

use crate::generate;

use super::error::ExecError;

/// A phase's operation mix, checked against the plan's operations.
#[derive(Debug, Clone, PartialEq)]
pub struct Mix {
    operations: Vec<usize>,
    weights: Vec<f64>,
}

impl Mix {
    /// Check `(operation index, weight)` pairs against `operations` operations: every index
    /// in range, at least one positive weight.
    pub fn new(phase: &str, pairs: &[(usize, f64)], operations: usize) -> Result<Mix, ExecError> {
        if let Some(&(index, _)) = pairs.iter().find(|(index, _)| *index >= operations) {
            return Err(ExecError::UnknownOperation {
                phase: phase.to_string(),
                index,
                operations,
            });
        }
        if !pairs.iter().any(|&(_, w)| w.is_finite() && w > 0.0) {
            return Err(ExecError::EmptyMix {
                phase: phase.to_string(),
            });
        }
        Ok(Mix {
            operations: pairs.iter().map(|&(index, _)| index).collect(),
            weights: pairs.iter().map(|&(_, w)| w).collect(),
        })
    }

    /// The operation (index into the plan's operations) of request `cycle` under `seed`.
    pub fn pick(&self, seed: u64, cycle: u64) -> usize {
        let i = generate::pick(seed, cycle, &self.weights);
        self.operations.get(i).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_follow_the_weights_and_map_to_operation_indices() {
        let mix = Mix::new("steady", &[(0, 1.0), (3, 0.0), (2, 3.0)], 4).expect("valid mix");
        let n = 40_000u64;
        let picks: Vec<usize> = (0..n).map(|c| mix.pick(7, c)).collect();
        assert!(
            picks.iter().all(|&op| op == 0 || op == 2),
            "weight 0 is never picked"
        );
        let twos = picks.iter().filter(|&&op| op == 2).count() as f64;
        let (expected, sigma) = (0.75 * n as f64, (n as f64 * 0.75 * 0.25).sqrt());
        assert!(
            (twos - expected).abs() < 5.0 * sigma,
            "operation 2 picked {twos} times, expected {expected} ± {}",
            5.0 * sigma
        );
    }

    #[test]
    fn a_weightless_or_dangling_mix_is_refused() {
        assert!(matches!(
            Mix::new("p", &[(0, 0.0), (1, f64::NAN)], 2),
            Err(ExecError::EmptyMix { .. })
        ));
        assert!(matches!(
            Mix::new("p", &[], 2),
            Err(ExecError::EmptyMix { .. })
        ));
        assert!(matches!(
            Mix::new("p", &[(5, 1.0)], 2),
            Err(ExecError::UnknownOperation { index: 5, .. })
        ));
    }
}
