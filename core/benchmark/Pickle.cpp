#include "benchmark/Pickle.h"

#include "benchmark/BenchmarkError.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <unordered_map>

namespace gdas::benchmark {

// ---------------------------------------------------------------------------------------------
// PickleValue

PickleValue::~PickleValue()
{
    // Children whose last owner is this value are released from a work list instead of by
    // recursion, so a list nested a million deep is freed without a deep call stack.
    if (!m_container || m_container.use_count() != 1)
        return;
    std::vector<std::shared_ptr<Container>> pending;
    pending.push_back(std::move(m_container));
    while (!pending.empty()) {
        std::shared_ptr<Container> c = std::move(pending.back());
        pending.pop_back();
        auto take = [&pending](PickleValue &v) {
            if (v.m_container && v.m_container.use_count() == 1)
                pending.push_back(std::move(v.m_container));
        };
        for (PickleValue &v : c->items)
            take(v);
        for (auto &e : c->entries) {
            take(e.first);
            take(e.second);
        }
    }
}

PickleValue PickleValue::boolean(bool b)
{
    PickleValue v;
    v.m_kind = Kind::Bool;
    v.m_int = b ? 1 : 0;
    return v;
}

PickleValue PickleValue::integer(std::int64_t i)
{
    PickleValue v;
    v.m_kind = Kind::Int;
    v.m_int = i;
    return v;
}

PickleValue PickleValue::real(double d)
{
    PickleValue v;
    v.m_kind = Kind::Float;
    v.m_float = d;
    return v;
}

PickleValue PickleValue::ofText(Kind kind, std::string text, std::string name)
{
    PickleValue v;
    v.m_kind = kind;
    v.m_text = std::move(text);
    v.m_name = std::move(name);
    return v;
}

PickleValue PickleValue::withContainer(Kind kind)
{
    PickleValue v;
    v.m_kind = kind;
    v.m_container = std::make_shared<Container>();
    return v;
}

PickleValue PickleValue::string(std::string s) { return ofText(Kind::String, std::move(s)); }

PickleValue PickleValue::bytes(std::string s) { return ofText(Kind::Bytes, std::move(s)); }

PickleValue PickleValue::list() { return withContainer(Kind::List); }

PickleValue PickleValue::tuple(std::vector<PickleValue> items)
{
    PickleValue v = withContainer(Kind::Tuple);
    v.m_container->items = std::move(items);
    return v;
}

PickleValue PickleValue::dict() { return withContainer(Kind::Dict); }

PickleValue PickleValue::set() { return withContainer(Kind::Set); }

PickleValue PickleValue::global(std::string module, std::string name)
{
    return ofText(Kind::Global, std::move(module), std::move(name));
}

PickleValue PickleValue::dtype(std::string code) { return ofText(Kind::Dtype, std::move(code), "="); }

double PickleValue::asNumber() const { return m_kind == Kind::Float ? m_float : static_cast<double>(m_int); }

namespace {
const std::vector<PickleValue> kNoItems;
const std::vector<std::pair<PickleValue, PickleValue>> kNoEntries;
} // namespace

PickleValue::Container &PickleValue::container()
{
    if (!m_container)
        m_container = std::make_shared<Container>();
    return *m_container;
}

const std::vector<PickleValue> &PickleValue::items() const { return m_container ? m_container->items : kNoItems; }

std::vector<PickleValue> &PickleValue::mutableItems()
{
    if (!m_container)
        m_container = std::make_shared<Container>();
    return m_container->items;
}

const std::vector<std::pair<PickleValue, PickleValue>> &PickleValue::entries() const
{
    return m_container ? m_container->entries : kNoEntries;
}

std::vector<std::pair<PickleValue, PickleValue>> &PickleValue::mutableEntries()
{
    if (!m_container)
        m_container = std::make_shared<Container>();
    return m_container->entries;
}

namespace {

// The longest key a tuple may make. A pickle can repeat one object (memo GET, DUP), so a tuple
// of 60 levels, each holding the level below twice, takes a few hundred bytes in the file and
// 2^60 items written out: its key would never finish. Real benchmark files key by short
// strings, numbers and small tuples.
constexpr std::size_t kMaxTupleKeyBytes = std::size_t{1} << 16;

// A string that is equal for two keys exactly when Python's == is true for them (for the
// hashable kinds a pickle can hold as dict keys); nullopt for unhashable values.
std::optional<std::string> keyOf(const PickleValue &v, int depth = 0)
{
    using K = PickleValue::Kind;
    if (depth > 64)
        throw BenchmarkError("a dict key nested more than 64 tuples deep");
    switch (v.kind()) {
    case K::None:
        return std::string("n");
    case K::Bool:
    case K::Int:
        return "i" + std::to_string(v.asInt());
    case K::Float: {
        const double d = v.asNumber();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e18)
            return "i" + std::to_string(static_cast<std::int64_t>(d)); // 1.0 == 1 in Python
        char buf[40];
        std::snprintf(buf, sizeof buf, "f%.17g", d);
        return std::string(buf);
    }
    case K::String:
        return "s" + v.text();
    case K::Bytes:
        return "b" + v.text();
    case K::Tuple: {
        std::string out = "t";
        for (const PickleValue &item : v.items()) {
            const auto k = keyOf(item, depth + 1);
            if (!k)
                return std::nullopt;
            out += std::to_string(k->size()) + ":" + *k;
            if (out.size() > kMaxTupleKeyBytes)
                throw BenchmarkError("a dict key or set item over 64 KiB written out (a tuple that repeats its "
                                     "items, nested)");
        }
        return out;
    }
    case K::Global:
        return "g" + v.text() + "." + v.name();
    default:
        return std::nullopt;
    }
}

} // namespace

bool PickleValue::equal(const PickleValue &a, const PickleValue &b)
{
    const auto ka = keyOf(a);
    const auto kb = keyOf(b);
    return ka && kb && *ka == *kb;
}

const PickleValue *PickleValue::get(const PickleValue &key) const
{
    if (m_kind != Kind::Dict)
        return nullptr;
    const auto k = keyOf(key);
    if (!k)
        return nullptr;
    for (const auto &e : entries()) {
        const auto ek = keyOf(e.first);
        if (ek && *ek == *k)
            return &e.second;
    }
    return nullptr;
}

const PickleValue *PickleValue::get(std::string_view key) const
{
    if (m_kind != Kind::Dict)
        return nullptr;
    if (m_container && m_container->index.size() == m_container->entries.size()) {
        const auto it = m_container->index.find("s" + std::string(key));
        return it == m_container->index.end() ? nullptr : &m_container->entries[it->second].second;
    }
    for (const auto &e : entries())
        if (e.first.kind() == Kind::String && e.first.text() == key)
            return &e.second;
    return nullptr;
}

const char *PickleValue::typeName() const
{
    switch (m_kind) {
    case Kind::None:
        return "None";
    case Kind::Bool:
        return "bool";
    case Kind::Int:
        return "int";
    case Kind::Float:
        return "float";
    case Kind::String:
        return "str";
    case Kind::Bytes:
        return "bytes";
    case Kind::List:
        return "list";
    case Kind::Tuple:
        return "tuple";
    case Kind::Dict:
        return "dict";
    case Kind::Set:
        return "set";
    case Kind::Global:
        return "class";
    case Kind::Dtype:
        return "numpy.dtype";
    }
    return "?";
}

// ---------------------------------------------------------------------------------------------
// The reader

namespace {

const char *opcodeName(unsigned char op)
{
    switch (op) {
    case 0x80:
        return "PROTO";
    case 0x95:
        return "FRAME";
    case '.':
        return "STOP";
    case '(':
        return "MARK";
    case '0':
        return "POP";
    case '1':
        return "POP_MARK";
    case '2':
        return "DUP";
    case 'N':
        return "NONE";
    case 0x88:
        return "NEWTRUE";
    case 0x89:
        return "NEWFALSE";
    case 'I':
        return "INT";
    case 'J':
        return "BININT";
    case 'K':
        return "BININT1";
    case 'M':
        return "BININT2";
    case 'L':
        return "LONG";
    case 0x8a:
        return "LONG1";
    case 0x8b:
        return "LONG4";
    case 'F':
        return "FLOAT";
    case 'G':
        return "BINFLOAT";
    case 'S':
        return "STRING";
    case 'T':
        return "BINSTRING";
    case 'U':
        return "SHORT_BINSTRING";
    case 'V':
        return "UNICODE";
    case 'X':
        return "BINUNICODE";
    case 0x8c:
        return "SHORT_BINUNICODE";
    case 0x8d:
        return "BINUNICODE8";
    case 'B':
        return "BINBYTES";
    case 'C':
        return "SHORT_BINBYTES";
    case 0x8e:
        return "BINBYTES8";
    case 0x96:
        return "BYTEARRAY8";
    case 0x97:
        return "NEXT_BUFFER";
    case 0x98:
        return "READONLY_BUFFER";
    case ']':
        return "EMPTY_LIST";
    case 'a':
        return "APPEND";
    case 'e':
        return "APPENDS";
    case 'l':
        return "LIST";
    case ')':
        return "EMPTY_TUPLE";
    case 't':
        return "TUPLE";
    case 0x85:
        return "TUPLE1";
    case 0x86:
        return "TUPLE2";
    case 0x87:
        return "TUPLE3";
    case '}':
        return "EMPTY_DICT";
    case 'd':
        return "DICT";
    case 's':
        return "SETITEM";
    case 'u':
        return "SETITEMS";
    case 0x8f:
        return "EMPTY_SET";
    case 0x90:
        return "ADDITEMS";
    case 0x91:
        return "FROZENSET";
    case 'p':
        return "PUT";
    case 'q':
        return "BINPUT";
    case 'r':
        return "LONG_BINPUT";
    case 0x94:
        return "MEMOIZE";
    case 'g':
        return "GET";
    case 'h':
        return "BINGET";
    case 'j':
        return "LONG_BINGET";
    case 'c':
        return "GLOBAL";
    case 0x93:
        return "STACK_GLOBAL";
    case 'R':
        return "REDUCE";
    case 'b':
        return "BUILD";
    case 'i':
        return "INST";
    case 'o':
        return "OBJ";
    case 0x81:
        return "NEWOBJ";
    case 0x92:
        return "NEWOBJ_EX";
    case 'P':
        return "PERSID";
    case 'Q':
        return "BINPERSID";
    case 0x82:
        return "EXT1";
    case 0x83:
        return "EXT2";
    case 0x84:
        return "EXT4";
    default:
        return "unknown";
    }
}

// Raised inside the loop; readPickle adds the file, byte and opcode.
struct Problem {
    std::string what;
};

[[noreturn]] void fail(std::string what) { throw Problem{std::move(what)}; }

class Reader {
public:
    explicit Reader(std::string_view data) : m_data(data) {}

    PickleValue run()
    {
        for (;;) {
            m_opPos = m_pos;
            if (m_pos >= m_data.size()) {
                m_op = 0;
                fail("the pickle ends without a STOP opcode (truncated?)");
            }
            m_op = static_cast<unsigned char>(m_data[m_pos++]);
            if (step())
                break;
        }
        if (m_stack.empty())
            fail("STOP with an empty stack");
        PickleValue result = std::move(m_stack.back());
        m_stack.pop_back();
        return result;
    }

    std::size_t opPos() const { return m_opPos; }
    unsigned char op() const { return m_op; }

private:
    // --- raw bytes
    std::string_view take(std::uint64_t n)
    {
        if (n > m_data.size() - m_pos)
            fail("needs " + std::to_string(n) + " more bytes but only " + std::to_string(m_data.size() - m_pos) +
                 " are left (truncated?)");
        std::string_view s = m_data.substr(m_pos, static_cast<std::size_t>(n));
        m_pos += static_cast<std::size_t>(n);
        return s;
    }
    std::uint64_t unsignedLE(int n)
    {
        const std::string_view s = take(static_cast<std::uint64_t>(n));
        std::uint64_t v = 0;
        for (int i = n - 1; i >= 0; --i)
            v = (v << 8) | static_cast<unsigned char>(s[static_cast<std::size_t>(i)]);
        return v;
    }
    std::string line()
    {
        const std::size_t nl = m_data.find('\n', m_pos);
        if (nl == std::string_view::npos)
            fail("a text argument without its end of line (truncated?)");
        std::string s(m_data.substr(m_pos, nl - m_pos));
        m_pos = nl + 1;
        return s;
    }

    // --- the stack
    PickleValue pop()
    {
        if (m_stack.size() <= markFloor())
            fail(m_stack.empty() ? "needs a value but the stack is empty" : "needs a value but finds a MARK");
        PickleValue v = std::move(m_stack.back());
        m_stack.pop_back();
        return v;
    }
    PickleValue &top()
    {
        if (m_stack.size() <= markFloor())
            fail(m_stack.empty() ? "needs a value but the stack is empty" : "needs a value but finds a MARK");
        return m_stack.back();
    }
    std::size_t markFloor() const { return m_marks.empty() ? 0 : m_marks.back(); }
    std::vector<PickleValue> popToMark()
    {
        if (m_marks.empty())
            fail("needs a MARK but there is none");
        const std::size_t mark = m_marks.back();
        m_marks.pop_back();
        std::vector<PickleValue> items(std::make_move_iterator(m_stack.begin() + static_cast<std::ptrdiff_t>(mark)),
                                       std::make_move_iterator(m_stack.end()));
        m_stack.resize(mark);
        return items;
    }
    void push(PickleValue v) { m_stack.push_back(std::move(v)); }

    // --- containers
    static void setItem(PickleValue &dict, PickleValue key, PickleValue value)
    {
        const auto k = keyOf(key);
        if (!k)
            fail(std::string("unhashable dict key of type ") + key.typeName());
        PickleValue::Container &c = dict.container();
        const auto it = c.index.find(*k);
        if (it != c.index.end()) {
            c.entries[it->second].second = std::move(value); // Python keeps the first key object
            return;
        }
        c.index.emplace(*k, c.entries.size());
        c.entries.emplace_back(std::move(key), std::move(value));
    }
    void setItems(PickleValue &dict, std::vector<PickleValue> &kv)
    {
        if (dict.kind() != PickleValue::Kind::Dict)
            fail(std::string("sets items on a ") + dict.typeName() + ", not a dict");
        if (kv.size() % 2)
            fail("an odd number of values between MARK and the dict opcode");
        for (std::size_t i = 0; i < kv.size(); i += 2)
            setItem(dict, std::move(kv[i]), std::move(kv[i + 1]));
    }
    static void addToSet(PickleValue &set, std::vector<PickleValue> &items)
    {
        PickleValue::Container &c = set.container();
        for (PickleValue &v : items) {
            const auto k = keyOf(v);
            if (!k)
                fail(std::string("unhashable set item of type ") + v.typeName());
            if (c.index.emplace(*k, c.items.size()).second)
                c.items.push_back(std::move(v));
        }
    }

    // --- memo
    // MEMOIZE numbers its entries densely from 0: those live in a vector; an explicit BINPUT
    // index beyond its end goes to a map, so a hostile index cannot make the vector huge.
    void memoPut(std::uint64_t index)
    {
        if (index < m_memo.size())
            m_memo[static_cast<std::size_t>(index)] = top();
        else if (index == m_memo.size() && m_sparseMemo.empty())
            m_memo.push_back(top());
        else
            m_sparseMemo[index] = top();
    }
    std::uint64_t memoSize() const { return m_memo.size() + m_sparseMemo.size(); }
    void memoGet(std::uint64_t index)
    {
        if (index < m_memo.size())
            return push(m_memo[static_cast<std::size_t>(index)]);
        const auto it = m_sparseMemo.find(index);
        if (it == m_sparseMemo.end())
            fail("memo entry " + std::to_string(index) + " was never stored");
        push(it->second);
    }

    // --- classes
    static bool isNumpyScalar(const PickleValue &g)
    {
        return (g.text() == "numpy.core.multiarray" || g.text() == "numpy._core.multiarray") && g.name() == "scalar";
    }
    PickleValue reduce(const PickleValue &callable, const PickleValue &args)
    {
        if (callable.kind() != PickleValue::Kind::Global)
            fail(std::string("calls a ") + callable.typeName() + ", not a class or function");
        if (args.kind() != PickleValue::Kind::Tuple)
            fail(std::string("the arguments are a ") + args.typeName() + ", not a tuple");
        const std::string full = callable.text() + "." + callable.name();
        const auto &a = args.items();
        if (full == "collections.OrderedDict") {
            PickleValue d = PickleValue::dict();
            if (a.empty())
                return d;
            if (a.size() == 1 && a[0].kind() == PickleValue::Kind::List) {
                std::vector<PickleValue> kv;
                for (const PickleValue &pair : a[0].items()) {
                    if ((pair.kind() != PickleValue::Kind::List && pair.kind() != PickleValue::Kind::Tuple) ||
                        pair.items().size() != 2)
                        fail("collections.OrderedDict of something other than [key, value] pairs");
                    kv.push_back(pair.items()[0]);
                    kv.push_back(pair.items()[1]);
                }
                setItems(d, kv);
                return d;
            }
            fail("collections.OrderedDict with unexpected arguments");
        }
        if (full == "builtins.set" || full == "__builtin__.set" || full == "builtins.frozenset" ||
            full == "__builtin__.frozenset") {
            PickleValue s = PickleValue::set();
            if (a.empty())
                return s;
            if (a.size() == 1 && (a[0].kind() == PickleValue::Kind::List || a[0].kind() == PickleValue::Kind::Tuple)) {
                std::vector<PickleValue> items = a[0].items();
                addToSet(s, items);
                return s;
            }
            fail(full + " with unexpected arguments");
        }
        if (full == "numpy.dtype") {
            if (a.empty() || a[0].kind() != PickleValue::Kind::String)
                fail("numpy.dtype without a type code");
            return PickleValue::dtype(a[0].text());
        }
        if (isNumpyScalar(callable)) {
            if (a.size() != 2 || a[0].kind() != PickleValue::Kind::Dtype || a[1].kind() != PickleValue::Kind::Bytes)
                fail(full + " without (dtype, bytes) arguments");
            return numpyScalar(a[0], a[1].text());
        }
        fail("builds an object of class " + full +
             ", which the benchmark files do not contain "
             "(supported: collections.OrderedDict, set, frozenset, numpy.dtype, numpy scalars)");
    }
    static PickleValue numpyScalar(const PickleValue &dtype, const std::string &raw)
    {
        const std::string &code = dtype.text();
        const std::string &order = dtype.name();
        if (code.size() < 2)
            fail("numpy scalar of unsupported dtype '" + code + "'");
        const char type = code[0];
        const int size = code[1] - '0';
        if (code.size() != 2 || (size != 1 && size != 2 && size != 4 && size != 8) ||
            std::string("fiub").find(type) == std::string::npos || (type == 'f' && size < 4) ||
            (type == 'b' && size != 1))
            fail("numpy scalar of unsupported dtype '" + code + "' (supported: f4 f8 i1-i8 u1-u8 b1)");
        if (static_cast<int>(raw.size()) != size)
            fail("numpy scalar of dtype '" + code + "' with " + std::to_string(raw.size()) + " bytes");
        if (order != "<" && order != ">" && order != "|" && order != "=")
            fail("numpy dtype with byte order '" + order + "'");
        unsigned char b[8] = {};
        for (int i = 0; i < size; ++i) {
            const std::size_t from =
                order == ">" ? static_cast<std::size_t>(size - 1 - i) : static_cast<std::size_t>(i);
            b[i] = static_cast<unsigned char>(raw[from]); // b is little-endian now
        }
        std::uint64_t bits = 0;
        for (int i = size - 1; i >= 0; --i)
            bits = (bits << 8) | b[i];
        if (type == 'f') {
            if (size == 8) {
                double d;
                std::memcpy(&d, &bits, 8);
                return PickleValue::real(d);
            }
            const auto bits32 = static_cast<std::uint32_t>(bits);
            float f;
            std::memcpy(&f, &bits32, 4);
            return PickleValue::real(static_cast<double>(f));
        }
        if (type == 'b')
            return PickleValue::boolean(bits != 0);
        if (type == 'u') {
            if (bits > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                fail("numpy uint64 scalar beyond the int64 range");
            return PickleValue::integer(static_cast<std::int64_t>(bits));
        }
        // signed: sign-extend
        const int shift = 64 - 8 * size;
        const auto value = static_cast<std::int64_t>(bits << shift) >> shift;
        return PickleValue::integer(value);
    }
    void build(PickleValue &object, const PickleValue &state)
    {
        if (state.isNone())
            return;
        if (object.kind() == PickleValue::Kind::Dtype && state.kind() == PickleValue::Kind::Tuple &&
            state.items().size() >= 2 && state.items()[1].kind() == PickleValue::Kind::String) {
            object.setByteOrder(state.items()[1].text());
            return;
        }
        fail(std::string("sets the state of a ") + object.typeName() + " (only numpy.dtype is supported)");
    }

    static std::int64_t signedLE(std::string_view bytes)
    {
        if (bytes.empty())
            return 0;
        if (bytes.size() > 8)
            fail("an integer of " + std::to_string(bytes.size()) + " bytes, beyond the int64 range");
        std::uint64_t v = 0;
        for (std::size_t i = bytes.size(); i-- > 0;)
            v = (v << 8) | static_cast<unsigned char>(bytes[i]);
        const int shift = 64 - 8 * static_cast<int>(bytes.size());
        return static_cast<std::int64_t>(v << shift) >> shift;
    }

    // One opcode; true at STOP.
    bool step()
    {
        using V = PickleValue;
        switch (m_op) {
        case 0x80: {
            const auto proto = unsignedLE(1);
            if (proto < 2 || proto > 5)
                fail("pickle protocol " + std::to_string(proto) + " (supported: 2 to 5)");
            return false;
        }
        case 0x95: {
            const auto len = unsignedLE(8);
            if (len > m_data.size() - m_pos)
                fail("a frame of " + std::to_string(len) + " bytes but only " + std::to_string(m_data.size() - m_pos) +
                     " are left (truncated?)");
            return false;
        }
        case '.':
            return true;
        case '(':
            m_marks.push_back(m_stack.size());
            return false;
        case '0':
            if (!m_marks.empty() && m_marks.back() == m_stack.size())
                m_marks.pop_back();
            else
                pop();
            return false;
        case '1':
            popToMark();
            return false;
        case '2':
            push(top());
            return false;
        case 'N':
            push(V::none());
            return false;
        case 0x88:
            push(V::boolean(true));
            return false;
        case 0x89:
            push(V::boolean(false));
            return false;
        case 'J':
            push(V::integer(signedLE(take(4))));
            return false;
        case 'K':
            push(V::integer(static_cast<std::int64_t>(unsignedLE(1))));
            return false;
        case 'M':
            push(V::integer(static_cast<std::int64_t>(unsignedLE(2))));
            return false;
        case 0x8a:
            push(V::integer(signedLE(take(unsignedLE(1)))));
            return false;
        case 0x8b: {
            const std::int64_t n = signedLE(take(4));
            if (n < 0)
                fail("a negative byte count");
            push(V::integer(signedLE(take(static_cast<std::uint64_t>(n)))));
            return false;
        }
        case 'G': {
            const std::string_view s = take(8);
            std::uint64_t bits = 0;
            for (char c : s)
                bits = (bits << 8) | static_cast<unsigned char>(c); // big-endian
            double d;
            std::memcpy(&d, &bits, 8);
            push(V::real(d));
            return false;
        }
        case 'X':
            push(V::string(std::string(take(unsignedLE(4)))));
            return false;
        case 0x8c:
            push(V::string(std::string(take(unsignedLE(1)))));
            return false;
        case 0x8d:
            push(V::string(std::string(take(unsignedLE(8)))));
            return false;
        case 'T': {
            const std::int64_t n = signedLE(take(4));
            if (n < 0)
                fail("a negative byte count");
            push(V::string(std::string(take(static_cast<std::uint64_t>(n)))));
            return false;
        }
        case 'U':
            push(V::string(std::string(take(unsignedLE(1)))));
            return false;
        case 'B':
            push(V::bytes(std::string(take(unsignedLE(4)))));
            return false;
        case 'C':
            push(V::bytes(std::string(take(unsignedLE(1)))));
            return false;
        case 0x8e:
        case 0x96:
            push(V::bytes(std::string(take(unsignedLE(8)))));
            return false;
        case ']':
            push(V::list());
            return false;
        case 'l': {
            V list = V::list();
            list.mutableItems() = popToMark();
            push(std::move(list));
            return false;
        }
        case 'a': {
            V value = pop();
            V &list = top();
            if (list.kind() != V::Kind::List)
                fail(std::string("appends to a ") + list.typeName() + ", not a list");
            list.mutableItems().push_back(std::move(value));
            return false;
        }
        case 'e': {
            std::vector<V> items = popToMark();
            V &list = top();
            if (list.kind() != V::Kind::List)
                fail(std::string("appends to a ") + list.typeName() + ", not a list");
            auto &dst = list.mutableItems();
            for (V &v : items)
                dst.push_back(std::move(v));
            return false;
        }
        case ')':
            push(V::tuple({}));
            return false;
        case 't':
            push(V::tuple(popToMark()));
            return false;
        case 0x85:
        case 0x86:
        case 0x87: {
            const std::size_t n = static_cast<std::size_t>(m_op - 0x84);
            std::vector<V> items(n);
            for (std::size_t i = n; i-- > 0;)
                items[i] = pop();
            push(V::tuple(std::move(items)));
            return false;
        }
        case '}':
            push(V::dict());
            return false;
        case 'd': {
            std::vector<V> kv = popToMark();
            V dict = V::dict();
            setItems(dict, kv);
            push(std::move(dict));
            return false;
        }
        case 's': {
            std::vector<V> kv(2);
            kv[1] = pop();
            kv[0] = pop();
            setItems(top(), kv);
            return false;
        }
        case 'u': {
            std::vector<V> kv = popToMark();
            setItems(top(), kv);
            return false;
        }
        case 0x8f:
            push(V::set());
            return false;
        case 0x90: {
            std::vector<V> items = popToMark();
            V &set = top();
            if (set.kind() != V::Kind::Set)
                fail(std::string("adds items to a ") + set.typeName() + ", not a set");
            addToSet(set, items);
            return false;
        }
        case 0x91: {
            std::vector<V> items = popToMark();
            V set = V::set();
            addToSet(set, items);
            push(std::move(set));
            return false;
        }
        case 'q':
            memoPut(unsignedLE(1));
            return false;
        case 'r':
            memoPut(unsignedLE(4));
            return false;
        case 0x94:
            memoPut(memoSize());
            return false;
        case 'h':
            memoGet(unsignedLE(1));
            return false;
        case 'j':
            memoGet(unsignedLE(4));
            return false;
        case 'c': {
            std::string module = line();
            std::string name = line();
            push(V::global(std::move(module), std::move(name)));
            return false;
        }
        case 0x93: {
            V name = pop();
            V module = pop();
            if (name.kind() != V::Kind::String || module.kind() != V::Kind::String)
                fail("module and name are not strings");
            push(V::global(module.text(), name.text()));
            return false;
        }
        case 'R': {
            V args = pop();
            V callable = pop();
            push(reduce(callable, args));
            return false;
        }
        case 'b': {
            V state = pop();
            build(top(), state);
            return false;
        }
        default:
            fail("is not in the subset the NAS-Bench-201 / NATS-Bench files use");
        }
    }

    std::string_view m_data;
    std::size_t m_pos = 0;
    std::size_t m_opPos = 0;
    unsigned char m_op = 0;
    std::vector<PickleValue> m_stack;
    std::vector<std::size_t> m_marks;
    std::vector<PickleValue> m_memo;
    std::unordered_map<std::uint64_t, PickleValue> m_sparseMemo;
};

} // namespace

PickleValue readPickle(std::string_view data, const std::string &source)
{
    Reader reader(data);
    try {
        return reader.run();
    } catch (const Problem &p) {
        char where[96];
        if (reader.opPos() >= data.size())
            std::snprintf(where, sizeof where, "pickle byte %zu (end of data)", reader.opPos());
        else
            std::snprintf(where, sizeof where, "pickle byte %zu, opcode 0x%02x (%s)", reader.opPos(),
                          static_cast<unsigned>(reader.op()), opcodeName(reader.op()));
        throw BenchmarkError(source + ": " + where + ": " + p.what);
    } catch (const BenchmarkError &e) {
        throw BenchmarkError(source + ": pickle byte " + std::to_string(reader.opPos()) + ": " + e.what());
    } catch (const std::bad_alloc &) {
        throw BenchmarkError(source + ": out of memory reading the pickle");
    }
}

} // namespace gdas::benchmark
