#pragma once

#include <cstddef>

namespace pgapply::cli {

// Whether file descriptor `fd` is a terminal.
bool is_terminal(int fd);
// The terminal's width in columns (80 when it cannot be known).
std::size_t terminal_columns(int fd);

}  // namespace pgapply::cli
