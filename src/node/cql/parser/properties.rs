//! `WITH name = value AND ...` properties of keyspaces and tables (Cassandra's `property`,
//! `propertyValue`, `fullMapLiteral` and `convertPropertyMap`).

use super::terms::Constant;
use super::{PResult, Parser};
use crate::node::cql::ast::{Properties, PropertyValue, Term};
use crate::node::cql::lexer::TokenKind;

impl Parser<'_> {
    /// `properties`: `property (AND property)*`
    pub(super) fn properties(&mut self) -> PResult<Properties> {
        let mut properties = Properties::new();
        self.property(&mut properties)?;
        while self.eat_kw("and") {
            self.property(&mut properties)?;
        }
        Ok(properties)
    }

    /// `property`: `name = constant | unreserved keyword | {map}`; a name may appear once.
    pub(super) fn property(&mut self, properties: &mut Properties) -> PResult<()> {
        let name = self.ident()?;
        self.expect_sym("=")?;
        let value = if self.at_sym("{") {
            PropertyValue::Map(self.property_map(&name)?)
        } else {
            PropertyValue::Constant(self.property_value()?)
        };
        if properties.iter().any(|(existing, _)| *existing == name) {
            return Err(self.recognition(format!("Multiple definition for property '{name}'")));
        }
        properties.push((name, value));
        Ok(())
    }

    /// `propertyValue`: a constant's raw text, or an unreserved keyword as written.
    fn property_value(&mut self) -> PResult<String> {
        if let Some(Constant { raw, .. }) = self.constant() {
            return Ok(raw);
        }
        let token = self.peek();
        if token.kind == TokenKind::Ident && self.at_ident() {
            self.bump();
            return Ok(token.text.clone());
        }
        Err(self.no_viable())
    }

    /// `fullMapLiteral` converted like `convertPropertyMap`: keys and values must be
    /// constants, and a key may appear once.
    fn property_map(&mut self, property: &str) -> PResult<Vec<(String, String)>> {
        self.expect_sym("{")?;
        let mut entries: Vec<(String, String)> = Vec::new();
        if self.eat_sym("}") {
            return Ok(entries);
        }
        loop {
            let key = self.map_constant(|text| format!("Invalid property name: {text}"))?;
            self.expect_sym(":")?;
            let value = self.map_constant(|text| {
                format!("Invalid property value: {text} for property: {property}")
            })?;
            if entries.iter().any(|(existing, _)| *existing == key) {
                return Err(self.recognition(format!("Multiple definition for property {key}")));
            }
            entries.push((key, value));
            if !self.eat_sym(",") {
                break;
            }
        }
        self.expect_sym("}")?;
        Ok(entries)
    }

    /// One key or value of a property map: a constant's raw text, or the error `message`
    /// builds from the offending term's text.
    fn map_constant(&mut self, message: impl Fn(&str) -> String) -> PResult<String> {
        if let Some(Constant { raw, .. }) = self.constant() {
            return Ok(raw);
        }
        let start = self.pos;
        let term = self.term()?;
        let mut text = message(&self.text_since(start));
        if matches!(term, Term::Bind(_)) {
            text.push_str(" (bind variables are not supported in DDL queries)");
        }
        Err(self.recognition(text))
    }
}
