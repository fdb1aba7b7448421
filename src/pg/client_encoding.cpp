#include "pg/client_encoding.hpp"

#include <iconv.h>
#include <libpq-fe.h>

#include <string_view>
#include <utility>

namespace pgapply::pg {

namespace {

// iconv's name for a PostgreSQL encoding name: WIN1252 is CP1252, EUC_JP is
// EUC-JP, KOI8R is KOI8-R; LATIN1, SJIS, BIG5 and most others are the same.
std::string iconv_name(std::string_view name) {
  constexpr std::pair<std::string_view, std::string_view> renamed[] = {{"KOI8R", "KOI8-R"}, {"KOI8U", "KOI8-U"}};
  for (const auto& [postgres, iconv] : renamed) {
    if (postgres == name) return std::string(iconv);
  }
  if (name.starts_with("WIN")) return "CP" + std::string(name.substr(3));
  std::string out;
  for (const char c : name) out += c == '_' ? '-' : c;
  return out;
}

bool plain_ascii(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::string from_client_encoding(std::string text, const pg_conn* conn) {
  if (conn == nullptr || plain_ascii(text)) return text;
  const std::string_view name = pg_encoding_to_char(PQclientEncoding(conn));
  if (name == "UTF8" || name == "SQL_ASCII") return text;
  iconv_t converter = iconv_open("UTF-8", iconv_name(name).c_str());
  if (converter == reinterpret_cast<iconv_t>(-1)) return text;
  std::string out(text.size() * 4, '\0');
  char* in = text.data();
  std::size_t in_left = text.size();
  char* to = out.data();
  std::size_t to_left = out.size();
  const std::size_t done = iconv(converter, &in, &in_left, &to, &to_left);
  iconv_close(converter);
  if (done == static_cast<std::size_t>(-1)) return text;
  out.resize(out.size() - to_left);
  return out;
}

}  // namespace pgapply::pg
