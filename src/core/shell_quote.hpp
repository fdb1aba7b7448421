#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pgapply {

// A word for a POSIX shell, for commands pgapply prints as hints: as it is
// when it holds only characters no shell treats specially, else in single
// quotes (a ' inside written '\'').
std::string shell_word(std::string_view word);

// What the user writes in place of a hint's placeholder: hints print it as
// '...' (--reason '...'), the one placeholder style they use.
inline constexpr std::string_view hint_placeholder = "...";

// Whether a reason the user wrote says nothing: empty, or only blanks
// (--reason '  ' is recorded as no reason at all would be).
inline bool says_nothing(std::string_view reason) {
  return reason.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// `pgapply WORDS...` with each word shell-quoted (hint_placeholder as '...'):
// the hint of a layer that does not know the run's options (the engine's
// pgapply_command adds them).
std::string pgapply_words(const std::vector<std::string>& words);

// One word of a printed command: shell_word, and hint_placeholder quoted.
std::string hint_word(std::string_view word);

}  // namespace pgapply
