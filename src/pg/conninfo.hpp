#pragma once

// Pure helpers about connection strings, for showing where a connection goes
// without showing its secrets. No libpq: these follow libpq's parsing rules
// (fe-connect.c: conninfo_parse and conninfo_uri_parse_options) by hand.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgapply::pg {

// True for postgresql:// and postgres:// URIs (what libpq expands as a URI).
bool is_connection_uri(std::string_view text);

// A URI written without its scheme (user:secret@host/db): no '=' (so not
// keyword=value), not a URI, and a ':' before an '@'. libpq would take it
// whole for a database name, and quote it, secret and all, in its error.
bool looks_like_uri_without_scheme(std::string_view text);

// password and sslpassword, and any key that looks meant for a password
// (PASSWORD, passwrd, pwd, pass, db_password...): libpq refuses those, but the
// string may be printed all the same. Not passfile (a file name).
bool looks_like_password_key(std::string_view keyword);

// The text with every password replaced by ***: the password of a URI's user
// info (postgresql://user:secret@host/db), password= and sslpassword= URI
// query parameters, and password/sslpassword values of a keyword=value string
// (any key for which looks_like_password_key holds, in either form; a URI's
// user info ends at the last '@' before its query, however libpq reads it)
// (quoted or not, with libpq's backslash escapes). Anything else is kept
// byte for byte. Text that is neither form (a plain database name) comes back
// unchanged. Lenient: a malformed string is redacted as far as it can be
// read, and a bare word after "password" (a forgotten '=') counts as a value.
std::string redact_password(std::string_view conninfo_or_uri);

// The text with its passwords left out, for a command to print that
// connects to the same database (libpq then takes the password from
// PGPASSWORD, ~/.pgpass or a prompt): postgresql://app:secret@h/db ->
// postgresql://app@h/db; a password= query parameter or keyword=value pair
// dropped. nullopt when a password could not be taken out cleanly.
std::optional<std::string> without_password(std::string_view conninfo_or_uri);

// The secrets redact_password would hide, as they appear in the text and (for
// URIs) percent-decoded too: for scrubbing them out of messages that quote
// parts of a connection string.
std::vector<std::string> conninfo_secrets(std::string_view conninfo_or_uri);

// `message` with every occurrence of each secret that stands as a word of its
// own (not inside a longer run of letters and digits) replaced by ***.
std::string redact_secrets(std::string message, const std::vector<std::string>& secrets);

// A value for a keyword=value connection string: as is when it is safe bare,
// else single-quoted with ' and \ escaped by a backslash. "" becomes ''.
std::string quote_conninfo_value(std::string_view value);

// "user@host:port/dbname" for messages. A bracketed IPv6 address stays
// unambiguous ([::1]:5432); a Unix socket directory is shown as is. Empty
// parts are left out (with their separator).
std::string format_target(std::string_view user, std::string_view host, std::string_view port,
                          std::string_view dbname);

}  // namespace pgapply::pg
