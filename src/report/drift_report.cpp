#include "report/drift_report.hpp"

#include "core/plural.hpp"
#include "report/json_document.hpp"
#include "report/json_identifiers.hpp"
#include "report/text_table.hpp"

namespace pgapply::report {

namespace {

using catalog::DifferenceKind;

std::string made_by_text(const catalog::ExplainedDifference& difference) {
  if (!difference.made_by) return "";
  return difference.made_by->dynamic ? "perhaps by dynamic SQL at " + difference.made_by->location
                                     : difference.made_by->location;
}

std::string counts_text(const catalog::DriftResult& result) {
  std::string out;
  for (const auto kind : {DifferenceKind::missing, DifferenceKind::different, DifferenceKind::extra}) {
    const std::size_t count = result.count(kind);
    if (count == 0) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(count) + " " + std::string(catalog::to_string(kind));
  }
  return out;
}

std::string source_text(const catalog::DriftResult& result) {
  return plural(result.migrations, "applied migration") + " replayed on the shadow (" + result.shadow + "); " +
         plural(result.objects, "object") + " compared";
}

std::string notes_text(const catalog::DriftResult& result) {
  std::string out;
  for (const auto& note : result.notes) out += "note: " + note + "\n";
  return out;
}

void difference_lines(const catalog::DriftResult& result, std::string& out, std::optional<DifferenceKind> only) {
  TextTable table;
  for (const auto& difference : result.differences) {
    if (only && difference.difference.kind != *only) continue;
    const std::string where = made_by_text(difference);
    table.add({upper(catalog::to_string(difference.difference.kind)),
               difference.explanation + (where.empty() ? "" : "  (" + where + ")")});
  }
  out += table.render("  ");
}

}  // namespace

std::string render_drift_verify_text(const catalog::DriftResult& result) {
  std::string out;
  if (result.ok()) {
    out += "Verified: " + result.database + " has exactly the schema its migrations make.\n";
  } else {
    out += "Verify FAILED: " + counts_text(result) + " (" + result.database + " against its migrations).\n";
  }
  out += source_text(result) + ".\n";
  if (!result.ok()) {
    out += "\n";
    difference_lines(result, out, std::nullopt);
    if (result.count(DifferenceKind::extra) > 0) {
      out += "\nEXTRA objects are drift: in the database, made by no migration (pgapply diff lists the drift both ways).\n";
    }
  }
  out += notes_text(result);
  return out;
}

std::string render_drift_diff_text(const catalog::DriftResult& result) {
  std::string out;
  if (result.ok()) {
    out += "No drift: " + result.database + " has exactly the schema its migrations make.\n";
    out += source_text(result) + ".\n";
    out += notes_text(result);
    return out;
  }
  out += "Drift between " + result.database + " and its migrations: " + counts_text(result) + ".\n";
  out += source_text(result) + ".\n";
  const struct {
    DifferenceKind kind;
    const char* title;
  } groups[] = {
      {DifferenceKind::extra, "In the database, made by no migration"},
      {DifferenceKind::missing, "Made by the migrations, missing from the database"},
      {DifferenceKind::different, "Different in the database than the migrations make them"},
  };
  for (const auto& group : groups) {
    if (result.count(group.kind) == 0) continue;
    out += '\n';
    out += group.title;
    out += ":\n";
    difference_lines(result, out, group.kind);
  }
  out += notes_text(result);
  return out;
}

std::string render_drift_json(const catalog::DriftResult& result, const std::string& command,
                              const std::string& ledger) {
  Json json = json_document(command);
  json["database"] = result.database;
  json["ledger"] = ledger_json(ledger);
  json["method"] = "shadow";
  json["shadow"] = shadow_json(result.shadow, "");
  json["ok"] = result.ok();
  json["migrations_checked"] = result.migrations;
  json["objects_compared"] = result.objects;
  json["counts"] = {{"missing", result.count(DifferenceKind::missing)},
                    {"extra", result.count(DifferenceKind::extra)},
                    {"different", result.count(DifferenceKind::different)}};
  json["differences"] = Json::array();
  for (const auto& difference : result.differences) {
    const auto& key = difference.difference.key;
    Json item;
    item["kind"] = catalog::to_string(difference.difference.kind);
    item["object_kind"] = snake_case(catalog::to_string(key.kind));
    item["object"] = difference.object;
    item["explanation"] = difference.explanation;
    item["schema"] = key.schema;
    item["parent"] = key.parent;
    item["name"] = key.name;
    Json parts = Json::object();
    for (const auto& [kind, count] : difference.difference.parts) parts[snake_case(catalog::to_string(kind))] = count;
    item["parts"] = parts;
    item["changes"] = Json::array();
    for (const auto& change : difference.difference.changes) {
      item["changes"].push_back({{"attribute", change.name}, {"database", change.here}, {"migrations", change.there}});
    }
    if (difference.made_by) {
      item["made_by"] = {{"location", difference.made_by->location},
                         {"version", difference.made_by->version},
                         {"dynamic", difference.made_by->dynamic}};
    } else {
      item["made_by"] = nullptr;
    }
    json["differences"].push_back(std::move(item));
  }
  json["notes"] = result.notes;
  return dump_document(json);
}

}  // namespace pgapply::report
