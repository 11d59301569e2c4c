//! Last-write-wins, tombstones, TTL expiry, clustering order, ring order, drop and truncate.

use std::ops::Bound;

use uuid::Uuid;

use super::*;

#[test]
fn last_write_wins_whatever_the_arrival_order() {
    let data = store(Order::Asc);
    let l = data.layout.clone();
    apply(&data, 1, set_v(1, 20, 200, 0, 0, &l), 0);
    apply(&data, 1, set_v(1, 10, 100, 0, 0, &l), 0);
    assert_eq!(rows(&data, 1, V, 0), vec![(1, Some(int(20)))]);
    // A tie goes to the greater value bytes.
    apply(&data, 1, set_v(1, 5, 200, 0, 0, &l), 0);
    assert_eq!(rows(&data, 1, V, 0), vec![(1, Some(int(20)))]);
    apply(&data, 1, set_v(1, 30, 200, 0, 0, &l), 0);
    assert_eq!(rows(&data, 1, V, 0), vec![(1, Some(int(30)))]);
}

#[test]
fn row_and_cell_tombstones_shadow_older_writes_only() {
    let data = store(Order::Asc);
    let l = data.layout.clone();
    apply(&data, 1, set_v(1, 1, 100, 0, 0, &l), 0);
    let delete_row = |ts| Mutation {
        rows: vec![(
            l.clustering(vec![int(1)]),
            RowMutation {
                deletion: Some(Deletion::new(ts, 0)),
                ..RowMutation::default()
            },
        )],
        ..Mutation::default()
    };
    apply(&data, 1, delete_row(100), 0);
    assert!(
        rows(&data, 1, V, 0).is_empty(),
        "a tombstone wins a timestamp tie"
    );
    apply(&data, 1, set_v(1, 2, 90, 0, 0, &l), 0);
    assert!(
        rows(&data, 1, V, 0).is_empty(),
        "an older write arriving late stays deleted"
    );
    apply(&data, 1, set_v(1, 3, 101, 0, 0, &l), 0);
    assert_eq!(rows(&data, 1, V, 0), vec![(1, Some(int(3)))]);
    apply(
        &data,
        1,
        write(
            1,
            V,
            ColumnOp::Write(ColumnWrite::Cell(Cell::tombstone(102))),
            &l,
        ),
        0,
    );
    assert!(
        rows(&data, 1, V, 0).is_empty(),
        "UPDATE never wrote a row marker"
    );
}

#[test]
fn partition_and_range_deletions() {
    let data = store(Order::Asc);
    let l = data.layout.clone();
    for c in 1..=5 {
        apply(&data, 1, set_v(c, c, 100, 0, 0, &l), 0);
    }
    let range = Mutation {
        ranges: vec![RangeDeletion {
            start: Clustering::start(&l.order, vec![int(2)], true),
            end: Clustering::end(&l.order, vec![int(4)], false),
            deletion: Deletion::new(150, 0),
        }],
        ..Mutation::default()
    };
    apply(&data, 1, range, 0);
    let left: Vec<i32> = rows(&data, 1, V, 0).into_iter().map(|r| r.0).collect();
    assert_eq!(left, vec![1, 4, 5]);
    apply(&data, 1, set_v(3, 3, 140, 0, 0, &l), 0);
    assert_eq!(
        rows(&data, 1, V, 0).len(),
        3,
        "the range tombstone shadows a late older write"
    );
    apply(
        &data,
        1,
        Mutation {
            deletion: Some(Deletion::new(200, 0)),
            ..Mutation::default()
        },
        0,
    );
    assert!(rows(&data, 1, V, 0).is_empty());
    apply(&data, 1, set_v(9, 9, 201, 0, 0, &l), 0);
    assert_eq!(rows(&data, 1, V, 0), vec![(9, Some(int(9)))]);
}

#[test]
fn ttl_expires_with_the_injected_clock_and_is_purged() {
    let data = store(Order::Asc);
    let l = data.layout.clone();
    apply(&data, 1, set_v(1, 7, 100, 10, 1_000, &l), 1_000);
    let (pk, _) = key(1);
    let ttl = data.read(&pk, 1_004, |p| {
        let p = p.unwrap();
        let (c, r) = p.rows.iter().next().unwrap();
        live_row(&l, p, Some((c, r)), 1_004).unwrap()[V]
            .as_ref()
            .unwrap()
            .ttl
    });
    assert_eq!(ttl, Some(6));
    assert_eq!(rows(&data, 1, V, 1_009).len(), 1);
    assert!(rows(&data, 1, V, 1_010).is_empty());
    assert_eq!(
        data.partition_count(),
        0,
        "expired data is purged when read"
    );
}

#[test]
fn desc_clustering_reverses_storage_order() {
    for (order, expected) in [
        (Order::Asc, vec![-1, 1, 2, 3]),
        (Order::Desc, vec![3, 2, 1, -1]),
    ] {
        let data = store(order);
        let l = data.layout.clone();
        for c in [2, -1, 3, 1] {
            apply(&data, 7, set_v(c, c, 1, 0, 0, &l), 0);
        }
        let got: Vec<i32> = rows(&data, 7, V, 0).into_iter().map(|r| r.0).collect();
        assert_eq!(got, expected, "{order:?}");
    }
}

#[test]
fn scan_visits_partitions_in_ring_order() {
    let data = store(Order::Asc);
    let l = data.layout.clone();
    for k in 0..200 {
        apply(&data, k, set_v(0, k, 1, 0, 0, &l), 0);
    }
    let mut tokens = Vec::new();
    data.scan(Bound::Unbounded, 0, |key, _| {
        tokens.push(key.token);
        true
    });
    assert_eq!(tokens.len(), 200);
    assert!(
        tokens.windows(2).all(|w| w[0] < w[1]),
        "tokens ascend across shards"
    );
    let mid = tokens[100];
    let mut from_mid = 0;
    data.scan(
        Bound::Included(&PartitionKey::token_start(mid)),
        0,
        |_, _| {
            from_mid += 1;
            true
        },
    );
    assert_eq!(from_mid, 100);
}

#[test]
fn store_drops_and_truncates_by_table_id() {
    let store = Store::new();
    let t = table(Order::Asc);
    let data = store.table(&t);
    apply(&data, 1, set_v(1, 1, 1, 0, 0, &data.layout.clone()), 0);
    store.truncate(t.id);
    assert_eq!(data.partition_count(), 0);
    apply(&data, 1, set_v(1, 1, 1, 0, 0, &data.layout.clone()), 0);
    store.drop_table(t.id);
    assert!(store.get(t.id).is_none());
    let recreated = Table {
        id: Uuid::new_v4(),
        ..t
    };
    assert_eq!(store.table(&recreated).partition_count(), 0);
}
