//! Server-side DESCRIBE through the scylla driver: listings, CREATE statements exactly as
//! Cassandra 4.1 writes them, DESCRIBE CLUSTER and DESCRIBE's error messages.

use crate::cql::{assert_error, rows, run};
use crate::util;
use crate::{INVALID, SIMPLE_1};

#[tokio::test]
async fn describe_answers_like_cassandra() {
    let cluster = util::start(1).await;
    let s = util::session(&cluster).await;
    run(
        &s,
        &format!("CREATE KEYSPACE ks8 WITH replication = {SIMPLE_1}"),
    )
    .await;
    run(&s, "CREATE TABLE ks8.t (k int, c text, v set<int>, w int, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC) AND default_time_to_live = 60").await;

    let keyspaces: Vec<(String, String, String)> = rows(&s, "DESCRIBE KEYSPACES").await;
    let names: Vec<&str> = keyspaces.iter().map(|(_, _, n)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "ks8",
            "system",
            "system_auth",
            "system_distributed",
            "system_schema",
            "system_traces",
            "system_views",
            "system_virtual_schema"
        ]
    );
    assert!(keyspaces.iter().all(|(k, t, n)| k == n && t == "keyspace"));

    let table: Vec<(String, String, String, String)> = rows(&s, "DESCRIBE TABLE ks8.t").await;
    let expected = "CREATE TABLE ks8.t (\n    k int,\n    c text,\n    w int,\n    v set<int>,\n    PRIMARY KEY (k, c)\n) WITH CLUSTERING ORDER BY (c DESC)\n    AND additional_write_policy = '99p'\n    AND bloom_filter_fp_chance = 0.01\n    AND caching = {'keys': 'ALL', 'rows_per_partition': 'NONE'}\n    AND cdc = false\n    AND comment = ''\n    AND compaction = {'class': 'org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy', 'max_threshold': '32', 'min_threshold': '4'}\n    AND compression = {'chunk_length_in_kb': '16', 'class': 'org.apache.cassandra.io.compress.LZ4Compressor'}\n    AND memtable = 'default'\n    AND crc_check_chance = 1.0\n    AND default_time_to_live = 60\n    AND extensions = {}\n    AND gc_grace_seconds = 864000\n    AND max_index_interval = 2048\n    AND memtable_flush_period_in_ms = 0\n    AND min_index_interval = 128\n    AND read_repair = 'BLOCKING'\n    AND speculative_retry = '99p';";
    assert_eq!(table.len(), 1);
    assert_eq!(
        (
            table[0].0.as_str(),
            table[0].1.as_str(),
            table[0].2.as_str()
        ),
        ("ks8", "table", "t")
    );
    assert_eq!(table[0].3, expected);

    let keyspace: Vec<(String, String, String, String)> = rows(&s, "DESCRIBE KEYSPACE ks8").await;
    assert_eq!(keyspace.len(), 2);
    assert_eq!(keyspace[0].3, "CREATE KEYSPACE ks8 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'}  AND durable_writes = true;");
    assert_eq!(keyspace[1].3, expected);

    let tables: Vec<(String, String, String)> = rows(&s, "DESCRIBE TABLES").await;
    assert!(
        tables.contains(&("ks8".into(), "table".into(), "t".into())),
        "{tables:?}"
    );
    assert!(
        tables.contains(&("system".into(), "table".into(), "local".into())),
        "{tables:?}"
    );

    let cluster_row: Vec<(String, String, String)> = rows(&s, "DESCRIBE CLUSTER").await;
    assert_eq!(
        cluster_row,
        vec![(
            "ringbench".into(),
            "Murmur3Partitioner".into(),
            "DynamicEndpointSnitch".into()
        )]
    );

    assert_error(
        &s,
        "DESCRIBE KEYSPACE nope",
        INVALID,
        "'nope' not found in keyspaces",
    )
    .await;
    assert_error(
        &s,
        "DESCRIBE TABLE ks8.nope",
        INVALID,
        "Table 'nope' not found in keyspace 'ks8'",
    )
    .await;
    assert_error(
        &s,
        "DESCRIBE TABLE nope",
        INVALID,
        "No keyspace specified and no current keyspace",
    )
    .await;
    cluster.shutdown().await;
}
