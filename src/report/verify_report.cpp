#include "report/verify_report.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

#include <nlohmann/json.hpp>

#include "report/json_document.hpp"
#include "report/json_identifiers.hpp"

#include "report/text_table.hpp"
#include "core/plural.hpp"

namespace pgapply::report {

namespace {

using schema::CheckRow;
using schema::CheckStatus;

// Failures in capitals, to stand out in a long table; painted by what they ask of the reader.
std::string status_text(CheckStatus status, Paint paint) {
  const std::string_view text = schema::to_string(status);
  if (schema::is_failure(status)) return paint(Tone::bad, upper(text));
  // ok; or unknown, uncertain: not failures, but worth a look.
  return paint(status == CheckStatus::ok ? Tone::good : Tone::attention, text);
}

std::string kind_text(const CheckRow& row) { return std::string(ddl::to_string(row.kind)); }

std::string problem_line(const CheckRow& row) {
  std::string out = kind_text(row);
  out += ' ';
  out += row.object;
  const std::string where = row.declared_by.location();
  if (row.status == CheckStatus::still_present) {
    out += ": dropped at ";
    out += where;
    out += ", still there";
    return out;
  }
  if (!row.differences.empty()) {
    out += ": ";
    out += joined(row.differences, "; ");
  }
  if (!where.empty()) {
    out += " (";
    out += row.status == CheckStatus::missing ? "declared at " : "";
    out += where;
    out += ')';
  }
  return out;
}

std::string counts_text(const schema::VerifyResult& result) {
  std::string out;
  for (const auto status : {CheckStatus::missing, CheckStatus::different, CheckStatus::invalid,
                            CheckStatus::still_present}) {
    const std::size_t count = result.count(status);
    if (count == 0) continue;
    if (!out.empty()) out += ", ";
    out += std::to_string(count);
    out += ' ';
    out += schema::to_string(status);
  }
  return out;
}

// Columns together per table (a table's first column decides its place),
// other rows in order.
std::vector<CheckRow> grouped_by_table(const std::vector<CheckRow>& rows) {
  std::vector<std::pair<std::string, std::string>> tables;  // schema, table in order of appearance
  auto rank = [&](const CheckRow& row) -> std::size_t {
    if (row.key.space != schema::Space::column) return 0;
    const std::pair<std::string, std::string> table{row.key.schema, row.key.parent};
    const auto found = std::find(tables.begin(), tables.end(), table);
    if (found != tables.end()) return static_cast<std::size_t>(found - tables.begin());
    tables.push_back(table);
    return tables.size() - 1;
  };
  std::vector<std::pair<std::size_t, const CheckRow*>> ranked;
  for (const auto& row : rows) ranked.emplace_back(rank(row), &row);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<CheckRow> out;
  for (const auto& [position, row] : ranked) out.push_back(*row);
  return out;
}

nlohmann::ordered_json pair(const std::string& expected, const std::string& actual) {
  return {{"expected", expected}, {"actual", actual}};
}

}  // namespace

std::string verify_failure(const schema::VerifyResult& result, const std::string& database) {
  if (result.ok) return "";
  if (result.shadow_failed) {
    return database + " was not verified: the shadow could not check what its migrations make (" + result.no_shadow +
           ")" + (result.count_failures() > 0 ? "; the static model finds " + counts_text(result) : "");
  }
  return database + " does not have the schema its migrations declare: " + counts_text(result);
}

std::string render_verify_text(const schema::VerifyResult& result, const std::string& database, Paint paint) {
  const std::string checked = plural(result.rows.size(), "object");
  const std::string migrations = plural(result.migrations, "applied migration");
  std::string out;
  if (result.shadow_failed) {
    // Never "ok": the static model cannot see drift (objects no migration made).
    out += "Verify " + paint(Tone::bad, "INCOMPLETE") + " for database " + database +
           ": the shadow could not check what the migrations make, so objects no migration made (drift) were not "
           "looked for (" + result.no_shadow + "); ";
    out += result.count_failures() == 0
               ? "the static model finds the " + checked + " declared by " + migrations + " there as declared.\n"
               : "the static model finds " + counts_text(result) + " (" + migrations + ", " + checked + " checked).\n";
  } else if (result.ok && !result.no_shadow.empty()) {
    // Passed, but worth a look: drift was not looked for.
    out += "Verified by the " + paint(Tone::attention, "static model only") + ", for database " + database +
           ": the " + checked + " declared by " + migrations +
           " are there as declared; objects no migration made (drift) were not looked for (no shadow: " +
           result.no_shadow + ").\n";
  } else if (result.ok) {
    out += "Verify " + paint(Tone::good, "ok") + " for database " + database + ": the " + checked + " declared by " +
           migrations + " are there as declared";
    if (const std::size_t unknown = result.count(CheckStatus::unknown); unknown > 0) {
      out += " (" + plural(unknown, "default") + " not compared)";
    }
    out += ".\n";
  } else {
    out += "Verify " + paint(Tone::bad, "FAILED") + " for database " + database + ": " + counts_text(result) + " (" +
           migrations + ", " + checked + " checked).\n";
  }
  if (result.count_failures() > 0) {
    out += "\nProblems\n";
    TextTable problems;
    for (const auto& row : result.rows) {
      if (schema::is_failure(row.status)) problems.add({status_text(row.status, paint), problem_line(row)});
    }
    out += problems.render("  ");
  }
  if (result.count(CheckStatus::uncertain) > 0) {
    out += "\nWarnings (the static model's findings; no shadow could confirm them)\n";
    TextTable warnings;
    for (const auto& row : result.rows) {
      if (row.status == CheckStatus::uncertain) warnings.add({status_text(row.status, paint), problem_line(row)});
    }
    out += warnings.render("  ");
  }

  TextTable columns({"column", "type", "default", "nullable", "status", "declared at"});
  TextTable others({"kind", "object", "expected", "status", "declared at"});
  std::vector<std::string> not_compared;
  bool any_column = false;
  bool any_other = false;
  // A large project's objects found as declared would bury what matters
  // under hundreds of lines: then only the others are listed.
  constexpr std::size_t listed_in_full = 200;
  const bool only_notable = result.rows.size() > listed_in_full;
  std::size_t left_out = 0;
  for (const auto& row : grouped_by_table(result.rows)) {
    if (only_notable && row.status == CheckStatus::ok) {
      ++left_out;
      continue;
    }
    if (row.key.space == schema::Space::column && row.expected_present) {
      columns.add({row.object, row.expected_type, row.expected_default, row.expected_nullable,
                   status_text(row.status, paint), row.declared_by.location()});
      any_column = true;
      if (row.status == CheckStatus::unknown) {
        not_compared.push_back(row.object + ": default " + row.expected_default + "; the server has " +
                               row.actual_default);
      }
    } else {
      others.add({kind_text(row), row.object, row.expected, status_text(row.status, paint),
                  row.declared_by.location()});
      any_other = true;
      if (row.status == CheckStatus::unknown) not_compared.push_back(kind_text(row) + " " + row.object);
    }
  }
  if (any_column) out += "\nColumns\n" + columns.render("  ");
  if (any_other) out += "\nOther objects\n" + others.render("  ");
  if (left_out > 0) {
    out += "\n" + plural(left_out, "object") + " found as declared " + (left_out == 1 ? "is" : "are") +
           " not listed (--format json lists every one).\n";
  }
  if (!not_compared.empty()) {
    out += "\nNot compared (not failures: the server's text could not be judged)\n";
    for (const auto& line : not_compared) out += "  " + line + "\n";
  }
  if (!result.notes.empty()) {
    out += "\nNot checked\n";
    for (const auto& note : result.notes) out += "  " + note + "\n";
  }
  return out;
}

std::string render_verify_json(const schema::VerifyResult& result, const VerifyDocument& about) {
  nlohmann::ordered_json objects = nlohmann::ordered_json::array();
  nlohmann::ordered_json differences = nlohmann::ordered_json::array();
  for (const auto& row : result.rows) {
    nlohmann::ordered_json item;
    item["kind"] = snake_case(ddl::to_string(row.kind));
    item["object"] = row.object;
    item["status"] = identifier(row.status);
    item["expected_present"] = row.expected_present;
    item["expected"] = row.expected;
    item["actual"] = row.actual;
    nlohmann::ordered_json changes = nlohmann::ordered_json::array();
    if (row.key.space == schema::Space::column) {
      item["type"] = pair(row.expected_type, row.actual_type);
      item["default"] = pair(row.expected_default, row.actual_default);
      if (!row.default_comparison.empty()) item["default"]["comparison"] = row.default_comparison;
      item["nullable"] = pair(row.expected_nullable, row.actual_nullable);
      for (const auto& [name, expected, actual] :
           {std::tuple{"type", row.expected_type, row.actual_type},
            std::tuple{"default", row.expected_default, row.actual_default},
            std::tuple{"nullable", row.expected_nullable, row.actual_nullable}}) {
        if (expected != "any" && expected != actual && !actual.empty()) {
          changes.push_back({{"attribute", name}, {"database", actual}, {"migrations", expected}});
        }
      }
    }
    item["differences"] = row.differences;
    item["declared_by"] = {{"version", row.declared_by.version},
                           {"file", row.declared_by.file},
                           {"line", row.declared_by.line}};
    item["conditional"] = row.conditional;
    if (schema::is_failure(row.status) || row.status == CheckStatus::uncertain) {
      // The same shape as a shadow difference (render_drift_json).
      const std::string where = row.declared_by.location();
      nlohmann::ordered_json made_by = nullptr;
      if (!where.empty()) made_by = {{"location", where}, {"version", row.declared_by.version}, {"dynamic", false}};
      differences.push_back({{"kind", identifier(row.status)},
                             {"object_kind", item["kind"]},
                             {"object", row.object},
                             {"explanation", problem_line(row)},
                             {"schema", row.key.schema},
                             {"parent", row.key.parent},
                             {"name", row.key.name},
                             {"parts", nlohmann::ordered_json::object()},
                             {"changes", changes},
                             {"made_by", made_by}});
    }
    objects.push_back(std::move(item));
  }
  nlohmann::ordered_json counts = nlohmann::ordered_json::object();
  for (const auto status : {CheckStatus::ok, CheckStatus::missing, CheckStatus::different, CheckStatus::unknown,
                            CheckStatus::invalid, CheckStatus::still_present, CheckStatus::uncertain}) {
    counts[std::string(identifier(status))] = result.count(status);
  }
  nlohmann::ordered_json out = json_document(about.command);
  out.update(nlohmann::ordered_json{{"database", about.database},
                                    {"ledger", ledger_json(about.ledger)},
                                    {"method", "static_model"},
                                    {"shadow", shadow_json("", about.no_shadow_reason)},
                                    {"ok", result.ok},
                                    {"migrations_checked", result.migrations},
                                    {"objects_compared", result.rows.size()},
                                    {"counts", counts},
                                    {"differences", differences},
                                    {"objects", objects},
                                    {"notes", result.notes}});
  return dump_document(out);
}

}  // namespace pgapply::report
