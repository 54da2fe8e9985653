// Fuzzes instrument definition loading (text format, validation, compilation)
// and, when a definition compiles, scores a request read from the same input
// through both single and batch scoring, which must agree.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "reentry/assess/batch.h"
#include "reentry/assess/instrument.h"
#include "reentry/assess/scorer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto instrument = reentry::Instrument::ParseText(text, "fuzz");
  if (!instrument.ok()) return 0;
  // Answer every item with a value derived from its position, in range.
  const auto& definition = (*instrument)->definition();
  reentry::v1::ScoreRequest request;
  if (!definition.norm_groups().empty()) request.set_norm_group(definition.norm_groups(0).id());
  std::vector<double> values;
  std::vector<reentry::Column> columns;
  std::vector<std::vector<double>> storage(definition.items_size());
  std::vector<std::vector<int32_t>> choices(definition.items_size());
  for (int i = 0; i < definition.items_size(); ++i) {
    const auto& item = definition.items(i);
    auto* response = request.add_responses();
    response->set_item_id(item.id());
    switch (item.type()) {
      case reentry::v1::Item::TYPE_BOOLEAN:
        response->set_boolean(i % 2);
        storage[i] = {static_cast<double>(i % 2)};
        columns.push_back({item.id(), reentry::ColumnType::kFloat64, storage[i].data()});
        break;
      case reentry::v1::Item::TYPE_CHOICE:
        response->set_choice(item.choices(i % item.choices_size()).id());
        choices[i] = {i % item.choices_size()};
        columns.push_back({item.id(), reentry::ColumnType::kInt32, choices[i].data()});
        break;
      default: {
        double v = item.has_min() ? item.min() : 0;
        if (item.type() == reentry::v1::Item::TYPE_COUNT || item.whole_number()) v = std::ceil(v);
        response->set_number(v);
        storage[i] = {v};
        columns.push_back({item.id(), reentry::ColumnType::kFloat64, storage[i].data()});
      }
    }
  }
  auto single = reentry::ScoreAssessment(**instrument, request);
  std::vector<double> raw(definition.scales_size());
  std::vector<reentry::ScaleOutput> outputs;
  for (int s = 0; s < definition.scales_size(); ++s) {
    outputs.push_back({definition.scales(s).id(), &raw[s], nullptr, nullptr, nullptr});
  }
  const absl::Status batch =
      reentry::ScoreColumns(**instrument, columns, 1, outputs, {request.norm_group()});
  if (single.ok() != batch.ok()) std::abort();
  if (single.ok()) {
    for (int s = 0; s < definition.scales_size(); ++s) {
      if (single->scales(s).raw_score() != raw[s]) std::abort();
    }
  }
  return 0;
}
