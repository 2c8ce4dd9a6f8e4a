#include "cli/trace_session.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "analysis/read_progress.h"
#include "report/progress_bar.h"
#include "symbols/symbol_disk_cache.h"

namespace memscope::cli {

namespace {

class BothSinks : public trace::EventSink {
  public:
    BothSinks(trace::EventSink& first, trace::EventSink& second) : first_(first), second_(second) {}
    void on_event(const trace::Event& e) override {
        first_.on_event(e);
        second_.on_event(e);
    }
    void prefetch_address(std::uint64_t address) override {
        first_.prefetch_address(address);
        second_.prefetch_address(address);
    }
    void attach_undelivered_events(const trace::UndeliveredEvents* undelivered) override {
        first_.attach_undelivered_events(undelivered);
        second_.attach_undelivered_events(undelivered);
    }

  private:
    trace::EventSink& first_;
    trace::EventSink& second_;
};

}  // namespace

TraceSession::TraceSession(const AnalysisOptions& options, trace::EventSink* also)
    : TraceSession(options, [also](const trace::TraceHeader&) { return also; }) {}

TraceSession::TraceSession(const AnalysisOptions& options, const PassFactory& make_also)
    : path_(options.trace),
      reader_(options.trace),
      pass_(reader_.header().page_size, reader_.header().mode == format::RecordMode::kSampled
                                            ? reader_.header().sample_rate_bytes
                                            : 0) {
    read_with_progress(make_also(reader_.header()));
    if (reader_.truncated()) {
        fmt::print(stderr,
                   "memscope: warning: {} is truncated ({}); figures cover the recorded part "
                   "only\n",
                   path_, reader_.truncation_reason());
    }
    // Debian sets DEBUGINFOD_URLS system-wide; libdw would then fetch debug info
    // over the network for every unknown module, silently and slowly. Analysis
    // stays offline unless the user asks for it.
    if (!options.debuginfod) unsetenv("DEBUGINFOD_URLS");
    // The module map is complete only once every event has been read.
    symbols::SymbolizerOptions symbolizer_options;
    symbolizer_options.debug_dirs = options.debug_dirs;
    if (!options.no_symbol_cache)
        symbolizer_options.cache_dir = symbols::default_symbol_cache_dir();
    symbolizer_ = std::make_unique<symbols::Symbolizer>(reader_.modules(), symbolizer_options);
    frames_ = std::make_unique<analysis::SymbolizerFrameSource>(*symbolizer_);
    stacks_ = std::make_unique<analysis::StackSymbolizer>(reader_, *frames_);
}

TraceSession::~TraceSession() = default;

void TraceSession::read_with_progress(trace::EventSink* also) {
    BothSinks both(pass_, also != nullptr ? *also : pass_);
    trace::EventSink& sink = also != nullptr ? static_cast<trace::EventSink&>(both) : pass_;
    // Counting events for a bar nobody sees costs a call per event.
    if (!report::ProgressBar::wanted_on_stderr()) {
        reader_.read_events(sink);
        return;
    }
    std::error_code ec;
    const std::uint64_t file_bytes = std::filesystem::file_size(path_, ec);
    report::ProgressBar bar("reading trace", ec ? 0 : file_bytes, true);
    analysis::ReadProgress progress(sink, reader_, ec ? 0 : file_bytes,
                                    [&bar](std::uint64_t done) { bar.update(done); });
    reader_.read_events(progress);
    bar.finish();
}

void TraceSession::print_symbol_warnings() const {
    for (const auto& w : symbolizer_->warnings()) fmt::print(stderr, "memscope: warning: {}\n", w);
}

}  // namespace memscope::cli
