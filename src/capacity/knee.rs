//! The knee of a latency-throughput curve: the throughput beyond which latency climbs
//! steeply, found with Kneedle (Satopää, Albrecht, Irwin and Raghavan, "Finding a 'Kneedle'
//! in a Haystack", ICDCS workshops 2011).
//!
//! Both axes are normalised to 0..1 over the curve's points; a latency curve that rises
//! ever more steeply lies below the diagonal from its first point to its last, and the knee
//! is the point farthest below it, the maximum of `x - y` (the paper's difference curve for
//! a convex, increasing curve). A curve with fewer than three points, no spread, or no
//! point below the diagonal (straight or concave) has no knee.

/// The knee of `points` (throughput, latency) in any order, as one of those points.
pub fn knee(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let mut sorted: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    if sorted.len() < 3 {
        return None;
    }
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let (x_min, x_max) = span(sorted.iter().map(|p| p.0))?;
    let (y_min, y_max) = span(sorted.iter().map(|p| p.1))?;
    let normal =
        |(x, y): (f64, f64)| ((x - x_min) / (x_max - x_min), (y - y_min) / (y_max - y_min));
    // The end points lie on the diagonal by construction; only interior points can be knees.
    let interior = &sorted[1..sorted.len() - 1];
    let (best, distance) = interior
        .iter()
        .map(|&p| {
            let (x, y) = normal(p);
            (p, x - y)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    // Points on (or numerically next to) the diagonal are no knee.
    (distance > 1e-6).then_some(best)
}

/// (min, max) of the values if they differ.
fn span(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    (hi > lo).then_some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hockey_stick() {
        // Flat at 1 ms up to 700 ops/s, then steep: the knee is the corner.
        let points: Vec<(f64, f64)> = (1..=10)
            .map(|i| {
                let x = f64::from(i) * 100.0;
                let y = if x <= 700.0 {
                    1000.0
                } else {
                    1000.0 + (x - 700.0) * 300.0
                };
                (x, y)
            })
            .collect();
        assert_eq!(knee(&points), Some((700.0, 1000.0)));
    }

    #[test]
    fn queueing_curve_in_any_order() {
        // M/M/1 response time 1/(mu - lambda) with mu = 1000: for y = 1/(1 - x) on 0..0.95
        // (normalised), the difference x - y peaks where dy/dx equals the slope of the
        // diagonal; computed here independently on a fine grid.
        let mu = 1000.0;
        let mut points: Vec<(f64, f64)> = (1..=19)
            .map(|i| {
                let x = f64::from(i) * 50.0;
                (x, 1e6 / (mu - x))
            })
            .collect();
        let (x0, x1) = (points[0].0, points[18].0);
        let (y0, y1) = (points[0].1, points[18].1);
        let expected = points
            .iter()
            .copied()
            .max_by(|a, b| {
                let d = |p: &(f64, f64)| (p.0 - x0) / (x1 - x0) - (p.1 - y0) / (y1 - y0);
                d(a).total_cmp(&d(b))
            })
            .map(|p| p.0);
        points.reverse();
        points.swap(3, 11);
        assert_eq!(knee(&points).map(|p| p.0), expected);
        // The knee of 1/(mu - x) sits late in the curve, where latency starts to run away.
        assert!(expected.is_some_and(|x| x >= 700.0), "{expected:?}");
    }

    #[test]
    fn no_knee_without_a_bend() {
        assert_eq!(knee(&[(1.0, 1.0), (2.0, 2.0)]), None, "too few points");
        let straight: Vec<(f64, f64)> =
            (0..5).map(|i| (f64::from(i), f64::from(i) * 3.0)).collect();
        assert_eq!(knee(&straight), None, "a straight line");
        let flat: Vec<(f64, f64)> = (0..5).map(|i| (f64::from(i), 7.0)).collect();
        assert_eq!(knee(&flat), None, "no latency spread");
        let concave: Vec<(f64, f64)> = (1..6)
            .map(|i| (f64::from(i), f64::from(i).sqrt()))
            .collect();
        assert_eq!(knee(&concave), None, "latency rising ever less steeply");
        assert_eq!(knee(&[(1.0, f64::NAN), (2.0, 1.0), (3.0, 5.0)]), None);
    }
}
