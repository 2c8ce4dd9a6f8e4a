// An opened and replayed trace, ready for the analysis questions: the reader,
// the streaming pass over all events, and symbolization of the unique stacks.
// Opening prints the truncation warning and symbolizer warnings on stderr.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "analysis/frame_source.h"
#include "analysis/symbolized_stack.h"
#include "analysis/trace_pass.h"
#include "cli/analysis_options.h"
#include "symbols/symbolizer.h"
#include "trace/trace_reader.h"

namespace memscope::cli {

class TraceSession {
  public:
    // Throws trace::TraceError when the file is not a readable trace. also,
    // when given, sees every event too (a command's own pass).
    explicit TraceSession(const AnalysisOptions& options, trace::EventSink* also = nullptr);
    // A command's own pass made from the trace's header (the mode, the timing)
    // once it is read and before any event is: the trace is still read once.
    // The factory may return nullptr (no pass of its own).
    using PassFactory = std::function<trace::EventSink*(const trace::TraceHeader&)>;
    TraceSession(const AnalysisOptions& options, const PassFactory& make_also);
    ~TraceSession();

    const std::string& path() const { return path_; }
    const trace::TraceReader& reader() const { return reader_; }
    const analysis::TracePass& pass() const { return pass_; }
    analysis::StackSymbolizer& stacks() { return *stacks_; }

    // Symbolizer warnings (modules changed on disk, unreadable files), once each.
    void print_symbol_warnings() const;

  private:
    // Reads every event into pass_, with a progress bar on a terminal.
    void read_with_progress(trace::EventSink* also);

    std::string path_;
    trace::TraceReader reader_;
    analysis::TracePass pass_;
    std::unique_ptr<symbols::Symbolizer> symbolizer_;
    std::unique_ptr<analysis::SymbolizerFrameSource> frames_;
    std::unique_ptr<analysis::StackSymbolizer> stacks_;
};

}  // namespace memscope::cli
