//! Running a plan: workers sharing a schedule, the in-flight bound, and executing operations
//! through the scylla driver with error classification.
