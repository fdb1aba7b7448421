#include "catalog/model_comparison.hpp"

#include "core/plural.hpp"
#include "ddl/qualified_name.hpp"

namespace pgapply::catalog {

namespace {

// What a missing or extra object goes with: the constraint an index backs,
// else its table, else its schema.
std::optional<ObjectKey> owner_of(const ObjectKey& key, const CatalogModel& model) {
  if (key.kind == ObjectKind::index) {
    if (const CatalogObject* index = model.find(key)) {
      const auto constraint = index->get("constraint");
      if (constraint && !constraint->empty()) {
        ObjectKey owner{ObjectKind::constraint, key.schema, key.parent, *constraint};
        if (model.find(owner) != nullptr) return owner;
      }
    }
  }
  return container_of(key, model);
}

// The outermost object that is missing (or extra) with `key`: `key` itself
// unless what it belongs to is missing too.
ObjectKey outermost(const ObjectKey& key, const CatalogModel& model, const std::set<ObjectKey>& absent) {
  ObjectKey current = key;
  for (int depth = 0; depth < 8; ++depth) {
    const auto owner = owner_of(current, model);
    if (!owner || absent.count(*owner) == 0) break;
    current = *owner;
  }
  return current;
}

std::string shown(const std::string& value) { return value.empty() ? "none" : value; }

void fold(std::vector<Difference>& out, const std::vector<ObjectKey>& keys, const CatalogModel& model,
          DifferenceKind kind) {
  const std::set<ObjectKey> absent(keys.begin(), keys.end());
  std::map<ObjectKey, Difference> folded;
  for (const auto& key : keys) {
    const ObjectKey top = outermost(key, model, absent);
    auto& difference = folded[top];
    difference.kind = kind;
    difference.key = top;
    if (!(top == key)) ++difference.parts[key.kind];
  }
  for (auto& [key, difference] : folded) out.push_back(std::move(difference));
}

}  // namespace

std::string_view to_string(DifferenceKind kind) {
  switch (kind) {
    case DifferenceKind::missing: return "missing";
    case DifferenceKind::extra: return "extra";
    case DifferenceKind::different: return "different";
  }
  return "?";
}

std::size_t Comparison::count(DifferenceKind kind) const {
  std::size_t n = 0;
  for (const auto& difference : differences) n += difference.kind == kind ? 1 : 0;
  return n;
}

Comparison compare_models(const CatalogModel& here, const CatalogModel& there, const Scope& scope) {
  Comparison result;
  std::vector<ObjectKey> missing, extra;
  std::vector<Difference> different;
  const auto in_scope = [&scope](const ObjectKey& key) { return !scope || scope(key); };

  for (const auto& [key, reference] : there.objects) {
    if (!in_scope(key)) continue;
    ++result.compared;
    const CatalogObject* actual = here.find(key);
    if (actual == nullptr) {
      missing.push_back(key);
      continue;
    }
    Difference difference;
    difference.key = key;
    for (const auto& attribute : reference.attributes) {
      if (!attribute.compared) continue;
      const std::string value = actual->get(attribute.name).value_or("");
      if (value != attribute.value) difference.changes.push_back({attribute.name, value, attribute.value});
    }
    // attributes only `here` has (a comment on a column the migrations leave bare)
    for (const auto& attribute : actual->attributes) {
      if (!attribute.compared || attribute.value.empty() || reference.get(attribute.name)) continue;
      difference.changes.push_back({attribute.name, attribute.value, ""});
    }
    if (!difference.changes.empty()) different.push_back(std::move(difference));
  }
  for (const auto& [key, object] : here.objects) {
    if (!in_scope(key) || there.find(key) != nullptr) continue;
    ++result.compared;
    extra.push_back(key);
  }

  fold(result.differences, missing, there, DifferenceKind::missing);
  fold(result.differences, extra, here, DifferenceKind::extra);
  for (Difference& difference : result.differences) {
    if (difference.key.kind != ObjectKind::index) continue;
    const CatalogObject* index = (difference.kind == DifferenceKind::extra ? here : there).find(difference.key);
    difference.invalid_index = index != nullptr && index->get("valid") == "no";
  }
  for (auto& difference : different) result.differences.push_back(std::move(difference));
  for (Difference& difference : result.differences) {
    if (difference.key.kind != ObjectKind::function) continue;
    const CatalogObject* routine = (difference.kind == DifferenceKind::extra ? here : there).find(difference.key);
    if (const auto kind = routine ? routine->get("kind") : std::nullopt; kind && *kind != "function") {
      difference.noun = *kind;
    }
  }
  std::stable_sort(result.differences.begin(), result.differences.end(),
                   [](const Difference& a, const Difference& b) { return a.key < b.key; });
  return result;
}

std::set<ObjectKey> changed_keys(const CatalogModel& before, const CatalogModel& after) {
  std::set<ObjectKey> keys;
  for (const auto& [key, object] : after.objects) {
    const CatalogObject* old = before.find(key);
    if (old == nullptr) {
      keys.insert(key);
      continue;
    }
    for (const auto& attribute : object.attributes) {
      if (attribute.compared && old->get(attribute.name).value_or("") != attribute.value) {
        keys.insert(key);
        break;
      }
    }
  }
  for (const auto& [key, object] : before.objects) {
    if (after.find(key) == nullptr) keys.insert(key);
  }
  return keys;
}

std::string describe_parts(const std::map<ObjectKind, std::size_t>& parts) {
  std::vector<std::string> items;
  for (const auto& [kind, count] : parts) items.push_back(plural(count, to_string(kind)));
  return listed(items);
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

// Where an excerpt that should start at `from` starts without cutting a word
// in half: the start of its word when that is near, else the next word (up to
// `limit`); `from` itself only inside a word too long for either.
std::size_t word_start(std::string_view text, std::size_t from, std::size_t limit) {
  if (from == 0 || is_space(text[from - 1])) return from;
  std::size_t back = from;
  while (back > 0 && !is_space(text[back - 1]) && from - back < 10) --back;
  if (back == 0 || is_space(text[back - 1])) return back;
  std::size_t next = from;
  while (next < limit && !is_space(text[next])) ++next;
  return next < limit ? next + 1 : from;
}

// `text` with each run of white space (line breaks too) as one space, trimmed.
std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

FirstDifference first_difference(std::string_view here, std::string_view there, std::size_t width) {
  auto cut = [width](std::string_view text) {
    std::string line(text);
    const auto start = line.find_first_not_of(" \t");
    line = start == std::string::npos ? "" : line.substr(start);
    if (line.size() > width) {
      // at the last space before the width, unless that leaves little (one long word)
      std::size_t end = width > 3 ? width - 3 : width;
      if (!is_space(line[end])) {
        const std::size_t space = line.find_last_of(" \t", end);
        if (space != std::string::npos && space >= end / 2) end = space;
      }
      line = line.substr(0, end) + "...";
    }
    return line;
  };
  const bool multi_line = here.find('\n') != std::string_view::npos || there.find('\n') != std::string_view::npos;
  if (!multi_line) {
    if (here.size() <= width && there.size() <= width) return {std::string(here), std::string(there), 0};
    // the first differing character, with a little before it
    std::size_t at = 0;
    while (at < here.size() && at < there.size() && here[at] == there[at]) ++at;
    // (here and there are the same up to `at`: the same start suits both)
    const std::size_t from = word_start(here, at > 20 ? at - 20 : 0, at);
    auto excerpt = [&](std::string_view text) {
      return (from > 0 ? "..." : "") + cut(text.substr(std::min(from, text.size())));
    };
    return {excerpt(here), excerpt(there), 0};
  }
  std::size_t line = 1, a = 0, b = 0;
  while (true) {
    const std::size_t a_end = std::min(here.find('\n', a), here.size());
    const std::size_t b_end = std::min(there.find('\n', b), there.size());
    const std::string_view la = a <= here.size() ? here.substr(a, a_end - a) : std::string_view();
    const std::string_view lb = b <= there.size() ? there.substr(b, b_end - b) : std::string_view();
    const bool a_done = a > here.size(), b_done = b > there.size();
    if (a_done && b_done) return {"", "", line};
    if (la != lb || a_done != b_done) {
      // One line runs on where the other breaks (a body rewritten on one
      // line by hand): the difference is further on, in the rest of both
      // read as one line each.
      if (!a_done && !b_done && (lb.starts_with(la) || la.starts_with(lb))) {
        const std::string rest_here = one_line(here.substr(a)), rest_there = one_line(there.substr(b));
        if (rest_here != rest_there) {
          FirstDifference rest = first_difference(rest_here, rest_there, width);
          rest.line = line;
          return rest;
        }
      }
      return {a_done ? "(ends)" : cut(la), b_done ? "(ends)" : cut(lb), line};
    }
    a = a_end + 1;
    b = b_end + 1;
    ++line;
  }
}

std::string describe(const Difference& difference, std::string_view home_schema) {
  if (difference.noun.empty()) return describe(difference.key, home_schema);
  return difference.noun + " " + name_of(difference.key, home_schema);
}

std::string explain(const Difference& difference, const Wording& wording, std::string_view home_schema) {
  std::string text = describe(difference, home_schema) + ": ";
  switch (difference.kind) {
    case DifferenceKind::missing:
    case DifferenceKind::extra: {
      text += difference.kind == DifferenceKind::missing ? wording.missing : wording.extra;
      const std::string parts = describe_parts(difference.parts);
      if (!parts.empty()) text += ", with its " + parts;
      if (difference.invalid_index) {
        text += " (INVALID, as a failed CREATE INDEX CONCURRENTLY leaves it: no query uses it, every write still "
                "updates it; DROP INDEX CONCURRENTLY " +
                ddl::quote_identifier(difference.key.schema) + "." + ddl::quote_identifier(difference.key.name) +
                " before building it again)";
      }
      return text;
    }
    case DifferenceKind::different:
      break;
  }
  for (std::size_t i = 0; i < difference.changes.size(); ++i) {
    const auto& change = difference.changes[i];
    if (i > 0) text += "; ";
    const FirstDifference first = first_difference(change.here, change.there);
    const std::string name = change.name + (first.line > 0 ? " (line " + std::to_string(first.line) + ")" : "");
    if (wording.as_change) {
      text += name + ": " + shown(first.there) + " -> " + shown(first.here);
    } else {
      text += name + " " + shown(first.here) + " " + wording.here + ", " + shown(first.there) + " " + wording.there;
    }
  }
  return text;
}

}  // namespace pgapply::catalog
