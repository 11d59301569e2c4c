//! Generator throughput: values per second for each generator family, and for the full set
//! of values of each shipped workload's operations (what a worker generates per request).
//!
//! `cargo bench --bench generate` prints one line per generator. Figures, not assertions:
//! compare them across commits on the same machine.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ringbench::generate::Value;
use ringbench::workload;

/// One binding `b` per line, each in its own workload.
const FAMILIES: &[(&str, &str)] = &[
    ("constant", "b: 42"),
    ("cycle", "b: cycle"),
    ("uniform int", "b: { uniform: { min: 0, max: 1000000 } }"),
    ("uniform float", "b: { uniform: { min: 0, max: 1.0 } }"),
    ("normal", "b: { normal: { mean: 100, stddev: 15 } }"),
    ("exponential", "b: { exponential: { mean: 10 } }"),
    (
        "log_normal",
        "b: { log_normal: { median: 200, p99: 1500 } }",
    ),
    ("zipf 1M", "b: { zipf: { n: 1m, exponent: 1.1 } }"),
    ("sequence", "b: { sequence: { start: 0, wrap: 1m } }"),
    ("permutation 1M", "b: { permutation: { n: 1m } }"),
    (
        "choice",
        "b: { choice: [{ value: a, weight: 9 }, { value: b, weight: 1 }] }",
    ),
    ("text 32", "b: { text: 32 }"),
    ("blob 256", "b: { blob: 256 }"),
    ("uuid", "b: uuid"),
    ("timeuuid", "b: timeuuid"),
    ("clock", "b: { clock: { step: 1ms } }"),
    (
        "bucket of clock",
        "t: { clock: { step: 1ms } }\n  b: { bucket: { of: t, size: 1d } }",
    ),
    (
        "derived",
        "t: { clock: { step: 1ms } }\n  b: { derived: \"t - 5m\" }",
    ),
    (
        "list of 5 ints",
        "b: { list: { size: 5, of: { uniform: { min: 0, max: 100 } } } }",
    ),
];

/// Run `f` for at least `budget`, return calls per second.
fn rate(budget: Duration, mut f: impl FnMut(u64)) -> f64 {
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        for _ in 0..1000 {
            f(n);
            n += 1;
        }
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let budget = Duration::from_millis(300);
    println!("{:<28} {:>14}", "generator", "values/s");
    for (name, binding) in FAMILIES {
        let text = format!(
            "name: bench\nbindings:\n  {binding}\noperations:\n  op: {{ cql: 'SELECT v FROM kv WHERE k = :b' }}\n\
             phases: [{{ name: p, ops: 1 }}]\n"
        );
        let plan = match workload::load("bench.yaml", &text) {
            Ok(w) => w.compile(None),
            Err(e) => {
                eprintln!("{name}: {e}");
                continue;
            }
        };
        let wanted = [plan.bindings.index_of("b").unwrap_or(0)];
        let mut out: Vec<Value> = Vec::with_capacity(4);
        let per_sec = rate(budget, |cycle| {
            out.clear();
            plan.bindings.generate(7, cycle, &wanted, &mut out);
            black_box(&out);
        });
        println!("{name:<28} {per_sec:>14.0}");
    }
    println!();
    println!("{:<28} {:>14}", "operation (all its markers)", "requests/s");
    for (name, _) in workload::shipped() {
        let Ok(plan) = workload::load_named(name) else {
            continue;
        };
        for op in &plan.operations {
            let mut out: Vec<Value> = Vec::with_capacity(op.markers.len());
            let per_sec = rate(budget, |cycle| {
                out.clear();
                plan.bindings.generate(7, cycle, &op.markers, &mut out);
                black_box(&out);
            });
            println!("{:<28} {per_sec:>14.0}", format!("{name}/{}", op.name));
        }
    }
}
