#pragma once

// What the server sends (messages, notices) is in the session's
// client_encoding, which a migration may set (SET client_encoding =
// 'LATIN1'); pgapply shows and records text as UTF-8.

#include <string>

struct pg_conn;

namespace pgapply::pg {

// `text`, received on `conn` in its current client_encoding, as UTF-8; as it
// is when that is UTF8 or SQL_ASCII, when `conn` is null, or when the
// encoding has no converter (bytes that are not UTF-8 are then shown as
// U+FFFD where text is shown, as before).
std::string from_client_encoding(std::string text, const pg_conn* conn);

}  // namespace pgapply::pg
