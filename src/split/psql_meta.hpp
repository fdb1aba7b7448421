#pragma once

#include <string_view>

namespace pgapply::split {

// What the splitter must know of psql's meta-commands: which ones are
// followed by COPY data.

// Whether a meta-command is psql's `\copy ... from stdin` (or `from stdout`),
// whose data psql reads from the script itself, in the lines after it up to
// one that is exactly \. -- like the data of COPY ... FROM STDIN. (`pstdin`
// is psql's own standard input, a file name is a file: no data follows.)
//
// `meta` is the whole meta item, backslash included. The arguments are read
// the way psql's parse_slash_copy() (src/bin/psql/copy.c) reads them:
//   \copy [binary] { table [ ( column, ... ) ] | ( query ) } from|to file ...
bool is_slash_copy_from_stdin(std::string_view meta);

// Whether a meta-command is \g or \gx (with or without arguments), which send
// the query buffer: a COPY ... FROM STDIN sent so reads its data from the
// lines after the meta-command, as one ended by ';' does.
bool sends_query_buffer(std::string_view meta);

}  // namespace pgapply::split
