#include "settings/connect_settings.hpp"

#include "core/edit_distance.hpp"
#include "core/error.hpp"
#include "pg/conninfo.hpp"

namespace pgapply::settings {

namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// A quoted value: what the quotes hold, when only blanks or a # comment
// follow the closing one (VAR="value" # note); nullopt otherwise.
std::optional<std::string> quoted_value(std::string_view value) {
  const char quote = value.front();
  std::string out;
  for (std::size_t i = 1; i < value.size(); ++i) {
    if (value[i] == quote) {
      const std::string_view rest = trim(value.substr(i + 1));
      if (!rest.empty() && rest.front() != '#') return std::nullopt;
      return out;
    }
    // Double quotes take backslash escapes (\n a newline); single quotes none.
    // \$ stays for expanded() to read as a $ that names nothing.
    if (quote == '"' && value[i] == '\\' && i + 1 < value.size()) {
      const char next = value[++i];
      out += next == 'n' ? std::string(1, '\n') : next == '$' ? std::string("\\$") : std::string(1, next);
    } else {
      out += value[i];
    }
  }
  return std::nullopt;  // not closed
}

bool is_expanded_name_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

// As godotenv reads a .env file for dbmate and the Supabase CLI: in an
// unquoted or double-quoted value, $NAME and ${NAME} (NAME of capitals,
// digits and _) are the value of NAME earlier in the file, else in the
// environment, else empty; \$ is a $. Anything else after a $ stays as written.
std::string expanded(std::string_view value, const std::map<std::string, std::string>& earlier, const GetEnv& getenv) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size() && value[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (value[i] != '$') {
      out += value[i];
      continue;
    }
    const bool braced = i + 1 < value.size() && value[i + 1] == '{';
    const std::size_t name_begin = i + (braced ? 2 : 1);
    std::size_t name_end = name_begin;
    while (name_end < value.size() && is_expanded_name_char(value[name_end])) ++name_end;
    if (name_end == name_begin) {
      out += '$';
      continue;
    }
    const std::string name(value.substr(name_begin, name_end - name_begin));
    if (const auto found = earlier.find(name); found != earlier.end()) {
      out += found->second;
    } else if (getenv) {
      out += getenv(name).value_or("");
    }
    i = braced && name_end < value.size() && value[name_end] == '}' ? name_end : name_end - 1;
  }
  return out;
}

std::string unquote_value(std::string_view value, const std::map<std::string, std::string>& earlier,
                          const GetEnv& getenv) {
  value = trim(value);
  if (!value.empty() && (value.front() == '\'' || value.front() == '"')) {
    if (auto quoted = quoted_value(value)) {
      return value.front() == '"' ? expanded(*quoted, earlier, getenv) : std::move(*quoted);
    }
  }
  // Unquoted: a # after whitespace starts a comment.
  const auto comment = value.find(" #");
  return expanded(trim(value.substr(0, comment)), earlier, getenv);
}

}  // namespace

std::map<std::string, std::string> parse_dotenv(std::string_view text, const GetEnv& getenv) {
  std::map<std::string, std::string> values;
  // a UTF-8 byte-order mark, as editors on Windows write it
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty() || line.front() == '#') continue;
    if (line.substr(0, 7) == "export ") line = trim(line.substr(7));
    const auto equals = line.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string key(trim(line.substr(0, equals)));
    if (!key.empty()) values[key] = unquote_value(line.substr(equals + 1), values, getenv);
  }
  return values;
}

namespace {

// The libpq variables that say which server or database to use: when any is
// set, the user chose a connection and a .env file must not override it.
std::optional<std::string> first_pg_variable_set(const GetEnv& getenv) {
  for (const char* name : {"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"}) {
    if (auto value = getenv(name); value && !value->empty()) return std::string(name);
  }
  return std::nullopt;
}

}  // namespace

void refuse_uri_without_scheme(const std::string& value, const std::string& setting) {
  if (!pg::looks_like_uri_without_scheme(value)) return;
  const std::string shown = pg::redact_password(value);
  throw Error(ErrorKind::usage, setting + " looks like a connection URI without its scheme (" + shown +
                                    "): write postgresql://" + shown);
}

std::vector<std::pair<std::string, std::string>> overriding(const ConnectOptions& options) {
  std::vector<std::pair<std::string, std::string>> given;
  for (const auto& [option, value] : {std::pair{"-h", &options.host}, std::pair{"-p", &options.port},
                                      std::pair{"-U", &options.user}}) {
    if (!value->empty()) given.emplace_back(option, *value);
  }
  return given;
}

std::string overriding_options(const ConnectOptions& options) {
  std::string overrides;
  for (const auto& [option, value] : overriding(options)) overrides += (overrides.empty() ? " and " : ", ") + option;
  return overrides;
}

namespace {

// "; .env has DATABSE_URL: did you mean DATABASE_URL?" where the .env file
// read has a key a typo away from DATABASE_URL (in any letter case), and
// none of that name; "" otherwise.
std::string misspelt_url_key(const ConnectOptions& options, const GetEnv& getenv,
                             const std::optional<std::string>& env_file_content) {
  if (!env_file_content) return "";
  for (const auto& [key, value] : parse_dotenv(*env_file_content, getenv)) {
    std::string upper;
    for (const char c : key) upper += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    if (key != "DATABASE_URL" && edit_distance(upper, "DATABASE_URL") <= 2) {
      return "; " + options.env_file + " has " + key + ": did you mean DATABASE_URL?";
    }
  }
  return "";
}

}  // namespace

ConnectTarget resolve_connect_target(const ConnectOptions& options, const GetEnv& getenv,
                                     const std::optional<std::string>& env_file_content) {
  ConnectTarget target;
  if (!options.dbname.empty()) {
    target.dbname = options.dbname;
    target.source = "-d/--dbname";
  } else if (auto url = getenv("DATABASE_URL"); url && !url->empty()) {
    target.dbname = *url;
    target.source = "DATABASE_URL (environment)";
  } else if (const auto set_by_user = first_pg_variable_set(getenv); set_by_user) {
    // The user's own PG* variables beat a .env file lying in the directory.
    target.source = "PG* environment variables (" + *set_by_user + " is set; .env not read)";
  } else if (env_file_content) {
    const auto values = parse_dotenv(*env_file_content, getenv);
    if (auto found = values.find("DATABASE_URL"); found != values.end() && !found->second.empty()) {
      target.dbname = found->second;
      target.source = "DATABASE_URL (" + options.env_file + ")";
      // A quote left open: the value as written, the quote included
      // (unquote_value); no URL starts with one.
      if (target.dbname.front() == '\'' || target.dbname.front() == '"') {
        throw Error(ErrorKind::usage, target.source + ": its value opens a quote (" + target.dbname.front() +
                                          ") that its line does not close, or text follows the closing quote; "
                                          "quote the value alone, or leave the quotes out");
      }
    }
  }
  if (target.source.empty()) {
    // (nothing names the database: the local socket, the OS user's name; what
    // libpq reads still counts, PGPASSWORD or PGSSLMODE...)
    target.source = "libpq's defaults (no -d, no DATABASE_URL in the environment or " + options.env_file +
                    ", no PGHOST, PGHOSTADDR, PGPORT, PGDATABASE, PGUSER or PGSERVICE" +
                    misspelt_url_key(options, getenv, env_file_content) + ")";
  }
  refuse_uri_without_scheme(target.dbname, target.source);
  if (!target.dbname.empty()) target.params.emplace_back("dbname", target.dbname);
  if (!options.host.empty()) target.params.emplace_back("host", options.host);
  if (!options.port.empty()) target.params.emplace_back("port", options.port);
  if (!options.user.empty()) target.params.emplace_back("user", options.user);
  if (options.password) target.params.emplace_back("password", *options.password);
  target.params.emplace_back("fallback_application_name", options.application_name);
  return target;
}

}  // namespace pgapply::settings
