// The exact solver behind Allocate: a capacitated assignment (a transportation
// problem with unit demands) solved as a min-cost flow.
//
// The flow network is the usual one: a source feeds every row (a person's
// need in one domain) one unit; a row sends it along an arc to a column (a
// service) it is eligible for, at cost -fit, or leaves it unassigned at cost
// 0 (a zero-cost "dummy" column of unlimited capacity, so a row is never
// forced onto a service); a column passes at most its capacity on to the
// sink. The minimum cost is minus the largest total fit.
//
// The graph is a Boost.Graph (compressed_sparse_row_graph: rows, then
// columns, one edge per eligible pair carrying its fit). Boost's own
// min-cost-flow algorithms (successive_shortest_path_nonnegative_weights,
// cycle_canceling) push one unit per full Dijkstra over the whole graph,
// about a hundred times slower than LEMON's network simplex on a 10,000-person
// cohort, so the flow is solved here by successive shortest paths specialized
// to this shape (the primal-dual method of Jonker and Volgenant, for columns
// with capacities):
//
//   - rows are added one at a time; each finds the shortest augmenting path
//     in the residual graph (Dijkstra with column potentials, stopping at the
//     first column with room, or at the dummy), and the potentials of the
//     columns it settled are updated so all reduced costs stay non-negative.
//     Each step keeps the assignment of the rows added so far optimal, so
//     the last one is optimal for all rows.
//   - the search runs over columns only. Moving on from a full column c to
//     a column c' means moving one of c's rows there; the cheapest such row
//     for every (c, c') is kept in a bucket of the rows of c, keyed by
//     fit(r, c) - fit(r, c'), so a step costs one look-up per neighbouring
//     column instead of a pass over every arc of every row of c.
//
// Determinism: rows are added in a fixed order (best fit first, then row
// index); the search settles columns by (distance, column index), with the
// dummy after every real column, and each (c, c') bucket yields its lowest
// (key, row index). The same problem therefore always gets the same
// assignment, and ties between equal optima go to lower-numbered columns and
// to an assignment over leaving a row unassigned.
#ifndef REENTRY_SRC_ALLOCATE_ASSIGNMENT_H_
#define REENTRY_SRC_ALLOCATE_ASSIGNMENT_H_

#include <cstdint>
#include <vector>

#include "boost/graph/compressed_sparse_row_graph.hpp"

namespace reentry::allocate_internal {

// The fit of one eligible (row, column) pair: a positive whole number.
struct PairFit {
  int32_t fit = 0;
};

// Vertices 0 .. rows-1 are rows, rows .. rows+columns-1 are columns; every
// edge runs from a row to a column.
using AssignmentGraph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, PairFit>;

struct AssignmentProblem {
  int rows = 0;
  // Slots per column (at least 0).
  std::vector<int32_t> capacity;
  AssignmentGraph graph;
};

struct AssignmentSolution {
  // The column (0-based, among columns) of each row; -1 when unassigned.
  std::vector<int32_t> column_of_row;
  // The fit of each row's assignment (0 when unassigned).
  std::vector<int32_t> fit_of_row;
  // The sum of fit_of_row: the largest possible.
  int64_t total_fit = 0;
};

// Builds the graph from arcs given row by row: arcs of row r are
// [row_begin[r], row_begin[r + 1]) of `columns` and `fits` (column indices
// 0-based among columns; each column at most once per row).
AssignmentProblem MakeAssignmentProblem(int rows, std::vector<int32_t> capacity,
                                        const std::vector<int64_t>& row_begin,
                                        const std::vector<int32_t>& columns,
                                        const std::vector<int32_t>& fits);

// The optimum of `problem` (see the file comment).
AssignmentSolution SolveAssignment(const AssignmentProblem& problem);

}  // namespace reentry::allocate_internal

#endif  // REENTRY_SRC_ALLOCATE_ASSIGNMENT_H_
