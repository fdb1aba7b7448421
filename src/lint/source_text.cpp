#include "lint/source_text.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/utf8.hpp"
#include "lint/rules.hpp"
#include "split/splitter.hpp"

namespace pgapply::lint {

namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// A `--` comment, or a `/* ... */` one alone on its line (a lint-ignore may
// be written either way).
bool is_comment_line(std::string_view line) {
  const std::string_view text = trim(line);
  return text.starts_with("--") || (text.size() >= 4 && text.starts_with("/*") && text.ends_with("*/"));
}

// `text` starts with the word `word` (then a space, a tab or its end): the
// rest after it.
bool starts_with_ignoring_case(std::string_view text, std::string_view lower) {
  if (text.size() < lower.size()) return false;
  for (std::size_t i = 0; i < lower.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != lower[i]) return false;
  }
  return true;
}

std::optional<std::string_view> after_word(std::string_view text, std::string_view word) {
  if (text.substr(0, word.size()) != word) return std::nullopt;
  text = text.substr(word.size());
  if (!text.empty() && text[0] != ' ' && text[0] != '\t') return std::nullopt;  // lint-ignored, say
  return text;
}

// One rule named in a comment: squawk's other names stand for pgapply's
// rules; one that does not exist (or cannot be configured) is `unknown`.
void add_rule(const std::string& rule, IgnoreComment& out) {
  if (rule.empty()) return;
  const auto named = rules_named(rule);
  if (named.empty() || find_rule(named.front())->default_state == RuleDefault::always) {
    out.rules.push_back(rule);
    out.unknown.push_back(rule);
  }
  for (const std::string_view id : named) {
    if (std::find(out.rules.begin(), out.rules.end(), id) == out.rules.end()) out.rules.emplace_back(id);
  }
}

// squawk's own comments (squawk_linter's ignore.rs): the rules up to a
// `--` that starts a trailing comment, comma-separated.
bool parse_squawk_comment(std::string_view text, IgnoreComment& out) {
  std::optional<std::string_view> rest = after_word(text, "squawk-ignore-file");
  const bool whole_file = rest.has_value();
  if (!rest) rest = after_word(text, "squawk-ignore");
  if (!rest) return false;
  out = IgnoreComment{};
  out.kind = whole_file ? IgnoreKind::squawk_ignore_file : IgnoreKind::squawk_ignore;
  std::string_view list = *rest;
  if (const auto comment = list.find("--"); comment != std::string_view::npos) {
    out.reason = std::string(trim(list.substr(comment + 2)));
    list = list.substr(0, comment);
  }
  // squawk asks for no reason: an ignore without one is still valid.
  if (out.reason.empty()) out.reason = "(" + out.directive() + " comment, no reason given)";
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = std::min(list.find(',', start), list.size());
    add_rule(std::string(trim(list.substr(start, comma - start))), out);
    start = comma + 1;
  }
  return true;
}

// squawk's comment after a statement on its line, or as a block comment
// (`/* squawk-ignore RULE */`): squawk reads every comment. (A line holding
// such text in a string is taken for one too: the words are squawk's own.)
bool parse_squawk_comment_in_line(std::string_view line, IgnoreComment& out) {
  for (const std::string_view opening : {std::string_view("--"), std::string_view("/*")}) {
    for (std::size_t at = line.find(opening); at != std::string_view::npos; at = line.find(opening, at + 2)) {
      std::string_view text = trim(line.substr(at + 2));
      // A `--` comment runs to the line's end: one after it is its text
      // ("-- note -- squawk-ignore x" is no ignore to squawk either).
      if (!text.starts_with("squawk-ignore")) {
        if (opening == "--") break;
        continue;
      }
      if (opening == "/*") {
        const auto close = text.find("*/");
        if (close == std::string_view::npos) continue;
        text = trim(text.substr(0, close));
      }
      if (!parse_squawk_comment(text, out)) return false;
      out.block = opening == "/*";
      return true;
    }
  }
  return false;
}

// Per line (0-based): whether a `--` comment outside strings, dollar quotes
// and block comments starts on it, as the splitter finds them; empty when
// the text does not split (then every comment line counts).
std::vector<bool> lines_with_real_comments(const std::string& text, const std::vector<std::size_t>& starts) {
  struct Comments : split::ItemSink {
    void on_item(const split::Item&, std::string_view) override {}
    void on_line_comment(std::size_t start, std::size_t) override { offsets.push_back(start); }
    std::vector<std::size_t> offsets;
  } comments;
  try {
    split::split(text, comments);
  } catch (const std::exception&) {
    return {};
  }
  std::vector<bool> real(starts.size(), false);
  for (const std::size_t offset : comments.offsets) {
    const auto after = std::upper_bound(starts.begin(), starts.end(), offset);
    real[static_cast<std::size_t>(after - starts.begin()) - 1] = true;
  }
  return real;
}

}  // namespace

std::string IgnoreComment::directive() const {
  switch (kind) {
    case IgnoreKind::lint_ignore: return "lint-ignore";
    case IgnoreKind::squawk_ignore: return "squawk-ignore";
    case IgnoreKind::squawk_ignore_file: return "squawk-ignore-file";
  }
  return "";
}

bool parse_ignore_comment(std::string_view line, IgnoreComment& out) {
  const std::string_view whole = trim(line);
  // -- pgapply: lint-ignore ..., or the same as a /* */ comment alone on its line.
  std::string_view comment;
  if (whole.starts_with("--")) {
    comment = trim(whole.substr(2));
  } else if (whole.size() >= 4 && whole.starts_with("/*") && whole.ends_with("*/")) {
    comment = trim(whole.substr(2, whole.size() - 4));
  }
  // In capitals (PGAPPLY: LINT-IGNORE) it is the same comment.
  constexpr std::string_view prefix = "pgapply:";
  if (!starts_with_ignoring_case(comment, prefix)) return parse_squawk_comment_in_line(line, out);
  std::string_view text = trim(comment.substr(prefix.size()));
  constexpr std::string_view word = "lint-ignore";
  if (!starts_with_ignoring_case(text, word)) return false;
  const std::optional<std::string_view> rest = after_word(text, text.substr(0, word.size()));
  if (!rest) return false;
  text = trim(*rest);
  // The rules: a comma-separated list up to the first space not after a comma.
  std::size_t end = 0;
  while (end < text.size()) {
    if (text[end] == ' ' || text[end] == '\t') {
      std::size_t next = end;
      while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
      const bool comma_around = (end > 0 && text[end - 1] == ',') || (next < text.size() && text[next] == ',');
      if (!comma_around) break;
      end = next;
      continue;
    }
    ++end;
  }
  out = IgnoreComment{};
  std::string list(text.substr(0, end));
  out.reason = std::string(trim(text.substr(end)));
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = std::min(list.find(',', start), list.size());
    add_rule(std::string(trim(std::string_view(list).substr(start, comma - start))), out);
    start = comma + 1;
  }
  return true;
}

SourceText::SourceText(std::string file, std::string text) : file_(std::move(file)), text_(std::move(text)) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') starts_.push_back(i + 1);
  }
  for (std::size_t i = 0; i < starts_.size(); ++i) {
    IgnoreComment comment;
    if (parse_ignore_comment(line(i + 1), comment)) {
      comment.line = i + 1;
      ignores_.push_back(std::move(comment));
    }
  }
  // squawk reads only comments: a squawk-ignore-file in a function's or DO
  // block's body (a string to it) silences nothing. The splitter, which
  // knows, reads the file again only when there is one to judge.
  const auto judged = [](const IgnoreComment& comment) { return comment.whole_file() && !comment.block; };
  if (std::any_of(ignores_.begin(), ignores_.end(), judged)) {
    const std::vector<bool> real = lines_with_real_comments(text_, starts_);
    if (!real.empty()) {
      std::erase_if(ignores_, [&](const IgnoreComment& comment) { return judged(comment) && !real[comment.line - 1]; });
    }
  }
}

std::string_view SourceText::line(std::size_t line) const {
  if (line == 0 || line > starts_.size()) return {};
  const std::size_t begin = starts_[line - 1];
  std::size_t end = line < starts_.size() ? starts_[line] - 1 : text_.size();
  if (end > begin && text_[end - 1] == '\r') --end;
  const std::string_view text = std::string_view(text_).substr(begin, end - begin);
  // A byte order mark is not part of the first line: statements (and their
  // columns) start after it, and shown it would be noise in a terminal.
  return line == 1 ? without_byte_order_mark(text) : text;
}

std::vector<std::size_t> SourceText::ignores_for(const std::vector<std::size_t>& anchors, std::size_t line) const {
  std::vector<std::size_t> out;
  if (anchors.empty()) return out;
  for (std::size_t i = 0; i < ignores_.size(); ++i) {
    const IgnoreComment& comment = ignores_[i];
    if (comment.whole_file() ||
        (comment.kind == IgnoreKind::squawk_ignore && (comment.line == line || comment.line + 1 == line))) {
      out.push_back(i);
    }
  }
  for (const std::size_t anchor : anchors) {
    for (std::size_t above = anchor; above > 1 && is_comment_line(this->line(above - 1)); --above) {
      // ignores_ is in line order
      const auto found = std::lower_bound(ignores_.begin(), ignores_.end(), above - 1,
                                          [](const IgnoreComment& c, std::size_t l) { return c.line < l; });
      if (found == ignores_.end() || found->line != above - 1) continue;
      const auto index = static_cast<std::size_t>(found - ignores_.begin());
      if (std::find(out.begin(), out.end(), index) == out.end()) out.push_back(index);
    }
  }
  return out;
}

}  // namespace pgapply::lint
