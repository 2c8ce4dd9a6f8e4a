#include "cli/run_streaming.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstring>

#include "live/live_socket.h"
#include "live/live_view.h"
#include "live/stream_connection.h"
#include "runtime/core/output_pattern.h"

namespace memscope::cli {

namespace {

// How long a --live recorder holds the program for the view to connect.
constexpr unsigned kLiveWaitMs = 10000;

std::string absolute_unix_address(const std::string& address) {
    const std::string prefix = "unix:";
    if (address.compare(0, prefix.size(), prefix) != 0 || address.size() == prefix.size() ||
        address[prefix.size()] == '/')
        return address;
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof(cwd)) == nullptr) return address;
    return prefix + cwd + "/" + address.substr(prefix.size());
}

// memscope.app.%p.mst -> memscope.app.%p.out
std::string output_pattern_for(const std::string& trace_pattern) {
    const std::string suffix = ".mst";
    if (trace_pattern.size() > suffix.size() &&
        trace_pattern.compare(trace_pattern.size() - suffix.size(), suffix.size(), suffix) == 0)
        return trace_pattern.substr(0, trace_pattern.size() - suffix.size()) + ".out";
    return trace_pattern + ".out";
}

bool still_running(pid_t pid) {
    siginfo_t info{};
    return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
           info.si_pid == 0;
}

std::string expanded(const std::string& pattern, pid_t pid) {
    std::string out(pattern.size() + 32, '\0');
    if (!runtime::expand_output_pattern(pattern.c_str(), static_cast<std::uint32_t>(pid),
                                        out.data(), out.size()))
        return pattern;
    out.resize(std::strlen(out.c_str()));
    return out;
}

}  // namespace

std::string RunStreaming::prepare(const RunOptions& options, const std::string& trace_pattern) {
    if (options.live) {
        if (isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0)
            return "--live needs a terminal (use --stream and `memscope stream` in scripts)";
        try {
            live_directory_ = live::live_socket_directory(true);
        } catch (const live::StreamError& e) {
            return std::string("--live: ") + e.what();
        }
        live_ = true;
        stream_ = "unix:" + live::live_socket_path(live_directory_, "%p");
        wait_ms_ = kLiveWaitMs;
        output_pattern_ = output_pattern_for(trace_pattern);
        if (output_pattern_.size() + 16 > output_path_.size())
            return "the output path " + output_pattern_ + " is too long";
    } else if (!options.stream.empty()) {
        stream_ = absolute_unix_address(options.stream);
        allow_remote_ = options.stream_allow_remote;
        wait_ms_ = options.stream_wait_s * 1000;
    } else {
        if (options.stream_allow_remote || options.stream_wait_s != 0)
            return "--stream-allow-remote and --stream-wait go with --stream";
        return {};
    }
    if (std::string problem = live::stream_address_problem(stream_, allow_remote_);
        !problem.empty())
        return "--stream " + problem;
    return {};
}

void RunStreaming::add_to(RecorderEnvironment& recorder) const {
    recorder.stream = stream_;
    recorder.stream_allow_remote = allow_remote_;
    recorder.stream_wait_ms = wait_ms_;
}

void RunStreaming::redirect_program_output() const {
    if (!live_) return;
    if (!runtime::expand_output_pattern(output_pattern_.c_str(),
                                        static_cast<std::uint32_t>(getpid()), output_path_.data(),
                                        output_path_.size()))
        return;
    const int out = open(output_path_.data(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (in >= 0) dup2(in, STDIN_FILENO);
    if (out >= 0) {
        dup2(out, STDOUT_FILENO);
        dup2(out, STDERR_FILENO);
    }
}

void RunStreaming::show_live_view(pid_t program) const {
    if (!live_) return;
    const std::string output = expanded(output_pattern_, program);
    live::LiveViewOptions view;
    view.address = "unix:" + live::live_socket_path(live_directory_, std::to_string(program));
    view.connect_wait = std::chrono::milliseconds(kLiveWaitMs);
    view.still_worth_waiting = [program] { return still_running(program); };
    view.note = "program output: " + output;
    try {
        live::run_live_view(view);
    } catch (const live::StreamError& e) {
        std::fprintf(stderr, "memscope: live view: %s\n", e.what());
    }
    if (still_running(program))
        std::fprintf(stderr,
                     "memscope: live view closed; waiting for pid %d to end (its output goes to "
                     "%s)\n",
                     static_cast<int>(program), output.c_str());
}

}  // namespace memscope::cli
