//! A node's life on the performance model's schedule: it serves, goes down (its listening
//! socket is dropped, so new connections are refused, and its open connections are closed),
//! and comes back on the same address and port, as a restarted Cassandra node would.
//!
//! The other nodes tell registered clients: a `STATUS_CHANGE DOWN` event once the node's
//! connections are gone, `STATUS_CHANGE UP` once it listens again. Events travel on the
//! cluster's shared channel, which only the live nodes' connections still read.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::time::sleep_until;

use crate::node::cluster::Event;
use crate::node::exec::node::NodeExecutor;

use super::listener;
use super::release::Release;

/// How often a node coming back retries binding its address while it is taken.
const REBIND_RETRY: Duration = Duration::from_millis(100);

/// Serve `node` on `listener` until `stop` turns true (or its sender is gone), with the
/// outages the cluster's model gives this node.
pub async fn run(
    mut listener: TcpListener,
    node: NodeExecutor,
    release: Option<Release>,
    stop: watch::Receiver<bool>,
) {
    let cluster = node.cluster.clone();
    let outages = cluster
        .model
        .as_ref()
        .map(|m| m.outages(node.index))
        .unwrap_or_default();
    let address = cluster.nodes.get(node.index).map(|n| n.address);
    for outage in outages {
        let down = cluster.epoch + outage.at;
        let up = down + outage.length;
        let Some(address) = address.filter(|_| up > Instant::now()) else {
            continue;
        };
        let until_down = {
            let mut stop = stop.clone();
            async move {
                tokio::select! {
                    _ = sleep_until(down.into()) => {}
                    _ = stopped(&mut stop) => {}
                }
            }
        };
        listener::run(listener, node.clone(), release.clone(), until_down).await;
        if is_stopped(&stop) {
            return;
        }
        cluster.publish(status("DOWN", address));
        let mut waiting = stop.clone();
        tokio::select! {
            _ = sleep_until(up.into()) => {}
            _ = stopped(&mut waiting) => return,
        }
        listener = match rebind(address, stop.clone()).await {
            Some(listener) => listener,
            None => return,
        };
        cluster.publish(status("UP", address));
    }
    let mut stop = stop;
    listener::run(
        listener,
        node,
        release,
        async move { stopped(&mut stop).await },
    )
    .await;
}

fn status(change: &str, address: SocketAddr) -> Event {
    Event::StatusChange {
        change: change.into(),
        address,
    }
}

/// Listen on `address` again, retrying while it is taken; `None` when stopped first.
async fn rebind(address: SocketAddr, mut stop: watch::Receiver<bool>) -> Option<TcpListener> {
    let mut warned = false;
    loop {
        match TcpListener::bind(address).await {
            Ok(listener) => return Some(listener),
            Err(e) if !warned => {
                warned = true;
                eprintln!(
                    "reference node {address} cannot listen again after its outage ({e}); retrying every {REBIND_RETRY:?}"
                );
            }
            Err(_) => {}
        }
        tokio::select! {
            _ = tokio::time::sleep(REBIND_RETRY) => {}
            _ = stopped(&mut stop) => return None,
        }
    }
}

fn is_stopped(stop: &watch::Receiver<bool>) -> bool {
    *stop.borrow() || stop.has_changed().is_err()
}

/// Completes when `stop` turns true or its sender is gone.
pub async fn stopped(stop: &mut watch::Receiver<bool>) {
    while !*stop.borrow_and_update() {
        if stop.changed().await.is_err() {
            return;
        }
    }
}
