// The CFI side of the fast unwinder: the byte cursor, the .eh_frame_hdr
// search table, and the reduction of CIE + FDE programs to compact rules, on
// hand-assembled call-frame information and on this binary's own.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "runtime/unwind/cfi_rule_compiler.h"
#include "runtime/unwind/dwarf_cursor.h"
#include "runtime/unwind/eh_frame_hdr.h"
#include "runtime/unwind/rule_cache.h"
#include "runtime/unwind/unwinder_kind.h"

namespace memscope {
namespace {

using unwind::RuleKind;
using unwind::UnwindRule;

constexpr UnwindRule rsp_rule(std::uint32_t offset, std::uint32_t slot = 0) {
    return UnwindRule{RuleKind::kCfaRsp, offset, slot};
}
constexpr UnwindRule rbp_rule(std::uint32_t offset, std::uint32_t slot) {
    return UnwindRule{RuleKind::kCfaRbp, offset, slot};
}

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_u64(std::vector<std::uint8_t>& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// An .eh_frame with one CIE (code alignment 1, data alignment -8, return
// address in r16, absolute 8-byte FDE addresses) and one FDE.
struct EhFrame {
    std::vector<std::uint8_t> bytes;
    std::size_t fde_offset = 0;

    EhFrame(const char* augmentation, std::vector<std::uint8_t> cie_program, std::uint64_t pc_begin,
            std::uint64_t pc_range, std::vector<std::uint8_t> fde_program) {
        std::vector<std::uint8_t> cie = {0, 0, 0, 0, 1};  // CIE id, version 1
        for (const char* c = augmentation; *c != 0; ++c)
            cie.push_back(static_cast<std::uint8_t>(*c));
        cie.push_back(0);
        cie.insert(cie.end(), {0x01, 0x78, 0x10});  // code 1, data -8, r16
        cie.insert(cie.end(), {0x01, 0x00});        // augmentation data: R = absptr
        cie.insert(cie.end(), cie_program.begin(), cie_program.end());
        while ((cie.size() + 4) % 8 != 0) cie.push_back(0);  // DW_CFA_nop padding
        put_u32(bytes, static_cast<std::uint32_t>(cie.size()));
        bytes.insert(bytes.end(), cie.begin(), cie.end());

        fde_offset = bytes.size();
        std::vector<std::uint8_t> fde;
        put_u32(fde, static_cast<std::uint32_t>(fde_offset + 4));  // back to the CIE
        put_u64(fde, pc_begin);
        put_u64(fde, pc_range);
        fde.push_back(0);  // no augmentation data
        fde.insert(fde.end(), fde_program.begin(), fde_program.end());
        put_u32(bytes, static_cast<std::uint32_t>(fde.size()));
        bytes.insert(bytes.end(), fde.begin(), fde.end());
        put_u32(bytes, 0);  // terminator
    }

    UnwindRule rule_at(std::uintptr_t pc) const {
        return unwind::compile_rule_from_fde(bytes.data() + fde_offset, pc);
    }
};

// def_cfa rsp+8; return address at CFA-8.
const std::vector<std::uint8_t> kEntryState = {0x0c, 0x07, 0x08, 0x90, 0x01};

TEST(RuntimeUnwindCursor, ReadsLeb128AndStopsAtTheEnd) {
    const std::uint8_t bytes[] = {0xe5, 0x8e, 0x26, 0x7f, 0x80, 0x7f, 0x02};
    unwind::DwarfCursor cursor(bytes, bytes + sizeof(bytes));
    EXPECT_EQ(cursor.uleb128(), 624485u);
    EXPECT_EQ(cursor.sleb128(), -1);
    EXPECT_EQ(cursor.sleb128(), -128);
    EXPECT_EQ(cursor.u8(), 2u);
    EXPECT_TRUE(cursor.ok());
    EXPECT_EQ(cursor.u32(), 0u);
    EXPECT_FALSE(cursor.ok());
}

TEST(RuntimeUnwindCursor, UnterminatedLeb128Fails) {
    const std::uint8_t bytes[] = {0x80, 0x80};
    unwind::DwarfCursor cursor(bytes, bytes + sizeof(bytes));
    cursor.uleb128();
    EXPECT_FALSE(cursor.ok());
}

TEST(RuntimeUnwindCursor, DecodesPcRelativePointers) {
    std::uint8_t bytes[4];
    const std::int32_t delta = -16;
    std::memcpy(bytes, &delta, sizeof(delta));
    unwind::DwarfCursor cursor(bytes, bytes + sizeof(bytes));
    EXPECT_EQ(cursor.encoded_pointer(unwind::kPePcrel | unwind::kPeSdata4),
              reinterpret_cast<std::uintptr_t>(bytes) - 16);
    EXPECT_TRUE(cursor.ok());
}

TEST(RuntimeUnwindCfi, FollowsAPrologueRowByRow) {
    // push rbp; mov rsp, rbp; ...body...; then an epilogue with remember/restore.
    const EhFrame frame("zR", kEntryState, 0x1000, 0x100,
                        {0x41, 0x0e, 0x10, 0x86, 0x02,  // +1: CFA rsp+16, rbp at CFA-16
                         0x43, 0x0d, 0x06,              // +3: CFA rbp+16
                         0x02, 0x20, 0x0a,              // +0x20: remember state
                         0x0c, 0x07, 0x08,              //   CFA rsp+8 (after leave)
                         0x41, 0x0b});                  // +1: restore state
    EXPECT_EQ(frame.rule_at(0x1000), rsp_rule(8));
    EXPECT_EQ(frame.rule_at(0x1001), rsp_rule(16, 2));
    EXPECT_EQ(frame.rule_at(0x1003), rsp_rule(16, 2));
    EXPECT_EQ(frame.rule_at(0x1004), rbp_rule(16, 2));
    EXPECT_EQ(frame.rule_at(0x1023), rbp_rule(16, 2));
    EXPECT_EQ(frame.rule_at(0x1024), rsp_rule(8, 2));
    EXPECT_EQ(frame.rule_at(0x1025), rbp_rule(16, 2));
    EXPECT_EQ(frame.rule_at(0x10ff), rbp_rule(16, 2));
    EXPECT_EQ(frame.rule_at(0x1100).kind, RuleKind::kUnknown);  // past the FDE
    EXPECT_EQ(frame.rule_at(0x0fff).kind, RuleKind::kUnknown);
}

TEST(RuntimeUnwindCfi, RestoreGoesBackToTheCieState) {
    const EhFrame frame("zR", kEntryState, 0x1000, 0x10,
                        {0x41, 0x0e, 0x10, 0x86, 0x02, 0x41, 0xc6});  // +1 save rbp, +1 restore rbp
    EXPECT_EQ(frame.rule_at(0x1001), rsp_rule(16, 2));
    EXPECT_EQ(frame.rule_at(0x1002), rsp_rule(16, 0));
}

TEST(RuntimeUnwindCfi, UndefinedReturnAddressIsTheOutermostFrame) {
    const EhFrame frame("zR", kEntryState, 0x1000, 0x10, {0x07, 0x10});
    EXPECT_EQ(frame.rule_at(0x1004).kind, RuleKind::kOutermost);
}

TEST(RuntimeUnwindCfi, WhatTheCompactFormCannotSayIsUnknown) {
    // CFA computed by an expression (a PLT entry, stack realignment).
    EXPECT_EQ(
        EhFrame("zR", kEntryState, 0x1000, 0x10, {0x0f, 0x02, 0x77, 0x08}).rule_at(0x1000).kind,
        RuleKind::kUnknown);
    // CFA based on r10.
    EXPECT_EQ(EhFrame("zR", kEntryState, 0x1000, 0x10, {0x0c, 0x0a, 0x00}).rule_at(0x1000).kind,
              RuleKind::kUnknown);
    // rbp kept in another register.
    EXPECT_EQ(EhFrame("zR", kEntryState, 0x1000, 0x10, {0x09, 0x06, 0x03}).rule_at(0x1000).kind,
              RuleKind::kUnknown);
    // A signal frame.
    EXPECT_EQ(EhFrame("zRS", kEntryState, 0x1000, 0x10, {}).rule_at(0x1000).kind,
              RuleKind::kUnknown);
    // An opcode this reader does not know.
    EXPECT_EQ(EhFrame("zR", kEntryState, 0x1000, 0x10, {0x3f}).rule_at(0x1000).kind,
              RuleKind::kUnknown);
    // A program that runs off its record.
    EXPECT_EQ(EhFrame("zR", kEntryState, 0x1000, 0x10, {0x0c, 0x07}).rule_at(0x1000).kind,
              RuleKind::kUnknown);
    // An offset beyond the compact range.
    EXPECT_EQ(EhFrame("zR", kEntryState, 0x1000, 0x10, {0x0e, 0x80, 0x80, 0x80, 0x01})
                  .rule_at(0x1000)
                  .kind,
              RuleKind::kUnknown);
}

TEST(RuntimeUnwindCfi, OtherRegistersDoNotMatter) {
    // rbx saved, r12 in an expression: neither is needed to walk the stack.
    const EhFrame frame("zR", kEntryState, 0x1000, 0x10,
                        {0x83, 0x03, 0x10, 0x0c, 0x01, 0x30, 0x0e, 0x20});
    EXPECT_EQ(frame.rule_at(0x1000), rsp_rule(32));
}

TEST(RuntimeUnwindEhFrameHdr, BinarySearchFindsTheCoveringEntry) {
    std::vector<std::uint8_t> hdr = {1, unwind::kPeUdata4, unwind::kPeUdata4,
                                     unwind::kPeDatarel | unwind::kPeSdata4};
    put_u32(hdr, 0);  // eh_frame_ptr (unused)
    put_u32(hdr, 5);  // five entries
    const std::int32_t locations[] = {0x100, 0x200, 0x300, 0x400, 0x500};
    for (int i = 0; i < 5; ++i) {
        put_u32(hdr, static_cast<std::uint32_t>(locations[i]));
        put_u32(hdr, static_cast<std::uint32_t>(0x1000 + i));
    }
    const auto base = reinterpret_cast<std::uintptr_t>(hdr.data());
    const auto fde_for = [&](std::uintptr_t offset) {
        const std::uint8_t* fde = unwind::find_fde(hdr.data(), hdr.size(), base + offset);
        return fde == nullptr ? -1 : static_cast<long>(fde - hdr.data());
    };
    EXPECT_EQ(fde_for(0x0ff), -1);
    EXPECT_EQ(fde_for(0x100), 0x1000);
    EXPECT_EQ(fde_for(0x2ff), 0x1001);
    EXPECT_EQ(fde_for(0x300), 0x1002);
    EXPECT_EQ(fde_for(0x4ff), 0x1003);
    EXPECT_EQ(fde_for(0x9000), 0x1004);
    // A table that claims more entries than its bytes hold is refused.
    EXPECT_EQ(unwind::find_fde(hdr.data(), hdr.size() - 1, base + 0x100), nullptr);
    hdr[3] = unwind::kPeUdata8;  // an encoding linkers do not emit
    EXPECT_EQ(unwind::find_fde(hdr.data(), hdr.size(), base + 0x100), nullptr);
}

__attribute__((noinline)) int plain_function(int x) {
    asm volatile("" : "+r"(x));
    return x + 1;
}

const std::uint8_t* own_eh_frame_hdr(std::uintptr_t pc) {
    dl_find_object object;
    if (_dl_find_object(reinterpret_cast<void*>(pc), &object) != 0) return nullptr;
    return static_cast<const std::uint8_t*>(object.dlfo_eh_frame);
}

TEST(RuntimeUnwindCfi, ThisBinarysFunctionEntryIsRspPlus8) {
    const auto pc = reinterpret_cast<std::uintptr_t>(&plain_function);
    const std::uint8_t* hdr = own_eh_frame_hdr(pc);
    ASSERT_NE(hdr, nullptr);
    EXPECT_EQ(unwind::compile_rule(hdr, pc), rsp_rule(8));
}

TEST(RuntimeUnwindRuleCache, StoresWholeEntriesAndTellsKeysApart) {
    static unwind::RuleCache cache;  // 512 KiB: not on the test's stack
    cache.clear();
    UnwindRule rule;
    EXPECT_FALSE(cache.find(0x401000, rule));
    cache.store(0x401000, rbp_rule(16, 2));
    ASSERT_TRUE(cache.find(0x401000, rule));
    EXPECT_EQ(rule, rbp_rule(16, 2));
    cache.store(0x401001, UnwindRule::unknown());
    ASSERT_TRUE(cache.find(0x401001, rule));
    EXPECT_EQ(rule.kind, RuleKind::kUnknown);
    // A key in the same slot but another tag misses and, once stored, replaces.
    const std::uintptr_t twin = 0x401000 ^ (std::uintptr_t{1} << 16) ^ 1;
    EXPECT_FALSE(cache.find(twin, rule));
    cache.store(twin, rsp_rule(24));
    EXPECT_FALSE(cache.find(0x401000, rule));
    ASSERT_TRUE(cache.find(twin, rule));
    EXPECT_EQ(rule, rsp_rule(24));
    cache.store(0x401000, rsp_rule(unwind::UnwindRule::kMaxCfaOffset - 1, 255));
    ASSERT_TRUE(cache.find(0x401000, rule));
    EXPECT_EQ(rule, rsp_rule(unwind::UnwindRule::kMaxCfaOffset - 1, 255));
    cache.clear();
    EXPECT_FALSE(cache.find(0x401000, rule));
}

TEST(RuntimeUnwindKind, ParsesTheThreeNames) {
    unwind::UnwinderKind kind = unwind::UnwinderKind::kFast;
    ASSERT_TRUE(unwind::parse_unwinder_kind("libunwind", kind));
    EXPECT_EQ(kind, unwind::UnwinderKind::kLibunwind);
    ASSERT_TRUE(unwind::parse_unwinder_kind("fp", kind));
    EXPECT_EQ(kind, unwind::UnwinderKind::kFramePointers);
    ASSERT_TRUE(unwind::parse_unwinder_kind("fast", kind));
    EXPECT_EQ(kind, unwind::UnwinderKind::kFast);
    EXPECT_FALSE(unwind::parse_unwinder_kind("dwarf", kind));
    EXPECT_FALSE(unwind::parse_unwinder_kind(nullptr, kind));
    EXPECT_STREQ(unwind::unwinder_kind_name(unwind::UnwinderKind::kFramePointers), "fp");
}

}  // namespace
}  // namespace memscope
