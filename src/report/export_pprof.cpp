#include "report/export_pprof.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

#include "report/gzip_compress.h"
#include "report/protobuf_writer.h"

namespace memscope::report {

namespace {

// Field numbers of profile.proto.
namespace profile_field {
constexpr std::uint32_t kSampleType = 1, kSample = 2, kMapping = 3, kLocation = 4, kFunction = 5,
                        kStringTable = 6, kTimeNanos = 9, kDurationNanos = 10, kComment = 13,
                        kDefaultSampleType = 14;
}
namespace value_type_field {
constexpr std::uint32_t kType = 1, kUnit = 2;
}
namespace sample_field {
constexpr std::uint32_t kLocationId = 1, kValue = 2;
}
namespace mapping_field {
constexpr std::uint32_t kId = 1, kMemoryStart = 2, kMemoryLimit = 3, kFilename = 5, kBuildId = 6,
                        kHasFunctions = 7, kHasFilenames = 8, kHasLineNumbers = 9,
                        kHasInlineFrames = 10;
}
namespace location_field {
constexpr std::uint32_t kId = 1, kMappingId = 2, kAddress = 3, kLine = 4;
}
namespace line_field {
constexpr std::uint32_t kFunctionId = 1, kLine = 2;
}
namespace function_field {
constexpr std::uint32_t kId = 1, kName = 2, kSystemName = 3, kFilename = 4;
}

struct SampleType {
    const char* type;
    const char* unit;
    std::uint64_t (*value)(const analysis::StackMetrics&);
};

constexpr SampleType kSampleTypes[] = {
    {"alloc_objects", "count", [](const analysis::StackMetrics& m) { return m.allocations; }},
    {"alloc_space", "bytes", [](const analysis::StackMetrics& m) { return m.allocated_bytes; }},
    {"peak_objects", "count", [](const analysis::StackMetrics& m) { return m.peak_blocks; }},
    {"peak_space", "bytes", [](const analysis::StackMetrics& m) { return m.peak_bytes; }},
    {"leaked_objects", "count", [](const analysis::StackMetrics& m) { return m.leaked_blocks; }},
    {"leaked_space", "bytes", [](const analysis::StackMetrics& m) { return m.leaked_bytes; }},
    {"temporary_objects", "count", [](const analysis::StackMetrics& m) { return m.temporary; }},
};

const char* sample_type_of(analysis::SiteMetric metric) {
    switch (metric) {
        case analysis::SiteMetric::kPeak:
            return "peak_space";
        case analysis::SiteMetric::kLeaked:
            return "leaked_space";
        case analysis::SiteMetric::kAllocations:
            return "alloc_objects";
        case analysis::SiteMetric::kTemporary:
            return "temporary_objects";
        case analysis::SiteMetric::kAllocated:
            return "alloc_space";
    }
    return "alloc_space";
}

std::string_view base_name(std::string_view path) {
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// string_table[0] must be "".
class StringTable {
  public:
    StringTable() { index(""); }
    std::int64_t index(const std::string& s) {
        const auto [it, fresh] =
            indices_.try_emplace(s, static_cast<std::int64_t>(strings_.size()));
        if (fresh) strings_.push_back(s);
        return it->second;
    }
    const std::vector<std::string>& strings() const { return strings_; }

  private:
    std::unordered_map<std::string, std::int64_t> indices_;
    std::vector<std::string> strings_;
};

class ProfileBuilder {
  public:
    explicit ProfileBuilder(const PprofContext& context) : context_(context) { add_mappings(); }

    // Location ids of one stack, leaf first.
    std::vector<std::uint64_t> locations_of(const analysis::SymbolizedStack& stack) {
        std::vector<std::uint64_t> ids;
        if (stack.empty()) {
            ids.push_back(no_stack_location());
            return ids;
        }
        // One return address gives its inline chain: inlined frames, then the
        // real function (inlined == false), which closes the location.
        std::size_t begin = 0;
        for (std::size_t i = 0; i < stack.size(); ++i) {
            if (stack[i].symbol.inlined && i + 1 < stack.size()) continue;
            ids.push_back(location_of(stack, begin, i + 1));
            begin = i + 1;
        }
        return ids;
    }

    void write(ProtobufWriter& profile) {
        for (const auto& m : mappings_) profile.message_field(profile_field::kMapping, m);
        for (const auto& l : locations_) profile.message_field(profile_field::kLocation, l);
        for (const auto& f : functions_) profile.message_field(profile_field::kFunction, f);
    }

    StringTable& strings() { return strings_; }

  private:
    struct MappingRange {
        std::uint64_t start = 0;
        std::uint64_t limit = 0;
        std::uint64_t id = 0;
    };

    void add_mappings() {
        // pprof treats mapping[0] as the main binary.
        std::vector<const trace::Module*> order;
        for (const auto& m : context_.modules)
            if (m.path == context_.executable) order.push_back(&m);
        for (const auto& m : context_.modules)
            if (m.path != context_.executable) order.push_back(&m);
        for (const trace::Module* m : order) {
            if (m->segments.empty()) continue;
            std::uint64_t start = UINT64_MAX;
            std::uint64_t limit = 0;
            for (const auto& s : m->segments) {
                start = std::min(start, m->load_bias + s.vaddr);
                limit = std::max(limit, m->load_bias + s.vaddr + s.memsz);
            }
            const std::uint64_t id = mappings_.size() + 1;
            ranges_.push_back(MappingRange{start, limit, id});
            ProtobufWriter w;
            w.uint64_field(mapping_field::kId, id);
            w.uint64_field(mapping_field::kMemoryStart, start);
            w.uint64_field(mapping_field::kMemoryLimit, limit);
            w.int64_field(mapping_field::kFilename, strings_.index(m->path));
            if (!m->build_id.empty())
                w.int64_field(mapping_field::kBuildId, strings_.index(m->build_id));
            // Symbolized already: pprof must not look for the binaries.
            w.bool_field(mapping_field::kHasFunctions, true);
            w.bool_field(mapping_field::kHasFilenames, true);
            w.bool_field(mapping_field::kHasLineNumbers, true);
            w.bool_field(mapping_field::kHasInlineFrames, true);
            mappings_.push_back(std::move(w));
        }
    }

    std::uint64_t mapping_of(std::uint64_t address) const {
        for (const auto& r : ranges_)
            if (address >= r.start && address < r.limit) return r.id;
        return 0;
    }

    std::uint64_t function_of(const symbols::Frame& f) {
        std::string name = f.function;
        if (name.empty()) {
            name = f.module.empty() ? fmt::format("{:#x}", f.module_offset)
                                    : fmt::format("{}+{:#x}", base_name(f.module), f.module_offset);
        }
        const auto key = std::make_pair(name, f.file);
        const auto known = function_ids_.find(key);
        if (known != function_ids_.end()) return known->second;
        const std::uint64_t id = functions_.size() + 1;
        ProtobufWriter w;
        w.uint64_field(function_field::kId, id);
        w.int64_field(function_field::kName, strings_.index(name));
        w.int64_field(function_field::kSystemName, strings_.index(name));
        w.int64_field(function_field::kFilename, strings_.index(f.file));
        functions_.push_back(std::move(w));
        function_ids_.emplace(key, id);
        return id;
    }

    std::uint64_t location_of(const analysis::SymbolizedStack& stack, std::size_t begin,
                              std::size_t end) {
        const std::uint64_t address = stack[begin].address;
        const auto known = location_ids_.find(address);
        if (known != location_ids_.end()) return known->second;
        const std::uint64_t id = locations_.size() + 1;
        ProtobufWriter w;
        w.uint64_field(location_field::kId, id);
        const std::uint64_t mapping = mapping_of(address);
        if (mapping != 0) w.uint64_field(location_field::kMappingId, mapping);
        w.uint64_field(location_field::kAddress, address);
        // Innermost inline frame first, the caller they were inlined into last.
        for (std::size_t i = begin; i < end; ++i) {
            ProtobufWriter line;
            line.uint64_field(line_field::kFunctionId, function_of(stack[i].symbol));
            line.int64_field(line_field::kLine, stack[i].symbol.line);
            w.message_field(location_field::kLine, line);
        }
        locations_.push_back(std::move(w));
        location_ids_.emplace(address, id);
        return id;
    }

    std::uint64_t no_stack_location() {
        if (no_stack_location_ != 0) return no_stack_location_;
        symbols::Frame f;
        f.function = "(no stack recorded)";
        const std::uint64_t function = function_of(f);
        no_stack_location_ = locations_.size() + 1;
        ProtobufWriter line;
        line.uint64_field(line_field::kFunctionId, function);
        ProtobufWriter w;
        w.uint64_field(location_field::kId, no_stack_location_);
        w.message_field(location_field::kLine, line);
        locations_.push_back(std::move(w));
        return no_stack_location_;
    }

    const PprofContext& context_;
    StringTable strings_;
    std::vector<MappingRange> ranges_;
    std::vector<ProtobufWriter> mappings_;
    std::vector<ProtobufWriter> locations_;
    std::vector<ProtobufWriter> functions_;
    std::unordered_map<std::uint64_t, std::uint64_t> location_ids_;
    std::map<std::pair<std::string, std::string>, std::uint64_t> function_ids_;
    std::uint64_t no_stack_location_ = 0;
};

}  // namespace

std::string pprof_profile_message(const analysis::StackMetricsTable& table,
                                  const PprofContext& context,
                                  analysis::SiteMetric default_metric) {
    ProfileBuilder builder(context);
    StringTable& strings = builder.strings();
    ProtobufWriter profile;
    for (const SampleType& t : kSampleTypes) {
        ProtobufWriter w;
        w.int64_field(value_type_field::kType, strings.index(t.type));
        w.int64_field(value_type_field::kUnit, strings.index(t.unit));
        profile.message_field(profile_field::kSampleType, w);
    }
    for (const analysis::StackMetrics& row : table.rows) {
        ProtobufWriter sample;
        sample.packed_uint64_field(sample_field::kLocationId, builder.locations_of(row.stack));
        std::vector<std::int64_t> values;
        for (const SampleType& t : kSampleTypes)
            values.push_back(static_cast<std::int64_t>(t.value(row)));
        sample.packed_int64_field(sample_field::kValue, values);
        profile.message_field(profile_field::kSample, sample);
    }
    builder.write(profile);
    profile.int64_field(profile_field::kTimeNanos,
                        static_cast<std::int64_t>(context.start_realtime_ns));
    profile.int64_field(profile_field::kDurationNanos,
                        static_cast<std::int64_t>(context.duration_ns));
    std::vector<std::int64_t> comments;
    for (const auto& c : context.comments) comments.push_back(strings.index(c));
    profile.packed_int64_field(profile_field::kComment, comments);
    profile.int64_field(profile_field::kDefaultSampleType,
                        strings.index(sample_type_of(default_metric)));
    // Last, once every string is known.
    for (const auto& s : strings.strings()) profile.bytes_field(profile_field::kStringTable, s);
    return profile.bytes();
}

std::string pprof_profile(const analysis::StackMetricsTable& table, const PprofContext& context,
                          analysis::SiteMetric default_metric) {
    return gzip_compress(pprof_profile_message(table, context, default_metric));
}

}  // namespace memscope::report
