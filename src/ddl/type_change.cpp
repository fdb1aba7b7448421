#include "ddl/type_change.hpp"

#include <array>
#include <vector>

namespace pgapply::ddl {

namespace {

// "timestamp(3) without time zone" -> base "timestamp without time zone", modifiers {3}.
struct Typed {
  std::string base;
  std::vector<long> modifiers;
  bool valid = true;
};

Typed split_typmod(std::string_view type) {
  Typed out;
  const std::size_t open = type.find('(');
  if (open == std::string_view::npos) {
    out.base = std::string(type);
    return out;
  }
  const std::size_t close = type.find(')', open);
  if (close == std::string_view::npos) return {std::string(type), {}, false};
  out.base = std::string(type.substr(0, open));
  std::string_view rest = type.substr(close + 1);
  if (!rest.empty() && rest.front() == ' ' && !out.base.empty() && out.base.back() == ' ') rest.remove_prefix(1);
  out.base.append(rest);
  std::string_view inside = type.substr(open + 1, close - open - 1);
  while (!inside.empty()) {
    const std::size_t comma = inside.find(',');
    const std::string_view part = inside.substr(0, comma);
    // (at most 9 digits: a modifier PostgreSQL accepts, and no overflow)
    if (part.empty() || part.size() > 9 || part.find_first_not_of("0123456789") != std::string_view::npos) {
      return {out.base, {}, false};
    }
    out.modifiers.push_back(std::stol(std::string(part)));
    if (comma == std::string_view::npos) break;
    inside.remove_prefix(comma + 1);
  }
  return out;
}

// Types whose modifier is a length or precision that, when it grows or goes,
// lets every old value through unchanged (varchar_support, varbit_support,
// timestamp_support, time_support).
bool length_like(const std::string& base) {
  static constexpr std::array<std::string_view, 5> kTypes = {"character varying", "bit varying",
                                                             "timestamp without time zone",
                                                             "timestamp with time zone", "time without time zone"};
  for (std::string_view type : kTypes) {
    if (base == type) return true;
  }
  return false;
}

// The largest precision a timestamp or time keeps: one of 6 or more is no limit.
constexpr long kMaxTimePrecision = 6;

bool relaxes_typmod(const Typed& from, const Typed& to) {
  if (to.modifiers.empty()) return true;  // no limit at all
  if (from.base == "numeric") {
    // numeric(p,s) -> numeric(q,s), q >= p (numeric_support); numeric has no
    // limit, so no limit can be added to it without checking every value.
    return from.modifiers.size() == 2 && to.modifiers.size() == 2 && to.modifiers[1] == from.modifiers[1] &&
           to.modifiers[0] >= from.modifiers[0];
  }
  if (!length_like(from.base) || to.modifiers.size() != 1) return false;
  const bool time = from.base != "character varying" && from.base != "bit varying";
  if (time && to.modifiers[0] >= kMaxTimePrecision) return true;
  return from.modifiers.size() == 1 && to.modifiers[0] >= from.modifiers[0];
}

}  // namespace

std::optional<std::string> type_change_without_rewrite(std::string_view old_type, const ColumnSpec& column) {
  // USING computes every value anew; COLLATE may change how the column's
  // indexes sort. Neither is judged here.
  if (old_type.empty() || column.type.empty() || !column.using_expression.empty() || !column.collation.empty()) {
    return std::nullopt;
  }
  const std::string change = std::string(old_type) + " to " + column.type;
  if (old_type == column.type) return change + " changes nothing";
  const Typed from = split_typmod(old_type);
  const Typed to = split_typmod(column.type);
  if (!from.valid || !to.valid) return std::nullopt;
  if (from.base == to.base) {
    if ((length_like(from.base) || from.base == "numeric") && relaxes_typmod(from, to)) {
      return change + " only relaxes the type's limit";
    }
    return std::nullopt;
  }
  const bool coercible = (from.base == "character varying" && to.base == "text") ||
                         (from.base == "text" && to.base == "character varying" && to.modifiers.empty()) ||
                         (from.base == "cidr" && to.base == "inet");
  if (coercible) return change + " is binary-coercible";
  return std::nullopt;
}

namespace {

bool string_type(const std::string& base) {
  return base == "text" || base == "character varying" || base == "character" || base == "citext" ||
         base.ends_with(".citext") || base == "name";
}

bool integer_type(const std::string& base) { return base == "smallint" || base == "integer" || base == "bigint"; }

bool fractional_type(const std::string& base) {
  return base == "numeric" || base == "real" || base == "double precision";
}

}  // namespace

bool may_equate_values(std::string_view old_type, const ColumnSpec& column) {
  if (old_type.empty() || column.type.empty()) return false;
  if (!column.collation.empty()) return true;
  const Typed from = split_typmod(old_type);
  const Typed to = split_typmod(column.type);
  if (!from.valid || !to.valid) return false;
  const bool citext = to.base == "citext" || to.base.ends_with(".citext");
  if (citext) return !(from.base == "citext" || from.base.ends_with(".citext"));
  // (char(n) pads: 'a' and 'a ' are one value there)
  if (string_type(from.base)) return !string_type(to.base) || to.base == "character";
  if (integer_type(to.base)) return fractional_type(from.base);
  if (to.base == "real") return from.base == "double precision" || from.base == "numeric";
  // (a day's timestamps are one date; timestamptz to timestamp: a DST fall-back hour twice)
  if (to.base == "date") return from.base.starts_with("timestamp");
  if (from.base == "timestamp with time zone" && to.base == "timestamp without time zone") return true;
  if (to.base == "numeric" && !to.modifiers.empty()) {
    if (from.base != "numeric") return fractional_type(from.base);
    // numeric(p) is numeric(p,0); numeric alone keeps every scale
    const long to_scale = to.modifiers.size() == 2 ? to.modifiers[1] : 0;
    if (from.modifiers.empty()) return true;
    return to_scale < (from.modifiers.size() == 2 ? from.modifiers[1] : 0);
  }
  if (to.base == from.base && length_like(to.base) && to.base != "character varying" && to.base != "bit varying" &&
      to.modifiers.size() == 1) {
    const long was = from.modifiers.size() == 1 ? from.modifiers[0] : kMaxTimePrecision;
    return to.modifiers[0] < was;
  }
  return false;
}

bool changes_key_equality(std::string_view old_type, const ColumnSpec& column) {
  if (old_type.empty() || column.type.empty()) return false;
  // (binary-coercible: one operator family, cidr to inet, varchar to text)
  if (type_change_without_rewrite(old_type, column)) return false;
  // (a type of the user's or an extension's, citext, a domain: its operators are not known here)
  if (user_type_name(old_type) || user_type_name(column.type)) return false;
  const Typed from = split_typmod(old_type);
  const Typed to = split_typmod(column.type);
  if (!from.valid || !to.valid) return false;
  // (varchar has no operators of its own: it compares as text)
  const auto operand = [](const std::string& base) { return base == "character varying" ? "text" : base; };
  return operand(from.base) != operand(to.base);
}

std::vector<Hazard> type_change_hazards(const Declaration& d, std::string_view old_type, bool checked) {
  std::vector<Hazard> hazards = d.impact.hazards;
  if (!d.column) return hazards;
  const std::optional<std::string> why = type_change_without_rewrite(old_type, *d.column);
  if (!why) return hazards;
  for (Hazard& hazard : hazards) {
    if (hazard.kind != HazardKind::rewrites_table) continue;
    hazard = checked ? Hazard{HazardKind::scans_table,
                              "rewrites nothing (" + *why + "), but PostgreSQL checks the column's CHECK constraints "
                              "again, reading every row under ACCESS EXCLUSIVE",
                              {}}
                     : Hazard{HazardKind::note,
                              "rewrites nothing (" + *why + "): ACCESS EXCLUSIVE is held only while the catalog changes",
                              {}};
  }
  return hazards;
}

}  // namespace pgapply::ddl
