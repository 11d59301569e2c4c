//! Workload YAML: the model, validation with file:line:col, and compilation into a plan.
