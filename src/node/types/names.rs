//! Type names as `system_schema` writes them, and type options as result metadata encodes them.
//!
//! Drivers and cqlsh rebuild a table's column types from `system_schema.columns.type`, so the
//! text must be exactly Cassandra's `CQL3Type.toString()`: `varchar` is written `text`, a
//! frozen collection is wrapped in `frozen<...>`, and a tuple (always frozen) is written
//! `frozen<tuple<...>>`. Result metadata carries the protocol v4 `[option]` ids instead.

use super::CqlType;
use crate::node::error::{CqlError, CqlResult};

/// Every native type: its CQL name, the protocol `[option]` id, and the type.
const NATIVE: [(&str, u16, CqlType); 21] = [
    ("ascii", 0x0001, CqlType::Ascii),
    ("bigint", 0x0002, CqlType::BigInt),
    ("blob", 0x0003, CqlType::Blob),
    ("boolean", 0x0004, CqlType::Boolean),
    ("counter", 0x0005, CqlType::Counter),
    ("decimal", 0x0006, CqlType::Decimal),
    ("double", 0x0007, CqlType::Double),
    ("float", 0x0008, CqlType::Float),
    ("int", 0x0009, CqlType::Int),
    ("timestamp", 0x000B, CqlType::Timestamp),
    ("uuid", 0x000C, CqlType::Uuid),
    ("text", 0x000D, CqlType::Text),
    ("varint", 0x000E, CqlType::Varint),
    ("timeuuid", 0x000F, CqlType::TimeUuid),
    ("inet", 0x0010, CqlType::Inet),
    ("date", 0x0011, CqlType::Date),
    ("time", 0x0012, CqlType::Time),
    ("smallint", 0x0013, CqlType::SmallInt),
    ("tinyint", 0x0014, CqlType::TinyInt),
    ("duration", 0x0015, CqlType::Duration),
    // `varchar` is an alias of `text`: parsed, never written.
    ("varchar", 0x000D, CqlType::Text),
];

const OPTION_LIST: u16 = 0x0020;
const OPTION_MAP: u16 = 0x0021;
const OPTION_SET: u16 = 0x0022;
const OPTION_TUPLE: u16 = 0x0031;

/// The CQL name of a type, e.g. `text`, `frozen<list<int>>`, `map<text, int>`.
pub fn type_name(ty: &CqlType) -> String {
    let wrap = |inner: String, frozen: bool| {
        if frozen {
            format!("frozen<{inner}>")
        } else {
            inner
        }
    };
    match ty {
        CqlType::List { elem, frozen } => wrap(format!("list<{}>", type_name(elem)), *frozen),
        CqlType::Set { elem, frozen } => wrap(format!("set<{}>", type_name(elem)), *frozen),
        CqlType::Map { key, value, frozen } => wrap(
            format!("map<{}, {}>", type_name(key), type_name(value)),
            *frozen,
        ),
        CqlType::Tuple(fields) => {
            let names: Vec<String> = fields.iter().map(type_name).collect();
            format!("frozen<tuple<{}>>", names.join(", "))
        }
        native => NATIVE
            .iter()
            .find(|(_, _, t)| t == native)
            .map_or_else(String::new, |(name, _, _)| (*name).to_string()),
    }
}

/// Parse a type name as written by [`type_name`] or in CQL (case-insensitive, any spacing,
/// `varchar`, `frozen<...>`).
pub fn parse_type_name(name: &str) -> CqlResult<CqlType> {
    let mut parser = Parser { text: name, pos: 0 };
    let ty = parser.parse_type()?;
    parser.skip_spaces();
    if parser.pos < name.len() {
        return Err(unknown(name));
    }
    Ok(ty)
}

/// Append the protocol `[option]` describing `ty` (result and prepared metadata).
pub fn write_type_option(ty: &CqlType, out: &mut Vec<u8>) {
    let put = |out: &mut Vec<u8>, id: u16| out.extend_from_slice(&id.to_be_bytes());
    match ty {
        CqlType::List { elem, .. } => {
            put(out, OPTION_LIST);
            write_type_option(elem, out);
        }
        CqlType::Set { elem, .. } => {
            put(out, OPTION_SET);
            write_type_option(elem, out);
        }
        CqlType::Map { key, value, .. } => {
            put(out, OPTION_MAP);
            write_type_option(key, out);
            write_type_option(value, out);
        }
        CqlType::Tuple(fields) => {
            put(out, OPTION_TUPLE);
            put(out, u16::try_from(fields.len()).unwrap_or(u16::MAX));
            for field in fields {
                write_type_option(field, out);
            }
        }
        native => {
            let id = NATIVE
                .iter()
                .find(|(_, _, t)| t == native)
                .map_or(0, |(_, id, _)| *id);
            put(out, id);
        }
    }
}

fn unknown(name: &str) -> CqlError {
    CqlError::Invalid(format!("Unknown type {}", name.trim()))
}

/// A recursive-descent parser over a type name.
struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn skip_spaces(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn word(&mut self) -> String {
        self.skip_spaces();
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        self.pos += len;
        rest.get(..len).unwrap_or("").to_ascii_lowercase()
    }

    fn eat(&mut self, symbol: char) -> bool {
        self.skip_spaces();
        if self.rest().starts_with(symbol) {
            self.pos += symbol.len_utf8();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, symbol: char) -> CqlResult<()> {
        if self.eat(symbol) {
            Ok(())
        } else {
            Err(unknown(self.text))
        }
    }

    /// `<T, ...>` with exactly `count` types (any number >= 1 when `count` is `None`).
    fn arguments(&mut self, count: Option<usize>) -> CqlResult<Vec<CqlType>> {
        self.expect('<')?;
        let mut args = vec![self.parse_type()?];
        while self.eat(',') {
            args.push(self.parse_type()?);
        }
        self.expect('>')?;
        match count {
            Some(n) if n != args.len() => Err(unknown(self.text)),
            _ => Ok(args),
        }
    }

    fn parse_type(&mut self) -> CqlResult<CqlType> {
        let word = self.word();
        match word.as_str() {
            "frozen" => {
                let inner = self
                    .arguments(Some(1))?
                    .pop()
                    .ok_or_else(|| unknown(self.text))?;
                freeze(inner)
            }
            "list" | "set" => {
                let elem = Box::new(
                    self.arguments(Some(1))?
                        .pop()
                        .ok_or_else(|| unknown(self.text))?,
                );
                Ok(if word == "list" {
                    CqlType::List {
                        elem,
                        frozen: false,
                    }
                } else {
                    CqlType::Set {
                        elem,
                        frozen: false,
                    }
                })
            }
            "map" => {
                let mut kv = self.arguments(Some(2))?.into_iter();
                match (kv.next(), kv.next()) {
                    (Some(key), Some(value)) => Ok(CqlType::Map {
                        key: Box::new(key),
                        value: Box::new(value),
                        frozen: false,
                    }),
                    _ => Err(unknown(self.text)),
                }
            }
            "tuple" => Ok(CqlType::Tuple(self.arguments(None)?)),
            _ => NATIVE
                .iter()
                .find(|(name, _, _)| *name == word)
                .map(|(_, _, ty)| ty.clone())
                .ok_or_else(|| unknown(self.text)),
        }
    }
}

/// `frozen<T>`: only collections and tuples can be frozen.
fn freeze(ty: CqlType) -> CqlResult<CqlType> {
    match ty {
        CqlType::List { elem, .. } => Ok(CqlType::List { elem, frozen: true }),
        CqlType::Set { elem, .. } => Ok(CqlType::Set { elem, frozen: true }),
        CqlType::Map { key, value, .. } => Ok(CqlType::Map {
            key,
            value,
            frozen: true,
        }),
        tuple @ CqlType::Tuple(_) => Ok(tuple),
        _ => Err(CqlError::Invalid(
            "frozen<> is only allowed on collections, tuples, and user-defined types".into(),
        )),
    }
}

#[cfg(test)]
#[path = "names_tests.rs"]
mod tests;
