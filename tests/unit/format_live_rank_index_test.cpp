// The address model's rank index and the word-level bit selection under it,
// against brute-force references: every live sequence number's rank and
// every rank's sequence number, on random and edge-case live patterns.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "format/live_rank_index.h"
#include "format/word_bits.h"

namespace memscope {
namespace {

using format::kLiveRankMaxSequences;
using format::kLiveRankWords;
using format::LiveRankIndex;

// ---- bits in a word ----------------------------------------------------------

std::vector<unsigned> set_bits(std::uint64_t x) {  // positions, lowest first
    std::vector<unsigned> bits;
    for (unsigned i = 0; i < 64; ++i) {
        if ((x >> i) & 1) bits.push_back(i);
    }
    return bits;
}

void expect_word_matches_reference(std::uint64_t x) {
    const std::vector<unsigned> bits = set_bits(x);
    ASSERT_EQ(format::popcount64(x), bits.size()) << std::hex << x;
    const auto n = static_cast<unsigned>(bits.size());
    for (unsigned k = 0; k < n; ++k) {
        EXPECT_EQ(format::select_from_low(x, k), bits[k]) << std::hex << x << " k=" << k;
        EXPECT_EQ(format::select_from_high(x, k), bits[n - 1 - k]) << std::hex << x << " k=" << k;
    }
}

TEST(WordBits, EdgeWords) {
    for (const std::uint64_t x :
         {0ull, 1ull, 1ull << 63, ~0ull, 0x8000000000000001ull, 0x5555555555555555ull,
          0xaaaaaaaaaaaaaaaaull, 0xff00000000000000ull, 0x00000000000000ffull,
          0x0100000000000080ull, 0x00ff00ff00ff00ffull, 0xfffffffffffffffeull,
          0x7fffffffffffffffull})
        expect_word_matches_reference(x);
    for (unsigned i = 0; i < 64; ++i) {
        expect_word_matches_reference(std::uint64_t{1} << i);
        expect_word_matches_reference(~(std::uint64_t{1} << i));
    }
}

TEST(WordBits, RandomWordsOfEveryDensity) {
    std::mt19937_64 rng(11);
    for (int round = 0; round < 4000; ++round) {
        // AND/OR of several random words: densities from ~0 to ~64 bits.
        std::uint64_t x = rng();
        const int mix = round % 9 - 4;
        for (int i = 0; i < (mix < 0 ? -mix : mix); ++i) x = mix < 0 ? (x & rng()) : (x | rng());
        expect_word_matches_reference(x);
    }
}

// ---- the rank index ------------------------------------------------------------

// The index on caller memory, beside a plain vector of live flags.
class IndexUnderTest {
  public:
    explicit IndexUnderTest(std::uint64_t stale_fill = 0) : words_(kLiveRankWords, stale_fill) {
        index_.reset(words_.data());
    }

    void push() {
        index_.push();
        live_.push_back(true);
    }
    void kill(std::uint32_t seq) {
        index_.kill(seq);
        live_[seq] = false;
    }
    bool is_live(std::uint32_t seq) const { return live_[seq]; }
    std::uint32_t count() const { return static_cast<std::uint32_t>(live_.size()); }
    LiveRankIndex& index() { return index_; }
    std::vector<std::uint64_t>& words() { return words_; }
    void restart() {
        index_.reset(words_.data());
        live_.clear();
    }

    // Live sequence numbers, newest first: entry r has rank r.
    std::vector<std::uint32_t> newest_first() const {
        std::vector<std::uint32_t> order;
        for (std::uint32_t seq = count(); seq-- > 0;) {
            if (live_[seq]) order.push_back(seq);
        }
        return order;
    }

    // Every rank and every live number, against the reference.
    void expect_all_queries_match() {
        ASSERT_EQ(index_.count(), count());
        const std::vector<std::uint32_t> order = newest_first();
        ASSERT_EQ(index_.live(), order.size());
        for (std::uint32_t rank = 0; rank < order.size(); ++rank) {
            ASSERT_EQ(index_.seq_of_rank(rank), order[rank]) << "rank " << rank;
            ASSERT_EQ(index_.newer_live(order[rank]), rank) << "seq " << order[rank];
        }
    }

    // The first, the last and a few random ranks (for checks inside long loops).
    void expect_some_queries_match(std::mt19937_64& rng) {
        const std::vector<std::uint32_t> order = newest_first();
        ASSERT_EQ(index_.live(), order.size());
        if (order.empty()) return;
        const auto n = static_cast<std::uint32_t>(order.size());
        for (const std::uint32_t rank : {0u, n - 1, static_cast<std::uint32_t>(rng() % n),
                                         static_cast<std::uint32_t>(rng() % n)}) {
            ASSERT_EQ(index_.seq_of_rank(rank), order[rank]) << "rank " << rank;
            ASSERT_EQ(index_.newer_live(order[rank]), rank) << "seq " << order[rank];
        }
    }

  private:
    std::vector<std::uint64_t> words_;
    LiveRankIndex index_;
    std::vector<bool> live_;
};

TEST(LiveRankIndex, OneLiveNumber) {
    IndexUnderTest t;
    t.push();
    t.expect_all_queries_match();
    EXPECT_EQ(t.index().seq_of_rank(0), 0u);
    EXPECT_EQ(t.index().newer_live(0), 0u);
}

TEST(LiveRankIndex, EveryLengthAroundWordBlockAndGroupEdges) {
    // Lengths ending just before, on and after a word (64), a block (512) and
    // a group (8192) boundary; all live, then every other one killed.
    for (const std::uint32_t n : {63u, 64u, 65u, 127u, 128u, 511u, 512u, 513u, 1023u, 1024u, 8191u,
                                  8192u, 8193u, 16384u, 16385u}) {
        IndexUnderTest t;
        for (std::uint32_t i = 0; i < n; ++i) t.push();
        t.expect_all_queries_match();
        for (std::uint32_t seq = 0; seq < n; seq += 2) t.kill(seq);
        t.expect_all_queries_match();
    }
}

TEST(LiveRankIndex, LiveOnlyAcrossBoundaries) {
    // Two survivors straddling each kind of boundary, far from the newest
    // number: the rank walk must skip whole empty words, blocks and groups.
    for (const std::uint32_t edge : {64u, 512u, 8192u, 65536u}) {
        const std::uint32_t n = std::min(3 * edge, kLiveRankMaxSequences);
        IndexUnderTest t;
        for (std::uint32_t i = 0; i < n; ++i) t.push();
        for (std::uint32_t seq = 0; seq < n; ++seq) {
            if (seq != edge - 1 && seq != edge) t.kill(seq);
        }
        t.expect_all_queries_match();
        EXPECT_EQ(t.index().seq_of_rank(0), edge);
        EXPECT_EQ(t.index().seq_of_rank(1), edge - 1);
    }
}

TEST(LiveRankIndex, FullCapacityRandomPatterns) {
    std::mt19937_64 rng(3);
    // Survival per mille: almost none, sparse, half, dense, all.
    for (const unsigned keep : {1u, 30u, 500u, 970u, 1000u}) {
        IndexUnderTest t;
        for (std::uint32_t i = 0; i < kLiveRankMaxSequences; ++i) t.push();
        for (std::uint32_t seq = 0; seq < kLiveRankMaxSequences; ++seq) {
            if (rng() % 1000 >= keep) t.kill(seq);
        }
        t.expect_all_queries_match();
    }
}

TEST(LiveRankIndex, ChurnInterleavingPushesAndKills) {
    // Like a chunk: allocations appended while random live ones (mostly
    // recent, sometimes old) die, queries checked all along.
    std::mt19937_64 rng(5);
    IndexUnderTest t;
    std::vector<std::uint32_t> live;
    for (std::uint32_t step = 0; t.count() < kLiveRankMaxSequences; ++step) {
        if (live.empty() || rng() % 100 < 55) {
            live.push_back(t.count());
            t.push();
        } else {
            const std::size_t back = rng() % 8 == 0 ? rng() % live.size() : rng() % 16;
            const std::size_t at = live.size() - 1 - back % live.size();
            t.kill(live[at]);
            live[at] = live.back();
            live.pop_back();
        }
        if (step % 499 == 0) t.expect_some_queries_match(rng);
    }
    t.expect_all_queries_match();
}

TEST(LiveRankIndex, StaleMemoryAndReuseDoNotMatter) {
    // The caller's words hold garbage (all ones), and a second chunk reuses
    // the index after a longer first one: nothing from before may count.
    std::mt19937_64 rng(9);
    IndexUnderTest t(~0ull);
    for (std::uint32_t i = 0; i < 20000; ++i) t.push();
    for (std::uint32_t seq = 0; seq < 20000; ++seq) {
        if (rng() % 3 == 0) t.kill(seq);
    }
    t.expect_all_queries_match();
    t.restart();
    for (std::uint32_t i = 0; i < 700; ++i) t.push();
    for (std::uint32_t seq = 0; seq < 700; seq += 3) t.kill(seq);
    t.expect_all_queries_match();
}

}  // namespace
}  // namespace memscope
