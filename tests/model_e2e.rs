//! The reference node's performance model end to end (issue 4, item 5): `ringbench run`
//! in-process against embedded clusters whose profiles carry a `model:` section, measuring
//! through the real scylla driver what the model says is there.
//!
//! - `model/calibration.rs`: closed-loop throughput equals the model's capacity (1 and 3 nodes);
//! - `model/stalls.rs`: at a fixed rate, response-time percentiles match the analytic
//!   distribution of the stalls, and the ground truth agrees;
//! - `model/errors.rs`: every injected error reaches the client in the right class, and the
//!   driver's retry policies react as documented;
//! - `model/outage.rs`: a node down for 2 s mid-run is survived; the driver comes back to it.

#[path = "run/support.rs"]
mod support;

mod model {
    pub mod support;

    mod calibration;
    mod errors;
    mod outage;
    mod serve;
    mod stalls;
}
