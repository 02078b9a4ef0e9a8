#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace gdas::benchmark {

// A value read from a Python pickle, for the subset the NAS-Bench-201 / NATS-Bench files use
// (docs/BENCHMARK.md lists it). Containers are shared, as Python objects are: a list reached
// twice through the memo is one list.
class PickleValue {
public:
    enum class Kind { None, Bool, Int, Float, String, Bytes, List, Tuple, Dict, Set, Global, Dtype };

    struct Container;

    PickleValue() = default;
    PickleValue(const PickleValue &) = default;
    PickleValue(PickleValue &&) noexcept = default;
    PickleValue &operator=(const PickleValue &) = default;
    PickleValue &operator=(PickleValue &&) noexcept = default;
    ~PickleValue(); // iterative: a deeply nested hostile pickle cannot overflow the stack

    static PickleValue none() { return {}; }
    static PickleValue boolean(bool b);
    static PickleValue integer(std::int64_t i);
    static PickleValue real(double d);
    static PickleValue string(std::string s);
    static PickleValue bytes(std::string s);
    static PickleValue list();
    static PickleValue tuple(std::vector<PickleValue> items);
    static PickleValue dict();
    static PickleValue set();
    static PickleValue global(std::string module, std::string name);
    // numpy.dtype: its type code ("f8", "i4", ...) and byte order ('<', '>', '|', '=').
    static PickleValue dtype(std::string code);

    Kind kind() const { return m_kind; }
    bool isNone() const { return m_kind == Kind::None; }
    bool isNumber() const { return m_kind == Kind::Int || m_kind == Kind::Float || m_kind == Kind::Bool; }
    bool asBool() const { return m_int != 0; }
    std::int64_t asInt() const { return m_int; }
    double asNumber() const;                           // Int, Float or Bool as a double
    const std::string &text() const { return m_text; } // String, Bytes, Dtype code, Global module
    const std::string &name() const { return m_name; } // Global name; Dtype byte order
    void setByteOrder(std::string order) { m_name = std::move(order); }

    // List, Tuple, Set: the items; Dict: keys and values in insertion order.
    const std::vector<PickleValue> &items() const;
    std::vector<PickleValue> &mutableItems();
    const std::vector<std::pair<PickleValue, PickleValue>> &entries() const;
    std::vector<std::pair<PickleValue, PickleValue>> &mutableEntries();
    Container &container();

    // Dict lookup by a str key, or by any key equal() to `key`; nullptr when absent.
    const PickleValue *get(std::string_view key) const;
    const PickleValue *get(const PickleValue &key) const;

    // Value equality for keys: None, bool/int/float by value, str, bytes, tuples item by item.
    static bool equal(const PickleValue &a, const PickleValue &b);

    // "dict", "str", "int", ... as Python would name the type (for error messages).
    const char *typeName() const;

private:
    // The values that are a text (str, bytes, a class's module and name, a dtype's code and
    // byte order) and those that hold items or entries.
    static PickleValue ofText(Kind kind, std::string text, std::string name = {});
    static PickleValue withContainer(Kind kind);

    Kind m_kind = Kind::None;
    std::int64_t m_int = 0;
    double m_float = 0.0;
    std::string m_text;
    std::string m_name;
    std::shared_ptr<Container> m_container;
};

struct PickleValue::Container {
    std::vector<PickleValue> items;
    std::vector<std::pair<PickleValue, PickleValue>> entries;
    // While the reader fills a dict or set: a key's canonical form -> its position.
    std::unordered_map<std::string, std::size_t> index;
};

// Reads one pickle (protocols 2 to 5) from `data`. The classes it builds are only those the
// benchmark files contain: collections.OrderedDict (a dict), builtins.set / frozenset, numpy
// scalars (numpy.core.multiarray.scalar or numpy._core.multiarray.scalar of a numpy.dtype:
// a float or an int). Anything else -- another class, an opcode outside the subset, a truncated
// or inconsistent stream -- throws BenchmarkError "<source>: pickle byte N, opcode 0xXX (NAME): problem".
PickleValue readPickle(std::string_view data, const std::string &source);

} // namespace gdas::benchmark
