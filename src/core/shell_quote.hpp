#pragma once

#include <string>
#include <string_view>

namespace pgapply {

// A word for a POSIX shell, for commands pgapply prints as hints: as it is
// when it holds only characters no shell treats specially, else in single
// quotes (a ' inside written '\'').
std::string shell_word(std::string_view word);

}  // namespace pgapply
