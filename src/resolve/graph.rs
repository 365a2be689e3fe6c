//! The progression graph: which exercise is easier or harder than which.
//!
//! Authors write edges on either side (`harder: [b]` in `a`, or `easier: [a]` in `b`); the
//! graph treats both as the one edge `a → b` ("b is harder than a") and gives each exercise
//! both lists, so edges are symmetric. A cycle (`a → b → c → a`) makes "harder" meaningless
//! and is reported with the whole cycle and the edge that closes it.

use std::collections::BTreeSet;

/// A declared edge `easier → harder`, with where it was written (an opaque origin the
/// caller uses to locate the diagnostic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edge<O> {
    /// The easier exercise.
    pub easier: usize,
    /// The harder exercise.
    pub harder: usize,
    /// Where the edge was declared.
    pub origin: O,
}

/// A cycle found in the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cycle<O> {
    /// The nodes of the cycle in order, first node repeated at the end (`a, b, c, a`).
    pub nodes: Vec<usize>,
    /// The declaration of the edge that closes the cycle.
    pub closing: O,
}

/// Symmetric neighbour lists, plus any cycles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Graph<O> {
    /// For each node, the easier nodes (sorted, unique).
    pub easier: Vec<Vec<usize>>,
    /// For each node, the harder nodes (sorted, unique).
    pub harder: Vec<Vec<usize>>,
    /// Cycles, one per edge that closes one, in a deterministic order.
    pub cycles: Vec<Cycle<O>>,
}

/// Builds the graph over `n` nodes. Self-edges must have been removed by the caller.
pub(crate) fn build<O: Clone>(n: usize, edges: &[Edge<O>]) -> Graph<O> {
    let mut harder: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    let mut easier: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    for e in edges {
        harder[e.easier].insert(e.harder);
        easier[e.harder].insert(e.easier);
    }
    let origin_of = |from: usize, to: usize| -> Option<O> {
        edges
            .iter()
            .find(|e| e.easier == from && e.harder == to)
            .map(|e| e.origin.clone())
    };

    // Iterative depth-first search; colour 0 = new, 1 = on the stack, 2 = done.
    let mut colour = vec![0u8; n];
    let mut cycles = Vec::new();
    let harder_lists: Vec<Vec<usize>> =
        harder.iter().map(|s| s.iter().copied().collect()).collect();
    for root in 0..n {
        if colour[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        colour[root] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&succ) = harder_lists[node].get(*next) {
                *next += 1;
                match colour[succ] {
                    0 => {
                        colour[succ] = 1;
                        stack.push((succ, 0));
                    }
                    1 => {
                        let from = stack.iter().position(|(v, _)| *v == succ).unwrap_or(0);
                        let mut nodes: Vec<usize> = stack[from..].iter().map(|(v, _)| *v).collect();
                        nodes.push(succ);
                        if let Some(closing) = origin_of(node, succ) {
                            cycles.push(Cycle { nodes, closing });
                        }
                    }
                    _ => {}
                }
            } else {
                colour[node] = 2;
                stack.pop();
            }
        }
    }

    Graph {
        easier: easier
            .into_iter()
            .map(|s| s.into_iter().collect())
            .collect(),
        harder: harder_lists,
        cycles,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(a: usize, b: usize) -> Edge<(usize, usize)> {
        Edge {
            easier: a,
            harder: b,
            origin: (a, b),
        }
    }

    #[test]
    fn makes_edges_symmetric_and_deduplicates() {
        let g = build(3, &[edge(0, 1), edge(0, 1), edge(1, 2)]);
        assert_eq!(g.harder, vec![vec![1], vec![2], vec![]]);
        assert_eq!(g.easier, vec![vec![], vec![0], vec![1]]);
        assert!(g.cycles.is_empty());
    }

    #[test]
    fn reports_the_whole_cycle_and_the_closing_edge() {
        let g = build(4, &[edge(0, 1), edge(1, 2), edge(2, 0), edge(2, 3)]);
        assert_eq!(g.cycles.len(), 1);
        assert_eq!(g.cycles[0].nodes, vec![0, 1, 2, 0]);
        assert_eq!(g.cycles[0].closing, (2, 0));
    }

    #[test]
    fn two_node_cycle() {
        let g = build(2, &[edge(0, 1), edge(1, 0)]);
        assert_eq!(g.cycles[0].nodes, vec![0, 1, 0]);
    }
}
