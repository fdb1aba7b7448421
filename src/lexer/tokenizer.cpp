#include "lexer/tokenizer.hpp"

#include <algorithm>
#include <optional>

#include "split/grammar.hpp"

namespace pgapply::lexer {

namespace {

namespace g = split::grammar;
namespace pegtl = tao::pegtl;

// Token rules: the splitter's own rules for what quotes and comments, and
// finer ones for what the splitter lets pass as plain bytes.
namespace rules {
using namespace tao::pegtl;

struct digits : plus<ascii::digit> {};
struct exponent : seq<one<'e', 'E'>, opt<one<'+', '-'>>, digits> {};
struct number : sor<seq<digits, opt<one<'.'>, star<ascii::digit>>, opt<exponent>>,
                    seq<one<'.'>, digits, opt<exponent>>> {};
struct parameter : seq<one<'$'>, digits> {};
struct punctuation : sor<two<':'>, one<'(', ')', ',', ';', '[', ']', '.'>> {};
struct op_char : one<'~', '!', '@', '#', '^', '&', '|', '`', '?', '+', '-', '*', '/', '%', '<', '>', '='> {};
// An operator never runs into a comment: +-- is + then a comment.
struct op : plus<not_at<sor<two<'-'>, string<'/', '*'>>>, op_char> {};
struct skipped : sor<g::space_run, g::line_comment, g::block_comment> {};
struct token
    : sor<skipped, g::escape_string, g::word, number, g::standard_string, g::quoted_identifier,
          g::dollar_quoted, parameter, g::variable_literal, g::variable_identifier, g::variable,
          punctuation, op, g::other_byte> {};
// Stops (consuming nothing) once enough tokens are in.
struct enough {
  using rule_t = enough;
  using subs_t = empty_list;
  template <apply_mode, rewind_mode, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename State>
  [[nodiscard]] static bool match(ParseInput& /*in*/, State& state) {
    return state.tokens.size() >= state.limit;
  }
};
struct text : until<sor<eof, enough>, token> {};
}  // namespace rules

struct TokenizeState {
  std::string_view all;
  std::size_t limit = static_cast<std::size_t>(-1);
  std::vector<Token> tokens;
  std::string_view dollar_tag;  // used by the dollar-quote rule
  const char* opened_at = nullptr;

  void add(TokenKind kind, const char* begin, const char* end, std::string value) {
    Token token;
    token.kind = kind;
    token.text = {begin, static_cast<std::size_t>(end - begin)};
    token.offset = static_cast<std::size_t>(begin - all.data());
    token.value = std::move(value);
    tokens.push_back(std::move(token));
  }
};

// A name as PostgreSQL keeps it: longer ones are cut (a copy only then).
std::string as_name(std::string name) { return name.size() > max_name_bytes ? clip_name(name) : name; }

std::string fold_case(std::string_view word) {
  std::string out(word);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Removes the outer quotes and undoubles the inner ones.
std::string unquote(std::string_view quoted, char quote) {
  std::string out;
  for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
    out += quoted[i];
    if (quoted[i] == quote && quoted[i + 1] == quote) ++i;
  }
  return out;
}

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <TokenKind Kind>
struct adds_token {
  template <typename ActionInput>
  static void apply(const ActionInput& in, TokenizeState& state) {
    state.add(Kind, in.begin(), in.end(), in.string());
  }
};

template <> struct action<rules::number> : adds_token<TokenKind::number> {};
template <> struct action<rules::parameter> : adds_token<TokenKind::parameter> {};
template <> struct action<rules::punctuation> : adds_token<TokenKind::punctuation> {};
template <> struct action<rules::op> : adds_token<TokenKind::op> {};
template <> struct action<g::other_byte> : adds_token<TokenKind::other> {};
template <> struct action<g::variable> : adds_token<TokenKind::variable> {};
template <> struct action<g::variable_literal> : adds_token<TokenKind::variable> {};
template <> struct action<g::variable_identifier> : adds_token<TokenKind::variable> {};

template <>
struct action<g::word> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, TokenizeState& state) {
    state.add(TokenKind::word, in.begin(), in.end(), as_name(fold_case(in.string_view())));
  }
};

// `text` with its Unicode escapes (\XXXX, \+XXXXXX, \\) as UTF-8, as
// PostgreSQL reads a U&"..." name with the default escape; nullopt where
// one is malformed.
std::optional<std::string> unicode_unescaped(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '\\') {
      out += '\\';
      ++i;
      continue;
    }
    const bool wide = i + 1 < text.size() && text[i + 1] == '+';
    const std::size_t digits = wide ? 6 : 4;
    const std::size_t from = i + (wide ? 2 : 1);
    if (from + digits > text.size()) return std::nullopt;
    unsigned long code = 0;
    for (std::size_t k = from; k < from + digits; ++k) {
      const char c = text[k];
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
      if (digit < 0) return std::nullopt;
      code = code * 16 + static_cast<unsigned long>(digit);
    }
    if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return std::nullopt;  // (no surrogates)
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
    i = from + digits - 1;
  }
  return out;
}

template <>
struct action<g::quoted_identifier> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, TokenizeState& state) {
    std::string name = unquote(in.string_view(), '"');
    const char* begin = in.begin();
    // U&"d\0061t": the word U and the operator & just before it, and no UESCAPE after it (another escape character)
    const auto size = state.tokens.size();
    if (size >= 2 && state.tokens[size - 1].text == "&" && state.tokens[size - 2].is_word("u") &&
        state.tokens[size - 1].text.data() + 1 == begin &&
        state.tokens[size - 2].text.data() + 1 == state.tokens[size - 1].text.data()) {
      std::string_view after = state.all.substr(static_cast<std::size_t>(in.end() - state.all.data()));
      after.remove_prefix(std::min(after.size(), after.find_first_not_of(" \t\r\n")));
      const bool uescape = after.size() >= 7 && fold_case(after.substr(0, 7)) == "uescape";
      if (auto unescaped = uescape ? std::nullopt : unicode_unescaped(name)) {
        begin = state.tokens[size - 2].text.data();
        state.tokens.resize(size - 2);
        name = std::move(*unescaped);
      }
    }
    state.add(TokenKind::quoted_identifier, begin, in.end(), as_name(std::move(name)));
  }
};

template <>
struct action<g::standard_string> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, TokenizeState& state) {
    // A word prefix (B, X, N, U&) was a separate token: the value here is plain.
    state.add(TokenKind::string, in.begin(), in.end(), unquote(in.string_view(), '\''));
  }
};

template <>
struct action<g::escape_string> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, TokenizeState& state) {
    const std::string_view text = in.string_view();
    state.add(TokenKind::string, in.begin(), in.end(), std::string(text.substr(2, text.size() - 3)));
  }
};

template <>
struct action<g::dollar_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, TokenizeState& state) {
    state.dollar_tag = in.string_view();
  }
};

template <>
struct action<g::dollar_quoted> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, TokenizeState& state) {
    const std::string_view text = in.string_view();
    const std::size_t tag = state.dollar_tag.size();
    state.add(TokenKind::dollar_string, in.begin(), in.end(),
              std::string(text.substr(tag, text.size() - 2 * tag)));
  }
};

}  // namespace

std::string clip_name(std::string_view name, std::size_t bytes) {
  if (bytes >= name.size()) return std::string(name);
  while (bytes > 0 && (static_cast<unsigned char>(name[bytes]) & 0xC0) == 0x80) --bytes;
  return std::string(name.substr(0, bytes));
}

std::vector<Token> tokenize(std::string_view text, std::size_t limit) {
  TokenizeState state;
  state.all = text;
  state.limit = limit;
  pegtl::memory_input<pegtl::tracking_mode::lazy> in(text.data(), text.data() + text.size(), "");
  try {
    pegtl::parse<rules::text, action>(in, state);
  } catch (const pegtl::parse_error&) {
    // Unterminated quote or comment: the tokens before it are all there is.
  }
  return std::move(state.tokens);
}

bool contains_ignoring_case(std::string_view text, std::string_view lower) {
  return std::search(text.begin(), text.end(), lower.begin(), lower.end(), [](char a, char b) {
           return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
         }) != text.end();
}

}  // namespace pgapply::lexer
