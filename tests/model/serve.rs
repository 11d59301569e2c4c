//! `ringbench serve --profile P --ground-truth FILE`: the nodes and the model come from the
//! profile, the listening flags still apply, and at shutdown the ground truth holds every
//! request the client sent, per node and class.

use std::io::Write;
use std::time::Duration;

use clap::Parser as _;
use ringbench::cli::{Cli, Command};
use ringbench::commands::serve::serve_until;
use scylla::client::session_builder::SessionBuilder;
use tokio::sync::mpsc;

use crate::model::support as m;
use crate::support::Scratch;

/// What `serve` prints, passed on to the test as it is written.
struct Lines(mpsc::UnboundedSender<Vec<u8>>);

impl Write for Lines {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let _ = self.0.send(buf.to_vec());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Read `serve`'s output until it says it is ready; return it.
async fn until_ready(rx: &mut mpsc::UnboundedReceiver<Vec<u8>>) -> String {
    let mut text = String::new();
    while !text.contains("press Ctrl-C to stop") {
        match tokio::time::timeout(Duration::from_secs(10), rx.recv()).await {
            Ok(Some(bytes)) => text.push_str(&String::from_utf8_lossy(&bytes)),
            _ => panic!("serve did not get ready; it printed:\n{text}"),
        }
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_with_a_profile_writes_the_ground_truth_at_shutdown() {
    let _serial = m::serial().await;
    let scratch = Scratch::new("serve-truth");
    let truth_path = scratch.dir.join("truth.json");
    let truth_arg = truth_path.to_string_lossy().into_owned();
    let line = [
        "ringbench",
        "serve",
        "--profile",
        "embedded-3node",
        "--port",
        "0",
        "--ground-truth",
        &truth_arg,
    ];
    let args = match Cli::try_parse_from(line) {
        Ok(Cli {
            command: Command::Serve(args),
        }) => args,
        other => panic!("{line:?}: {other:?}"),
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut out = Lines(tx);
    const READS: usize = 30;
    let client = async move {
        let text = until_ready(&mut rx).await;
        // "node 1: 127.0.0.1:PORT (datacenter1, rack1)"
        let first = text
            .lines()
            .find_map(|l| l.strip_prefix("node 1: "))
            .and_then(|l| l.split(' ').next())
            .unwrap_or_else(|| panic!("no node 1 in:\n{text}"));
        assert!(text.contains("node 3: 127.0.0.3:"), "{text}");
        assert!(
            text.contains("performance model of profile embedded-3node"),
            "{text}"
        );
        let session = SessionBuilder::new()
            .known_node(first)
            .build()
            .await
            .unwrap_or_else(|e| panic!("cannot connect to {first}: {e}"));
        let setup = [
            "CREATE KEYSPACE serve_truth WITH replication = \
             {'class': 'NetworkTopologyStrategy', 'datacenter1': 3}",
            "CREATE TABLE serve_truth.kv (key int PRIMARY KEY, value text)",
        ];
        for cql in setup {
            if let Err(e) = session.query_unpaged(cql, &[]).await {
                panic!("{cql}: {e}");
            }
        }
        let read = "SELECT value FROM serve_truth.kv WHERE key = ?";
        for key in 0..READS as i32 {
            if let Err(e) = session.query_unpaged(read, (key,)).await {
                panic!("{read}: {e}");
            }
        }
    };
    let served = serve_until(&args, |_| None, &mut out, client).await;
    assert!(served.is_ok(), "{served:?}");

    let text = std::fs::read_to_string(&truth_path)
        .unwrap_or_else(|e| panic!("{}: {e}", truth_path.display()));
    let truth: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON: {e}\n{text}"));
    let nodes = truth["nodes"].as_array().cloned().unwrap_or_default();
    assert_eq!(nodes.len(), 3, "{text}");
    // Each node's entry names where it listened: node index i on 127.0.0.(i+1).
    for (i, node) in nodes.iter().enumerate() {
        let address = node["address"].as_str().unwrap_or_default();
        assert!(
            address.starts_with(&format!("127.0.0.{}:", i + 1)),
            "node {i}: {address:?} in {text}"
        );
    }
    let count = |class: &str| -> u64 {
        nodes
            .iter()
            .flat_map(|n| n["classes"].as_array().cloned().unwrap_or_default())
            .filter(|c| c["class"] == class)
            .map(|c| c["count"].as_u64().unwrap_or(0))
            .sum()
    };
    assert_eq!(count("read"), READS as u64, "{text}");
    assert_eq!(count("schema"), 2, "{text}");
}
