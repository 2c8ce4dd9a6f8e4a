#include "report/protobuf_writer.h"

namespace memscope::report {

namespace {

constexpr std::uint32_t kWireVarint = 0;
constexpr std::uint32_t kWireLengthDelimited = 2;

}  // namespace

void ProtobufWriter::append_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

void ProtobufWriter::tag(std::uint32_t field, std::uint32_t wire_type) {
    append_varint(out_, (std::uint64_t{field} << 3) | wire_type);
}

void ProtobufWriter::uint64_field(std::uint32_t field, std::uint64_t value) {
    tag(field, kWireVarint);
    append_varint(out_, value);
}

void ProtobufWriter::bytes_field(std::uint32_t field, std::string_view bytes) {
    tag(field, kWireLengthDelimited);
    append_varint(out_, bytes.size());
    out_.append(bytes);
}

void ProtobufWriter::packed_uint64_field(std::uint32_t field,
                                         const std::vector<std::uint64_t>& values) {
    if (values.empty()) return;  // an empty packed field is simply absent
    std::string payload;
    for (const std::uint64_t v : values) append_varint(payload, v);
    bytes_field(field, payload);
}

void ProtobufWriter::packed_int64_field(std::uint32_t field,
                                        const std::vector<std::int64_t>& values) {
    if (values.empty()) return;
    std::string payload;
    for (const std::int64_t v : values) append_varint(payload, static_cast<std::uint64_t>(v));
    bytes_field(field, payload);
}

}  // namespace memscope::report
