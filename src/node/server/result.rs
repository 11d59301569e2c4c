//! RESULT bodies (section 4.2.5 of the v4 spec): Void, Rows, Set_keyspace, Prepared and
//! Schema_change, with result and prepared metadata laid out as Cassandra lays them out.

use crate::node::exec::{
    ChangeType, ColumnSpec, Outcome, PreparedResult, ResultRows, SchemaChange, SchemaTarget,
};
use crate::node::types::write_type_option;

use super::wire::{put_bytes, put_int, put_short, put_short_bytes, put_string};

const KIND_VOID: i32 = 0x0001;
const KIND_ROWS: i32 = 0x0002;
const KIND_SET_KEYSPACE: i32 = 0x0003;
const KIND_PREPARED: i32 = 0x0004;
const KIND_SCHEMA_CHANGE: i32 = 0x0005;

const GLOBAL_TABLES_SPEC: i32 = 0x0001;
const HAS_MORE_PAGES: i32 = 0x0002;
const NO_METADATA: i32 = 0x0004;

/// Append the body of a RESULT frame. `skip_metadata` is the request's Skip_metadata flag.
pub fn write_result(outcome: &Outcome, skip_metadata: bool, out: &mut Vec<u8>) {
    match outcome {
        Outcome::Void => put_int(out, KIND_VOID),
        Outcome::Rows(rows) => {
            put_int(out, KIND_ROWS);
            write_rows(rows, skip_metadata, out);
        }
        Outcome::SetKeyspace(ks) => {
            put_int(out, KIND_SET_KEYSPACE);
            put_string(out, ks);
        }
        Outcome::Prepared(prepared) => {
            put_int(out, KIND_PREPARED);
            write_prepared(prepared, out);
        }
        Outcome::SchemaChange(change) => {
            put_int(out, KIND_SCHEMA_CHANGE);
            write_schema_change(change, out);
        }
    }
}

/// `<change_type><target><options>`, shared by the RESULT and the SCHEMA_CHANGE event.
pub fn write_schema_change(change: &SchemaChange, out: &mut Vec<u8>) {
    put_string(
        out,
        match change.change {
            ChangeType::Created => "CREATED",
            ChangeType::Updated => "UPDATED",
            ChangeType::Dropped => "DROPPED",
        },
    );
    match &change.target {
        SchemaTarget::Keyspace(ks) => {
            put_string(out, "KEYSPACE");
            put_string(out, ks);
        }
        SchemaTarget::Table { keyspace, table } => {
            put_string(out, "TABLE");
            put_string(out, keyspace);
            put_string(out, table);
        }
    }
}

fn write_rows(rows: &ResultRows, skip_metadata: bool, out: &mut Vec<u8>) {
    write_metadata(
        &rows.columns,
        rows.paging_state.as_deref(),
        skip_metadata && !rows.metadata_changed,
        out,
    );
    put_int(out, rows.rows.len() as i32);
    for row in &rows.rows {
        for value in row {
            put_bytes(out, value.as_deref());
        }
    }
}

/// The table shared by every column, when there is one (Cassandra's "all in same CF").
fn global_table(columns: &[ColumnSpec]) -> Option<(&str, &str)> {
    let first = columns.first()?;
    columns
        .iter()
        .all(|c| c.keyspace == first.keyspace && c.table == first.table)
        .then_some((first.keyspace.as_str(), first.table.as_str()))
}

/// `[<global_table_spec>]<col_spec_1>...<col_spec_n>`
fn write_column_specs(columns: &[ColumnSpec], global: Option<(&str, &str)>, out: &mut Vec<u8>) {
    if let Some((ks, table)) = global {
        put_string(out, ks);
        put_string(out, table);
    }
    for column in columns {
        if global.is_none() {
            put_string(out, &column.keyspace);
            put_string(out, &column.table);
        }
        put_string(out, &column.name);
        write_type_option(&column.ty, out);
    }
}

/// Rows metadata: `<flags><columns_count>[<paging_state>][<global_table_spec>?<col_spec_i>...]`
fn write_metadata(
    columns: &[ColumnSpec],
    paging_state: Option<&[u8]>,
    no_metadata: bool,
    out: &mut Vec<u8>,
) {
    let global = global_table(columns);
    let mut flags = 0;
    if no_metadata {
        flags |= NO_METADATA;
    } else if global.is_some() {
        flags |= GLOBAL_TABLES_SPEC;
    }
    if paging_state.is_some() {
        flags |= HAS_MORE_PAGES;
    }
    put_int(out, flags);
    put_int(out, columns.len() as i32);
    if let Some(state) = paging_state {
        put_bytes(out, Some(state));
    }
    if !no_metadata {
        write_column_specs(columns, global, out);
    }
}

/// `<id><metadata><result_metadata>` (v4: the metadata carries the partition key indexes).
fn write_prepared(prepared: &PreparedResult, out: &mut Vec<u8>) {
    put_short_bytes(out, &prepared.id);
    let global = global_table(&prepared.bind_columns);
    put_int(
        out,
        if global.is_some() {
            GLOBAL_TABLES_SPEC
        } else {
            0
        },
    );
    put_int(out, prepared.bind_columns.len() as i32);
    put_int(out, prepared.pk_indexes.len() as i32);
    for index in &prepared.pk_indexes {
        put_short(out, *index);
    }
    write_column_specs(&prepared.bind_columns, global, out);
    // A statement without result columns gets empty metadata with the No_metadata flag.
    let no_result = prepared.result_columns.is_empty();
    write_metadata(&prepared.result_columns, None, no_result, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::types::CqlType;

    fn string(s: &str) -> Vec<u8> {
        let mut v = (s.len() as u16).to_be_bytes().to_vec();
        v.extend_from_slice(s.as_bytes());
        v
    }

    #[test]
    fn void_and_set_keyspace() {
        let mut out = Vec::new();
        write_result(&Outcome::Void, false, &mut out);
        assert_eq!(out, vec![0, 0, 0, 1]);
        let mut out = Vec::new();
        write_result(&Outcome::SetKeyspace("ks".into()), false, &mut out);
        let mut expected = vec![0, 0, 0, 3];
        expected.extend(string("ks"));
        assert_eq!(out, expected);
    }

    #[test]
    fn skipped_metadata_keeps_count_and_paging_state() {
        let rows = ResultRows {
            columns: vec![
                ColumnSpec {
                    keyspace: "ks".into(),
                    table: "t".into(),
                    name: "a".into(),
                    ty: CqlType::Int,
                },
                ColumnSpec {
                    keyspace: "ks".into(),
                    table: "t".into(),
                    name: "b".into(),
                    ty: CqlType::Int,
                },
            ],
            rows: vec![vec![Some(vec![0, 0, 0, 7]), None]],
            paging_state: Some(vec![9, 9]),
            metadata_changed: false,
        };
        let mut out = Vec::new();
        write_result(&Outcome::Rows(rows), true, &mut out);
        let expected: Vec<u8> = [
            &[0, 0, 0, 2][..],         // kind
            &[0, 0, 0, 6],             // flags: has_more_pages | no_metadata
            &[0, 0, 0, 2],             // columns
            &[0, 0, 0, 2, 9, 9],       // paging state
            &[0, 0, 0, 1],             // one row
            &[0, 0, 0, 4, 0, 0, 0, 7], // a = 7
            &[0xff, 0xff, 0xff, 0xff], // b = null
        ]
        .concat();
        assert_eq!(out, expected);
    }

    #[test]
    fn schema_change_table_target() {
        let mut out = Vec::new();
        let change = SchemaChange {
            change: ChangeType::Dropped,
            target: SchemaTarget::Table {
                keyspace: "ks".into(),
                table: "t".into(),
            },
        };
        write_result(&Outcome::SchemaChange(change), false, &mut out);
        let expected = [
            vec![0, 0, 0, 5],
            string("DROPPED"),
            string("TABLE"),
            string("ks"),
            string("t"),
        ]
        .concat();
        assert_eq!(out, expected);
    }

    #[test]
    fn prepared_without_markers_or_result_columns() {
        let prepared = PreparedResult {
            id: vec![1, 2],
            bind_columns: Vec::new(),
            pk_indexes: Vec::new(),
            result_columns: Vec::new(),
        };
        let mut out = Vec::new();
        write_result(&Outcome::Prepared(prepared), false, &mut out);
        let expected: Vec<u8> = [
            &[0, 0, 0, 4][..],
            &[0, 2, 1, 2],                         // id
            &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], // flags, columns, pk_count
            &[0, 0, 0, 4, 0, 0, 0, 0],             // result metadata: no_metadata, 0 columns
        ]
        .concat();
        assert_eq!(out, expected);
    }
}
