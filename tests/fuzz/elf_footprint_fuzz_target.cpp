// libFuzzer entry point for the ELF footprint reader (`memscope fit --binary`
// reads files it did not make): any input, taken as a whole ELF file, must
// either be refused with BinaryError or give a footprint, without crashing,
// hanging, leaking or reading out of bounds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "binary/elf_footprint.h"

namespace {

std::uint64_t hash_text(std::string_view text) {
    std::uint64_t h = text.size();
    for (const char c : text) h = h * 131 + static_cast<unsigned char>(c);
    return h;
}

// Every value goes into the checksum, so that an uninitialized or dangling one
// is read here and the sanitizers report it at the input that made it.
std::uint64_t checksum(const memscope::binary::ElfFootprint& fp) {
    std::uint64_t sum = hash_text(fp.path) ^ hash_text(fp.machine) ^ hash_text(fp.file_type);
    sum += fp.class_bits + (fp.little_endian ? 1u : 0u) + (fp.has_symbol_table() ? 2u : 0u) +
           (fp.has_section_headers ? 4u : 0u);
    sum ^= fp.text_bytes + fp.data_bytes * 3 + fp.bss_bytes * 5;
    sum ^= fp.flash_bytes * 7 + fp.ram_bytes * 11;
    sum += hash_text(fp.symbol_table);
    for (const auto& s : fp.sections) {
        sum += hash_text(s.name) ^ s.address ^ s.size;
        sum += hash_text(memscope::binary::role_name(s.role));
        sum += (s.in_flash ? 1u : 0u) + (s.in_ram ? 2u : 0u);
    }
    for (const auto& s : fp.largest_symbols) {
        sum += hash_text(s.name) ^ hash_text(s.section) ^ s.address ^ s.size;
        sum += (s.in_flash ? 1u : 0u) + (s.in_ram ? 2u : 0u);
    }
    return sum;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const memscope::binary::ElfFootprint fp =
            memscope::binary::read_elf_footprint_from_memory(data, size, "fuzz-input");
        volatile std::uint64_t keep = checksum(fp) + fp.sections.size() + fp.largest_symbols.size();
        (void)keep;
    } catch (const memscope::binary::BinaryError&) {
        // Refused input is a valid outcome.
    }
    return 0;
}
