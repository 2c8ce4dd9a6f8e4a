#include "runtime/unwind/cfi_rule_compiler.h"

#include "runtime/unwind/dwarf_cursor.h"
#include "runtime/unwind/eh_frame_hdr.h"

namespace memscope::unwind {

namespace {

// DW_CFA_* opcodes. The top two bits of a byte select the three compact ones.
enum CfaOpcode : std::uint8_t {
    kCfaAdvanceLocCompact = 0x40,
    kCfaOffsetCompact = 0x80,
    kCfaRestoreCompact = 0xc0,
    kCfaNop = 0x00,
    kCfaSetLoc = 0x01,
    kCfaAdvanceLoc1 = 0x02,
    kCfaAdvanceLoc2 = 0x03,
    kCfaAdvanceLoc4 = 0x04,
    kCfaOffsetExtended = 0x05,
    kCfaRestoreExtended = 0x06,
    kCfaUndefined = 0x07,
    kCfaSameValue = 0x08,
    kCfaRegister = 0x09,
    kCfaRememberState = 0x0a,
    kCfaRestoreState = 0x0b,
    kCfaDefCfa = 0x0c,
    kCfaDefCfaRegister = 0x0d,
    kCfaDefCfaOffset = 0x0e,
    kCfaDefCfaExpression = 0x0f,
    kCfaExpression = 0x10,
    kCfaOffsetExtendedSf = 0x11,
    kCfaDefCfaSf = 0x12,
    kCfaDefCfaOffsetSf = 0x13,
    kCfaValOffset = 0x14,
    kCfaValOffsetSf = 0x15,
    kCfaValExpression = 0x16,
    kCfaGnuArgsSize = 0x2e,
    kCfaGnuNegativeOffsetExtended = 0x2f,
};

// How a register of the caller is recovered. kOther covers every rule the
// compact form cannot express (another register, an expression, a value rule).
enum class SavedAs : std::uint8_t { kSame, kUndefined, kAtCfaOffset, kOther };

struct RegisterRule {
    SavedAs how = SavedAs::kSame;
    std::int64_t offset = 0;
};

struct Row {
    std::uint64_t cfa_register = kDwarfRsp;
    std::int64_t cfa_offset = 0;
    bool cfa_is_expression = false;
    RegisterRule rbp;
    RegisterRule rsp;
    RegisterRule return_address;
};

struct Cie {
    std::uint64_t code_alignment = 1;
    std::int64_t data_alignment = 1;
    std::uint64_t return_address_register = kDwarfReturnAddress;
    std::uint8_t fde_encoding = kPeAbsptr;
    bool has_augmentation_data = false;
    bool signal_frame = false;
    const std::uint8_t* instructions = nullptr;
    const std::uint8_t* end = nullptr;
};

struct Fde {
    std::uintptr_t pc_begin = 0;
    std::uintptr_t pc_end = 0;
    const std::uint8_t* instructions = nullptr;
    const std::uint8_t* end = nullptr;
};

// A record's length field: the cursor ends up after it, and end at the end of
// the record. False for the zero terminator and impossible lengths.
bool read_record_length(DwarfCursor& cursor, const std::uint8_t*& end) {
    std::uint64_t length = cursor.u32();
    if (length == 0xffffffffu) length = cursor.u64();
    if (!cursor.ok() || length == 0) return false;
    const auto start = reinterpret_cast<std::uintptr_t>(cursor.position());
    if (length > UINTPTR_MAX - start) return false;
    end = cursor.position() + length;
    return true;
}

const std::uint8_t* unbounded_end() {
    return reinterpret_cast<const std::uint8_t*>(UINTPTR_MAX);
}

bool parse_cie(const std::uint8_t* at, Cie& cie) {
    DwarfCursor cursor(at, unbounded_end());
    const std::uint8_t* end = nullptr;
    if (!read_record_length(cursor, end)) return false;
    cursor = DwarfCursor(cursor.position(), end);
    if (cursor.u32() != 0) return false;  // 0 marks a CIE in .eh_frame
    const std::uint8_t version = cursor.u8();
    if (version != 1 && version != 3) return false;
    const std::uint8_t* augmentation = cursor.position();
    while (cursor.ok() && cursor.u8() != 0) {
    }
    cie.code_alignment = cursor.uleb128();
    cie.data_alignment = cursor.sleb128();
    cie.return_address_register = version == 1 ? cursor.u8() : cursor.uleb128();
    if (!cursor.ok()) return false;
    if (augmentation[0] == 'z') {
        cie.has_augmentation_data = true;
        const std::uint64_t length = cursor.uleb128();
        const std::uint8_t* data_end = cursor.position() + length;
        if (!cursor.ok() || length > static_cast<std::uint64_t>(end - cursor.position()))
            return false;
        for (const std::uint8_t* letter = augmentation + 1; *letter != 0; ++letter) {
            if (*letter == 'R') {
                cie.fde_encoding = cursor.u8();
            } else if (*letter == 'L') {
                cursor.u8();
            } else if (*letter == 'P') {
                const std::uint8_t encoding = cursor.u8();
                // The personality routine's address is not needed; only its size is.
                DwarfCursor skip(cursor.position(), data_end);
                skip.encoded_pointer(encoding & ~kPeIndirect);
                if (!skip.ok()) return false;
                cursor.skip(static_cast<std::uint64_t>(skip.position() - cursor.position()));
            } else if (*letter == 'S') {
                cie.signal_frame = true;
            } else {
                break;  // unknown letters: the data length still lets us skip them
            }
        }
        if (!cursor.ok() || cursor.position() > data_end) return false;
        cursor.skip(static_cast<std::uint64_t>(data_end - cursor.position()));
    } else if (augmentation[0] != 0) {
        return false;  // an augmentation without 'z' cannot be skipped safely
    }
    cie.instructions = cursor.position();
    cie.end = end;
    return cursor.ok();
}

bool parse_fde(const std::uint8_t* at, Fde& fde, Cie& cie) {
    DwarfCursor cursor(at, unbounded_end());
    const std::uint8_t* end = nullptr;
    if (!read_record_length(cursor, end)) return false;
    cursor = DwarfCursor(cursor.position(), end);
    const std::uint8_t* id_field = cursor.position();
    const std::uint32_t cie_offset = cursor.u32();
    if (!cursor.ok() || cie_offset == 0) return false;  // a CIE, not an FDE
    if (!parse_cie(id_field - cie_offset, cie)) return false;
    fde.pc_begin = cursor.encoded_pointer(cie.fde_encoding);
    const std::uint64_t range = cursor.encoded_pointer(cie.fde_encoding & 0x0f);
    fde.pc_end = fde.pc_begin + range;
    if (cie.has_augmentation_data) cursor.skip(cursor.uleb128());
    fde.instructions = cursor.position();
    fde.end = end;
    return cursor.ok();
}

RegisterRule* rule_of(Row& row, std::uint64_t reg, std::uint64_t return_address_register) {
    if (reg == kDwarfRbp) return &row.rbp;
    if (reg == kDwarfRsp) return &row.rsp;
    if (reg == return_address_register) return &row.return_address;
    return nullptr;  // a register the walk never restores
}

// Runs CFA instructions, stopping before the first row that starts after pc.
class CfiInterpreter {
  public:
    CfiInterpreter(const Cie& cie, std::uintptr_t pc) : cie_(cie), pc_(pc) {}

    // False on a malformed or unsupported instruction stream.
    bool run(const std::uint8_t* begin, const std::uint8_t* end, std::uintptr_t start_location) {
        DwarfCursor cursor(begin, end);
        location_ = start_location;
        while (!cursor.at_end()) {
            if (!step(cursor)) return false;
            if (!cursor.ok()) return false;
            if (reached_) return true;
        }
        return true;
    }

    Row row;
    Row initial;  // after the CIE's instructions: what DW_CFA_restore goes back to

  private:
    static constexpr int kMaxRememberedStates = 8;

    bool advance(std::uint64_t delta) {
        const std::uintptr_t next = location_ + delta * cie_.code_alignment;
        if (next > pc_)
            reached_ = true;
        else
            location_ = next;
        return true;
    }

    bool set(std::uint64_t reg, SavedAs how, std::int64_t offset = 0) {
        RegisterRule* rule = rule_of(row, reg, cie_.return_address_register);
        if (rule != nullptr) *rule = RegisterRule{how, offset};
        return true;
    }

    bool restore(std::uint64_t reg) {
        RegisterRule* rule = rule_of(row, reg, cie_.return_address_register);
        const RegisterRule* saved = rule_of(initial, reg, cie_.return_address_register);
        if (rule != nullptr) *rule = *saved;
        return true;
    }

    bool step(DwarfCursor& c) {
        const std::uint8_t op = c.u8();
        const std::uint8_t operand = op & 0x3f;
        switch (op & 0xc0) {
            case kCfaAdvanceLocCompact:
                return advance(operand);
            case kCfaOffsetCompact:
                return set(operand, SavedAs::kAtCfaOffset,
                           static_cast<std::int64_t>(c.uleb128()) * cie_.data_alignment);
            case kCfaRestoreCompact:
                return restore(operand);
            default:
                break;
        }
        switch (op) {
            case kCfaNop:
                return true;
            case kCfaSetLoc: {
                const std::uintptr_t next = c.encoded_pointer(cie_.fde_encoding);
                if (next > pc_)
                    reached_ = true;
                else
                    location_ = next;
                return true;
            }
            case kCfaAdvanceLoc1:
                return advance(c.u8());
            case kCfaAdvanceLoc2:
                return advance(c.u16());
            case kCfaAdvanceLoc4:
                return advance(c.u32());
            case kCfaOffsetExtended: {
                const std::uint64_t reg = c.uleb128();
                return set(reg, SavedAs::kAtCfaOffset,
                           static_cast<std::int64_t>(c.uleb128()) * cie_.data_alignment);
            }
            case kCfaOffsetExtendedSf: {
                const std::uint64_t reg = c.uleb128();
                return set(reg, SavedAs::kAtCfaOffset, c.sleb128() * cie_.data_alignment);
            }
            case kCfaGnuNegativeOffsetExtended: {
                const std::uint64_t reg = c.uleb128();
                return set(reg, SavedAs::kAtCfaOffset,
                           -static_cast<std::int64_t>(c.uleb128()) * cie_.data_alignment);
            }
            case kCfaRestoreExtended:
                return restore(c.uleb128());
            case kCfaUndefined:
                return set(c.uleb128(), SavedAs::kUndefined);
            case kCfaSameValue:
                return set(c.uleb128(), SavedAs::kSame);
            case kCfaRegister: {
                const std::uint64_t reg = c.uleb128();
                c.uleb128();
                return set(reg, SavedAs::kOther);
            }
            case kCfaValOffset: {
                const std::uint64_t reg = c.uleb128();
                c.uleb128();
                return set(reg, SavedAs::kOther);
            }
            case kCfaValOffsetSf: {
                const std::uint64_t reg = c.uleb128();
                c.sleb128();
                return set(reg, SavedAs::kOther);
            }
            case kCfaExpression:
            case kCfaValExpression: {
                const std::uint64_t reg = c.uleb128();
                c.skip(c.uleb128());
                return set(reg, SavedAs::kOther);
            }
            case kCfaRememberState:
                if (remembered_count_ == kMaxRememberedStates) return false;
                remembered_[remembered_count_++] = row;
                return true;
            case kCfaRestoreState: {
                if (remembered_count_ == 0) return false;
                // The whole row, CFA included, as libgcc and libunwind restore it.
                row = remembered_[--remembered_count_];
                return true;
            }
            case kCfaDefCfa:
                row.cfa_register = c.uleb128();
                row.cfa_offset = static_cast<std::int64_t>(c.uleb128());
                row.cfa_is_expression = false;
                return true;
            case kCfaDefCfaSf:
                row.cfa_register = c.uleb128();
                row.cfa_offset = c.sleb128() * cie_.data_alignment;
                row.cfa_is_expression = false;
                return true;
            case kCfaDefCfaRegister:
                row.cfa_register = c.uleb128();
                row.cfa_is_expression = false;
                return true;
            case kCfaDefCfaOffset:
                row.cfa_offset = static_cast<std::int64_t>(c.uleb128());
                return true;
            case kCfaDefCfaOffsetSf:
                row.cfa_offset = c.sleb128() * cie_.data_alignment;
                return true;
            case kCfaDefCfaExpression:
                c.skip(c.uleb128());
                row.cfa_is_expression = true;
                return true;
            case kCfaGnuArgsSize:
                c.uleb128();
                return true;
            default:
                return false;
        }
    }

    const Cie& cie_;
    std::uintptr_t pc_;
    std::uintptr_t location_ = 0;
    bool reached_ = false;
    Row remembered_[kMaxRememberedStates];
    int remembered_count_ = 0;
};

UnwindRule reduce(const Row& row) {
    if (row.return_address.how == SavedAs::kUndefined) return UnwindRule::outermost();
    if (row.cfa_is_expression || row.rsp.how != SavedAs::kSame) return UnwindRule::unknown();
    if (row.return_address.how != SavedAs::kAtCfaOffset || row.return_address.offset != -8)
        return UnwindRule::unknown();
    UnwindRule rule;
    if (row.cfa_register == kDwarfRsp)
        rule.kind = RuleKind::kCfaRsp;
    else if (row.cfa_register == kDwarfRbp)
        rule.kind = RuleKind::kCfaRbp;
    else
        return UnwindRule::unknown();
    if (row.cfa_offset < 0 || row.cfa_offset >= UnwindRule::kMaxCfaOffset)
        return UnwindRule::unknown();
    rule.cfa_offset = static_cast<std::uint32_t>(row.cfa_offset);
    if (row.rbp.how == SavedAs::kAtCfaOffset) {
        const std::int64_t offset = row.rbp.offset;
        if (offset >= 0 || offset % 8 != 0 || -offset / 8 >= UnwindRule::kMaxRbpSlot)
            return UnwindRule::unknown();
        rule.rbp_slot = static_cast<std::uint32_t>(-offset / 8);
    } else if (row.rbp.how != SavedAs::kSame) {
        return UnwindRule::unknown();
    }
    return rule;
}

}  // namespace

UnwindRule compile_rule_from_fde(const std::uint8_t* fde_bytes, std::uintptr_t pc) {
    if (fde_bytes == nullptr) return UnwindRule::unknown();
    Cie cie;
    Fde fde;
    if (!parse_fde(fde_bytes, fde, cie)) return UnwindRule::unknown();
    if (pc < fde.pc_begin || pc >= fde.pc_end) return UnwindRule::unknown();
    // Signal trampolines restore every register from the kernel's frame.
    if (cie.signal_frame || cie.code_alignment == 0) return UnwindRule::unknown();
    CfiInterpreter interpreter(cie, pc);
    // The CIE's instructions describe the function's entry: all of them apply.
    if (!interpreter.run(cie.instructions, cie.end, 0)) return UnwindRule::unknown();
    interpreter.initial = interpreter.row;
    if (!interpreter.run(fde.instructions, fde.end, fde.pc_begin)) return UnwindRule::unknown();
    return reduce(interpreter.row);
}

UnwindRule compile_rule(const std::uint8_t* eh_frame_hdr, std::uintptr_t pc) {
    return compile_rule_from_fde(find_fde(eh_frame_hdr, SIZE_MAX, pc), pc);
}

}  // namespace memscope::unwind
