#include "analysis/stack_shares.h"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace memscope::analysis {

std::vector<StackShare> group_stack_shares(
    const std::vector<StackUsage>& usages, StackSymbolizer& symbolizer,
    const std::function<StackFigures(const StackUsage&)>& figures, std::size_t limit,
    std::size_t* total_groups) {
    std::vector<StackShare> shares;
    std::vector<std::string> signatures;
    std::unordered_map<std::string, std::size_t> by_signature;
    for (const StackUsage& usage : usages) {
        const StackFigures f = figures(usage);
        if (f.bytes == 0 && f.blocks == 0) continue;
        const SymbolizedStack& stack = symbolizer.stack(usage.stack);
        std::string signature = stack_signature(stack);
        const auto [it, fresh] = by_signature.try_emplace(signature, shares.size());
        if (fresh) {
            shares.push_back(StackShare{0, 0, stack});
            signatures.push_back(std::move(signature));
        }
        shares[it->second].bytes += f.bytes;
        shares[it->second].blocks += f.blocks;
    }
    std::vector<std::size_t> order(shares.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (shares[a].bytes != shares[b].bytes) return shares[a].bytes > shares[b].bytes;
        if (shares[a].blocks != shares[b].blocks) return shares[a].blocks > shares[b].blocks;
        return signatures[a] < signatures[b];
    });
    if (total_groups) *total_groups = order.size();
    if (limit != 0 && order.size() > limit) order.resize(limit);
    std::vector<StackShare> sorted;
    sorted.reserve(order.size());
    for (const std::size_t i : order) sorted.push_back(std::move(shares[i]));
    return sorted;
}

}  // namespace memscope::analysis
