#include "split/statement_tracker.hpp"

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

bool is_routine(std::string_view word) {
  return equals_keyword(word, "function") || equals_keyword(word, "procedure");
}

}  // namespace

void StatementTracker::on_tracked_word(std::string_view word) {
  const Previous previous = previous_;
  previous_ = Previous::other;
  if (previous == Previous::body_separator && paren_depth_ == 0 && equals_keyword(word, "end")) {
    // The END of the innermost body; what follows belongs to the statement
    // that holds the body, and cannot open another one.
    --atomic_depth_;
    kind_ = Kind::other;
    return;
  }
  switch (kind_) {
    case Kind::first_word:
      // Inside a body, only a nested CREATE FUNCTION matters (a COPY there is
      // not sent by itself, so no data follows it).
      kind_ = equals_keyword(word, "create")                      ? Kind::create
              : atomic_depth_ == 0 && equals_keyword(word, "copy") ? Kind::copy
                                                                   : Kind::other;
      break;
    case Kind::create:
      kind_ = equals_keyword(word, "or") ? Kind::create_or
              : is_routine(word)         ? Kind::routine
                                         : Kind::other;
      break;
    case Kind::create_or:
      kind_ = equals_keyword(word, "replace") ? Kind::create_or_replace : Kind::other;
      break;
    case Kind::create_or_replace:
      kind_ = is_routine(word) ? Kind::routine : Kind::other;
      break;
    case Kind::routine:
      if (paren_depth_ != 0) break;
      if (previous == Previous::begin && equals_keyword(word, "atomic")) {
        ++atomic_depth_;
        previous_ = Previous::body_separator;  // an empty body is allowed
        kind_ = Kind::first_word;              // the body's first statement
      } else if (equals_keyword(word, "begin")) {
        previous_ = Previous::begin;
      }
      break;
    case Kind::copy:
      if (paren_depth_ != 0) break;
      // gram.y's copy_file_name reads STDIN and STDOUT alike (the client):
      // COPY t FROM STDOUT reads data from the client too.
      if (previous == Previous::from &&
          (equals_keyword(word, "stdin") || equals_keyword(word, "stdout"))) {
        copy_from_stdin_ = true;
      } else if (equals_keyword(word, "from")) {
        previous_ = Previous::from;
      }
      break;
    case Kind::other:
      break;
  }
}

void StatementTracker::on_inner_semicolon() {
  if (atomic_depth_ > 0 && paren_depth_ == 0) {
    previous_ = Previous::body_separator;
    kind_ = Kind::first_word;  // the body's next statement
  } else {
    previous_ = Previous::other;
  }
}

void StatementTracker::on_escaped_semicolon() {
  if (semicolon_ends_statement()) {
    kind_ = Kind::first_word;
    previous_ = Previous::other;
  } else {
    on_inner_semicolon();
  }
}

}  // namespace pgapply::split
