//! Results on disk: `results/<run-id>/run.json` (versioned) and `latency.hlog`.
