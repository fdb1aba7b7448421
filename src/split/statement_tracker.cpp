#include "split/statement_tracker.hpp"

#include "split/grammar.hpp"

namespace pgapply::split {

bool equals_keyword(std::string_view word, std::string_view lower_keyword) {
  if (word.size() != lower_keyword.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_keyword[i]) return false;
  }
  return true;
}

namespace {

bool is_ident_byte(char c) {
  return grammar::ident_cont_class::table[static_cast<unsigned char>(c)];
}

// Skips whitespace and comments forward from p; returns where the next token starts.
const char* skip_space_and_comments(const char* p, const char* end) {
  while (p != end) {
    if (grammar::space_class::table[static_cast<unsigned char>(*p)]) {
      ++p;
    } else if (*p == '-' && p + 1 != end && p[1] == '-') {
      while (p != end && *p != '\n') ++p;
    } else if (*p == '/' && p + 1 != end && p[1] == '*') {
      std::size_t depth = 1;
      p += 2;
      while (p != end && depth > 0) {
        if (*p == '*' && p + 1 != end && p[1] == '/') {
          --depth;
          p += 2;
        } else if (*p == '/' && p + 1 != end && p[1] == '*') {
          ++depth;
          p += 2;
        } else {
          ++p;
        }
      }
    } else {
      break;
    }
  }
  return p;
}

std::string_view next_word(const char* after, const char* end) {
  const char* begin = skip_space_and_comments(after, end);
  const char* p = begin;
  while (p != end && is_ident_byte(*p)) ++p;
  return {begin, static_cast<std::size_t>(p - begin)};
}

// Whether the word starting at word_begin is in a place where it can only be
// a column name or label: right after '.', or right after AS.
bool in_name_position(const char* word_begin, const char* text_begin) {
  const char* p = word_begin;
  while (p != text_begin && grammar::space_class::table[static_cast<unsigned char>(p[-1])]) --p;
  if (p == text_begin) return false;
  if (p[-1] == '.') return true;
  const char* previous_end = p;
  while (p != text_begin && is_ident_byte(p[-1])) --p;
  return equals_keyword({p, static_cast<std::size_t>(previous_end - p)}, "as");
}

}  // namespace

void StatementTracker::on_word(const char* word_begin, const char* word_end,
                               const char* text_begin, const char* text_end) {
  if (kind_ == Kind::other) return;  // the common case: nothing to follow
  const std::string_view word{word_begin, static_cast<std::size_t>(word_end - word_begin)};
  switch (kind_) {
    case Kind::first_word:
      kind_ = equals_keyword(word, "create") ? Kind::create
              : equals_keyword(word, "copy") ? Kind::copy
                                             : Kind::other;
      break;
    case Kind::create:
      kind_ = equals_keyword(word, "or") ? Kind::create_or
              : (equals_keyword(word, "function") || equals_keyword(word, "procedure"))
                  ? Kind::routine
                  : Kind::other;
      break;
    case Kind::create_or:
      kind_ = equals_keyword(word, "replace") ? Kind::create_or_replace : Kind::other;
      break;
    case Kind::create_or_replace:
      kind_ = (equals_keyword(word, "function") || equals_keyword(word, "procedure"))
                  ? Kind::routine
                  : Kind::other;
      break;
    case Kind::routine:
      on_routine_word(word, word_begin, word_end, text_begin, text_end);
      break;
    case Kind::copy:
      if (paren_depth_ == 0) {
        if (copy_after_from_ && equals_keyword(word, "stdin")) copy_from_stdin_ = true;
        copy_after_from_ = equals_keyword(word, "from");
      }
      break;
    case Kind::other:
      break;
  }
}

void StatementTracker::on_routine_word(std::string_view word, const char* word_begin,
                                       const char* word_end, const char* text_begin,
                                       const char* text_end) {
  if (paren_depth_ != 0) return;
  if (equals_keyword(word, "begin")) {
    const std::string_view following = next_word(word_end, text_end);
    if (following.data() + following.size() == text_end) needs_more_input_ = true;
    if (equals_keyword(following, "atomic")) ++atomic_depth_;
  } else if (atomic_depth_ > 0 && equals_keyword(word, "case")) {
    if (!in_name_position(word_begin, text_begin)) ++atomic_depth_;
  } else if (atomic_depth_ > 0 && equals_keyword(word, "end")) {
    if (!in_name_position(word_begin, text_begin)) --atomic_depth_;
  }
}

}  // namespace pgapply::split
