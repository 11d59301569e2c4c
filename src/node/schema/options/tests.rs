//! Table option parsing against Cassandra 4.1's behaviour.

use super::*;

fn props(items: &[(&str, PropertyValue)]) -> Properties {
    items
        .iter()
        .map(|(n, v)| (n.to_string(), v.clone()))
        .collect()
}

fn c(v: &str) -> PropertyValue {
    PropertyValue::Constant(v.to_string())
}

fn m(entries: &[(&str, &str)]) -> PropertyValue {
    PropertyValue::Map(
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

fn code_and_message(p: Properties) -> (i32, String) {
    let err = from_properties(&p).expect_err("expected an error");
    (err.code(), err.to_string())
}

#[test]
fn no_properties_gives_every_default() {
    let (options, id) = from_properties(&Vec::new()).unwrap();
    assert_eq!(id, None);
    assert_eq!(options.len(), TABLE_OPTIONS.len());
    assert_eq!(options[GC_GRACE_SECONDS], c("864000"));
    assert_eq!(options[SPECULATIVE_RETRY], c("99p"));
    assert_eq!(options[CRC_CHECK_CHANCE], c("1.0"));
}

#[test]
fn values_are_normalised() {
    let (options, _) = from_properties(&props(&[
        ("comment", c("hello")),
        ("default_time_to_live", c("3600")),
        ("bloom_filter_fp_chance", c("1e-2")),
        ("cdc", c("TRUE")),
        ("read_repair", c("none")),
        ("speculative_retry", c("95PERCENTILE")),
        ("compaction", m(&[("class", "LeveledCompactionStrategy")])),
        (
            "compression",
            m(&[("class", "SnappyCompressor"), ("chunk_length_in_kb", "64")]),
        ),
        (
            "caching",
            m(&[("keys", "none"), ("rows_per_partition", "100")]),
        ),
    ]))
    .unwrap();
    assert_eq!(options[COMMENT], c("hello"));
    assert_eq!(options[DEFAULT_TIME_TO_LIVE], c("3600"));
    assert_eq!(options[BLOOM_FILTER_FP_CHANCE], c("0.01"));
    assert_eq!(options[CDC], c("true"));
    assert_eq!(options[READ_REPAIR], c("NONE"));
    assert_eq!(options[SPECULATIVE_RETRY], c("95p"));
    assert_eq!(
        options[COMPACTION],
        m(&[
            (
                "class",
                "org.apache.cassandra.db.compaction.LeveledCompactionStrategy"
            ),
            ("max_threshold", "32"),
            ("min_threshold", "4"),
        ])
    );
    assert_eq!(
        options[COMPRESSION],
        m(&[
            ("chunk_length_in_kb", "64"),
            ("class", "org.apache.cassandra.io.compress.SnappyCompressor"),
        ])
    );
    assert_eq!(
        options[CACHING],
        m(&[("keys", "NONE"), ("rows_per_partition", "100")])
    );
}

#[test]
fn leveled_compaction_defaults_bloom_filter_to_a_tenth() {
    let (options, _) = from_properties(&props(&[(
        "compaction",
        m(&[("class", "LeveledCompactionStrategy")]),
    )]))
    .unwrap();
    assert_eq!(options[BLOOM_FILTER_FP_CHANCE], c("0.1"));
}

#[test]
fn disabled_compression() {
    for given in [m(&[]), m(&[("enabled", "false")])] {
        let (options, _) = from_properties(&props(&[("compression", given)])).unwrap();
        assert_eq!(options[COMPRESSION], m(&[("enabled", "false")]));
    }
}

#[test]
fn table_id_is_taken_from_with_id() {
    let id = "5a1c395e-b41f-11e5-9f22-ba0be0483c18";
    let (_, got) = from_properties(&props(&[("id", c(id))])).unwrap();
    assert_eq!(got, Some(Uuid::parse_str(id).unwrap()));
    assert_eq!(
        code_and_message(props(&[("id", c("nope"))])),
        (0x2300, "Invalid table id".into())
    );
}

#[test]
fn obsolete_options_are_ignored() {
    let (options, _) = from_properties(&props(&[("read_repair_chance", c("0.1"))])).unwrap();
    assert!(!options.contains_key("read_repair_chance"));
}

#[test]
fn syntax_errors() {
    let cases: Vec<(Properties, &str)> = vec![
        (props(&[("foo", c("1"))]), "Unknown property 'foo'"),
        (
            props(&[("comment", c("a")), ("comment", c("b"))]),
            "Multiple definition for property 'comment'",
        ),
        (
            props(&[("gc_grace_seconds", c("ten"))]),
            "Invalid integer value ten for 'gc_grace_seconds'",
        ),
        (
            props(&[("crc_check_chance", c("x"))]),
            "Invalid double value x for 'crc_check_chance'",
        ),
        (
            props(&[("comment", m(&[]))]),
            "Invalid value for property 'comment'. It should be a string",
        ),
        (
            props(&[("caching", c("all"))]),
            "Invalid value for property 'caching'. It should be a map.",
        ),
    ];
    for (p, msg) in cases {
        assert_eq!(code_and_message(p), (0x2000, msg.to_string()));
    }
}

#[test]
fn configuration_errors() {
    let cases: Vec<(Properties, &str)> = vec![
        (
            props(&[("default_time_to_live", c("-1"))]),
            "default_time_to_live must be greater than or equal to 0 (got -1)",
        ),
        (
            props(&[("default_time_to_live", c("630720001"))]),
            "default_time_to_live must be less than or equal to 630720000 (got 630720001)",
        ),
        (
            props(&[("bloom_filter_fp_chance", c("0"))]),
            "bloom_filter_fp_chance must be larger than 6.71E-5 and less than or equal to 1.0 (got 0.0)",
        ),
        (
            props(&[("min_index_interval", c("256")), ("max_index_interval", c("128"))]),
            "max_index_interval must be greater than or equal to min_index_interval (256) (got 128)",
        ),
        (
            props(&[("compaction", m(&[("min_threshold", "2")]))]),
            "Missing sub-option 'class' for the 'compaction' option",
        ),
        (
            props(&[("compaction", m(&[("class", "FooStrategy")]))]),
            "Unable to find compaction strategy class 'org.apache.cassandra.db.compaction.FooStrategy'",
        ),
        (
            props(&[("compaction", m(&[("class", "SizeTieredCompactionStrategy"), ("foo", "1")]))]),
            "Properties specified [foo] are not understood by SizeTieredCompactionStrategy",
        ),
        (
            props(&[("compaction", m(&[("class", "LeveledCompactionStrategy"), ("min_threshold", "1")]))]),
            "Min compaction threshold cannot be less than 2 (got 1)",
        ),
        (
            props(&[("compression", m(&[("class", "LZ4Compressor"), ("chunk_length_in_kb", "3")]))]),
            "chunk_length_in_kb must be a power of 2",
        ),
        (
            props(&[("compression", m(&[("class", "BrotliCompressor")]))]),
            "Could not create Compression for type org.apache.cassandra.io.compress.BrotliCompressor",
        ),
        (
            props(&[("caching", m(&[("keys", "some")]))]),
            "Invalid value 'some' for caching sub-option 'keys': only 'ALL' and 'NONE' are allowed",
        ),
        (
            props(&[("caching", m(&[("rows", "1")]))]),
            "Invalid caching sub-options [rows]: only 'keys' and 'rows_per_partition' are allowed",
        ),
    ];
    for (p, msg) in cases {
        assert_eq!(code_and_message(p), (0x2300, msg.to_string()));
    }
}
