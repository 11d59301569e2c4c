//! Cassandra's native aggregates over the rows of a query: `count`, `min`, `max`, `sum`, `avg`.
//! Integer sums wrap to the column type and integer averages truncate, as Java does.

use crate::node::storage::LiveRow;
use crate::node::types::{compare, CqlType};

/// A native aggregate function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    Count,
    Min,
    Max,
    Sum,
    Avg,
}

impl Aggregate {
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "count" => Aggregate::Count,
            "min" => Aggregate::Min,
            "max" => Aggregate::Max,
            "sum" => Aggregate::Sum,
            "avg" => Aggregate::Avg,
            _ => return None,
        })
    }

    /// The result type for an argument of type `ty`, `None` when the function does not apply.
    pub fn result_type(self, ty: &CqlType) -> Option<CqlType> {
        match self {
            Aggregate::Count => Some(CqlType::BigInt),
            Aggregate::Min | Aggregate::Max => (!ty.is_multi_cell()).then(|| ty.clone()),
            Aggregate::Sum | Aggregate::Avg => numeric(ty).then(|| ty.clone()),
        }
    }
}

fn numeric(ty: &CqlType) -> bool {
    matches!(
        ty,
        CqlType::TinyInt
            | CqlType::SmallInt
            | CqlType::Int
            | CqlType::BigInt
            | CqlType::Counter
            | CqlType::Float
            | CqlType::Double
    )
}

/// The running state of one selected expression of an aggregate query.
#[derive(Debug, Clone)]
pub enum Accumulator {
    /// A plain selector: the value from the first row.
    First(Option<Option<Vec<u8>>>),
    Count {
        col: Option<usize>,
        n: i64,
    },
    Extreme {
        col: usize,
        ty: CqlType,
        max: bool,
        best: Option<Vec<u8>>,
    },
    Sum {
        col: usize,
        ty: CqlType,
        avg: bool,
        int: i128,
        float: f64,
        n: i64,
    },
}

fn int_of(ty: &CqlType, v: &[u8]) -> Option<i128> {
    Some(match ty {
        CqlType::TinyInt => i8::from_be_bytes(v.try_into().ok()?) as i128,
        CqlType::SmallInt => i16::from_be_bytes(v.try_into().ok()?) as i128,
        CqlType::Int => i32::from_be_bytes(v.try_into().ok()?) as i128,
        CqlType::BigInt | CqlType::Counter => i64::from_be_bytes(v.try_into().ok()?) as i128,
        _ => return None,
    })
}

fn float_of(ty: &CqlType, v: &[u8]) -> Option<f64> {
    Some(match ty {
        CqlType::Float => f32::from_be_bytes(v.try_into().ok()?) as f64,
        CqlType::Double => f64::from_be_bytes(v.try_into().ok()?),
        _ => return None,
    })
}

fn encode(ty: &CqlType, int: i128, float: f64) -> Vec<u8> {
    match ty {
        CqlType::TinyInt => (int as i8).to_be_bytes().to_vec(),
        CqlType::SmallInt => (int as i16).to_be_bytes().to_vec(),
        CqlType::Int => (int as i32).to_be_bytes().to_vec(),
        CqlType::Float => (float as f32).to_be_bytes().to_vec(),
        CqlType::Double => float.to_be_bytes().to_vec(),
        _ => (int as i64).to_be_bytes().to_vec(),
    }
}

impl Accumulator {
    pub fn first() -> Self {
        Accumulator::First(None)
    }

    /// The accumulator of `aggregate` over column `col` whose result has type `ty`.
    pub fn new(aggregate: Aggregate, col: Option<usize>, ty: CqlType) -> Self {
        let col_index = col.unwrap_or(usize::MAX);
        match aggregate {
            Aggregate::Count => Accumulator::Count { col, n: 0 },
            Aggregate::Min | Aggregate::Max => Accumulator::Extreme {
                col: col_index,
                ty,
                max: aggregate == Aggregate::Max,
                best: None,
            },
            Aggregate::Sum | Aggregate::Avg => Accumulator::Sum {
                col: col_index,
                ty,
                avg: aggregate == Aggregate::Avg,
                int: 0,
                float: 0.0,
                n: 0,
            },
        }
    }

    /// Keep `value` if this is the first row.
    pub fn set_first(&mut self, value: Option<Vec<u8>>) {
        if let Accumulator::First(slot @ None) = self {
            *slot = Some(value);
        }
    }

    /// Account for one row.
    pub fn add(&mut self, row: &LiveRow) {
        let value = |col: usize| {
            row.get(col)
                .and_then(|c| c.as_ref())
                .map(|c| c.value.as_slice())
        };
        match self {
            Accumulator::First(_) => {}
            Accumulator::Count { col: None, n } => *n += 1,
            Accumulator::Count { col: Some(c), n } => {
                if value(*c).is_some() {
                    *n += 1;
                }
            }
            Accumulator::Extreme { col, ty, max, best } => {
                if let Some(v) = value(*col) {
                    let better = match best {
                        None => true,
                        Some(b) => {
                            let ord = compare(ty, v, b);
                            if *max {
                                ord.is_gt()
                            } else {
                                ord.is_lt()
                            }
                        }
                    };
                    if better {
                        *best = Some(v.to_vec());
                    }
                }
            }
            Accumulator::Sum {
                col,
                ty,
                int,
                float,
                n,
                ..
            } => {
                if let Some(v) = value(*col) {
                    if let Some(i) = int_of(ty, v) {
                        *int = int.wrapping_add(i);
                    } else if let Some(f) = float_of(ty, v) {
                        *float += f;
                    }
                    *n += 1;
                }
            }
        }
    }

    /// The final value.
    pub fn result(&self) -> Option<Vec<u8>> {
        match self {
            Accumulator::First(v) => v.clone().flatten(),
            Accumulator::Count { n, .. } => Some(n.to_be_bytes().to_vec()),
            Accumulator::Extreme { best, .. } => best.clone(),
            Accumulator::Sum {
                ty,
                avg,
                int,
                float,
                n,
                ..
            } => {
                if *avg && *n > 0 {
                    Some(encode(ty, int / i128::from(*n), float / *n as f64))
                } else {
                    Some(encode(ty, *int, *float))
                }
            }
        }
    }
}
