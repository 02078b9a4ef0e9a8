#include "LiteralParser.h"

#include "GenotypeFormats.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <optional>

namespace gdas::model::detail {

namespace {

bool isNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

bool isNameChar(char c) { return isNameStart(c) || (c >= '0' && c <= '9'); }

// np.float32, numpy.float64, np.int64, ...
bool isNumpyScalarType(std::string_view name)
{
    for (std::string_view prefix : {"np.", "numpy."}) {
        if (name.substr(0, prefix.size()) != prefix)
            continue;
        auto type = name.substr(prefix.size());
        for (std::string_view base : {"float", "int", "uint"}) {
            if (type.substr(0, base.size()) != base)
                continue;
            const auto bits = type.substr(base.size());
            return std::all_of(bits.begin(), bits.end(), [](char c) { return c >= '0' && c <= '9'; });
        }
    }
    return false;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string hexByte(char c)
{
    static const char digits[] = "0123456789abcdef";
    const auto b = static_cast<unsigned char>(c);
    return {digits[b >> 4], digits[b & 0xF]};
}

void appendUtf8(std::string &out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// The well-formed UTF-8 sequences (the Unicode Standard's table 3-7): by the range of their
// first byte, their length and the range of their second byte; later bytes are 80..BF. This
// leaves out the overlong forms, the surrogates and everything above U+10FFFF.
struct Utf8Lead {
    unsigned char first, last;
    std::size_t length;
    unsigned char low, high;
};

constexpr Utf8Lead kUtf8Leads[] = {
    {0xC2, 0xDF, 2, 0x80, 0xBF}, // U+0080..U+07FF
    {0xE0, 0xE0, 3, 0xA0, 0xBF}, // U+0800..U+0FFF
    {0xE1, 0xEC, 3, 0x80, 0xBF}, // U+1000..U+CFFF
    {0xED, 0xED, 3, 0x80, 0x9F}, // U+D000..U+D7FF (not the surrogates)
    {0xEE, 0xEF, 3, 0x80, 0xBF}, // U+E000..U+FFFF
    {0xF0, 0xF0, 4, 0x90, 0xBF}, // U+10000..U+3FFFF
    {0xF1, 0xF3, 4, 0x80, 0xBF}, // U+40000..U+FFFFF
    {0xF4, 0xF4, 4, 0x80, 0x8F}, // U+100000..U+10FFFF
};

// Offset of the first byte of `s` that does not belong to well-formed UTF-8 (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or npos. The writers emit JSON, and
// JSON is UTF-8: a name that is not would make every later write of the genotype fail.
std::size_t firstInvalidUtf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        const auto lead = std::find_if(std::begin(kUtf8Leads), std::end(kUtf8Leads),
                                       [c](const Utf8Lead &l) { return c >= l.first && c <= l.last; });
        if (lead == std::end(kUtf8Leads) || i + lead->length > s.size())
            return i;
        for (std::size_t k = 1; k < lead->length; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if (k == 1 ? (b < lead->low || b > lead->high) : (b < 0x80 || b > 0xBF))
                return i;
        }
        i += lead->length;
    }
    return std::string_view::npos;
}

} // namespace

const LiteralValue *LiteralValue::find(std::string_view key) const
{
    for (const auto &[k, v] : entries)
        if (k.kind == Kind::String && k.text == key)
            return &v;
    return nullptr;
}

std::string LiteralValue::describe() const
{
    switch (kind) {
    case Kind::Null:
        return "None";
    case Kind::Bool:
        return boolean ? "True" : "False";
    case Kind::Int:
        return "the number " + std::to_string(integer);
    case Kind::Float:
        return "a decimal number";
    case Kind::String:
        return "the string '" + text + "'";
    case Kind::List:
        return "a list";
    case Kind::Tuple:
        return "a tuple";
    case Kind::Dict:
        return "a dict";
    case Kind::Call:
        return text.empty() ? "keyword arguments" : "a call of " + text + "()";
    }
    return "a value";
}

LiteralParser::LiteralParser(std::string_view text, Mode mode) : m_text(text), m_mode(mode) {}

std::string LiteralParser::location(std::string_view text, std::size_t offset)
{
    if (offset > text.size())
        offset = text.size();
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return std::to_string(line) + ":" + std::to_string(column);
}

void LiteralParser::fail(std::string_view text, std::size_t offset, const std::string &why)
{
    throw GenotypeError(why + " at " + location(text, offset), offset);
}

void LiteralParser::skipSpaceAndComments()
{
    while (m_pos < m_text.size()) {
        const char c = m_text[m_pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++m_pos;
        } else if (c == '#' && m_mode == Mode::Python) {
            while (m_pos < m_text.size() && m_text[m_pos] != '\n')
                ++m_pos;
        } else if (c == '\\' && m_mode == Mode::Python && m_pos + 1 < m_text.size() &&
                   (m_text[m_pos + 1] == '\n' || m_text[m_pos + 1] == '\r')) {
            m_pos += 2; // an explicit line continuation
        } else {
            break;
        }
    }
}

std::string LiteralParser::lexString(char quote, std::size_t start)
{
    std::string value;
    std::size_t i = start + 1;
    while (true) {
        if (i >= m_text.size() || m_text[i] == '\n')
            fail(m_text, start, std::string("unterminated string starting"));
        const char c = m_text[i];
        if (c == quote) {
            const std::string_view raw = m_text.substr(start + 1, i - start - 1);
            if (const std::size_t bad = firstInvalidUtf8(raw); bad != std::string_view::npos)
                fail(m_text, start + 1 + bad, "string is not valid UTF-8 (byte 0x" + hexByte(raw[bad]) + ")");
            m_pos = i + 1;
            return value;
        }
        if (c != '\\') {
            value += c;
            ++i;
            continue;
        }
        if (i + 1 >= m_text.size())
            fail(m_text, start, "unterminated string starting");
        const char e = m_text[i + 1];
        switch (e) {
        case 'n':
            value += '\n';
            break;
        case 't':
            value += '\t';
            break;
        case 'r':
            value += '\r';
            break;
        case 'b':
            value += '\b';
            break;
        case 'f':
            value += '\f';
            break;
        case '/':
            value += '/';
            break;
        case '\\':
            value += '\\';
            break;
        case '"':
            value += '"';
            break;
        case '\'':
            if (m_mode == Mode::Json)
                fail(m_text, i, "invalid escape '\\''");
            value += '\'';
            break;
        case 'u': {
            std::uint32_t cp = hexEscape(i);
            i += 6;
            // Characters beyond the BMP come as a surrogate pair; a lone half is no character.
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (i + 1 >= m_text.size() || m_text[i] != '\\' || m_text[i + 1] != 'u')
                    fail(m_text, i - 6, "\\u escape of a lone surrogate");
                const std::uint32_t second = hexEscape(i);
                if (second < 0xDC00 || second > 0xDFFF)
                    fail(m_text, i - 6, "\\u escape of a lone surrogate");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (second - 0xDC00);
                i += 6;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                fail(m_text, i - 6, "\\u escape of a lone surrogate");
            }
            appendUtf8(value, cp);
            continue;
        }
        default:
            fail(m_text, i, std::string("invalid escape '\\") + e + "'");
        }
        i += 2;
    }
}

std::uint32_t LiteralParser::hexEscape(std::size_t at)
{
    if (at + 6 > m_text.size())
        fail(m_text, at, "incomplete \\u escape");
    std::uint32_t cp = 0;
    for (std::size_t k = at + 2; k < at + 6; ++k) {
        const char h = m_text[k];
        int digit = -1;
        if (isDigit(h))
            digit = h - '0';
        else if (h >= 'a' && h <= 'f')
            digit = h - 'a' + 10;
        else if (h >= 'A' && h <= 'F')
            digit = h - 'A' + 10;
        if (digit < 0)
            fail(m_text, at, "invalid \\u escape");
        cp = cp * 16 + static_cast<std::uint32_t>(digit);
    }
    return cp;
}

LiteralParser::Token LiteralParser::lex()
{
    skipSpaceAndComments();
    Token t;
    t.offset = m_pos;
    if (m_pos >= m_text.size()) {
        t.kind = TokenKind::End;
        return t;
    }
    const char c = m_text[m_pos];
    auto single = [&](TokenKind kind) {
        t.kind = kind;
        t.text = std::string(1, c);
        ++m_pos;
        return t;
    };
    // The one-character tokens; parentheses and '=' only in Python literals.
    struct Punctuation {
        char c;
        TokenKind kind;
        bool pythonOnly;
    };
    static constexpr Punctuation kPunctuation[] = {
        {'(', TokenKind::LParen, true},    {')', TokenKind::RParen, true},    {'=', TokenKind::Equals, true},
        {'[', TokenKind::LBracket, false}, {']', TokenKind::RBracket, false}, {'{', TokenKind::LBrace, false},
        {'}', TokenKind::RBrace, false},   {',', TokenKind::Comma, false},    {':', TokenKind::Colon, false},
    };
    for (const Punctuation &p : kPunctuation)
        if (c == p.c && (!p.pythonOnly || m_mode == Mode::Python))
            return single(p.kind);
    switch (c) {
    case '"':
        t.kind = TokenKind::String;
        t.text = lexString('"', m_pos);
        return t;
    case '\'':
        if (m_mode == Mode::Json)
            fail(m_text, m_pos, "JSON strings use double quotes; found \"'\"");
        t.kind = TokenKind::String;
        t.text = lexString('\'', m_pos);
        return t;
    default:
        break;
    }
    if (isDigit(c) || c == '-' || c == '+' || (c == '.' && m_pos + 1 < m_text.size() && isDigit(m_text[m_pos + 1]))) {
        std::size_t i = m_pos + 1;
        while (i < m_text.size() &&
               (isDigit(m_text[i]) || m_text[i] == '.' || m_text[i] == 'e' || m_text[i] == 'E' ||
                ((m_text[i] == '-' || m_text[i] == '+') && (m_text[i - 1] == 'e' || m_text[i - 1] == 'E'))))
            ++i;
        t.kind = TokenKind::Number;
        t.text = std::string(m_text.substr(m_pos, i - m_pos));
        m_pos = i;
        return t;
    }
    if (isNameStart(c)) {
        std::size_t i = m_pos + 1;
        while (i < m_text.size() && isNameChar(m_text[i]))
            ++i;
        // Dotted names (np.float32) in Python mode: numpy 2 prints its scalars as calls.
        while (m_mode == Mode::Python && i + 1 < m_text.size() && m_text[i] == '.' && isNameStart(m_text[i + 1])) {
            i += 2;
            while (i < m_text.size() && isNameChar(m_text[i]))
                ++i;
        }
        t.kind = TokenKind::Name;
        t.text = std::string(m_text.substr(m_pos, i - m_pos));
        m_pos = i;
        return t;
    }
    std::string shown(1, c);
    if (static_cast<unsigned char>(c) < 0x20)
        shown = "\\x" + std::to_string(static_cast<int>(c));
    fail(m_text, m_pos, "unexpected character '" + shown + "'");
}

const LiteralParser::Token &LiteralParser::peek(int ahead)
{
    while (static_cast<int>(m_lookahead.size()) <= ahead)
        m_lookahead.push_back(lex());
    return m_lookahead[static_cast<std::size_t>(ahead)];
}

LiteralParser::Token LiteralParser::take()
{
    peek();
    Token t = m_lookahead.front();
    m_lookahead.erase(m_lookahead.begin());
    return t;
}

void LiteralParser::unexpected(const Token &token, const std::string &expectation)
{
    std::string found;
    switch (token.kind) {
    case TokenKind::End:
        found = "the end of the text";
        break;
    case TokenKind::String:
        found = "the string '" + token.text + "'";
        break;
    case TokenKind::Name:
        found = "the name '" + token.text + "'";
        break;
    default:
        found = "'" + token.text + "'";
        break;
    }
    fail(m_text, token.offset, "expected " + expectation + ", found " + found);
}

LiteralParser::Token LiteralParser::expect(TokenKind kind, const char *what)
{
    if (peek().kind != kind)
        unexpected(peek(), what);
    return take();
}

LiteralValue LiteralParser::numberValue(const Token &token)
{
    LiteralValue v;
    v.offset = token.offset;
    const std::string &s = token.text;
    const bool isReal = s.find_first_of(".eE") != std::string::npos;
    errno = 0;
    char *end = nullptr;
    if (isReal) {
        v.kind = LiteralValue::Kind::Float;
        v.real = std::strtod(s.c_str(), &end);
    } else {
        v.kind = LiteralValue::Kind::Int;
        v.integer = std::strtoll(s.c_str(), &end, 10);
        v.real = static_cast<double>(v.integer);
    }
    if (end != s.c_str() + s.size() || errno == ERANGE)
        fail(m_text, token.offset, "malformed number '" + s + "'");
    if (m_mode == Mode::Json && (s[0] == '+' || s[0] == '.'))
        fail(m_text, token.offset, "malformed JSON number '" + s + "'");
    return v;
}

LiteralValue LiteralParser::parseSequence(TokenKind close, LiteralValue::Kind kind, std::size_t start)
{
    LiteralValue v;
    v.kind = kind;
    v.offset = start;
    const char *closing = close == TokenKind::RBracket ? "']'" : "')'";
    const std::string separatorOrClose = std::string("',' or ") + closing;
    bool sawComma = false;
    while (peek().kind != close) {
        v.items.push_back(parseValue());
        if (peek().kind == TokenKind::Comma) {
            const Token comma = take();
            sawComma = true;
            if (peek().kind == close && m_mode == Mode::Json)
                fail(m_text, comma.offset, "trailing ',' is not allowed in JSON");
        } else if (peek().kind != close) {
            unexpected(peek(), separatorOrClose);
        }
    }
    take();
    // "(x)" is a parenthesised value in Python, not a one-element tuple.
    if (kind == LiteralValue::Kind::Tuple && v.items.size() == 1 && !sawComma)
        return v.items.front();
    return v;
}

LiteralValue LiteralParser::parseDict(std::size_t start)
{
    LiteralValue v;
    v.kind = LiteralValue::Kind::Dict;
    v.offset = start;
    while (peek().kind != TokenKind::RBrace) {
        LiteralValue key = parseValue();
        if (m_mode == Mode::Json && key.kind != LiteralValue::Kind::String)
            fail(m_text, key.offset, "JSON object keys are strings; found " + key.describe());
        if (key.kind == LiteralValue::Kind::String && v.find(key.text))
            fail(m_text, key.offset, "key '" + key.text + "' given twice");
        expect(TokenKind::Colon, "':'");
        LiteralValue value = parseValue();
        v.entries.emplace_back(std::move(key), std::move(value));
        if (peek().kind == TokenKind::Comma) {
            const Token comma = take();
            if (peek().kind == TokenKind::RBrace && m_mode == Mode::Json)
                fail(m_text, comma.offset, "trailing ',' is not allowed in JSON");
        } else if (peek().kind != TokenKind::RBrace) {
            unexpected(peek(), "',' or '}'");
        }
    }
    take();
    return v;
}

void LiteralParser::parseCallArguments(LiteralValue &call, TokenKind close)
{
    const char *closing = close == TokenKind::RParen ? "',' or ')'" : "',' or the end of the text";
    while (peek().kind != close) {
        if (peek().kind == TokenKind::Name && peek(1).kind == TokenKind::Equals) {
            const Token name = take();
            take();
            LiteralValue key;
            key.kind = LiteralValue::Kind::String;
            key.offset = name.offset;
            key.text = name.text;
            if (call.find(name.text))
                fail(m_text, name.offset, "field '" + name.text + "' given twice");
            LiteralValue value = parseValue();
            call.entries.emplace_back(std::move(key), std::move(value));
        } else {
            if (!call.entries.empty())
                fail(m_text, peek().offset, "positional argument after keyword arguments");
            call.items.push_back(parseValue());
        }
        if (peek().kind == TokenKind::Comma)
            take();
        else if (peek().kind != close)
            unexpected(peek(), closing);
    }
    if (close != TokenKind::End)
        take();
}

// Counts one level of nesting for as long as a list, tuple, dict or call is being read.
class LiteralParser::DepthGuard {
public:
    DepthGuard(LiteralParser &parser, std::size_t offset) : m_parser(parser)
    {
        if (++m_parser.m_depth > kMaxDepth) {
            --m_parser.m_depth;
            fail(m_parser.m_text, offset, "nested too deeply (more than " + std::to_string(kMaxDepth) + " levels)");
        }
    }
    ~DepthGuard() { --m_parser.m_depth; }
    DepthGuard(const DepthGuard &) = delete;
    DepthGuard &operator=(const DepthGuard &) = delete;

private:
    LiteralParser &m_parser;
};

LiteralValue LiteralParser::parseValue()
{
    const Token t = take();
    const bool opens = t.kind == TokenKind::LBracket || t.kind == TokenKind::LParen || t.kind == TokenKind::LBrace ||
                       (t.kind == TokenKind::Name && m_mode == Mode::Python && peek().kind == TokenKind::LParen);
    std::optional<DepthGuard> level;
    if (opens)
        level.emplace(*this, t.offset);
    LiteralValue v;
    v.offset = t.offset;
    switch (t.kind) {
    case TokenKind::String:
        v.kind = LiteralValue::Kind::String;
        v.text = t.text;
        return v;
    case TokenKind::Number:
        return numberValue(t);
    case TokenKind::LBracket:
        return parseSequence(TokenKind::RBracket, LiteralValue::Kind::List, t.offset);
    case TokenKind::LParen:
        return parseSequence(TokenKind::RParen, LiteralValue::Kind::Tuple, t.offset);
    case TokenKind::LBrace:
        return parseDict(t.offset);
    case TokenKind::Name: {
        const bool json = m_mode == Mode::Json;
        if (t.text == (json ? "null" : "None"))
            return v; // Null
        if (t.text == (json ? "true" : "True") || t.text == (json ? "false" : "False")) {
            v.kind = LiteralValue::Kind::Bool;
            v.boolean = t.text == (json ? "true" : "True");
            return v;
        }
        if (!json && peek().kind == TokenKind::LParen) {
            take();
            v.kind = LiteralValue::Kind::Call;
            v.text = t.text;
            parseCallArguments(v, TokenKind::RParen);
            // numpy 2 prints a scalar as its type around the number (np.float32(0.3864),
            // np.float64(0.1)), numpy 1 as the bare number: both read as the number.
            if (isNumpyScalarType(v.text) && v.items.size() == 1 && v.entries.empty() && v.items.front().isNumber()) {
                LiteralValue number = v.items.front();
                number.offset = v.offset;
                return number;
            }
            return v;
        }
        fail(m_text, t.offset, "unexpected name '" + t.text + "'");
    }
    default:
        unexpected(t, "a value");
    }
}

LiteralDocument LiteralParser::parseDocument()
{
    LiteralDocument doc;
    if (m_mode == Mode::Python && peek().kind == TokenKind::Name && peek(1).kind == TokenKind::Equals) {
        static const char *const fieldNames[] = {"normal", "normal_concat", "reduce", "reduce_concat"};
        bool isField = false;
        for (const char *f : fieldNames)
            isField = isField || peek().text == f;
        if (isField) {
            // The fields of Genotype(...) without the call around them.
            doc.value.kind = LiteralValue::Kind::Call;
            doc.value.offset = peek().offset;
            parseCallArguments(doc.value, TokenKind::End);
            return doc;
        }
        doc.assignedName = take().text;
        take();
    }
    doc.value = parseValue();
    if (peek().kind != TokenKind::End)
        unexpected(peek(), "the end of the text");
    return doc;
}

} // namespace gdas::model::detail
