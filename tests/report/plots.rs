//! Plots: SVG with the axis descriptions, tick labels and legend entries (escaped, tags
//! balanced), PNG of the stated size that is a picture, run colours shared across plots, and
//! the spectrum's percentile axis at the positions log10(1/(1-q)) gives.

use hdrhistogram::Histogram;
use ringbench::report::plot::{
    self, bars, curve, over_time, palette, spectrum, spectrum_x, Bar, CurvePoint, CurveSeries,
    Knee, Line, Slo, SpectrumSeries,
};
use ringbench::report::Plot;

use super::support::{check_balanced, decode_png, svg_texts};

/// The SVG's texts (tags balanced), and the PNG checked: the stated size, many colours, and
/// each run colour present in more than a few pixels (its lines or bars are drawn).
/// With RINGBENCH_KEEP_PLOTS=DIR set, each plot is also written there to be looked at.
fn check_plot(plot: &Plot, runs: &[usize]) -> Vec<(f64, String)> {
    if let Some(dir) = std::env::var_os("RINGBENCH_KEEP_PLOTS") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{}.png", plot.slug)), &plot.png).unwrap();
        std::fs::write(dir.join(format!("{}.svg", plot.slug)), &plot.svg).unwrap();
    }
    check_balanced(&plot.svg, &[]);
    let image = decode_png(&plot.png);
    assert_eq!(
        (image.width, image.height),
        plot::SIZE,
        "{}: PNG size",
        plot.slug
    );
    let colours = image.distinct_colours();
    assert!(
        colours > 30,
        "{}: PNG has only {colours} colours",
        plot.slug
    );
    for &run in runs {
        let plotters::style::RGBColor(r, g, b) = palette::run_colour(run);
        let pixels = image.count_near([r, g, b], 12);
        assert!(
            pixels > 200,
            "{}: run {run}'s colour in only {pixels} pixels",
            plot.slug
        );
        let hex = palette::run_colour_hex(run);
        assert!(
            plot.svg.to_lowercase().contains(&hex),
            "{}: SVG lacks {hex}",
            plot.slug
        );
    }
    svg_texts(&plot.svg)
}

fn has(texts: &[(f64, String)], want: &str) -> bool {
    texts.iter().any(|(_, t)| t == want)
}

fn assert_texts(texts: &[(f64, String)], wants: &[&str]) {
    for want in wants {
        assert!(has(texts, want), "{want:?} missing from {texts:?}");
    }
}

fn x_of(texts: &[(f64, String)], want: &str) -> f64 {
    texts
        .iter()
        .find(|(_, t)| t == want)
        .unwrap_or_else(|| panic!("no text {want:?} in {texts:?}"))
        .0
}

fn histogram(values_us: impl Iterator<Item = u64>) -> Histogram<u64> {
    let mut h = Histogram::new_with_bounds(1, 3_600_000_000, 3).unwrap();
    for v in values_us {
        h.record(v).unwrap();
    }
    h
}

#[test]
fn spectrum_x_is_log_of_one_over_one_minus_q() {
    for (q, x) in [
        (0.0, 0.0),
        (0.9, 1.0),
        (0.99, 2.0),
        (0.999, 3.0),
        (0.9999, 4.0),
        (0.99999, 5.0),
    ] {
        assert!(
            (spectrum_x(q) - x).abs() < 1e-9,
            "q={q}: {} != {x}",
            spectrum_x(q)
        );
    }
    assert!(
        (spectrum_x(1.0) - 5.0).abs() < 1e-9,
        "q=1 is clamped to 99.999%"
    );
    assert_eq!(spectrum_x(-0.5), 0.0);
}

#[test]
fn spectrum_has_percentile_ticks_at_their_log_positions() {
    let base = histogram((1..=10_000).map(|i| 1_000 + i / 10));
    let slow = histogram((1..=10_000).map(|i| if i > 9_990 { 50_000 } else { 1_200 + i / 10 }));
    let series = [
        SpectrumSeries {
            label: "base: 3 nodes".into(),
            run: 0,
            histogram: &base,
        },
        SpectrumSeries {
            label: "B <5 & more>".into(),
            run: 1,
            histogram: &slow,
        },
    ];
    let plot = spectrum("read response time", "spectrum-read", &series).unwrap();
    let texts = check_plot(&plot, &[0, 1]);
    // 50 ms at the tail: the axis is in milliseconds.
    assert_texts(
        &texts,
        &[
            "read response time",
            "percentile (log scale of 1/(1-q))",
            "latency (ms)",
            "base: 3 nodes",
            "B <5 & more>",
        ],
    );
    let x0 = x_of(&texts, "0%");
    let span = x_of(&texts, "99.999%") - x0;
    assert!(span > 500.0, "axis only {span} wide");
    for (label, q) in [
        ("90%", 0.9),
        ("99%", 0.99),
        ("99.9%", 0.999),
        ("99.99%", 0.9999),
    ] {
        let want = x0 + span * spectrum_x(q) / 5.0;
        let got = x_of(&texts, label);
        assert!(
            (got - want).abs() <= 1.5,
            "{label} at x={got}, expected {want}"
        );
    }
}

#[test]
fn spectrum_of_fast_runs_is_in_microseconds() {
    let fast = histogram(100..5_000);
    let plot = spectrum(
        "t",
        "s",
        &[SpectrumSeries {
            label: "a".into(),
            run: 2,
            histogram: &fast,
        }],
    )
    .unwrap();
    let texts = check_plot(&plot, &[2]);
    assert!(has(&texts, "latency (µs)"), "{texts:?}");
}

#[test]
fn over_time_labels_axes_and_lines() {
    let line = |run: usize, dashed: bool, scale: f64| Line {
        label: format!("run {run} {}", if dashed { "p99" } else { "p50" }),
        run,
        dashed,
        points: (0..=30)
            .map(|s| (s as f64 + 0.5, scale * (1.0 + (s % 7) as f64)))
            .collect(),
    };
    let lines = [
        line(0, false, 1.0),
        line(0, true, 3.0),
        line(1, false, 1.5),
        line(1, true, 4.0),
    ];
    let plot = over_time(
        "read latency over time",
        "latency-read",
        "response time (ms)",
        &lines,
    )
    .unwrap();
    let texts = check_plot(&plot, &[0, 1]);
    assert_texts(
        &texts,
        &[
            "time since run start (s)",
            "response time (ms)",
            "run 0 p50",
            "run 0 p99",
            "run 1 p50",
            "run 1 p99",
        ],
    );
    // Dashed lines are drawn as many short segments; solid ones as one polyline each.
    assert!(
        plot.svg.matches("<polyline").count() > 20,
        "no dashes in the SVG"
    );
}

#[test]
fn bars_group_by_node_with_one_bar_per_run() {
    let nodes = ["127.0.0.1", "127.0.0.2", "127.0.0.3"];
    let bars_in: Vec<Bar> = (0..2)
        .flat_map(|run| {
            nodes.iter().enumerate().map(move |(i, node)| Bar {
                group: node.to_string(),
                label: format!("run {run}"),
                run,
                value: 2.0 + i as f64 + run as f64 * 0.25,
            })
        })
        .collect();
    let plot = bars("p99 per node", "nodes", "p99 response time (ms)", &bars_in).unwrap();
    let texts = check_plot(&plot, &[0, 1]);
    assert_texts(
        &texts,
        &["p99 response time (ms)", "run 0", "run 1", "2.00", "4.25"],
    );
    let xs: Vec<f64> = nodes.iter().map(|n| x_of(&texts, n)).collect();
    let (d1, d2) = (xs[1] - xs[0], xs[2] - xs[1]);
    assert!(
        d1 > 100.0 && (d1 - d2).abs() <= 1.5,
        "groups not evenly spaced: {xs:?}"
    );
}

#[test]
fn curve_shows_percentiles_slo_and_knee() {
    let points = |capacity: f64| -> Vec<CurvePoint> {
        (1..=8)
            .map(|i| {
                let rate = capacity * i as f64 / 8.0;
                let load = rate / capacity;
                let p50 = 500.0 / (1.05 - load);
                CurvePoint {
                    throughput: rate,
                    p50_us: p50,
                    p99_us: p50 * 4.0,
                    p999_us: p50 * 8.0,
                }
            })
            .collect()
    };
    let series = [
        CurveSeries {
            label: "3 nodes".into(),
            run: 0,
            points: points(30_000.0),
        },
        CurveSeries {
            label: "5 nodes".into(),
            run: 1,
            points: points(50_000.0),
        },
    ];
    let slo = Slo {
        label: "SLO p99 <= 10 ms".into(),
        latency_us: 10_000.0,
    };
    let knees = [Knee {
        run: 1,
        label: "knee 5 nodes".into(),
        throughput: 43_750.0,
        latency_us: 8_000.0,
    }];
    let plot = curve("capacity", "capacity", &series, Some(&slo), &knees).unwrap();
    let texts = check_plot(&plot, &[0, 1]);
    assert_texts(
        &texts,
        &[
            "throughput (ops/s)",
            "latency (ms)",
            "3 nodes p50",
            "3 nodes p99",
            "3 nodes p99.9",
            "5 nodes p99.9",
            "SLO p99 <= 10 ms",
            "knee 5 nodes",
        ],
    );
    assert!(plot.svg.contains("#444444"), "SLO line colour missing");
}
