//! `ringbench serve`: start the reference cluster, say where it listens, stop on Ctrl-C.

use std::future::Future;
use std::io::Write;

use anyhow::{bail, Context};

use crate::cli::ServeArgs;
use crate::node::cluster::Credentials;
use crate::node::server::{start_cluster, ClusterConfig};

/// Serve until Ctrl-C.
pub async fn run(args: &ServeArgs) -> anyhow::Result<()> {
    let ctrl_c = async {
        // If the signal handler cannot be installed, serve until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    serve_until(
        args,
        |name| std::env::var(name).ok(),
        &mut std::io::stdout(),
        ctrl_c,
    )
    .await
}

/// Start the cluster described by `args`, print one line per node to `out`, and stop
/// cleanly when `stop` completes. `env` looks up environment variables (the password).
pub async fn serve_until(
    args: &ServeArgs,
    env: impl Fn(&str) -> Option<String>,
    out: &mut impl Write,
    stop: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let config = cluster_config(args, env)?;
    let cluster = start_cluster(config).await.with_context(|| {
        format!(
            "cannot start {} node(s) on {}:{}",
            args.nodes, args.listen, args.port
        )
    })?;
    for (i, node) in cluster.state().nodes.iter().enumerate() {
        writeln!(
            out,
            "node {}: {} ({}, {})",
            i + 1,
            node.address,
            node.datacenter,
            node.rack
        )?;
    }
    writeln!(out, "press Ctrl-C to stop")?;
    out.flush()?;
    stop.await;
    cluster.shutdown().await;
    writeln!(out, "stopped")?;
    Ok(())
}

/// Validate the arguments into a cluster configuration (reads the password).
pub fn cluster_config(
    args: &ServeArgs,
    env: impl Fn(&str) -> Option<String>,
) -> anyhow::Result<ClusterConfig> {
    let auth = match &args.auth {
        None => None,
        Some(spec) => {
            let Some(password) = env(&spec.password_env) else {
                bail!(
                    "--auth {user}: the environment variable {var} is not set; export the \
                     password for {user} in {var} (passwords are never read from the command line)",
                    user = spec.username,
                    var = spec.password_env
                );
            };
            if password.is_empty() {
                bail!(
                    "--auth {}: the environment variable {} is empty",
                    spec.username,
                    spec.password_env
                );
            }
            Some(Credentials {
                username: spec.username.clone(),
                password,
            })
        }
    };
    Ok(ClusterConfig {
        nodes: usize::from(args.nodes),
        listen: args.listen,
        port: args.port,
        auth,
        cluster_name: args.cluster_name.clone(),
        model: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::AuthSpec;

    fn args(auth: Option<AuthSpec>) -> ServeArgs {
        ServeArgs {
            nodes: 2,
            listen: std::net::Ipv4Addr::new(127, 0, 0, 1),
            port: 0,
            auth,
            cluster_name: "test".into(),
        }
    }

    fn spec() -> AuthSpec {
        AuthSpec {
            username: "admin".into(),
            password_env: "PW".into(),
        }
    }

    #[test]
    fn password_comes_from_the_named_variable() {
        let config = cluster_config(&args(Some(spec())), |name| {
            (name == "PW").then(|| "secret".to_string())
        });
        let auth = config.ok().and_then(|c| c.auth);
        assert_eq!(
            auth,
            Some(Credentials {
                username: "admin".into(),
                password: "secret".into()
            })
        );
    }

    #[test]
    fn missing_password_variable_is_a_clear_error() {
        let err = cluster_config(&args(Some(spec())), |_| None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("PW") && err.contains("not set"), "{err}");
    }

    #[test]
    fn no_auth_means_no_credentials() {
        let config = cluster_config(&args(None), |_| None).ok();
        assert_eq!(config.map(|c| (c.nodes, c.auth.is_none())), Some((2, true)));
    }

    #[tokio::test]
    async fn prints_one_line_per_node_and_stops() {
        let mut out = Vec::new();
        let result = serve_until(&args(None), |_| None, &mut out, async {}).await;
        assert!(result.is_ok(), "{result:?}");
        let text = String::from_utf8_lossy(&out).into_owned();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines[0].starts_with("node 1: 127.0.0.1:"), "{text}");
        assert!(lines[1].starts_with("node 2: 127.0.0.2:"), "{text}");
        assert!(lines[1].ends_with(" (datacenter1, rack1)"), "{text}");
        assert_eq!(lines[3], "stopped");
    }
}
