// Who a request comes from: the peer, or behind a trusted proxy the address it relays, and the
// network that address belongs to (what rate limits and the query log count as one client).
#pragma once

#include <string>
#include <vector>

namespace prepsearch {

// The address a request comes from. `peer` is the socket's address; `forwarded_for` the
// X-Forwarded-For header ("" if none). A relay header counts only when the peer is one of
// `trusted_proxies`: then the rightmost address that is not itself a trusted proxy is the
// client (a client can prepend anything; the proxy appends what it saw). Anything else
// answers `peer`.
std::string client_address(const std::string& peer, const std::string& forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

// One client as the limits and counts see it: an IPv4 address's /24 ("198.51.100.0/24") or an
// IPv6 address's /64 (one host is handed a whole /64), IPv4-mapped IPv6 as IPv4. A text that
// is not an address is returned as it is.
std::string client_network(const std::string& address);

// True for 127.0.0.0/8, ::1 and ::ffff:127.x.y.z.
bool is_loopback(const std::string& address);

// True if `address` is one of the --trusted-proxy addresses (as inet_pton reads them).
bool is_trusted_proxy(const std::string& address, const std::vector<std::string>& trusted_proxies);

// True for text inet_pton reads as an IPv4 or IPv6 address.
bool is_ip_address(const std::string& text);

}  // namespace prepsearch
