#include "support/test_database.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "pg/server_error.hpp"

using namespace pgapply;
using pgapply::test::TestDatabase;
using pgapply::test::TestServer;

namespace {

bool database_exists(const std::string& name) {
  auto admin = TestServer::get().connect();
  return admin.exec_params("select count(*) from pg_database where datname = $1", {name}).value(0, 0) == "1";
}

}  // namespace

TEST_CASE("TestDatabase creates a fresh database and drops it, even with connections open") {
  std::string name;
  std::optional<pg::Connection> left_open;  // still open when the database is dropped
  {
    TestDatabase db;
    name = db.name();
    CHECK(name.rfind("pgapply_test_", 0) == 0);
    CHECK(name.size() < 64);
    CHECK(database_exists(name));
    auto connection = db.connect();
    CHECK(connection.exec("select count(*) from pg_class where relnamespace = 'public'::regnamespace").value(0, 0) ==
          "0");
    left_open = db.connect();
  }
  CHECK_FALSE(database_exists(name));
  CHECK_THROWS_AS(left_open->exec("select 1"), pg::ConnectionError);
}

TEST_CASE("TestDatabase names are unique and every way to reach it leads to it") {
  TestDatabase first;
  TestDatabase second;
  CHECK(first.name() != second.name());
  const auto& server = TestServer::get();

  CHECK(pg::Connection::open(first.conninfo()).dbname() == first.name());
  CHECK(first.conninfo().find("dbname=" + first.name()) != std::string::npos);
  auto over_tcp = pg::Connection::open(first.url());
  CHECK(over_tcp.dbname() == first.name());
  CHECK(over_tcp.host() == "127.0.0.1");
  CHECK(first.url() == "postgresql://" + server.user + "@127.0.0.1:" + server.port + "/" + first.name());

  const auto env = first.env();
  CHECK(env.at("PGDATABASE") == first.name());
  CHECK(env.at("PGHOST") == server.host);
  CHECK(env.at("PGPORT") == server.port);
  CHECK(env.at("PGUSER") == server.user);
  CHECK(env.at("DATABASE_URL") == first.url());
  CHECK(pg::Connection::open(pg::ConnectParams{{"host", env.at("PGHOST")},
                                               {"port", env.at("PGPORT")},
                                               {"user", env.at("PGUSER")},
                                               {"dbname", env.at("PGDATABASE")}})
            .dbname() == first.name());
}

TEST_CASE("TestServer knows the server's programs") {
  const auto& server = TestServer::get();
  CHECK_FALSE(server.port.empty());
  CHECK_FALSE(server.url.empty());
  if (!server.bin_dir.empty()) {
    CHECK(server.program("pg_dump") == server.bin_dir + "/pg_dump");
  } else {
    CHECK(server.program("pg_dump") == "pg_dump");
  }
}
