// The exports of the sample trace, whose every figure is known (see
// tests/support/sample_trace.cpp).
#include <gtest/gtest.h>
#include <zlib.h>

#include <map>
#include <memory>

#include "analysis/stack_metrics.h"
#include "report/export_folded.h"
#include "report/export_pprof.h"
#include "report/export_sites_table.h"
#include "report/export_speedscope.h"
#include "report/gzip_compress.h"
#include "report/protobuf_writer.h"
#include "support/sample_trace.h"
#include "support/temp_dir.h"
#include "trace/trace_reader.h"

namespace memscope::report {
namespace {

using analysis::SiteMetric;

// A minimal protobuf reader: enough to check the profile's structure.
struct Field {
    std::uint32_t number = 0;
    std::uint64_t varint = 0;
    std::string bytes;
};

std::uint64_t read_varint(const std::string& s, std::size_t& pos) {
    std::uint64_t v = 0;
    for (int shift = 0; pos < s.size(); shift += 7) {
        const auto b = static_cast<std::uint8_t>(s[pos++]);
        v |= std::uint64_t{b & 0x7fu} << shift;
        if ((b & 0x80) == 0) return v;
    }
    ADD_FAILURE() << "truncated varint";
    return v;
}

std::vector<Field> decode(const std::string& s) {
    std::vector<Field> out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::uint64_t key = read_varint(s, pos);
        Field f;
        f.number = static_cast<std::uint32_t>(key >> 3);
        if ((key & 7) == 0) {
            f.varint = read_varint(s, pos);
        } else if ((key & 7) == 2) {
            const std::uint64_t n = read_varint(s, pos);
            if (pos + n > s.size()) {
                ADD_FAILURE() << "length past the end";
                return out;
            }
            f.bytes = s.substr(pos, n);
            pos += n;
        } else {
            ADD_FAILURE() << "unexpected wire type " << (key & 7);
            return out;
        }
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<std::uint64_t> packed(const std::string& s) {
    std::vector<std::uint64_t> out;
    std::size_t pos = 0;
    while (pos < s.size()) out.push_back(read_varint(s, pos));
    return out;
}

std::uint64_t varint_of(const std::vector<Field>& fields, std::uint32_t number) {
    for (const auto& f : fields)
        if (f.number == number) return f.varint;
    return 0;
}

std::string gunzip(const std::string& data) {
    z_stream z{};
    EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
    std::string out(1 << 20, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(z.total_out);
    inflateEnd(&z);
    return out;
}

class Exports : public ::testing::Test {
  protected:
    void SetUp() override {
        path_ = dir_.file("sample.mst");
        testing::write_sample_trace(path_);
        reader_ = std::make_unique<trace::TraceReader>(path_);
        pass_ = std::make_unique<analysis::TracePass>(reader_->header().page_size);
        reader_->read_events(*pass_);
        stacks_ = std::make_unique<analysis::StackSymbolizer>(*reader_, frames_);
        table_ = analysis::collect_stack_metrics(*reader_, *pass_, *stacks_);
    }

    testing::TempDir dir_;
    std::string path_;
    testing::FakeFrameSource frames_ = testing::sample_frames();
    std::unique_ptr<trace::TraceReader> reader_;
    std::unique_ptr<analysis::TracePass> pass_;
    std::unique_ptr<analysis::StackSymbolizer> stacks_;
    analysis::StackMetricsTable table_;
};

TEST_F(Exports, StackMetricsRowsAndTotals) {
    ASSERT_EQ(table_.rows.size(), 5u);  // stacks 13 and 50 print identically
    const auto& first = table_.rows[0];
    EXPECT_EQ(first.allocated_bytes, 1140u);
    EXPECT_EQ(first.allocations, 3u);
    EXPECT_EQ(first.peak_bytes, 1000u);
    EXPECT_EQ(first.leaked_bytes, 140u);
    EXPECT_EQ(first.leaked_blocks, 2u);
    EXPECT_EQ(table_.rows[4].temporary, 1u);
    EXPECT_EQ(table_.totals.peak_heap_bytes, 1800u);
    EXPECT_EQ(table_.totals.allocated_bytes, 2204u);
    EXPECT_EQ(table_.totals.allocation_calls, 7u);
    EXPECT_EQ(table_.totals.leaked_bytes, 1140u);
    EXPECT_EQ(table_.totals.leaked_blocks, 5u);
    EXPECT_EQ(table_.totals.temporary_allocations, 1u);
}

TEST_F(Exports, FoldedStacksRootFirstWithValues) {
    EXPECT_EQ(folded_stacks(table_, SiteMetric::kAllocated),
              "(no stack recorded) 200\n"
              "main 300\n"
              "main;libfoo.so+0x1e00 64\n"
              "main;make_buffer;inlined_helper 500\n"
              "main;make_buffer;inlined_helper;operator new(unsigned long) 1140\n");
    EXPECT_EQ(folded_stacks(table_, SiteMetric::kPeak),
              "main 300\n"
              "main;make_buffer;inlined_helper 500\n"
              "main;make_buffer;inlined_helper;operator new(unsigned long) 1000\n");
    EXPECT_EQ(folded_stacks(table_, SiteMetric::kTemporary), "main;libfoo.so+0x1e00 1\n");
}

TEST_F(Exports, FoldedNamesCannotBreakTheFormat) {
    analysis::StackMetricsTable t;
    analysis::StackMetrics row;
    row.allocated_bytes = 7;
    analysis::ResolvedFrame f;
    f.symbol.function = "odd;name\nwith breaks";
    row.stack.push_back(f);
    t.rows.push_back(row);
    EXPECT_EQ(folded_stacks(t, SiteMetric::kAllocated), "odd:name with breaks 7\n");
}

TEST_F(Exports, SpeedscopeProfilesPerMetric) {
    const auto file = speedscope_file(table_, "sample.mst", SiteMetric::kPeak, "memscope test");
    EXPECT_EQ(file["$schema"], "https://www.speedscope.app/file-format-schema.json");
    const auto& frames = file["shared"]["frames"];
    ASSERT_TRUE(frames.is_array());
    ASSERT_EQ(file["profiles"].size(), 5u);
    EXPECT_EQ(file["activeProfileIndex"], 0);
    const std::map<std::string, std::uint64_t> totals = {{"bytes held at the peak", 1800},
                                                         {"leaked", 1140},
                                                         {"allocated", 2204},
                                                         {"calls", 7},
                                                         {"temporary", 1}};
    for (const auto& p : file["profiles"]) {
        EXPECT_EQ(p["type"], "sampled");
        ASSERT_EQ(p["samples"].size(), p["weights"].size());
        std::uint64_t sum = 0;
        for (const auto& w : p["weights"]) sum += w.get<std::uint64_t>();
        EXPECT_EQ(p["endValue"], sum);
        EXPECT_EQ(p["startValue"], 0);
        for (const auto& s : p["samples"])
            for (const auto& i : s) EXPECT_LT(i.get<std::size_t>(), frames.size());
        bool matched = false;
        for (const auto& [part, total] : totals)
            if (p["name"].get<std::string>().find(part) != std::string::npos) {
                EXPECT_EQ(sum, total) << p["name"];
                matched = true;
            }
        EXPECT_TRUE(matched) << p["name"];
    }
    // Root first: the first frame of the heaviest allocated stack is main.
    const auto& allocated = file["profiles"][2];
    EXPECT_EQ(frames[allocated["samples"][0][0].get<std::size_t>()]["name"], "main");
    EXPECT_EQ(frames[allocated["samples"][0][0].get<std::size_t>()]["line"], 20);
}

TEST_F(Exports, SitesTableJsonAndCsv) {
    const auto json = sites_table_json(table_, "sample.mst");
    EXPECT_EQ(json["totals"]["allocated_bytes"], 2204);
    ASSERT_EQ(json["sites"].size(), 5u);
    // The site skips operator new; inlined_helper is the innermost user frame.
    EXPECT_EQ(json["sites"][0]["location"], "inlined_helper at /src/helper.h:3");
    EXPECT_EQ(json["sites"][0]["peak_bytes"], 1000);
    EXPECT_EQ(json["sites"][0]["stack"].size(), 4u);
    const std::string csv = sites_table_csv(table_);
    EXPECT_EQ(csv.substr(0, csv.find('\n')),
              "location,peak_bytes,peak_blocks,leaked_bytes,leaked_blocks,allocated_bytes,"
              "allocations,temporary,stack");
    EXPECT_NE(csv.find("\ninlined_helper at /src/helper.h:3,1000,1,140,2,1140,3,0,operator "
                       "new(unsigned long) in libstdc++.so.6 <- inlined_helper at "
                       "/src/helper.h:3 (inlined) <- make_buffer at /src/buffer.cpp:10 <- main "
                       "at /src/main.cpp:20\n"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("\n(no stack recorded),0,0,200,1,200,1,0,\n"), std::string::npos);
    EXPECT_EQ(csv_field("plain"), "plain");
    EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
}

TEST(ProtobufWriter, WireFormat) {
    ProtobufWriter w;
    w.uint64_field(1, 150);
    EXPECT_EQ(w.bytes(), std::string("\x08\x96\x01", 3));
    ProtobufWriter s;
    s.bytes_field(2, "testing");
    EXPECT_EQ(s.bytes(), std::string("\x12\x07testing", 9));
    ProtobufWriter n;
    n.int64_field(1, -1);
    EXPECT_EQ(n.bytes().size(), 11u);  // tag + ten bytes
    ProtobufWriter p;
    p.packed_uint64_field(4, {3, 270, 86942});
    EXPECT_EQ(p.bytes(), std::string("\x22\x06\x03\x8e\x02\x9e\xa7\x05", 8));
}

TEST(Gzip, RoundTrip) {
    std::string text;
    for (int i = 0; i < 1000; ++i) text += "memscope ";
    const std::string packed_text = gzip_compress(text);
    ASSERT_GE(packed_text.size(), 2u);
    EXPECT_EQ(static_cast<std::uint8_t>(packed_text[0]), 0x1f);
    EXPECT_EQ(static_cast<std::uint8_t>(packed_text[1]), 0x8b);
    EXPECT_EQ(gunzip(packed_text), text);
    EXPECT_EQ(gunzip(gzip_compress("")), "");
}

TEST_F(Exports, PprofProfileStructure) {
    PprofContext context;
    context.executable = "/usr/bin/testapp";
    const std::string message = pprof_profile_message(table_, context, SiteMetric::kAllocated);
    EXPECT_EQ(gunzip(pprof_profile(table_, context, SiteMetric::kAllocated)), message);
    const auto fields = decode(message);
    std::vector<std::string> strings;
    std::vector<std::vector<Field>> samples, locations, functions, sample_types;
    for (const auto& f : fields) {
        if (f.number == 6) strings.push_back(f.bytes);
        if (f.number == 1) sample_types.push_back(decode(f.bytes));
        if (f.number == 2) samples.push_back(decode(f.bytes));
        if (f.number == 4) locations.push_back(decode(f.bytes));
        if (f.number == 5) functions.push_back(decode(f.bytes));
    }
    ASSERT_FALSE(strings.empty());
    EXPECT_EQ(strings[0], "");
    ASSERT_EQ(sample_types.size(), 7u);
    EXPECT_EQ(strings.at(varint_of(sample_types[1], 1)), "alloc_space");
    EXPECT_EQ(strings.at(varint_of(sample_types[1], 2)), "bytes");
    EXPECT_EQ(strings.at(varint_of(fields, 14)), "alloc_space");
    ASSERT_EQ(samples.size(), 5u);
    std::uint64_t alloc_space = 0;
    for (const auto& s : samples) {
        std::vector<std::uint64_t> values, ids;
        for (const auto& f : s) {
            if (f.number == 2) values = packed(f.bytes);
            if (f.number == 1) ids = packed(f.bytes);
        }
        ASSERT_EQ(values.size(), 7u);
        alloc_space += values[1];
        EXPECT_FALSE(ids.empty());
        for (const auto id : ids) {
            EXPECT_GE(id, 1u);
            EXPECT_LE(id, locations.size());
        }
    }
    EXPECT_EQ(alloc_space, 2204u);
    // Address 0xc01: inlined_helper inlined into make_buffer, one location, two lines.
    bool found_inline = false;
    for (const auto& l : locations) {
        if (varint_of(l, 3) != 0xc01) continue;
        std::vector<std::string> names;
        for (const auto& f : l)
            if (f.number == 4) {
                const auto fn_id = varint_of(decode(f.bytes), 1);
                ASSERT_GE(fn_id, 1u);
                ASSERT_LE(fn_id, functions.size());
                names.push_back(strings.at(varint_of(functions[fn_id - 1], 2)));
            }
        EXPECT_EQ(names, (std::vector<std::string>{"inlined_helper", "make_buffer"}));
        found_inline = true;
    }
    EXPECT_TRUE(found_inline);
}

}  // namespace
}  // namespace memscope::report
