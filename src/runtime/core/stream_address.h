// Where a recorder streams its trace: "unix:PATH" (PATH may hold %p, the pid
// of each traced process) or "tcp:HOST:PORT" with HOST an IPv4 literal or a
// bracketed IPv6 literal. Shared by the recorder (no libstdc++, no allocation:
// inet_pton and fixed buffers only) and the CLI, which checks an address before
// the program starts so a mistake is an error message rather than a warning.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "runtime/core/output_pattern.h"

namespace memscope::runtime {

enum class StreamTransport : std::uint8_t { kNone, kUnix, kTcp };

struct StreamAddress {
    StreamTransport transport = StreamTransport::kNone;
    // kUnix: the path pattern as given (%p not yet expanded).
    char unix_pattern[sizeof(sockaddr_un::sun_path)] = {};
    // kTcp: the address in network byte order.
    int family = 0;  // AF_INET or AF_INET6
    unsigned char ip[16] = {};
    std::uint16_t port = 0;

    bool is_loopback() const {
        if (transport != StreamTransport::kTcp) return true;  // a socket file is local
        if (family == AF_INET) return ip[0] == 127;
        static constexpr unsigned char kLoopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                                         0, 0, 0, 0, 0, 0, 0, 1};
        static constexpr unsigned char kMapped4[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (std::memcmp(ip, kLoopback6, 16) == 0) return true;
        return std::memcmp(ip, kMapped4, 12) == 0 && ip[12] == 127;
    }
};

// Fills out from text; returns nullptr, or what is wrong with it.
inline const char* parse_stream_address(const char* text, StreamAddress& out) {
    out = StreamAddress();
    if (text == nullptr) return "no address given";
    if (std::strncmp(text, "unix:", 5) == 0) {
        const char* path = text + 5;
        const std::size_t length = std::strlen(path);
        if (length == 0) return "a unix: address needs a socket path";
        // Room for %p to grow into a pid (up to 10 digits instead of 2 characters).
        if (length + 9 > sizeof(out.unix_pattern) - 1)
            return "the socket path is too long (at most 98 bytes)";
        std::memcpy(out.unix_pattern, path, length + 1);
        out.transport = StreamTransport::kUnix;
        return nullptr;
    }
    if (std::strncmp(text, "tcp:", 4) != 0)
        return "the address must start with unix: or tcp: (unix:PATH, tcp:127.0.0.1:PORT)";
    const char* host = text + 4;
    const char* host_end = nullptr;
    const char* port_text = nullptr;
    if (host[0] == '[') {
        ++host;
        host_end = std::strchr(host, ']');
        if (host_end == nullptr || host_end[1] != ':') return "expected tcp:[IPV6]:PORT";
        port_text = host_end + 2;
        out.family = AF_INET6;
    } else {
        host_end = std::strrchr(host, ':');
        if (host_end == nullptr) return "expected tcp:HOST:PORT";
        port_text = host_end + 1;
        out.family = AF_INET;
    }
    char literal[64];
    const std::size_t host_length = static_cast<std::size_t>(host_end - host);
    if (host_length == 0 || host_length >= sizeof(literal))
        return "the host is missing or too long";
    std::memcpy(literal, host, host_length);
    literal[host_length] = '\0';
    if (inet_pton(out.family, literal, out.ip) != 1)
        return "the host must be an IP address (127.0.0.1 or [::1]), not a name";
    std::uint32_t port = 0;
    if (*port_text == '\0') return "the port is missing";
    for (const char* p = port_text; *p != '\0'; ++p) {
        if (*p < '0' || *p > '9') return "the port is not a number";
        port = port * 10 + static_cast<std::uint32_t>(*p - '0');
        if (port > 65535) return "the port is above 65535";
    }
    if (port == 0) return "the port must be between 1 and 65535";
    out.port = static_cast<std::uint16_t>(port);
    out.transport = StreamTransport::kTcp;
    return nullptr;
}

// The socket address of a, for the process pid (%p in a unix path becomes
// it); 0 when the expanded path does not fit.
inline socklen_t stream_socket_address(const StreamAddress& a, std::uint32_t pid,
                                       sockaddr_storage& out) {
    std::memset(&out, 0, sizeof(out));
    if (a.transport == StreamTransport::kUnix) {
        auto& un = reinterpret_cast<sockaddr_un&>(out);
        un.sun_family = AF_UNIX;
        if (!expand_output_pattern(a.unix_pattern, pid, un.sun_path, sizeof(un.sun_path))) return 0;
        return static_cast<socklen_t>(sizeof(sockaddr_un));
    }
    if (a.transport != StreamTransport::kTcp) return 0;
    if (a.family == AF_INET) {
        auto& in = reinterpret_cast<sockaddr_in&>(out);
        in.sin_family = AF_INET;
        in.sin_port = htons(a.port);
        std::memcpy(&in.sin_addr, a.ip, 4);
        return static_cast<socklen_t>(sizeof(sockaddr_in));
    }
    auto& in6 = reinterpret_cast<sockaddr_in6&>(out);
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(a.port);
    std::memcpy(&in6.sin6_addr, a.ip, 16);
    return static_cast<socklen_t>(sizeof(sockaddr_in6));
}

}  // namespace memscope::runtime
