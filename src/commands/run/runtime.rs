//! The client's own runtime: `ringbench run` drives the cluster from one dedicated thread
//! running a single-threaded tokio runtime, whatever runtime the process started with.
//!
//! Why: with the work-stealing multi-threaded runtime, every response, timer tick and
//! request hand-off wakes a parked worker thread of the runtime, and those wake-ups and
//! context switches cost more client CPU than the requests themselves (at 20k ops/s on a
//! 2-core machine a run used ~1.4x the CPU per request of the same code on one thread; see
//! `scripts/client-cpu.sh`). On one thread the workers, the driver's connection tasks and the
//! timers hand work to each other without leaving the thread, so a wake-up carries a whole
//! batch of sends and completions. One thread sustains well over 100k requests per second of
//! client work; the in-process reference cluster (embedded profiles) runs on it too.
//!
//! Ctrl-C is still caught on the process's runtime; it reaches the run through its stop
//! channel, which works across runtimes.

use std::future::Future;

use anyhow::Context as _;

/// Run the future `make` builds on a new thread with its own single-threaded runtime and
/// wait (asynchronously) for its result.
pub async fn on_client_thread<F, Fut, T>(make: F) -> anyhow::Result<T>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = anyhow::Result<T>>,
    T: Send + 'static,
{
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("ringbench-client".into())
        .spawn(move || {
            let result = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .context("cannot start the client's async runtime")
                .and_then(|runtime| runtime.block_on(make()));
            // The receiver only goes away if the caller was dropped; nobody wants the result.
            let _ = tx.send(result);
        })
        .context("cannot start the client's thread")?;
    rx.await
        .context("the client's thread ended without a result (it panicked; see above)")?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_on_its_own_single_threaded_runtime_and_returns_the_result() {
        let caller = std::thread::current().id();
        let (thread, flavor) = on_client_thread(|| async {
            let flavor = tokio::runtime::Handle::current().runtime_flavor();
            Ok((std::thread::current().id(), flavor))
        })
        .await
        .expect("runs");
        assert_ne!(thread, caller);
        assert_eq!(flavor, tokio::runtime::RuntimeFlavor::CurrentThread);
        let failed = on_client_thread(|| async { Err::<(), _>(anyhow::anyhow!("no cluster")) })
            .await
            .expect_err("errors come back");
        assert_eq!(failed.to_string(), "no cluster");
    }

    #[tokio::test]
    async fn a_panic_on_the_client_thread_is_an_error_not_a_hang() {
        let err = on_client_thread(|| async {
            if std::env::var_os("RINGBENCH_NEVER_SET_THIS").is_none() {
                panic!("the client broke");
            }
            Ok(())
        })
        .await
        .expect_err("a panic is reported");
        assert!(err.to_string().contains("panicked"), "{err}");
    }
}
