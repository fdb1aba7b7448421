#include "pg/conninfo.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace pgapply::pg;

namespace {

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

TEST_CASE("is_connection_uri knows both URI schemes and nothing else") {
  CHECK(is_connection_uri("postgresql://host/db"));
  CHECK(is_connection_uri("postgres://host/db"));
  CHECK(is_connection_uri("postgresql://"));
  CHECK_FALSE(is_connection_uri("POSTGRESQL://host/db"));
  CHECK_FALSE(is_connection_uri("postgresql:/host"));
  CHECK_FALSE(is_connection_uri("host=x dbname=y"));
  CHECK_FALSE(is_connection_uri("mydb"));
  CHECK_FALSE(is_connection_uri(""));
}

TEST_CASE("redact_password hides the password of a URI's user info") {
  CHECK(redact_password("postgresql://user:secret@host/db") == "postgresql://user:***@host/db");
  CHECK(redact_password("postgres://user:secret@host:5433/db") == "postgres://user:***@host:5433/db");
  CHECK(redact_password("postgresql://user:s%40cr%2Fet@host/db") == "postgresql://user:***@host/db");
  CHECK(redact_password("postgresql://:secret@host/db") == "postgresql://:***@host/db");
  CHECK(redact_password("postgresql://u:pa:ss@h1:5432,h2:5433/db?sslmode=require") ==
        "postgresql://u:***@h1:5432,h2:5433/db?sslmode=require");
}

TEST_CASE("redact_password leaves URIs without a password alone") {
  CHECK(redact_password("postgresql://user@host/db") == "postgresql://user@host/db");
  CHECK(redact_password("postgresql://user:@host/db") == "postgresql://user:@host/db");
  CHECK(redact_password("postgresql://host:5432/db") == "postgresql://host:5432/db");
  CHECK(redact_password("postgresql://[::1]:5432/db") == "postgresql://[::1]:5432/db");
  CHECK(redact_password("postgresql:///db?host=/tmp") == "postgresql:///db?host=/tmp");
  // libpq stops looking for user info at the first '/': this '@' is in the path.
  CHECK(redact_password("postgresql://host/db:x@y") == "postgresql://host/db:x@y");
}

TEST_CASE("redact_password hides password query parameters of a URI") {
  CHECK(redact_password("postgresql://host/db?password=secret") == "postgresql://host/db?password=***");
  CHECK(redact_password("postgresql://host/db?sslmode=disable&password=secret") ==
        "postgresql://host/db?sslmode=disable&password=***");
  CHECK(redact_password("postgresql://host/db?password=secret&sslmode=disable") ==
        "postgresql://host/db?password=***&sslmode=disable");
  CHECK(redact_password("postgresql://host/db?pass%77ord=secret") == "postgresql://host/db?pass%77ord=***");
  CHECK(redact_password("postgresql://host/db?sslpassword=phrase&user=u") ==
        "postgresql://host/db?sslpassword=***&user=u");
  CHECK(redact_password("postgresql://u:one@host/db?password=two") == "postgresql://u:***@host/db?password=***");
  CHECK(redact_password("postgresql://host/db?password=") == "postgresql://host/db?password=");
  CHECK(redact_password("postgresql://host/db?sslmode=1&user=password") ==
        "postgresql://host/db?sslmode=1&user=password");
}

TEST_CASE("redact_password hides password values of keyword=value strings") {
  CHECK(redact_password("host=h password=secret dbname=d") == "host=h password=*** dbname=d");
  CHECK(redact_password("password=secret") == "password=***");
  CHECK(redact_password("host=h password = secret  dbname=d") == "host=h password = ***  dbname=d");
  CHECK(redact_password("password='se cret' user=u") == "password=*** user=u");
  CHECK(redact_password("password='it\\'s \\\\ x' user=u") == "password=*** user=u");
  CHECK(redact_password("password=a\\ b user=u") == "password=*** user=u");
  CHECK(redact_password("sslpassword=phrase host=h") == "sslpassword=*** host=h");
  CHECK(redact_password("user=password dbname=password") == "user=password dbname=password");
  CHECK(redact_password("password= host=h") == "password= ***");
  CHECK(redact_password("host=h\tpassword=x\nport=5") == "host=h\tpassword=***\nport=5");
}

TEST_CASE("redact_password copes with malformed keyword=value strings") {
  // An unterminated quote: the rest of the string is the value.
  CHECK(redact_password("password='secret user=u") == "password=***");
  // ... or of another key, which swallows the pairs after it: a password among them is hidden all the same
  CHECK(redact_password("host=127.0.0.1 dbname='x password=s3cretP") == "host=127.0.0.1 dbname='x password=***");
  CHECK(conninfo_secrets("dbname='x password=s3cretP") == std::vector<std::string>{"s3cretP"});
  // A forgotten '=' or forgotten quotes.
  CHECK(redact_password("host=h password secret") == "host=h password ***");
  CHECK(redact_password("password=my secret words user=u") == "password=*** *** *** user=u");
}

TEST_CASE("redact_password hides a URI written as the dbname of a keyword=value string") {
  CHECK(redact_password("dbname=postgresql://u:secret@h/db connect_timeout=3") ==
        "dbname=postgresql://u:***@h/db connect_timeout=3");
}

TEST_CASE("redact_password leaves other text unchanged") {
  CHECK(redact_password("mydb") == "mydb");
  CHECK(redact_password("") == "");
  CHECK(redact_password("host=h port=5432 user=u dbname=d") == "host=h port=5432 user=u dbname=d");
  CHECK(redact_password("my password db") == "my password db");
}

TEST_CASE("conninfo_secrets lists raw and decoded secrets") {
  const auto uri = conninfo_secrets("postgresql://u:s%40cret@h/db?password=two");
  CHECK(contains(uri, "s%40cret"));
  CHECK(contains(uri, "s@cret"));
  CHECK(contains(uri, "two"));
  const auto keywords = conninfo_secrets("password='se cret' host=h");
  CHECK(contains(keywords, "'se cret'"));
  CHECK(contains(keywords, "se cret"));
  CHECK(conninfo_secrets("host=h dbname=d").empty());
  CHECK(conninfo_secrets("mydb").empty());
}

TEST_CASE("redact_secrets replaces whole-word occurrences only") {
  CHECK(redact_secrets("missing \"=\" after \"secret\" in connection info string", {"secret"}) ==
        "missing \"=\" after \"***\" in connection info string");
  CHECK(redact_secrets("a secretive secret", {"secret"}) == "a secretive ***");
  CHECK(redact_secrets("pw: a@b and a@b", {"a@b"}) == "pw: *** and ***");
  CHECK(redact_secrets("nothing here", {"", "zzz"}) == "nothing here");
  CHECK(redact_secrets("x", {}) == "x");
}

TEST_CASE("quote_conninfo_value quotes only when needed") {
  CHECK(quote_conninfo_value("localhost") == "localhost");
  CHECK(quote_conninfo_value("/tmp/pg dir") == "'/tmp/pg dir'");
  CHECK(quote_conninfo_value("") == "''");
  CHECK(quote_conninfo_value("it's") == "'it\\'s'");
  CHECK(quote_conninfo_value("a\\b") == "'a\\\\b'");
  CHECK(quote_conninfo_value("a=b") == "a=b");
}

TEST_CASE("format_target shows user, host, port and database") {
  CHECK(format_target("postgres", "127.0.0.1", "5432", "mydb") == "postgres@127.0.0.1:5432/mydb");
  CHECK(format_target("", "db.example.com", "5432", "mydb") == "db.example.com:5432/mydb");
  CHECK(format_target("u", "::1", "5432", "d") == "u@[::1]:5432/d");
  CHECK(format_target("u", "/tmp/pg", "5433", "d") == "u@/tmp/pg:5433/d");
  CHECK(format_target("u", "h", "", "") == "u@h");
}

TEST_CASE("keys that look meant for a password are redacted too: libpq refuses them, the string is still shown") {
  CHECK(redact_password("host=h PASSWORD=secret") == "host=h PASSWORD=***");
  CHECK(redact_password("host=h Password=secret port=1") == "host=h Password=*** port=1");
  CHECK(redact_password("host=h passwrd=secret pwd=two pass=three pw=four") ==
        "host=h passwrd=*** pwd=*** pass=*** pw=***");
  CHECK(redact_password("host=h pasword=my secret words") == "host=h pasword=*** *** ***");
  CHECK(redact_password("host=h db_password=x api_token=y client_secret=z") ==
        "host=h db_password=*** api_token=*** client_secret=***");
  CHECK(redact_password("postgresql://h/db?passwrd=secret&sslmode=disable") ==
        "postgresql://h/db?passwrd=***&sslmode=disable");
  CHECK(redact_password("postgresql://h/db?PASSWORD=secret") == "postgresql://h/db?PASSWORD=***");
  CHECK(redact_password("postgresql://h/db?pwd=secret&x") == "postgresql://h/db?pwd=***&x");
  // Not secrets: passfile names a file; ordinary keys stay.
  CHECK(redact_password("passfile=/home/u/.pgpass host=h port=5 user=u sslmode=require") ==
        "passfile=/home/u/.pgpass host=h port=5 user=u sslmode=require");
  CHECK_FALSE(looks_like_password_key("passfile"));
  CHECK_FALSE(looks_like_password_key("host"));
  CHECK_FALSE(looks_like_password_key("sslrootcert"));
  CHECK(looks_like_password_key("passowrd"));
  CHECK(looks_like_password_key("PassWord"));
  // pw as a word of its own, and API, private and access keys (a trial's -v names)
  for (const char* key : {"db_pw", "app-pw", "pw_app", "api_key", "API_KEY", "private_key", "aws_access_key",
                          "gcp_credentials"}) {
    CHECK_MESSAGE(looks_like_password_key(key), key);
  }
  for (const char* key : {"sslkey", "sslcert", "npwx", "key", "sort_key"}) {
    CHECK_MESSAGE(!looks_like_password_key(key), key);
  }
}

TEST_CASE("a URI password holding an unescaped '@' or '/' is hidden whole, and so is each piece libpq may quote") {
  CHECK(redact_password("postgresql://u:se@cret@h:5432/db") == "postgresql://u:***@h:5432/db");
  CHECK(redact_password("postgresql://u:ab/cdef@h/db") == "postgresql://u:***@h/db");
  CHECK(redact_password("postgresql://u:a:b/c@h/db?sslmode=disable") == "postgresql://u:***@h/db?sslmode=disable");
  // libpq reads "postgresql://u:ab/cdef@h/db" as host u, port "ab": the piece is quoted back.
  const auto secrets = conninfo_secrets("postgresql://u:ab/cdef@h/db");
  CHECK(redact_secrets("invalid integer value \"ab\" for connection option \"port\"", secrets) ==
        "invalid integer value *** for connection option \"port\"");
  CHECK(redact_secrets("could not translate host name \"cdef@h\"", secrets) ==
        "could not translate host name \"***@h\"");
  // A short piece is hidden only where quoted.
  CHECK(redact_secrets("an ab of text", secrets) == "an ab of text");
  // An '@' in the database name after a plain host is not user info.
  CHECK(redact_password("postgresql://h/my@db") == "postgresql://h/my@db");
}

TEST_CASE("without_password: the same connection string with no password in it, for a hint") {
  CHECK(without_password("postgresql://app:s3cret@db:5432/prod") == "postgresql://app@db:5432/prod");
  CHECK(without_password("postgresql://app@db/prod?sslmode=require&password=s3cret&connect_timeout=5") ==
        "postgresql://app@db/prod?sslmode=require&connect_timeout=5");
  CHECK(without_password("postgres://app:x@db/prod?password=y") == "postgres://app@db/prod");
  CHECK(without_password("host=db password = 's3 cret' dbname=prod") == "host=db dbname=prod");
  CHECK(without_password("host=db password= s3cret user=app") == "host=db user=app");
  CHECK(without_password("postgresql://db/prod") == "postgresql://db/prod");  // nothing to take out
  CHECK(without_password("prod") == "prod");
}
