//! The comparison as JUnit XML, so that CI systems (Jenkins, GitLab, GitHub test reporters)
//! show each operation and metric as a test case: one `<testsuite>` per compared run, one
//! `<testcase>` per phase, operation and metric (classname `ringbench.<phase>.<operation>`,
//! name the metric), a `<failure>` for each regression, the warnings in `<system-out>`.

use std::fmt::Write as _;

use super::cells;
use super::model::{CompareOutput, Comparison, MetricRow};
use crate::report::Status;

/// The whole document.
pub fn render(output: &CompareOutput) -> String {
    let failures = |c: &Comparison| -> usize {
        c.phases
            .iter()
            .flat_map(|p| &p.operations)
            .flat_map(|o| &o.metrics)
            .filter(|m| m.status == Status::Regression)
            .count()
    };
    let cases = |c: &Comparison| -> usize {
        c.phases
            .iter()
            .flat_map(|p| &p.operations)
            .map(|o| o.metrics.len())
            .sum()
    };
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites name=\"ringbench compare\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
        output.comparisons.iter().map(cases).sum::<usize>(),
        output.comparisons.iter().map(failures).sum::<usize>(),
    );
    for c in &output.comparisons {
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" \
             timestamp=\"{}\">",
            escape(&format!(
                "{} {} ({}) vs base {} {} ({})",
                c.run.label,
                c.run.run_id,
                c.run.profile,
                output.base.label,
                output.base.run_id,
                output.base.profile
            )),
            cases(c),
            failures(c),
            escape(c.run.started_at.trim_end_matches('Z')),
        );
        xml.push_str("    <properties>\n");
        for (name, value) in [
            ("base", output.base.run_id.as_str()),
            ("run", c.run.run_id.as_str()),
            ("workload", c.run.workload.as_str()),
            ("verdict", cells::status(c.verdict)),
        ] {
            let _ = writeln!(
                xml,
                "      <property name=\"{name}\" value=\"{}\"/>",
                escape(value)
            );
        }
        xml.push_str("    </properties>\n");
        for p in &c.phases {
            for o in &p.operations {
                let class = escape(&format!("ringbench.{}.{}", p.name, o.name));
                for m in &o.metrics {
                    testcase(&mut xml, &class, m);
                }
            }
        }
        if !output.warnings.is_empty() {
            let _ = writeln!(
                xml,
                "    <system-out>{}</system-out>",
                escape(&output.warnings.join("\n"))
            );
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

fn testcase(xml: &mut String, class: &str, m: &MetricRow) {
    let name = escape(&m.metric);
    let detail = format!(
        "base {}, run {}, change {} (confidence interval {}, significant: {}, limit {}){}",
        cells::value(m, m.base),
        cells::value(m, m.value),
        cells::change(m),
        cells::interval(m),
        cells::significant(m),
        cells::limit(m),
        m.note
            .as_ref()
            .map(|n| format!("; {n}"))
            .unwrap_or_default()
    );
    if m.status == Status::Regression {
        let message = format!(
            "{} {} over the limit {}",
            m.metric,
            cells::change(m),
            cells::limit(m)
        );
        let _ = writeln!(
            xml,
            "    <testcase classname=\"{class}\" name=\"{name}\" time=\"0\">\n      \
             <failure message=\"{}\" type=\"regression\">{}</failure>\n    </testcase>",
            escape(&message),
            escape(&detail)
        );
    } else {
        let _ = writeln!(
            xml,
            "    <testcase classname=\"{class}\" name=\"{name}\" time=\"0\">\n      \
             <system-out>{}</system-out>\n    </testcase>",
            escape(&detail)
        );
    }
}

/// Text safe inside XML attributes and elements: HTML's escaping (which XML accepts), with
/// the characters XML 1.0 forbids (most control characters) dropped.
pub fn escape(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|c| {
            matches!(c, '\t' | '\n' | '\r') || (*c >= ' ' && !matches!(c, '\u{fffe}' | '\u{ffff}'))
        })
        .collect();
    crate::report::html::escape(&allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}\nx"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;\nx"
        );
    }
}
