//! The `bindings:` section: YAML generator specifications compiled into
//! [`crate::generate::Generator`]s, with positioned errors.
//!
//! A generator is written `name: { parameters }` (e.g. `zipf: { n: 100k, exponent: 1.1 }`).
//! Wherever a generator is expected (a binding, a text length, a permutation input, ...) a
//! plain number is a constant and a plain string names another binding (or one of the
//! parameterless generators `uuid`, `timeuuid`, `cycle`). The table of generator families
//! lives in [`GENERATORS`]; their parameters are read in `generators.rs`.

use crate::generate::{Bindings, GenerateError, Generator, Value};

use super::error::{did_you_mean, Checked, Problem};
use super::generators;
use super::yaml::{Kind, Node, Ordered, Pos};

/// Every generator name, for messages and for refusing binding names that would shadow one.
pub const GENERATORS: &[&str] = &[
    "constant",
    "cycle",
    "uniform",
    "normal",
    "exponential",
    "log_normal",
    "zipf",
    "sequence",
    "permutation",
    "choice",
    "text",
    "blob",
    "uuid",
    "timeuuid",
    "clock",
    "bucket",
    "derived",
    "list",
    "set",
    "map",
];

/// Generators written as a bare word.
const UNIT_GENERATORS: &[&str] = &["uuid", "timeuuid", "cycle"];

/// Compiles generator specifications, resolving binding names to indexes.
pub struct Compiler<'a> {
    names: &'a [String],
    /// The workload text, to place errors inside expressions.
    source: &'a str,
}

impl<'a> Compiler<'a> {
    /// The index of binding `name`.
    pub fn resolve(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The known binding names, for messages.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// The position of character `offset` inside the string scalar at `pos`.
    pub fn inside(&self, pos: Pos, offset: usize) -> Pos {
        let line = self.source.lines().nth(pos.line.saturating_sub(1) as usize);
        let quoted = line
            .and_then(|l| l.chars().nth(pos.column.saturating_sub(1) as usize))
            .is_some_and(|c| c == '"' || c == '\'');
        Pos {
            line: pos.line,
            column: pos.column + offset as u64 + u64::from(quoted),
        }
    }

    /// Compile the generator written at `node`.
    pub fn generator(&self, node: &Node) -> Checked<Generator> {
        match &node.kind {
            Kind::Int(_) | Kind::Float(_) | Kind::Bool(_) => {
                Ok(Generator::Constant(constant(node)?))
            }
            Kind::Str(word) => self.word(node.pos, word),
            Kind::Map(_) => match node.single_entry() {
                Some((key, params)) => self.named(key, params),
                None => Err(shape_problem(node)),
            },
            Kind::Null | Kind::Seq(_) => Err(shape_problem(node)),
        }
    }

    fn word(&self, pos: Pos, word: &str) -> Checked<Generator> {
        if let Some(index) = self.resolve(word) {
            return Ok(Generator::Binding(index));
        }
        match word {
            "uuid" => Ok(Generator::Uuid),
            "timeuuid" => Ok(Generator::TimeUuid(None)),
            "cycle" => Ok(Generator::Cycle),
            _ => {
                let candidates = self.names().chain(UNIT_GENERATORS.iter().copied());
                Err(Problem::new(
                    pos,
                    format!(
                        "'{word}' is neither a binding nor a generator{}",
                        did_you_mean(word, candidates)
                    ),
                    "name a binding of this workload, write a generator as { name: { parameters } }, \
                     or a text constant as { constant: \"text\" }",
                ))
            }
        }
    }

    fn named(&self, key: &Node, params: &Node) -> Checked<Generator> {
        let name = key.as_str().unwrap_or_default();
        let built = generators::build(self, name, params)?;
        built.ok_or_else(|| {
            Problem::new(
                key.pos,
                format!(
                    "unknown generator '{name}'{}",
                    did_you_mean(name, GENERATORS.iter().copied())
                ),
                format!("the generators are: {}", GENERATORS.join(", ")),
            )
        })
    }
}

fn shape_problem(node: &Node) -> Problem {
    Problem::new(
        node.pos,
        format!("expected a generator, found {}", node.describe()),
        "write a generator as { name: { parameters } } (e.g. { uniform: { min: 1, max: 100 } }), \
         a number, or the name of another binding",
    )
}

/// A constant value: numbers, booleans, text, null, lists and maps of those.
pub fn constant(node: &Node) -> Checked<Value> {
    Ok(match &node.kind {
        Kind::Null => Value::Null,
        Kind::Bool(b) => Value::Bool(*b),
        Kind::Int(i) => Value::Int(*i),
        Kind::Float(f) => Value::Float(*f),
        Kind::Str(s) => Value::Text(s.clone()),
        Kind::Seq(items) => Value::List(items.iter().map(constant).collect::<Checked<_>>()?),
        Kind::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| Ok((constant(k)?, constant(v)?)))
                .collect::<Checked<_>>()?,
        ),
    })
}

/// Whether `name` is usable as a binding name (and as a `:name` bind marker).
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Compile the `bindings:` section.
pub fn compile(section: &Ordered<Node>, source: &str) -> Checked<Bindings> {
    let mut names: Vec<String> = Vec::with_capacity(section.0.len());
    for (name, _) in &section.0 {
        let pos = Pos::of(name);
        let name = name.value.as_str();
        if !valid_name(name) {
            return Err(Problem::new(
                pos,
                format!("'{name}' is not a usable binding name"),
                "use letters, digits and _ (starting with a letter), as in a CQL bind marker :name",
            ));
        }
        if GENERATORS.contains(&name) {
            return Err(Problem::new(
                pos,
                format!("the binding name '{name}' is also a generator's name"),
                format!("rename it (e.g. '{name}_value') so references to it are not ambiguous"),
            ));
        }
        if names.iter().any(|n| n == name) {
            return Err(Problem::new(
                pos,
                format!("binding '{name}' is defined twice"),
                "rename or remove one of them",
            ));
        }
        names.push(name.to_string());
    }
    let compiler = Compiler {
        names: &names,
        source,
    };
    let mut items = Vec::with_capacity(names.len());
    for ((_, node), name) in section.0.iter().zip(&names) {
        items.push((name.clone(), compiler.generator(node)?));
    }
    Bindings::new(items).map_err(|e| match &e {
        GenerateError::Cycle { path } => {
            let first = path.first().and_then(|n| compiler.resolve(n));
            let pos = first
                .and_then(|i| section.0.get(i))
                .map_or_else(Pos::default, |(key, _)| Pos::of(key));
            Problem::new(
                pos,
                e.to_string(),
                "a derived value cannot depend on itself; break the circle by generating one of \
                 them directly",
            )
        }
        GenerateError::BadParameter { .. } => {
            Problem::new(Pos::default(), e.to_string(), "fix the binding")
        }
    })
}
