// The assignment solver: the same total fit as a brute-force search on many
// small random problems and as Boost's own successive-shortest-path min-cost
// flow on larger ones; capacities never exceeded; only given pairs used; the
// same problem always gets the same assignment.
#include "allocate/assignment.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "boost/graph/adjacency_list.hpp"
#include "boost/graph/successive_shortest_path_nonnegative_weights.hpp"
// After the algorithm: find_flow_cost.hpp does not include what it uses.
#include "boost/graph/find_flow_cost.hpp"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace reentry::allocate_internal {
namespace {

// A problem as plain lists, for the references.
struct Plain {
  int rows = 0;
  std::vector<int32_t> capacity;
  // Per row: (column, fit), each column at most once.
  std::vector<std::vector<std::pair<int32_t, int32_t>>> arcs;
};

Plain Random(std::mt19937_64& rng, int max_rows, int max_columns, int max_capacity, int max_fit,
             int percent_eligible) {
  Plain plain;
  plain.rows = 1 + static_cast<int>(rng() % max_rows);
  const int columns = 1 + static_cast<int>(rng() % max_columns);
  for (int c = 0; c < columns; ++c) {
    plain.capacity.push_back(static_cast<int32_t>(rng() % (max_capacity + 1)));
  }
  plain.arcs.resize(plain.rows);
  for (int r = 0; r < plain.rows; ++r) {
    for (int c = 0; c < columns; ++c) {
      if (static_cast<int>(rng() % 100) >= percent_eligible) continue;
      // Small fits make ties (equal optima) common.
      plain.arcs[r].push_back({c, 1 + static_cast<int32_t>(rng() % max_fit)});
    }
  }
  return plain;
}

AssignmentProblem ToProblem(const Plain& plain) {
  std::vector<int64_t> begin{0};
  std::vector<int32_t> columns, fits;
  for (const auto& row : plain.arcs) {
    for (const auto& [c, fit] : row) {
      columns.push_back(c);
      fits.push_back(fit);
    }
    begin.push_back(static_cast<int64_t>(columns.size()));
  }
  return MakeAssignmentProblem(plain.rows, plain.capacity, begin, columns, fits);
}

// Every way to give each row one of its arcs or nothing.
int64_t BruteForce(const Plain& plain) {
  std::vector<int32_t> used(plain.capacity.size(), 0);
  int64_t best = 0;
  std::function<void(int, int64_t)> visit = [&](int r, int64_t total) {
    if (r == plain.rows) {
      best = std::max(best, total);
      return;
    }
    visit(r + 1, total);
    for (const auto& [c, fit] : plain.arcs[r]) {
      if (used[c] == plain.capacity[c]) continue;
      ++used[c];
      visit(r + 1, total + fit);
      --used[c];
    }
  };
  visit(0, 0);
  return best;
}

// Boost's successive_shortest_path_nonnegative_weights on the textbook
// network: s0 -> s (R units) -> each row (1) -> its columns (1, cost M - fit)
// -> t (capacity), and a bypass s -> t (cost M) for rows left unassigned.
// Weights are doubles: with integer weights Boost adds its "infinite" distance
// of unreachable vertices to itself, a signed overflow UBSan stops on.
int64_t BoostMinCostFlow(const Plain& plain) {
  using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
  using Graph = boost::adjacency_list<
      boost::vecS, boost::vecS, boost::directedS, boost::no_property,
      boost::property<
          boost::edge_capacity_t, int64_t,
          boost::property<boost::edge_residual_capacity_t, int64_t,
                          boost::property<boost::edge_reverse_t, Traits::edge_descriptor,
                                          boost::property<boost::edge_weight_t, double>>>>>;
  const int columns = static_cast<int>(plain.capacity.size());
  Graph g(3 + plain.rows + columns);
  auto capacity = boost::get(boost::edge_capacity, g);
  auto reverse = boost::get(boost::edge_reverse, g);
  auto weight = boost::get(boost::edge_weight, g);
  const auto add = [&](int from, int to, int64_t cap, double cost) {
    auto forward = boost::add_edge(from, to, g).first;
    auto backward = boost::add_edge(to, from, g).first;
    capacity[forward] = cap;
    capacity[backward] = 0;
    weight[forward] = cost;
    weight[backward] = -cost;
    reverse[forward] = backward;
    reverse[backward] = forward;
  };
  int32_t max_fit = 0;
  for (const auto& row : plain.arcs) {
    for (const auto& arc : row) max_fit = std::max(max_fit, arc.second);
  }
  const int64_t m = max_fit + 1;
  const int s0 = 0, s = 1, t = 2;
  add(s0, s, plain.rows, 0);
  add(s, t, plain.rows, m);
  for (int r = 0; r < plain.rows; ++r) {
    add(s, 3 + r, 1, 0);
    for (const auto& [c, fit] : plain.arcs[r]) add(3 + r, 3 + plain.rows + c, 1, m - fit);
  }
  for (int c = 0; c < columns; ++c) add(3 + plain.rows + c, t, plain.capacity[c], 0);
  boost::successive_shortest_path_nonnegative_weights(g, s0, t);
  // Costs are whole numbers far below 2^53: exact in double.
  return plain.rows * m - std::llround(boost::find_flow_cost(g));
}

// Checks a solution against its problem: each assignment along a given arc
// with its fit, capacities kept, the total the sum.
void ExpectFeasible(const Plain& plain, const AssignmentSolution& solution) {
  ASSERT_EQ(static_cast<int>(solution.column_of_row.size()), plain.rows);
  std::vector<int32_t> used(plain.capacity.size(), 0);
  int64_t total = 0;
  for (int r = 0; r < plain.rows; ++r) {
    const int32_t c = solution.column_of_row[r];
    if (c < 0) {
      EXPECT_EQ(solution.fit_of_row[r], 0);
      continue;
    }
    const auto arc = std::find_if(plain.arcs[r].begin(), plain.arcs[r].end(),
                                  [&](const auto& a) { return a.first == c; });
    ASSERT_NE(arc, plain.arcs[r].end()) << "row " << r << " sent to column " << c;
    EXPECT_EQ(solution.fit_of_row[r], arc->second);
    total += arc->second;
    ++used[c];
  }
  for (size_t c = 0; c < used.size(); ++c) EXPECT_LE(used[c], plain.capacity[c]) << c;
  EXPECT_EQ(solution.total_fit, total);
}

TEST(Assignment, MatchesABruteForceSearchOnThousandsOfSmallProblems) {
  std::mt19937_64 rng(20271223);
  for (int trial = 0; trial < 3000; ++trial) {
    const Plain plain = Random(rng, 7, 4, 2, trial % 2 ? 3 : 60, 60);
    const AssignmentSolution solution = SolveAssignment(ToProblem(plain));
    ExpectFeasible(plain, solution);
    ASSERT_EQ(solution.total_fit, BruteForce(plain)) << "trial " << trial;
  }
}

TEST(Assignment, MatchesBoostsMinCostFlowOnLargerProblems) {
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 60; ++trial) {
    const Plain plain = Random(rng, 150, 25, 6, trial % 3 ? 120 : 4, 40);
    const AssignmentSolution solution = SolveAssignment(ToProblem(plain));
    ExpectFeasible(plain, solution);
    ASSERT_EQ(solution.total_fit, BoostMinCostFlow(plain)) << "trial " << trial;
  }
}

TEST(Assignment, TheSameProblemAlwaysGetsTheSameAssignment) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    const Plain plain = Random(rng, 80, 10, 3, 3, 70);  // ties everywhere
    const AssignmentSolution first = SolveAssignment(ToProblem(plain));
    const AssignmentSolution second = SolveAssignment(ToProblem(plain));
    EXPECT_EQ(first.column_of_row, second.column_of_row);
  }
}

TEST(Assignment, TiesGoToTheLowerColumnAndToAnAssignmentOverNone) {
  // Two columns of one slot, one row that fits both equally: column 0.
  Plain plain;
  plain.rows = 1;
  plain.capacity = {1, 1};
  plain.arcs = {{{0, 5}, {1, 5}}};
  EXPECT_EQ(SolveAssignment(ToProblem(plain)).column_of_row[0], 0);
  plain.arcs = {{{1, 5}, {0, 5}}};  // arc order does not matter
  EXPECT_EQ(SolveAssignment(ToProblem(plain)).column_of_row[0], 0);
}

TEST(Assignment, AHandWorkedExchange) {
  // Row 0 prefers column 0 (9 vs 4); row 1 fits only column 0 (8). One slot
  // each: the optimum moves row 0 to column 1 (4 + 8 = 12 > 9).
  Plain plain;
  plain.rows = 2;
  plain.capacity = {1, 1};
  plain.arcs = {{{0, 9}, {1, 4}}, {{0, 8}}};
  const AssignmentSolution solution = SolveAssignment(ToProblem(plain));
  EXPECT_THAT(solution.column_of_row, ::testing::ElementsAre(1, 0));
  EXPECT_EQ(solution.total_fit, 12);
}

TEST(Assignment, RowsWithoutArcsAndColumnsWithoutSlotsStayEmpty) {
  Plain plain;
  plain.rows = 3;
  plain.capacity = {0, 2};
  plain.arcs = {{}, {{0, 10}}, {{0, 10}, {1, 1}}};
  const AssignmentSolution solution = SolveAssignment(ToProblem(plain));
  EXPECT_THAT(solution.column_of_row, ::testing::ElementsAre(-1, -1, 1));
  EXPECT_EQ(solution.total_fit, 1);
  EXPECT_EQ(SolveAssignment(ToProblem(Plain{})).total_fit, 0);
}

}  // namespace
}  // namespace reentry::allocate_internal
