//! Schema statements: USE, TRUNCATE, and the CREATE / ALTER / DROP families (keyspaces and
//! tables here; the forms this node does not implement are recognised and rejected by name).

use super::{unsupported, Failure, PResult, Parser};
use crate::node::cql::ast::{AlterKeyspace, CreateKeyspace, Statement};

/// The objects of CREATE / ALTER / DROP this node does not implement, by the words that
/// introduce them: `(first word, second word or "", statement name)`.
const UNSUPPORTED_OBJECTS: &[(&str, &str, &str)] = &[
    ("index", "", "INDEX"),
    ("custom", "index", "INDEX"),
    ("type", "", "TYPE"),
    ("function", "", "FUNCTION"),
    ("aggregate", "", "AGGREGATE"),
    ("or", "replace", "FUNCTION"),
    ("materialized", "view", "MATERIALIZED VIEW"),
    ("role", "", "ROLE"),
    ("user", "", "USER"),
    ("trigger", "", "TRIGGER"),
];

impl Parser<'_> {
    /// `USE keyspace`
    pub(super) fn use_statement(&mut self) -> PResult<Statement> {
        self.bump();
        let keyspace = self.keyspace_name()?;
        Ok(Statement::Use { keyspace })
    }

    /// `TRUNCATE [TABLE] [ks.]table`
    pub(super) fn truncate_statement(&mut self) -> PResult<Statement> {
        self.bump();
        if !self.eat_kw("table") {
            self.eat_kw("columnfamily");
        }
        let table = self.table_name()?;
        Ok(Statement::Truncate { table })
    }

    fn eat_table_kw(&mut self) -> bool {
        self.eat_kw("table") || self.eat_kw("columnfamily")
    }

    fn eat_keyspace_kw(&mut self) -> bool {
        self.eat_kw("keyspace") || self.eat_kw("schema")
    }

    /// The error for `verb <object>` when the object is one this node does not implement.
    fn unsupported_object(&self, verb: &str) -> Failure {
        let found = UNSUPPORTED_OBJECTS.iter().find(|(first, second, _)| {
            self.at_kw(first) && (second.is_empty() || self.at_kw_n(1, second))
        });
        match found {
            Some((first, _, name)) => {
                let name = match (*first, self.peek_at(2).text.to_ascii_lowercase().as_str()) {
                    ("or", "aggregate") => "AGGREGATE",
                    _ => name,
                };
                Failure::Invalid(unsupported(&format!("{verb} {name}")))
            }
            None => self.no_viable(),
        }
    }

    /// `CREATE ...`
    pub(super) fn create_statement(&mut self) -> PResult<Statement> {
        self.bump();
        if self.eat_keyspace_kw() {
            let if_not_exists = self.if_not_exists()?;
            let name = self.keyspace_name()?;
            self.expect_kw("with")?;
            let properties = self.properties()?;
            return Ok(Statement::CreateKeyspace(CreateKeyspace {
                name,
                if_not_exists,
                properties,
            }));
        }
        if self.eat_table_kw() {
            return self.create_table();
        }
        Err(self.unsupported_object("CREATE"))
    }

    /// `DROP ...`
    pub(super) fn drop_statement(&mut self) -> PResult<Statement> {
        self.bump();
        if self.eat_keyspace_kw() {
            let if_exists = self.if_exists()?;
            let name = self.keyspace_name()?;
            return Ok(Statement::DropKeyspace { name, if_exists });
        }
        if self.eat_table_kw() {
            let if_exists = self.if_exists()?;
            let table = self.table_name()?;
            return Ok(Statement::DropTable { table, if_exists });
        }
        Err(self.unsupported_object("DROP"))
    }

    /// `ALTER ...`: only `ALTER KEYSPACE ks WITH ...` is implemented.
    pub(super) fn alter_statement(&mut self) -> PResult<Statement> {
        self.bump();
        if self.eat_keyspace_kw() {
            if self.at_kw("if") && self.at_kw_n(1, "exists") {
                return Err(Failure::Invalid(unsupported("ALTER KEYSPACE IF EXISTS")));
            }
            let name = self.keyspace_name()?;
            self.expect_kw("with")?;
            let properties = self.properties()?;
            return Ok(Statement::AlterKeyspace(AlterKeyspace { name, properties }));
        }
        if self.at_kw("table") || self.at_kw("columnfamily") {
            return Err(Failure::Invalid(unsupported("ALTER TABLE")));
        }
        Err(self.unsupported_object("ALTER"))
    }

    /// GRANT, REVOKE and LIST statements (roles and permissions): recognised, rejected.
    pub(super) fn unsupported_statement(&mut self) -> PResult<Statement> {
        let verb = self.bump().text.to_ascii_uppercase();
        let name = match verb.as_str() {
            "LIST" if self.at_kw("roles") || self.at_kw("users") => {
                format!("LIST {}", self.peek().text.to_ascii_uppercase())
            }
            "LIST" => "LIST PERMISSIONS".to_string(),
            _ => verb,
        };
        Err(Failure::Invalid(unsupported(&name)))
    }
}
