#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace pgapply::migrate {

// SHA-256 of a migration's text with CRLF line ends read as LF, so that a
// checkout with Windows line ends does not look like an edited file. Fed in
// pieces of any size (a CR at the end of one piece and LF at the start of the
// next still count as one line end).
class Checksum {
 public:
  Checksum();
  ~Checksum();
  Checksum(Checksum&&) noexcept;
  Checksum& operator=(Checksum&&) noexcept;

  void update(std::string_view bytes);
  // The digest as 64 lower-case hex digits. The object is spent afterwards.
  std::string hex_digest();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
  bool pending_cr_ = false;
};

// The checksum of a whole text.
std::string checksum_of(std::string_view text);

}  // namespace pgapply::migrate
