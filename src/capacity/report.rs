//! The search as a report document ([`crate::report::Report`]) for the text, Markdown and
//! HTML renderers: the answer (and, with several profiles, the comparison) at the top, the
//! latency-throughput curve with the SLO line and the knees, a summary per profile, every
//! step with its measurements and verdict, warnings, and how the search was run.

use super::error::CapacityError;
use super::record::{KneePoint, ProfileSearch, SearchRecord};
use super::search::Outcome;
use super::slo::{Metric, Slo};
use crate::report::plot::{curve, CurvePoint, CurveSeries, Knee, Slo as SloLine};
use crate::report::{Cell, Report, Section, Status, Table, Verdict};
use crate::results::format;

/// Builds the report; the curve is drawn only `with_plot` (it takes time and a terminal
/// cannot show it).
pub fn build(record: &SearchRecord, with_plot: bool) -> Result<Report, CapacityError> {
    let objectives = objectives(&record.slos);
    let mut sections = Vec::new();
    if with_plot {
        sections.push(Section::Plot(plot(record)?));
    }
    sections.push(Section::Table(summary_table(record)));
    for search in &record.searches {
        sections.push(Section::Heading(format!(
            "{} ({})",
            search.profile_name, search.profile
        )));
        sections.push(Section::Paragraph(answer(search, &objectives)));
        sections.push(Section::Table(steps_table(search, &record.slos)));
        let mut warnings = search
            .conclusion
            .as_ref()
            .map(|c| c.notes.clone())
            .unwrap_or_default();
        warnings.extend(search.warnings.iter().cloned());
        if !warnings.is_empty() {
            sections.push(Section::Warnings(warnings));
        }
    }
    sections.push(Section::Heading("Method".into()));
    sections.push(Section::Paragraph(method(record)));
    Ok(Report {
        title: format!(
            "ringbench capacity: {}, {} profile(s)",
            record.workload_name,
            record.searches.len()
        ),
        verdict: Some(verdict(record, &objectives)),
        sections,
    })
}

/// The sustainable rate of `search`, if it found one it can stand by.
pub fn sustainable(search: &ProfileSearch) -> Option<f64> {
    search.conclusion.as_ref().and_then(|c| c.sustainable)
}

/// `embedded-5node sustains 1.63x the rate of embedded-3node at p99<=10ms`, one clause per
/// profile after the first; `None` unless at least two profiles have an answer.
pub fn comparison(record: &SearchRecord) -> Option<String> {
    let (base, others) = record.searches.split_first()?;
    let base_rate = sustainable(base)?;
    let clauses: Vec<String> = others
        .iter()
        .filter_map(|s| {
            let rate = sustainable(s)?;
            Some(format!(
                "{} sustains {:.2}x the rate of {}",
                s.profile_name,
                rate / base_rate,
                base.profile_name
            ))
        })
        .collect();
    (!clauses.is_empty()).then(|| format!("{} at {}", clauses.join("; "), objectives(&record.slos)))
}

fn objectives(slos: &[Slo]) -> String {
    if slos.is_empty() {
        return "no objective but the achieved rate".into();
    }
    slos.iter()
        .map(Slo::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn verdict(record: &SearchRecord, objectives: &str) -> Verdict {
    let all_done = record.searches.iter().all(|s| {
        s.conclusion
            .as_ref()
            .is_some_and(|c| matches!(c.outcome, Outcome::Converged | Outcome::MaxRate))
    });
    let status = if all_done {
        Status::Pass
    } else {
        Status::Warning
    };
    let headline = match (comparison(record), record.searches.as_slice()) {
        (Some(sentence), _) => sentence,
        (None, [only]) => match sustainable(only) {
            Some(rate) => format!(
                "{} sustains {} ops/s at {objectives}",
                only.profile_name,
                format::rate(rate)
            ),
            None => format!("{}: no rate tried met {objectives}", only.profile_name),
        },
        (None, _) => format!("not every profile has a sustainable rate at {objectives}"),
    };
    Verdict { status, headline }
}

/// The paragraph under a profile's heading: the answer, its uncertainty, knee and model.
fn answer(search: &ProfileSearch, objectives: &str) -> String {
    let Some(c) = &search.conclusion else {
        return "No step has run yet.".into();
    };
    let mut lines = vec![match (c.sustainable, c.failing) {
        (Some(lo), Some(hi)) => format!(
            "Highest sustainable rate: {} ops/s at {objectives}; the capacity lies between {} \
             and {} ops/s ({:.1}% wide).",
            format::rate(lo),
            format::rate(lo),
            format::rate(hi),
            (hi - lo) / hi * 100.0
        ),
        (Some(lo), None) => format!(
            "Highest sustainable rate: at least {} ops/s at {objectives} (no step failed).",
            format::rate(lo)
        ),
        (None, Some(hi)) => format!(
            "No rate met {objectives}: even {} ops/s failed.",
            format::rate(hi)
        ),
        (None, None) => "No step has run yet.".into(),
    }];
    lines.push(format!(
        "Search: {} after {} step(s).",
        c.outcome.describe(),
        search.steps.len()
    ));
    if let Some(KneePoint {
        throughput: rate,
        p99_us: p99,
    }) = search.knee
    {
        lines.push(format!(
            "Knee of the latency-throughput curve: {} ops/s (p99 {}).",
            format::rate(rate),
            format::latency(p99.round() as u64)
        ));
    }
    if let Some(model) = search.predicted_rate {
        lines.push(format!(
            "The profile's performance model saturates at {} ops/s for this workload's mix, \
             if requests spread evenly over the ring (uniform keys, token-aware routing).",
            format::rate(model)
        ));
    }
    lines.join("\n")
}

fn summary_table(record: &SearchRecord) -> Table {
    let base = record.searches.first().and_then(sustainable);
    let rows = record
        .searches
        .iter()
        .map(|s| {
            let c = s.conclusion.as_ref();
            let rate = sustainable(s);
            let status = match c.map(|c| c.outcome) {
                Some(Outcome::Converged | Outcome::MaxRate) => Status::Pass,
                _ => Status::Warning,
            };
            vec![
                Cell::plain(&s.profile_name),
                Cell::with(rate.map_or("-".into(), format::rate), status),
                Cell::plain(c.and_then(|c| c.failing).map_or("-".into(), format::rate)),
                Cell::plain(match (rate, base) {
                    (Some(r), Some(b)) if b > 0.0 => format!("{:.2}x", r / b),
                    _ => "-".into(),
                }),
                Cell::plain(s.knee.map_or("-".into(), |k| format::rate(k.throughput))),
                Cell::plain(s.predicted_rate.map_or("-".into(), format::rate)),
                Cell::plain(s.steps.len().to_string()),
                Cell::plain(c.map_or("not started", |c| c.outcome.describe())),
            ]
        })
        .collect();
    Table {
        caption: Some("Highest sustainable rate per profile (ops/s)".into()),
        header: [
            "profile",
            "sustainable",
            "fails at",
            "vs first",
            "knee",
            "model",
            "steps",
            "search",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

fn steps_table(search: &ProfileSearch, slos: &[Slo]) -> Table {
    let mut header: Vec<String> = [
        "step", "target", "achieved", "p50", "p99", "p99.9", "errors",
    ]
    .map(String::from)
    .to_vec();
    header.extend(slos.iter().map(Slo::to_string));
    header.push("verdict".into());
    let mut steps: Vec<_> = search.steps.iter().collect();
    steps.sort_by(|a, b| a.rate.total_cmp(&b.rate));
    let rows = steps
        .into_iter()
        .map(|step| {
            let s = &step.summary;
            let j = &step.judgement;
            let mut row = vec![
                Cell::plain(step.index.to_string()),
                Cell::plain(format::rate(step.rate)),
                Cell::plain(format::rate(s.achieved_rate)),
                Cell::plain(format::latency(s.response.p50_us)),
                Cell::plain(format::latency(s.response.p99_us)),
                Cell::plain(format::latency(s.response.p999_us)),
                Cell::plain(format!("{:.2}%", s.error_rate * 100.0)),
            ];
            for (slo, check) in slos.iter().zip(&j.slos) {
                let status = if check.held {
                    Status::Pass
                } else {
                    Status::Regression
                };
                row.push(Cell::with(slo.show_value(check.value), status));
            }
            row.push(match (j.passed, j.overload) {
                (true, _) => Cell::with("pass", Status::Pass),
                (false, true) => Cell::with(
                    format!("OVERLOAD: {}", j.failures.join("; ")),
                    Status::Regression,
                ),
                (false, false) => Cell::with(
                    format!("fail: {}", j.failures.join("; ")),
                    Status::Regression,
                ),
            });
            row
        })
        .collect();
    Table {
        caption: Some(format!(
            "Steps of {}, by rate (latency: response time of successful requests, steady phase)",
            search.profile_name
        )),
        header,
        rows,
    }
}

fn plot(record: &SearchRecord) -> Result<crate::report::Plot, CapacityError> {
    let series: Vec<CurveSeries> = record
        .searches
        .iter()
        .enumerate()
        .map(|(run, s)| CurveSeries {
            label: s.profile_name.clone(),
            run,
            points: s
                .steps
                .iter()
                .map(|step| CurvePoint {
                    throughput: step.summary.achieved_rate,
                    p50_us: step.summary.response.p50_us as f64,
                    p99_us: step.summary.response.p99_us as f64,
                    p999_us: step.summary.response.p999_us as f64,
                })
                .collect(),
        })
        .collect();
    // The curve shows all operations together, so only an objective on all of them is drawn.
    let line = record
        .slos
        .iter()
        .find(|s| s.operation.is_none() && matches!(s.metric, Metric::Latency { .. }))
        .map(|s| SloLine {
            label: format!("SLO {s}"),
            latency_us: s.limit,
        });
    let knees: Vec<Knee> = record
        .searches
        .iter()
        .enumerate()
        .filter_map(|(run, s)| {
            let k = s.knee?;
            Some(Knee {
                run,
                label: format!(
                    "knee {}: {} ops/s",
                    s.profile_name,
                    format::rate(k.throughput)
                ),
                throughput: k.throughput,
                latency_us: k.p99_us,
            })
        })
        .collect();
    Ok(curve(
        &format!("Latency vs throughput: {}", record.workload_name),
        "capacity-curve",
        &series,
        line.as_ref(),
        &knees,
    )?)
}

fn method(record: &SearchRecord) -> String {
    let s = &record.settings;
    let max = s.max_rate.map_or(String::new(), |m| {
        format!(", never above {} ops/s", format::rate(m))
    });
    format!(
        "Each step ran the workload's steady mix at a constant rate: {} of warm-up (not judged), \
         then {} measured, with {} of rest between steps. A step passes when every objective \
         holds and it achieved at least 99% of its target rate in successful requests per \
         second; it is an overload (and fails) when errors exceed 10x the error objective \
         (10% without one), the client's backlog grows through the step, or it achieves under \
         90% of the target. The rate started at {} ops/s and doubled while steps passed{max}, \
         then was bisected between the highest passing and the lowest failing rate until they \
         were within {}% of each other. Seed {}.",
        format::seconds(s.warmup_s),
        format::seconds(s.step_duration_s),
        format::seconds(s.cooldown_s),
        format::rate(s.start_rate),
        s.precision * 100.0,
        record.seed
    )
}
