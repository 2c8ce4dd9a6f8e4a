#include "cli/run_command.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cli/phase_window_chunk.h"
#include "cli/phase_windows.h"
#include "cli/run_environment.h"
#include "cli/run_manifest.h"
#include "cli/run_streaming.h"
#include "cli/target_check.h"
#include "runtime/core/output_pattern.h"
#include "trace/trace_reader.h"

namespace memscope::cli {

namespace {

constexpr int kMemscopeFailed = 125;
constexpr int kCannotRecord = 126;
constexpr int kNotFound = 127;
constexpr int kBadUsage = 2;

volatile sig_atomic_t g_child_pid = 0;

void forward_to_child(int signal_number) {
    if (g_child_pid > 0) kill(static_cast<pid_t>(g_child_pid), signal_number);
}

int fail(const std::string& message, int code = kMemscopeFailed) {
    std::fprintf(stderr, "memscope: %s\n", message.c_str());
    return code;
}

std::string current_directory() {
    std::string dir(PATH_MAX, '\0');
    if (getcwd(dir.data(), dir.size()) == nullptr) return ".";
    dir.resize(std::strlen(dir.c_str()));
    return dir;
}

std::string absolute(const std::string& path) {
    if (!path.empty() && path[0] == '/') return path;
    return current_directory() + "/" + path;
}

std::string base_name(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string directory_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// Problems with the output found before anything runs: an existing root trace
// without --force, or a directory that cannot take new files.
std::string output_problem(const std::string& pattern, bool force) {
    std::string expanded(pattern.size() + 32, '\0');
    if (!runtime::expand_output_pattern(pattern.c_str(), 0, expanded.data(), expanded.size()))
        return "the output path " + pattern + " is too long";
    expanded.resize(std::strlen(expanded.c_str()));
    const std::string dir = directory_of(expanded);
    if (access(dir.c_str(), W_OK | X_OK) != 0)
        return "cannot write traces to " + dir + ": " + std::strerror(errno);
    if (runtime::output_pattern_has_pid(pattern.c_str())) return {};
    struct stat st;
    if (lstat(expanded.c_str(), &st) != 0) return {};
    if (!force) return expanded + " already exists (use --force to overwrite it)";
    if (!S_ISREG(st.st_mode))
        return expanded + " exists and is not a regular file; not replacing it";
    return {};
}

int exit_code_of(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return kMemscopeFailed;
}

// Child side of the fork: no allocation from here on.
[[noreturn]] void exec_target(const std::string& path, char* const* argv,
                              std::vector<std::string>& env, std::vector<char*>& envp,
                              int error_pipe) {
    set_root_pid(env.back(), static_cast<long>(getpid()));
    signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    execve(path.c_str(), argv, envp.data());
    const int error = errno;
    ssize_t ignored = write(error_pipe, &error, sizeof(error));
    (void)ignored;
    _exit(kNotFound);
}

// Window offsets count from the root process's start; each trace gets the
// windows that overlap what it recorded.
void store_windows_in_traces(const std::vector<std::string>& traces,
                             const std::vector<PhaseWindow>& windows) {
    std::uint64_t start_monotonic = 0, start_realtime = 0;
    bool root = true;
    for (const std::string& trace : traces) {
        if (access(trace.c_str(), F_OK) != 0) continue;
        try {
            if (root) {
                const trace::TraceReader reader(trace);
                start_monotonic = reader.header().start_monotonic_ns;
                start_realtime = reader.header().start_realtime_ns;
                root = false;
            }
            store_phase_windows(trace, windows, start_monotonic, start_realtime);
        } catch (const trace::TraceError& e) {
            std::fprintf(stderr, "memscope: warning: phase windows not stored in %s: %s\n",
                         trace.c_str(), e.what());
        }
    }
}

}  // namespace

int run_command(const RunOptions& options) {
    if (options.command.empty())
        return fail("no command to run (usage: memscope run [OPTIONS] -- COMMAND [ARGS...])");
    std::vector<PhaseWindow> windows;
    if (!options.phases_file.empty()) {
        try {
            windows = load_phase_windows(options.phases_file);
        } catch (const PhaseWindowError& e) {
            return fail(std::string("error: ") + e.what(), kBadUsage);
        }
    }
    const TargetCheck target = check_target(options.command[0]);
    if (target.exit_code != 0) {
        std::fprintf(stderr, "%s\n", target.message.c_str());
        return target.exit_code;
    }

    std::string library = recorder_library_path();
    if (access(library.c_str(), R_OK) != 0)
        return fail("cannot find the recorder library " + library +
                    " (set MEMSCOPE_LIBRARY to its path)");
    if (char* resolved = realpath(library.c_str(), nullptr); resolved != nullptr) {
        library = resolved;
        std::free(resolved);
    }

    std::string pattern = options.output_pattern.empty()
                              ? "memscope." + base_name(target.path) + ".%p.mst"
                              : options.output_pattern;
    pattern = absolute(pattern);
    if (const std::string problem = output_problem(pattern, options.force); !problem.empty())
        return fail(problem);
    RunStreaming streaming;
    if (const std::string problem = streaming.prepare(options, pattern); !problem.empty())
        return fail(problem, 2);

    RunManifest manifest;
    if (!manifest.create())
        return fail(std::string("cannot create a temporary directory: ") + std::strerror(errno));

    RecorderEnvironment recorder;
    recorder.library = library;
    recorder.output_pattern = pattern;
    recorder.force = options.force;
    recorder.rss_interval_ms = options.rss_interval_ms;
    recorder.unwind = options.unwind;
    recorder.timing = options.timing;
    recorder.mode = options.mode;
    recorder.sample_rate_bytes = options.sample_rate_bytes;
    recorder.manifest = manifest.path();
    streaming.add_to(recorder);
    std::vector<std::string> env = build_child_environment(recorder);
    std::vector<char*> envp;
    for (std::string& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::vector<char*> argv;
    for (const std::string& a : options.command) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);

    int error_pipe[2];
    if (pipe2(error_pipe, O_CLOEXEC) != 0)
        return fail(std::string("cannot create a pipe: ") + std::strerror(errno));
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0) {
        close(error_pipe[0]);
        close(error_pipe[1]);
        return fail(std::string("cannot fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        close(error_pipe[0]);
        streaming.redirect_program_output();
        exec_target(target.path, argv.data(), env, envp, error_pipe[1]);
    }
    close(error_pipe[1]);

    // Ctrl-C and Ctrl-\ reach the whole foreground group: the target decides,
    // memscope waits to report. Termination requests are passed on.
    g_child_pid = pid;
    struct sigaction ignore = {};
    ignore.sa_handler = SIG_IGN;
    struct sigaction forward = {};
    forward.sa_handler = forward_to_child;
    struct sigaction old_int, old_quit, old_term, old_hup;
    sigaction(SIGINT, &ignore, &old_int);
    sigaction(SIGQUIT, &ignore, &old_quit);
    sigaction(SIGTERM, &forward, &old_term);
    sigaction(SIGHUP, &forward, &old_hup);

    int exec_error = 0;
    ssize_t got;
    do {
        got = read(error_pipe[0], &exec_error, sizeof(exec_error));
    } while (got < 0 && errno == EINTR);
    close(error_pipe[0]);
    if (got == 0) streaming.show_live_view(pid);  // exec succeeded: the program runs

    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    g_child_pid = 0;
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGQUIT, &old_quit, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    sigaction(SIGHUP, &old_hup, nullptr);

    if (got == static_cast<ssize_t>(sizeof(exec_error))) {
        std::fprintf(stderr, "memscope: cannot run %s: %s\n", options.command[0].c_str(),
                     std::strerror(exec_error));
        return exec_error == ENOENT ? kNotFound : kCannotRecord;
    }

    if (!windows.empty()) store_windows_in_traces(manifest.traces(), windows);
    bool any = false;
    for (const std::string& trace : manifest.traces()) {
        if (access(trace.c_str(), F_OK) != 0) continue;
        std::fprintf(stderr, "memscope: trace written to %s\n", trace.c_str());
        any = true;
    }
    if (!any) std::fprintf(stderr, "memscope: no trace was written\n");
    return exit_code_of(status);
}

}  // namespace memscope::cli
