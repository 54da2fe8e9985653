// Validation reports for people: one self-contained HTML file (inline CSS and
// SVG, nothing loaded) and a plain-text rendering for terminals.

#include "reentry/validate/render.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "util/status.h"

namespace reentry {
namespace {

// ---- Shared --------------------------------------------------------------------

// The series drawn and tabulated: overall first, then the groups in order.
struct Series {
  const v1::GroupReport* report;
  std::string label;  // "Overall" or the group's label (raw, unescaped)
  std::string color;
  std::string dash;  // SVG stroke-dasharray, empty for solid
};

std::vector<Series> SeriesOf(const v1::ValidationReport& report) {
  // Okabe & Ito's palette (distinguishable with the common colour-vision
  // deficiencies), without its yellow, which is too light on white.
  static constexpr const char* kPalette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                             "#E69F00", "#56B4E9", "#8C564B"};
  static constexpr const char* kDashes[] = {"", "6 3", "2 2", "8 3 2 3"};
  std::vector<Series> series;
  series.push_back({&report.overall(), "Overall", "#000000", ""});
  for (int g = 0; g < report.groups_size(); ++g) {
    series.push_back({&report.groups(g), internal::ValidUtf8(report.groups(g).group()),
                      kPalette[g % 7], kDashes[(g / 7) % 4]});
  }
  return series;
}

std::string Fixed3(double value) { return absl::StrFormat("%.3f", value); }

std::string ScoreText(double score) { return internal::FormatNumber(score); }

// The reason `field` of `report` is undefined, or empty.
std::string ReasonUndefined(const v1::GroupReport& report, absl::string_view field) {
  for (const v1::UndefinedValue& undefined : report.undefined()) {
    if (undefined.field() == field) return undefined.reason();
  }
  return "";
}

absl::string_view ScoreKindText(v1::ValidateRequest::ScoreKind kind) {
  switch (kind) {
    case v1::ValidateRequest::SCORE_KIND_RAW:
      return "raw score";
    case v1::ValidateRequest::SCORE_KIND_SCALED:
      return "scaled score";
    case v1::ValidateRequest::SCORE_KIND_LEVEL_INDEX:
      return "level index";
    default:
      return "";
  }
}

// "instrument psa 1.0, scale nca (raw score), norm group male", or empty.
std::string Provenance(const v1::ValidationReport& report) {
  std::vector<std::string> parts;
  if (!report.instrument_id().empty()) {
    parts.push_back(absl::StrCat("instrument ", report.instrument_id(),
                                 report.instrument_version().empty() ? "" : " ",
                                 report.instrument_version()));
  }
  if (!report.scale_id().empty()) {
    const absl::string_view kind = ScoreKindText(report.score_kind());
    parts.push_back(absl::StrCat("scale ", report.scale_id(), kind.empty() ? "" : " (", kind,
                                 kind.empty() ? "" : ")"));
  } else if (!ScoreKindText(report.score_kind()).empty()) {
    parts.push_back(std::string(ScoreKindText(report.score_kind())));
  }
  if (!report.norm_group().empty()) parts.push_back("norm group " + report.norm_group());
  return internal::ValidUtf8(absl::StrJoin(parts, ", "));
}

bool ByLevel(const v1::ValidationReport& report) {
  return report.overall().calibration_size() > 0 && !report.overall().calibration(0).has_score();
}

// ---- HTML ----------------------------------------------------------------------

std::string Escape(absl::string_view raw) {
  const std::string text = internal::ValidUtf8(raw);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Px(double value) { return absl::StrFormat("%.2f", value); }

// A table cell for an optional value: the value, or a dash whose tooltip says
// why it is undefined.
template <typename Has, typename Get>
std::string Cell(const v1::GroupReport& report, absl::string_view field, Has has, Get get) {
  if (has()) return absl::StrCat("<td>", Fixed3(get()), "</td>");
  const std::string reason = ReasonUndefined(report, field);
  return absl::StrCat("<td class=\"undefined\"><abbr title=\"undefined: ", Escape(reason),
                      "\">&mdash;</abbr></td>");
}

std::string AucText(const v1::GroupReport& report) {
  if (!report.has_auc()) return "AUC undefined";
  std::string text = absl::StrCat("AUC ", Fixed3(report.auc()));
  if (report.has_auc_lower()) {
    absl::StrAppend(&text, " [", Fixed3(report.auc_lower()), ", ", Fixed3(report.auc_upper()), "]");
  }
  return text;
}

std::string AucCell(const v1::GroupReport& report) {
  if (!report.has_auc()) {
    return absl::StrCat("<td class=\"undefined\"><abbr title=\"undefined: ",
                        Escape(ReasonUndefined(report, "auc")), "\">&mdash;</abbr></td>");
  }
  std::string cell = absl::StrCat("<td>", Fixed3(report.auc()));
  if (report.has_auc_lower()) {
    absl::StrAppend(&cell, "<br><span class=\"ci\">[", Fixed3(report.auc_lower()), ", ",
                    Fixed3(report.auc_upper()), "]</span>");
  } else {
    absl::StrAppend(&cell, "<br><abbr class=\"ci\" title=\"",
                    Escape(ReasonUndefined(report, "auc_lower")), "\">[no interval]</abbr>");
  }
  return cell + "</td>";
}

std::string Swatch(const Series& series) {
  return absl::StrCat(
      "<svg class=\"swatch\" width=\"28\" height=\"10\" aria-hidden=\"true\"><line x1=\"1\" "
      "y1=\"5\" x2=\"27\" y2=\"5\" stroke=\"",
      series.color, "\" stroke-width=\"3\"",
      series.dash.empty() ? "" : absl::StrCat(" stroke-dasharray=\"", series.dash, "\""),
      "/></svg>");
}

void AppendRateTable(const std::vector<Series>& all, std::string* out) {
  absl::StrAppend(out,
                  "<div class=\"wide\"><table "
                  "class=\"rates\"><thead><tr><th>Group</th><th>n</th><th>Base rate</th>"
                  "<th>Predicted positive</th><th>False positive rate</th><th>ratio</th>"
                  "<th>False negative rate</th><th>ratio</th><th>Positive predictive value</th>"
                  "<th>ratio</th><th>Negative predictive value</th><th>ratio</th>"
                  "<th>AUC<br>[95% CI]</th></tr></thead><tbody>\n");
  for (size_t s = 0; s < all.size(); ++s) {
    const v1::GroupReport& r = *all[s].report;
    const bool overall = s == 0;
    absl::StrAppend(out, overall ? "<tr class=\"overall\">" : "<tr>", "<th scope=\"row\">",
                    Swatch(all[s]), " ", Escape(all[s].label), "</th><td>", r.n(), "</td>");
    absl::StrAppend(
        out,
        Cell(
            r, "base_rate", [&] { return r.has_base_rate(); }, [&] { return r.base_rate(); }),
        Cell(
            r, "predicted_positive_rate", [&] { return r.has_predicted_positive_rate(); },
            [&] { return r.predicted_positive_rate(); }));
    struct RatePair {
      absl::string_view field;
      bool has;
      double value;
      bool has_ratio;
      double ratio;
    };
    const RatePair pairs[] = {
        {"false_positive_rate", r.has_false_positive_rate(), r.false_positive_rate(),
         r.has_false_positive_rate_ratio(), r.false_positive_rate_ratio()},
        {"false_negative_rate", r.has_false_negative_rate(), r.false_negative_rate(),
         r.has_false_negative_rate_ratio(), r.false_negative_rate_ratio()},
        {"positive_predictive_value", r.has_positive_predictive_value(),
         r.positive_predictive_value(), r.has_positive_predictive_value_ratio(),
         r.positive_predictive_value_ratio()},
        {"negative_predictive_value", r.has_negative_predictive_value(),
         r.negative_predictive_value(), r.has_negative_predictive_value_ratio(),
         r.negative_predictive_value_ratio()},
    };
    for (const RatePair& pair : pairs) {
      absl::StrAppend(out,
                      Cell(
                          r, pair.field, [&] { return pair.has; }, [&] { return pair.value; }));
      if (overall) {
        absl::StrAppend(out, "<td class=\"ratio\">1</td>");
      } else if (pair.has_ratio) {
        // Ratios far from 1 (beyond 0.8 to 1.25, the four-fifths rule's band)
        // are marked for the reader's eye; the mark is no judgement.
        const bool far = pair.ratio < 0.8 || pair.ratio > 1.25;
        absl::StrAppend(out, "<td class=\"ratio", far ? " far" : "", "\">",
                        absl::StrFormat("%.2f", pair.ratio), "&times;</td>");
      } else {
        absl::StrAppend(out, "<td class=\"ratio undefined\"><abbr title=\"undefined: ",
                        Escape(ReasonUndefined(r, absl::StrCat(pair.field, "_ratio"))),
                        "\">&mdash;</abbr></td>");
      }
    }
    absl::StrAppend(out, AucCell(r), "</tr>\n");
  }
  absl::StrAppend(out, "</tbody></table></div>\n");
}

void AppendCountTable(const std::vector<Series>& all, double positive_from, std::string* out) {
  absl::StrAppend(out,
                  "<table class=\"counts\"><thead><tr><th>Group</th><th>n</th>"
                  "<th>Outcome happened</th><th>Did not</th><th>True positives</th>"
                  "<th>False positives</th><th>True negatives</th><th>False negatives</th>"
                  "</tr></thead><tbody>\n");
  for (size_t s = 0; s < all.size(); ++s) {
    const v1::GroupReport& r = *all[s].report;
    absl::StrAppend(out, s == 0 ? "<tr class=\"overall\">" : "<tr>", "<th scope=\"row\">",
                    Escape(all[s].label), "</th><td>", r.n(), "</td><td>", r.positives(),
                    "</td><td>", r.negatives(), "</td><td>", r.true_positives(), "</td><td>",
                    r.false_positives(), "</td><td>", r.true_negatives(), "</td><td>",
                    r.false_negatives(), "</td></tr>\n");
  }
  absl::StrAppend(out, "</tbody></table>\n<p class=\"caption\">Predicted positive: score &ge; ",
                  Escape(ScoreText(positive_from)),
                  ". True positives were predicted positive and the outcome happened; false "
                  "positives were predicted positive and it did not.</p>\n");
}

// A square plot area with axes from 0 to 1 (ROC) or a plot box, in pixels.
struct Frame {
  double left, top, width, height;
  double X(double share) const { return left + share * width; }
  double Y(double share) const { return top + (1 - share) * height; }
};

void AppendYAxis(const Frame& f, absl::string_view label, std::string* out) {
  for (int i = 0; i <= 5; ++i) {
    const double v = i / 5.0;
    absl::StrAppend(out, "<line class=\"grid\" x1=\"", Px(f.left), "\" y1=\"", Px(f.Y(v)),
                    "\" x2=\"", Px(f.left + f.width), "\" y2=\"", Px(f.Y(v)), "\"/>",
                    "<text class=\"tick\" x=\"", Px(f.left - 6), "\" y=\"", Px(f.Y(v) + 4),
                    "\" text-anchor=\"end\">", absl::StrFormat("%.1f", v), "</text>\n");
  }
  absl::StrAppend(out, "<text class=\"axis-label\" transform=\"translate(", Px(f.left - 40), " ",
                  Px(f.top + f.height / 2), ") rotate(-90)\" text-anchor=\"middle\">", label,
                  "</text>\n");
}

void AppendRocPlot(const std::vector<Series>& all, std::string* out) {
  const Frame f{56, 16, 368, 368};
  absl::StrAppend(out,
                  "<svg id=\"roc\" class=\"plot\" viewBox=\"0 0 440 432\" width=\"440\" "
                  "height=\"432\" role=\"img\" aria-labelledby=\"roc-title\">"
                  "<title id=\"roc-title\">ROC curves: true positive rate against false "
                  "positive rate at every threshold</title>\n");
  AppendYAxis(f, "True positive rate", out);
  for (int i = 0; i <= 5; ++i) {
    const double v = i / 5.0;
    absl::StrAppend(out, "<line class=\"grid\" x1=\"", Px(f.X(v)), "\" y1=\"", Px(f.top),
                    "\" x2=\"", Px(f.X(v)), "\" y2=\"", Px(f.top + f.height), "\"/>",
                    "<text class=\"tick\" x=\"", Px(f.X(v)), "\" y=\"", Px(f.top + f.height + 16),
                    "\" text-anchor=\"middle\">", absl::StrFormat("%.1f", v), "</text>\n");
  }
  absl::StrAppend(out, "<text class=\"axis-label\" x=\"", Px(f.left + f.width / 2), "\" y=\"",
                  Px(f.top + f.height + 38),
                  "\" text-anchor=\"middle\">False positive rate</text>\n");
  absl::StrAppend(out, "<line class=\"chance\" x1=\"", Px(f.X(0)), "\" y1=\"", Px(f.Y(0)),
                  "\" x2=\"", Px(f.X(1)), "\" y2=\"", Px(f.Y(1)), "\"/>\n");
  // Groups first, the overall curve on top.
  for (size_t k = all.size(); k-- > 0;) {
    const Series& series = all[k];
    const v1::GroupReport& r = *series.report;
    if (r.roc_size() == 0) continue;
    std::string d;
    for (int i = 0; i < r.roc_size(); ++i) {
      absl::StrAppend(&d, i == 0 ? "M" : " L", Px(f.X(r.roc(i).false_positive_rate())), " ",
                      Px(f.Y(r.roc(i).true_positive_rate())));
    }
    absl::StrAppend(
        out, "<path class=\"roc-curve\" data-group=\"", Escape(series.label), "\" data-points=\"",
        r.roc_size(), "\" d=\"", d, "\" stroke=\"", series.color, "\"",
        series.dash.empty() ? "" : absl::StrCat(" stroke-dasharray=\"", series.dash, "\""),
        k == 0 ? " stroke-width=\"2.5\"" : "", "><title>", Escape(series.label), ": ", AucText(r),
        "</title></path>\n");
  }
  absl::StrAppend(out, "</svg>\n");
}

void AppendCalibrationPlot(const v1::ValidationReport& report, const std::vector<Series>& all,
                           std::string* out) {
  const bool by_level = ByLevel(report);
  const Frame f{64, 16, 520, 320};
  // x positions: levels evenly spaced; scores on a linear scale.
  std::vector<double> scores;
  for (const Series& series : all) {
    for (const v1::CalibrationBin& bin : series.report->calibration()) {
      if (bin.has_score()) scores.push_back(bin.score());
    }
  }
  std::sort(scores.begin(), scores.end());
  scores.erase(std::unique(scores.begin(), scores.end()), scores.end());
  const int levels = report.overall().calibration_size();
  double lo = 0, hi = 1, min_gap = 1;
  if (!by_level && !scores.empty()) {
    lo = scores.front();
    hi = scores.back();
    if (hi == lo) {
      lo -= 1;
      hi += 1;
    }
    const double pad = (hi - lo) * 0.05;
    min_gap = hi - lo;
    for (size_t i = 1; i < scores.size(); ++i)
      min_gap = std::min(min_gap, scores[i] - scores[i - 1]);
    lo -= pad;
    hi += pad;
  }
  const auto x_of_score = [&](double score) { return f.left + (score - lo) / (hi - lo) * f.width; };
  const double band =
      by_level ? f.width / std::max(levels, 1) : std::max(2.0, min_gap / (hi - lo) * f.width);
  const double n_series = static_cast<double>(all.size());
  const double dodge = std::min(8.0, band * 0.6 / n_series);
  absl::StrAppend(out,
                  "<svg id=\"calibration\" class=\"plot\" viewBox=\"0 0 600 400\" width=\"600\" "
                  "height=\"400\" role=\"img\" aria-labelledby=\"calibration-title\">"
                  "<title id=\"calibration-title\">Calibration: observed outcome rate per ",
                  by_level ? "level" : "score", " with Wilson 95% intervals</title>\n");
  AppendYAxis(f, "Observed outcome rate", out);
  // x ticks.
  if (by_level) {
    for (int l = 0; l < levels; ++l) {
      const double x = f.left + (l + 0.5) * band;
      absl::StrAppend(out, "<text class=\"tick\" x=\"", Px(x), "\" y=\"", Px(f.top + f.height + 16),
                      "\" text-anchor=\"middle\">", Escape(report.overall().calibration(l).level()),
                      "</text>\n");
    }
  } else {
    std::vector<double> ticks = scores;
    if (ticks.size() > 21) {
      ticks.clear();
      for (int i = 0; i <= 6; ++i)
        ticks.push_back(scores.front() + (scores.back() - scores.front()) * i / 6);
    }
    for (double t : ticks) {
      absl::StrAppend(out, "<text class=\"tick\" x=\"", Px(x_of_score(t)), "\" y=\"",
                      Px(f.top + f.height + 16), "\" text-anchor=\"middle\">",
                      Escape(absl::StrFormat("%.4g", t)), "</text>\n");
    }
  }
  absl::StrAppend(out, "<text class=\"axis-label\" x=\"", Px(f.left + f.width / 2), "\" y=\"",
                  Px(f.top + f.height + 40), "\" text-anchor=\"middle\">",
                  by_level ? "Level" : "Score", "</text>\n");
  for (size_t k = 0; k < all.size(); ++k) {
    const Series& series = all[k];
    const double offset = (static_cast<double>(k) - (n_series - 1) / 2) * dodge;
    std::string line, points;
    int drawn = 0;
    const auto& bins = series.report->calibration();
    for (int b = 0; b < bins.size(); ++b) {
      const v1::CalibrationBin& bin = bins[b];
      if (!bin.has_observed_rate()) continue;
      const double x = (by_level ? f.left + (b + 0.5) * band : x_of_score(bin.score())) + offset;
      absl::StrAppend(&line, drawn++ == 0 ? "M" : " L", Px(x), " ", Px(f.Y(bin.observed_rate())));
      const std::string where = by_level ? absl::StrCat("level ", bin.level())
                                         : absl::StrCat("score ", ScoreText(bin.score()));
      absl::StrAppend(&points, "<g class=\"calibration-point\" data-group=\"", Escape(series.label),
                      "\">", "<line class=\"interval\" x1=\"", Px(x), "\" y1=\"",
                      Px(f.Y(bin.wilson_lower())), "\" x2=\"", Px(x), "\" y2=\"",
                      Px(f.Y(bin.wilson_upper())), "\" stroke=\"", series.color,
                      "\"/><circle cx=\"", Px(x), "\" cy=\"", Px(f.Y(bin.observed_rate())),
                      "\" r=\"", k == 0 ? "4" : "3.5", "\" fill=\"", series.color, "\"><title>",
                      Escape(series.label), ", ", Escape(where), ": ", bin.positives(), " of ",
                      bin.n(), " (", Fixed3(bin.observed_rate()), " [", Fixed3(bin.wilson_lower()),
                      ", ", Fixed3(bin.wilson_upper()), "])</title></circle></g>\n");
    }
    if (drawn == 0) continue;
    absl::StrAppend(
        out, "<path class=\"calibration-line\" data-group=\"", Escape(series.label), "\" d=\"",
        line, "\" stroke=\"", series.color, "\"",
        series.dash.empty() ? "" : absl::StrCat(" stroke-dasharray=\"", series.dash, "\""), "/>\n",
        points);
  }
  absl::StrAppend(out, "</svg>\n");
}

void AppendLegend(const std::vector<Series>& all, std::string* out) {
  absl::StrAppend(out, "<ul class=\"legend\">");
  for (const Series& series : all) {
    absl::StrAppend(out, "<li>", Swatch(series), " ", Escape(series.label), " <span class=\"ci\">",
                    series.report->n(), " rows, ", AucText(*series.report), "</span></li>");
  }
  absl::StrAppend(out, "</ul>\n");
}

constexpr absl::string_view kStyle = R"css(
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1a1a1a; background: #fff; max-width: 1180px; margin: 2rem auto; padding: 0 1.5rem;
       line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
p.summary, p.caption { color: #444; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.9rem; }
th, td { padding: 0.3rem 0.5rem; border-bottom: 1px solid #e3e3e3; text-align: right; }
td { white-space: nowrap; }
thead th { font-size: 0.85rem; }
thead th { border-bottom: 2px solid #999; vertical-align: bottom; }
tbody th { text-align: left; font-weight: 600; white-space: nowrap; }
tr.overall { background: #f4f4f4; }
td.ratio { color: #555; }
td.ratio.far { color: #a33; font-weight: 600; }
td.undefined { color: #999; }
td.undefined abbr { text-decoration: none; }
abbr { text-decoration: underline dotted; cursor: help; }
.ci { color: #666; font-size: 0.85em; }
.plots { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.plots > div { flex: 0 1 auto; max-width: 100%; }
.roc-box { width: 442px; }
.calibration-box { width: 602px; }
.wide { overflow-x: auto; }
svg.plot { background: #fff; border: 1px solid #e3e3e3; max-width: 100%; height: auto; }
svg.plot .grid { stroke: #eee; }
svg.plot .chance { stroke: #aaa; stroke-dasharray: 4 4; }
svg.plot .tick { font-size: 11px; fill: #555; }
svg.plot .axis-label { font-size: 12px; fill: #333; }
svg.plot path { fill: none; stroke-width: 2; stroke-linejoin: round; }
svg.plot path.calibration-line { stroke-width: 1.5; opacity: 0.7; }
svg.plot line.interval { stroke-width: 1.5; }
ul.legend { list-style: none; padding: 0; font-size: 0.9rem; }
ul.legend li { margin: 0.15rem 0; }
svg.swatch { vertical-align: middle; }
ul.notes { font-size: 0.9rem; color: #444; }
)css";

}  // namespace

std::string RenderValidationHtml(const v1::ValidationReport& report, absl::string_view title) {
  const std::vector<Series> all = SeriesOf(report);
  const v1::GroupReport& overall = report.overall();
  std::string out;
  absl::StrAppend(
      &out,
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      // Nothing may load: no scripts, fonts, images or styles from anywhere.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
      Escape(title), "</title>\n<style>", kStyle, "</style>\n</head>\n<body>\n<h1>", Escape(title),
      "</h1>\n");
  const std::string provenance = Provenance(report);
  absl::StrAppend(
      &out, "<p class=\"summary\">", overall.n(), " people, ", overall.positives(),
      " of whom the outcome happened to",
      overall.has_base_rate() ? absl::StrCat(" (base rate ", Fixed3(overall.base_rate()), ")") : "",
      ". Predicted positive: score &ge; ", Escape(ScoreText(report.positive_from())), ".",
      provenance.empty() ? "" : absl::StrCat(" Scores: ", Escape(provenance), "."), "</p>\n");

  absl::StrAppend(&out, "<h2>Error rates and predictive values</h2>\n");
  AppendRateTable(all, &out);
  absl::StrAppend(
      &out,
      "<p class=\"caption\">Ratios divide each group's value by the overall one; ratios outside "
      "0.80&ndash;1.25 are marked. A dash is a value that cannot be computed (hover for why). The "
      "AUC interval is DeLong's 95% interval.</p>\n");
  AppendCountTable(all, report.positive_from(), &out);

  absl::StrAppend(&out,
                  "<h2>Discrimination and calibration</h2>\n<div class=\"plots\">\n"
                  "<div class=\"roc-box\">\n");
  AppendRocPlot(all, &out);
  AppendLegend(all, &out);
  absl::StrAppend(&out, "</div>\n<div class=\"calibration-box\">\n");
  if (overall.calibration_size() > 0) {
    AppendCalibrationPlot(report, all, &out);
    absl::StrAppend(&out, "<p class=\"caption\">Each point is the share of people at that ",
                    ByLevel(report) ? "level" : "score",
                    " whose outcome happened; the bars are Wilson 95% intervals. Points of "
                    "different groups at the same ",
                    ByLevel(report) ? "level" : "score", " are drawn side by side.</p>\n");
  } else {
    absl::StrAppend(&out, "<p class=\"caption\">No calibration plot: ",
                    overall.notes_size() > 0 ? Escape(overall.notes(0)) : "no calibration bins",
                    ".</p>\n");
  }
  absl::StrAppend(&out, "</div>\n</div>\n");

  absl::StrAppend(
      &out,
      "<h2>Reading calibration against error-rate balance</h2>\n<p>The calibration plot and the "
      "error-rate table answer different questions. A score is <em>calibrated</em> across groups "
      "when people with the same score experience the outcome at the same rate whatever their "
      "group: the groups' points sit together at each score. <em>Error-rate balance</em> asks "
      "instead that people whose outcome did not happen are predicted positive equally often in "
      "every group (equal false positive rates) and that people whose outcome happened are "
      "missed equally often (equal false negative rates). When the groups' base rates differ, no "
      "score short of a perfect one can have both: Chouldechova (2017) shows that FPR = p / (1 "
      "&minus; p) &times; (1 &minus; PPV) / PPV &times; (1 &minus; FNR) for a group with base "
      "rate p, so equal predictive values and equal false negative rates force a higher false "
      "positive rate on the group with the higher base rate, and Kleinberg, Mullainathan and "
      "Raghavan (2016) prove that calibration within groups and balance for the positive and "
      "negative classes cannot hold together except with equal base rates or perfect "
      "prediction. This is the COMPAS debate: the score was close to calibrated across Black and "
      "White defendants, and its false positive rates still differed by about two to one. Which "
      "balance a decision needs is a policy choice; this report shows both so the choice is made "
      "in the open.</p>\n");

  std::string notes;
  for (const Series& series : all) {
    for (const v1::UndefinedValue& undefined : series.report->undefined()) {
      absl::StrAppend(&notes, "<li>", Escape(series.label), ": ", Escape(undefined.field()),
                      ": undefined: ", Escape(undefined.reason()), "</li>\n");
    }
    for (const std::string& note : series.report->notes()) {
      absl::StrAppend(&notes, "<li>", Escape(series.label), ": ", Escape(note), "</li>\n");
    }
  }
  if (!notes.empty()) {
    absl::StrAppend(&out, "<h2>Notes</h2>\n<ul class=\"notes\">\n", notes, "</ul>\n");
  }
  absl::StrAppend(&out, "</body>\n</html>\n");
  return out;
}

// ---- Text ----------------------------------------------------------------------

namespace {

// `raw` with control characters written as \xNN, so a label cannot move the
// cursor or recolour a terminal.
std::string TerminalSafe(absl::string_view raw) {
  const std::string text = internal::ValidUtf8(raw);
  std::string out;
  for (char c : text) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      absl::StrAppend(&out, absl::StrFormat("\\x%02x", byte));
    } else {
      out += c;
    }
  }
  return out;
}

// Characters as a terminal counts them (code points, ignoring wide glyphs).
size_t DisplayWidth(absl::string_view text) {
  size_t width = 0;
  for (char c : text) width += (static_cast<unsigned char>(c) & 0xc0) != 0x80 ? 1 : 0;
  return width;
}

std::string PadRight(absl::string_view text, size_t width) {
  const size_t shown = DisplayWidth(text);
  return absl::StrCat(text, std::string(shown < width ? width - shown : 0, ' '));
}

std::string PadLeft(absl::string_view text, size_t width) {
  const size_t shown = DisplayWidth(text);
  return absl::StrCat(std::string(shown < width ? width - shown : 0, ' '), text);
}

std::string OptionalText(bool has, double value) { return has ? Fixed3(value) : "-"; }

std::string RateWithRatio(bool has, double value, bool has_ratio, double ratio, bool overall) {
  if (!has) return "-";
  return absl::StrCat(Fixed3(value), overall     ? ""
                                     : has_ratio ? absl::StrFormat(" (%.2fx)", ratio)
                                                 : " (-)");
}

}  // namespace

std::string RenderValidationText(const v1::ValidationReport& report) {
  const std::vector<Series> all = SeriesOf(report);
  std::string out;
  const v1::GroupReport& overall = report.overall();
  absl::StrAppend(&out, "Validation: ", overall.n(), " people, ", overall.positives(),
                  " with the outcome; predicted positive when score >= ",
                  ScoreText(report.positive_from()), "\n");
  const std::string provenance = Provenance(report);
  if (!provenance.empty()) absl::StrAppend(&out, "Scores: ", TerminalSafe(provenance), "\n");

  std::vector<std::vector<std::string>> rows;
  rows.push_back({"group", "n", "base rate", "FPR (ratio)", "FNR (ratio)", "PPV (ratio)",
                  "NPV (ratio)", "AUC [95% CI]"});
  for (size_t s = 0; s < all.size(); ++s) {
    const v1::GroupReport& r = *all[s].report;
    const bool is_overall = s == 0;
    std::string auc = r.has_auc() ? Fixed3(r.auc()) : "-";
    if (r.has_auc_lower()) {
      absl::StrAppend(&auc, " [", Fixed3(r.auc_lower()), ", ", Fixed3(r.auc_upper()), "]");
    }
    rows.push_back({TerminalSafe(all[s].label), absl::StrCat(r.n()),
                    OptionalText(r.has_base_rate(), r.base_rate()),
                    RateWithRatio(r.has_false_positive_rate(), r.false_positive_rate(),
                                  r.has_false_positive_rate_ratio(), r.false_positive_rate_ratio(),
                                  is_overall),
                    RateWithRatio(r.has_false_negative_rate(), r.false_negative_rate(),
                                  r.has_false_negative_rate_ratio(), r.false_negative_rate_ratio(),
                                  is_overall),
                    RateWithRatio(r.has_positive_predictive_value(), r.positive_predictive_value(),
                                  r.has_positive_predictive_value_ratio(),
                                  r.positive_predictive_value_ratio(), is_overall),
                    RateWithRatio(r.has_negative_predictive_value(), r.negative_predictive_value(),
                                  r.has_negative_predictive_value_ratio(),
                                  r.negative_predictive_value_ratio(), is_overall),
                    auc});
  }
  std::vector<size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], DisplayWidth(row[c]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      absl::StrAppend(&line, c == 0 ? "" : "  ",
                      c == 0 ? PadRight(row[c], widths[c]) : PadLeft(row[c], widths[c]));
    }
    absl::StrAppend(&out, line, "\n");
  }

  absl::StrAppend(&out, "\nConfusion counts (TP FP TN FN):\n");
  for (const Series& series : all) {
    const v1::GroupReport& r = *series.report;
    absl::StrAppend(&out, "  ", PadRight(TerminalSafe(series.label), widths[0]), "  ",
                    r.true_positives(), " ", r.false_positives(), " ", r.true_negatives(), " ",
                    r.false_negatives(), "\n");
  }

  if (overall.calibration_size() > 0) {
    const bool by_level = ByLevel(report);
    absl::StrAppend(&out, "\nCalibration: observed rate [Wilson 95%] (positives/n) per ",
                    by_level ? "level" : "score", "\n");
    for (const Series& series : all) {
      absl::StrAppend(&out, "  ", TerminalSafe(series.label), "\n");
      for (const v1::CalibrationBin& bin : series.report->calibration()) {
        const std::string where = by_level ? TerminalSafe(bin.level()) : ScoreText(bin.score());
        absl::StrAppend(&out, "    ", PadRight(where, 8), "  ",
                        bin.has_observed_rate() ? absl::StrCat(Fixed3(bin.observed_rate()), " [",
                                                               Fixed3(bin.wilson_lower()), ", ",
                                                               Fixed3(bin.wilson_upper()), "]")
                                                : "-",
                        "  (", bin.positives(), "/", bin.n(), ")\n");
      }
    }
  }

  std::string notes;
  for (const Series& series : all) {
    for (const v1::UndefinedValue& undefined : series.report->undefined()) {
      absl::StrAppend(&notes, "  ", TerminalSafe(series.label), ": ",
                      TerminalSafe(undefined.field()),
                      ": undefined: ", TerminalSafe(undefined.reason()), "\n");
    }
    for (const std::string& note : series.report->notes()) {
      absl::StrAppend(&notes, "  ", TerminalSafe(series.label), ": ", TerminalSafe(note), "\n");
    }
  }
  if (!notes.empty()) absl::StrAppend(&out, "\nNotes:\n", notes);
  return out;
}

}  // namespace reentry
