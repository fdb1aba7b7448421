#include "migrate/checksum.hpp"

#include <stdexcept>

#include <openssl/evp.h>

namespace pgapply::migrate {

namespace {

// SHA-256, fetched once: EVP_sha256() makes OpenSSL 3 look the algorithm up
// again at every EVP_DigestInit_ex, which cost about as much as hashing a
// small file.
const EVP_MD* sha256() {
  static const EVP_MD* const fetched = [] {
    const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md != nullptr ? md : EVP_sha256();
  }();
  return fetched;
}

}  // namespace

struct Checksum::Context {
  Context() : md(EVP_MD_CTX_new()) {
    if (md == nullptr) throw std::runtime_error("cannot initialise SHA-256");
    start();
  }
  void start() {
    if (EVP_DigestInit_ex(md, sha256(), nullptr) != 1) throw std::runtime_error("cannot initialise SHA-256");
  }
  ~Context() { EVP_MD_CTX_free(md); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  void add(std::string_view bytes) {
    if (!bytes.empty()) EVP_DigestUpdate(md, bytes.data(), bytes.size());
  }

  EVP_MD_CTX* md;
};

Checksum::Checksum() : context_(std::make_unique<Context>()) {}
Checksum::~Checksum() = default;
Checksum::Checksum(Checksum&&) noexcept = default;
Checksum& Checksum::operator=(Checksum&&) noexcept = default;

void Checksum::update(std::string_view bytes) {
  if (bytes.empty()) return;
  if (pending_cr_) {
    // A CR ended the previous piece: it is dropped if this piece starts with LF.
    if (bytes.front() != '\n') context_->add("\r");
    pending_cr_ = false;
  }
  std::size_t from = 0;
  while (true) {
    const auto cr = bytes.find('\r', from);
    if (cr == std::string_view::npos) {
      context_->add(bytes.substr(from));
      return;
    }
    context_->add(bytes.substr(from, cr - from));
    if (cr + 1 == bytes.size()) {
      pending_cr_ = true;
      return;
    }
    if (bytes[cr + 1] != '\n') context_->add("\r");
    from = cr + 1;
  }
}

std::string Checksum::hex_digest() {
  if (pending_cr_) context_->add("\r");
  pending_cr_ = false;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(context_->md, digest, &size);
  context_->start();
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(std::size_t{size} * 2, '\0');
  for (unsigned int i = 0; i < size; ++i) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 0x0F];
  }
  return out;
}

std::string checksum_of(std::string_view text) {
  // One context per thread, reused: making one (and OpenSSL's state behind
  // it) per text cost about as much as hashing a small file.
  thread_local Checksum checksum;
  checksum.update(text);
  return checksum.hex_digest();
}

std::string include_dependency(std::string_view path, std::string_view checksum) {
  return "include " + std::string(path) + " " + std::string(checksum);
}

std::string variable_dependency(std::string_view name, std::string_view value) {
  return "var " + std::string(name) + "=" + std::string(value);
}

std::string migration_checksum(std::string_view file_checksum, const std::vector<std::string>& dependencies) {
  if (dependencies.empty()) return std::string(file_checksum);
  std::string text = std::string(file_checksum) + '\n';
  for (const auto& line : dependencies) text += line + '\n';
  return checksum_of(text);
}

std::string sha1_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha1(), nullptr) != 1) {
    throw std::runtime_error("cannot compute SHA-1");
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace pgapply::migrate
