// Parsing addresses with inet_pton, so that "::ffff:10.0.0.1", "0:0::1" and "::1" are read
// the way the kernel reads them.
#include "server/client_address.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>

#include <arpa/inet.h>

#include "core/text.h"

namespace prepsearch {
namespace {

using Bytes = std::array<std::uint8_t, 16>;

// The address as 16 bytes (IPv4 as IPv4-mapped IPv6); nullopt if it is not one.
std::optional<Bytes> parse_address(const std::string& text) {
  Bytes bytes{};
  in_addr v4{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    bytes[10] = bytes[11] = 0xFF;
    std::memcpy(bytes.data() + 12, &v4, 4);
    return bytes;
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    std::memcpy(bytes.data(), &v6, 16);
    return bytes;
  }
  return std::nullopt;
}

bool is_mapped_v4(const Bytes& bytes) {
  return std::all_of(bytes.begin(), bytes.begin() + 10, [](std::uint8_t b) { return b == 0; }) &&
         bytes[10] == 0xFF && bytes[11] == 0xFF;
}

}  // namespace

bool is_ip_address(const std::string& text) { return parse_address(text).has_value(); }

bool is_loopback(const std::string& address) {
  const auto bytes = parse_address(address);
  if (!bytes) return false;
  if (is_mapped_v4(*bytes)) return (*bytes)[12] == 127;
  return std::all_of(bytes->begin(), bytes->begin() + 15, [](std::uint8_t b) { return b == 0; }) &&
         (*bytes)[15] == 1;
}

bool is_trusted_proxy(const std::string& address, const std::vector<std::string>& trusted) {
  const auto bytes = parse_address(address);
  if (!bytes) return false;
  return std::any_of(trusted.begin(), trusted.end(),
                     [&](const std::string& proxy) { return parse_address(proxy) == bytes; });
}

std::string client_address(const std::string& peer, const std::string& forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  if (forwarded_for.empty() || !is_trusted_proxy(peer, trusted_proxies)) return peer;
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    std::string hop(trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1)));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (!is_ip_address(hop)) return peer;  // garbled: the proxy's own peer is all we know
    if (!is_trusted_proxy(hop, trusted_proxies)) return hop;
  }
  return peer;
}

std::string client_network(const std::string& address) {
  const auto bytes = parse_address(address);
  if (!bytes) return address;
  char text[INET6_ADDRSTRLEN] = "";
  if (is_mapped_v4(*bytes)) {
    in_addr v4{};
    std::memcpy(&v4, bytes->data() + 12, 4);
    reinterpret_cast<std::uint8_t*>(&v4)[3] = 0;
    ::inet_ntop(AF_INET, &v4, text, sizeof(text));
    return std::string(text) + "/24";
  }
  in6_addr v6{};
  std::memcpy(&v6, bytes->data(), 8);  // the rest stays zero: the /64
  ::inet_ntop(AF_INET6, &v6, text, sizeof(text));
  return std::string(text) + "/64";
}

}  // namespace prepsearch
