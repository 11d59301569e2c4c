//! Derived values: small arithmetic expressions over other bindings of the same cycle, such
//! as `ts - 5m`, `key * 10 + 1` or `'user-' + id`.
//!
//! Grammar: `expr = term (('+' | '-') term)*`, `term = factor (('*' | '/' | '%') factor)*`,
//! `factor = number | duration | 'text' | binding | '(' expr ')' | '-' factor`. A duration
//! (`5m`, `250ms`, `1h30m`) is an integer number of milliseconds, so `timestamp - 5m` is five
//! minutes earlier. Text `+` anything concatenates. Division by zero gives null.

use crate::cli::parse_duration;

use super::value::Value;

/// A parsed expression; binding references are already resolved to binding indexes.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Literal(Value),
    Binding(usize),
    Negate(Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
}

/// An arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

/// Why an expression does not parse: the character offset and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct ExprError {
    pub offset: usize,
    pub message: String,
}

/// Parse `text`; `resolve` maps a binding name to its index.
pub fn parse(text: &str, resolve: &dyn Fn(&str) -> Option<usize>) -> Result<Expr, ExprError> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        at: 0,
        resolve,
    };
    let expr = parser.expr(0)?;
    parser.skip_space();
    match parser.peek() {
        None => Ok(expr),
        Some(c) => Err(parser.error(format!(
            "unexpected '{c}' (expected an operator: + - * / %)"
        ))),
    }
}

struct Parser<'a> {
    chars: Vec<char>,
    at: usize,
    resolve: &'a dyn Fn(&str) -> Option<usize>,
}

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn error(&self, message: String) -> ExprError {
        ExprError {
            offset: self.at,
            message,
        }
    }

    fn expr(&mut self, depth: usize) -> Result<Expr, ExprError> {
        let mut left = self.term(depth)?;
        loop {
            self.skip_space();
            let op = match self.peek() {
                Some('+') => Op::Add,
                Some('-') => Op::Sub,
                _ => return Ok(left),
            };
            self.at += 1;
            let right = self.term(depth)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn term(&mut self, depth: usize) -> Result<Expr, ExprError> {
        let mut left = self.factor(depth)?;
        loop {
            self.skip_space();
            let op = match self.peek() {
                Some('*') => Op::Mul,
                Some('/') => Op::Div,
                Some('%') => Op::Rem,
                _ => return Ok(left),
            };
            self.at += 1;
            let right = self.factor(depth)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn factor(&mut self, depth: usize) -> Result<Expr, ExprError> {
        if depth > MAX_DEPTH {
            return Err(self.error("expression nested too deeply".into()));
        }
        self.skip_space();
        match self.peek() {
            Some('-') => {
                self.at += 1;
                Ok(Expr::Negate(Box::new(self.factor(depth + 1)?)))
            }
            Some('(') => {
                self.at += 1;
                let inner = self.expr(depth + 1)?;
                self.skip_space();
                if self.peek() != Some(')') {
                    return Err(self.error("missing ')'".into()));
                }
                self.at += 1;
                Ok(inner)
            }
            Some('\'') => self.text(),
            Some(c) if c.is_ascii_digit() || c == '.' => self.number(),
            Some(c) if c.is_alphabetic() || c == '_' => self.binding(),
            Some(c) => Err(self.error(format!(
                "unexpected '{c}' (expected a binding name, a number, a duration such as 5m, or 'text')"
            ))),
            None => Err(self.error("the expression ends too early (expected a value)".into())),
        }
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> String {
        let start = self.at;
        while self.peek().is_some_and(&keep) {
            self.at += 1;
        }
        self.chars[start..self.at].iter().collect()
    }

    fn text(&mut self) -> Result<Expr, ExprError> {
        let start = self.at;
        self.at += 1;
        let mut text = String::new();
        loop {
            match self.peek() {
                None => {
                    self.at = start;
                    return Err(self.error("unterminated 'text' (close it with ')".into()));
                }
                Some('\'') if self.chars.get(self.at + 1) == Some(&'\'') => {
                    text.push('\'');
                    self.at += 2;
                }
                Some('\'') => {
                    self.at += 1;
                    return Ok(Expr::Literal(Value::Text(text)));
                }
                Some(c) => {
                    text.push(c);
                    self.at += 1;
                }
            }
        }
    }

    fn number(&mut self) -> Result<Expr, ExprError> {
        let start = self.at;
        let token = self.take_while(|c| c.is_ascii_alphanumeric() || c == '.' || c == 'µ');
        let bad = || ExprError {
            offset: start,
            message: format!(
                "'{token}' is not a number or a duration (examples: 42, 1.5, 250ms, 5m, 1h)"
            ),
        };
        if token.chars().all(|c| c.is_ascii_digit()) {
            return token
                .parse()
                .map(|v| Expr::Literal(Value::Int(v)))
                .map_err(|_| bad());
        }
        if let Ok(v) = token.parse::<f64>() {
            return Ok(Expr::Literal(Value::Float(v)));
        }
        let duration = parse_duration(&token).map_err(|_| bad())?;
        let ms = i64::try_from(duration.as_millis()).map_err(|_| bad())?;
        Ok(Expr::Literal(Value::Int(ms)))
    }

    fn binding(&mut self) -> Result<Expr, ExprError> {
        let start = self.at;
        let name = self.take_while(|c| c.is_alphanumeric() || c == '_');
        match (self.resolve)(&name) {
            Some(index) => Ok(Expr::Binding(index)),
            None => Err(ExprError {
                offset: start,
                message: format!("'{name}' is not a binding of this workload"),
            }),
        }
    }
}

impl Expr {
    /// The bindings this expression reads.
    pub fn refs(&self, out: &mut Vec<usize>) {
        match self {
            Expr::Literal(_) => {}
            Expr::Binding(index) => out.push(*index),
            Expr::Negate(inner) => inner.refs(out),
            Expr::Binary(_, a, b) => {
                a.refs(out);
                b.refs(out);
            }
        }
    }

    /// Evaluate, reading bindings through `lookup`.
    pub fn eval(&self, lookup: &mut dyn FnMut(usize) -> Value) -> Value {
        match self {
            Expr::Literal(v) => v.clone(),
            Expr::Binding(index) => lookup(*index),
            Expr::Negate(inner) => match inner.eval(lookup) {
                Value::Int(v) => Value::Int(v.wrapping_neg()),
                Value::Float(v) => Value::Float(-v),
                _ => Value::Null,
            },
            Expr::Binary(op, a, b) => {
                let a = a.eval(lookup);
                apply(*op, a, b.eval(lookup))
            }
        }
    }
}

fn apply(op: Op, a: Value, b: Value) -> Value {
    use Value::{Float, Int, Text, Timestamp};
    match (op, a, b) {
        (_, Value::Null, _) | (_, _, Value::Null) => Value::Null,
        (Op::Add, Text(mut s), other) => {
            push_display(&mut s, &other);
            Text(s)
        }
        (Op::Add, other, Text(s)) => {
            let mut out = String::new();
            push_display(&mut out, &other);
            out.push_str(&s);
            Text(out)
        }
        (Op::Add, Timestamp(t), Int(d)) | (Op::Add, Int(d), Timestamp(t)) => {
            Timestamp(t.wrapping_add(d))
        }
        (Op::Sub, Timestamp(t), Int(d)) => Timestamp(t.wrapping_sub(d)),
        (Op::Sub, Timestamp(a), Timestamp(b)) => Int(a.wrapping_sub(b)),
        (op, Int(a), Int(b)) => match op {
            Op::Add => Int(a.wrapping_add(b)),
            Op::Sub => Int(a.wrapping_sub(b)),
            Op::Mul => Int(a.wrapping_mul(b)),
            Op::Div if b == 0 => Value::Null,
            Op::Div => Int(a.wrapping_div(b)),
            Op::Rem if b == 0 => Value::Null,
            Op::Rem => Int(a.wrapping_rem(b)),
        },
        (op, a, b) => match (as_float(&a), as_float(&b)) {
            (Some(a), Some(b)) => Float(match op {
                Op::Add => a + b,
                Op::Sub => a - b,
                Op::Mul => a * b,
                Op::Div => a / b,
                Op::Rem => a % b,
            }),
            _ => Value::Null,
        },
    }
}

fn as_float(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn push_display(out: &mut String, v: &Value) {
    use std::fmt::Write;
    let _ = match v {
        Value::Text(s) => write!(out, "{s}"),
        Value::Int(i) | Value::Timestamp(i) => write!(out, "{i}"),
        Value::Float(f) => write!(out, "{f}"),
        Value::Bool(b) => write!(out, "{b}"),
        Value::Uuid(u) | Value::TimeUuid(u) => write!(out, "{u}"),
        _ => Ok(()),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(name: &str) -> Option<usize> {
        ["ts", "key", "id"].iter().position(|n| *n == name)
    }

    fn eval(text: &str) -> Value {
        let expr = parse(text, &resolve).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        let values = [
            Value::Timestamp(1_000_000),
            Value::Int(7),
            Value::Text("a".into()),
        ];
        expr.eval(&mut |i| values[i].clone())
    }

    #[test]
    fn arithmetic_with_precedence_and_durations() {
        assert_eq!(eval("ts - 5m"), Value::Timestamp(1_000_000 - 300_000));
        assert_eq!(eval("ts + 1h30m"), Value::Timestamp(1_000_000 + 5_400_000));
        assert_eq!(eval("key * 10 + 1"), Value::Int(71));
        assert_eq!(eval("key * (10 + 1)"), Value::Int(77));
        assert_eq!(eval("-key % 4"), Value::Int(-3));
        assert_eq!(eval("key / 2.0"), Value::Float(3.5));
        assert_eq!(eval("key / 0"), Value::Null);
        assert_eq!(eval("'user-' + key"), Value::Text("user-7".into()));
        assert_eq!(eval("id + 'b''c'"), Value::Text("ab'c".into()));
        assert_eq!(eval("ts - (ts - 250ms)"), Value::Int(250));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let err = |t: &str| parse(t, &resolve).expect_err(t);
        assert_eq!(err("ts - tss").offset, 5);
        assert!(err("ts - tss").message.contains("'tss' is not a binding"));
        assert_eq!(err("ts -").offset, 4);
        assert_eq!(err("ts 5m").offset, 3);
        assert_eq!(err("(ts").offset, 3);
        assert!(err("5parsecs")
            .message
            .contains("not a number or a duration"));
        assert!(err("'open").message.contains("unterminated"));
        assert!(err(&"(".repeat(200)).message.contains("too deeply"));
    }
}
