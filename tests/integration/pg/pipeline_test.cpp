#include "pg/pipeline.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "pg/error.hpp"
#include "support/caught.hpp"
#include "support/test_database.hpp"

using namespace pgapply;
using namespace pgapply::pg;
using pgapply::test::TestDatabase;

namespace {

std::string scalar(Connection& connection, const std::string& sql) {
  Result result = connection.exec(sql);
  REQUIRE(result.rows() == 1);
  return result.is_null(0, 0) ? "<null>" : std::string(result.value(0, 0));
}

// Statements made on demand by a function of their index, counting how many
// were pulled.
class GeneratedSource : public StatementSource {
 public:
  GeneratedSource(std::size_t count, std::function<std::string(std::size_t)> make)
      : count_(count), make_(std::move(make)) {}
  std::optional<std::string_view> next_statement() override {
    if (pulled_ == count_) return std::nullopt;
    current_ = make_(pulled_);
    ++pulled_;
    return current_;
  }
  std::size_t pulled() const { return pulled_; }

 private:
  std::size_t count_;
  std::function<std::string(std::size_t)> make_;
  std::size_t pulled_ = 0;
  std::string current_;
};

struct Received {
  std::size_t index;
  ResultStatus status;
  std::string command_status;
  std::string first_value;  // row 0, column 0 if any
};

class RecordingSink : public ResultSink {
 public:
  void on_result(std::size_t index, Result result) override {
    received.push_back({index, result.status(), result.command_status(),
                        result.rows() > 0 && result.columns() > 0 ? std::string(result.value(0, 0)) : ""});
  }
  std::vector<Received> received;
};

ServerError pipeline_error(Connection& connection, StatementSource& source, ResultSink& sink,
                           const PipelineOptions& options = {}) {
  return pgapply::test::caught<ServerError>([&] { run_pipeline(connection, source, sink, options); });
}

}  // namespace

TEST_CASE("pipeline: 10000 small statements, every result attributed to its index") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int)");
  for (std::size_t max_in_flight : {std::size_t{1000}, std::size_t{7}}) {
    CAPTURE(max_in_flight);
    connection.exec("truncate t");
    GeneratedSource source(10000, [](std::size_t i) {
      return i % 2 == 0 ? "insert into t values (" + std::to_string(i) + ")" : "select " + std::to_string(i) + " * 10";
    });
    RecordingSink sink;
    const auto summary = run_pipeline(connection, source, sink, PipelineOptions{max_in_flight});
    CHECK(summary.statements == 10000);
    REQUIRE(sink.received.size() == 10000);
    bool all_right = true;
    for (std::size_t i = 0; i < sink.received.size(); ++i) {
      const auto& got = sink.received[i];
      const bool right = got.index == i &&
                         (i % 2 == 0 ? got.command_status == "INSERT 0 1" && got.status == ResultStatus::command_ok
                                     : got.first_value == std::to_string(i * 10) && got.status == ResultStatus::tuples_ok);
      if (!right) {
        CAPTURE(i);
        CHECK(got.index == i);
        CHECK(got.command_status == (i % 2 == 0 ? "INSERT 0 1" : "SELECT 1"));
        CHECK(got.first_value == (i % 2 == 0 ? "" : std::to_string(i * 10)));
        all_right = false;
        break;
      }
    }
    CHECK(all_right);
    CHECK(connection.transaction_status() == TransactionStatus::idle);
    CHECK(scalar(connection, "select count(*) || ' ' || sum(id) from t") == "5000 24995000");
  }
}

TEST_CASE("pipeline: statement 5000 fails inside a transaction") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int); create sequence s");
  connection.exec("begin");
  // Every statement takes a sequence value: nextval survives the rollback, so
  // the sequence tells how many statements ran.
  GeneratedSource source(20000, [](std::size_t i) {
    if (i == 4999) return std::string("insert into t values ('not a number')");
    return std::string("insert into t values (nextval('s'))");
  });
  RecordingSink sink;
  const PipelineOptions options{1000};
  const auto error = pipeline_error(connection, source, sink, options);
  CHECK(error.sqlstate == "22P02");
  CHECK(error.statement_index == std::optional<std::size_t>(4999));
  CHECK(error.message == "invalid input syntax for type integer: \"not a number\"");
  CHECK(error.position == 23);  // within statement 4999's own text
  // The results before it arrived, in order; none after it.
  REQUIRE(sink.received.size() == 4999);
  CHECK(sink.received.front().index == 0);
  CHECK(sink.received.back().index == 4998);
  // It stopped pulling statements soon after the failure.
  CHECK(source.pulled() <= 5000 + options.max_in_flight);
  CHECK(source.pulled() < 20000);
  // The connection is usable, in the failed transaction, which rolls back.
  CHECK(connection.is_ok());
  CHECK(connection.transaction_status() == TransactionStatus::in_failed_transaction);
  connection.exec("rollback");
  CHECK(connection.transaction_status() == TransactionStatus::idle);
  CHECK(scalar(connection, "select count(*) from t") == "0");
  // Nothing after the failing statement ran: exactly 4999 sequence values taken.
  CHECK(scalar(connection, "select last_value from s") == "4999");
}

TEST_CASE("pipeline: a failure without an explicit transaction rolls back the implicit one") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int primary key)");
  GeneratedSource source(100, [](std::size_t i) {
    return "insert into t values (" + std::to_string(i == 50 ? 7 : i) + ")";
  });
  RecordingSink sink;
  const auto error = pipeline_error(connection, source, sink);
  CHECK(error.sqlstate == "23505");
  CHECK(error.statement_index == std::optional<std::size_t>(50));
  CHECK(error.constraint_name == "t_pkey");
  CHECK(sink.received.size() == 50);
  CHECK(connection.transaction_status() == TransactionStatus::idle);
  CHECK(scalar(connection, "select count(*) from t") == "0");
  // The same connection runs the next batch.
  GeneratedSource again(3, [](std::size_t i) { return "insert into t values (" + std::to_string(i) + ")"; });
  RecordingSink sink2;
  CHECK(run_pipeline(connection, again, sink2).statements == 3);
  CHECK(scalar(connection, "select count(*) from t") == "3");
}

TEST_CASE("pipeline: with exact_parse_notices every notice is attributed to the statement that raised it") {
  TestDatabase db;
  auto connection = db.connect();
  struct Seen {
    std::optional<std::size_t> index;
    std::string message;
  };
  std::vector<Seen> notices;
  connection.set_notice_handler([&notices](const Notice& notice) { notices.push_back({notice.statement_index, notice.message}); });
  const std::string long_name(70, 'x');
  GeneratedSource source(300, [&long_name](std::size_t i) -> std::string {
    const std::string n = std::to_string(i);
    switch (i % 5) {
      case 0: return "do $$ begin raise notice 'stmt " + n + " a'; raise notice 'stmt " + n + " b'; end $$";
      case 1: return "select " + n;
      // Raised while the server parses the statement, before ParseComplete.
      case 2: return "select 1 as " + long_name + n;
      case 3: return "create temp table if not exists tt (id int)";
      default: return "do $$ begin raise warning 'stmt " + n + "'; end $$";
    }
  });
  // A slow sink lets the server run ahead, so that one read brings a
  // statement's completion together with the next one's parse-time notice:
  // the case libpq alone would attribute to the wrong statement.
  struct SlowSink : RecordingSink {
    void on_result(std::size_t index, Result result) override {
      if (index % 5 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      RecordingSink::on_result(index, std::move(result));
    }
  } sink;
  PipelineOptions exact;
  exact.exact_parse_notices = true;
  CHECK(run_pipeline(connection, source, sink, exact).statements == 300);
  std::size_t checked = 0;
  for (const auto& notice : notices) {
    CAPTURE(notice.message);
    REQUIRE(notice.index.has_value());
    const std::size_t i = *notice.index;
    switch (i % 5) {
      case 0:
        CHECK((notice.message == "stmt " + std::to_string(i) + " a" || notice.message == "stmt " + std::to_string(i) + " b"));
        break;
      case 2:
        CHECK(notice.message.find("identifier \"" + long_name.substr(0, 10)) == 0);
        CHECK(notice.message.find(std::to_string(i) + "\" will be truncated") != std::string::npos);
        break;
      case 3:
        CHECK(notice.message == "relation \"tt\" already exists, skipping");
        CHECK(i > 3);  // the first one creates the table
        break;
      case 4:
        CHECK(notice.message == "stmt " + std::to_string(i));
        break;
      default:
        FAIL("a notice attributed to a statement that raises none");
    }
    ++checked;
  }
  // 60 statements with two notices, 60 truncations, 59 "already exists", 60 warnings.
  CHECK(checked == 60 * 2 + 60 + 59 + 60);
  // Outside a pipeline, notices carry no index.
  notices.clear();
  connection.exec("do $$ begin raise notice 'outside'; end $$");
  REQUIRE(notices.size() == 1);
  CHECK_FALSE(notices[0].index.has_value());
}

TEST_CASE("pipeline: statements of a few MB each, with big results, do not deadlock") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table big (id int, payload text)");
  const std::size_t size = 3'000'000;
  GeneratedSource source(12, [size](std::size_t i) -> std::string {
    const std::string payload(size + i, static_cast<char>('a' + i));
    switch (i % 3) {
      case 0: return "insert into big values (" + std::to_string(i) + ", '" + payload + "')";
      case 1: return "select length('" + payload + "')";
      // A big result while we are still sending big statements.
      default: return "select repeat('z', " + std::to_string(size) + ")";
    }
  });
  RecordingSink sink;
  CHECK(run_pipeline(connection, source, sink).statements == 12);
  REQUIRE(sink.received.size() == 12);
  for (std::size_t i = 0; i < 12; ++i) {
    CAPTURE(i);
    CHECK(sink.received[i].index == i);
    if (i % 3 == 1) CHECK(sink.received[i].first_value == std::to_string(size + i));
    if (i % 3 == 2) CHECK(sink.received[i].first_value == std::string(size, 'z'));
  }
  CHECK(scalar(connection, "select sum(length(payload)) from big") == std::to_string(4 * size + 0 + 3 + 6 + 9));
}

TEST_CASE("pipeline: a text with several statements fails as that statement") {
  TestDatabase db;
  auto connection = db.connect();
  GeneratedSource source(5, [](std::size_t i) { return i == 2 ? std::string("select 1; select 2") : std::string("select 0"); });
  RecordingSink sink;
  const auto error = pipeline_error(connection, source, sink);
  CHECK(error.sqlstate == "42601");
  CHECK(error.message == "cannot insert multiple commands into a prepared statement");
  CHECK(error.statement_index == std::optional<std::size_t>(2));
  CHECK(sink.received.size() == 2);
  CHECK(scalar(connection, "select 'usable'") == "usable");
}

TEST_CASE("pipeline: an empty batch, empty statements, and functions as source and sink") {
  TestDatabase db;
  auto connection = db.connect();
  GeneratedSource none(0, [](std::size_t) { return std::string(); });
  RecordingSink sink;
  CHECK(run_pipeline(connection, none, sink).statements == 0);
  CHECK(sink.received.empty());

  const std::vector<std::string> statements = {"select 'a'", "", "select 'c'"};
  std::size_t next = 0;
  std::vector<std::pair<std::size_t, ResultStatus>> seen;
  const auto summary = run_pipeline(
      connection,
      [&]() -> std::optional<std::string_view> {
        if (next == statements.size()) return std::nullopt;
        return statements[next++];
      },
      [&](std::size_t index, Result result) { seen.emplace_back(index, result.status()); });
  CHECK(summary.statements == 3);
  CHECK(seen == std::vector<std::pair<std::size_t, ResultStatus>>{
                    {0, ResultStatus::tuples_ok}, {1, ResultStatus::empty_query}, {2, ResultStatus::tuples_ok}});
  next = 0;
  CHECK(run_pipeline(connection, [&]() -> std::optional<std::string_view> {
          if (next == statements.size()) return std::nullopt;
          return statements[next++];
        }, {}).statements == 3);
  CHECK(connection.transaction_status() == TransactionStatus::idle);
}

TEST_CASE("pipeline: explicit transaction control inside the batch") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int)");
  const std::vector<std::string> statements = {"begin", "insert into t values (1)", "commit", "begin",
                                               "insert into t values (2)"};
  std::size_t next = 0;
  run_pipeline(connection, [&]() -> std::optional<std::string_view> {
    if (next == statements.size()) return std::nullopt;
    return statements[next++];
  }, {});
  // The batch left a transaction open: the caller decides.
  CHECK(connection.transaction_status() == TransactionStatus::in_transaction);
  connection.exec("rollback");
  CHECK(scalar(connection, "select string_agg(id::text, ',') from t") == "1");
}

namespace {

struct CallerFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace

TEST_CASE("pipeline: the caller's code throws mid-batch") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int)");
  SUBCASE("the source") {
    GeneratedSource source(100, [](std::size_t i) -> std::string {
      if (i == 40) throw CallerFailure("the source failed");
      return "insert into t values (" + std::to_string(i) + ")";
    });
    RecordingSink sink;
    CHECK_THROWS_WITH_AS(run_pipeline(connection, source, sink), "the source failed", CallerFailure);
    CHECK(source.pulled() == 40);
    // Results that arrive after the failure are not reported.
    CHECK(sink.received.size() <= 40);
  }
  SUBCASE("the sink") {
    GeneratedSource source(100, [](std::size_t i) { return "insert into t values (" + std::to_string(i) + ")"; });
    std::size_t calls = 0;
    CHECK_THROWS_WITH_AS(run_pipeline(connection, [&]() { return source.next_statement(); },
                                      [&](std::size_t index, Result) {
                                        ++calls;
                                        if (index == 10) throw CallerFailure("the sink failed");
                                      }),
                         "the sink failed", CallerFailure);
    CHECK(calls == 11);  // not called again after it threw
  }
  SUBCASE("the notice handler") {
    connection.set_notice_handler([](const Notice&) { throw CallerFailure("the handler failed"); });
    GeneratedSource source(100, [](std::size_t i) {
      if (i == 20) return std::string("do $$ begin raise notice 'boom'; end $$");
      return "insert into t values (" + std::to_string(i) + ")";
    });
    RecordingSink sink;
    CHECK_THROWS_WITH_AS(run_pipeline(connection, source, sink), "the handler failed", CallerFailure);
    connection.set_notice_handler({});
  }
  // The statements sent before were rolled back with the implicit transaction,
  // and the connection is idle and usable.
  CHECK(connection.transaction_status() == TransactionStatus::idle);
  CHECK(scalar(connection, "select count(*) from t") == "0");
}

TEST_CASE("pipeline: an error at the implicit commit of the sync point") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec(
      "create table parent (id int primary key);"
      "create table child (parent_id int references parent deferrable initially deferred)");
  const std::vector<std::string> statements = {"insert into parent values (1)", "insert into child values (1)",
                                               "insert into child values (2)"};
  std::size_t next = 0;
  RecordingSink sink;
  try {
    run_pipeline(connection, [&]() -> std::optional<std::string_view> {
      if (next == statements.size()) return std::nullopt;
      return statements[next++];
    }, [&](std::size_t index, Result result) { sink.on_result(index, std::move(result)); });
    FAIL("no error");
  } catch (const ServerError& error) {
    CHECK(error.sqlstate == "23503");
    CHECK_FALSE(error.statement_index.has_value());
  }
  CHECK(sink.received.size() == 3);
  CHECK(connection.transaction_status() == TransactionStatus::idle);
  CHECK(scalar(connection, "select count(*) from parent") == "0");
}

TEST_CASE("pipeline: a notice at the implicit commit belongs to no statement") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec(R"(
    create table d (id int);
    create function note() returns trigger language plpgsql as $$
      begin raise notice 'deferred %', new.id; return null; end $$;
    create constraint trigger d_note after insert on d deferrable initially deferred
      for each row execute function note())");
  std::vector<std::pair<std::optional<std::size_t>, std::string>> notices;
  connection.set_notice_handler([&](const Notice& notice) { notices.emplace_back(notice.statement_index, notice.message); });
  GeneratedSource source(3, [](std::size_t i) {
    return i == 1 ? std::string("insert into d values (7)") : std::string("do $$ begin raise notice 'in %', 1; end $$");
  });
  RecordingSink sink;
  CHECK(run_pipeline(connection, source, sink).statements == 3);
  REQUIRE(notices.size() == 3);
  CHECK(notices[0] == std::make_pair(std::optional<std::size_t>(0), std::string("in 1")));
  CHECK(notices[1] == std::make_pair(std::optional<std::size_t>(2), std::string("in 1")));
  CHECK(notices[2] == std::make_pair(std::optional<std::size_t>(), std::string("deferred 7")));
}

TEST_CASE("pipeline: cancel() stops the running statement") {
  TestDatabase db;
  auto connection = db.connect();
  std::thread canceller([&connection] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(connection.cancel());
  });
  GeneratedSource source(5, [](std::size_t i) { return i == 2 ? std::string("select pg_sleep(60)") : std::string("select 1"); });
  RecordingSink sink;
  const auto started = std::chrono::steady_clock::now();
  const auto error = pipeline_error(connection, source, sink);
  canceller.join();
  CHECK(error.sqlstate == "57014");
  CHECK(error.statement_index == std::optional<std::size_t>(2));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(30));
  CHECK(sink.received.size() == 2);
  CHECK(scalar(connection, "select 'usable'") == "usable");
}

TEST_CASE("pipeline: COPY FROM STDIN closes the connection, COPY TO STDOUT works") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t as select g as id from generate_series(1, 500) g");
  GeneratedSource out(3, [](std::size_t i) { return i == 1 ? std::string("copy t to stdout") : std::string("select 1"); });
  RecordingSink sink;
  CHECK(run_pipeline(connection, out, sink).statements == 3);
  REQUIRE(sink.received.size() == 3);
  CHECK(sink.received[1].command_status == "COPY 500");

  GeneratedSource in(3, [](std::size_t i) { return i == 1 ? std::string("copy t from stdin") : std::string("select 1"); });
  const auto error = pipeline_error(connection, in, sink);
  CHECK(error.statement_index == std::optional<std::size_t>(1));
  CHECK(error.message == "COPY FROM STDIN cannot run in a pipeline (statement 2 of the batch); the connection was closed");
  CHECK_FALSE(connection.is_ok());
  CHECK_THROWS_AS(connection.exec("select 1"), ConnectionError);
}

TEST_CASE("pipeline: refused while a COPY is in progress") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int)");
  connection.exec("copy t from stdin");
  GeneratedSource source(1, [](std::size_t) { return std::string("select 1"); });
  RecordingSink sink;
  CHECK_THROWS_AS(run_pipeline(connection, source, sink), std::logic_error);
  CHECK(source.pulled() == 0);
  CHECK(connection.put_copy_end().command_status() == "COPY 0");
  CHECK(run_pipeline(connection, source, sink).statements == 1);
}

TEST_CASE("pipeline: by default notices raised while statements run are attributed exactly") {
  TestDatabase db;
  auto connection = db.connect();
  std::vector<std::pair<std::optional<std::size_t>, std::string>> notices;
  connection.set_notice_handler([&notices](const Notice& notice) { notices.emplace_back(notice.statement_index, notice.message); });
  const std::string long_name(70, 'y');
  GeneratedSource source(3000, [&long_name](std::size_t i) -> std::string {
    const std::string n = std::to_string(i);
    switch (i % 3) {
      case 0: return "do $$ begin raise notice 'stmt " + n + "'; end $$";
      case 1: return "select 1 as " + long_name + n;  // a parse-time notice
      default: return "select " + n;
    }
  });
  RecordingSink sink;
  CHECK(run_pipeline(connection, source, sink).statements == 3000);
  std::size_t raised = 0, truncated = 0;
  for (const auto& [index, message] : notices) {
    REQUIRE(index.has_value());
    if (message.rfind("stmt ", 0) == 0) {
      CHECK(message == "stmt " + std::to_string(*index));
      ++raised;
    } else {
      // Its own statement or, read together with the previous completion, the one before.
      CHECK((*index % 3 == 1 || *index % 3 == 0));
      ++truncated;
    }
  }
  CHECK(raised == 1000);
  CHECK(truncated == 1000);
}
