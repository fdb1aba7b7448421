#include "split/splitter.hpp"

#include <cstring>
#include <string>

#include "split/grammar.hpp"
#include "split/psql_meta.hpp"
#include "split/statement_tracker.hpp"

namespace pgapply::split {

std::string_view to_string(ItemKind kind) {
  switch (kind) {
    case ItemKind::sql: return "sql";
    case ItemKind::meta: return "meta";
    case ItemKind::copy_data: return "copy_data";
  }
  return "?";
}

namespace {

namespace g = grammar;
namespace pegtl = tao::pegtl;

// Everything the grammar's actions share while one buffer is split.
struct ScanState {
  ScanState(std::string_view text, bool is_last, ItemSink& item_sink, LineCounter& line_counter,
            std::size_t& comments_reported)
      : text_begin(text.data()), text_end(text.data() + text.size()),
        base_offset(line_counter.position().offset), last(is_last), sink(item_sink), lines(line_counter),
        comments_seen(comments_reported), counted(text.data()), boundary(text.data()) {}

  const char* text_begin;
  const char* text_end;
  std::size_t base_offset;  // absolute offset of text_begin
  bool last;                // nothing follows this buffer
  ItemSink& sink;
  LineCounter& lines;
  std::size_t& comments_seen;  // absolute end of the last line comment reported
  const char* counted;   // where `lines` is, within this buffer
  const char* boundary;  // end of the last item emitted: all before it is done

  // The statement being split.
  const char* statement_start = nullptr;  // its first token, or none yet
  const char* last_token_end = nullptr;
  StatementTracker tracker;
  std::vector<Substitution> substitutions;
  bool copy_pending = false;  // a COPY ... FROM STDIN just ended: its data is next
  LineCounter::Position last_statement;  // where the last statement emitted starts

  // What the innermost unterminated thing is, for error messages.
  const char* opened_at = nullptr;
  std::string_view dollar_tag;
  LineCounter::Position copy_statement;  // the COPY whose data is being read

  // COPY data seen so far.
  const char* copy_data_begin = nullptr;
  const char* copy_data_end = nullptr;

  std::size_t offset_of(const char* p) const {
    return base_offset + static_cast<std::size_t>(p - text_begin);
  }

  void mark_token(const char* begin, const char* end) {
    if (statement_start == nullptr) statement_start = begin;
    last_token_end = end;
  }

  void advance_lines_to(const char* p) {
    lines.advance({counted, static_cast<std::size_t>(p - counted)});
    counted = p;
  }

  void emit(Item& item, const char* begin, const char* end) {
    advance_lines_to(begin);
    const auto& at = lines.position();
    item.start = offset_of(begin);
    item.end = offset_of(end);
    item.line = at.line;
    item.column = at.column;
    sink.on_item(item, {begin, static_cast<std::size_t>(end - begin)});
    boundary = end;
  }

  // Ends the statement in progress, if any, at `end`.
  // `sent`: a meta-command that sends the query buffer (\g) ends it.
  void end_statement(const char* end, bool terminated, bool sent = false) {
    if (statement_start != nullptr) {
      Item item;
      item.kind = ItemKind::sql;
      item.terminated = terminated;
      item.copy_from_stdin = (terminated || sent) && tracker.copy_from_stdin();
      item.substitutions = std::move(substitutions);
      for (auto& substitution : item.substitutions) {
        substitution.start += base_offset;
        substitution.end += base_offset;
      }
      copy_pending = terminated && item.copy_from_stdin;  // (\g: after the meta item)
      emit(item, statement_start, end);
      last_statement = lines.position();
    } else {
      boundary = end;
    }
    statement_start = nullptr;
    last_token_end = nullptr;
    tracker.reset();
    substitutions.clear();
  }

  // Substitution offsets are kept relative to the buffer until the statement
  // is emitted.
  void add_substitution(Substitution::Kind kind, const char* begin, const char* end) {
    substitutions.push_back({kind, static_cast<std::size_t>(begin - text_begin),
                             static_cast<std::size_t>(end - text_begin)});
  }

  [[noreturn]] void fail(const std::string& message, const LineCounter::Position& at,
                         bool unterminated) const {
    throw SplitError(message, at.offset, at.line, at.column, unterminated);
  }

  [[noreturn]] void fail(const std::string& message, const char* at, bool unterminated) const {
    fail(message, lines.peek({counted, static_cast<std::size_t>(at - counted)}), unterminated);
  }
};

// ---------------------------------------------------------------------------
// Actions.

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

struct marks_token {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ScanState& state) {
    state.mark_token(in.begin(), in.end());
    state.tracker.on_token();
  }
};

template <> struct action<g::plain_run> : marks_token {};
template <> struct action<g::standard_string> : marks_token {};
template <> struct action<g::escape_string> : marks_token {};
template <> struct action<g::quoted_identifier> : marks_token {};
template <> struct action<g::dollar_quoted> : marks_token {};
template <> struct action<g::typecast> : marks_token {};
template <> struct action<g::other_byte> : marks_token {};

template <>
struct action<g::word> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ScanState& state) {
    state.mark_token(in.begin(), in.end());
    state.tracker.on_word(in.string_view());
  }
};

template <>
struct action<g::semicolon> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ScanState& state) {
    if (state.tracker.semicolon_ends_statement()) {
      state.end_statement(in.end(), true);
    } else {
      state.mark_token(in.begin(), in.end());
      state.tracker.on_inner_semicolon();
    }
  }
};

template <>
struct action<g::open_paren> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ScanState& state) {
    state.mark_token(in.begin(), in.end());
    state.tracker.on_open_paren();
  }
};

template <>
struct action<g::close_paren> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ScanState& state) {
    state.mark_token(in.begin(), in.end());
    state.tracker.on_close_paren();
  }
};

template <Substitution::Kind Kind>
struct marks_substitution {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ScanState& state) {
    state.mark_token(in.begin(), in.end());
    state.add_substitution(Kind, in.begin(), in.end());
    if (Kind == Substitution::Kind::escaped_char && in.begin()[1] == ';') {
      state.tracker.on_escaped_semicolon();
    } else {
      state.tracker.on_token();
    }
  }
};

template <> struct action<g::escaped_char> : marks_substitution<Substitution::Kind::escaped_char> {};
template <> struct action<g::variable> : marks_substitution<Substitution::Kind::variable> {};
template <>
struct action<g::variable_literal> : marks_substitution<Substitution::Kind::variable_literal> {};
template <>
struct action<g::variable_identifier>
    : marks_substitution<Substitution::Kind::variable_identifier> {};
template <>
struct action<g::variable_test> : marks_substitution<Substitution::Kind::variable_test> {};

// A meta-command ends the statement in progress (psql sends or keeps its
// query buffer; either way the statement text ends here) and its own line.
template <>
struct action<g::meta_command> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ScanState& state) {
    const char* end = in.end();
    if (end != in.begin() && end[-1] == '\r') --end;
    const std::string_view meta{in.begin(), static_cast<std::size_t>(end - in.begin())};
    const bool sends = sends_query_buffer(meta);
    const bool sends_copy =
        sends && state.statement_start != nullptr && state.tracker.copy_from_stdin();
    state.end_statement(state.last_token_end, false, sends);
    Item item;
    item.kind = ItemKind::meta;
    item.copy_from_stdin = is_slash_copy_from_stdin(meta);
    state.emit(item, in.begin(), end);
    if (item.copy_from_stdin) {
      state.copy_pending = true;
      state.last_statement = state.lines.position();  // where the data's error would point
    } else if (sends_copy) {
      state.copy_pending = true;  // last_statement is the COPY's
    }
  }
};

// Line comments go to the sink once each: the grammar may match one twice
// (quote_continue looks past comments for a continued string, then gives up
// and the comment is matched again), and text carried over to the next
// buffer is split again.
template <>
struct action<g::line_comment> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ScanState& state) {
    const std::size_t start = state.offset_of(in.begin());
    if (start < state.comments_seen) return;
    state.comments_seen = state.offset_of(in.end());
    state.sink.on_line_comment(start, state.comments_seen);
  }
};

struct marks_opening {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ScanState& state) {
    state.opened_at = in.begin();
  }
};

template <> struct action<g::open_quote> : marks_opening {};
template <> struct action<g::escape_open> : marks_opening {};
template <> struct action<g::open_double_quote> : marks_opening {};
template <> struct action<g::comment_open> : marks_opening {};

template <>
struct action<g::dollar_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ScanState& state) {
    state.opened_at = in.begin();
    state.dollar_tag = in.string_view();
  }
};

template <>
struct action<g::copy_line_rest> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ScanState& state) {
    // psql reads the data from the line after the COPY, then goes on with the
    // rest of the COPY's line: a /* comment there that spans lines would
    // swallow the data's end. Refuse it rather than guess.
    const std::string_view rest = in.string_view();
    const std::size_t first_newline = rest.find('\n');
    if (first_newline != rest.size() - 1) {
      // The comment holding that newline: the last one opened at depth 0 before it.
      std::size_t opened = 0;
      std::size_t depth = 0;
      for (std::size_t i = 0; i + 1 < first_newline; ++i) {
        if (rest[i] == '/' && rest[i + 1] == '*') {
          if (depth++ == 0) opened = i;
          ++i;
        } else if (depth > 0 && rest[i] == '*' && rest[i + 1] == '/') {
          --depth;
          ++i;
        }
      }
      state.fail("a /* comment after COPY ... FROM STDIN must end on its line (the data starts "
                 "on the next line)",
                 in.begin() + opened, false);
    }
    state.copy_data_begin = in.end();
  }
};

template <>
struct action<g::copy_data_lines> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ScanState& state) {
    state.copy_data_end = in.end();
  }
};

// ---------------------------------------------------------------------------
// Errors: where a must<> fails, name what is unterminated and where it opened.

template <typename Rule>
struct control : pegtl::normal<Rule> {
  template <typename ParseInput>
  [[noreturn]] static void raise(const ParseInput& in, ScanState& state) {
    if constexpr (std::is_same_v<Rule, g::string_rest>) {
      state.fail("unterminated quoted string", state.opened_at, true);
    } else if constexpr (std::is_same_v<Rule, g::escape_string_rest>) {
      state.fail("unterminated quoted string (E'' escape string)", state.opened_at, true);
    } else if constexpr (std::is_same_v<Rule, g::identifier_rest>) {
      state.fail("unterminated quoted identifier", state.opened_at, true);
    } else if constexpr (std::is_same_v<Rule, g::comment_rest>) {
      state.fail("unterminated /* comment", state.opened_at, true);
    } else if constexpr (std::is_same_v<Rule, g::dollar_rest>) {
      state.fail("unterminated dollar-quoted string: no closing " + std::string(state.dollar_tag),
                 state.opened_at, true);
    } else if constexpr (std::is_same_v<Rule, g::copy_line_end>) {
      if (in.empty()) {
        state.fail("unterminated COPY data: the file ends before a line holding only \\.",
                   state.copy_statement, true);
      }
      state.fail("text after COPY ... FROM STDIN on the same line (its data must start on the "
                 "next line)",
                 in.current(), false);
    } else if constexpr (std::is_same_v<Rule, g::copy_end_marker>) {
      state.fail("unterminated COPY data: the file ends before a line holding only \\.",
                 state.copy_statement, true);
    } else {
      state.fail("cannot split here", in.current(), false);
    }
  }
};

template <typename Rule>
bool parse_from(const char* begin, ScanState& state, const char*& stopped_at) {
  pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf> in(
      begin, state.text_end, "");
  const bool matched = pegtl::parse<Rule, action, control>(in, state);
  stopped_at = in.current();
  return matched;
}

}  // namespace

std::size_t ChunkSplitter::split(std::string_view buffer, bool last, ItemSink& sink) {
  if (!last && carried_ > rescan_threshold_ && buffer.size() < 2 * carried_) return 0;
  carried_ = 0;  // (if this throws, there is no next call)
  const std::size_t consumed = split_buffer(buffer, last, sink);
  carried_ = buffer.size() - consumed;
  return consumed;
}

std::size_t ChunkSplitter::split_buffer(std::string_view buffer, bool last, ItemSink& sink) {
  std::size_t begin = 0;
  if (!started_) {
    started_ = true;
    if (buffer.substr(0, 3) == "\xEF\xBB\xBF") {
      lines_.skip(3);
      begin = 3;
    }
  }
  // PostgreSQL cannot receive a NUL byte anywhere in a query, nor psql read
  // one. The lines before the NUL's are split first (as if more followed), so
  // that an error before it is the one reported, whole or in chunks alike.
  const std::size_t nul = buffer.find('\0', begin);
  if (nul == std::string_view::npos) return split_part(buffer, begin, last, sink);
  const std::size_t line_start = buffer.rfind('\n', nul);
  const std::size_t consumed =
      line_start == std::string_view::npos || line_start < begin
          ? begin
          : split_part(buffer.substr(0, line_start + 1), begin, false, sink);
  const auto at = lines_.peek(buffer.substr(consumed, nul - consumed));
  throw SplitError("NUL byte in input", at.offset, at.line, at.column, false);
}

std::size_t ChunkSplitter::split_part(std::string_view buffer, std::size_t begin, bool last,
                                      ItemSink& sink) {
  ScanState state(buffer, last, sink, lines_, comments_seen_);
  state.base_offset -= begin;  // lines_ is past the byte-order mark already
  const char* p = buffer.data() + begin;
  state.counted = p;
  state.boundary = p;
  state.copy_statement = copy_statement_;
  const char* consumed = nullptr;
  try {
    while (consumed == nullptr) {
      const char* stopped_at = nullptr;
      if (in_copy_data_) {
        state.copy_data_begin = copy_line_pending_ ? nullptr : p;
        if (copy_line_pending_) {
          parse_from<g::copy_block>(p, state, stopped_at);
        } else {
          parse_from<g::copy_data_rest>(p, state, stopped_at);
        }
        Item item;
        item.kind = ItemKind::copy_data;
        state.emit(item, state.copy_data_begin, state.copy_data_end);
        state.boundary = stopped_at;  // past the \. line
        in_copy_data_ = false;
        copy_line_pending_ = false;
        p = stopped_at;
        continue;
      }
      parse_from<g::sql_text>(p, state, stopped_at);
      if (state.copy_pending) {
        state.copy_pending = false;
        in_copy_data_ = true;
        copy_line_pending_ = true;
        copy_statement_ = state.copy_statement = state.last_statement;
        p = stopped_at;
      } else if (last) {
        state.end_statement(state.last_token_end, false);
        consumed = state.text_end;
      } else {
        // Stop before a statement that may go on in the next buffer; space
        // and comments after the last item need not be seen again.
        consumed = state.statement_start != nullptr ? state.boundary : state.text_end;
      }
    }
  } catch (const SplitError& error) {
    if (last || !error.unterminated) throw;
    // Not an error yet: what follows may complete it. Keep what is whole.
    if (in_copy_data_ && state.copy_data_begin != nullptr) {
      if (state.copy_data_end != state.copy_data_begin) {
        Item item;
        item.kind = ItemKind::copy_data;
        item.continues = true;
        state.emit(item, state.copy_data_begin, state.copy_data_end);
      }
      state.boundary = state.copy_data_end;
      copy_line_pending_ = false;
    }
    consumed = state.boundary;
  }
  state.advance_lines_to(consumed);
  return static_cast<std::size_t>(consumed - buffer.data());
}

void split(std::string_view text, ItemSink& sink) {
  ChunkSplitter splitter;
  splitter.split(text, true, sink);
}

std::vector<Item> split(std::string_view text) {
  struct Collector : ItemSink {
    std::vector<Item> items;
    void on_item(const Item& item, std::string_view) override { items.push_back(item); }
  } collector;
  split(text, collector);
  return std::move(collector.items);
}

}  // namespace pgapply::split
