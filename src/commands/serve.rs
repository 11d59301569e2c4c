//! `ringbench serve`: start the reference cluster, say where it listens, stop on Ctrl-C.
//!
//! With `--profile`, the nodes and the performance model come from an embedded profile;
//! `--explain` prints that model's theoretical capacity instead of serving (`explain.rs`);
//! `--ground-truth FILE` writes the model's ground truth as JSON when the cluster stops.

mod explain;

use std::future::Future;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context};

use crate::cli::ServeArgs;
use crate::node::cluster::Credentials;
use crate::node::model::GroundTruth;
use crate::node::server::{start_cluster, ClusterConfig};
use crate::profile::{self, Profile, Target};

pub use explain::explain;

/// Serve until Ctrl-C (or, with `--explain`, print the model's capacity and return).
pub async fn run(args: &ServeArgs) -> anyhow::Result<()> {
    if args.explain {
        print!("{}", explain(args)?);
        return Ok(());
    }
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
/// cleanly when `stop` completes (then write the ground truth when `--ground-truth` asks).
/// `env` looks up environment variables (the password).
pub async fn serve_until(
    args: &ServeArgs,
    env: impl Fn(&str) -> Option<String>,
    out: &mut impl Write,
    stop: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let config = cluster_config(args, env)?;
    if let (Some(path), None) = (&args.ground_truth, &config.model) {
        bail!(
            "--ground-truth {}: this cluster has no performance model, so there is no ground \
             truth to write; pass a --profile with a `model:` section (e.g. embedded-3node)",
            path.display()
        );
    }
    let nodes = config.nodes;
    let modelled = config.model.is_some();
    let cluster = start_cluster(config).await.with_context(|| {
        format!(
            "cannot start {nodes} node(s) on {}:{}",
            args.listen, args.port
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
    if let (true, Some(name)) = (modelled, &args.profile) {
        writeln!(
            out,
            "performance model of profile {name} (`ringbench serve --explain --profile {name}` \
             shows its capacity)"
        )?;
    }
    writeln!(out, "press Ctrl-C to stop")?;
    out.flush()?;
    stop.await;
    let truth = cluster.ground_truth();
    cluster.shutdown().await;
    writeln!(out, "stopped")?;
    if let (Some(path), Some(truth)) = (&args.ground_truth, truth) {
        write_ground_truth(path, &truth)?;
        writeln!(out, "ground truth written to {}", path.display())?;
    }
    Ok(())
}

/// Write `truth` as pretty JSON to `path` (the run directory's `ground-truth.json`, or
/// `serve --ground-truth FILE`).
pub fn write_ground_truth(path: &Path, truth: &GroundTruth) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(truth)
        .context("cannot encode the model's ground truth as JSON")?;
    std::fs::write(path, text + "\n").with_context(|| {
        format!(
            "cannot write the ground truth to {}; check that its folder exists and is writable",
            path.display()
        )
    })
}

/// The embedded profile `--profile` names, with its nodes and model.
fn serve_profile(name: &str) -> anyhow::Result<(Profile, usize)> {
    let profile = profile::open(name)?;
    match &profile.target {
        Target::Embedded { nodes, .. } => {
            let nodes = *nodes;
            Ok((profile, nodes))
        }
        Target::Remote(_) => bail!(
            "--profile {name}: profile '{}' connects to a running cluster (`contact_points`); \
             serve needs an embedded profile (e.g. embedded-3node, see `ringbench list`)",
            profile.name
        ),
    }
}

/// Validate the arguments into a cluster configuration (reads the password and the profile).
pub fn cluster_config(
    args: &ServeArgs,
    env: impl Fn(&str) -> Option<String>,
) -> anyhow::Result<ClusterConfig> {
    let (nodes, model) = match &args.profile {
        Some(name) => {
            let (profile, nodes) = serve_profile(name)?;
            (nodes, profile.model().cloned())
        }
        None => (usize::from(args.nodes), None),
    };
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
        nodes,
        listen: args.listen,
        port: args.port,
        auth,
        cluster_name: args.cluster_name.clone(),
        model,
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
            profile: None,
            explain: false,
            rf: None,
            consistency: None,
            ground_truth: None,
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

    #[test]
    fn a_profile_gives_the_nodes_and_the_model() {
        let mut a = args(None);
        a.profile = Some("embedded-3node-gc".into());
        let config = cluster_config(&a, |_| None).unwrap_or_else(|e| panic!("{e:#}"));
        let expected = profile::open("embedded-3node-gc")
            .ok()
            .and_then(|p| p.model().cloned());
        assert_eq!(config.nodes, 3);
        assert!(config.model.is_some());
        assert_eq!(config.model, expected);
        assert_eq!(config.port, a.port);
    }

    #[test]
    fn a_remote_profile_cannot_be_served() {
        let mut a = args(None);
        a.profile = Some("cassandra-example".into());
        let err = cluster_config(&a, |_| None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("embedded profile"), "{err}");
    }

    #[tokio::test]
    async fn ground_truth_without_a_model_is_refused_before_starting() {
        let mut a = args(None);
        a.ground_truth = Some("truth.json".into());
        let mut out = Vec::new();
        let err = serve_until(&a, |_| None, &mut out, async {})
            .await
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("no performance model"), "{err}");
        assert!(out.is_empty(), "started anyway");
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
