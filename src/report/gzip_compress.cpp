#include "report/gzip_compress.h"

#include <zlib.h>

#include <stdexcept>

namespace memscope::report {

std::string gzip_compress(std::string_view data) {
    // One deflate call takes at most 4 GiB; no profile comes near that.
    if (data.size() > 0xffff'0000u) throw std::runtime_error("gzip: input too large");
    z_stream z{};
    // windowBits 15 + 16 asks zlib for a gzip header and trailer instead of zlib's own.
    constexpr int kGzipWindowBits = 15 + 16;
    constexpr int kMemLevel = 8;
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, kMemLevel,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("zlib: deflateInit2 failed");
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&z, Z_FINISH);
    const auto written = z.total_out;
    deflateEnd(&z);
    if (status != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
    out.resize(written);
    return out;
}

}  // namespace memscope::report
