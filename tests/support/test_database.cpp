#include "support/test_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <doctest/doctest.h>

#include "pg/conninfo.hpp"
#include "core/sql_quote.hpp"

namespace pgapply::test {
namespace {

constexpr const char* variables[] = {"PGHOST",   "PGPORT",         "PGUSER",        "PGDATABASE",
                                     "DATABASE_URL", "PGAPPLY_PG_BIN", "PGAPPLY_PG_DIR"};

Environment read_env_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw std::runtime_error("PGAPPLY_TEST_PG_ENV names " + path +
                             ", which cannot be read: did the postgres/start fixture run? "
                             "(run the tests through ctest, or with scripts/pg-tmp run)");
  }
  Environment values;
  std::string line;
  while (std::getline(in, line)) {
    const auto equals = line.find('=');
    if (equals == std::string::npos || line.empty() || line[0] == '#') continue;
    values[line.substr(0, equals)] = line.substr(equals + 1);
  }
  return values;
}

Environment read_process_env() {
  Environment values;
  for (const char* name : variables) {
    if (const char* value = std::getenv(name)) values[name] = value;
  }
  return values;
}

std::string value_of(const Environment& values, const char* name, std::string fallback = {}) {
  auto it = values.find(name);
  return it == values.end() || it->second.empty() ? fallback : it->second;
}

TestServer load_server() {
  const char* env_file = std::getenv("PGAPPLY_TEST_PG_ENV");
  const Environment values = env_file && *env_file ? read_env_file(env_file) : read_process_env();
  if (value_of(values, "PGPORT").empty() && value_of(values, "PGHOST").empty()) {
    throw std::runtime_error(
        "no PostgreSQL server for the integration tests: PGAPPLY_TEST_PG_ENV is unset and so are "
        "PGHOST and PGPORT. Run them through ctest (which starts one), or by hand with "
        "scripts/pg-tmp run build/tests/integration_tests");
  }
  TestServer server;
  server.host = value_of(values, "PGHOST");
  server.port = value_of(values, "PGPORT", "5432");
  server.user = value_of(values, "PGUSER", "postgres");
  server.database = value_of(values, "PGDATABASE", "postgres");
  server.url = value_of(values, "DATABASE_URL");
  server.bin_dir = value_of(values, "PGAPPLY_PG_BIN");
  server.dir = value_of(values, "PGAPPLY_PG_DIR");
  if (server.url.empty()) server.url = server.url_for(server.database);
  return server;
}

std::string unique_name() {
  static std::atomic<unsigned> counter{0};
  static const unsigned salt = std::random_device{}() & 0xffffff;
  std::ostringstream name;
  name << "pgapply_test_" << ::getpid() << '_' << counter++ << '_' << std::hex << salt;
  return name.str();
}

}  // namespace

const TestServer& TestServer::get() {
  static const TestServer server = load_server();
  return server;
}

std::string TestServer::conninfo(std::string_view dbname) const {
  std::string out;
  auto add = [&out](const char* keyword, std::string_view value) {
    if (value.empty()) return;
    if (!out.empty()) out += ' ';
    out += keyword;
    out += '=';
    out += pg::quote_conninfo_value(value);
  };
  add("host", host);
  add("port", port);
  add("user", user);
  add("dbname", dbname.empty() ? std::string_view(database) : dbname);
  return out;
}

std::string TestServer::url_for(std::string_view dbname) const {
  return "postgresql://" + user + "@127.0.0.1:" + port + "/" + std::string(dbname);
}

std::string TestServer::program(std::string_view name) const {
  return bin_dir.empty() ? std::string(name) : bin_dir + "/" + std::string(name);
}

pg::Connection TestServer::connect(std::string_view dbname) const {
  // Explicit parameters: stray PG* variables of the environment must not
  // redirect the tests.
  return pg::Connection::open(pg::ConnectParams{
      {"host", host},
      {"port", port},
      {"user", user},
      {"dbname", std::string(dbname.empty() ? std::string_view(database) : dbname)},
      {"application_name", "pgapply-tests"},
  });
}

TestDatabase::TestDatabase() : server_(TestServer::get()), name_(unique_name()) {
  auto admin = server_.connect();
  admin.exec("CREATE DATABASE " + quote_identifier(name_));
}

TestDatabase::~TestDatabase() {
  try {
    auto admin = server_.connect();
    admin.exec("DROP DATABASE IF EXISTS " + quote_identifier(name_) + " WITH (FORCE)");
  } catch (...) {
    // The server may be gone already; the fixture deletes it anyway.
  }
}

std::string TestDatabase::conninfo() const { return server_.conninfo(name_); }

std::string TestDatabase::url() const { return server_.url_for(name_); }

pg::Connection TestDatabase::connect() const { return server_.connect(name_); }

Environment TestDatabase::env() const {
  return {
      {"PGHOST", server_.host},
      {"PGPORT", server_.port},
      {"PGUSER", server_.user},
      {"PGDATABASE", name_},
      {"DATABASE_URL", url()},
      // verify, preflight, up and diff use scratch databases on the test server
      // as their shadow (a test of the throwaway cluster unsets this)
      {"SHADOW_DATABASE_URL", server_.conninfo(server_.database)},
  };
}

std::string scalar(pg::Connection& connection, const std::string& sql) {
  pg::Result result = connection.exec(sql);
  REQUIRE(result.rows() == 1);
  REQUIRE(result.columns() == 1);
  return result.is_null(0, 0) ? "<null>" : std::string(result.value(0, 0));
}

}  // namespace pgapply::test
