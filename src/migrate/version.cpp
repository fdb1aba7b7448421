#include "migrate/version.hpp"

#include <algorithm>

namespace pgapply::migrate {

namespace {

bool is_separator(char c) { return c == '.' || c == '_'; }

// Splits a version text at its separators, one part at a time.
class Parts {
 public:
  explicit Parts(std::string_view text) : rest_(text) {}
  bool done() const { return done_; }
  // The next part without its leading zeros ("" for a part of zeros); ""
  // once every part has been taken (a missing part counts as 0).
  std::string_view next() {
    if (done_) return {};
    const auto end = std::find_if(rest_.begin(), rest_.end(), is_separator);
    const auto length = static_cast<std::size_t>(end - rest_.begin());
    std::string_view part = rest_.substr(0, length);
    if (length == rest_.size()) {
      done_ = true;
    } else {
      rest_.remove_prefix(length + 1);
    }
    const auto first = part.find_first_not_of('0');
    return first == std::string_view::npos ? std::string_view{} : part.substr(first);
  }

 private:
  std::string_view rest_;
  bool done_ = false;
};

// Compares two parts without leading zeros as numbers.
int compare_parts(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  const int order = a.compare(b);
  return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

}  // namespace

bool is_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_version_text(std::string_view text) {
  if (text.empty()) return false;
  bool after_digit = false;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      after_digit = true;
    } else if (is_separator(c) && after_digit) {
      after_digit = false;
    } else {
      return false;
    }
  }
  return after_digit;
}

std::string canonical_version(std::string_view text) {
  Parts parts(text);
  std::string canonical;
  std::size_t kept = 0;  // length of `canonical` up to its last non-zero part
  bool first = true;
  while (!parts.done()) {
    const std::string_view part = parts.next();
    if (!first) canonical += '.';
    canonical += part.empty() ? std::string_view("0") : part;
    if (first || !part.empty()) kept = canonical.size();
    first = false;
  }
  canonical.resize(kept);
  return canonical.empty() ? "0" : canonical;
}

std::string repeatable_key(std::string_view description) { return "r:" + std::string(description); }

bool is_repeatable_key(std::string_view key) { return key.substr(0, 2) == "r:"; }

int compare_versions(std::string_view a, std::string_view b) {
  // Most versions are one number ("4", "20240101120000"): compared without
  // splitting into parts (sorting and planning thousands of files compare
  // versions hundreds of thousands of times).
  if (is_digits(a) && is_digits(b)) {
    return compare_parts(a.substr(std::min(a.find_first_not_of('0'), a.size())),
                         b.substr(std::min(b.find_first_not_of('0'), b.size())));
  }
  if (is_repeatable_key(a) || is_repeatable_key(b)) {
    if (is_repeatable_key(a) != is_repeatable_key(b)) return is_repeatable_key(a) ? 1 : -1;
    const int order = a.compare(b);
    return order < 0 ? -1 : (order > 0 ? 1 : 0);
  }
  Parts left(a);
  Parts right(b);
  while (!left.done() || !right.done()) {
    if (const int order = compare_parts(left.next(), right.next()); order != 0) return order;
  }
  return 0;
}

}  // namespace pgapply::migrate
