#include "settings/connect_settings.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"

using namespace pgapply::settings;

namespace {

GetEnv env_of(std::map<std::string, std::string> values) {
  return [values](std::string_view name) -> std::optional<std::string> {
    auto found = values.find(std::string(name));
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

std::string param(const ConnectTarget& target, const std::string& key) {
  for (const auto& [k, v] : target.params) {
    if (k == key) return v;
  }
  return "<none>";
}

}  // namespace

TEST_CASE("-d beats DATABASE_URL beats .env beats PG* defaults") {
  ConnectOptions options;
  const std::string dotenv = "DATABASE_URL=postgresql://from-dotenv/db\n";
  options.dbname = "postgresql://from-option/db";
  auto target = resolve_connect_target(options, env_of({{"DATABASE_URL", "postgresql://from-env/db"}}), dotenv);
  CHECK(target.source == "-d/--dbname");
  CHECK(param(target, "dbname") == "postgresql://from-option/db");

  options.dbname.clear();
  target = resolve_connect_target(options, env_of({{"DATABASE_URL", "postgresql://from-env/db"}}), dotenv);
  CHECK(target.source == "DATABASE_URL (environment)");
  CHECK(param(target, "dbname") == "postgresql://from-env/db");

  target = resolve_connect_target(options, env_of({}), dotenv);
  CHECK(target.source == "DATABASE_URL (.env)");
  CHECK(param(target, "dbname") == "postgresql://from-dotenv/db");

  // A PG* variable the user set beats .env (PGDATABASE=x1 must not connect to .env's database).
  target = resolve_connect_target(options, env_of({{"PGDATABASE", "x1"}}), dotenv);
  CHECK(target.source == "PG* environment variables (PGDATABASE is set; .env not read)");
  CHECK(param(target, "dbname") == "<none>");
  for (const char* name : {"PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGSERVICE"}) {
    CHECK(resolve_connect_target(options, env_of({{name, "v"}}), dotenv).source.find(".env not read") !=
          std::string::npos);
  }
  // An empty one is as good as unset.
  CHECK(resolve_connect_target(options, env_of({{"PGHOST", ""}}), dotenv).source == "DATABASE_URL (.env)");

  target = resolve_connect_target(options, env_of({}), std::nullopt);
  CHECK(target.source == "libpq's defaults (no -d, no DATABASE_URL in the environment or .env, no PGHOST, "
                         "PGHOSTADDR, PGPORT, PGDATABASE, PGUSER or PGSERVICE)");
  CHECK(param(target, "dbname") == "<none>");
  // a .env key a typo away from DATABASE_URL is named
  for (const std::string key : {"DATABSE_URL", "database_url", "DATABASE_URI"}) {
    target = resolve_connect_target(options, env_of({}), key + "=postgresql://u@h/db\nAPP_KEY=x\n");
    INFO(key);
    CHECK(target.source.ends_with("PGUSER or PGSERVICE; .env has " + key + ": did you mean DATABASE_URL?)"));
  }
  CHECK(resolve_connect_target(options, env_of({}), std::string("APP_URL=x\n")).source.find("did you mean") ==
        std::string::npos);
}

TEST_CASE("-h, -p, -U and a prompted password come after dbname so they override it") {
  ConnectOptions options;
  options.dbname = "host=a port=1";
  options.host = std::string("b");
  options.port = std::string("2");
  options.user = std::string("u");
  options.password = "secret";
  const auto target = resolve_connect_target(options, env_of({}), std::nullopt);
  REQUIRE(target.params.size() == 6);
  CHECK(target.params[0].first == "dbname");
  CHECK(param(target, "host") == "b");
  CHECK(param(target, "port") == "2");
  CHECK(param(target, "user") == "u");
  CHECK(param(target, "password") == "secret");
  CHECK(param(target, "fallback_application_name") == "pgapply");
}

TEST_CASE(".env parsing") {
  const auto values = parse_dotenv(
      "# comment\n"
      "export DATABASE_URL=\"postgresql://u:p%40ss@h/db\"\n"
      "A = 'single # not comment'\r\n"
      "B=plain value # comment\n"
      "C=\"esc\\\"aped\\n\"\n"
      "not a line\n"
      "D=\"postgresql://h/db\" # where the app's data lives\n"
      "E='x'   \n"
      "EMPTY=\n");
  CHECK(values.at("DATABASE_URL") == "postgresql://u:p%40ss@h/db");
  CHECK(values.at("A") == "single # not comment");
  CHECK(values.at("B") == "plain value");
  CHECK(values.at("C") == "esc\"aped\n");
  CHECK(values.at("D") == "postgresql://h/db");  // a comment after the closing quote
  CHECK(values.at("E") == "x");
  CHECK(values.at("EMPTY").empty());
  CHECK(values.size() == 7);
}

TEST_CASE(".env: $NAME and ${NAME} expanded as dbmate's godotenv does, from keys above, then the environment") {
  const auto values = parse_dotenv("DB_USER=app\n"
                                   "DB_HOST=db.internal\n"
                                   "DATABASE_URL=\"postgresql://${DB_USER}:${DB_PASS}@$DB_HOST:${PORT}/app\"\n"
                                   "LITERAL='postgresql://${DB_USER}@h/db'\n"
                                   "ESCAPED=\"pa\\$$word\"\n"
                                   "PLAIN=u$DB_USER.x\n"
                                   "LOWER=$lower-${db_user}\n",
                                   env_of({{"DB_PASS", "s3cret"}, {"DB_USER", "from-env"}}));
  CHECK(values.at("DATABASE_URL") == "postgresql://app:s3cret@db.internal:/app");  // PORT: set nowhere, empty
  CHECK(values.at("LITERAL") == "postgresql://${DB_USER}@h/db");                    // single quotes: literal
  CHECK(values.at("ESCAPED") == "pa$$word");
  CHECK(values.at("PLAIN") == "uapp.x");
  CHECK(values.at("LOWER") == "$lower-${db_user}");  // godotenv expands capitals only
}

TEST_CASE(".env: a byte-order mark is no part of the first key, and a quote left open in DATABASE_URL is named") {
  CHECK(parse_dotenv("\xEF\xBB\xBF" "DATABASE_URL=postgresql://h/db\n").at("DATABASE_URL") == "postgresql://h/db");
  ConnectOptions options;
  try {
    resolve_connect_target(options, env_of({}), std::string("DATABASE_URL='postgresql://u:pw@h/db\n"));
    FAIL("not refused");
  } catch (const pgapply::Error& error) {
    CHECK(std::string(error.what()) == "DATABASE_URL (.env): its value opens a quote (') that its line does not "
                                       "close, or text follows the closing quote; quote the value alone, or leave "
                                       "the quotes out");
  }
  // another key's multi-line value (a key file's text) is no business of pgapply's
  const auto target = resolve_connect_target(
      options, env_of({}), std::string("KEY=\"-----BEGIN\nxyz\n-----END\"\nDATABASE_URL=postgresql://h/db\n"));
  CHECK(target.dbname == "postgresql://h/db");
}

TEST_CASE("a URI written without its scheme is refused, its password not shown") {
  ConnectOptions options;
  options.dbname = "app:hunter2X@db.example.com:5432/app";
  try {
    resolve_connect_target(options, env_of({}), std::nullopt);
    FAIL("not refused");
  } catch (const pgapply::Error& error) {
    CHECK(error.kind() == pgapply::ErrorKind::usage);
    CHECK(std::string(error.what()) ==
          "-d/--dbname looks like a connection URI without its scheme (app:***@db.example.com:5432/app): write "
          "postgresql://app:***@db.example.com:5432/app");
  }
  options.dbname.clear();
  CHECK_THROWS_AS(resolve_connect_target(options, env_of({{"DATABASE_URL", "u:p@h/db"}}), std::nullopt), pgapply::Error);
  // A database name with an @ but no password, and keyword=value strings, are what they are.
  options.dbname = "team@work";
  CHECK(param(resolve_connect_target(options, env_of({}), std::nullopt), "dbname") == "team@work");
  options.dbname = "host=h password=a:b@c";
  CHECK(param(resolve_connect_target(options, env_of({}), std::nullopt), "dbname") == "host=h password=a:b@c");
}
