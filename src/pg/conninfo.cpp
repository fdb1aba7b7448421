#include "pg/conninfo.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "core/edit_distance.hpp"

namespace pgapply::pg {
namespace {

constexpr std::string_view uri_prefixes[] = {"postgresql://", "postgres://"};
constexpr std::string_view redacted = "***";

struct Span {
  std::size_t start;
  std::size_t end;  // exclusive
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Where a URI's user info ends: libpq takes the first '@' (before any '/'),
// but an unescaped '@' or '/' in a password moves it; the last '@' before the
// query is where the person who wrote the URI meant it to end. npos: none.
std::size_t user_info_end(std::string_view text, std::size_t start) {
  const std::size_t query = std::min(text.find('?', start), text.size());
  const std::size_t at = text.substr(0, query).rfind('@');
  return at == std::string_view::npos || at < start ? std::string_view::npos : at;
}

std::size_t uri_prefix_length(std::string_view text) {
  for (auto prefix : uri_prefixes) {
    if (text.substr(0, prefix.size()) == prefix) return prefix.size();
  }
  return 0;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding as libpq does it; a malformed escape is kept as is.
std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// URI: scheme://[user[:password]@]netloc[,netloc...][/dbname][?key=value&...]
void uri_secret_spans(std::string_view text, std::vector<Span>& spans) {
  const std::size_t start = uri_prefix_length(text);
  const std::size_t at = user_info_end(text, start);
  std::size_t rest = start;
  if (at != std::string_view::npos) {
    // user:password, the ':' before any '/' (else the '@' is in the
    // database name: postgresql://host/db:x@y).
    const std::size_t colon = text.find(':', start);
    if (colon < at && colon < text.find('/', start) && colon + 1 < at) spans.push_back({colon + 1, at});
    rest = at + 1;
  }
  std::size_t query = text.find('?', rest);
  if (query == std::string_view::npos) return;
  std::size_t pos = query + 1;
  while (pos <= text.size()) {
    std::size_t end = text.find('&', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view param = text.substr(pos, end - pos);
    std::size_t equals = param.find('=');
    if (equals != std::string_view::npos &&
        looks_like_password_key(percent_decode(param.substr(0, equals))) && equals + 1 < param.size()) {
      spans.push_back({pos + equals + 1, end});
    }
    pos = end + 1;
  }
}

// A value of a keyword=value string from `pos`: quoted or bare, with
// backslash escapes. Returns the span it covers (quotes included).
Span conninfo_value_span(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  if (pos < text.size() && text[pos] == '\'') {
    ++end;
    while (end < text.size()) {
      if (text[end] == '\\') {
        end += 2;
      } else if (text[end] == '\'') {
        ++end;
        break;
      } else {
        ++end;
      }
    }
  } else {
    while (end < text.size() && !is_space(text[end])) end += text[end] == '\\' ? 2 : 1;
  }
  return {pos, std::min(end, text.size())};
}

// Whether a value's quote, if it has one, is closed: libpq refuses an
// unterminated one, and the value then runs to the end of the text.
bool quote_closed(std::string_view text, Span value) {
  if (value.start >= text.size() || text[value.start] != '\'') return true;
  for (std::size_t i = value.start + 1; i < value.end; ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '\'') {
      return true;
    }
  }
  return false;
}

std::size_t skip_space(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_space(text[pos])) ++pos;
  return pos;
}

// keyword = value [keyword = value ...]
void keyword_secret_spans(std::string_view text, std::size_t offset, std::vector<Span>& spans) {
  std::size_t pos = 0;
  bool after_secret = false;  // the previous token was a password's value
  while ((pos = skip_space(text, pos)) < text.size()) {
    const std::size_t keyword_start = pos;
    while (pos < text.size() && text[pos] != '=' && !is_space(text[pos])) ++pos;
    const std::string_view keyword = text.substr(keyword_start, pos - keyword_start);
    pos = skip_space(text, pos);
    if (pos >= text.size() || text[pos] != '=') {
      // A bare word, which libpq rejects ("missing "=" after ..."): after a
      // password it is most likely the rest of an unquoted password.
      if (after_secret) {
        spans.push_back({offset + keyword_start, offset + keyword_start + keyword.size()});
      } else if (looks_like_password_key(keyword)) {
        Span value = conninfo_value_span(text, pos);
        if (value.end > value.start) spans.push_back({offset + value.start, offset + value.end});
        pos = value.end;
        after_secret = true;
      }
      continue;
    }
    pos = skip_space(text, pos + 1);
    Span value = conninfo_value_span(text, pos);
    after_secret = false;
    if (looks_like_password_key(keyword)) {
      if (value.end > value.start) spans.push_back({offset + value.start, offset + value.end});
      after_secret = true;
    } else if (keyword == "dbname") {
      // Only the dbname given to PQconnectdbParams is expanded, but a URI
      // written here still shows its password when the string is printed.
      std::string_view inner = text.substr(value.start, value.end - value.start);
      if (is_connection_uri(inner)) {
        std::vector<Span> inner_spans;
        uri_secret_spans(inner, inner_spans);
        for (auto span : inner_spans) {
          spans.push_back({offset + value.start + span.start, offset + value.start + span.end});
        }
      }
    }
    // dbname='x password=secret: what the open quote swallowed was meant as
    // more pairs, which libpq's "unterminated quoted string" quotes back
    if (!looks_like_password_key(keyword) && !quote_closed(text, value)) {
      keyword_secret_spans(text.substr(value.start + 1), offset + value.start + 1, spans);
    }
    pos = value.end;
  }
}

std::vector<Span> secret_spans(std::string_view text) {
  std::vector<Span> spans;
  if (is_connection_uri(text)) {
    uri_secret_spans(text, spans);
  } else if (text.find('=') != std::string_view::npos) {
    keyword_secret_spans(text, 0, spans);
  }
  std::sort(spans.begin(), spans.end(), [](Span a, Span b) { return a.start < b.start; });
  return spans;
}

// The value a keyword=value token stands for: quotes removed, escapes resolved.
std::string unescape_conninfo_value(std::string_view raw) {
  std::string out;
  std::size_t i = 0;
  std::size_t end = raw.size();
  if (!raw.empty() && raw.front() == '\'') {
    i = 1;
    if (end > 1 && raw.back() == '\'') --end;
  }
  for (; i < end; ++i) {
    if (raw[i] == '\\' && i + 1 < end) ++i;
    out += raw[i];
  }
  return out;
}

}  // namespace

// password and sslpassword, and every key that looks meant for a password:
// libpq refuses a mistyped key (PASSWORD=, passwrd=, pwd=) but the string
// is still printed, so its value is hidden all the same. passfile names a
// file, not a secret.
bool looks_like_password_key(std::string_view keyword) {
  std::string key;
  bool pw_word = false;  // "pw" as a word of its own: db_pw, app-pw (not "npw...")
  std::string word;
  for (std::size_t i = 0; i <= keyword.size(); ++i) {
    char c = i < keyword.size() ? keyword[i] : '_';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (is_alnum(c)) {
      key += c;
      word += c;
      continue;
    }
    pw_word = pw_word || word == "pw";
    word.clear();
  }
  if (key == "passfile") return false;
  // (sslkey is a file's name: keys count only as API, private and access keys)
  return key.find("pass") != std::string::npos || key.find("pwd") != std::string::npos || pw_word ||
         key.find("secret") != std::string::npos || key.find("token") != std::string::npos ||
         key.find("apikey") != std::string::npos || key.find("privatekey") != std::string::npos ||
         key.find("accesskey") != std::string::npos || key.find("credential") != std::string::npos ||
         (key.size() >= 5 && edit_distance(key, "password") <= 2);
}

bool is_connection_uri(std::string_view text) { return uri_prefix_length(text) > 0; }

bool looks_like_uri_without_scheme(std::string_view text) {
  if (text.find('=') != std::string_view::npos || is_connection_uri(text)) return false;
  const auto at = text.rfind('@');
  return at != std::string_view::npos && text.substr(0, at).find(':') != std::string_view::npos;
}

namespace {

constexpr std::string_view uri_scheme = "postgresql://";

}  // namespace

std::string redact_password(std::string_view conninfo_or_uri) {
  if (looks_like_uri_without_scheme(conninfo_or_uri)) {
    // Read as the URI it was meant to be.
    return redact_password(std::string(uri_scheme) + std::string(conninfo_or_uri)).substr(uri_scheme.size());
  }
  std::string out;
  std::size_t copied = 0;
  for (auto span : secret_spans(conninfo_or_uri)) {
    if (span.start < copied) continue;  // nested in one already redacted
    out.append(conninfo_or_uri.substr(copied, span.start - copied));
    out.append(redacted);
    copied = span.end;
  }
  out.append(conninfo_or_uri.substr(copied));
  return out;
}

namespace {

// Drops each `key=***` from `pairs`, the separators between them `separator`.
std::string without_redacted_pairs(std::string_view pairs, char separator) {
  std::string out;
  std::size_t from = 0;
  while (from <= pairs.size()) {
    std::size_t end = pairs.find(separator, from);
    if (end == std::string_view::npos) end = pairs.size();
    const std::string_view pair = pairs.substr(from, end - from);
    if (!pair.ends_with(redacted)) {
      if (!out.empty()) out += separator;
      out.append(pair);
    }
    from = end + 1;
  }
  return out;
}

}  // namespace

std::optional<std::string> without_password(std::string_view conninfo_or_uri) {
  const std::string text = redact_password(conninfo_or_uri);
  if (text == conninfo_or_uri) return text;
  std::string out;
  if (is_connection_uri(text) || looks_like_uri_without_scheme(text)) {
    out = text;
    // user:***@host: the user alone
    const std::string userinfo = ":" + std::string(redacted) + "@";
    if (const auto at = out.find(userinfo); at != std::string::npos) out.replace(at, userinfo.size(), "@");
    if (const auto query = out.find('?'); query != std::string::npos) {
      const std::string params = without_redacted_pairs(std::string_view(out).substr(query + 1), '&');
      out = out.substr(0, query) + (params.empty() ? "" : "?" + params);
    }
  } else {
    // keyword = value pairs, spaces around '=' allowed: the redacted ones dropped
    std::vector<std::string> words;
    std::size_t pos = 0;
    while (pos < text.size()) {
      while (pos < text.size() && is_space(text[pos])) ++pos;
      const std::size_t start = pos;
      bool quoted = false;
      while (pos < text.size() && (quoted || !is_space(text[pos]))) {
        if (text[pos] == '\\') ++pos;
        else if (text[pos] == '\'') quoted = !quoted;
        ++pos;
      }
      if (pos > start) words.push_back(text.substr(start, std::min(pos, text.size()) - start));
    }
    // (key = value as three words, key= value and key =value as two, key=value as one)
    std::string pairs;
    for (std::size_t i = 0; i < words.size(); ++i) {
      std::string pair = words[i];
      while (i + 1 < words.size() && (pair.ends_with('=') || words[i + 1].starts_with('='))) pair += words[++i];
      pairs += (pairs.empty() ? "" : " ") + pair;
    }
    out = without_redacted_pairs(pairs, ' ');
  }
  if (out.find(redacted) != std::string::npos) return std::nullopt;
  return out;
}

std::vector<std::string> conninfo_secrets(std::string_view conninfo_or_uri) {
  if (looks_like_uri_without_scheme(conninfo_or_uri)) {
    return conninfo_secrets(std::string(uri_scheme) + std::string(conninfo_or_uri));
  }
  std::vector<std::string> secrets;
  const bool uri = is_connection_uri(conninfo_or_uri);
  for (auto span : secret_spans(conninfo_or_uri)) {
    std::string raw(conninfo_or_uri.substr(span.start, span.end - span.start));
    std::string decoded = uri ? percent_decode(raw) : unescape_conninfo_value(raw);
    // libpq may read a password holding '@', '/', ':' or '&' as several
    // parts of the URI (a host, a port, a parameter) and quote one of them
    // back: each piece is a secret too, a short one only where libpq quotes
    // it ("ab"), so as not to hide every "ab" of the message.
    if (uri) {
      std::size_t from = 0;
      for (std::size_t i = 0; i <= raw.size(); ++i) {
        if (i < raw.size() && std::string_view("@/:&?,=").find(raw[i]) == std::string_view::npos) continue;
        if (i > from && i - from < raw.size()) {
          const std::string piece = raw.substr(from, i - from);
          secrets.push_back('"' + piece + '"');
          if (piece.size() >= 3) secrets.push_back(piece);
        }
        from = i + 1;
      }
    }
    if (decoded != raw && !decoded.empty()) secrets.push_back(decoded);
    secrets.push_back(std::move(raw));
  }
  return secrets;
}

std::string redact_secrets(std::string message, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    std::size_t pos = 0;
    while ((pos = message.find(secret, pos)) != std::string::npos) {
      const std::size_t end = pos + secret.size();
      const bool joined_before = pos > 0 && is_alnum(message[pos - 1]) && is_alnum(secret.front());
      const bool joined_after = end < message.size() && is_alnum(message[end]) && is_alnum(secret.back());
      if (joined_before || joined_after) {
        pos += 1;
        continue;
      }
      message.replace(pos, secret.size(), redacted);
      pos += redacted.size();
    }
  }
  return message;
}

std::string quote_conninfo_value(std::string_view value) {
  bool bare = !value.empty();
  for (char c : value) {
    if (is_space(c) || c == '\'' || c == '\\') bare = false;
  }
  if (bare) return std::string(value);
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

std::string format_target(std::string_view user, std::string_view host, std::string_view port,
                          std::string_view dbname) {
  std::string out;
  if (!user.empty()) {
    out.append(user);
    out += '@';
  }
  const bool ipv6 = host.find(':') != std::string_view::npos && !host.empty() && host.front() != '/';
  if (ipv6) out += '[';
  out.append(host);
  if (ipv6) out += ']';
  if (!port.empty()) {
    out += ':';
    out.append(port);
  }
  if (!dbname.empty()) {
    out += '/';
    out.append(dbname);
  }
  return out;
}

}  // namespace pgapply::pg
