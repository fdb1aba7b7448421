#include "report/drift_report.hpp"

#include <functional>

#include "core/plural.hpp"
#include "report/json_document.hpp"
#include "report/json_identifiers.hpp"
#include "report/text_table.hpp"

namespace pgapply::report {

namespace {

using catalog::DifferenceKind;

void uncertain_note(std::string& out) {
  out += "\nUncertain differences are not failures: a DO block decided them from table rows, or by dynamic SQL,\n"
         "and the shadow has the schema, not the data; or an object's privileges came from default privileges\n"
         "that a later ALTER DEFAULT PRIVILEGES changed, and the shadow has only the database's defaults as they\n"
         "are now. Check them by hand.\n";
}

// Certain differences of one kind (uncertain ones are counted apart).
std::size_t certain_count(const catalog::DriftResult& result, DifferenceKind kind) {
  std::size_t n = 0;
  for (const auto& difference : result.differences) {
    n += difference.difference.kind == kind && difference.certain() ? 1 : 0;
  }
  return n;
}

std::string counts_text(const catalog::DriftResult& result) {
  std::string out;
  for (const auto kind : {DifferenceKind::missing, DifferenceKind::different, DifferenceKind::extra}) {
    const std::size_t count = certain_count(result, kind);
    if (count == 0) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(count) + " " + std::string(catalog::to_string(kind));
  }
  if (result.uncertain() > 0) out += (out.empty() ? "" : ", ") + std::to_string(result.uncertain()) + " uncertain";
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

// The differences `keep` selects, one line each.
void difference_lines(const catalog::DriftResult& result, std::string& out, Paint paint,
                      const std::function<bool(const catalog::ExplainedDifference&)>& keep) {
  TextTable table;
  for (const auto& difference : result.differences) {
    if (!keep(difference)) continue;
    const std::string where = made_by_text(difference);
    const Tone tone = difference.certain() ? Tone::bad : Tone::attention;
    table.add({paint(tone, upper(catalog::to_string(difference.difference.kind))),
               difference.explanation + (where.empty() ? "" : "  (" + where + ")")});
  }
  out += table.render("  ");
}

}  // namespace

std::string made_by_text(const catalog::ExplainedDifference& difference) {
  if (!difference.made_by) return "";
  const catalog::Attribution& where = *difference.made_by;
  if (where.dynamic) return "uncertain: perhaps by dynamic SQL at " + where.location;
  if (where.hangs_on_data) return "uncertain: the DO block at " + where.location + " decides it from table rows";
  if (where.guessed_among == 1) return "perhaps by the dynamic SQL at " + where.location;
  if (where.guessed_among > 1) {
    return "perhaps by dynamic SQL: one of " + std::to_string(where.guessed_among) +
           " statements that run it, the last at " + where.location;
  }
  if (where.changes_default_privileges) {
    return "uncertain: made before the ALTER DEFAULT PRIVILEGES at " + where.location +
           ", under defaults the shadow does not know";
  }
  return where.location;
}

std::string drift_failure(const catalog::DriftResult& result) {
  if (result.ok()) return "";
  return result.database + " does not have the schema its migrations make: " + counts_text(result);
}

std::string render_drift_verify_text(const catalog::DriftResult& result, Paint paint) {
  std::string out;
  if (result.differences.empty()) {
    out += paint(Tone::good, "Verified") + ": " + result.database + " has exactly the schema its migrations make.\n";
  } else if (result.ok()) {
    out += paint(Tone::good, "Verified") + ", with " + plural(result.uncertain(), "uncertain difference") + " (" +
           result.database + " against its migrations).\n";
  } else {
    out += "Verify " + paint(Tone::bad, "FAILED") + ": " + counts_text(result) + " (" + result.database +
           " against its migrations).\n";
  }
  out += source_text(result) + ".\n";
  if (!result.differences.empty()) {
    out += "\n";
    difference_lines(result, out, paint, [](const catalog::ExplainedDifference&) { return true; });
    if (certain_count(result, DifferenceKind::extra) > 0) {
      out += "\nEXTRA objects are drift: in the database, made by no migration (pgapply diff lists the drift both ways).\n";
    }
    if (result.uncertain() > 0) uncertain_note(out);
  }
  out += notes_text(result);
  return out;
}

std::string render_drift_diff_text(const catalog::DriftResult& result, Paint paint) {
  std::string out;
  if (result.differences.empty()) {
    out += paint(Tone::good, "No drift") + ": " + result.database + " has exactly the schema its migrations make.\n";
    out += source_text(result) + ".\n";
    out += notes_text(result);
    return out;
  }
  out += paint(result.ok() ? Tone::attention : Tone::bad, "Drift") + " between " + result.database +
         " and its migrations: " + counts_text(result) + ".\n";
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
    if (certain_count(result, group.kind) == 0) continue;
    out += '\n';
    out += group.title;
    out += ":\n";
    difference_lines(result, out, paint, [&group](const catalog::ExplainedDifference& difference) {
      return difference.certain() && difference.difference.kind == group.kind;
    });
  }
  if (result.uncertain() > 0) {
    out += "\nUncertain:\n";
    difference_lines(result, out, paint,
                     [](const catalog::ExplainedDifference& difference) { return !difference.certain(); });
    uncertain_note(out);
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
  json["counts"] = {{"missing", certain_count(result, DifferenceKind::missing)},
                    {"extra", certain_count(result, DifferenceKind::extra)},
                    {"different", certain_count(result, DifferenceKind::different)},
                    {"uncertain", result.uncertain()}};
  json["differences"] = Json::array();
  for (const auto& difference : result.differences) {
    const auto& key = difference.difference.key;
    Json item;
    item["kind"] = catalog::to_string(difference.difference.kind);
    item["object_kind"] = snake_case(catalog::to_string(key.kind));
    item["object"] = difference.object;
    item["explanation"] = difference.explanation;
    item["certain"] = difference.certain();
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
                         {"dynamic", difference.made_by->dynamic},
                         {"hangs_on_data", difference.made_by->hangs_on_data},
                         {"changes_default_privileges", difference.made_by->changes_default_privileges},
                         {"guessed_among", difference.made_by->guessed_among}};
    } else {
      item["made_by"] = nullptr;
    }
    json["differences"].push_back(std::move(item));
  }
  json["notes"] = result.notes;
  return dump_document(json);
}

}  // namespace pgapply::report
