//! Lists, sets, maps, counters and static columns.

use super::*;

fn list(data: &TableData, k: i32, now: i64) -> Vec<i32> {
    rows(data, k, L, now)
        .into_iter()
        .flat_map(|(_, v)| decode_collection(&v.unwrap_or_default()).unwrap_or_default())
        .map(|b| i32::from_be_bytes(b.try_into().unwrap()))
        .collect()
}

#[test]
fn list_operations() {
    let data = store(Order::Asc);
    let l = data.layout.clone();
    let op = |op| write(1, L, op, &l);
    apply(
        &data,
        1,
        op(ColumnOp::ListAppend {
            values: vec![int(1), int(2)],
            timestamp: 1,
            ttl: 0,
        }),
        0,
    );
    apply(
        &data,
        1,
        op(ColumnOp::ListPrepend {
            values: vec![int(-1), int(0)],
            timestamp: 2,
            ttl: 0,
        }),
        0,
    );
    apply(
        &data,
        1,
        op(ColumnOp::ListAppend {
            values: vec![int(2)],
            timestamp: 3,
            ttl: 0,
        }),
        0,
    );
    assert_eq!(list(&data, 1, 0), vec![-1, 0, 1, 2, 2]);
    apply(
        &data,
        1,
        op(ColumnOp::ListSetIndex {
            index: 1,
            value: Some(int(9)),
            timestamp: 4,
            ttl: 0,
        }),
        0,
    );
    apply(
        &data,
        1,
        op(ColumnOp::ListRemove {
            values: vec![int(2)],
            timestamp: 5,
        }),
        0,
    );
    assert_eq!(list(&data, 1, 0), vec![-1, 9, 1]);
    let (pk, comps) = key(1);
    let err = data.apply(
        &pk,
        &comps,
        op(ColumnOp::ListSetIndex {
            index: 3,
            value: None,
            timestamp: 6,
            ttl: 0,
        }),
        0,
    );
    assert_eq!(
        err,
        Err(crate::node::error::CqlError::invalid(
            "List index 3 out of bound, list has size 3"
        ))
    );
    let overwrite = Mutation {
        rows: vec![(
            l.clustering(vec![int(1)]),
            RowMutation {
                ops: vec![
                    (
                        L,
                        ColumnOp::Write(ColumnWrite::DeleteCollection(Deletion::new(6, 0))),
                    ),
                    (
                        L,
                        ColumnOp::ListAppend {
                            values: vec![int(4)],
                            timestamp: 7,
                            ttl: 0,
                        },
                    ),
                ],
                ..RowMutation::default()
            },
        )],
        ..Mutation::default()
    };
    apply(&data, 1, overwrite, 0);
    assert_eq!(list(&data, 1, 0), vec![4]);
}

#[test]
fn set_and_map_elements_are_cells() {
    let data = store(Order::Asc);
    let l = data.layout.clone();
    let put = |col, items: Vec<(i32, Option<i32>)>, ts| {
        let cells = items
            .into_iter()
            .map(|(k, v)| {
                (
                    int(k),
                    v.map(|v| Cell::live(ts, int(v), 0, 0))
                        .unwrap_or_else(|| Cell::tombstone(ts)),
                )
            })
            .collect();
        write(1, col, ColumnOp::Write(ColumnWrite::Elements(cells)), &l)
    };
    apply(
        &data,
        1,
        put(ST, vec![(3, Some(0)), (-2, Some(0)), (10, Some(0))], 1),
        0,
    );
    apply(&data, 1, put(ST, vec![(10, None)], 2), 0);
    let set = rows(&data, 1, ST, 0)[0].1.clone().unwrap();
    let set: Vec<i32> = decode_collection(&set)
        .unwrap()
        .into_iter()
        .map(|b| i32::from_be_bytes(b.try_into().unwrap()))
        .collect();
    assert_eq!(
        set,
        vec![-2, 3],
        "sorted by the element type, removed element gone"
    );
    apply(&data, 1, put(M, vec![(5, Some(50)), (1, Some(10))], 1), 0);
    apply(&data, 1, put(M, vec![(5, Some(55))], 2), 0);
    let map = decode_map(&rows(&data, 1, M, 0)[0].1.clone().unwrap()).unwrap();
    assert_eq!(map, vec![(int(1), int(10)), (int(5), int(55))]);
    apply(&data, 1, put(M, vec![(1, None), (5, None)], 3), 0);
    assert_eq!(
        rows(&data, 1, M, 0)[0].1,
        None,
        "an empty collection reads as null"
    );
}

#[test]
fn counters_add_up_and_statics_are_shared() {
    let data = store(Order::Asc);
    let l = data.layout.clone();
    for (i, d) in [5i64, -2, 10].into_iter().enumerate() {
        apply(
            &data,
            1,
            write(
                1,
                V,
                ColumnOp::Write(ColumnWrite::CounterAdd {
                    delta: d,
                    timestamp: i as i64,
                }),
                &l,
            ),
            0,
        );
    }
    assert_eq!(
        rows(&data, 1, V, 0)[0].1,
        Some(13i64.to_be_bytes().to_vec())
    );
    let statics = Mutation {
        static_row: Some(RowMutation {
            ops: vec![(
                S,
                ColumnOp::Write(ColumnWrite::Cell(Cell::live(1, int(42), 0, 0))),
            )],
            ..RowMutation::default()
        }),
        ..Mutation::default()
    };
    apply(&data, 1, statics, 0);
    apply(&data, 1, set_v(2, 2, 1, 0, 0, &l), 0);
    let all = rows(&data, 1, S, 0);
    assert_eq!(all, vec![(1, Some(int(42))), (2, Some(int(42)))]);
}
