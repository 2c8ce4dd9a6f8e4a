// Which of a chunk's allocations (numbered 0, 1, ... in order) are still
// live, and their ranks counted from the newest end: rank 0 is the newest
// live allocation. Most frees name recent allocations, so both queries walk
// from the newest end and stop early: a bitmap of live sequence numbers, live
// counts per word, per block of 8 words (512 numbers) and per group of 16 blocks (8192
// numbers). A far rank costs at most 16 group, 16 block and 8 word steps.
// The bitmap's memory comes from the caller; nothing needs clearing between
// chunks (a word, block or group is overwritten when its first number is
// handed out, and nothing past the newest number is read).
#pragma once

#include <cstdint>

#include "format/word_bits.h"

namespace memscope::format {

inline constexpr std::uint32_t kLiveRankMaxSequences = 1u << 17;
inline constexpr std::uint32_t kLiveRankWords = kLiveRankMaxSequences / 64;

class LiveRankIndex {
  public:
    // words: kLiveRankWords entries.
    void reset(std::uint64_t* words) {
        words_ = words;
        count_ = 0;
        live_ = 0;
    }

    std::uint32_t count() const { return count_; }  // sequence numbers handed out
    std::uint32_t live() const { return live_; }

    // Hands out sequence number count(), live. Requires count() < kLiveRankMaxSequences.
    void push() {
        const std::uint32_t seq = count_++;
        const std::uint64_t bit = std::uint64_t{1} << (seq % 64);
        std::uint64_t& word = words_[seq / 64];
        word = seq % 64 == 0 ? bit : word | bit;
        std::uint8_t& in_word = word_live_[seq / 64];
        in_word = seq % 64 == 0 ? 1 : static_cast<std::uint8_t>(in_word + 1);
        std::uint16_t& block = block_live_[seq / kBlockBits];
        block = seq % kBlockBits == 0 ? 1 : static_cast<std::uint16_t>(block + 1);
        std::uint16_t& group = group_live_[seq / kGroupBits];
        group = seq % kGroupBits == 0 ? 1 : static_cast<std::uint16_t>(group + 1);
        ++live_;
    }

    bool is_live(std::uint32_t seq) const { return ((words_[seq / 64] >> (seq % 64)) & 1) != 0; }

    // Requires seq live.
    void kill(std::uint32_t seq) {
        words_[seq / 64] &= ~(std::uint64_t{1} << (seq % 64));
        --word_live_[seq / 64];
        --block_live_[seq / kBlockBits];
        --group_live_[seq / kGroupBits];
        --live_;
    }

    // Live sequence numbers after seq (seq < count()).
    std::uint32_t newer_live(std::uint32_t seq) const {
        const std::uint32_t last = count_ - 1;
        const std::uint32_t word = seq / 64;
        // Shifting twice: seq % 64 + 1 may be 64.
        std::uint32_t n = popcount64((words_[word] >> (seq % 64)) >> 1);
        const std::uint32_t word_end = min(word | (kBlockWords - 1), last / 64);
        for (std::uint32_t w = word + 1; w <= word_end; ++w) n += word_live_[w];
        const std::uint32_t block = seq / kBlockBits;
        const std::uint32_t block_end = min(block | (kGroupBlocks - 1), last / kBlockBits);
        for (std::uint32_t b = block + 1; b <= block_end; ++b) n += block_live_[b];
        for (std::uint32_t g = seq / kGroupBits + 1; g <= last / kGroupBits; ++g)
            n += group_live_[g];
        return n;
    }

    // The live sequence number with `rank` live numbers after it. Requires rank < live().
    std::uint32_t seq_of_rank(std::uint32_t rank) const {
        const std::uint32_t last = count_ - 1;
        std::uint32_t group = last / kGroupBits;
        while (rank >= group_live_[group]) rank -= group_live_[group--];
        std::uint32_t block = min(group * kGroupBlocks + kGroupBlocks - 1, last / kBlockBits);
        while (rank >= block_live_[block]) rank -= block_live_[block--];
        std::uint32_t word = min(block * kBlockWords + kBlockWords - 1, last / 64);
        while (rank >= word_live_[word]) rank -= word_live_[word--];
        return word * 64 + select_from_high(words_[word], rank);
    }

  private:
    static constexpr std::uint32_t kBlockWords = 8;
    static constexpr std::uint32_t kBlockBits = 64 * kBlockWords;
    static constexpr std::uint32_t kGroupBlocks = 16;
    static constexpr std::uint32_t kGroupBits = kBlockBits * kGroupBlocks;
    // Counts up to kGroupBits fit 16 bits.
    static_assert(kGroupBits <= 0xffff);

    static std::uint32_t min(std::uint32_t a, std::uint32_t b) { return a < b ? a : b; }

    std::uint64_t* words_ = nullptr;
    std::uint32_t count_ = 0;
    std::uint32_t live_ = 0;
    // Live counts per word, so walks skip whole words without counting bits.
    std::uint8_t word_live_[kLiveRankWords] = {};
    std::uint16_t block_live_[kLiveRankMaxSequences / kBlockBits] = {};
    std::uint16_t group_live_[kLiveRankMaxSequences / kGroupBits] = {};
};

}  // namespace memscope::format
