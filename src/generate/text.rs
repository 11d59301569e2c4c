//! Text and blobs whose length comes from another generator (a constant, a uniform range, a
//! log-normal size distribution, ...). Lengths are capped at [`MAX_LEN`] so a long-tailed
//! distribution cannot ask for gigabytes.

use rand::{Rng, RngCore};

use super::error::GenerateError;
use super::generator::{Ctx, Generator};
use super::value::Value;

/// The longest text (in characters) or blob (in bytes) generated: 16 MiB.
pub const MAX_LEN: i64 = 16 << 20;

/// The default text alphabet: letters and digits.
pub const ALPHANUMERIC: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// Text of characters drawn uniformly from an alphabet.
#[derive(Debug, Clone)]
pub struct Text {
    length: Box<Generator>,
    alphabet: Vec<char>,
}

impl Text {
    pub fn new(length: Generator, alphabet: &str) -> Result<Self, GenerateError> {
        let alphabet: Vec<char> = alphabet.chars().collect();
        if alphabet.is_empty() {
            return Err(GenerateError::bad(
                "text",
                "the alphabet is empty; give at least one character",
            ));
        }
        Ok(Text {
            length: Box::new(length),
            alphabet,
        })
    }

    /// The generators this text is built from.
    pub fn parts(&self) -> impl Iterator<Item = &Generator> {
        std::iter::once(&*self.length)
    }

    pub fn sample(&self, ctx: &mut Ctx<'_>) -> Value {
        let len = length(&self.length, ctx);
        let mut text = String::with_capacity(len);
        for _ in 0..len {
            let i = ctx.rng.random_range(0..self.alphabet.len());
            text.extend(self.alphabet.get(i));
        }
        Value::Text(text)
    }
}

/// Random bytes.
#[derive(Debug, Clone)]
pub struct Blob {
    size: Box<Generator>,
}

impl Blob {
    pub fn new(size: Generator) -> Self {
        Blob {
            size: Box::new(size),
        }
    }

    /// The generators this blob is built from.
    pub fn parts(&self) -> impl Iterator<Item = &Generator> {
        std::iter::once(&*self.size)
    }

    pub fn sample(&self, ctx: &mut Ctx<'_>) -> Value {
        let len = length(&self.size, ctx);
        let mut bytes = vec![0u8; len];
        ctx.rng.fill_bytes(&mut bytes);
        Value::Blob(bytes)
    }
}

/// A length from a generator, clamped to `0..=MAX_LEN`.
pub fn length(generator: &Generator, ctx: &mut Ctx<'_>) -> usize {
    let n = generator.sample_int(ctx).unwrap_or(0).clamp(0, MAX_LEN);
    usize::try_from(n).unwrap_or(0)
}
