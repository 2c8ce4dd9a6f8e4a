#include "callgraph/gcc_callgraph_reader.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_map>

namespace memscope::callgraph {

namespace {

constexpr const char* kIndirectCallTitle = "__indirect_call";

struct Token {
    enum class Kind { kEnd, kOpen, kClose, kColon, kWord, kString } kind = Kind::kEnd;
    std::string text;
    std::size_t line = 1;
};

class Lexer {
  public:
    Lexer(std::string_view text, const std::string& file) : text_(text), file_(file) {}

    Token next() {
        skip_space();
        Token t;
        t.line = line_;
        if (at_ >= text_.size()) return t;
        const char c = text_[at_];
        if (c == '{' || c == '}' || c == ':') {
            ++at_;
            t.kind = c == '{'   ? Token::Kind::kOpen
                     : c == '}' ? Token::Kind::kClose
                                : Token::Kind::kColon;
            return t;
        }
        if (c == '"') return string_token(t);
        while (at_ < text_.size() && is_word_char(text_[at_])) t.text += text_[at_++];
        if (t.text.empty()) fail(t.line, "unexpected character '" + printable(c) + "'");
        t.kind = Token::Kind::kWord;
        return t;
    }

    [[noreturn]] void fail(std::size_t line, const std::string& what) const {
        throw CallgraphError(file_ + ":" + std::to_string(line) + ": " + what +
                             " (not a call graph of GCC's -fcallgraph-info?)");
    }

  private:
    static bool is_word_char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '.' || c == '-' || c == '$';
    }
    static std::string printable(char c) {
        if (c >= 0x20 && c < 0x7f) return std::string(1, c);
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(c));
        return hex;
    }
    void skip_space() {
        while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' ||
                                      text_[at_] == '\n' || text_[at_] == '\r')) {
            if (text_[at_] == '\n') ++line_;
            ++at_;
        }
    }
    Token string_token(Token t) {
        ++at_;  // the opening quote
        for (;;) {
            if (at_ >= text_.size()) fail(t.line, "string not closed");
            const char c = text_[at_++];
            if (c == '"') break;
            if (c == '\n') ++line_;
            if (c != '\\') {
                t.text += c;
                continue;
            }
            if (at_ >= text_.size()) fail(t.line, "string not closed");
            const char escaped = text_[at_++];
            t.text += escaped == 'n' ? '\n' : escaped;
        }
        t.kind = Token::Kind::kString;
        return t;
    }

    std::string_view text_;
    const std::string& file_;
    std::size_t at_ = 0;
    std::size_t line_ = 1;
};

using Attributes = std::unordered_map<std::string, std::string>;

// "1112 bytes (static)", "48 bytes (dynamic)", "64 bytes (dynamic,bounded)".
std::optional<std::pair<std::uint64_t, FrameKind>> parse_frame(const std::string& line) {
    std::uint64_t bytes = 0;
    const char* end = line.data() + line.size();
    const auto [rest, ec] = std::from_chars(line.data(), end, bytes);
    if (ec != std::errc() || std::string_view(rest, end - rest).rfind(" bytes", 0) != 0)
        return std::nullopt;
    const std::string_view qualifier(rest + 6, end - rest - 6);
    FrameKind kind = FrameKind::kStatic;
    if (qualifier.find("dynamic") != std::string_view::npos)
        kind = qualifier.find("bounded") != std::string_view::npos ? FrameKind::kDynamicBounded
                                                                   : FrameKind::kDynamic;
    return std::make_pair(bytes, kind);
}

Function function_from(const Attributes& a, std::size_t line, const Lexer& lexer) {
    const auto title = a.find("title");
    if (title == a.end() || title->second.empty()) lexer.fail(line, "node without a title");
    Function f;
    f.id = title->second;
    f.indirect_placeholder = f.id == kIndirectCallTitle;
    const auto label = a.find("label");
    std::vector<std::string> lines;
    if (label != a.end()) {
        std::istringstream in(label->second);
        for (std::string l; std::getline(in, l);) lines.push_back(l);
    }
    f.name = lines.empty() ? f.id : lines[0];
    if (lines.size() > 1 && lines[1] != "<built-in>") f.location = lines[1];
    if (lines.size() > 2) {
        const auto frame = parse_frame(lines[2]);
        if (!frame)
            lexer.fail(line, "node \"" + f.id + "\": no stack frame in \"" + lines[2] + "\"");
        f.frame_bytes = frame->first;
        f.kind = frame->second;
    }
    return f;
}

// Reads "{ key: value ... }" after an object's name and colon.
Attributes read_attributes(Lexer& lexer, std::size_t line) {
    if (lexer.next().kind != Token::Kind::kOpen) lexer.fail(line, "expected '{'");
    Attributes attributes;
    for (;;) {
        const Token key = lexer.next();
        if (key.kind == Token::Kind::kClose) return attributes;
        if (key.kind != Token::Kind::kWord) lexer.fail(key.line, "expected an attribute name");
        if (lexer.next().kind != Token::Kind::kColon)
            lexer.fail(key.line, "expected ':' after " + key.text);
        const Token value = lexer.next();
        if (value.kind != Token::Kind::kWord && value.kind != Token::Kind::kString)
            lexer.fail(value.line, "expected a value for " + key.text);
        attributes[key.text] = value.text;
    }
}

}  // namespace

void read_gcc_callgraph(std::string_view text, const std::string& file, Callgraph& graph) {
    Lexer lexer(text, file);
    Token t = lexer.next();
    if (t.kind != Token::Kind::kWord || t.text != "graph") lexer.fail(t.line, "expected graph:");
    if (lexer.next().kind != Token::Kind::kColon) lexer.fail(t.line, "expected ':' after graph");
    if (lexer.next().kind != Token::Kind::kOpen) lexer.fail(t.line, "expected '{' after graph:");
    for (;;) {
        t = lexer.next();
        if (t.kind == Token::Kind::kClose) break;
        if (t.kind != Token::Kind::kWord)
            lexer.fail(t.line, "expected node:, edge: or an attribute");
        if (lexer.next().kind != Token::Kind::kColon)
            lexer.fail(t.line, "expected ':' after " + t.text);
        if (t.text == "node" || t.text == "edge") {
            const Attributes a = read_attributes(lexer, t.line);
            if (t.text == "node") {
                graph.add_function(function_from(a, t.line, lexer));
                continue;
            }
            const auto source = a.find("sourcename");
            const auto target = a.find("targetname");
            if (source == a.end() || target == a.end())
                lexer.fail(t.line, "edge without sourcename or targetname");
            const auto label = a.find("label");
            graph.add_call(Call{source->second, target->second,
                                label == a.end() ? std::string() : label->second});
            continue;
        }
        // A graph attribute (title: "file.c"): its value is all there is.
        const Token value = lexer.next();
        if (value.kind != Token::Kind::kWord && value.kind != Token::Kind::kString)
            lexer.fail(value.line, "expected a value for " + t.text);
    }
    if (lexer.next().kind != Token::Kind::kEnd) lexer.fail(t.line, "text after the graph's end");
}

Callgraph load_gcc_callgraphs(const std::vector<std::string>& paths) {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            std::vector<std::string> found;
            for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end;
                 it.increment(ec))
                if (it->is_regular_file(ec) && it->path().extension() == ".ci")
                    found.push_back(it->path().string());
            if (ec) throw CallgraphError("cannot read directory " + path + ": " + ec.message());
            if (found.empty())
                throw CallgraphError("no .ci file under " + path +
                                     " (compile with gcc -fcallgraph-info=su)");
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else {
            files.push_back(path);
        }
    }
    Callgraph graph;
    for (const std::string& file : files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) throw CallgraphError("cannot open " + file + ": " + std::strerror(errno));
        std::ostringstream text;
        text << in.rdbuf();
        read_gcc_callgraph(text.str(), file, graph);
    }
    return graph;
}

}  // namespace memscope::callgraph
