// Replays heap allocations and frees in time order: live blocks, per-stack
// usage, the peak, temporaries and the call counters. In a sampled trace every
// figure is an estimate: each allocation counts with its weight (sample_weight.h).
#pragma once

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "analysis/flat_u64_map.h"
#include "analysis/heap_block_observer.h"
#include "analysis/peak_tracker.h"
#include "analysis/sample_weight.h"
#include "analysis/stack_usage.h"
#include "analysis/temporary_detector.h"
#include "trace/event.h"

namespace memscope::analysis {

struct HeapTotals {
    std::uint64_t allocation_calls = 0;  // every successful allocation, realloc included
    std::uint64_t allocated_bytes = 0;   // requested bytes over all allocation calls
    std::uint64_t free_calls = 0;        // frees of known blocks, realloc's release excluded
    std::uint64_t temporary_allocations = 0;
    std::uint64_t unknown_frees = 0;  // blocks allocated before tracing (or before fork)
    std::uint64_t live_bytes = 0;
    std::uint64_t live_blocks = 0;
};

class HeapReplay {
  public:
    HeapReplay() = default;
    explicit HeapReplay(SampleWeighting weighting) : weighting_(weighting) {}

    // With the reader's answers (EventSink::attach_undelivered_events), blocks
    // paired within their chunk stay out of the table; without, every block
    // goes in, as in a replay of events from anywhere else.
    void attach_undelivered_events(const trace::UndeliveredEvents* undelivered) {
        undelivered_ = undelivered;
        pairs_usable_ = undelivered != nullptr && !weighting_.sampled();
    }

    // Tells observer of every block counted and released from now on.
    void observe_blocks(HeapBlockObserver* observer) { observer_ = observer; }

    // Inline: the trace pass calls these once per event, and the common
    // case (a known stack, a fresh block, a known free) is a few dozen
    // instructions that a call would add to.
    void on_alloc(const trace::Event& e) {
        if (e.address == 0) return;  // a failed allocation returns nothing to track
        if (!pending_frees_.empty()) {
            settle_pending_frees(e.time_ns);
            release_for_deferred_free(e);
        }
        const std::uint32_t index = stack_index(e.stack);
        if (e.chunk_paired && pairs_usable_ && pending_frees_.empty()) {
            // Its free comes later in its chunk with size and stack: the
            // block needs no entry, only the check for a lost free.
            LiveBlock lost;
            if (!blocks_.empty() && blocks_.erase(e.address, &lost))
                release(lost, e.address, weigh(lost, e.address));
        } else {
            auto [block, fresh] = blocks_.insert(e.address);
            // A live block at this address means its free was lost; drop it silently.
            if (!fresh) release(*block, e.address, weigh(*block, e.address));
            *block = LiveBlock{e.size, e.time_ns, index, e.tid};
            if (e.chunk_paired && pairs_usable_) unpaired_.insert({e.tid, e.address});
        }
        const SampleWeight w = weighting_.weigh(e.size, e.address, e.time_ns);
        if (observer_ != nullptr) observer_->on_block_allocated(e, w);
        StackUsage& s = stacks_[index];
        peak_.before_change(s);
        s.live_bytes += w.bytes;
        s.live_blocks += w.blocks;
        s.allocations += w.blocks;
        s.allocated_bytes += w.bytes;
        totals_.allocation_calls += w.blocks;
        totals_.allocated_bytes += w.bytes;
        totals_.live_bytes += w.bytes;
        totals_.live_blocks += w.blocks;
        temporaries_.on_alloc(e.tid, e.address);
        peak_.after_change(totals_.live_bytes, e.time_ns);
        if (!pending_frees_.empty()) pair_with_pending_free(e);
    }
    void on_free(const trace::Event& e) {
        if (e.address == 0) return;  // free(NULL)
        if (!pending_frees_.empty()) settle_pending_frees(e.time_ns);
        LiveBlock block;
        if (e.chunk_paired && pairs_usable_ && unpaired_.empty()) {
            block = LiveBlock{e.size, 0, stack_index(e.stack), e.tid};
        } else if (const Taken taken = take_block(e, block); taken != Taken::kYes) {
            on_unknown_free(e, taken == Taken::kOwnerFreesFirst);
            return;
        }
        free_block(e, block);
    }
    void prefetch(std::uint64_t address) const { blocks_.prefetch(address); }
    // Aggregate-mode traces carry per-stack totals instead of events
    // (heap_replay_totals.cpp): they are added as if they had been replayed.
    void on_run_totals(const trace::Event& e);
    void on_site_totals(const trace::Event& e);

    const HeapTotals& totals() const { return totals_; }
    const PeakTracker& peak() const { return peak_; }
    // One entry per distinct stack id that allocated.
    const std::vector<StackUsage>& stacks() const { return stacks_; }
    const SampleWeighting& weighting() const { return weighting_; }

  private:
    struct LiveBlock {
        std::uint64_t size = 0;
        std::uint64_t alloc_time_ns = 0;
        std::uint32_t stack_index = 0;
        std::uint32_t tid = 0;
    };

    std::uint32_t stack_index(trace::StackId id) {
        if (id < dense_stack_indices_.size() && dense_stack_indices_[id] != kNoStackIndex)
            return dense_stack_indices_[id];
        return first_stack_index(id);
    }
    std::uint32_t first_stack_index(trace::StackId id);
    std::uint32_t new_stack_index(trace::StackId id);
    SampleWeight weigh(const LiveBlock& block, std::uint64_t address) const {
        return weighting_.weigh(block.size, address, block.alloc_time_ns);
    }
    // The free e of a live block, taken out of the table or paired.
    void free_block(const trace::Event& e, const LiveBlock& block) {
        const SampleWeight w = weigh(block, e.address);
        if (!e.from_realloc) totals_.free_calls += w.blocks;
        release(block, e.address, w, &e);
        if (temporaries_.on_free(e.tid, block.tid, e.address, e.from_realloc)) {
            totals_.temporary_allocations += w.blocks;
            stacks_[block.stack_index].temporary += w.blocks;
        }
    }
    // Takes the weight w of a block at address off the live figures; free
    // is what released it, nullptr for a lost free.
    void release(const LiveBlock& block, std::uint64_t address, const SampleWeight& w,
                 const trace::Event* free = nullptr) {
        if (observer_ != nullptr)
            observer_->on_block_released(ReleasedBlock{address, block.size, block.tid}, w, free);
        StackUsage& s = stacks_[block.stack_index];
        peak_.before_change(s);
        s.live_bytes -= w.bytes;
        s.live_blocks -= w.blocks;
        totals_.live_bytes -= w.bytes;
        totals_.live_blocks -= w.blocks;
    }
    // Whether a free found its block: kOwnerFreesFirst, the block is live
    // but its owner frees it itself later in the same time unit
    // (owner_frees_it_first), so the free waits, deferred.
    enum class Taken { kYes, kNo, kOwnerFreesFirst };
    // Free e found no block it may release now; deferred: one its owner frees first.
    void on_unknown_free(const trace::Event& e, bool deferred);
    void pair_with_pending_free(const trace::Event& alloc);
    // The replay has moved past the pending frees' time: a deferred one takes
    // the block then live at its address, the others stay unknown.
    void settle_pending_frees(std::uint64_t now_ns);
    // Allocation e comes while a free deferred at its time and address waits:
    // the block the free was deferred for is still live, so another thread
    // freed that thread's block within the unit, and the deferred free is of
    // the block live now. It releases it, and e's block takes the address.
    void release_for_deferred_free(const trace::Event& e);
    // A deferred free releases the block live at its address: in the table
    // (another thread's unless any_thread), or another thread's paired one;
    // false when there is none.
    bool release_live_block(const trace::Event& free, bool any_thread);
    // The block a free releases, from the table or, for a paired free, from
    // the event.
    Taken take_block(const trace::Event& e, LiveBlock& block);
    // Another thread's live paired block at e's address that e may release
    // (EventSink::attach_undelivered_events), taken when kYes. check_owner:
    // not one its owner frees first in the unit.
    Taken take_paired_block_of_another_thread(const trace::Event& e, bool check_owner);
    // Free e, at the same time as the owner's own free of the block at its
    // address that is still to come, releases a block allocated again within
    // the time unit: it waits with the frees of unknown blocks.
    bool owner_frees_it_first(std::uint32_t owner, const trace::Event& e) const;

    // Blocks whose allocation and free are paired in one chunk
    // (Event::chunk_paired) never enter the table: most blocks of a busy
    // program live shorter than a chunk, and the table's cost is memory.
    // Only in a full trace: a sampled block's weight needs its allocation's
    // time, which the free does not carry.
    FlatU64Map<LiveBlock> blocks_;
    const trace::UndeliveredEvents* undelivered_ = nullptr;
    HeapBlockObserver* observer_ = nullptr;
    bool pairs_usable_ = false;
    // Paired blocks whose own free must look in the table after all, by
    // (thread, address): the allocation entered the table because a free of
    // an unknown block on another thread was waiting at its time
    // (pair_with_pending_free), or another thread freed the block
    // (on_unknown_free). Empty in nearly every trace.
    std::set<std::pair<std::uint32_t, std::uint64_t>> unpaired_;
    // Stack ids are handed out in sequence, so most index a vector; a table
    // takes the rest (a damaged trace's huge ids).
    static constexpr trace::StackId kDenseStackIds = 1u << 22;
    static constexpr std::uint32_t kNoStackIndex = ~0u;
    std::vector<std::uint32_t> dense_stack_indices_;
    FlatU64Map<std::uint32_t> stack_indices_;
    std::vector<StackUsage> stacks_;
    PeakTracker peak_;
    TemporaryDetector temporaries_;
    HeapTotals totals_;
    // Frees of unknown blocks are kept while the replay stays at their time:
    // at equal times the reader puts frees first, which is wrong when the
    // block was allocated on another thread in the same time unit and freed
    // right after (a hand-over faster than the trace's time resolution).
    // Deferred ones found a block its owner frees itself within the unit.
    struct PendingFree {
        trace::Event free;
        bool deferred = false;
    };
    std::vector<PendingFree> pending_frees_;  // all of one time
    SampleWeighting weighting_;
};

}  // namespace memscope::analysis
