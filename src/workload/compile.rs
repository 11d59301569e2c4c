//! The checked workload file compiled into a [`WorkloadPlan`]: keyspace, schema statements,
//! bindings, operations, the load phase and the phases, in that order (later sections refer
//! to earlier ones).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_saphyr::Spanned;

use crate::generate::seed::fnv1a;
use crate::node::cql::ast::Statement;
use crate::plan::{KeyspacePlan, OperationPlan, WorkloadPlan};

use super::error::{Checked, Problem};
use super::model::{KeyspaceSpec, WorkloadSpec};
use super::operations::{self, StatementSpec};
use super::phases;
use super::yaml::{Kind, Node, Pos};

/// Compile a parsed workload; `source` is the file's text.
pub fn compile(spec: &WorkloadSpec, source: &str) -> Checked<WorkloadPlan> {
    let name = spec.name.value.trim().to_string();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(Problem::new(
            Pos::of(&spec.name),
            format!("'{name}' is not a usable workload name"),
            "use letters, digits, - and _ (it becomes part of result directory names)",
        ));
    }
    let keyspace = keyspace(spec.keyspace.as_ref(), &name)?;
    let schema = spec
        .schema
        .iter()
        .map(schema_statement)
        .collect::<Checked<Vec<_>>>()?;
    let bindings = super::bindings::compile(&spec.bindings, source)?;

    let mut weighted: Vec<(OperationPlan, f64)> = Vec::new();
    for (op_name, op) in &spec.operations.value.0 {
        let pos = Pos::of(op_name);
        check_operation_name(
            pos,
            &op_name.value,
            weighted.iter().map(|(o, _)| o.name.as_str()),
        )?;
        let weight = op
            .weight
            .as_ref()
            .map(phases::weight_of)
            .transpose()?
            .unwrap_or(1.0);
        let statement = StatementSpec {
            name: &op_name.value,
            cql: &op.cql,
            consistency: op.consistency.as_ref(),
            serial_consistency: op.serial_consistency.as_ref(),
            idempotent: op.idempotent,
            page_size: op.page_size.as_ref(),
        };
        weighted.push((operations::compile(&statement, &bindings)?, weight));
    }
    if weighted.is_empty() {
        return Err(Problem::new(
            Pos::of(&spec.operations),
            "the workload has no operations",
            "add at least one, e.g. read: { cql: \"SELECT * FROM t WHERE id = :id\" }",
        ));
    }

    let Some(phase_specs) = spec.phases.as_ref().filter(|p| !p.value.is_empty()) else {
        let pos = spec
            .phases
            .as_ref()
            .map_or(Pos { line: 1, column: 1 }, Pos::of);
        return Err(Problem::new(
            pos,
            "the workload has no phases",
            "add at least one, e.g. phases: [{ name: steady, rate: 1k, duration: 30s }]",
        ));
    };
    let mut phase_plans = Vec::with_capacity(phase_specs.value.len());
    for phase in &phase_specs.value {
        let plan = phases::phase(phase, &weighted)?;
        if phase_plans
            .iter()
            .any(|p: &crate::plan::PhasePlan| p.name == plan.name)
        {
            return Err(Problem::new(
                Pos::of(&phase.value.name),
                format!("phase '{}' is defined twice", plan.name),
                "give each phase its own name",
            ));
        }
        phase_plans.push(plan);
    }

    let mut operations: Vec<OperationPlan> = weighted.into_iter().map(|(op, _)| op).collect();
    let mut load = None;
    if let Some(load_spec) = &spec.load {
        let l = &load_spec.value;
        let (load_name, pos) = match &l.name {
            Some(n) => (n.value.clone(), Pos::of(n)),
            None => ("load".to_string(), Pos::of(load_spec)),
        };
        check_operation_name(pos, &load_name, operations.iter().map(|o| o.name.as_str()))?;
        let statement = StatementSpec {
            name: &load_name,
            cql: &l.cql,
            consistency: l.consistency.as_ref(),
            serial_consistency: l.serial_consistency.as_ref(),
            idempotent: l.idempotent,
            page_size: None,
        };
        operations.push(operations::compile(&statement, &bindings)?);
        load = Some(phases::load(load_spec, operations.len() - 1)?);
    }
    phases::assign_cycles(load.as_mut(), &mut phase_plans);

    Ok(WorkloadPlan {
        name,
        description: spec.description.trim().to_string(),
        source: source.to_string(),
        path: None,
        content_hash: format!("{:016x}", fnv1a(source.as_bytes())),
        keyspace,
        schema,
        bindings: Arc::new(bindings),
        operations,
        load,
        phases: phase_plans,
    })
}

fn check_operation_name<'a>(
    pos: Pos,
    name: &str,
    existing: impl IntoIterator<Item = &'a str>,
) -> Checked<()> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(Problem::new(
            pos,
            format!("'{name}' is not a usable operation name"),
            "use letters, digits, - and _ (it names the operation's histograms)",
        ));
    }
    if existing.into_iter().any(|n| n == name) {
        return Err(Problem::new(
            pos,
            format!("operation '{name}' is defined twice"),
            "give each operation (and the load statement) its own name",
        ));
    }
    Ok(())
}

fn keyspace(spec: Option<&Spanned<KeyspaceSpec>>, workload: &str) -> Checked<KeyspacePlan> {
    let default_name = format!(
        "ringbench_{}",
        workload.replace('-', "_").to_ascii_lowercase()
    );
    let name = spec.and_then(|k| k.value.name.as_ref());
    let (name, pos) = match name {
        Some(n) => (n.value.trim().to_string(), Pos::of(n)),
        None => (default_name, spec.map_or_else(Pos::default, Pos::of)),
    };
    let valid = name.len() <= 48
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(Problem::new(
            pos,
            format!("'{name}' is not a usable keyspace name"),
            "use up to 48 letters, digits and _, starting with a letter",
        ));
    }
    let replication = match spec.and_then(|k| k.value.replication.as_ref()) {
        Some(node) => replication(node)?,
        None => BTreeMap::from([
            ("class".to_string(), "SimpleStrategy".to_string()),
            ("replication_factor".to_string(), "1".to_string()),
        ]),
    };
    Ok(KeyspacePlan {
        name,
        replication,
        durable_writes: spec.and_then(|k| k.value.durable_writes).unwrap_or(true),
    })
}

fn replication(node: &Node) -> Checked<BTreeMap<String, String>> {
    let hint = "write replication: { class: SimpleStrategy, replication_factor: 3 } or \
                { class: NetworkTopologyStrategy, dc1: 3 }";
    let Kind::Map(entries) = &node.kind else {
        return Err(Problem::new(
            node.pos,
            format!("replication must be a mapping, found {}", node.describe()),
            hint,
        ));
    };
    let mut out = BTreeMap::new();
    for (k, v) in entries {
        match (k.scalar_text(), v.scalar_text()) {
            (Some(k), Some(v)) => {
                out.insert(k, v);
            }
            _ => {
                return Err(Problem::new(
                    v.pos,
                    "replication values must be plain names or numbers",
                    hint,
                ))
            }
        }
    }
    if !out.contains_key("class") {
        return Err(Problem::new(node.pos, "replication has no 'class'", hint));
    }
    Ok(out)
}

fn schema_statement(node: &Node) -> Checked<String> {
    let pos = node.pos;
    let cql = operations::cql_text(node)?;
    let statement = crate::node::cql::parse(&cql).map_err(|e| {
        Problem::new(
            pos,
            format!("this schema statement does not parse: {e}"),
            "fix the CQL",
        )
    })?;
    match statement {
        Statement::CreateKeyspace(_)
        | Statement::AlterKeyspace(_)
        | Statement::DropKeyspace { .. }
        | Statement::Use { .. } => Err(Problem::new(
            pos,
            "the schema section must not create, change or switch keyspaces",
            "describe the keyspace in the keyspace section; schema statements run inside it",
        )),
        _ => Ok(cql),
    }
}
