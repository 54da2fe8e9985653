#include "allocate/assignment.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <queue>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "boost/range/iterator_range.hpp"

namespace reentry::allocate_internal {
namespace {

// A row assigned to a column c, as seen from another column c' it could move
// to: key = fit(r, c) - fit(r, c'), the fit lost by moving (or, for the
// dummy, fit(r, c), the fit lost by leaving r unassigned).
struct Entry {
  int32_t key;
  int32_t row;
  int32_t arc;  // r's arc to c' (its edge index); -1 for the dummy
};

bool Before(const Entry& a, const Entry& b) {
  return a.key < b.key || (a.key == b.key && a.row < b.row);
}

constexpr int32_t kEmpty = std::numeric_limits<int32_t>::max();

// The cheapest row of a bucket: the part a search reads, kept apart from the
// rest so a search passes over 16-byte records (key kEmpty when the bucket is
// empty, which no offer can use).
struct Top {
  int32_t to = 0;  // the other column (the dummy for a column's eviction bucket)
  int32_t key = kEmpty;
  int32_t row = -1;
  int32_t arc = -1;
};

// The rows of one column that could move to one other column.
struct Bucket {
  int32_t best = -1;  // index of the cheapest entry; -1 when empty
  std::vector<Entry> entries;

  void Add(const Entry& entry, Top& top, std::vector<int32_t>& position, int32_t slot) {
    position[slot] = static_cast<int32_t>(entries.size());
    entries.push_back(entry);
    if (best < 0 || Before(entry, entries[best])) {
      best = static_cast<int32_t>(entries.size()) - 1;
      Publish(top);
    }
  }

  // Removes the entry at `at`; `slot_of` gives the position slot of an entry.
  template <typename SlotOf>
  void Remove(int32_t at, Top& top, std::vector<int32_t>& position, SlotOf slot_of) {
    const int32_t last = static_cast<int32_t>(entries.size()) - 1;
    const bool best_removed = best == at;
    if (at != last) {
      entries[at] = entries[last];
      position[slot_of(entries[at])] = at;
      if (best == last) best = at;
    }
    entries.pop_back();
    if (best_removed) {
      best = -1;
      for (int32_t i = 0; i < static_cast<int32_t>(entries.size()); ++i) {
        if (best < 0 || Before(entries[i], entries[best])) best = i;
      }
      Publish(top);
    }
  }

  void Publish(Top& top) const {
    if (best < 0) {
      top.key = kEmpty;
      top.row = top.arc = -1;
    } else {
      top.key = entries[best].key;
      top.row = entries[best].row;
      top.arc = entries[best].arc;
    }
  }
};

// Union-find over columns, to split the problem into independent parts.
int32_t Find(std::vector<int32_t>& parent, int32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

// Maps (column, column) within one part to a bucket number.
class PairIndex {
 public:
  void Reset(int32_t size) {
    size_ = size;
    dense_ = size <= kDenseLimit;
    if (dense_) {
      table_.assign(static_cast<size_t>(size) * size, -1);
    } else {
      table_.clear();
      sparse_.clear();
    }
  }
  int32_t& At(int32_t from, int32_t to) {
    if (dense_) return table_[static_cast<size_t>(from) * size_ + to];
    return sparse_.try_emplace((static_cast<uint64_t>(from) << 32) | static_cast<uint32_t>(to), -1)
        .first->second;
  }

 private:
  static constexpr int32_t kDenseLimit = 2048;
  int32_t size_ = 0;
  bool dense_ = true;
  std::vector<int32_t> table_;
  absl::flat_hash_map<uint64_t, int32_t> sparse_;
};

class Solver {
 public:
  Solver(const AssignmentProblem& problem, AssignmentSolution* out)
      : problem_(problem), graph_(problem.graph), rows_(problem.rows), out_(out) {
    const size_t edges = boost::num_edges(graph_);
    edge_at_.resize(edges);
    for (auto e : boost::make_iterator_range(boost::edges(graph_))) edge_at_[EdgeIndex(e)] = e;
    arc_of_row_.assign(rows_, -1);
    arc_position_.assign(edges, -1);
    row_position_.assign(rows_, -1);
  }

  void Run() {
    const int32_t columns = static_cast<int32_t>(problem_.capacity.size());
    out_->column_of_row.assign(rows_, -1);
    out_->fit_of_row.assign(rows_, 0);
    out_->total_fit = 0;
    // Parts: columns linked by a row that may go to both.
    std::vector<int32_t> parent(columns);
    std::iota(parent.begin(), parent.end(), 0);
    for (int32_t r = 0; r < rows_; ++r) {
      int32_t first = -1;
      for (auto e : Out(r)) {
        const int32_t c = static_cast<int32_t>(boost::target(e, graph_)) - rows_;
        if (first < 0) {
          first = Find(parent, c);
        } else {
          const int32_t root = Find(parent, c);
          if (root != first) parent[root] = first;
        }
      }
    }
    std::vector<std::vector<int32_t>> part_columns(columns);
    for (int32_t c = 0; c < columns; ++c) part_columns[Find(parent, c)].push_back(c);
    std::vector<std::vector<int32_t>> part_rows(columns);
    for (int32_t r = 0; r < rows_; ++r) {
      const auto edges = Out(r);
      if (edges.empty()) continue;
      const int32_t c = static_cast<int32_t>(boost::target(*edges.begin(), graph_)) - rows_;
      part_rows[Find(parent, c)].push_back(r);
    }
    local_.assign(columns, -1);
    for (int32_t root = 0; root < columns; ++root) {
      if (part_rows[root].empty()) continue;
      SolvePart(part_columns[root], part_rows[root]);
    }
  }

 private:
  boost::iterator_range<AssignmentGraph::out_edge_iterator> Out(int32_t row) const {
    return boost::make_iterator_range(
        boost::out_edges(static_cast<AssignmentGraph::vertex_descriptor>(row), graph_));
  }
  int32_t ColumnOf(AssignmentGraph::edge_descriptor e) const {
    return local_[static_cast<int32_t>(boost::target(e, graph_)) - rows_];
  }
  int32_t FitOf(AssignmentGraph::edge_descriptor e) const { return graph_[e].fit; }
  int32_t EdgeIndex(AssignmentGraph::edge_descriptor e) const {
    return static_cast<int32_t>(boost::get(boost::edge_index, graph_, e));
  }

  void SolvePart(const std::vector<int32_t>& columns, std::vector<int32_t> rows) {
    const int32_t n = static_cast<int32_t>(columns.size());
    const int32_t dummy = n;
    for (int32_t i = 0; i < n; ++i) local_[columns[i]] = i;
    room_.assign(n + 1, 0);
    for (int32_t i = 0; i < n; ++i) room_[i] = problem_.capacity[columns[i]];
    room_[dummy] = std::numeric_limits<int32_t>::max();
    price_.assign(n + 1, 0);
    distance_.assign(n + 1, 0);
    state_.assign(n + 1, kUnseen);
    via_column_.assign(n + 1, -1);
    via_row_.assign(n + 1, -1);
    via_arc_.assign(n + 1, -1);
    tops_.assign(n, {});
    buckets_.assign(n, {});
    evict_top_.assign(n, Top{dummy, kEmpty, -1, -1});
    evict_.assign(n, {});
    pairs_.Reset(n);

    // Rows with the best fit first (fewer paths are rerouted later), then by
    // index.
    std::vector<std::pair<int32_t, int32_t>> order;
    order.reserve(rows.size());
    for (int32_t r : rows) {
      int32_t best = 0;
      for (auto e : Out(r)) {
        best = std::max(best, FitOf(e));
      }
      order.emplace_back(-best, r);
    }
    std::sort(order.begin(), order.end());
    for (const auto& [unused, r] : order) Augment(r, dummy);

    for (int32_t r : rows) {
      const int32_t arc = arc_of_row_[r];
      if (arc < 0) continue;
      const auto e = EdgeAt(arc);
      out_->column_of_row[r] = columns[ColumnOf(e)];
      out_->fit_of_row[r] = FitOf(e);
      out_->total_fit += FitOf(e);
    }
    for (int32_t c : columns) local_[c] = -1;
  }

  AssignmentGraph::edge_descriptor EdgeAt(int32_t index) const { return edge_at_[index]; }

  // Where row r's entries sit: one slot per arc of r (edge index) in the
  // bucket of (its column, the arc's column), and one slot per row in its
  // column's eviction bucket.
  void Join(int32_t r, int32_t arc, int32_t column) {
    arc_of_row_[r] = arc;
    const int32_t fit = FitOf(EdgeAt(arc));
    for (auto e : Out(r)) {
      const int32_t index = EdgeIndex(e);
      if (index == arc) continue;
      const int32_t other = ColumnOf(e);
      int32_t& bucket = pairs_.At(column, other);
      if (bucket < 0) {
        bucket = static_cast<int32_t>(buckets_[column].size());
        buckets_[column].emplace_back();
        tops_[column].push_back(Top{other, kEmpty, -1, -1});
      }
      buckets_[column][bucket].Add(Entry{fit - FitOf(e), r, index}, tops_[column][bucket],
                                   arc_position_, index);
    }
    evict_[column].Add(Entry{fit, r, -1}, evict_top_[column], row_position_, r);
  }

  void Leave(int32_t r, int32_t column) {
    const int32_t arc = arc_of_row_[r];
    for (auto e : Out(r)) {
      const int32_t index = EdgeIndex(e);
      if (index == arc) continue;
      const int32_t bucket = pairs_.At(column, ColumnOf(e));
      buckets_[column][bucket].Remove(arc_position_[index], tops_[column][bucket], arc_position_,
                                      [](const Entry& entry) { return entry.arc; });
    }
    evict_[column].Remove(row_position_[r], evict_top_[column], row_position_,
                          [](const Entry& entry) { return entry.row; });
    arc_of_row_[r] = -1;
  }

  void Offer(int32_t column, int64_t distance, int32_t from, int32_t row, int32_t arc) {
    // Past the shortest known way to a column with room, a label can never
    // be settled before the search ends (ties still count: a lower column
    // index settles first).
    if (distance > bound_) return;
    if (room_[column] > 0) bound_ = distance;
    uint8_t& state = state_[column];
    if (state == kSettled) return;
    if (state == kUnseen) {
      state = kReached;
      touched_.push_back(column);
    } else if (distance >= distance_[column]) {
      return;
    }
    distance_[column] = distance;
    via_column_[column] = from;
    via_row_[column] = row;
    via_arc_[column] = arc;
    heap_.push({distance, column});
  }

  void Augment(int32_t start, int32_t dummy) {
    touched_.clear();
    settled_.clear();
    bound_ = std::numeric_limits<int64_t>::max();
    for (auto e : Out(start)) {
      const int32_t c = ColumnOf(e);
      Offer(c, -static_cast<int64_t>(FitOf(e)) - price_[c], -1, start, EdgeIndex(e));
    }
    Offer(dummy, -price_[dummy], -1, start, -1);
    int32_t sink = dummy;
    int64_t length = 0;
    while (!heap_.empty()) {
      const auto [distance, c] = heap_.top();
      heap_.pop();
      if (state_[c] == kSettled || distance != distance_[c]) continue;
      if (room_[c] > 0) {
        sink = c;
        length = distance;
        break;
      }
      state_[c] = kSettled;
      settled_.push_back(c);
      // distance + price: the reduced distance of the rows of c.
      const int64_t base = distance + price_[c];
      for (const Top& top : tops_[c]) {
        // An empty bucket's key puts it past any bound.
        const int64_t distance_to = base + top.key - price_[top.to];
        if (distance_to > bound_) continue;
        Offer(top.to, distance_to, c, top.row, top.arc);
      }
      const Top& evict = evict_top_[c];
      if (evict.key != kEmpty) Offer(dummy, base + evict.key - price_[dummy], c, evict.row, -1);
    }
    while (!heap_.empty()) heap_.pop();
    for (int32_t c : settled_) price_[c] += distance_[c] - length;
    // Move each row of the path one column on, from the sink back.
    for (int32_t c = sink;;) {
      const int32_t r = via_row_[c];
      const int32_t from = via_column_[c];
      if (from >= 0) Leave(r, from);
      if (c != dummy) Join(r, via_arc_[c], c);
      if (from < 0) break;
      c = from;
    }
    --room_[sink];
    for (int32_t c : touched_) state_[c] = kUnseen;
  }

  static constexpr uint8_t kUnseen = 0;
  static constexpr uint8_t kReached = 1;
  static constexpr uint8_t kSettled = 2;

  const AssignmentProblem& problem_;
  const AssignmentGraph& graph_;
  const int32_t rows_;
  AssignmentSolution* out_;

  // Per edge and per row (set up once for the whole problem).
  std::vector<AssignmentGraph::edge_descriptor> edge_at_;
  std::vector<int32_t> arc_of_row_;    // the edge a row is assigned along; -1
  std::vector<int32_t> arc_position_;  // per edge: its entry's index in its bucket
  std::vector<int32_t> row_position_;  // per row: its entry's index in the eviction bucket
  // Per column of the part being solved (local indices; the dummy last).
  std::vector<int32_t> local_;
  std::vector<int32_t> room_;
  std::vector<int64_t> price_;
  std::vector<int64_t> distance_;
  std::vector<uint8_t> state_;
  std::vector<int32_t> via_column_, via_row_, via_arc_;
  std::vector<std::vector<Top>> tops_;  // per column, parallel to buckets_
  std::vector<std::vector<Bucket>> buckets_;
  std::vector<Top> evict_top_;
  std::vector<Bucket> evict_;
  PairIndex pairs_;
  std::vector<int32_t> touched_, settled_;
  int64_t bound_ = 0;
  std::priority_queue<std::pair<int64_t, int32_t>, std::vector<std::pair<int64_t, int32_t>>,
                      std::greater<>>
      heap_;
};

}  // namespace

AssignmentProblem MakeAssignmentProblem(int rows, std::vector<int32_t> capacity,
                                        const std::vector<int64_t>& row_begin,
                                        const std::vector<int32_t>& columns,
                                        const std::vector<int32_t>& fits) {
  std::vector<std::pair<int32_t, int32_t>> edges;
  std::vector<PairFit> properties;
  edges.reserve(columns.size());
  properties.reserve(columns.size());
  for (int32_t r = 0; r < rows; ++r) {
    for (int64_t i = row_begin[r]; i < row_begin[r + 1]; ++i) {
      edges.emplace_back(r, rows + columns[i]);
      properties.push_back(PairFit{fits[i]});
    }
  }
  const auto vertices = static_cast<size_t>(rows) + capacity.size();
  AssignmentProblem problem;
  problem.rows = rows;
  problem.capacity = std::move(capacity);
  problem.graph = AssignmentGraph(boost::edges_are_sorted, edges.begin(), edges.end(),
                                  properties.begin(), vertices);
  return problem;
}

AssignmentSolution SolveAssignment(const AssignmentProblem& problem) {
  AssignmentSolution solution;
  Solver solver(problem, &solution);
  solver.Run();
  return solution;
}

}  // namespace reentry::allocate_internal
