#include "pg/server_error.hpp"

#include <doctest/doctest.h>

using namespace pgapply::pg;

TEST_CASE("libpq's text on a lost connection is joined into one line") {
  // What libpq says when the server ends the session (pg_terminate_backend).
  CHECK(one_line("server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n"
                 "\tbefore or while processing the request.") ==
        "server closed the connection unexpectedly. This probably means the server terminated abnormally before or "
        "while processing the request.");
  CHECK(one_line("no connection to the server") == "no connection to the server");
  CHECK(one_line("SSL SYSCALL error: EOF detected\n") == "SSL SYSCALL error: EOF detected");
  CHECK(one_line("could not receive data from server:\n  Connection reset by peer") ==
        "could not receive data from server: Connection reset by peer");
}
