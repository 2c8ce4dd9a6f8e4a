// `memscope stream ADDR --json`: connects to a recorder started with
// `memscope run --stream ADDR` and prints every event as a JSON line as it
// arrives, until the traced process ends or the connection closes.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/command_registry.h"
#include "live/event_json.h"
#include "live/stream_connection.h"
#include "trace/stream_decoder.h"

namespace memscope::cli {

namespace {

constexpr int kStreamCutShort = 1;
constexpr int kCannotConnect = 2;
constexpr std::size_t kReceiveBytes = 1 << 20;

struct StreamOptions {
    std::string address;
    bool json = false;
    unsigned wait_s = 10;
};

void print_line(const nlohmann::json& j) {
    const std::string text = j.dump();
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
}

int run_stream(const StreamOptions& options) {
    if (!options.json) {
        std::fputs("memscope: error: stream prints JSON lines only: add --json\n", stderr);
        return kCannotConnect;
    }
    std::unique_ptr<live::StreamConnection> connection;
    try {
        connection = std::make_unique<live::StreamConnection>(
            live::StreamConnection::open(options.address, std::chrono::seconds(options.wait_s)));
    } catch (const live::StreamError& e) {
        std::fprintf(stderr, "memscope: error: %s\n", e.what());
        return kCannotConnect;
    }
    trace::StreamDecoder decoder(options.address);
    std::vector<std::uint8_t> buffer(kReceiveBytes);
    std::uint64_t start_ns = 0;
    bool have_header = false;
    for (;;) {
        const std::size_t n =
            connection->receive(buffer.data(), buffer.size(), std::chrono::milliseconds(200));
        if (n == 0) {
            if (!connection->closed()) continue;
            std::fflush(stdout);
            std::fprintf(stderr,
                         "memscope: error: the stream from %s closed before the trace ended%s\n",
                         options.address.c_str(),
                         have_header ? " (the process was killed, or the recorder dropped this "
                                       "client)"
                                     : " (the recorder serves one client at a time)");
            return kStreamCutShort;
        }
        decoder.feed(buffer.data(), n);
        for (;;) {
            const trace::StreamDecoder::Step step = decoder.next();  // TraceError: main reports it
            if (step == trace::StreamDecoder::Step::kNeedMore) break;
            if (step == trace::StreamDecoder::Step::kHeader) {
                have_header = true;
                start_ns = decoder.header().start_monotonic_ns;
                print_line(live::header_json(decoder.header()));
            } else if (step == trace::StreamDecoder::Step::kChunk) {
                for (const trace::Event& e : decoder.events())
                    print_line(live::event_json(e, start_ns));
            } else {
                print_line({{"type", "end"}});
                std::fflush(stdout);
                return 0;
            }
        }
        std::fflush(stdout);  // a reader downstream sees each chunk as it comes
    }
}

}  // namespace

void register_stream_command(CLI::App& app, CommandAction& chosen) {
    auto options = std::make_shared<StreamOptions>();
    CLI::App* sub = app.add_subcommand(
        "stream", "Print the events of a running `memscope run --stream ADDR` as JSON lines");
    sub->add_option("address", options->address,
                    "unix:PATH or tcp:HOST:PORT, as given to memscope run --stream")
        ->required()
        ->type_name("ADDR");
    sub->add_flag("--json", options->json, "One JSON object per event per line (required)");
    sub->add_option("--wait", options->wait_s,
                    "Seconds to keep trying to connect while the recorder is not listening yet")
        ->capture_default_str()
        ->type_name("SECONDS");
    sub->callback([options, &chosen] { chosen = [options] { return run_stream(*options); }; });
}

}  // namespace memscope::cli
