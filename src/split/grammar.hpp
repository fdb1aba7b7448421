#pragma once

// The lexical grammar of a psql script, as PEGTL rules.
//
// It follows PostgreSQL's own scanner (src/backend/parser/scan.l) for what the
// server sees, and psql's (src/fe_utils/psqlscan.l) for what psql adds on top:
// backslash commands, :variables and COPY ... FROM STDIN data. The grammar only
// finds tokens; which semicolon ends a statement (parentheses, BEGIN ATOMIC
// bodies) is decided by the actions in splitter.cpp with a StatementTracker.
//
// Nothing here recurses on input nesting: nested /* */ comments and dollar
// quotes are matched by the two custom rules below, so hostile input cannot
// exhaust the stack.
//
// Where this deliberately differs from psql (tests/corpus compares the result
// with PostgreSQL's own parser, libpg_query, over the regression scripts):
//
// * standard_conforming_strings is taken to be on, its default since 9.1: a
//   backslash in '...' escapes nothing. psql lexes with the server's current
//   setting, so after SET standard_conforming_strings = off it reads '\''
//   as a quote; a pure splitter cannot follow the server's settings.
// * A meta-command runs to the end of its line and always ends the statement
//   before it. psql ends a command's arguments at an unquoted backslash
//   (`\echo a \\ select 1;` is a command and a statement), and keeps an
//   unterminated statement in its buffer across commands that do not send it
//   (select 1 <newline> \echo x <newline> + 1; is one query "select 1 + 1;").
// * A BEGIN ATOMIC body ends where the server's grammar ends it (see
//   statement_tracker.hpp), not where psql's BEGIN/CASE/END counting does.
// * COPY ... FROM STDIN is always followed by data: psql reads none when the
//   server refuses the COPY, which a splitter cannot know; text after the
//   COPY's ';' on its line is an error (psql runs it after the data); the end
//   of the file before the \. line is an error (psql ends the data there).
// * A UTF-8 byte-order mark at the start is skipped (psql sends it).
// * 1E'...' is read as 1 then E'...' as in PostgreSQL 15 (16 and later reject
//   "1E" as trailing junk after a number); \v is whitespace as in 16 and later.

#include <array>
#include <cstring>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace pgapply::split::grammar {

using namespace tao::pegtl;

// ---------------------------------------------------------------------------
// Byte classes, as 256-entry tables: one load per byte on the hot paths.

template <typename Predicate>
constexpr std::array<bool, 256> make_byte_table(Predicate predicate) {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = predicate(static_cast<unsigned char>(c));
  return table;
}

constexpr bool is_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
// scan.l: ident_start [A-Za-z\200-\377_], ident_cont [A-Za-z\200-\377_0-9\$]
constexpr bool is_ident_start(unsigned char c) { return is_letter(c) || c == '_' || c >= 0x80; }
constexpr bool is_ident_cont(unsigned char c) { return is_ident_start(c) || is_digit(c) || c == '$'; }
// scan.l: dolq_cont [A-Za-z\200-\377_0-9] (no '$', which ends the tag)
constexpr bool is_tag_cont(unsigned char c) { return is_ident_start(c) || is_digit(c); }

struct space_class {
  static constexpr auto table = make_byte_table(is_space);
};
struct ident_cont_class {
  static constexpr auto table = make_byte_table(is_ident_cont);
};
struct tag_cont_class {
  static constexpr auto table = make_byte_table(is_tag_cont);
};
// psqlscan.l: variable_char [A-Za-z\200-\377_0-9]
struct variable_class {
  static constexpr auto table = make_byte_table(is_tag_cont);
};
// Bytes that can neither start nor end anything: digits, most operators and
// punctuation. Letters are excluded because a word must be read whole (`foo$bar$`
// is one identifier, `E'` starts an escape string); '-' and '/' because they may
// open a comment; the rest because they quote, nest, end or escape.
struct plain_class {
  static constexpr auto table = make_byte_table([](unsigned char c) {
    return !(is_space(c) || is_ident_start(c) || c == '\0' || c == '\'' || c == '"' ||
             c == '$' || c == '-' || c == '/' || c == ';' || c == '(' || c == ')' ||
             c == '\\' || c == ':');
  });
};
struct not_quote_or_backslash_class {
  static constexpr auto table =
      make_byte_table([](unsigned char c) { return c != '\'' && c != '\\'; });
};
struct not_newline_class {
  static constexpr auto table = make_byte_table([](unsigned char c) { return c != '\n' && c != '\r'; });
};
struct not_line_feed_class {
  static constexpr auto table = make_byte_table([](unsigned char c) { return c != '\n'; });
};

// One or more bytes of a class (a custom rule: `plus<ranges<...>>` costs a
// handful of comparisons per byte where this costs one table load).
template <typename Class>
struct byte_run {
  using rule_t = byte_run;
  using subs_t = empty_list;

  template <typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in) {
    const char* p = in.current();
    const char* end = in.end();
    const auto in_class = [](const char* q) { return Class::table[static_cast<unsigned char>(*q)]; };
    while (p != end && in_class(p)) ++p;
    if (p == in.current()) return false;
    in.bump_in_this_line(static_cast<std::size_t>(p - in.current()));
    return true;
  }
};

// One or more bytes up to the next `Stop` byte or the end of the input, found
// with memchr: for the bodies of quoted strings and identifiers, which can be
// long and hold one kind of special byte.
template <char Stop>
struct bytes_until {
  using rule_t = bytes_until;
  using subs_t = empty_list;

  template <typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in) {
    const auto size = static_cast<std::size_t>(in.end() - in.current());
    const void* found = std::memchr(in.current(), Stop, size);
    const std::size_t length =
        found == nullptr ? size : static_cast<std::size_t>(static_cast<const char*>(found) - in.current());
    if (length == 0) return false;
    in.bump(length);
    return true;
  }
};

// ---------------------------------------------------------------------------
// Whitespace and comments (scan.l: whitespace, comment, xc).

struct space_run : byte_run<space_class> {};
struct line_comment : seq<two<'-'>, opt<byte_run<not_newline_class>>> {};

struct comment_open : string<'/', '*'> {};
// The rest of a /* comment: comments nest to any depth (scan.l: xc state).
struct comment_rest {
  using rule_t = comment_rest;
  using subs_t = empty_list;

  template <typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in) {
    std::size_t depth = 1;
    const char* p = in.current();
    const char* end = in.end();
    while (p != end) {
      if (*p == '*' && p + 1 != end && p[1] == '/') {
        p += 2;
        if (--depth == 0) {
          in.bump(static_cast<std::size_t>(p - in.current()));
          return true;
        }
      } else if (*p == '/' && p + 1 != end && p[1] == '*') {
        p += 2;
        ++depth;
      } else {
        ++p;
      }
    }
    return false;
  }
};
struct block_comment : seq<comment_open, must<comment_rest>> {};

// ---------------------------------------------------------------------------
// String literals (scan.l: xq, xe, xb, xh, xn, xus).
//
// B'..', X'..', N'..' and U&'..' need no rules of their own: for splitting they
// are a word followed by a standard string, which is exactly how they end.
// Only E'..' differs, because backslash escapes a quote in it.

struct open_quote : one<'\''> {};
struct close_quote : one<'\''> {};
struct standard_body : star<sor<bytes_until<'\''>, two<'\''>>> {};
struct escape_body
    : star<sor<byte_run<not_quote_or_backslash_class>, seq<one<'\\'>, any>, two<'\''>>> {};

// scan.l's quotecontinue: a literal continues after its closing quote when the
// next quote follows whitespace holding a newline (with -- comments allowed),
// and continues in the SAME mode: E'a'<newline>'b\'' is one escape string.
// (\v is whitespace since PostgreSQL 16: scan.l's non_newline_space [ \t\f\v].)
struct horiz_space : one<' ', '\t', '\f', '\v'> {};
struct newline : one<'\n', '\r'> {};
struct quote_continue
    : seq<star<sor<horiz_space, line_comment>>, newline,
          star<sor<space_run, seq<line_comment, newline>>>, open_quote> {};

struct string_rest : seq<standard_body, close_quote> {};
struct escape_string_rest : seq<escape_body, close_quote> {};

struct standard_string
    : seq<open_quote, must<string_rest>, star<quote_continue, must<string_rest>>> {};
struct escape_open : seq<one<'E', 'e'>, one<'\''>> {};
struct escape_string
    : seq<escape_open, must<escape_string_rest>, star<quote_continue, must<escape_string_rest>>> {};

// "quoted identifiers" and U&"..." (the U& is a word before it, as above).
struct open_double_quote : one<'"'> {};
struct identifier_rest : seq<star<sor<bytes_until<'"'>, two<'"'>>>, one<'"'>> {};
struct quoted_identifier : seq<open_double_quote, must<identifier_rest>> {};

// ---------------------------------------------------------------------------
// Dollar quotes (scan.l: dolqdelim, xdolq). $1 is a parameter, not a quote: a
// tag starts with a letter, '_' or a byte >= 0x80.

struct tag_start : ranges<'a', 'z', 'A', 'Z', '_', '_', '\x80', '\xff'> {};
struct dollar_open : seq<one<'$'>, opt<tag_start, opt<byte_run<tag_cont_class>>>, one<'$'>> {};

// The body and the closing delimiter, which must repeat the opening one
// exactly (case-sensitive). The opening delimiter is in the scan state.
struct dollar_rest {
  using rule_t = dollar_rest;
  using subs_t = empty_list;

  template <apply_mode, rewind_mode, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename State>
  [[nodiscard]] static bool match(ParseInput& in, State& state) {
    const std::string_view tag = state.dollar_tag;  // "$tag$", opened just before
    const char* p = in.current();
    const char* end = in.end();
    while (true) {
      p = static_cast<const char*>(std::memchr(p, '$', static_cast<std::size_t>(end - p)));
      if (p == nullptr) return false;
      if (static_cast<std::size_t>(end - p) >= tag.size() &&
          std::memcmp(p, tag.data(), tag.size()) == 0) {
        in.bump(static_cast<std::size_t>(p - in.current()) + tag.size());
        return true;
      }
      ++p;
    }
  }
};
struct dollar_quoted : seq<dollar_open, must<dollar_rest>> {};

// ---------------------------------------------------------------------------
// Words, punctuation and psql's additions.

struct word : seq<tag_start, opt<byte_run<ident_cont_class>>> {};
struct plain_run : byte_run<plain_class> {};
struct semicolon : one<';'> {};
struct open_paren : one<'('> {};
struct close_paren : one<')'> {};

// psqlscan.l: "\\"[;:] sends the character itself and \; does not end the query.
struct escaped_char : seq<one<'\\'>, one<';', ':'>> {};
// Any other backslash starts a meta-command that runs to the end of its line.
// psql reads its input in lines ending with '\n' (a '\r' before it is not part
// of the command: the action leaves it out).
//
// Deliberately simpler than psql, whose meta-command arguments end at an
// unquoted backslash: there `\set a 1 \set b 2` is two commands and
// `\echo x \\ select 1;` a command and a statement. Here the whole line is
// one meta item, for whoever runs it to interpret.
struct meta_command : seq<one<'\\'>, opt<byte_run<not_line_feed_class>>> {};

// psqlscan.l: :name, :'name', :"name"; never :: (a cast) or := (an assignment).
struct typecast : two<':'> {};
struct variable_name : byte_run<variable_class> {};
struct variable : seq<one<':'>, variable_name> {};
struct variable_literal : seq<one<':'>, one<'\''>, variable_name, one<'\''>> {};
struct variable_identifier : seq<one<':'>, one<'"'>, variable_name, one<'"'>> {};
// psql 10+: :{?name} tests whether a variable is defined (TRUE or FALSE).
struct variable_test : seq<one<':'>, one<'{'>, one<'?'>, variable_name, one<'}'>> {};

// A byte that starts nothing here: a lone '-', '/', '$' or ':'. (NUL bytes
// never reach the grammar: the splitter rejects them first.)
struct other_byte : any {};

// One token, or whitespace, or a comment: the ordered choice
//
//   sor<space_run, escape_string, word, plain_run, standard_string, semicolon,
//       open_paren, close_paren, quoted_identifier, line_comment, block_comment,
//       dollar_quoted, escaped_char, meta_command, typecast, variable_literal,
//       variable_identifier, variable, variable_test, other_byte>
//
// (E' before a word, :: before a variable), except that it tries only the
// alternatives that can start with the next byte: one table load instead of
// failing through up to 19 alternatives for every token. It calls them
// through Control like sor does, so their actions and errors are the same.
struct element {
  using rule_t = element;
  using subs_t = type_list<space_run, escape_string, word, plain_run, standard_string, semicolon,
                           open_paren, close_paren, quoted_identifier, line_comment, block_comment,
                           dollar_quoted, escaped_char, meta_command, typecast, variable_literal,
                           variable_identifier, variable, variable_test, other_byte>;

  enum start : unsigned char {
    starts_other, starts_space, starts_e, starts_letter, starts_plain, starts_quote,
    starts_semicolon, starts_open, starts_close, starts_double_quote, starts_dash, starts_slash,
    starts_dollar, starts_backslash, starts_colon
  };
  static constexpr std::array<unsigned char, 256> starts = [] {
    std::array<unsigned char, 256> table{};
    for (int i = 0; i < 256; ++i) {
      const auto c = static_cast<unsigned char>(i);
      table[i] = is_space(c)               ? starts_space
                 : c == 'E' || c == 'e'    ? starts_e
                 : is_ident_start(c)       ? starts_letter
                 : plain_class::table[c]   ? starts_plain
                 : c == '\''              ? starts_quote
                 : c == ';'                ? starts_semicolon
                 : c == '('                ? starts_open
                 : c == ')'                ? starts_close
                 : c == '"'                ? starts_double_quote
                 : c == '-'                ? starts_dash
                 : c == '/'                ? starts_slash
                 : c == '$'                ? starts_dollar
                 : c == '\\'               ? starts_backslash
                 : c == ':'                ? starts_colon
                                           : starts_other;
    }
    return table;
  }();

  template <apply_mode A, rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  [[nodiscard]] static bool match(ParseInput& in, States&... st) {
    if (in.empty()) return false;
    // An alternative followed by others must rewind when it fails; the last need not.
    auto first = [&](auto rule) {
      return Control<decltype(rule)>::template match<A, rewind_mode::required, Action, Control>(in, st...);
    };
    auto last = [&](auto rule) {
      return Control<decltype(rule)>::template match<A, M, Action, Control>(in, st...);
    };
    switch (starts[static_cast<unsigned char>(*in.current())]) {
      case starts_space: return last(space_run{});
      case starts_e: return first(escape_string{}) || last(word{});
      case starts_letter: return last(word{});
      case starts_plain: return last(plain_run{});
      case starts_quote: return last(standard_string{});
      case starts_semicolon: return last(semicolon{});
      case starts_open: return last(open_paren{});
      case starts_close: return last(close_paren{});
      case starts_double_quote: return last(quoted_identifier{});
      case starts_dash: return first(line_comment{}) || last(other_byte{});
      case starts_slash: return first(block_comment{}) || last(other_byte{});
      case starts_dollar: return first(dollar_quoted{}) || last(other_byte{});
      case starts_backslash: return first(escaped_char{}) || last(meta_command{});
      case starts_colon:
        return first(typecast{}) || first(variable_literal{}) || first(variable_identifier{}) ||
               first(variable{}) || first(variable_test{}) || last(other_byte{});
      default: return last(other_byte{});
    }
  }
};

// Matches (consuming nothing) at the end of the input, or once a COPY ... FROM
// STDIN has ended, so that the splitter can read its data with copy_block:
// sor<eof, ...> in one test, as it is tried before every element.
struct sql_text_end {
  using rule_t = sql_text_end;
  using subs_t = empty_list;

  template <apply_mode, rewind_mode, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename State>
  [[nodiscard]] static bool match(ParseInput& in, State& state) {
    return in.empty() || state.copy_pending;
  }
};

// SQL text up to the end of the input, or up to the data of a COPY FROM STDIN.
struct sql_text : until<sql_text_end, element> {};

// ---------------------------------------------------------------------------
// COPY ... FROM STDIN data: lines up to one that is exactly \. (psql's rule).

struct copy_line_end : one<'\n'> {};
// After the COPY's semicolon only a comment may share its line.
struct copy_line_rest
    : seq<star<sor<one<' ', '\t', '\f', '\v', '\r'>, block_comment>>, opt<line_comment>,
          opt<one<'\r'>>, must<copy_line_end>> {};

// The rest of a line including its '\n'.
struct line_tail {
  using rule_t = line_tail;
  using subs_t = empty_list;

  template <typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in) {
    const auto size = static_cast<std::size_t>(in.end() - in.current());
    const void* newline = std::memchr(in.current(), '\n', size);
    if (newline == nullptr) return false;
    in.bump(static_cast<std::size_t>(static_cast<const char*>(newline) - in.current()) + 1);
    return true;
  }
};
struct copy_end_marker : seq<one<'\\'>, one<'.'>, opt<one<'\r'>>, sor<one<'\n'>, eof>> {};
struct copy_data_line : seq<not_at<copy_end_marker>, line_tail> {};
struct copy_data_lines : star<copy_data_line> {};
struct copy_data_rest : seq<copy_data_lines, must<copy_end_marker>> {};
struct copy_block : seq<copy_line_rest, copy_data_rest> {};

}  // namespace pgapply::split::grammar

// The custom rules, described to PEGTL's grammar analysis (see analyze()).
namespace tao::pegtl {
template <typename Name, typename Class>
struct analyze_traits<Name, pgapply::split::grammar::byte_run<Class>> : analyze_any_traits<> {};
template <typename Name, char Stop>
struct analyze_traits<Name, pgapply::split::grammar::bytes_until<Stop>> : analyze_any_traits<> {};
template <typename Name>
struct analyze_traits<Name, pgapply::split::grammar::comment_rest> : analyze_any_traits<> {};
template <typename Name>
struct analyze_traits<Name, pgapply::split::grammar::dollar_rest> : analyze_any_traits<> {};
template <typename Name>
struct analyze_traits<Name, pgapply::split::grammar::line_tail> : analyze_any_traits<> {};
template <typename Name>
struct analyze_traits<Name, pgapply::split::grammar::sql_text_end> : analyze_opt_traits<> {};
// element is the ordered choice of its alternatives, as far as analysis goes.
template <typename Name, typename... Rules>
struct element_analyze_traits;
template <typename Name, typename... Rules>
struct element_analyze_traits<Name, type_list<Rules...>> : analyze_sor_traits<Rules...> {};
template <typename Name>
struct analyze_traits<Name, pgapply::split::grammar::element>
    : element_analyze_traits<Name, pgapply::split::grammar::element::subs_t> {};
}  // namespace tao::pegtl
