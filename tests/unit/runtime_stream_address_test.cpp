#include <gtest/gtest.h>

#include <string>

#include "runtime/core/stream_address.h"

namespace {

using memscope::runtime::parse_stream_address;
using memscope::runtime::stream_socket_address;
using memscope::runtime::StreamAddress;
using memscope::runtime::StreamTransport;

TEST(StreamAddress, UnixPathWithPidPattern) {
    StreamAddress a;
    ASSERT_EQ(parse_stream_address("unix:/run/user/1/memscope/%p.sock", a), nullptr);
    EXPECT_EQ(a.transport, StreamTransport::kUnix);
    EXPECT_TRUE(a.is_loopback());
    sockaddr_storage out;
    ASSERT_NE(stream_socket_address(a, 4321, out), 0u);
    EXPECT_STREQ(reinterpret_cast<sockaddr_un&>(out).sun_path, "/run/user/1/memscope/4321.sock");
}

TEST(StreamAddress, TcpLoopbackAndRemote) {
    StreamAddress a;
    ASSERT_EQ(parse_stream_address("tcp:127.0.0.1:7000", a), nullptr);
    EXPECT_EQ(a.transport, StreamTransport::kTcp);
    EXPECT_EQ(a.port, 7000);
    EXPECT_TRUE(a.is_loopback());
    sockaddr_storage out;
    ASSERT_EQ(stream_socket_address(a, 1, out), sizeof(sockaddr_in));
    EXPECT_EQ(ntohs(reinterpret_cast<sockaddr_in&>(out).sin_port), 7000);

    ASSERT_EQ(parse_stream_address("tcp:127.8.9.10:1", a), nullptr);
    EXPECT_TRUE(a.is_loopback());
    ASSERT_EQ(parse_stream_address("tcp:[::1]:65535", a), nullptr);
    EXPECT_TRUE(a.is_loopback());
    EXPECT_EQ(a.port, 65535);
    ASSERT_EQ(parse_stream_address("tcp:[::ffff:127.0.0.1]:80", a), nullptr);
    EXPECT_TRUE(a.is_loopback());

    ASSERT_EQ(parse_stream_address("tcp:0.0.0.0:7000", a), nullptr);
    EXPECT_FALSE(a.is_loopback());
    ASSERT_EQ(parse_stream_address("tcp:192.168.1.4:7000", a), nullptr);
    EXPECT_FALSE(a.is_loopback());
    ASSERT_EQ(parse_stream_address("tcp:[::]:7000", a), nullptr);
    EXPECT_FALSE(a.is_loopback());
}

TEST(StreamAddress, MalformedAddressesSayWhy) {
    StreamAddress a;
    const struct {
        const char* text;
        const char* words;
    } cases[] = {
        {"udp:127.0.0.1:1", "unix: or tcp:"},
        {"unix:", "socket path"},
        {"tcp:127.0.0.1", "HOST:PORT"},
        {"tcp:localhost:80", "IP address"},
        {"tcp:127.0.0.1:0", "between 1 and 65535"},
        {"tcp:127.0.0.1:70000", "65535"},
        {"tcp:127.0.0.1:8x", "not a number"},
        {"tcp:127.0.0.1:", "missing"},
        {"tcp:[::1:80", "[IPV6]"},
    };
    for (const auto& c : cases) {
        const char* problem = parse_stream_address(c.text, a);
        ASSERT_NE(problem, nullptr) << c.text;
        EXPECT_NE(std::string(problem).find(c.words), std::string::npos)
            << c.text << ": " << problem;
        EXPECT_EQ(a.transport, StreamTransport::kNone) << c.text;
    }
    const std::string long_path = "unix:/" + std::string(120, 'x');
    EXPECT_NE(parse_stream_address(long_path.c_str(), a), nullptr);
}

}  // namespace
