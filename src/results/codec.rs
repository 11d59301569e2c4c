//! Histograms as text: HdrHistogram V2 compressed (deflate) + base64, the encoding the
//! HdrHistogram libraries (Java, C, Go, Rust) all read, and percentile summaries.

use base64::Engine as _;
use hdrhistogram::serialization::{Deserializer, Serializer as _, V2DeflateSerializer};

use super::error::ResultsError;
use super::model::LatencySummary;
use crate::metrics::histogram::quantile_us;
use crate::metrics::Latency;

/// The histogram as base64 of its V2 deflate serialization.
pub fn encode(histogram: &Latency) -> Result<String, ResultsError> {
    let mut bytes = Vec::new();
    V2DeflateSerializer::new()
        .serialize(histogram, &mut bytes)
        .map_err(|e| ResultsError::Histogram {
            what: "encoding".into(),
            detail: format!("{e:?}"),
        })?;
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// Reads back what [`encode`] wrote (or any V2 / V2 deflate histogram in base64). `what` names
/// the histogram in the error (e.g. `phase steady, operation read, response`). The result
/// auto-resizes, so it can take merges of any range.
pub fn decode(text: &str, what: &str) -> Result<Latency, ResultsError> {
    let fail = |detail: String| ResultsError::Histogram {
        what: format!("{what} cannot be decoded"),
        detail,
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| fail(format!("not base64: {e}")))?;
    let mut histogram: Latency = Deserializer::new()
        .deserialize(&mut bytes.as_slice())
        .map_err(|e| fail(format!("not an HdrHistogram V2 encoding: {e:?}")))?;
    histogram.auto(true);
    Ok(histogram)
}

impl LatencySummary {
    /// Percentiles p50 .. p99.99, min, mean and max of a histogram (all zero when empty).
    pub fn of(histogram: &Latency) -> Self {
        if histogram.is_empty() {
            return LatencySummary::default();
        }
        LatencySummary {
            count: histogram.len(),
            min_us: histogram.min(),
            mean_us: (histogram.mean() * 10.0).round() / 10.0,
            p50_us: quantile_us(histogram, 0.50),
            p90_us: quantile_us(histogram, 0.90),
            p99_us: quantile_us(histogram, 0.99),
            p999_us: quantile_us(histogram, 0.999),
            p9999_us: quantile_us(histogram, 0.9999),
            max_us: histogram.max(),
        }
    }
}
