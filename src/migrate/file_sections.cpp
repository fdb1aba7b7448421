#include "migrate/file_sections.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "core/diagnostic.hpp"
#include "core/error.hpp"
#include "split/splitter.hpp"

namespace pgapply::migrate {

std::string_view to_string(SectionFormat format) {
  switch (format) {
    case SectionFormat::plain: return "plain";
    case SectionFormat::dbmate: return "dbmate";
    case SectionFormat::goose: return "goose";
  }
  return "?";
}

namespace {

constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

// Go's \s, as dbmate's regular expressions read it within a line.
bool is_go_space(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\r'; }
bool is_indent(char c) { return c == ' ' || c == '\t'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::size_t find_ignoring_case(std::string_view text, std::string_view needle) {
  if (needle.size() > text.size()) return std::string_view::npos;
  for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
    if (equal_ignoring_case(text.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

std::string_view skip_spaces(std::string_view text) {
  while (!text.empty() && is_go_space(text.front())) text.remove_prefix(1);
  return text;
}

std::string_view trim(std::string_view text) {
  text = skip_spaces(text);
  while (!text.empty() && is_go_space(text.back())) text.remove_suffix(1);
  return text;
}

// Whether a comment line (from its "--") could be a marker of either tool.
bool marker_candidate(std::string_view comment) {
  return comment.find("+goose") != std::string_view::npos ||
         find_ignoring_case(comment, "migrate:") != std::string_view::npos;
}

// ---------------------------------------------------------------------------
// What one comment line says.

enum class MarkerKind {
  none,
  dbmate_up,
  dbmate_down,
  goose_up,
  goose_down,
  goose_statement_begin,
  goose_statement_end,
  goose_no_transaction,
  goose_envsub_on,
  goose_envsub_off,
};

struct Marker {
  MarkerKind kind = MarkerKind::none;
  std::size_t line = 0;
  std::size_t line_start = 0;  // offset of the line's first byte
  std::size_t line_end = 0;    // offset just past its '\n' (or the end of the text)
  std::string_view options;    // dbmate: what follows the marker
};

bool is_dbmate(MarkerKind kind) { return kind == MarkerKind::dbmate_up || kind == MarkerKind::dbmate_down; }

// dbmate's `^--\s*migrate:(up|down)(\s*$|\s+\S+)`, on a comment from its "--".
// Sets `options` to the rest of the line.
MarkerKind dbmate_marker(std::string_view comment, std::string_view& options) {
  std::string_view rest = skip_spaces(comment.substr(2));
  constexpr std::string_view prefix = "migrate:";
  if (rest.substr(0, prefix.size()) != prefix) return MarkerKind::none;
  rest.remove_prefix(prefix.size());
  MarkerKind kind = MarkerKind::none;
  if (rest.substr(0, 2) == "up") {
    kind = MarkerKind::dbmate_up;
    rest.remove_prefix(2);
  } else if (rest.substr(0, 4) == "down") {
    kind = MarkerKind::dbmate_down;
    rest.remove_prefix(4);
  } else {
    return MarkerKind::none;
  }
  if (!rest.empty() && !is_go_space(rest.front())) return MarkerKind::none;  // migrate:upgrade
  options = trim(rest);
  return kind;
}

// Something dbmate would not read as a marker but a reader would:
// `-- Migrate:Down`, `-- migrate: up`.
bool dbmate_near_miss(std::string_view comment) {
  std::string_view rest = skip_spaces(comment.substr(2));
  if (!equal_ignoring_case(rest.substr(0, 8), "migrate:")) return false;
  rest = skip_spaces(rest.substr(8));
  for (const std::string_view word : {std::string_view("up"), std::string_view("down")}) {
    if (equal_ignoring_case(rest.substr(0, word.size()), word) &&
        (rest.size() == word.size() || is_go_space(rest[word.size()]))) {
      return true;
    }
  }
  return false;
}

// goose's extractAnnotation: every "--" and the first "+goose" removed, the
// rest trimmed, compared without regard to case.
MarkerKind goose_annotation(std::string_view comment, std::string& unknown) {
  std::string text;
  for (std::size_t i = 0; i < comment.size(); ++i) {
    if (comment.substr(i, 2) == "--") {
      ++i;
    } else {
      text += comment[i];
    }
  }
  const auto goose = text.find("+goose");
  text.erase(goose, 6);
  if (text.find("+goose") != std::string::npos) {
    unknown = "more than one +goose";
    return MarkerKind::none;
  }
  const std::string_view command = trim(text);
  static constexpr std::array<std::pair<std::string_view, MarkerKind>, 7> annotations{{
      {"Up", MarkerKind::goose_up},
      {"Down", MarkerKind::goose_down},
      {"StatementBegin", MarkerKind::goose_statement_begin},
      {"StatementEnd", MarkerKind::goose_statement_end},
      {"NO TRANSACTION", MarkerKind::goose_no_transaction},
      {"ENVSUB ON", MarkerKind::goose_envsub_on},
      {"ENVSUB OFF", MarkerKind::goose_envsub_off},
  }};
  for (const auto& [name, kind] : annotations) {
    if (equal_ignoring_case(command, name)) return kind;
  }
  if (command.empty()) {
    unknown = "nothing after +goose";
  } else {
    // (appended piece by piece: "'" + std::string(...) trips GCC 12's -Wrestrict)
    unknown.assign(1, '\'').append(command).append(1, '\'');
  }
  return MarkerKind::none;
}

std::string_view marker_text(MarkerKind kind) {
  switch (kind) {
    case MarkerKind::dbmate_up: return "-- migrate:up";
    case MarkerKind::dbmate_down: return "-- migrate:down";
    case MarkerKind::goose_up: return "-- +goose Up";
    case MarkerKind::goose_down: return "-- +goose Down";
    case MarkerKind::goose_statement_begin: return "-- +goose StatementBegin";
    case MarkerKind::goose_statement_end: return "-- +goose StatementEnd";
    case MarkerKind::goose_no_transaction: return "-- +goose NO TRANSACTION";
    case MarkerKind::goose_envsub_on: return "-- +goose ENVSUB ON";
    case MarkerKind::goose_envsub_off: return "-- +goose ENVSUB OFF";
    case MarkerKind::none: break;
  }
  return "";
}

// ---------------------------------------------------------------------------
// Collecting the markers: the splitter says which `--` are comments.

class MarkerCollector : public split::ItemSink {
 public:
  MarkerCollector(std::string_view text, std::string_view file_name) : text_(text), file_name_(file_name) {}

  void on_item(const split::Item& item, std::string_view) override {
    if (!first_item_) first_item_ = item.start;
  }

  void on_line_comment(std::size_t start, std::size_t end) override {
    const std::string_view comment = text_.substr(start, end - start);
    if (!marker_candidate(comment)) return;
    const std::size_t line = line_of(start);
    const std::size_t line_start = line_start_of(start);
    std::string_view before = text_.substr(line_start, start - line_start);
    if (line_start == 0 && before.substr(0, 3) == byte_order_mark) before.remove_prefix(3);
    if (!std::all_of(before.begin(), before.end(), is_indent)) return;  // after a statement: a comment

    Marker marker;
    marker.line = line;
    marker.line_start = line_start;
    const std::size_t newline = text_.find('\n', end);
    marker.line_end = newline == std::string_view::npos ? text_.size() : newline + 1;
    std::string unknown;
    if (comment.find("+goose") != std::string_view::npos) {
      marker.kind = goose_annotation(comment, unknown);
      if (marker.kind == MarkerKind::none) {
        std::string message = "unknown goose annotation (" + unknown +
                              "): goose knows Up, Down, StatementBegin, StatementEnd, NO TRANSACTION, "
                              "ENVSUB ON and ENVSUB OFF";
        // A comment that starts with +goose means one ("-- +goose Dwn"):
        // an error at once. One that speaks of +goose in passing ("the +goose
        // Up lines were removed") is goose's error in a goose file only.
        const std::string_view said = skip_spaces(comment.substr(comment.find_first_not_of('-')));
        if (said.starts_with("+goose")) fail(line, message);
        if (!unknown_goose_) unknown_goose_ = {line, std::move(message)};
        return;
      }
    } else {
      marker.kind = dbmate_marker(comment, marker.options);
      if (marker.kind == MarkerKind::none) {
        if (!dbmate_near_miss(comment)) return;
        fail(line, "'" + std::string(trim(comment)) +
                       "' is not a dbmate marker: dbmate reads only '-- migrate:up' and "
                       "'-- migrate:down', in lower case, with no space after the ':'");
      }
    }
    if (!before.empty()) {
      fail(line, std::string(marker_text(marker.kind)) +
                     " must start at the beginning of its line (" +
                     (is_dbmate(marker.kind) ? "dbmate would read it as a comment and run what follows as "
                                               "part of the section before it"
                                             : "goose refuses it") +
                     ")");
    }
    markers_.push_back(marker);
  }

  const std::vector<Marker>& markers() const { return markers_; }
  std::optional<std::size_t> first_item() const { return first_item_; }
  // The first comment that reads as a goose annotation goose does not know:
  // an error once the file has a goose marker.
  void check_goose_annotations() const {
    if (!unknown_goose_) return;
    if (std::any_of(markers_.begin(), markers_.end(), [](const Marker& marker) { return !is_dbmate(marker.kind); })) {
      fail(unknown_goose_->first, unknown_goose_->second);
    }
  }

  [[noreturn]] void fail(std::size_t line, const std::string& message) const {
    throw located_input_error(diagnostic(file_name_, line, 0, "error", message));
  }

  // The 1-based line of `offset`. Offsets come in increasing order.
  std::size_t line_of(std::size_t offset) {
    for (const char* p = text_.data() + counted_, *end = text_.data() + offset;
         (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr;
         ++p) {
      ++line_;
    }
    counted_ = offset;
    return line_;
  }

 private:
  std::size_t line_start_of(std::size_t offset) const {
    const auto newline = text_.rfind('\n', offset == 0 ? 0 : offset - 1);
    return offset == 0 || newline == std::string_view::npos ? 0 : newline + 1;
  }

  std::string_view text_;
  std::string_view file_name_;
  std::vector<Marker> markers_;
  std::optional<std::pair<std::size_t, std::string>> unknown_goose_;  // line, message
  std::optional<std::size_t> first_item_;
  std::size_t counted_ = 0;  // line_ is the line of this offset
  std::size_t line_ = 1;
};

// ---------------------------------------------------------------------------
// Turning the markers into sections.

class SectionBuilder {
 public:
  SectionBuilder(std::string_view text, const MarkerCollector& collector)
      : text_(text), collector_(collector) {}

  FileSections build() {
    collector_.check_goose_annotations();
    const auto& markers = collector_.markers();
    FileSections sections;
    sections.up.span = {0, text_.size(), 1};
    if (markers.empty()) return sections;
    const bool dbmate = is_dbmate(markers.front().kind);
    for (const auto& marker : markers) {
      if (is_dbmate(marker.kind) != dbmate) {
        collector_.fail(marker.line, std::string(marker_text(marker.kind)) + " in a " +
                                         (dbmate ? "dbmate" : "goose") + " file (line " +
                                         std::to_string(markers.front().line) + " has " +
                                         std::string(marker_text(markers.front().kind)) +
                                         "): one file follows one tool");
      }
    }
    if (dbmate) {
      build_dbmate(sections);
    } else {
      build_goose(sections);
    }
    return sections;
  }

 private:
  // Only comments before the up marker, as both tools require.
  void check_nothing_before(const Marker& up, std::string_view tool) const {
    const auto first = collector_.first_item();
    if (first && *first < up.line_start) {
      collector_.fail(line_at(*first), "a statement before " + std::string(marker_text(up.kind)) +
                                           " (line " + std::to_string(up.line) + "): " + std::string(tool) +
                                           " allows only comments before it");
    }
  }

  std::size_t line_at(std::size_t offset) const {
    return 1 + static_cast<std::size_t>(std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
  }

  void parse_dbmate_options(const Marker& marker, Section& section) const {
    std::string_view rest = marker.options;
    while (!rest.empty()) {
      const auto space = std::find_if(rest.begin(), rest.end(), is_go_space);
      const std::string_view pair = rest.substr(0, static_cast<std::size_t>(space - rest.begin()));
      rest = skip_spaces(rest.substr(pair.size()));
      const auto colon = pair.find(':');
      const std::string_view key = pair.substr(0, colon);
      const std::string_view value = colon == std::string_view::npos ? std::string_view{} : pair.substr(colon + 1);
      if (key != "transaction" || (value != "false" && value != "true")) {
        collector_.fail(marker.line, "unknown dbmate option '" + std::string(pair) +
                                         "' (dbmate knows transaction:false and transaction:true)");
      }
      if (value == "false") {
        section.transaction = TransactionDirective::no_transaction;
        section.transaction_line = marker.line;
      } else {
        section.transaction = TransactionDirective::none;
        section.transaction_line = 0;
      }
    }
  }

  void build_dbmate(FileSections& sections) const {
    sections.format = SectionFormat::dbmate;
    const Marker* up = nullptr;
    const Marker* down = nullptr;
    for (const auto& marker : collector_.markers()) {
      if (marker.kind == MarkerKind::dbmate_up) {
        if (up != nullptr) {
          collector_.fail(marker.line, "a second -- migrate:up (the first is at line " + std::to_string(up->line) +
                                           "): pgapply reads one up and one down section per file; "
                                           "move this pair to a migration of its own");
        }
        up = &marker;
      } else {
        if (up == nullptr) {
          collector_.fail(marker.line, "-- migrate:down before any -- migrate:up (dbmate requires "
                                       "the up section first)");
        }
        if (down != nullptr) {
          collector_.fail(marker.line, "a second -- migrate:down (the first is at line " +
                                           std::to_string(down->line) + ")");
        }
        down = &marker;
      }
    }
    if (down == nullptr) {
      collector_.fail(up->line, "-- migrate:up without -- migrate:down: dbmate requires both (leave the "
                                "down section empty if there is no rollback)");
    }
    check_nothing_before(*up, "dbmate");
    sections.up.span = {0, down->line_start, 1};
    sections.up.marker_line = up->line;
    parse_dbmate_options(*up, sections.up);
    Section rollback;
    rollback.span = {down->line_start, text_.size(), down->line};
    rollback.marker_line = down->line;
    parse_dbmate_options(*down, rollback);
    sections.down = rollback;
  }

  // goose's state machine (ParseSQLMigration), over the markers only.
  void build_goose(FileSections& sections) const {
    sections.format = SectionFormat::goose;
    const Marker* up = nullptr;
    const Marker* down = nullptr;
    const Marker* block = nullptr;  // an open StatementBegin
    const Marker* no_transaction = nullptr;
    for (const auto& marker : collector_.markers()) {
      switch (marker.kind) {
        case MarkerKind::goose_up:
          if (up != nullptr) {
            collector_.fail(marker.line, "a second -- +goose Up (the first is at line " + std::to_string(up->line) + ")");
          }
          up = &marker;
          break;
        case MarkerKind::goose_down:
          if (up == nullptr) collector_.fail(marker.line, "-- +goose Down before any -- +goose Up");
          if (down != nullptr) {
            collector_.fail(marker.line, "a second -- +goose Down (the first is at line " +
                                             std::to_string(down->line) + ")");
          }
          if (block != nullptr) {
            collector_.fail(block->line, "-- +goose StatementBegin without -- +goose StatementEnd before "
                                         "-- +goose Down at line " + std::to_string(marker.line));
          }
          down = &marker;
          break;
        case MarkerKind::goose_statement_begin:
          if (up == nullptr) {
            collector_.fail(marker.line, "-- +goose StatementBegin before -- +goose Up (it belongs in "
                                         "the Up or Down section)");
          }
          if (block != nullptr) {
            collector_.fail(marker.line, "-- +goose StatementBegin inside the block opened at line " +
                                             std::to_string(block->line) + " (blocks do not nest)");
          }
          block = &marker;
          break;
        case MarkerKind::goose_statement_end: {
          if (block == nullptr) {
            collector_.fail(marker.line, "-- +goose StatementEnd without -- +goose StatementBegin");
          }
          Section& section = down != nullptr ? *sections.down : sections.up;
          section.statement_blocks.push_back({block->line_end, marker.line_start, block->line + 1});
          block = nullptr;
          break;
        }
        case MarkerKind::goose_no_transaction:
          if (no_transaction == nullptr) no_transaction = &marker;
          break;
        case MarkerKind::goose_envsub_on:
          collector_.fail(marker.line, "-- +goose ENVSUB ON: pgapply does not replace ${VAR} with environment "
                                       "variables; use psql variables instead (pgapply -v NAME=VALUE, "
                                       "and :NAME, :'NAME' or :\"NAME\" in the file)");
        default:  // ENVSUB OFF: nothing to undo
          break;
      }
      if (marker.kind == MarkerKind::goose_down) {
        Section rollback;
        rollback.span = {marker.line_start, text_.size(), marker.line};
        rollback.marker_line = marker.line;
        sections.down = rollback;
      }
    }
    if (up == nullptr) {
      collector_.fail(collector_.markers().front().line,
                      "a goose annotation in a file without -- +goose Up (goose requires it first)");
    }
    if (block != nullptr) {
      collector_.fail(block->line, "-- +goose StatementBegin without -- +goose StatementEnd");
    }
    check_nothing_before(*up, "goose");
    sections.up.span = {0, down != nullptr ? down->line_start : text_.size(), 1};
    sections.up.marker_line = up->line;
    if (no_transaction != nullptr) {
      // goose reads NO TRANSACTION anywhere in the file, for both directions.
      for (Section* section : {&sections.up, sections.down ? &*sections.down : nullptr}) {
        if (section == nullptr) continue;
        section->transaction = TransactionDirective::no_transaction;
        section->transaction_line = no_transaction->line;
      }
    }
  }

  std::string_view text_;
  const MarkerCollector& collector_;
};

}  // namespace

bool may_hold_sections(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    const auto newline = text.find('\n', start);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
    std::size_t p = start;
    while (p < end && (is_indent(text[p]) || text[p] == '\xEF' || text[p] == '\xBB' || text[p] == '\xBF')) ++p;
    if (end - p >= 2 && text[p] == '-' && text[p + 1] == '-' && marker_candidate(text.substr(p, end - p))) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

FileSections parse_sections(std::string_view text, std::string_view file_name) {
  if (!may_hold_sections(text)) {
    FileSections sections;
    sections.up.span = {0, text.size(), 1};
    return sections;
  }
  MarkerCollector collector(text, file_name);
  try {
    split::split(text, collector);
  } catch (const split::SplitError& error) {
    // Past the down marker, text that cannot be split is the rollback's:
    // up and status go on, as dbmate's and goose's would, and `down` says
    // it, at its line, when it splits that section.
    const auto& markers = collector.markers();
    if (std::any_of(markers.begin(), markers.end(), [](const Marker& marker) {
          return marker.kind == MarkerKind::dbmate_down || marker.kind == MarkerKind::goose_down;
        })) {
      try {
        return SectionBuilder(text, collector).build();
      } catch (const Error&) {
        // the markers up to it do not make sections: the split error is the one to say
      }
    }
    throw located_input_error(diagnostic(file_name, error.line, error.column, "error", error.what()));
  }
  return SectionBuilder(text, collector).build();
}

}  // namespace pgapply::migrate
