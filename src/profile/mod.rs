//! Cluster profiles: where to connect (or which embedded reference cluster to start), driver
//! settings, credentials (read from the environment, never stored) and keyspace replication.

/// A loaded, validated profile.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub description: String,
}
