// The host build's C++ part: names the reader has to demangle, and main.
extern "C" int fixture_function(int x);

namespace footprint_fixture {

struct Buffers {
    static char frames[2048];
};
char Buffers::frames[2048];

int scaled(int x) {
    Buffers::frames[x] = static_cast<char>(x);
    return x * 3;
}

}  // namespace footprint_fixture

int main() {
    return footprint_fixture::scaled(fixture_function(1)) == 0 ? 1 : 0;
}
