"""Data checks for driver_script.py: DML, collections, counters, LWT, batches, paging, TTL, types.

Each check gets the shared Context (session already USEs the test keyspace, rows come back as
dicts) and compares what the node returns with what Cassandra 4.1 returns.
"""

import datetime
import struct
import time
import uuid
from decimal import Decimal

from cassandra import ConsistencyLevel, InvalidRequest
from cassandra.concurrent import execute_concurrent_with_args
from cassandra.metadata import Murmur3Token
from cassandra.query import UNSET_VALUE, BatchStatement, BatchType, SimpleStatement
from cassandra.util import Date, Duration, Time

from checks import expect, expect_error, expect_true


def plain(value):
    """Driver value -> plain Python value, so expectations can be written as literals."""
    if value is None or isinstance(value, (bool, int, float, str, bytes, Decimal, uuid.UUID)):
        return value
    if isinstance(value, Date):
        return value.date()
    if isinstance(value, Time):
        return value.nanosecond_time
    if isinstance(value, Duration):
        return (value.months, value.days, value.nanoseconds)
    if isinstance(value, (list, tuple)):
        return type(value)(plain(v) for v in value)
    if hasattr(value, "items"):
        return {plain(k): plain(v) for k, v in value.items()}
    if hasattr(value, "__iter__") and not isinstance(value, datetime.datetime):
        return set(plain(v) for v in value)
    return value


def one(session, query, params=None):
    row = session.execute(query, params).one()
    return None if row is None else {k: plain(v) for k, v in row.items()}


def check_simple_and_prepared_dml(ctx):
    s = ctx.session
    # Simple statement with parameters: the driver inlines them as CQL literals.
    s.execute("INSERT INTO users (id, name, age, emails, tags, props) VALUES (%s, %s, %s, %s, %s, %s)",
              (1, "ann", 31, {"a@x", "b@x"}, ["t1", "t2"], {"k": 1}))
    expect(one(s, "SELECT * FROM users WHERE id = 1"),
           {"id": 1, "name": "ann", "age": 31, "emails": {"a@x", "b@x"}, "tags": ["t1", "t2"],
            "props": {"k": 1}}, "row written with inlined literals")
    ins = s.prepare("INSERT INTO users (id, name, age, emails, tags, props) VALUES (?, ?, ?, ?, ?, ?)")
    expect(ins.routing_key_indexes, [0], "prepared INSERT pk_indexes")
    expect([c.name for c in ins.column_metadata], ["id", "name", "age", "emails", "tags", "props"],
           "prepared INSERT bind variable names")
    for i in range(2, 21):
        s.execute(ins, (i, "user%d" % i, 20 + i, {"u%d@x" % i}, ["x"] * (i % 3), {"n": i}))
    sel = s.prepare("SELECT name, age FROM users WHERE id = ?")
    expect([c[2] for c in sel.result_metadata], ["name", "age"], "prepared SELECT result columns")
    for i in (2, 11, 20):
        expect(plain(dict(s.execute(sel, (i,)).one())), {"name": "user%d" % i, "age": 20 + i},
               "prepared SELECT id=%d" % i)
    s.execute(ins, (3, UNSET_VALUE, 99, UNSET_VALUE, UNSET_VALUE, UNSET_VALUE))
    expect(one(s, "SELECT name, age FROM users WHERE id = 3"), {"name": "user3", "age": 99},
           "UNSET values leave columns untouched")
    s.execute(ins, (4, None, 5, None, None, None))
    expect(one(s, "SELECT name, emails FROM users WHERE id = 4"), {"name": None, "emails": None},
           "null bound values delete the cells")
    # Collection updates.
    s.execute("UPDATE users SET emails = emails + {'c@x'}, tags = tags + ['t3'], props['j'] = 2 WHERE id = 1")
    s.execute("UPDATE users SET tags = ['t0'] + tags, emails = emails - {'a@x'} WHERE id = 1")
    s.execute("DELETE props['k'] FROM users WHERE id = 1")
    expect(one(s, "SELECT emails, tags, props FROM users WHERE id = 1"),
           {"emails": {"b@x", "c@x"}, "tags": ["t0", "t1", "t2", "t3"], "props": {"j": 2}},
           "collections after append/prepend/remove/put/delete-key")
    s.execute("DELETE age FROM users WHERE id = 2")
    expect(one(s, "SELECT name, age FROM users WHERE id = 2"), {"name": "user2", "age": None},
           "DELETE of one column")
    s.execute("DELETE FROM users WHERE id = 5")
    expect(one(s, "SELECT * FROM users WHERE id = 5"), None, "DELETE of a row")
    expect(one(s, "SELECT COUNT(*) FROM users WHERE id IN (1, 2, 3, 5, 77)"), {"count": 3},
           "COUNT(*) over IN")


def check_clustering_and_static(ctx):
    s = ctx.session
    ins = s.prepare("INSERT INTO events (ts, sensor, seq, day, value) VALUES (?, ?, ?, ?, ?)")
    expect(ins.routing_key_indexes, [1, 3], "pk_indexes of a composite partition key")
    day = datetime.date(2024, 2, 29)
    base = datetime.datetime(2024, 2, 29, 12, 0, 0)
    for i in range(5):
        for seq in (1, 0):
            s.execute(ins, (base + datetime.timedelta(seconds=i), "s1", seq, day, i + seq / 10))
    s.execute("UPDATE events SET site = 'lab' WHERE sensor = 's1' AND day = '2024-02-29'")
    rows = [plain(dict(r)) for r in s.execute("SELECT ts, seq, site FROM events WHERE sensor = %s AND day = %s",
                                              ("s1", day))]
    want = [{"ts": base + datetime.timedelta(seconds=i), "seq": seq, "site": "lab"}
            for i in (4, 3, 2, 1, 0) for seq in (0, 1)]
    expect(rows, want, "clustering order (ts DESC, seq ASC) with the static column on every row")
    rows = [(r["ts"].second, r["seq"]) for r in s.execute(
        "SELECT ts, seq FROM events WHERE sensor = 's1' AND day = '2024-02-29' AND ts >= %s "
        "ORDER BY ts ASC, seq DESC LIMIT 3", (base + datetime.timedelta(seconds=3),))]
    expect(rows, [(3, 1), (3, 0), (4, 1)], "reversed ORDER BY with a range and LIMIT")


def check_counters(ctx):
    s = ctx.session
    for _ in range(2):
        s.execute("UPDATE hits SET views = views + 3 WHERE page = 'home'")
    inc = s.prepare("UPDATE hits SET views = views + ?, clicks = clicks + ? WHERE page = ?")
    s.execute(inc, (-1, 1, "home"))
    expect(one(s, "SELECT * FROM hits WHERE page = 'home'"), {"page": "home", "views": 5, "clicks": 1},
           "counter values")
    expect_error(InvalidRequest, lambda: s.execute("INSERT INTO hits (page, views) VALUES ('x', 1)"),
                 "INSERT into a counter table")


def check_lwt(ctx):
    s = ctx.session
    rs = s.execute("INSERT INTO users (id, name, age) VALUES (100, 'lwt', 1) IF NOT EXISTS")
    expect((rs.was_applied, rs.column_names), (True, ["[applied]"]), "first INSERT IF NOT EXISTS")
    rs = s.execute("INSERT INTO users (id, name, age) VALUES (100, 'other', 9) IF NOT EXISTS")
    row = plain(dict(rs.one()))
    expect(rs.was_applied, False, "second INSERT IF NOT EXISTS applied")
    expect(rs.column_names, ["[applied]", "id", "age", "emails", "name", "props", "tags"],
           "columns of a rejected INSERT IF NOT EXISTS ([applied] + the existing row)")
    expect((row["id"], row["name"], row["age"]), (100, "lwt", 1), "existing row returned")


def check_lwt_update(ctx):
    s = ctx.session
    s.execute("INSERT INTO users (id, name, age) VALUES (100, 'lwt', 1)")
    rs = s.execute("UPDATE users SET age = 2 WHERE id = 100 IF name = 'nope'")
    expect(plain(dict(rs.one())), {"[applied]": False, "name": "lwt"}, "rejected UPDATE IF name = ...")
    rs = s.execute(SimpleStatement("UPDATE users SET age = 2 WHERE id = 100 IF name = 'lwt'",
                                   serial_consistency_level=ConsistencyLevel.LOCAL_SERIAL))
    expect(rs.was_applied, True, "UPDATE IF with the right value (LOCAL_SERIAL)")
    expect(one(s, "SELECT age FROM users WHERE id = 100"), {"age": 2}, "value after the applied UPDATE")
    rs = s.execute("UPDATE users SET age = 3 WHERE id = 101 IF EXISTS")
    expect((rs.was_applied, rs.column_names), (False, ["[applied]"]), "UPDATE IF EXISTS on a missing row")


def check_lwt_prepared_and_delete(ctx):
    s = ctx.session
    ps = s.prepare("INSERT INTO users (id, name) VALUES (?, ?) IF NOT EXISTS")
    expect(s.execute(ps, (102, "p")).was_applied, True, "prepared INSERT IF NOT EXISTS (new)")
    rs = s.execute(ps, (102, "q"))
    expect((rs.was_applied, rs.one()["name"]), (False, "p"), "prepared INSERT IF NOT EXISTS (existing)")
    expect(s.execute("DELETE FROM users WHERE id = 100 IF EXISTS").was_applied, True, "DELETE IF EXISTS")
    expect(one(s, "SELECT * FROM users WHERE id = 100"), None, "row after DELETE IF EXISTS")


def check_batches(ctx):
    s = ctx.session
    ins = s.prepare("INSERT INTO pages (k, c, v) VALUES (?, ?, ?)")
    logged = BatchStatement(batch_type=BatchType.LOGGED)
    for c in range(4):
        logged.add(ins, (500, c, "b%d" % c))
    logged.add("INSERT INTO pages (k, c, v) VALUES (%s, %s, %s)", (500, 4, "simple"))
    logged.add("UPDATE users SET name = 'batched' WHERE id = 6")
    s.execute(logged)
    expect([r["v"] for r in s.execute("SELECT v FROM pages WHERE k = 500")], ["b0", "b1", "b2", "b3", "simple"],
           "rows written by a LOGGED batch")
    expect(one(s, "SELECT name FROM users WHERE id = 6"), {"name": "batched"}, "UPDATE inside the batch")
    unlogged = BatchStatement(batch_type=BatchType.UNLOGGED)
    for k in (600, 601, 602):
        unlogged.add(ins, (k, 0, "u"))
    s.execute(unlogged)
    expect(one(s, "SELECT COUNT(*) FROM pages WHERE k IN (600, 601, 602)"), {"count": 3}, "UNLOGGED batch")
    counter = BatchStatement(batch_type=BatchType.COUNTER)
    counter.add("UPDATE hits SET views = views + 10 WHERE page = 'b'")
    counter.add("UPDATE hits SET clicks = clicks + 2 WHERE page = 'b'")
    s.execute(counter)
    expect(one(s, "SELECT views, clicks FROM hits WHERE page = 'b'"), {"views": 10, "clicks": 2}, "COUNTER batch")
    cas = BatchStatement()
    cas.add("INSERT INTO pages (k, c, v) VALUES (700, 0, 'a') IF NOT EXISTS")
    cas.add("INSERT INTO pages (k, c, v) VALUES (700, 1, 'b') IF NOT EXISTS")
    expect(s.execute(cas).was_applied, True, "conditional batch, first time")
    expect(s.execute(cas).was_applied, False, "conditional batch, second time")
    mixed = BatchStatement(batch_type=BatchType.LOGGED)
    mixed.add("UPDATE hits SET views = views + 1 WHERE page = 'c'")
    expect_error(InvalidRequest, lambda: s.execute(mixed), "counter update in a LOGGED batch")


def page_sizes(result):
    """Walk every page of a result, returning (page sizes, all rows)."""
    sizes, rows = [], []
    while True:
        sizes.append(len(result.current_rows))
        rows.extend(result.current_rows)
        if not result.has_more_pages:
            return sizes, rows
        result.fetch_next_page()


def token_of(k):
    return Murmur3Token.from_key(struct.pack(">i", k)).value


def check_paging(ctx):
    s = ctx.session
    s.execute("TRUNCATE pages")
    ins = s.prepare("INSERT INTO pages (k, c, v) VALUES (?, ?, ?)")
    rows = [(1, c, "v%d" % c) for c in range(1050)] + [(k, c, "p") for k in range(10, 40) for c in range(10)]
    failed = [r for ok, r in execute_concurrent_with_args(s, ins, rows, concurrency=32) if not ok]
    expect(failed, [], "concurrent inserts")
    sizes, got = page_sizes(s.execute(SimpleStatement("SELECT c FROM pages WHERE k = 1", fetch_size=100)))
    expect(sizes, [100] * 10 + [50], "page sizes of 1050 rows with fetch_size 100")
    expect([r["c"] for r in got], list(range(1050)), "rows across pages, in clustering order")
    first = s.execute(SimpleStatement("SELECT c FROM pages WHERE k = 1", fetch_size=300))
    again = s.execute(SimpleStatement("SELECT c FROM pages WHERE k = 1", fetch_size=300),
                      paging_state=first.paging_state)
    expect(again.current_rows[0]["c"], 300, "resuming from a saved paging_state")
    bound = s.prepare("SELECT c FROM pages WHERE k = ?")
    bound.fetch_size = 256
    sizes, _ = page_sizes(s.execute(bound, (1,)))
    expect(sizes, [256] * 4 + [26], "prepared SELECT page sizes")
    sizes, got = page_sizes(s.execute(SimpleStatement("SELECT k, c FROM pages", fetch_size=7)))
    expect(sizes, [7] * 192 + [6], "full scan page sizes (1350 rows, fetch_size 7)")
    keys = [(token_of(r["k"]), r["k"], r["c"]) for r in got]
    expect(keys, sorted(keys), "full scan order: token(k), then clustering")
    expect(len(set(keys)), 1350, "distinct rows in the full scan")
    pivot = token_of(20)
    got = {r["k"] for r in s.execute("SELECT k FROM pages WHERE token(k) > %s", (pivot,))}
    want = {k for k in [1] + list(range(10, 40)) if token_of(k) > pivot}
    expect(got, want, "partitions with token(k) > token(20)")


def check_ttl_and_timestamps(ctx):
    s = ctx.session
    s.execute("INSERT INTO users (id, name) VALUES (200, 'ttl') USING TTL 100")
    ttl = one(s, "SELECT TTL(name) FROM users WHERE id = 200")["ttl(name)"]
    expect_true(90 <= ttl <= 100, "TTL(name) right after USING TTL 100 is %r" % ttl)
    s.execute("INSERT INTO users (id, name) VALUES (201, 'short') USING TTL 1")
    s.execute("UPDATE users USING TTL 50 SET age = 1 WHERE id = 202")
    s.execute("INSERT INTO users (id, name) VALUES (203, 'old') USING TIMESTAMP 1000")
    s.execute("INSERT INTO users (id, name) VALUES (203, 'older') USING TIMESTAMP 999")
    expect(one(s, "SELECT name, WRITETIME(name) FROM users WHERE id = 203"),
           {"name": "old", "writetime(name)": 1000}, "last write wins by timestamp, not by arrival")
    ttl = one(s, "SELECT TTL(age) FROM users WHERE id = 202")["ttl(age)"]
    expect_true(40 <= ttl <= 50, "TTL(age) after UPDATE USING TTL 50 is %r" % ttl)
    time.sleep(2.2)
    expect(one(s, "SELECT * FROM users WHERE id = 201"), None, "row 2 s after USING TTL 1")
    s.execute("CREATE TABLE ttl_default (k int PRIMARY KEY, v int) WITH default_time_to_live = 1000")
    s.execute("INSERT INTO ttl_default (k, v) VALUES (1, 1)")
    ttl = one(s, "SELECT TTL(v) FROM ttl_default WHERE k = 1")["ttl(v)"]
    expect_true(990 <= ttl <= 1000, "TTL(v) with default_time_to_live = 1000 is %r" % ttl)
    s.execute("DROP TABLE ttl_default")


SCALARS = {
    "a": "ascii", "bi": 2 ** 40, "bl": b"\x00\x01\xff", "bo": True, "d": datetime.date(2024, 2, 29),
    "dec": Decimal("-12.345"), "dbl": 2.5, "f": 1.5, "ip": "10.1.2.3", "i": -7, "si": 300,
    "t": "h\u00e9llo \u2603", "tm": 3_600_000_000_123, "ts": datetime.datetime(2024, 5, 6, 7, 8, 9, 123000),
    "tu": uuid.UUID("5fc03087-d265-11e7-b8c6-83e29cd24f4c"), "ti": -5,
    "u": uuid.UUID("0f0e0d0c-0b0a-4908-8706-050403020100"), "vi": 10 ** 30, "fl": [3, 1, 2], "tp": (7, "x"),
}


def check_scalar_types(ctx):
    s = ctx.session
    names = sorted(SCALARS)
    values = [Time(SCALARS[n]) if n == "tm" else SCALARS[n] for n in names]
    cols = ", ".join(["id"] + names + ["du"])
    marks = ", ".join(["?"] * (len(names) + 2))
    s.execute(s.prepare("INSERT INTO scalars (%s) VALUES (%s)" % (cols, marks)),
              [1] + values + [Duration(1, 2, 3000)])
    # The driver inlines Python tuples as list literals unless told otherwise (its docs say so);
    # Cassandra rejects a list literal for a tuple column (checked in driver_script's errors).
    s.encoder.mapping[tuple] = s.encoder.cql_encode_tuple
    inline = ", ".join(["%s"] * (len(names) + 1))
    s.execute("INSERT INTO scalars (%s) VALUES (%s)" % (", ".join(["id"] + names), inline), [2] + values)
    for key, how in ((1, "bound"), (2, "inlined literals")):
        row = one(s, "SELECT * FROM scalars WHERE id = %s", (key,))
        want = dict(SCALARS, id=key, du=(1, 2, 3000) if key == 1 else None)
        for name in sorted(want):
            expect(row.get(name), want[name], "scalars.%s written with %s" % (name, how))


CHECKS = [
    check_simple_and_prepared_dml,
    check_clustering_and_static,
    check_counters,
    check_lwt,
    check_lwt_update,
    check_lwt_prepared_and_delete,
    check_batches,
    check_paging,
    check_ttl_and_timestamps,
    check_scalar_types,
]
