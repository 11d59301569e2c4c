//! The accept loop of one node (mini-redis style): it takes an already-bound listener and a
//! shutdown future, so callers choose the address (tests bind port 0) and the stop signal.

use std::future::Future;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::node::exec::node::NodeExecutor;

use super::connection;
use super::release::Release;

/// Accept clients on `listener` as `node` until `shutdown` completes, then close every
/// connection of this node and return once they are gone. `release` is the cluster's
/// release timer when it has a performance model.
pub async fn run(
    listener: TcpListener,
    node: NodeExecutor,
    release: Option<Release>,
    shutdown: impl Future<Output = ()>,
) {
    let (stop, stopped) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((socket, _)) => {
                    let (node, release, stopped) = (node.clone(), release.clone(), stopped.clone());
                    connections.spawn(connection::serve(socket, node, release, stopped));
                }
                // Out of file descriptors or a connection reset before accept: back off a
                // little instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = &mut shutdown => break,
        }
    }
    drop(listener);
    let _ = stop.send(true);
    while connections.join_next().await.is_some() {}
}
