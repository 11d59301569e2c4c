//! Turning a [`Profile`] into a connected scylla [`Session`]: starting the embedded reference
//! cluster when the profile asks for one, reading credentials from the environment at the
//! last moment, building the driver's execution profile (consistency, timeout, retry,
//! speculative execution, load balancing) and bounding the whole connect in time, so that an
//! unreachable cluster fails within seconds with a message naming the contact points.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use scylla::client::execution_profile::ExecutionProfile;
use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;
use scylla::client::{Compression, PoolSize};
use scylla::policies::load_balancing::DefaultPolicy;
use scylla::policies::retry::{
    DefaultRetryPolicy, DowngradingConsistencyRetryPolicy, FallthroughRetryPolicy, RetryPolicy,
};
use scylla::policies::speculative_execution::SimpleSpeculativeExecutionPolicy;

use crate::node::server::{start_cluster, ClusterConfig, RunningCluster};

use super::error::ProfileError;
use super::model::{
    Auth, CompressionChoice, Pool, Profile, Remote, RetryChoice, Target, UsernameSource,
};
use super::tls;

/// A connected session, and the embedded cluster behind it when there is one.
pub struct Connection {
    session: Arc<Session>,
    nodes: Vec<SocketAddr>,
    cluster: Option<RunningCluster>,
}

impl Connection {
    /// The driver session; clone the `Arc` into workers.
    pub fn session(&self) -> &Arc<Session> {
        &self.session
    }

    /// Addresses of the nodes the driver knows, in ring-discovery order (for an embedded
    /// cluster: node order).
    pub fn nodes(&self) -> &[SocketAddr] {
        &self.nodes
    }

    /// The in-process reference cluster, for an embedded profile.
    pub fn embedded(&self) -> Option<&RunningCluster> {
        self.cluster.as_ref()
    }

    /// End the run's connection: drop the session (closing its connections) and stop the
    /// embedded cluster, waiting until it is down.
    pub async fn close(self) {
        drop(self.session);
        if let Some(cluster) = self.cluster {
            cluster.shutdown().await;
        }
    }
}

impl std::fmt::Debug for Connection {
    /// Addresses only: the session's configuration holds the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("nodes", &self.nodes)
            .field("embedded", &self.cluster.is_some())
            .finish_non_exhaustive()
    }
}

/// Connect as `profile` says. For an embedded profile the reference cluster is started first
/// and stopped again if connecting fails.
pub async fn connect(profile: &Profile) -> Result<Connection, ProfileError> {
    match &profile.target {
        Target::Embedded { nodes, model } => {
            let cluster = start_cluster(ClusterConfig {
                nodes: *nodes,
                model: model.clone(),
                ..ClusterConfig::default()
            })
            .await
            .map_err(|source| ProfileError::StartEmbedded {
                profile: profile.name.clone(),
                nodes: *nodes,
                source,
            })?;
            let points: Vec<String> = cluster.addresses().iter().map(|a| a.to_string()).collect();
            match open_session(profile, &points, builder(profile, &points, None)?).await {
                Ok(session) => Ok(Connection {
                    nodes: cluster.addresses(),
                    session,
                    cluster: Some(cluster),
                }),
                Err(e) => {
                    cluster.shutdown().await;
                    Err(e)
                }
            }
        }
        Target::Remote(remote) => {
            let builder = builder(profile, &remote.contact_points, Some(remote))?;
            let session = open_session(profile, &remote.contact_points, builder).await?;
            let nodes = session
                .get_cluster_state()
                .get_nodes_info()
                .iter()
                .map(|n| SocketAddr::new(n.address.ip(), n.address.port()))
                .collect();
            Ok(Connection {
                session,
                nodes,
                cluster: None,
            })
        }
    }
}

/// Run the driver's connect, bounded by twice the profile's connect timeout.
async fn open_session(
    profile: &Profile,
    points: &[String],
    builder: SessionBuilder,
) -> Result<Arc<Session>, ProfileError> {
    let limit = connect_limit(profile);
    match tokio::time::timeout(limit, builder.build()).await {
        Ok(Ok(session)) => Ok(Arc::new(session)),
        Ok(Err(e)) => Err(connect_error(profile, points, &e.to_string())),
        Err(_) => Err(ProfileError::ConnectTimeout {
            profile: profile.name.clone(),
            contact_points: points.join(", "),
            after: limit,
        }),
    }
}

/// The driver's error with what to check, chosen by what it says went wrong.
fn connect_error(profile: &Profile, points: &[String], detail: &str) -> ProfileError {
    let lower = detail.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let fix = if has(&["authenticat", "credentials", "password"]) {
        "check the username and the password in the environment variables the profile's `auth` names, and that the user may log in"
    } else if has(&["not valid for name"]) {
        "the node certificates do not name the address the driver connects to: give them IP subject alternative names, or set `tls.verify_hostname: false` (the chain is still verified)"
    } else if has(&["certificaterequired"]) {
        "the cluster requires a client certificate: set `tls.cert_file` and `tls.key_file`"
    } else if has(&["tls", "certificate", "handshake", "unknownissuer"]) {
        "check the profile's `tls` settings: the CA file must have signed the nodes' certificates, and the port must be the TLS one"
    } else if has(&["resolve"]) {
        "check the host names in `contact_points` (DNS)"
    } else {
        "check that the contact points are right (address and port, 9042 by default), that the nodes are up and reachable from this machine, and that TLS is configured when the cluster requires it"
    };
    ProfileError::Connect {
        profile: profile.name.clone(),
        contact_points: points.join(", "),
        detail: detail.to_string(),
        fix,
    }
}

/// The session builder: contact points, timeouts, pool, compression, credentials, TLS and
/// the default execution profile.
fn builder(
    profile: &Profile,
    points: &[String],
    remote: Option<&Remote>,
) -> Result<SessionBuilder, ProfileError> {
    let d = &profile.driver;
    let mut b = SessionBuilder::new()
        .known_nodes(points)
        .connection_timeout(d.connect_timeout)
        .metadata_request_clientside_timeout(d.connect_timeout)
        .hostname_resolution_timeout(Some(d.connect_timeout))
        .compression(match d.compression {
            CompressionChoice::None => None,
            CompressionChoice::Lz4 => Some(Compression::Lz4),
            CompressionChoice::Snappy => Some(Compression::Snappy),
        })
        .default_execution_profile_handle(execution_profile(profile, remote).into_handle());
    if let Some(pool) = d.pool {
        b = b.pool_size(match pool {
            Pool::PerHost(n) => PoolSize::PerHost(n),
            Pool::PerShard(n) => PoolSize::PerShard(n),
        });
    }
    let Some(remote) = remote else {
        return Ok(b);
    };
    b = match (&remote.local_dc, d.routing.dc_aware) {
        (Some(dc), true) => b.prefer_datacenter(dc.clone()),
        _ => b.prefer_no_datacenter(),
    };
    if let Some(auth) = &remote.auth {
        let (user, password) = credentials(&profile.name, auth)?;
        b = b.user(user, password);
    }
    if let Some(t) = &remote.tls {
        b = b.tls_context(Some(tls::client_config(&profile.name, t)?));
    }
    Ok(b)
}

/// Read the username (when from the environment) and the password, right before use.
fn credentials(profile: &str, auth: &Auth) -> Result<(String, String), ProfileError> {
    let user = match &auth.username {
        UsernameSource::Literal(u) => u.clone(),
        UsernameSource::Env(var) => env(profile, "auth.username_env", var)?,
    };
    Ok((user, env(profile, "auth.password_env", &auth.password_env)?))
}

fn env(profile: &str, field: &'static str, var: &str) -> Result<String, ProfileError> {
    match std::env::var(var) {
        Ok(v) => Ok(v),
        Err(std::env::VarError::NotPresent) => Err(ProfileError::MissingEnv {
            profile: profile.to_string(),
            field,
            var: var.to_string(),
        }),
        Err(std::env::VarError::NotUnicode(_)) => Err(ProfileError::EnvNotUnicode {
            profile: profile.to_string(),
            field,
            var: var.to_string(),
        }),
    }
}

/// Consistency, timeout, retry, speculative execution and load balancing, as one driver
/// execution profile that every statement of the run starts from.
fn execution_profile(profile: &Profile, remote: Option<&Remote>) -> ExecutionProfile {
    let d = &profile.driver;
    let mut lb = DefaultPolicy::builder().token_aware(d.routing.token_aware);
    lb = match (remote.and_then(|r| r.local_dc.as_ref()), d.routing.dc_aware) {
        (Some(dc), true) => lb
            .prefer_datacenter(dc.clone())
            .permit_dc_failover(d.routing.permit_dc_failover),
        _ => lb.prefer_no_datacenter(),
    };
    let retry: Arc<dyn RetryPolicy> = match d.retry {
        RetryChoice::Default => Arc::new(DefaultRetryPolicy::new()),
        RetryChoice::Fallthrough => Arc::new(FallthroughRetryPolicy::new()),
        RetryChoice::Downgrading => Arc::new(DowngradingConsistencyRetryPolicy::new()),
    };
    let mut ep = ExecutionProfile::builder()
        .consistency(profile.consistency)
        .request_timeout(d.request_timeout)
        .load_balancing_policy(lb.build())
        .retry_policy(retry)
        .speculative_execution_policy(d.speculative_execution.map(|s| {
            Arc::new(SimpleSpeculativeExecutionPolicy {
                max_retry_count: s.max_retries,
                retry_interval: s.delay,
            }) as _
        }));
    if profile.serial_consistency.is_some() {
        ep = ep.serial_consistency(profile.serial_consistency);
    }
    ep.build()
}

/// How long [`connect`] may take at most for `profile` (twice its connect timeout).
pub fn connect_limit(profile: &Profile) -> Duration {
    profile.driver.connect_timeout * 2
}
