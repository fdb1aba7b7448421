#include "ddl/volatility.hpp"

#include <algorithm>
#include <array>

#include "ddl/builtin_volatility.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

namespace {

// Read before the generated lists, so each entry must match pg_proc's
// provolatile 'v' (txid_current() and pg_current_xact_id() are STABLE: one
// value per transaction).
bool is_volatile(std::string_view name) {
  static constexpr std::array<std::string_view, 14> names = {
      "clock_timestamp", "gen_random_bytes", "gen_random_uuid", "nextval",
      "random", "random_normal", "setval", "timeofday", "uuid_generate_v1",
      "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7", "gen_salt"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Immutable and stable functions common in defaults.
bool is_not_volatile(std::string_view name) {
  static constexpr std::array<std::string_view, 58> names = {
      "abs", "age", "array_fill", "btrim", "ceil", "ceiling", "char_length", "coalesce", "concat",
      "concat_ws", "current_database", "current_schema", "current_setting", "date_part",
      "date_trunc", "extract", "floor", "format", "greatest", "inet_client_addr", "json_build_array",
      "json_build_object", "jsonb_build_array", "jsonb_build_object", "least", "left", "length",
      "localtimestamp", "lower", "lpad", "ltrim", "make_date", "make_interval", "make_time",
      "make_timestamp", "make_timestamptz", "md5", "now", "nullif", "overlay", "position",
      "replace", "right", "round", "rpad", "rtrim", "statement_timestamp", "substr", "substring",
      "to_char", "to_date", "to_json", "to_jsonb", "to_timestamp", "transaction_timestamp", "trim",
      "trunc", "upper"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Words followed by '(' that are syntax, not function calls.
bool is_syntax_word(std::string_view word) {
  return word == "cast" || word == "array" || word == "row" || word == "in" || word == "and" ||
         word == "or" || word == "not" || word == "exists" || word == "any" || word == "all" ||
         word == "current_timestamp" || word == "current_time" || word == "localtime" ||
         word == "localtimestamp" || word == "interval" || word == "numeric" || word == "varchar" ||
         word == "char" || word == "character" || word == "decimal" || word == "timestamp" ||
         word == "time" || word == "float" || word == "bit" || word == "values" || word == "then" ||
         word == "else" || word == "when" || word == "case";
}

}  // namespace

VolatilityVerdict volatility_of(std::string_view expression, const KnownVolatility& known) {
  VolatilityVerdict out;
  const auto tokens = lexer::tokenize(expression);
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!tokens[i].is_name() || !tokens[i + 1].is_punct("(")) continue;
    // a type's typmod after '::' (x::numeric(5,2)) is no call
    if (i > 0 && tokens[i - 1].is_punct("::")) continue;
    const std::string& name = tokens[i].value;
    if (tokens[i].kind == lexer::TokenKind::word && is_syntax_word(name)) continue;
    if (is_volatile(name)) return {Volatility::volatile_, name};
    if (is_not_volatile(name)) continue;
    // A function the migrations made (perhaps of a built-in's name), then PostgreSQL's own.
    std::optional<Volatility> declared = known ? known(name) : std::nullopt;
    if (!declared) declared = builtin_volatility(name);
    if (declared == Volatility::volatile_) return {Volatility::volatile_, name};
    if (!declared && out.volatility == Volatility::immutable_or_stable) out = {Volatility::unknown, name};
  }
  return out;
}

}  // namespace pgapply::ddl
