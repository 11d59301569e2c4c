//! Cluster profiles: loading and validating (shipped profiles, positioned errors for every
//! file in tests/profile/invalid/), connecting (embedded clusters, credentials from the
//! environment, unreachable clusters, driver settings) and TLS through a test proxy.
//!
//! Everything connects to reference clusters on loopback addresses started by the test.

#[path = "util/cql.rs"]
mod cql;
mod util;

#[path = "profile/connecting.rs"]
mod connecting;
#[path = "profile/loading.rs"]
mod loading;
#[path = "profile/tls.rs"]
mod tls;
#[path = "profile/tls_proxy.rs"]
mod tls_proxy;
