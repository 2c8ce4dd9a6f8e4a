#include "analysis/leaks.h"

namespace memscope::analysis {

LeakReport find_leaks(const trace::TraceReader& reader, const TracePass& pass,
                      StackSymbolizer& stacks, std::size_t limit) {
    LeakReport r;
    r.truncated = reader.truncated();
    r.sample_rate_bytes = pass.heap().weighting().sample_rate_bytes();
    r.truncation_reason = reader.truncation_reason();
    r.leaked_bytes = pass.heap().totals().live_bytes;
    r.leaked_blocks = pass.heap().totals().live_blocks;
    r.leaks = group_stack_shares(
        pass.heap().stacks(), stacks,
        [](const StackUsage& u) {
            return StackFigures{u.live_bytes, u.live_blocks};
        },
        limit, &r.total_groups);
    return r;
}

}  // namespace memscope::analysis
