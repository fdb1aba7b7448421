#pragma once

namespace pgapply::io {

// Opens /dev/null on each of descriptors 0, 1 and 2 that is closed
// (`pgapply up >&-`): else the first connection's socket would take the
// descriptor, and what pgapply prints would go to the server.
void open_closed_standard_streams();

}  // namespace pgapply::io
