#pragma once

// Properties every split must have, whatever the input: checked by the fuzzer
// (tests/fuzz/split_fuzzer.cpp) and over the regression corpus
// (tests/corpus/corpus_test.cpp). Header-only, depending on the splitter
// alone, so that both can compile it with the split sources and nothing else.
//
// check_split(input) splits `input` whole and in chunks and returns a
// description of the first broken property, or "" when all hold:
//
// * items are in order, do not overlap and lie inside the input;
// * their line and column agree with their offset (counted independently);
// * a sql item starts at a token and ends with its ';' (terminated) or a token;
//   a meta item starts with a backslash and holds no line end; copy_data
//   follows the sql item of its COPY ... FROM STDIN; substitutions lie inside
//   their item, in order, and start with ':' or '\';
// * the bytes between items are only whitespace, comments and empty
//   statements (and the \. line after COPY data): no token is lost;
// * splitting in chunks cut after a '\n', as a file reader does, gives the same
//   items (COPY data pieces joined) and the same error as splitting whole;
// * an error's position lies inside the input (or at its end) and its line
//   and column agree with its offset;
// * line comments are reported once each, in order: each starts with "--",
//   runs to a line end (or the end of the input), lies inside no meta item or
//   COPY data, and the same comments come whole and in chunks.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "split/splitter.hpp"

namespace split_check {

using pgapply::split::ChunkSplitter;
using pgapply::split::Item;
using pgapply::split::ItemKind;
using pgapply::split::ItemSink;
using pgapply::split::SplitError;
using pgapply::split::Substitution;

struct Outcome {
  std::vector<Item> items;
  std::vector<std::pair<std::size_t, std::size_t>> comments;  // line comments [start, end)
  std::optional<SplitError> error;
};

// Renders an item for comparisons and messages.
inline std::string describe(const Item& item) {
  std::string out = std::string(pgapply::split::to_string(item.kind)) + "[" +
                    std::to_string(item.start) + "," + std::to_string(item.end) + ") " +
                    std::to_string(item.line) + ":" + std::to_string(item.column);
  if (item.terminated) out += " terminated";
  if (item.copy_from_stdin) out += " copy_from_stdin";
  if (item.continues) out += " continues";
  for (const auto& s : item.substitutions) {
    out += " sub" + std::to_string(static_cast<int>(s.kind)) + "@" + std::to_string(s.start) +
           "-" + std::to_string(s.end);
  }
  return out;
}

inline std::string describe(const SplitError& error) {
  return std::string(error.what()) + " at " + std::to_string(error.offset) + " " +
         std::to_string(error.line) + ":" + std::to_string(error.column) +
         (error.unterminated ? " (unterminated)" : "");
}

// Collects items, joining the pieces of a COPY data block split in chunks.
struct JoiningSink : ItemSink {
  std::vector<Item> items;
  bool joining = false;
  void on_item(const Item& item, std::string_view /*text*/) override {
    if (joining) {
      items.back().end = item.end;
      items.back().continues = item.continues;
    } else {
      items.push_back(item);
    }
    joining = item.continues;
  }
  std::vector<std::pair<std::size_t, std::size_t>> comments;
  void on_line_comment(std::size_t start, std::size_t end) override { comments.emplace_back(start, end); }
};

inline Outcome split_whole(std::string_view input) {
  JoiningSink sink;
  Outcome outcome;
  try {
    pgapply::split::split(input, sink);
  } catch (const SplitError& error) {
    outcome.error = error;
  }
  outcome.items = std::move(sink.items);
  outcome.comments = std::move(sink.comments);
  return outcome;
}

// Splits `input` as a file reader would: buffers of about `chunk` bytes (at
// least one line), each cut after a '\n', the unconsumed tail carried over.
// `rescan_threshold`: ChunkSplitter's (small values exercise its guard).
inline Outcome split_in_chunks(std::string_view input, std::size_t chunk,
                               std::size_t rescan_threshold = 64 * 1024) {
  JoiningSink sink;
  Outcome outcome;
  ChunkSplitter splitter(rescan_threshold);
  std::string buffer;
  std::size_t read = 0;
  try {
    while (true) {
      std::size_t take = std::min(chunk, input.size() - read);
      const std::size_t newline = input.find('\n', read + (take > 0 ? take - 1 : 0));
      take = newline == std::string_view::npos ? input.size() - read : newline + 1 - read;
      buffer.append(input.substr(read, take));
      read += take;
      const bool last = read == input.size();
      const std::size_t consumed = splitter.split(buffer, last, sink);
      if (last) break;
      if (consumed > buffer.size()) {
        throw SplitError("check: consumed more than the buffer", 0, 0, 0, false);
      }
      buffer.erase(0, consumed);
    }
  } catch (const SplitError& error) {
    outcome.error = error;
  }
  outcome.items = std::move(sink.items);
  outcome.comments = std::move(sink.comments);
  return outcome;
}

// The 1-based line and column of `offset`, counted here independently of the
// splitter's LineCounter. A leading byte-order mark takes no column.
inline std::pair<std::size_t, std::size_t> line_and_column(std::string_view input,
                                                           std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  const std::size_t from = input.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3 ? 3 : 0;
  for (std::size_t i = from; i < offset; ++i) {
    const auto c = static_cast<unsigned char>(input[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Skips whitespace and comments (-- to the end of the line, nested /* */)
// from `p`, and also ';' when `semicolons`. Returns where it stopped.
inline std::size_t skip_filler(std::string_view s, std::size_t p, std::size_t end, bool semicolons) {
  while (p < end) {
    if (is_space(s[p]) || (semicolons && s[p] == ';')) {
      ++p;
    } else if (s.substr(p, 2) == "--") {
      while (p < end && s[p] != '\n' && s[p] != '\r') ++p;
    } else if (s.substr(p, 2) == "/*") {
      std::size_t depth = 0;
      do {
        if (s.substr(p, 2) == "/*") {
          ++depth;
          p += 2;
        } else if (s.substr(p, 2) == "*/") {
          --depth;
          p += 2;
        } else {
          ++p;
        }
      } while (depth > 0 && p < end);
      if (depth > 0) return p;
    } else {
      break;
    }
  }
  return p;
}

// `failed`: the split ended in an error, and the last item may be the first
// piece of a COPY data block that the error cut short.
inline std::string check_items(std::string_view input, const std::vector<Item>& items, bool failed) {
  std::size_t previous_end = input.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  const Item* previous = nullptr;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& item = items[i];
    const std::string where = "item " + std::to_string(i) + " " + describe(item) + ": ";
    if (item.start > item.end || item.end > input.size()) return where + "outside the input";
    if (item.start < previous_end) return where + "overlaps the previous item or the BOM";
    if (item.continues && !(failed && i + 1 == items.size())) {
      return where + "continues after the joined pieces";
    }
    const auto [line, column] = line_and_column(input, item.start);
    if (item.line != line || item.column != column) {
      return where + "position should be " + std::to_string(line) + ":" + std::to_string(column);
    }
    const std::string_view text = input.substr(item.start, item.end - item.start);

    // The gap before the item.
    std::size_t gap = previous_end;
    if (previous != nullptr && previous->kind == ItemKind::copy_data) {
      // The \. line (possibly the end of the input) ends the data.
      if (input.substr(gap, 2) != "\\.") return where + "COPY data not followed by \\.";
      gap += 2;
      if (input.substr(gap, 1) == "\r") ++gap;
      if (gap < input.size() && input[gap] != '\n') return where + "\\. not alone on its line";
    }
    if (skip_filler(input, gap, item.start, true) < item.start) {
      return where + "a token before it, at " + std::to_string(skip_filler(input, gap, item.start, true)) +
             ", belongs to no item";
    }

    // Data follows a COPY ... FROM STDIN ended by ';', a \copy from stdin, or
    // the \g or \gx after an unterminated COPY ... FROM STDIN.
    const Item* before_previous = i >= 2 ? &items[i - 2] : nullptr;
    const bool after_copy =
        previous != nullptr &&
        ((previous->copy_from_stdin && (previous->kind == ItemKind::meta || previous->terminated)) ||
         (previous->kind == ItemKind::meta && before_previous != nullptr &&
          before_previous->kind == ItemKind::sql && !before_previous->terminated &&
          before_previous->copy_from_stdin && before_previous->end <= previous->start));
    if (after_copy != (item.kind == ItemKind::copy_data)) {
      return where + "COPY data must follow exactly the items of COPY ... FROM STDIN";
    }
    switch (item.kind) {
      case ItemKind::sql: {
        if (text.empty()) return where + "empty sql item";
        if (skip_filler(text, 0, text.size(), true) != 0) {
          return where + "does not start at a token";
        }
        const bool ends_escaped = !item.substitutions.empty() &&
                                  item.substitutions.back().end == item.end &&
                                  item.substitutions.back().kind == Substitution::Kind::escaped_char;
        // (Unterminated, it may still end with a ';' that did not end it: one
        // inside parentheses or a body, at the end of the input.)
        if (item.terminated && (text.back() != ';' || ends_escaped)) {
          return where + "terminated without a ';'";
        }
        if (!item.terminated && is_space(text.back())) return where + "ends in whitespace";
        if (item.copy_from_stdin && !item.terminated &&
            (i + 1 == items.size() || items[i + 1].kind != ItemKind::meta)) {
          return where + "COPY without ';' or \\g";
        }
        std::size_t sub_end = item.start;
        for (const auto& s : item.substitutions) {
          if (s.start < sub_end || s.end <= s.start || s.end > item.end) {
            return where + "substitution out of order or outside the item";
          }
          const char first = input[s.start];
          if (first != (s.kind == Substitution::Kind::escaped_char ? '\\' : ':')) {
            return where + "substitution does not start with ':' or '\\'";
          }
          if (s.kind != Substitution::Kind::escaped_char &&
              (s.name_start() >= s.name_end() || s.name_end() > s.end)) {
            return where + "substitution name outside the substitution";
          }
          sub_end = s.end;
        }
        break;
      }
      case ItemKind::meta:
        if (text.empty() || text.front() != '\\') return where + "meta item without a backslash";
        if (text.find('\n') != std::string_view::npos) return where + "meta item holds a line end";
        if (!item.substitutions.empty() || item.terminated) {
          return where + "meta item with sql fields";
        }
        break;
      case ItemKind::copy_data:
        if (!text.empty() && text.back() != '\n') return where + "COPY data not ending in a line end";
        if (!text.empty() && (item.start == 0 || input[item.start - 1] != '\n')) {
          return where + "COPY data not starting a line";
        }
        break;
    }
    previous_end = item.end;
    previous = &item;
  }
  return "";
}

inline std::string check_comments(std::string_view input, const Outcome& outcome) {
  std::size_t previous_end = 0;
  std::size_t item = 0;
  for (const auto& [start, end] : outcome.comments) {
    const std::string where = "comment [" + std::to_string(start) + "," + std::to_string(end) + "): ";
    if (start > end || end > input.size()) return where + "outside the input";
    if (start < previous_end) return where + "overlaps or repeats the previous comment";
    const std::string_view text = input.substr(start, end - start);
    if (text.substr(0, 2) != "--") return where + "does not start with --";
    if (text.find_first_of("\r\n") != std::string_view::npos) return where + "holds a line end";
    if (end < input.size() && input[end] != '\n' && input[end] != '\r') return where + "does not run to a line end";
    while (item < outcome.items.size() && outcome.items[item].end <= start) ++item;
    if (item < outcome.items.size() && outcome.items[item].start <= start &&
        outcome.items[item].kind != ItemKind::sql) {
      return where + "inside " + describe(outcome.items[item]);
    }
    previous_end = end;
  }
  return "";
}

inline std::string check_error(std::string_view input, const SplitError& error) {
  if (error.offset > input.size()) return "error outside the input: " + describe(error);
  const auto [line, column] = line_and_column(input, error.offset);
  if (error.line != line || error.column != column) {
    return "error position should be " + std::to_string(line) + ":" + std::to_string(column) +
           ": " + describe(error);
  }
  if (std::string_view(error.what()).empty()) return "error without a message";
  return "";
}

inline std::string compare(const Outcome& whole, const Outcome& chunked, std::size_t chunk) {
  const std::string how = "chunks of " + std::to_string(chunk) + ": ";
  if (whole.error.has_value() != chunked.error.has_value()) {
    return how + (whole.error ? "no error, whole gives " + describe(*whole.error)
                              : "error " + describe(*chunked.error) + ", whole gives none");
  }
  if (whole.error) {
    if (describe(*whole.error) != describe(*chunked.error)) {
      return how + "error " + describe(*chunked.error) + ", whole gives " + describe(*whole.error);
    }
    // Before an error, how many items were emitted may differ (a NUL byte
    // fails a whole split before any item, chunks only at the buffer holding
    // it), but not what they are.
  } else if (whole.items.size() != chunked.items.size()) {
    return how + std::to_string(chunked.items.size()) + " items, whole gives " +
           std::to_string(whole.items.size());
  }
  for (std::size_t i = 0; i < std::min(whole.items.size(), chunked.items.size()); ++i) {
    const std::string a = describe(whole.items[i]);
    const std::string b = describe(chunked.items[i]);
    if (a != b) return how + "item " + std::to_string(i) + " is " + b + ", whole gives " + a;
  }
  // (After an error, as with items, only the comments both report must agree.)
  if (!whole.error && whole.comments.size() != chunked.comments.size()) {
    return how + std::to_string(chunked.comments.size()) + " comments, whole gives " +
           std::to_string(whole.comments.size());
  }
  for (std::size_t i = 0; i < std::min(whole.comments.size(), chunked.comments.size()); ++i) {
    if (whole.comments[i] != chunked.comments[i]) {
      return how + "comment " + std::to_string(i) + " at " + std::to_string(chunked.comments[i].first) +
             ", whole gives " + std::to_string(whole.comments[i].first);
    }
  }
  return "";
}

// All the checks, with the given chunk sizes (each at least 1).
inline std::string check_split(std::string_view input, const std::vector<std::size_t>& chunks) {
  const Outcome whole = split_whole(input);
  std::string problem = check_items(input, whole.items, whole.error.has_value());
  if (!problem.empty()) return "whole: " + problem;
  problem = check_comments(input, whole);
  if (!problem.empty()) return "whole: " + problem;
  if (whole.error) {
    problem = check_error(input, *whole.error);
    if (!problem.empty()) return problem;
  }
  for (const std::size_t chunk : chunks) {
    problem = compare(whole, split_in_chunks(input, chunk), chunk);
    if (!problem.empty()) return problem;
  }
  // And once with ChunkSplitter's rescan guard on from 16 bytes.
  problem = compare(whole, split_in_chunks(input, 1, 16), 1);
  if (!problem.empty()) return "(rescan threshold 16) " + problem;
  return "";
}

}  // namespace split_check
