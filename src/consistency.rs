//! Consistency levels by their CQL names (`LOCAL_QUORUM`, `one`, `local-serial`...), in both
//! directions, so workloads and profiles accept what operators type and results show what
//! cqlsh would show.

use scylla::statement::{Consistency, SerialConsistency};

/// Every consistency level a statement can carry, by CQL name.
const LEVELS: &[(&str, Consistency)] = &[
    ("ANY", Consistency::Any),
    ("ONE", Consistency::One),
    ("TWO", Consistency::Two),
    ("THREE", Consistency::Three),
    ("QUORUM", Consistency::Quorum),
    ("ALL", Consistency::All),
    ("LOCAL_QUORUM", Consistency::LocalQuorum),
    ("EACH_QUORUM", Consistency::EachQuorum),
    ("LOCAL_ONE", Consistency::LocalOne),
    ("SERIAL", Consistency::Serial),
    ("LOCAL_SERIAL", Consistency::LocalSerial),
];

/// `local_quorum`, `LOCAL_QUORUM`, `Local-Quorum` -> `LOCAL_QUORUM`.
fn canonical(text: &str) -> String {
    text.trim().replace('-', "_").to_ascii_uppercase()
}

/// The consistency level named `text` (any case, `_` or `-`).
pub fn parse(text: &str) -> Result<Consistency, String> {
    let wanted = canonical(text);
    LEVELS
        .iter()
        .find(|(name, _)| *name == wanted)
        .map(|(_, level)| *level)
        .ok_or_else(|| {
            format!(
                "'{text}' is not a consistency level (expected one of {})",
                names(LEVELS.iter().map(|(n, _)| *n))
            )
        })
}

/// The serial consistency level named `text`: SERIAL or LOCAL_SERIAL.
pub fn parse_serial(text: &str) -> Result<SerialConsistency, String> {
    match canonical(text).as_str() {
        "SERIAL" => Ok(SerialConsistency::Serial),
        "LOCAL_SERIAL" => Ok(SerialConsistency::LocalSerial),
        _ => Err(format!(
            "'{text}' is not a serial consistency level (expected SERIAL or LOCAL_SERIAL)"
        )),
    }
}

/// The CQL name of `level` (`LOCAL_QUORUM`).
pub fn name(level: Consistency) -> &'static str {
    LEVELS
        .iter()
        .find(|(_, l)| *l == level)
        .map(|(n, _)| *n)
        .unwrap_or("UNKNOWN")
}

/// The CQL name of a serial level.
pub fn serial_name(level: SerialConsistency) -> &'static str {
    match level {
        SerialConsistency::Serial => "SERIAL",
        SerialConsistency::LocalSerial => "LOCAL_SERIAL",
    }
}

/// The CQL names of every consistency level.
pub fn level_names() -> impl Iterator<Item = &'static str> {
    LEVELS.iter().map(|(n, _)| *n)
}

fn names<'a>(all: impl Iterator<Item = &'a str>) -> String {
    all.collect::<Vec<_>>().join(", ")
}

pub(crate) fn serialize<S: serde::Serializer>(
    level: &Consistency,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(name(*level))
}

pub(crate) fn serialize_serial<S: serde::Serializer>(
    level: &Option<SerialConsistency>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match level {
        Some(level) => s.serialize_str(serial_name(*level)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_round_trips_through_its_name() {
        for (text, level) in LEVELS {
            assert_eq!(parse(text), Ok(*level));
            assert_eq!(parse(&text.to_ascii_lowercase()), Ok(*level));
            assert_eq!(name(*level), *text);
        }
        assert_eq!(parse("local-quorum"), Ok(Consistency::LocalQuorum));
    }

    #[test]
    fn unknown_levels_list_the_valid_ones() {
        let Err(message) = parse("most") else {
            panic!("'most' parsed as a consistency level");
        };
        assert!(message.contains("LOCAL_QUORUM"), "{message}");
        assert_eq!(
            parse_serial("local_serial"),
            Ok(SerialConsistency::LocalSerial)
        );
        assert!(parse_serial("quorum").is_err());
    }
}
