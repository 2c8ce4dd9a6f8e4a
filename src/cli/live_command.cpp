// `memscope live PID`: the live view of a process started with
// `memscope run --live` (or one streaming to the live socket directory).
#include <signal.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command_registry.h"
#include "live/live_socket.h"
#include "live/live_view.h"
#include "live/stream_connection.h"

namespace memscope::cli {

namespace {

constexpr int kCannotView = 2;

int run_live(unsigned pid) {
    try {
        if (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            throw live::StreamError("no process has pid " + std::to_string(pid));
        live::LiveViewOptions view;
        const std::string socket =
            live::live_socket_path(live::live_socket_directory(false), std::to_string(pid));
        view.address = "unix:" + socket;
        view.connect_wait = std::chrono::milliseconds(0);
        live::run_live_view(view);
        return 0;
    } catch (const live::StreamError& e) {
        std::fprintf(stderr,
                     "memscope: error: %s (memscope live views a process started with "
                     "`memscope run --live`)\n",
                     e.what());
        return kCannotView;
    }
}

}  // namespace

void register_live_command(CLI::App& app, CommandAction& chosen) {
    auto pid = std::make_shared<unsigned>(0);
    CLI::App* sub = app.add_subcommand(
        "live", "Live view (heap, RSS, top sites) of a process started with memscope run --live");
    sub->add_option("pid", *pid, "Process id of the traced program")->required()->type_name("PID");
    sub->callback([pid, &chosen] { chosen = [pid] { return run_live(*pid); }; });
}

}  // namespace memscope::cli
