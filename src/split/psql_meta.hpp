#pragma once

#include <string_view>

namespace pgapply::split {

// Whether a meta-command is psql's `\copy ... from stdin` (or `from stdout`),
// whose data psql reads from the script itself, in the lines after it up to
// one that is exactly \. -- like the data of COPY ... FROM STDIN. (`pstdin`
// is psql's own standard input, a file name is a file: no data follows.)
//
// `meta` is the whole meta item, backslash included. The arguments are read
// the way psql's parse_slash_copy() (src/bin/psql/copy.c) reads them:
//   \copy [binary] { table [ ( column, ... ) ] | ( query ) } from|to file ...
bool is_slash_copy_from_stdin(std::string_view meta);

}  // namespace pgapply::split
