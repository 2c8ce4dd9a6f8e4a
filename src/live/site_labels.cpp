#include "live/site_labels.h"

#include <fmt/format.h>

#include <exception>
#include <memory>

namespace memscope::live {

namespace {

// The caller's frames are enough to tell sites apart on one screen line.
constexpr std::size_t kFramesShown = 2;

std::string base_name(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string frame_label(const symbols::Frame& f, bool with_line) {
    if (f.function.empty()) return f.to_string();
    if (!with_line || f.file.empty()) return f.function;
    return fmt::format("{} at {}:{}", f.function, base_name(f.file), f.line);
}

}  // namespace

SiteLabels::SiteLabels() : worker_([this] { work(); }) {}

SiteLabels::~SiteLabels() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    worker_.join();
}

void SiteLabels::update_modules(const std::vector<trace::Module>& modules) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (modules.size() == modules_.size()) return;
    modules_ = modules;
    ++modules_version_;
}

std::string SiteLabels::label(trace::StackId stack,
                              const std::unordered_map<trace::StackId, trace::StackNode>& nodes) {
    std::vector<std::uint64_t> ips;
    for (trace::StackId id = stack; id != 0 && ips.size() < kFramesShown;) {
        const auto node = nodes.find(id);
        if (node == nodes.end()) break;
        ips.push_back(node->second.ip);
        id = node->second.parent;
    }
    if (ips.empty()) return "(no stack)";
    {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto [it, added] = labels_.emplace(stack, std::string());
        if (!it->second.empty()) return it->second;
        if (added) requests_.push_back(Request{stack, ips});
    }
    wake_.notify_one();
    return fmt::format("{:#x}", ips.front());
}

std::string SiteLabels::describe(symbols::Symbolizer& symbolizer,
                                 const std::vector<std::uint64_t>& ips) {
    std::string text;
    for (std::size_t i = 0; i < ips.size(); ++i) {
        const std::vector<symbols::Frame>& frames = symbolizer.resolve(ips[i]);
        if (i > 0) text += " <- ";
        text += frame_label(frames.front(), i == 0);
    }
    return text;
}

void SiteLabels::work() {
    std::unique_ptr<symbols::Symbolizer> symbolizer;
    std::uint64_t version = 0;
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stop_ || !requests_.empty(); });
        if (stop_) return;
        Request request = std::move(requests_.front());
        requests_.pop_front();
        if (!symbolizer || version != modules_version_) {
            const std::vector<trace::Module> modules = modules_;
            version = modules_version_;
            lock.unlock();
            symbolizer = std::make_unique<symbols::Symbolizer>(modules);
            lock.lock();
        }
        lock.unlock();
        std::string text;
        try {
            text = describe(*symbolizer, request.ips);
        } catch (const std::exception& e) {
            text = fmt::format("{:#x} (cannot symbolize: {})", request.ips.front(), e.what());
        }
        lock.lock();
        labels_[request.stack] = std::move(text);
    }
}

}  // namespace memscope::live
