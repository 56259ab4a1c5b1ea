#include "server/tokens.hpp"

#include <array>
#include <cassert>
#include <cstdlib>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace livechat::server {
namespace {

constexpr std::string_view prefix = "lct_";
constexpr std::size_t random_bytes = 24;

std::string to_hex(const unsigned char* data, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(digits[data[i] >> 4]);
    out.push_back(digits[data[i] & 0xf]);
  }
  return out;
}

} // namespace

std::string new_token() {
  std::array<unsigned char, random_bytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    std::abort(); // no entropy: handing out a guessable token is worse
  return std::string{prefix} + to_hex(bytes.data(), bytes.size());
}

std::string hash_token(std::string_view token) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  [[maybe_unused]] int ok = EVP_Digest(
    token.data(), token.size(), digest.data(), &length, EVP_sha256(), nullptr);
  assert(ok == 1 && "EVP_Digest(sha256) failed");
  return to_hex(digest.data(), length);
}

bool looks_like_token(std::string_view s) noexcept {
  if (s.size() != prefix.size() + 2 * random_bytes || !s.starts_with(prefix))
    return false;
  for (char c : s.substr(prefix.size()))
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return false;
  return true;
}

} // namespace livechat::server
