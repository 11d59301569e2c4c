"""Drives the reference node with the DataStax Python driver, a client we did not write.

Usage: driver_script.py HOST PORT [NODES]   (or RINGBENCH_HOST / RINGBENCH_PORT / RINGBENCH_NODES)

Connects the way an application would (protocol negotiated from the driver's default, schema
and token metadata on, token-aware routing, lz4 when the lz4 package is installed), then checks
DDL + driver metadata, DML with simple and prepared statements, collections, counters, LWT,
batches, paging, TTL and timestamps, and error codes. Every expectation is what Apache
Cassandra 4.1 answers. Prints one line per check and a summary; exits 1 if any check failed.
"""

import logging
import os
import sys

sys.dont_write_bytecode = True  # keep tests/compat/ free of __pycache__ when run by hand

from cassandra import AlreadyExists, InvalidRequest, ProtocolVersion
from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile
from cassandra.policies import DCAwareRoundRobinPolicy, TokenAwarePolicy
from cassandra.protocol import SyntaxException
from cassandra.query import dict_factory

from checks import Runner, expect, expect_error, expect_true, host_and_port
import driver_dml

KEYSPACE = "compat_py"

# The tables every later check uses. Types are written as users write them (varchar, mixed
# case keywords); the expectations below are what Cassandra reports back.
TABLES = {
    "users": "CREATE TABLE users (id int PRIMARY KEY, name varchar, age int, emails set<text>, "
    "tags list<text>, props map<text, int>)",
    "events": "CREATE TABLE events (sensor text, day date, ts timestamp, seq int, value double, "
    "site text STATIC, PRIMARY KEY ((sensor, day), ts, seq)) "
    "WITH CLUSTERING ORDER BY (ts DESC, seq ASC)",
    "hits": "CREATE TABLE hits (page text PRIMARY KEY, views counter, clicks counter)",
    "pages": "CREATE TABLE pages (k int, c int, v text, PRIMARY KEY (k, c))",
    "scalars": "CREATE TABLE scalars (id int PRIMARY KEY, a ascii, bi bigint, bl blob, bo boolean, "
    "d date, dec decimal, dbl double, du duration, f float, ip inet, i int, si smallint, "
    "t text, tm time, ts timestamp, tu timeuuid, ti tinyint, u uuid, vi varint, "
    "fl frozen<list<int>>, tp tuple<int, text>)",
}

# (partition key, clustering key with order, {column: cql type}, static columns) per table.
EXPECTED_TABLES = {
    "users": (["id"], [], {"id": "int", "name": "text", "age": "int", "emails": "set<text>",
                           "tags": "list<text>", "props": "map<text, int>"}, []),
    "events": (["sensor", "day"], [("ts", "DESC"), ("seq", "ASC")],
               {"sensor": "text", "day": "date", "ts": "timestamp", "seq": "int",
                "value": "double", "site": "text"}, ["site"]),
    "hits": (["page"], [], {"page": "text", "views": "counter", "clicks": "counter"}, []),
    "pages": (["k"], [("c", "ASC")], {"k": "int", "c": "int", "v": "text"}, []),
    "scalars": (["id"], [], {"id": "int", "a": "ascii", "bi": "bigint", "bl": "blob",
                             "bo": "boolean", "d": "date", "dec": "decimal", "dbl": "double",
                             "du": "duration", "f": "float", "ip": "inet", "i": "int",
                             "si": "smallint", "t": "text", "tm": "time", "ts": "timestamp",
                             "tu": "timeuuid", "ti": "tinyint", "u": "uuid", "vi": "varint",
                             "fl": "frozen<list<int>>", "tp": "frozen<tuple<int, text>>"}, []),
}


class Context:
    """What the checks share: the connected cluster and session, and the run's parameters."""

    def __init__(self, host, port, nodes):
        self.host, self.port, self.nodes = host, port, nodes
        self.keyspace = KEYSPACE
        profile = ExecutionProfile(
            load_balancing_policy=TokenAwarePolicy(DCAwareRoundRobinPolicy()),
            row_factory=dict_factory,
            request_timeout=20,
        )
        # No protocol_version: the driver must negotiate down to v4 like against Cassandra.
        self.cluster = Cluster([host], port=port, execution_profiles={EXEC_PROFILE_DEFAULT: profile},
                               connect_timeout=10, control_connection_timeout=10)
        self.session = None

    def connect(self):
        self.session = self.cluster.connect(wait_for_all_pools=True)
        return self.session


def check_connect_negotiates_v4(ctx):
    ctx.connect()
    expect(ctx.cluster.protocol_version, ProtocolVersion.V4, "negotiated protocol version")
    # The venv has the lz4 package, so the driver asks for lz4 in STARTUP (private attribute:
    # the driver exposes no public one).
    control = ctx.cluster.control_connection._connection
    expect(getattr(control, "_compression_type", None), "lz4", "frame compression negotiated")
    meta = ctx.cluster.metadata
    expect_true(meta.cluster_name, "system.local cluster_name is empty")
    expect(meta.partitioner, "org.apache.cassandra.dht.Murmur3Partitioner", "partitioner")
    hosts = sorted(h.endpoint.address for h in meta.all_hosts())
    expect(len(hosts), ctx.nodes, "hosts found via system.local + system.peers_v2 (%s)" % hosts)
    for h in meta.all_hosts():
        expect(h.datacenter, "datacenter1", "data center of %s" % h.endpoint)
        expect_true(h.is_up, "host %s is not up" % h.endpoint)
        expect_true(h.release_version and h.release_version.startswith("4."),
                    "release_version of %s should be 4.x, got %r" % (h.endpoint, h.release_version))
    expect_true(meta.token_map is not None, "no token map: system.local/peers tokens missing")
    owners = {meta.token_map.token_to_host_owner[t].endpoint.address for t in meta.token_map.ring}
    expect(len(owners), ctx.nodes, "distinct token owners in the ring")
    system = meta.keyspaces.get("system_schema")
    expect_true(system is not None and "columns" in system.tables,
                "driver metadata lacks system_schema.columns (system_schema not self-described)")


def check_schema_ddl(ctx):
    s = ctx.session
    s.execute("DROP KEYSPACE IF EXISTS %s" % ctx.keyspace)
    s.execute("CREATE KEYSPACE %s WITH replication = {'class': 'SimpleStrategy', "
              "'replication_factor': 1} AND durable_writes = true" % ctx.keyspace)
    s.set_keyspace(ctx.keyspace)
    for ddl in TABLES.values():
        s.execute(ddl)
    err = expect_error(AlreadyExists, lambda: s.execute(TABLES["users"]), "CREATE TABLE twice")
    expect((err.keyspace, err.table), (ctx.keyspace, "users"), "AlreadyExists keyspace/table")
    s.execute(TABLES["users"].replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))


def check_metadata_after_ddl(ctx):
    ks = ctx.cluster.metadata.keyspaces.get(ctx.keyspace)
    expect_true(ks is not None, "keyspace %s missing from driver metadata" % ctx.keyspace)
    expect(ks.replication_strategy.export_for_schema(),
           "{'class': 'SimpleStrategy', 'replication_factor': '1'}", "replication")
    expect(ks.durable_writes, True, "durable_writes")
    expect(sorted(ks.tables), sorted(TABLES), "tables in %s" % ctx.keyspace)
    for name, (pk, ck, columns, statics) in EXPECTED_TABLES.items():
        t = ks.tables[name]
        expect([c.name for c in t.partition_key], pk, "%s partition key" % name)
        expect([(c.name, "DESC" if c.is_reversed else "ASC") for c in t.clustering_key], ck,
               "%s clustering key" % name)
        expect({c: m.cql_type for c, m in t.columns.items()}, columns, "%s columns" % name)
        expect(sorted(c for c, m in t.columns.items() if m.is_static), statics, "%s statics" % name)
        expect_true(not t.is_compact_storage, "%s reported as COMPACT STORAGE (flags?)" % name)


def check_metadata_follows_drop(ctx):
    s = ctx.session
    s.execute("CREATE TABLE scratch (k int PRIMARY KEY, v int)")
    expect_true("scratch" in ctx.cluster.metadata.keyspaces[ctx.keyspace].tables,
                "new table not in metadata after CREATE (schema refresh by table)")
    s.execute("DROP TABLE scratch")
    expect_true("scratch" not in ctx.cluster.metadata.keyspaces[ctx.keyspace].tables,
                "dropped table still in metadata")
    expect_error(InvalidRequest, lambda: s.execute("DROP TABLE scratch"), "DROP missing table")
    s.execute("DROP TABLE IF EXISTS scratch")


def check_token_aware_routing(ctx):
    """With replication_factor 1 every prepared statement must go to the key's one replica."""
    s = ctx.session
    ps = s.prepare("SELECT * FROM users WHERE id = ?")
    owners = set()
    for key in range(40):
        bound = ps.bind((key,))
        replicas = ctx.cluster.metadata.get_replicas(ctx.keyspace, bound.routing_key)
        expect(len(replicas), 1, "replicas of id=%d (SimpleStrategy, rf 1)" % key)
        coordinator = s.execute(bound).response_future.coordinator_host
        expect(coordinator, replicas[0], "coordinator of id=%d" % key)
        owners.add(coordinator)
    expect(len(owners), ctx.nodes, "nodes that own at least one of 40 keys")


def check_errors(ctx):
    s = ctx.session
    expect_error(InvalidRequest, lambda: s.execute("SELECT * FROM nosuch_table"),
                 "SELECT from a missing table", message_contains="nosuch_table")
    expect_error(SyntaxException, lambda: s.execute("SELEC * FROM users"), "syntax error")
    expect_error(InvalidRequest, lambda: s.execute("INSERT INTO users (name) VALUES ('x')"),
                 "INSERT without the partition key")
    expect_error(InvalidRequest, lambda: s.execute("SELECT * FROM users WHERE name = 'x'"),
                 "filter on a regular column without ALLOW FILTERING")
    expect_error(InvalidRequest, lambda: s.execute("INSERT INTO scalars (id, tp) VALUES (1, [7, 'x'])"),
                 "list literal for a tuple column",
                 message_contains="Invalid list literal for tp of type frozen<tuple<int, text>>")


def check_second_client_plain_v4(ctx):
    """No compression, protocol pinned to v4 (no negotiation), fixed client timestamps."""
    fixed = 1_600_000_000_000_000
    profile = ExecutionProfile(load_balancing_policy=DCAwareRoundRobinPolicy(), row_factory=dict_factory)
    other = Cluster([ctx.host], port=ctx.port, protocol_version=4, compression=False,
                    execution_profiles={EXEC_PROFILE_DEFAULT: profile}, timestamp_generator=lambda: fixed)
    try:
        s = other.connect(ctx.keyspace)
        s.execute("INSERT INTO users (id, name) VALUES (900, 'stamped')")
        row = s.execute("SELECT WRITETIME(name) AS wt FROM users WHERE id = 900").one()
        expect(row, {"wt": fixed}, "write time = the client's default timestamp (flag 0x20)")
        s.execute("DELETE FROM users WHERE id = 900")
        # Same timestamp for the INSERT and the DELETE: in Cassandra the tombstone wins a tie.
        row = s.execute("SELECT name FROM users WHERE id = 900").one()
        expect(row, None, "row after a DELETE carrying the INSERT's timestamp")
    finally:
        other.shutdown()


def check_drop_keyspace(ctx):
    ctx.session.execute("DROP KEYSPACE %s" % ctx.keyspace)
    expect_true(ctx.keyspace not in ctx.cluster.metadata.keyspaces, "keyspace still in metadata after DROP")


def main():
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    host, port, nodes = host_and_port(sys.argv, os.environ)
    ctx = Context(host, port, nodes)
    runner = Runner("driver_script")
    runner.run(check_connect_negotiates_v4, ctx)
    if ctx.session is None:
        return runner.finish()
    runner.run(check_schema_ddl, ctx)
    runner.run(check_metadata_after_ddl, ctx)
    runner.run(check_metadata_follows_drop, ctx)
    runner.run(check_token_aware_routing, ctx)
    for check in driver_dml.CHECKS:
        runner.run(check, ctx)
    runner.run(check_errors, ctx)
    runner.run(check_second_client_plain_v4, ctx)
    runner.run(check_drop_keyspace, ctx)
    ctx.cluster.shutdown()
    return runner.finish()


if __name__ == "__main__":
    sys.exit(main())
