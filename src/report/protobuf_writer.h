// The protocol-buffers wire format, just enough to write a message by hand:
// varint and length-delimited fields (https://protobuf.dev/programming-guides/encoding/).
// pprof's profile.proto needs nothing else, and a generated-code dependency
// for one message would outweigh this file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace memscope::report {

class ProtobufWriter {
  public:
    // Wire type 0. int64 fields are written as their two's complement, as
    // protobuf does (a negative value takes ten bytes).
    void uint64_field(std::uint32_t field, std::uint64_t value);
    void int64_field(std::uint32_t field, std::int64_t value) {
        uint64_field(field, static_cast<std::uint64_t>(value));
    }
    void bool_field(std::uint32_t field, bool value) { uint64_field(field, value ? 1 : 0); }

    // Wire type 2: strings, bytes and embedded messages.
    void bytes_field(std::uint32_t field, std::string_view bytes);
    void message_field(std::uint32_t field, const ProtobufWriter& message) {
        bytes_field(field, message.bytes());
    }
    // A packed repeated varint field (the proto3 default for repeated scalars).
    void packed_uint64_field(std::uint32_t field, const std::vector<std::uint64_t>& values);
    void packed_int64_field(std::uint32_t field, const std::vector<std::int64_t>& values);

    const std::string& bytes() const { return out_; }

    static void append_varint(std::string& out, std::uint64_t value);

  private:
    void tag(std::uint32_t field, std::uint32_t wire_type);

    std::string out_;
};

}  // namespace memscope::report
