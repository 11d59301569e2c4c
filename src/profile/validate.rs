//! From profile YAML text to a validated [`Profile`]: parse (YAML and shape errors carry the
//! reader's line and column), then check every rule the types cannot express, pointing at the
//! offending value and saying what to write instead.

use std::path::{Path, PathBuf};
use std::time::Duration;

use scylla::statement::Consistency;
use serde_saphyr::{Location, Spanned};

use super::error::{Position, ProfileError};
use super::model::{Profile, Remote, Target};
use super::raw::RawProfile;
use super::{driver, model_section, remote, replication};
use crate::consistency;

/// How long connecting may take when the profile does not say.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The most nodes an embedded cluster may have (one loopback address each, 127.0.0.1 up).
pub const MAX_EMBEDDED_NODES: u64 = 254;

const FORMAT_HINT: &str = "see docs/profile.md for the profile format";

/// Where the profile text came from, for error positions and relative file paths.
pub struct Ctx<'a> {
    pub source: &'a str,
    /// Relative TLS file paths are taken from here (the profile file's folder).
    pub base_dir: Option<&'a Path>,
}

impl Ctx<'_> {
    fn position(&self, location: &Location) -> Position {
        Position {
            source: self.source.to_string(),
            line: location.line().max(1) as u32,
            column: location.column().max(1) as u32,
        }
    }

    /// A positioned error at `location`.
    pub fn error(
        &self,
        location: &Location,
        problem: impl Into<String>,
        fix: impl Into<String>,
    ) -> ProfileError {
        ProfileError::invalid(self.position(location), problem, fix)
    }

    /// An error about the document as a whole (a missing top-level key).
    fn top(&self, problem: &str, fix: &str) -> ProfileError {
        ProfileError::invalid(
            Position {
                source: self.source.to_string(),
                line: 1,
                column: 1,
            },
            problem,
            fix,
        )
    }

    pub fn path(&self, p: &Path) -> PathBuf {
        match self.base_dir {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p.to_path_buf(),
        }
    }
}

/// Parse and validate `text`.
pub fn profile(ctx: &Ctx, text: &str) -> Result<Profile, ProfileError> {
    let raw: RawProfile = serde_saphyr::from_str(text).map_err(|e| parse_error(ctx, &e))?;
    let name = checked_name(ctx, &raw.name)?;
    let target = target(ctx, &raw)?;
    Ok(Profile {
        name,
        description: raw.description.clone().unwrap_or_default(),
        consistency: match &raw.consistency {
            Some(c) => consistency::parse(&c.value)
                .map_err(|m| ctx.error(&c.referenced, m, "LOCAL_QUORUM is the usual choice"))?,
            None => Consistency::LocalQuorum,
        },
        serial_consistency: match &raw.serial_consistency {
            Some(c) => Some(consistency::parse_serial(&c.value).map_err(|m| {
                ctx.error(
                    &c.referenced,
                    m,
                    "LOCAL_SERIAL keeps Paxos rounds in the local datacenter",
                )
            })?),
            None => None,
        },
        driver: driver::settings(ctx, raw.driver.as_ref(), &target)?,
        replication: raw
            .replication
            .as_ref()
            .map(|r| replication::check(ctx, r))
            .transpose()?,
        target,
        source: text.to_string(),
        path: None,
    })
}

/// A YAML or shape error from the reader, as a positioned profile error.
fn parse_error(ctx: &Ctx, e: &serde_saphyr::Error) -> ProfileError {
    let location = e.location();
    let bare = e.without_snippet().to_string();
    // The reader appends " at line L, column C"; the position is printed in front instead.
    let problem = match location {
        Some(l) => bare
            .strip_suffix(&format!(" at line {}, column {}", l.line(), l.column()))
            .unwrap_or(&bare)
            .to_string(),
        None => bare,
    };
    let at = location.unwrap_or(Location::UNKNOWN);
    ctx.error(&at, problem, FORMAT_HINT)
}

fn checked_name(ctx: &Ctx, name: &Spanned<String>) -> Result<String, ProfileError> {
    let ok = !name.value.is_empty()
        && name
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !ok {
        return Err(ctx.error(
            &name.referenced,
            format!("'{}' is not a usable profile name", name.value),
            "use letters, digits, '-', '_' or '.' (the name becomes part of result directory names)",
        ));
    }
    Ok(name.value.clone())
}

fn target(ctx: &Ctx, raw: &RawProfile) -> Result<Target, ProfileError> {
    match (&raw.embedded, &raw.contact_points) {
        (Some(_), Some(cp)) => Err(ctx.error(
            &cp.referenced,
            "the profile has both `embedded` and `contact_points`",
            "keep `embedded` to start a reference cluster in-process, or `contact_points` to use a running cluster",
        )),
        (None, None) => Err(ctx.top(
            "the profile says neither which cluster to start nor where to connect",
            "add `embedded: { nodes: 1 }` or `contact_points: [\"host:9042\"]`",
        )),
        (Some(embedded), None) => {
            let remote_only = [
                raw.local_dc.as_ref().map(|s| ("local_dc", s.referenced)),
                raw.auth.as_ref().map(|s| ("auth", s.referenced)),
                raw.tls.as_ref().map(|s| ("tls", s.referenced)),
            ];
            if let Some((key, at)) = remote_only.into_iter().flatten().next() {
                return Err(ctx.error(
                    &at,
                    format!("`{key}` applies to `contact_points` profiles, not to an embedded cluster"),
                    "remove it, or replace `embedded` by `contact_points`",
                ));
            }
            let nodes = &embedded.value.nodes;
            if !(1..=MAX_EMBEDDED_NODES).contains(&nodes.value) {
                return Err(ctx.error(
                    &nodes.referenced,
                    format!("an embedded cluster of {} nodes", nodes.value),
                    format!("use 1 to {MAX_EMBEDDED_NODES} nodes"),
                ));
            }
            let nodes = nodes.value as usize;
            Ok(Target::Embedded {
                nodes,
                model: raw
                    .model
                    .as_ref()
                    .map(|m| model_section::model(ctx, m, nodes))
                    .transpose()?,
            })
        }
        (None, Some(cp)) => {
            if let Some(model) = &raw.model {
                return Err(ctx.error(
                    &model.referenced,
                    "a `model` section applies to an embedded reference cluster, not to `contact_points`",
                    "remove it: a real cluster's performance is what the run measures",
                ));
            }
            if cp.value.is_empty() {
                return Err(ctx.error(
                    &cp.referenced,
                    "`contact_points` is empty",
                    "list at least one node as \"host:port\" (port 9042 when omitted)",
                ));
            }
            let contact_points = cp
                .value
                .iter()
                .map(|p| remote::contact_point(ctx, p))
                .collect::<Result<_, _>>()?;
            let local_dc = match &raw.local_dc {
                Some(dc) if dc.value.trim().is_empty() => {
                    return Err(ctx.error(&dc.referenced, "`local_dc` is empty", "name the datacenter this client runs in, as `nodetool status` shows it"));
                }
                other => other.as_ref().map(|dc| dc.value.clone()),
            };
            Ok(Target::Remote(Remote {
                contact_points,
                local_dc,
                auth: raw.auth.as_ref().map(|a| remote::auth(ctx, a)).transpose()?,
                tls: raw.tls.as_ref().map(|t| remote::tls(ctx, t)).transpose()?,
            }))
        }
    }
}
