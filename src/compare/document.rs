//! The comparison as a report document ([`crate::report::Report`]) for the text, Markdown and
//! HTML renderers: the verdict, the runs side by side, one table per compared run and phase,
//! the plots, the warnings and the paragraph on the method.

use super::cells;
use super::error::CompareError;
use super::load::LoadedRun;
use super::model::{CompareOutput, Comparison, PhaseComparison, RunFacts};
use super::plots;
use crate::report::{Cell, Report, Section, Status, Table, Verdict};
use crate::results::format;

/// Builds the report. `title` e.g. `ringbench compare: kv-mixed`; plots are drawn only when
/// `with_plots` (they take time and the terminal cannot show them).
pub fn build(
    title: &str,
    output: &CompareOutput,
    runs: &[&LoadedRun],
    with_plots: bool,
) -> Result<Report, CompareError> {
    let mut sections = vec![
        Section::Heading("Runs".into()),
        Section::Metadata(metadata(output)),
    ];
    for c in &output.comparisons {
        sections.push(Section::Heading(format!(
            "Run {} ({}) against base {} ({})",
            c.run.label, c.run.profile, output.base.label, output.base.profile
        )));
        for p in &c.phases {
            sections.push(Section::Table(phase_table(output, c, p)));
        }
    }
    if with_plots {
        let drawn = plots::all(output, runs)?;
        if !drawn.is_empty() {
            sections.push(Section::Heading("Plots".into()));
            sections.extend(drawn.into_iter().map(Section::Plot));
        }
    }
    if !output.warnings.is_empty() {
        sections.push(Section::Warnings(output.warnings.clone()));
    }
    sections.push(Section::Heading("Method".into()));
    sections.push(Section::Paragraph(output.method.description.clone()));
    Ok(Report {
        title: title.to_string(),
        verdict: Some(Verdict {
            status: output.verdict,
            headline: output.headline.clone(),
        }),
        sections,
    })
}

fn phase_table(output: &CompareOutput, c: &Comparison, p: &PhaseComparison) -> Table {
    let confidence = output.method.confidence * 100.0;
    let header = vec![
        "operation".to_string(),
        "metric".to_string(),
        format!("{} (base)", output.base.label),
        c.run.label.clone(),
        "change".to_string(),
        format!("{confidence:.0}% CI"),
        "significant".to_string(),
        "limit".to_string(),
        "status".to_string(),
    ];
    let mut rows = Vec::new();
    for o in &p.operations {
        for (i, m) in o.metrics.iter().enumerate() {
            let name = if i == 0 {
                Cell::with(&o.name, o.verdict)
            } else {
                Cell::plain("")
            };
            rows.push(vec![
                name,
                Cell::plain(cells::metric(&m.metric)),
                Cell::plain(cells::value(m, m.base)),
                Cell::plain(cells::value(m, m.value)),
                Cell::with(cells::change(m), m.status),
                Cell::plain(cells::interval(m)),
                Cell::plain(cells::significant(m)),
                Cell::plain(cells::limit(m)),
                Cell::with(cells::status(m.status), m.status),
            ]);
        }
    }
    Table {
        caption: Some(format!(
            "Phase '{}': {} vs {} (base), {} and {} intervals resampled",
            p.name, c.run.label, output.base.label, p.run_intervals, p.base_intervals
        )),
        header,
        rows,
    }
}

/// How one row of the side-by-side table reads a run.
type Fact = fn(&RunFacts) -> String;

/// The runs side by side: one column per run, one row per fact.
fn metadata(output: &CompareOutput) -> Table {
    let runs: Vec<&RunFacts> = std::iter::once(&output.base)
        .chain(output.comparisons.iter().map(|c| &c.run))
        .collect();
    let mut header = vec![String::new()];
    header.extend(runs.iter().enumerate().map(|(i, r)| match i {
        0 => format!("{} (base)", r.label),
        _ => r.label.clone(),
    }));
    let facts: [(&str, Fact); 13] = [
        ("run id", |r| r.run_id.clone()),
        ("status", |r| r.status.clone()),
        ("workload", |r| r.workload.clone()),
        ("workload hash", |r| {
            r.workload_hash.chars().take(12).collect()
        }),
        ("profile", |r| r.profile.clone()),
        ("target", |r| r.target.clone()),
        ("tool version", |r| r.tool_version.clone()),
        ("host", |r| format!("{} ({} cores)", r.host, r.cores)),
        ("seed", |r| r.seed.to_string()),
        ("tags", |r| {
            r.tags
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", ")
        }),
        ("started", |r| r.started_at.clone()),
        ("duration", |r| format::seconds(r.duration_s)),
        ("interval", |r| format!("{} s", r.interval_s)),
    ];
    let rows = facts
        .iter()
        .map(|(name, get)| {
            let values: Vec<String> = runs.iter().map(|r| get(r)).collect();
            // Facts that differ between runs are worth a look.
            let differs = values.iter().any(|v| Some(v) != values.first())
                && matches!(*name, "workload hash" | "tool version" | "host" | "status");
            let mut row = vec![Cell::plain(*name)];
            row.extend(values.into_iter().map(|v| {
                Cell::with(
                    v,
                    if differs {
                        Status::Warning
                    } else {
                        Status::Neutral
                    },
                )
            }));
            row
        })
        .collect();
    Table {
        caption: None,
        header,
        rows,
    }
}
