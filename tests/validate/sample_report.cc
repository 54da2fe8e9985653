// Writes the validation report of a generated cohort as HTML (argv[1]) and as
// text (stdout): the input of check_html_report.js, which opens the HTML in a
// headless browser. The cohort is COMPAS-like: decile scores 1-10, three
// groups with different base rates, one small group with no negatives.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "reentry/validate/render.h"
#include "reentry/validate/validate.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " REPORT.html\n";
    return 2;
  }
  std::mt19937_64 rng(2016);
  std::vector<double> scores;
  std::vector<uint8_t> outcomes;
  std::vector<int32_t> groups;
  const std::vector<std::string> names = {"Black", "White", "Hispanic", "Other <small & \"odd\">"};
  const double base[] = {0.52, 0.39, 0.37, 1.0};
  const int sizes[] = {3000, 2000, 500, 12};
  for (int g = 0; g < 4; ++g) {
    for (int i = 0; i < sizes[g]; ++i) {
      const bool outcome = std::bernoulli_distribution(base[g])(rng);
      // Higher deciles for people whose outcome happened; a calibrated-ish score.
      const double latent = std::normal_distribution<double>(outcome ? 6.2 : 4.0, 2.3)(rng);
      scores.push_back(std::clamp(std::round(latent), 1.0, 10.0));
      outcomes.push_back(outcome);
      groups.push_back(g);
    }
  }
  reentry::ValidateOptions options;
  options.positive_from = 5;
  auto report = reentry::ValidateColumns(scores, outcomes, groups, names, options);
  if (!report.ok()) {
    std::cerr << report.status() << "\n";
    return 1;
  }
  std::ofstream(argv[1]) << reentry::RenderValidationHtml(
      *report, "Sample validation: a generated COMPAS-like cohort");
  std::cout << reentry::RenderValidationText(*report);
  return 0;
}
