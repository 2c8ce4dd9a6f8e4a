// Offline study of alternative encodings for memscope's per-thread event
// streams (issue 3: "trace no larger than heaptrack's"). Not part of the build;
// see bench/ENCODING_STUDY.md for how to build and run it.
//
// It reads a trace with the reader library, regroups the heap events per
// thread, cuts each thread's events into chunks the way the recorder does
// (about 1 MiB of version-1 records), and for every configuration:
//   1. transforms each chunk into column streams (the writer thread's work),
//   2. compresses them with zstd,
//   3. decompresses and decodes them again and compares every event with the
//      original (after the configuration's deliberate loss, e.g. quantised
//      timestamps, is applied to the original),
// then prints bytes per event, writer throughput and the check result.
#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "format/varint.h"
#include "trace/trace_reader.h"

namespace {

using u8 = std::uint8_t;
using u32 = std::uint32_t;
using u64 = std::uint64_t;
using Bytes = std::vector<u8>;
using memscope::format::ByteCursor;
using memscope::format::encode_varint;
using memscope::format::zigzag_decode;
using memscope::format::zigzag_encode;
namespace trace = memscope::trace;

// ---------------------------------------------------------------- events

enum Kind : u8 {
    kAlloc = 0,
    kFree = 1,
    kReallocFree = 2,   // realloc's release of the old block
    kReallocAlloc = 3,  // realloc's new block
    kMmap = 4,
    kMunmap = 5,
    kThreadStart = 6,
    kThreadExit = 7,
};

bool is_alloc(u8 k) {
    return k == kAlloc || k == kReallocAlloc;
}
bool is_free(u8 k) {
    return k == kFree || k == kReallocFree;
}
bool has_size(u8 k) {
    return is_alloc(k) || k == kMmap || k == kMunmap;
}
bool has_stack(u8 k) {
    return is_alloc(k) || k == kMmap;
}
bool has_address(u8 k) {
    return k <= kMunmap;
}
bool has_duration(u8 k) {
    return k <= kMunmap;
}
// Quantised timestamps round releases down and acquisitions up.
bool rounds_down(u8 k) {
    return is_free(k) || k == kMunmap || k == kThreadExit;
}

struct Ev {
    u64 ts = 0;
    u64 dur = 0;
    u64 addr = 0;
    u64 size = 0;
    u32 stack = 0;
    u8 kind = 0;
    u8 func = 0;
    bool operator==(const Ev&) const = default;
};

struct ThreadEvents {
    u32 tid = 0;
    std::vector<Ev> events;
    std::vector<std::size_t> chunk_starts;  // index of each chunk's first event
};

struct Input {
    std::map<u32, ThreadEvents> threads;
    u64 heap_events = 0;   // events in per-thread streams
    u64 other_events = 0;  // process-stream events (RSS samples, exit, ...)
    u64 v1_raw_bytes = 0;  // estimated version-1 record bytes of the thread events
    u64 file_bytes = 0;
    u64 file_compressed_payload = 0;
    u64 file_raw_payload = 0;
    u64 file_chunks = 0;
    Bytes stack_table;  // the stack nodes, row-coded (compressed separately)
    u64 stack_nodes = 0;
};

std::size_t varint_len(u64 v) {
    std::size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        ++n;
    }
    return n;
}

// Size of the event as a version-1 record (docs/format.md), used to cut chunks
// where the recorder's 1 MiB buffers would end.
std::size_t v1_record_bytes(const Ev& e, u64 prev_ts, u64 prev_addr) {
    std::size_t n = 2 + varint_len(e.ts - prev_ts);
    const auto addr = [&] {
        return varint_len(zigzag_encode(static_cast<std::int64_t>(e.addr - prev_addr)));
    };
    switch (e.kind) {
        case kAlloc:
        case kReallocAlloc:
            return n + 1 + addr() + varint_len(e.size) + varint_len(e.stack) + varint_len(e.dur);
        case kFree:
        case kReallocFree:
            return n + addr() + varint_len(e.dur);
        case kMmap:
            return n + 9 + varint_len(e.size) + 2 + varint_len(e.stack) + varint_len(e.dur);
        case kMunmap:
            return n + 7 + varint_len(e.size) + varint_len(e.dur);
        default:
            return n;
    }
}

class Collector : public trace::EventSink {
  public:
    explicit Collector(Input& in) : in_(in) {}
    void on_event(const trace::Event& e) override {
        Ev v;
        switch (e.kind) {
            case trace::EventKind::kAlloc:
                v.kind = e.from_realloc ? kReallocAlloc : kAlloc;
                break;
            case trace::EventKind::kFree:
                v.kind = e.from_realloc ? kReallocFree : kFree;
                break;
            case trace::EventKind::kMmap:
                v.kind = kMmap;
                break;
            case trace::EventKind::kMunmap:
                v.kind = kMunmap;
                break;
            case trace::EventKind::kThreadStart:
                v.kind = kThreadStart;
                break;
            case trace::EventKind::kThreadExit:
                v.kind = kThreadExit;
                break;
            default:
                ++in_.other_events;
                return;
        }
        if (e.tid == 0) {
            ++in_.other_events;
            return;
        }
        v.ts = e.time_ns;
        if (has_duration(v.kind)) v.dur = e.duration_ns;
        if (has_address(v.kind)) v.addr = e.address;
        if (has_size(v.kind)) v.size = e.size;
        if (has_stack(v.kind)) v.stack = e.stack;
        if (is_alloc(v.kind)) v.func = static_cast<u8>(e.func);
        auto& t = in_.threads[e.tid];
        t.tid = e.tid;
        t.events.push_back(v);
        ++in_.heap_events;
    }

  private:
    Input& in_;
};

void put_varint(Bytes& b, u64 v) {
    u8 tmp[10];
    const std::size_t n = encode_varint(tmp, v);
    b.insert(b.end(), tmp, tmp + n);
}

Input load(const std::string& path, std::size_t chunk_bytes) {
    Input in;
    trace::TraceReader reader(path);
    Collector sink(in);
    reader.read_events(sink);
    for (const auto& c : reader.chunks()) {
        in.file_compressed_payload += c.header.compressed_size;
        in.file_raw_payload += c.header.raw_size;
        ++in.file_chunks;
    }
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
        std::fseek(f, 0, SEEK_END);
        in.file_bytes = static_cast<u64>(std::ftell(f));
        std::fclose(f);
    }
    // Stack nodes sorted by id, coded as (id delta, parent relative to id, ip delta).
    std::vector<std::pair<u32, trace::StackNode>> nodes(reader.stacks().begin(),
                                                        reader.stacks().end());
    std::sort(nodes.begin(), nodes.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    u64 prev_id = 0, prev_ip = 0;
    for (const auto& [id, node] : nodes) {
        put_varint(in.stack_table, id - prev_id);
        put_varint(in.stack_table, zigzag_encode(static_cast<std::int64_t>(u64{id}) - node.parent));
        put_varint(in.stack_table, zigzag_encode(static_cast<std::int64_t>(node.ip - prev_ip)));
        prev_id = id;
        prev_ip = node.ip;
    }
    in.stack_nodes = nodes.size();
    // Chunk boundaries: a new chunk whenever the version-1 records would pass chunk_bytes.
    for (auto& [tid, t] : in.threads) {
        std::size_t used = 0;
        u64 prev_ts = t.events.empty() ? 0 : t.events.front().ts, prev_addr = 0;
        for (std::size_t i = 0; i < t.events.size(); ++i) {
            const Ev& e = t.events[i];
            const std::size_t n = v1_record_bytes(e, prev_ts, prev_addr);
            if (i == 0 || used + n > chunk_bytes) {
                t.chunk_starts.push_back(i);
                used = 0;
                prev_ts = e.ts;
                prev_addr = 0;
            }
            const std::size_t m = v1_record_bytes(e, prev_ts, prev_addr);
            used += m;
            in.v1_raw_bytes += m;
            prev_ts = e.ts;
            if (has_address(e.kind) && e.kind != kMmap && e.kind != kMunmap) prev_addr = e.addr;
        }
    }
    return in;
}

// ---------------------------------------------------------------- configuration

enum class Dur { kRaw, kLog, kHistogram, kDrop };
enum class Addr { kRowDelta, kAbsolute, kModel };
enum class Fallback { kAbs6, kAbs6Planes, kDeltaPrev };

struct Config {
    std::string name;
    bool row = false;  // version-1-like row records instead of columns
    u64 ts_quantum = 1;
    Dur dur = Dur::kRaw;
    int dur_mantissa_bits = 4;  // kLog, kHistogram
    u64 outlier_ns = 10'000;    // kHistogram
    Addr addr = Addr::kRowDelta;
    Fallback fallback = Fallback::kDeltaPrev;
    u32 alloc_ring = 0;     // frees look up this many live allocations (0 = off, ~0u = whole chunk)
    bool live_rank = true;  // index among live allocations (else distance in allocation count)
    u32 free_ring = 0;      // allocations look up this many recent frees (0 = off)
    bool size_class = false;  // allocation looks first among frees of its glibc chunk-size class
    bool pair_dict = false;
    bool one_frame = false;  // one zstd frame over all streams instead of one per stream
    int level = 3;
    bool reset = true;  // model state reset at each chunk start
};

// ---------------------------------------------------------------- duration codes

// One byte: values below 2^(mb+1) exactly; above, a float with mb mantissa bits
// decoded to the middle of its interval (relative error <= 2^-(mb+1)); code 255
// escapes to an exact varint for values beyond the range.
struct LogCode {
    int mb;
    u8 encode(u64 d, bool& escape) const {
        escape = false;
        const u64 exact_limit = u64{1} << (mb + 1);
        if (d < exact_limit) return static_cast<u8>(d);
        const int top = 63 - __builtin_clzll(d);
        const int e = top - mb;  // >= 1
        const u64 m = (d >> e) - (u64{1} << mb);
        const u64 code = exact_limit + static_cast<u64>(e - 1) * (u64{1} << mb) + m;
        if (code >= 255) {
            escape = true;
            return 255;
        }
        return static_cast<u8>(code);
    }
    u64 decode(u8 code) const {
        const u64 exact_limit = u64{1} << (mb + 1);
        if (code < exact_limit) return code;
        const u64 c = code - exact_limit;
        const int e = static_cast<int>(c >> mb) + 1;
        const u64 m = c & ((u64{1} << mb) - 1);
        return (((u64{1} << mb) + m) << e) + (u64{1} << (e - 1));
    }
};

// ---------------------------------------------------------------- model state

// Fenwick tree over allocation sequence numbers: which allocations are live.
class Fenwick {
  public:
    void clear() {
        t_.clear();
        live_ = 0;
    }
    void push_live() {  // appends a new live element
        t_.push_back(0);
        const std::size_t i = t_.size();
        // t_[i-1] covers (i - lowbit(i), i]; rebuild it from the parts below.
        u32 sum = 1;
        const std::size_t low = i & (~i + 1);
        for (std::size_t j = i - 1; j > i - low; j -= j & (~j + 1)) sum += t_[j - 1];
        t_[i - 1] = sum;
        ++live_;
    }
    void kill(std::size_t seq) {
        for (std::size_t i = seq + 1; i <= t_.size(); i += i & (~i + 1)) --t_[i - 1];
        --live_;
    }
    u32 prefix(std::size_t seq) const {  // live among [0, seq]
        u32 s = 0;
        for (std::size_t i = seq + 1; i > 0; i -= i & (~i + 1)) s += t_[i - 1];
        return s;
    }
    std::size_t kth(u32 k) const {  // seq of the k-th live element (1-based)
        std::size_t pos = 0;
        std::size_t step = 1;
        while (step * 2 <= t_.size()) step *= 2;
        for (; step > 0; step /= 2) {
            if (pos + step <= t_.size() && t_[pos + step - 1] < k) {
                pos += step;
                k -= t_[pos - 1];
            }
        }
        return pos;
    }
    u32 live() const { return live_; }

  private:
    std::vector<u32> t_;
    u32 live_ = 0;
};

struct PairHash {
    std::size_t operator()(const std::pair<u64, u32>& p) const {
        return std::hash<u64>()(p.first * 0x9e3779b97f4a7c15ull ^ p.second);
    }
};

struct Model {
    u64 prev_units = 0;  // previous (clamped) timestamp in quanta
    u64 prev_addr = 0;
    std::unordered_map<u64, u32> live_seq;  // address -> allocation sequence number
    std::vector<u64> seq_addr;
    std::vector<u64> seq_size;
    Fenwick live;
    std::vector<std::pair<u64, u64>>
        recent_frees;  // (address, size class or 0), newest at the back
    std::unordered_map<std::pair<u64, u32>, u32, PairHash> pairs;
    std::vector<std::pair<u64, u32>> pair_list;

    void reset(u64 base_units) {
        prev_units = base_units;
        prev_addr = 0;
        live_seq.clear();
        seq_addr.clear();
        seq_size.clear();
        live.clear();
        recent_frees.clear();
        pairs.clear();
        pair_list.clear();
    }

    // Bookkeeping shared by encoder and decoder once an event's address is known.
    // glibc's chunk size for a request: what decides which tcache bin a block lands in.
    static u64 size_class(u64 size) { return std::max<u64>(32, (size + 8 + 15) & ~u64{15}); }
    void on_alloc(u64 a, u64 size, const Config& c) {
        if (c.alloc_ring != 0) {
            auto it = live_seq.find(a);
            if (it != live_seq.end()) live.kill(it->second);
            live_seq[a] = static_cast<u32>(seq_addr.size());
            seq_addr.push_back(a);
            seq_size.push_back(size);
            live.push_live();
        }
    }
    void on_free(u64 a, const Config& c) {
        u64 cls = 0;
        if (c.alloc_ring != 0) {
            auto it = live_seq.find(a);
            if (it != live_seq.end()) {
                cls = size_class(seq_size[it->second]);
                live.kill(it->second);
                live_seq.erase(it);
            }
        }
        if (c.free_ring != 0) {
            recent_frees.emplace_back(a, c.size_class ? cls : 0);
            if (recent_frees.size() > c.free_ring) recent_frees.erase(recent_frees.begin());
        }
    }
    // Index of a (being freed) among the ring of recent live allocations, or -1.
    std::int64_t find_alloc(u64 a, const Config& c) const {
        auto it = live_seq.find(a);
        if (it == live_seq.end()) return -1;
        const u64 idx =
            c.live_rank ? live.live() - live.prefix(it->second) : seq_addr.size() - 1 - it->second;
        return idx < c.alloc_ring ? static_cast<std::int64_t>(idx) : -1;
    }
    u64 alloc_at(u64 idx, const Config& c) const {
        if (!c.live_rank) return seq_addr[seq_addr.size() - 1 - idx];
        return seq_addr[live.kth(static_cast<u32>(live.live() - idx))];
    }
    // Reference to a recent free: 2k = k-th newest of the same size class,
    // 2k+1 = k-th newest of all (without size classes: k).
    std::int64_t find_free(u64 a, u64 size, const Config& c) const {
        const std::size_t n = recent_frees.size();
        if (c.size_class) {
            const u64 cls = size_class(size);
            std::size_t k = 0;
            for (std::size_t i = 0; i < n; ++i) {
                const auto& f = recent_frees[n - 1 - i];
                if (f.second != cls) continue;
                if (f.first == a) return static_cast<std::int64_t>(2 * k);
                ++k;
            }
        }
        for (std::size_t k = 0; k < n; ++k)
            if (recent_frees[n - 1 - k].first == a)
                return static_cast<std::int64_t>(c.size_class ? 2 * k + 1 : k);
        return -1;
    }
    u64 take_free(u64 ref, u64 size, const Config& c) {
        const std::size_t n = recent_frees.size();
        std::size_t pos = n;  // out of range unless found
        if (!c.size_class) {
            pos = n - 1 - ref;
        } else if (ref & 1) {
            pos = n - 1 - (ref >> 1);
        } else {
            const u64 cls = size_class(size);
            u64 k = ref >> 1;
            for (std::size_t i = 0; i < n; ++i)
                if (recent_frees[n - 1 - i].second == cls && k-- == 0) {
                    pos = n - 1 - i;
                    break;
                }
        }
        if (pos >= n) return 0;
        const u64 a = recent_frees[pos].first;
        recent_frees.erase(recent_frees.begin() + static_cast<std::ptrdiff_t>(pos));
        return a;
    }
};

// ---------------------------------------------------------------- streams

enum Stream { sType, sTs, sDur, sDurEsc, sRef, sAddr, sSize, sStack, sPair, sHist, sCount };
const char* const kStreamNames[sCount] = {"type", "ts",   "dur",   "dur_esc", "ref",
                                          "addr", "size", "stack", "pair",    "hist"};

struct Streams {
    Bytes s[sCount];
};

// The original events as the decoder must reproduce them: timestamps
// quantised (and kept monotonic per thread), durations coded.
void apply_loss(const Config& c, std::vector<Ev>& ev, std::size_t begin, std::size_t end,
                u64& prev_t) {
    const LogCode lc{c.dur_mantissa_bits};
    for (std::size_t i = begin; i < end; ++i) {
        Ev& e = ev[i];
        const u64 q = c.ts_quantum;
        u64 units = rounds_down(e.kind) ? e.ts / q : (e.ts + q - 1) / q;
        units = std::max(units, prev_t);  // monotonic per thread, across chunks too
        prev_t = units;
        e.ts = units * q;
        if (c.dur == Dur::kLog) {
            bool esc;
            const u8 code = lc.encode(e.dur, esc);
            if (!esc) e.dur = lc.decode(code);
        } else if (c.dur == Dur::kHistogram) {
            if (e.dur < c.outlier_ns) e.dur = 0;
        } else if (c.dur == Dur::kDrop) {
            e.dur = 0;
        }
    }
}

void put_le(Bytes& b, u64 v, int n) {
    for (int i = 0; i < n; ++i) b.push_back(static_cast<u8>(v >> (8 * i)));
}

// Column transform of one chunk. base_units is the chunk header's timestamp.
void encode_chunk(const Config& c, const Ev* ev, std::size_t n, Model& m, Streams& out) {
    const LogCode lc{c.dur_mantissa_bits};
    std::map<std::pair<u8, u8>, u32> hist;  // (kind, code) -> count
    u64 last_outlier = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const Ev& e = ev[i];
        u8 type = e.kind;
        if (is_alloc(e.kind)) type |= static_cast<u8>(e.func << 3);
        // Address model: decide the flag before the type byte is written.
        std::int64_t ref = -1;
        if (c.addr == Addr::kModel) {
            if (is_free(e.kind) && c.alloc_ring != 0) ref = m.find_alloc(e.addr, c);
            if (is_alloc(e.kind) && c.free_ring != 0) ref = m.find_free(e.addr, e.size, c);
        }
        if (ref >= 0) type |= 0x80;
        out.s[sType].push_back(type);
        // Timestamps are already quantised (apply_loss) and monotonic.
        const u64 units = e.ts / c.ts_quantum;
        put_varint(out.s[sTs], units - m.prev_units);
        m.prev_units = units;
        if (has_duration(e.kind)) {
            switch (c.dur) {
                case Dur::kRaw:
                    put_varint(out.s[sDur], e.dur);
                    break;
                case Dur::kLog: {
                    bool esc;
                    out.s[sDur].push_back(lc.encode(e.dur, esc));
                    if (esc) put_varint(out.s[sDurEsc], e.dur);
                    break;
                }
                case Dur::kHistogram: {
                    // e.dur is the original here (see run()); outliers are kept exactly.
                    bool esc;
                    ++hist[{e.kind, lc.encode(e.dur, esc)}];
                    if (e.dur >= c.outlier_ns) {
                        put_varint(out.s[sDurEsc], i - last_outlier);
                        put_varint(out.s[sDurEsc], e.dur);
                        last_outlier = i;
                    }
                    break;
                }
                case Dur::kDrop:
                    break;
            }
        }
        if (has_address(e.kind)) {
            if (ref >= 0) {
                put_varint(out.s[sRef], static_cast<u64>(ref));
                if (is_alloc(e.kind)) m.take_free(static_cast<u64>(ref), e.size, c);
            } else if (c.addr == Addr::kRowDelta || c.fallback == Fallback::kDeltaPrev) {
                put_varint(out.s[sAddr],
                           zigzag_encode(static_cast<std::int64_t>(e.addr - m.prev_addr)));
            } else {
                put_le(out.s[sAddr], e.addr, 6);
            }
            m.prev_addr = e.addr;
            if (is_alloc(e.kind)) m.on_alloc(e.addr, e.size, c);
            if (is_free(e.kind)) m.on_free(e.addr, c);
        }
        if (has_size(e.kind) && has_stack(e.kind) && c.pair_dict) {
            const auto key = std::make_pair(e.size, e.stack);
            auto it = m.pairs.find(key);
            if (it == m.pairs.end()) {
                put_varint(out.s[sPair], m.pair_list.size());
                m.pairs.emplace(key, static_cast<u32>(m.pair_list.size()));
                m.pair_list.push_back(key);
                put_varint(out.s[sSize], e.size);
                put_varint(out.s[sStack], e.stack);
            } else {
                put_varint(out.s[sPair], it->second);
            }
        } else {
            if (has_size(e.kind)) put_varint(out.s[sSize], e.size);
            if (has_stack(e.kind)) put_varint(out.s[sStack], e.stack);
        }
    }
    if (c.dur == Dur::kHistogram) {
        u8 prev_kind = 0;
        for (const auto& [key, count] : hist) {
            out.s[sHist].push_back(static_cast<u8>(key.first - prev_kind));
            out.s[sHist].push_back(key.second);
            put_varint(out.s[sHist], count);
            prev_kind = key.first;
        }
    }
    if (c.addr != Addr::kRowDelta && c.fallback == Fallback::kAbs6Planes) {
        Bytes& a = out.s[sAddr];
        const std::size_t k = a.size() / 6;
        Bytes planes(a.size());
        for (std::size_t j = 0; j < k; ++j)
            for (int b = 0; b < 6; ++b)
                planes[static_cast<std::size_t>(b) * k + j] =
                    a[j * 6 + static_cast<std::size_t>(b)];
        a.swap(planes);
    }
}

struct Decoded {
    std::vector<Ev> events;
    std::map<std::pair<u8, u8>, u32> hist;
};

bool decode_chunk(const Config& c, Streams& in, std::size_t n, Model& m, Decoded& out) {
    const LogCode lc{c.dur_mantissa_bits};
    if (c.addr != Addr::kRowDelta && c.fallback == Fallback::kAbs6Planes) {
        Bytes& a = in.s[sAddr];
        const std::size_t k = a.size() / 6;
        Bytes rows(a.size());
        for (std::size_t j = 0; j < k; ++j)
            for (int b = 0; b < 6; ++b)
                rows[j * 6 + static_cast<std::size_t>(b)] = a[static_cast<std::size_t>(b) * k + j];
        a.swap(rows);
    }
    std::vector<ByteCursor> cur;
    for (auto& s : in.s) cur.emplace_back(s.data(), s.data() + s.size());
    std::size_t next_outlier = 0;
    bool have_outlier = false;
    u64 outlier_value = 0;
    if (c.dur == Dur::kHistogram && !cur[sDurEsc].at_end()) {
        next_outlier = cur[sDurEsc].varint();
        outlier_value = cur[sDurEsc].varint();
        have_outlier = true;
    }
    for (std::size_t i = 0; i < n; ++i) {
        Ev e;
        const u8 type = cur[sType].byte();
        e.kind = type & 7;
        if (is_alloc(e.kind)) e.func = (type >> 3) & 15;
        const bool hit = (type & 0x80) != 0;
        m.prev_units += cur[sTs].varint();
        e.ts = m.prev_units * c.ts_quantum;
        if (has_duration(e.kind)) {
            switch (c.dur) {
                case Dur::kRaw:
                    e.dur = cur[sDur].varint();
                    break;
                case Dur::kLog: {
                    const u8 code = cur[sDur].byte();
                    e.dur = code == 255 ? cur[sDurEsc].varint() : lc.decode(code);
                    break;
                }
                case Dur::kHistogram:
                    if (have_outlier && next_outlier == i) {
                        e.dur = outlier_value;
                        if (cur[sDurEsc].at_end()) {
                            have_outlier = false;
                        } else {
                            next_outlier += cur[sDurEsc].varint();
                            outlier_value = cur[sDurEsc].varint();
                        }
                    }
                    break;
                case Dur::kDrop:
                    break;
            }
        }
        if (has_size(e.kind) && has_stack(e.kind) && c.pair_dict) {
            const u64 idx = cur[sPair].varint();
            if (idx == m.pair_list.size()) {
                const u64 size = cur[sSize].varint();
                const u32 stack = static_cast<u32>(cur[sStack].varint());
                m.pair_list.emplace_back(size, stack);
                m.pairs.emplace(m.pair_list.back(), static_cast<u32>(idx));
            }
            if (idx >= m.pair_list.size()) return false;
            e.size = m.pair_list[idx].first;
            e.stack = m.pair_list[idx].second;
        } else {
            if (has_size(e.kind)) e.size = cur[sSize].varint();
            if (has_stack(e.kind)) e.stack = static_cast<u32>(cur[sStack].varint());
        }
        if (has_address(e.kind)) {
            if (hit) {
                const u64 idx = cur[sRef].varint();
                e.addr = is_alloc(e.kind) ? m.take_free(idx, e.size, c) : m.alloc_at(idx, c);
            } else if (c.addr == Addr::kRowDelta || c.fallback == Fallback::kDeltaPrev) {
                e.addr = m.prev_addr + static_cast<u64>(zigzag_decode(cur[sAddr].varint()));
            } else {
                const u8* p = cur[sAddr].bytes(6);
                if (p == nullptr) return false;
                for (int b = 0; b < 6; ++b) e.addr |= u64{p[b]} << (8 * b);
            }
            m.prev_addr = e.addr;
            if (is_alloc(e.kind)) m.on_alloc(e.addr, e.size, c);
            if (is_free(e.kind)) m.on_free(e.addr, c);
        }
        out.events.push_back(e);
    }
    if (c.dur == Dur::kHistogram) {
        u8 kind = 0;
        while (!cur[sHist].at_end()) {
            kind = static_cast<u8>(kind + cur[sHist].byte());
            const u8 code = cur[sHist].byte();
            out.hist[{kind, code}] += static_cast<u32>(cur[sHist].varint());
        }
    }
    for (const auto& cu : cur)
        if (cu.failed()) return false;
    return true;
}

// Version-1-like rows: type, payload length, ts delta, fields (addresses as
// zigzag deltas from the previous heap address). Used as the baseline.
void encode_rows(const Ev* ev, std::size_t n, Model& m, Bytes& out) {
    Bytes payload;
    for (std::size_t i = 0; i < n; ++i) {
        const Ev& e = ev[i];
        payload.clear();
        put_varint(payload, e.ts - m.prev_units);
        m.prev_units = e.ts;
        if (is_alloc(e.kind)) payload.push_back(e.func);
        if (has_address(e.kind)) {
            put_varint(payload, zigzag_encode(static_cast<std::int64_t>(e.addr - m.prev_addr)));
            m.prev_addr = e.addr;
        }
        if (has_size(e.kind)) put_varint(payload, e.size);
        if (has_stack(e.kind)) put_varint(payload, e.stack);
        if (has_duration(e.kind)) put_varint(payload, e.dur);
        out.push_back(e.kind);
        put_varint(out, payload.size());
        out.insert(out.end(), payload.begin(), payload.end());
    }
}

bool decode_rows(const Bytes& in, std::size_t n, Model& m, std::vector<Ev>& out) {
    ByteCursor c(in.data(), in.data() + in.size());
    for (std::size_t i = 0; i < n; ++i) {
        Ev e;
        e.kind = c.byte();
        c.varint();
        m.prev_units += c.varint();
        e.ts = m.prev_units;
        if (is_alloc(e.kind)) e.func = c.byte();
        if (has_address(e.kind)) {
            m.prev_addr += static_cast<u64>(zigzag_decode(c.varint()));
            e.addr = m.prev_addr;
        }
        if (has_size(e.kind)) e.size = c.varint();
        if (has_stack(e.kind)) e.stack = static_cast<u32>(c.varint());
        if (has_duration(e.kind)) e.dur = c.varint();
        out.push_back(e);
    }
    return !c.failed() && c.at_end();
}

// ---------------------------------------------------------------- compression

struct Zstd {
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    ZSTD_DCtx* dctx = ZSTD_createDCtx();
    ~Zstd() {
        ZSTD_freeCCtx(cctx);
        ZSTD_freeDCtx(dctx);
    }
    Bytes compress(const Bytes& in, int level) {
        Bytes out(ZSTD_compressBound(in.size()));
        ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);  // as the trace format does
        const std::size_t n = ZSTD_compress2(cctx, out.data(), out.size(), in.data(), in.size());
        if (ZSTD_isError(n)) {
            std::fprintf(stderr, "zstd: %s\n", ZSTD_getErrorName(n));
            std::exit(2);
        }
        out.resize(n);
        return out;
    }
    Bytes decompress(const Bytes& in, std::size_t raw) {
        Bytes out(raw);
        const std::size_t n =
            ZSTD_decompressDCtx(dctx, out.data(), out.size(), in.data(), in.size());
        if (ZSTD_isError(n) || n != raw) {
            std::fprintf(stderr, "zstd decompress failed\n");
            std::exit(2);
        }
        return out;
    }
};

// ---------------------------------------------------------------- running a configuration

using Clock = std::chrono::steady_clock;

struct Result {
    u64 bytes = 0;  // payloads + per-chunk overhead (72-byte header, stream table)
    u64 stream_bytes[sCount] = {};
    u64 chunks = 0;
    double transform_s = 0, compress_s = 0, decode_s = 0;
    u64 mismatches = 0;
    u64 checked = 0;
    bool decode_failed = false;
    double max_dur_rel_err = 0;
    u64 ts_abs_err_max = 0;
};

Result run(const Config& c, const Input& in) {
    Result r;
    Zstd z;
    for (const auto& [tid, t] : in.threads) {
        // Lossy parts first: what the decoder must give back.
        std::vector<Ev> expect = t.events;
        {
            u64 prev_t = 0;
            for (std::size_t k = 0; k < t.chunk_starts.size(); ++k) {
                const std::size_t b = t.chunk_starts[k];
                const std::size_t e =
                    k + 1 < t.chunk_starts.size() ? t.chunk_starts[k + 1] : t.events.size();
                apply_loss(c, expect, b, e, prev_t);
            }
        }
        for (std::size_t i = 0; i < expect.size(); ++i) {
            const u64 d = t.events[i].dur, x = expect[i].dur;
            if (c.dur == Dur::kLog && d > 0)
                r.max_dur_rel_err =
                    std::max(r.max_dur_rel_err, std::fabs(double(x) - double(d)) / double(d));
            const u64 te = t.events[i].ts, tx = expect[i].ts;
            r.ts_abs_err_max = std::max(r.ts_abs_err_max, te > tx ? te - tx : tx - te);
        }
        // The encoder sees quantised timestamps but original durations.
        std::vector<Ev> input = expect;
        for (std::size_t i = 0; i < input.size(); ++i) input[i].dur = t.events[i].dur;

        Model enc, dec;
        std::map<std::pair<u8, u8>, u32> hist_expect, hist_got;
        const LogCode lc{c.dur_mantissa_bits};
        if (c.dur == Dur::kHistogram)
            for (const Ev& e : t.events)
                if (has_duration(e.kind)) {
                    bool esc;
                    ++hist_expect[{e.kind, lc.encode(e.dur, esc)}];
                }
        for (std::size_t k = 0; k < t.chunk_starts.size(); ++k) {
            const std::size_t b = t.chunk_starts[k];
            const std::size_t e =
                k + 1 < t.chunk_starts.size() ? t.chunk_starts[k + 1] : t.events.size();
            const std::size_t n = e - b;
            const u64 base =
                c.row ? input[b].ts : input[b].ts / c.ts_quantum;  // the chunk header's base_ts
            if (c.reset || k == 0) {
                enc.reset(base);
                dec.reset(base);
            }
            ++r.chunks;
            r.bytes += 72;  // chunk header
            auto t0 = Clock::now();
            if (c.row) {
                Bytes raw;
                encode_rows(input.data() + b, n, enc, raw);
                auto t1 = Clock::now();
                Bytes z1 = z.compress(raw, c.level);
                auto t2 = Clock::now();
                r.bytes += z1.size();
                r.stream_bytes[sType] += z1.size();
                Bytes back = z.decompress(z1, raw.size());
                std::vector<Ev> got;
                if (!decode_rows(back, n, dec, got)) r.decode_failed = true;
                auto t3 = Clock::now();
                r.transform_s += std::chrono::duration<double>(t1 - t0).count();
                r.compress_s += std::chrono::duration<double>(t2 - t1).count();
                r.decode_s += std::chrono::duration<double>(t3 - t2).count();
                for (std::size_t i = 0; i < n && i < got.size(); ++i, ++r.checked)
                    if (!(got[i] == expect[b + i])) ++r.mismatches;
                if (got.size() != n) r.mismatches += n;
                continue;
            }
            Streams s;
            encode_chunk(c, input.data() + b, n, enc, s);
            auto t1 = Clock::now();
            // Stream table: raw and compressed length of each stream (varints).
            Bytes table;
            std::vector<Bytes> packed;
            if (c.one_frame) {
                Bytes all;
                for (int i = 0; i < sCount; ++i) {
                    put_varint(table, s.s[i].size());
                    all.insert(all.end(), s.s[i].begin(), s.s[i].end());
                }
                packed.push_back(z.compress(all, c.level));
                r.stream_bytes[sType] += packed.back().size();
            } else {
                for (int i = 0; i < sCount; ++i) {
                    put_varint(table, s.s[i].size());
                    if (s.s[i].empty()) {
                        packed.emplace_back();
                        put_varint(table, 0);
                        continue;
                    }
                    packed.push_back(z.compress(s.s[i], c.level));
                    put_varint(table, packed.back().size());
                    r.stream_bytes[i] += packed.back().size();
                }
            }
            auto t2 = Clock::now();
            r.bytes += table.size();
            for (const auto& p : packed) r.bytes += p.size();
            // Reader side: only the compressed bytes and the table's raw sizes.
            Streams back;
            if (c.one_frame) {
                std::size_t total = 0;
                for (int i = 0; i < sCount; ++i) total += s.s[i].size();
                Bytes all = z.decompress(packed[0], total);
                std::size_t off = 0;
                for (int i = 0; i < sCount; ++i) {
                    back.s[i].assign(
                        all.begin() + static_cast<std::ptrdiff_t>(off),
                        all.begin() + static_cast<std::ptrdiff_t>(off + s.s[i].size()));
                    off += s.s[i].size();
                }
            } else {
                for (int i = 0; i < sCount; ++i)
                    if (!packed[i].empty()) back.s[i] = z.decompress(packed[i], s.s[i].size());
            }
            Decoded got;
            if (!decode_chunk(c, back, n, dec, got)) r.decode_failed = true;
            auto t3 = Clock::now();
            r.transform_s += std::chrono::duration<double>(t1 - t0).count();
            r.compress_s += std::chrono::duration<double>(t2 - t1).count();
            r.decode_s += std::chrono::duration<double>(t3 - t2).count();
            for (std::size_t i = 0; i < n && i < got.events.size(); ++i, ++r.checked)
                if (!(got.events[i] == expect[b + i])) {
                    if (r.mismatches < 3) {
                        const Ev& x = expect[b + i];
                        const Ev& g = got.events[i];
                        std::fprintf(stderr,
                                     "  mismatch %s tid %u ev %zu: kind %u/%u ts %" PRIu64
                                     "/%" PRIu64 " dur %" PRIu64 "/%" PRIu64 " addr %" PRIx64
                                     "/%" PRIx64 " size %" PRIu64 "/%" PRIu64 " stack %u/%u\n",
                                     c.name.c_str(), tid, b + i, x.kind, g.kind, x.ts, g.ts, x.dur,
                                     g.dur, x.addr, g.addr, x.size, g.size, x.stack, g.stack);
                    }
                    ++r.mismatches;
                }
            if (got.events.size() != n) r.mismatches += n;
            for (const auto& [key, count] : got.hist) hist_got[key] += count;
        }
        if (c.dur == Dur::kHistogram && hist_got != hist_expect) ++r.mismatches;
    }
    return r;
}

// ---------------------------------------------------------------- cross-thread order

// Replays the heap in merged time order (ties: lower tid first, as a stand-in
// for the reader's chunk order; optionally frees before allocations) and counts
// frees of addresses not live and allocations of addresses already live.
struct OrderCheck {
    u64 bad_frees = 0, double_allocs = 0, peak = 0;
};

OrderCheck replay(const Input& in, const Config& c, bool frees_first) {
    struct Item {
        u64 ts;
        u32 tid;
        u32 pos;
        u8 kind;
        u64 addr, size;
    };
    std::vector<Item> items;
    for (const auto& [tid, t] : in.threads) {
        std::vector<Ev> ev = t.events;
        u64 prev_t = 0;
        for (std::size_t k = 0; k < t.chunk_starts.size(); ++k) {
            const std::size_t b = t.chunk_starts[k];
            const std::size_t e = k + 1 < t.chunk_starts.size() ? t.chunk_starts[k + 1] : ev.size();
            apply_loss(c, ev, b, e, prev_t);
        }
        for (std::size_t i = 0; i < ev.size(); ++i)
            if (is_alloc(ev[i].kind) || is_free(ev[i].kind))
                items.push_back(
                    {ev[i].ts, tid, static_cast<u32>(i), ev[i].kind, ev[i].addr, ev[i].size});
    }
    std::stable_sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
        if (a.ts != b.ts) return a.ts < b.ts;
        if (a.tid == b.tid) return a.pos < b.pos;
        if (frees_first && is_free(a.kind) != is_free(b.kind)) return is_free(a.kind);
        return a.tid < b.tid;
    });
    OrderCheck oc;
    std::unordered_map<u64, u64> live;
    u64 heap = 0;
    for (const Item& it : items) {
        if (is_alloc(it.kind)) {
            auto [pos, inserted] = live.emplace(it.addr, it.size);
            if (!inserted) {
                ++oc.double_allocs;
                heap -= pos->second;
                pos->second = it.size;
            }
            heap += it.size;
            oc.peak = std::max(oc.peak, heap);
        } else {
            auto pos = live.find(it.addr);
            if (pos == live.end()) {
                ++oc.bad_frees;
            } else {
                heap -= pos->second;
                live.erase(pos);
            }
        }
    }
    return oc;
}

// ---------------------------------------------------------------- main

Config base_columns() {
    Config c;
    c.addr = Addr::kAbsolute;
    c.fallback = Fallback::kAbs6;
    return c;
}

Config model(u32 alloc_ring, u32 free_ring, Fallback f) {
    Config c = base_columns();
    c.addr = Addr::kModel;
    c.alloc_ring = alloc_ring;
    c.free_ring = free_ring;
    c.fallback = f;
    return c;
}

std::vector<Config> configurations(const std::string& set) {
    std::vector<Config> v;
    auto add = [&](std::string name, Config c) {
        c.name = std::move(name);
        v.push_back(c);
    };
    const u32 kAll = ~0u;
    if (set == "all" || set == "base") {
        Config row;
        row.row = true;
        for (int level : {1, 3, 6}) {
            row.level = level;
            add("row v1-like, zstd " + std::to_string(level), row);
        }
        for (int level : {1, 3, 6}) {
            Config c = base_columns();
            c.level = level;
            add("columns, addr abs6, zstd " + std::to_string(level), c);
        }
        Config c = base_columns();
        c.one_frame = true;
        add("columns, addr abs6, one frame, zstd 3", c);
        c = base_columns();
        c.addr = Addr::kModel;  // no rings: fallback only, delta from previous address
        c.fallback = Fallback::kDeltaPrev;
        add("columns, addr zigzag delta, zstd 3", c);
        c = base_columns();
        c.fallback = Fallback::kAbs6Planes;
        add("columns, addr abs6 byte planes, zstd 3", c);
    }
    if (set == "all" || set == "addr") {
        for (u32 ring : {64u, 256u, 1024u, kAll}) {
            Config c = model(ring, 0, Fallback::kAbs6);
            add("free->alloc ring " + (ring == kAll ? std::string("chunk") : std::to_string(ring)) +
                    " live-rank",
                c);
        }
        Config c = model(1024, 0, Fallback::kAbs6);
        c.live_rank = false;
        add("free->alloc ring 1024 distance", c);
        for (u32 fr : {4u, 16u, 64u})
            add("alloc->free ring " + std::to_string(fr), model(0, fr, Fallback::kAbs6));
        for (u32 fr : {16u, 64u})
            add("both: ring 1024 + free ring " + std::to_string(fr),
                model(1024, fr, Fallback::kAbs6));
        add("both 1024+64, fallback delta", model(1024, 64, Fallback::kDeltaPrev));
        add("both 1024+64, fallback abs6 planes", model(1024, 64, Fallback::kAbs6Planes));
        add("both chunk+64, fallback abs6", model(kAll, 64, Fallback::kAbs6));
        Config g = model(1024, 64, Fallback::kAbs6);
        g.reset = false;
        add("both 1024+64, global state", g);
    }
    if (set == "all" || set == "fields") {
        Config m = model(1024, 64, Fallback::kAbs6);
        Config c = m;
        c.pair_dict = true;
        add("model + pair dict", c);
        c = m;
        c.dur = Dur::kLog;
        add("model + dur log 4-bit", c);
        c.dur_mantissa_bits = 3;
        add("model + dur log 3-bit", c);
        c = m;
        c.dur = Dur::kHistogram;
        c.outlier_ns = 10'000;
        add("model + dur hist, outliers >=10us", c);
        c.outlier_ns = 1'000;
        add("model + dur hist, outliers >=1us", c);
        c = m;
        c.dur = Dur::kDrop;
        add("model + dur dropped", c);
        for (u64 q : {64u, 256u, 1024u}) {
            c = m;
            c.ts_quantum = q;
            add("model + ts " + std::to_string(q) + " ns", c);
        }
    }
    if (set == "all" || set == "combo") {
        for (u64 q : {1u, 64u, 256u, 1024u}) {
            for (Dur d : {Dur::kLog, Dur::kHistogram}) {
                Config c = model(1024, 64, Fallback::kAbs6);
                c.pair_dict = true;
                c.ts_quantum = q;
                c.dur = d;
                c.dur_mantissa_bits = 4;
                add("combo ts " + std::to_string(q) +
                        (d == Dur::kLog ? ", dur log4" : ", dur hist>=10us"),
                    c);
            }
        }
        for (int level : {1, 3, 6, 19}) {
            for (bool one : {false, true}) {
                Config c = model(1024, 64, Fallback::kAbs6);
                c.pair_dict = true;
                c.ts_quantum = 256;
                c.dur = Dur::kLog;
                c.level = level;
                c.one_frame = one;
                add("rec(ts256,log4) zstd " + std::to_string(level) +
                        (one ? " one frame" : " per stream"),
                    c);
            }
        }
        Config c = model(1024, 64, Fallback::kAbs6);
        c.pair_dict = true;
        c.ts_quantum = 256;
        c.dur = Dur::kLog;
        c.reset = false;
        add("rec(ts256,log4) global state", c);
    }
    if (set == "all" || set == "sizeclass") {
        for (u32 ring : {1024u, kAll}) {
            for (u32 fr : {16u, 64u}) {
                Config c = model(ring, fr, Fallback::kAbs6);
                c.size_class = true;
                add("size-class: ring " +
                        (ring == kAll ? std::string("chunk") : std::to_string(ring)) +
                        " + free ring " + std::to_string(fr),
                    c);
            }
        }
        Config c = model(kAll, 64, Fallback::kAbs6);
        c.size_class = true;
        c.reset = false;
        add("size-class: ring unbounded + free ring 64, global state", c);
        c.reset = true;
        c.fallback = Fallback::kDeltaPrev;
        add("size-class: ring chunk + 64, fallback delta", c);
    }
    if (set == "all" || set == "final") {
        for (u64 q : {1u, 256u, 1024u, 65536u}) {
            for (Dur d : {Dur::kRaw, Dur::kLog, Dur::kHistogram}) {
                for (bool pd : {false, true}) {
                    Config c = model(kAll, 64, Fallback::kAbs6);
                    c.size_class = true;
                    c.ts_quantum = q;
                    c.dur = d;
                    c.pair_dict = pd;
                    add("final ts " + std::to_string(q) +
                            (d == Dur::kRaw   ? ", dur raw"
                             : d == Dur::kLog ? ", dur log4"
                                              : ", dur hist>=10us") +
                            (pd ? ", pair dict" : ""),
                        c);
                }
            }
        }
        for (int level : {1, 6}) {
            Config c = model(kAll, 64, Fallback::kAbs6);
            c.size_class = true;
            c.ts_quantum = 256;
            c.dur = Dur::kLog;
            c.level = level;
            add("final ts 256, dur log4, zstd " + std::to_string(level), c);
            c.dur = Dur::kHistogram;
            add("final ts 256, dur hist>=10us, zstd " + std::to_string(level), c);
        }
    }
    return v;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(
            stderr,
            "usage: encoding_study TRACE.mst HEAPTRACK_FILE [SET=all|base|addr|fields|combo] "
            "[CHUNK_BYTES=1048576] [--order]\n");
        return 2;
    }
    const std::string set = argc > 3 ? argv[3] : "all";
    const std::size_t chunk_bytes = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : (1u << 20);
    const bool order = argc > 5 && std::string(argv[5]) == "--order";
    u64 heaptrack_bytes = 0;
    if (FILE* f = std::fopen(argv[2], "rb")) {
        std::fseek(f, 0, SEEK_END);
        heaptrack_bytes = static_cast<u64>(std::ftell(f));
        std::fclose(f);
    }
    const Input in = load(argv[1], chunk_bytes);
    Zstd z;
    const u64 stack_z = z.compress(in.stack_table, 3).size();
    const double ev = static_cast<double>(in.heap_events);
    std::printf("trace %s: %.2f MiB file, %" PRIu64 " chunks, raw payload %.2f MiB\n", argv[1],
                double(in.file_bytes) / 1048576.0, in.file_chunks,
                double(in.file_raw_payload) / 1048576.0);
    std::printf("thread events %" PRIu64 " (in %zu threads), process-stream events %" PRIu64
                ", version-1 raw bytes of thread events %.2f MiB (%.2f B/event), chunk size %zu\n",
                in.heap_events, in.threads.size(), in.other_events,
                double(in.v1_raw_bytes) / 1048576.0, double(in.v1_raw_bytes) / ev, chunk_bytes);
    std::printf("file: %.3f B/event; heaptrack file %.2f MiB = %.3f B/event\n",
                double(in.file_bytes) / ev, double(heaptrack_bytes) / 1048576.0,
                double(heaptrack_bytes) / ev);
    std::printf("stack table: %" PRIu64 " nodes, %zu B raw, %" PRIu64
                " B zstd-3 = %.4f B/event (added to 'total')\n",
                in.stack_nodes, in.stack_table.size(), stack_z, double(stack_z) / ev);
    std::printf(
        "\n| configuration | events B/ev | total B/ev | x heaptrack | type | ts | dur | ref | addr "
        "| size | stack | pair | "
        "writer MB/s (transform / +zstd) | decode MB/s | check |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (const Config& c : configurations(set)) {
        const Result r = run(c, in);
        const double raw_mb = double(in.v1_raw_bytes) / 1e6;
        const double total = double(r.bytes + stack_z);
        auto col = [&](int s) {
            return (c.row || c.one_frame) ? std::string("-") : [&] {
                char b[32];
                u64 v = r.stream_bytes[s];
                if (s == sDur) v += r.stream_bytes[sDurEsc] + r.stream_bytes[sHist];
                std::snprintf(b, sizeof b, "%.3f", double(v) / ev);
                return std::string(b);
            }();
        };
        char check[160];
        std::snprintf(check, sizeof check, "%s: %" PRIu64 "/%" PRIu64 " equal%s",
                      r.mismatches == 0 && !r.decode_failed ? "OK" : "FAIL",
                      r.checked - r.mismatches, r.checked, r.decode_failed ? ", decode error" : "");
        std::string loss;
        if (c.ts_quantum > 1) loss += " ts err<=" + std::to_string(r.ts_abs_err_max) + "ns";
        if (c.dur == Dur::kLog) {
            char b[48];
            std::snprintf(b, sizeof b, " dur err<=%.2f%%", 100 * r.max_dur_rel_err);
            loss += b;
        }
        std::printf(
            "| %s | %.3f | %.3f | %.3f | %s | %s | %s | %s | %s | %s | %s | %s | %.0f / %.0f | "
            "%.0f | %s%s |\n",
            c.name.c_str(), double(r.bytes) / ev, total / ev, total / double(heaptrack_bytes),
            col(sType).c_str(), col(sTs).c_str(), col(sDur).c_str(), col(sRef).c_str(),
            col(sAddr).c_str(), col(sSize).c_str(), col(sStack).c_str(), col(sPair).c_str(),
            raw_mb / r.transform_s, raw_mb / (r.transform_s + r.compress_s), raw_mb / r.decode_s,
            check, loss.c_str());
        std::fflush(stdout);
    }
    if (order) {
        std::printf("\ncross-thread order check (heap replay in merged time order)\n\n");
        std::printf(
            "| timestamps | tie rule | frees of non-live address | allocs of live address | peak "
            "heap B |\n|---|---|---:|---:|---:|\n");
        for (u64 q : {1u, 64u, 256u, 1024u, 65536u}) {
            for (bool ff : {false, true}) {
                Config c;
                c.ts_quantum = q;
                const OrderCheck oc = replay(in, c, ff);
                std::printf("| %" PRIu64 " ns | %s | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " |\n",
                            q, ff ? "frees first" : "thread order", oc.bad_frees, oc.double_allocs,
                            oc.peak);
            }
        }
    }
    return 0;
}
