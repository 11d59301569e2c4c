//! Which nodes hold a token at a replication factor (SimpleStrategy over the vnode ring), and
//! how many of them a consistency level waits for.
//!
//! The replicas of a token are the node owning the first ring token >= it (wrapping past the
//! largest to the smallest), then the next distinct nodes walking the ring clockwise, as
//! Cassandra's SimpleStrategy and the drivers' token-aware routing compute them.

use cassandra_protocol::consistency::Consistency;

use crate::node::cluster::NodeInfo;

/// The vnode ring of a cluster: every node token with its owner, sorted by token. Build it
/// once and ask [`Ring::replicas_into`] per request (no allocation when `out` has room).
#[derive(Debug, Clone)]
pub struct Ring {
    entries: Vec<(i64, usize)>,
    nodes: usize,
}

impl Ring {
    pub fn new(nodes: &[NodeInfo]) -> Ring {
        let mut entries: Vec<(i64, usize)> = nodes
            .iter()
            .flat_map(|n| n.tokens.iter().map(move |t| (*t, n.index)))
            .collect();
        entries.sort_unstable();
        let mut owners: Vec<usize> = entries.iter().map(|(_, n)| *n).collect();
        owners.sort_unstable();
        owners.dedup();
        Ring {
            entries,
            nodes: owners.len(),
        }
    }

    /// Replaces `out` with the replicas of `token` at `rf` (capped at the number of nodes
    /// owning tokens), in ring order.
    pub fn replicas_into(&self, token: i64, rf: usize, out: &mut Vec<usize>) {
        out.clear();
        let want = rf.min(self.nodes);
        if want == 0 {
            return;
        }
        let first = self.entries.partition_point(|(t, _)| *t < token);
        let (after, before) = (
            self.entries.get(first..).unwrap_or(&[]),
            self.entries.get(..first).unwrap_or(&[]),
        );
        for (_, node) in after.iter().chain(before) {
            if !out.contains(node) {
                out.push(*node);
                if out.len() == want {
                    return;
                }
            }
        }
    }
}

/// Replicas of `token` at replication factor `rf` (capped at the node count): the node owning
/// the first token >= `token` (wrapping), then the next distinct nodes in ring order.
pub fn replicas(nodes: &[NodeInfo], token: i64, rf: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(rf.min(nodes.len()));
    Ring::new(nodes).replicas_into(token, rf, &mut out);
    out
}

/// A majority of `rf` replicas.
pub fn quorum(rf: usize) -> usize {
    rf / 2 + 1
}

/// Acknowledgements `consistency` needs at `rf` (single datacenter: the LOCAL_ and EACH_
/// levels count like their plain forms; SERIAL levels need a quorum).
pub fn required_acks(consistency: Consistency, rf: usize) -> usize {
    match consistency {
        Consistency::Any | Consistency::One | Consistency::LocalOne => 1,
        Consistency::Two => 2,
        Consistency::Three => 3,
        Consistency::Quorum
        | Consistency::LocalQuorum
        | Consistency::EachQuorum
        | Consistency::Serial
        | Consistency::LocalSerial => quorum(rf),
        Consistency::All => rf,
        // Levels added to the protocol later: a majority is the safe reading.
        _ => quorum(rf),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::cluster::ClusterState;

    fn node(index: usize, tokens: &[i64]) -> NodeInfo {
        NodeInfo {
            index,
            address: ([127, 0, 0, 1 + index as u8], 9042).into(),
            host_id: uuid::Uuid::nil(),
            tokens: tokens.to_vec(),
            datacenter: "datacenter1".into(),
            rack: "rack1".into(),
        }
    }

    /// Ring -100 (n0), -50 (n1), 0 (n2), 50 (n0), 100 (n1).
    fn ring() -> Vec<NodeInfo> {
        vec![node(0, &[-100, 50]), node(1, &[-50, 100]), node(2, &[0])]
    }

    #[test]
    fn token_on_a_node_token_belongs_to_that_node() {
        assert_eq!(replicas(&ring(), 0, 1), [2]);
        assert_eq!(replicas(&ring(), -50, 2), [1, 2]);
        assert_eq!(replicas(&ring(), 50, 3), [0, 1, 2]);
    }

    #[test]
    fn token_between_tokens_goes_to_the_next_one() {
        assert_eq!(replicas(&ring(), 1, 1), [0]);
        assert_eq!(replicas(&ring(), -99, 2), [1, 2]);
        // -100 -> n0 is followed by n1, n2: distinct nodes only.
        assert_eq!(replicas(&ring(), -101, 3), [0, 1, 2]);
    }

    #[test]
    fn wraps_around_past_the_largest_token() {
        assert_eq!(replicas(&ring(), 101, 1), [0]);
        assert_eq!(replicas(&ring(), i64::MAX, 3), [0, 1, 2]);
        // 100 (n1) wraps to -100 (n0), -50 (n1, skipped), 0 (n2).
        assert_eq!(replicas(&ring(), 99, 3), [1, 0, 2]);
    }

    #[test]
    fn rf_is_capped_at_the_node_count() {
        assert_eq!(replicas(&ring(), 0, 7), [2, 0, 1]);
        assert_eq!(replicas(&ring(), 0, 0), Vec::<usize>::new());
        assert_eq!(replicas(&[], 0, 3), Vec::<usize>::new());
    }

    #[test]
    fn matches_the_cluster_token_layout() {
        // ClusterState's layout interleaves nodes: slice j * n + i belongs to node i, so the
        // replicas of a token are consecutive node indexes from its owner.
        let nodes: Vec<NodeInfo> = (0..3)
            .map(|i| node(i, &ClusterState::tokens_for(i, 3)))
            .collect();
        let owner_token = nodes[1].tokens[4];
        assert_eq!(replicas(&nodes, owner_token, 3), [1, 2, 0]);
        assert_eq!(replicas(&nodes, owner_token + 1, 2), [2, 0]);
    }

    #[test]
    fn acknowledgements_per_level() {
        use Consistency::*;
        let rf3 = [
            (Any, 1),
            (One, 1),
            (LocalOne, 1),
            (Two, 2),
            (Three, 3),
            (Quorum, 2),
            (LocalQuorum, 2),
            (EachQuorum, 2),
            (Serial, 2),
            (LocalSerial, 2),
            (All, 3),
        ];
        for (level, acks) in rf3 {
            assert_eq!(required_acks(level, 3), acks, "{level:?} at RF 3");
        }
        assert_eq!(required_acks(Quorum, 5), 3);
        assert_eq!(required_acks(Quorum, 4), 3);
        assert_eq!(required_acks(All, 5), 5);
        assert_eq!(required_acks(Quorum, 1), 1);
    }
}
