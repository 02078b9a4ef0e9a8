#pragma once

// Internal to gdas::model: a small recursive-descent reader for the literal values that the
// genotype formats are written in -- Python literals (tuples, lists, dicts, strings in either
// quote style, None/True/False, calls such as Genotype(normal=...) and range(2, 6)) and, in
// JSON mode, strict JSON. Every value keeps the offset it started at, so that the code that
// interprets the values can report line:column for a wrong shape, not only for bad syntax.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gdas::model::detail {

struct LiteralValue {
    enum class Kind { Null, Bool, Int, Float, String, List, Tuple, Dict, Call };
    Kind kind = Kind::Null;
    std::size_t offset = 0;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0.0;
    std::string text;                // String: its value; Call: the callee's name
    std::vector<LiteralValue> items; // List, Tuple, positional arguments of a Call
    // Dict: key/value pairs; Call: keyword arguments (key is a String holding the name)
    std::vector<std::pair<LiteralValue, LiteralValue>> entries;

    bool isSequence() const { return kind == Kind::List || kind == Kind::Tuple; }
    bool isNumber() const { return kind == Kind::Int || kind == Kind::Float; }
    const LiteralValue *find(std::string_view key) const; // Dict or Call keyword
    std::string describe() const;                         // "a list", "the string 'x'", ... for error messages
};

// A parsed document: an optional leading "NAME =" assignment and the value after it. A bare
// keyword list "normal=[...], normal_concat=..." reads as a nameless Call.
struct LiteralDocument {
    std::string assignedName;
    LiteralValue value;
};

class LiteralParser {
public:
    enum class Mode { Python, Json };
    LiteralParser(std::string_view text, Mode mode);

    // Throws GenotypeError("expected ')' at 1:57", offset) on malformed text, and on values
    // nested deeper than kMaxDepth (genotypes nest 4 deep; the limit keeps hostile input from
    // exhausting the stack of this recursive reader).
    LiteralDocument parseDocument();
    static constexpr int kMaxDepth = 64;

    // 1-based "line:column" of a byte offset of `text` (columns count bytes).
    static std::string location(std::string_view text, std::size_t offset);
    [[noreturn]] static void fail(std::string_view text, std::size_t offset, const std::string &why);

private:
    enum class TokenKind {
        End,
        LParen,
        RParen,
        LBracket,
        RBracket,
        LBrace,
        RBrace,
        Comma,
        Colon,
        Equals,
        String,
        Number,
        Name
    };
    struct Token {
        TokenKind kind = TokenKind::End;
        std::size_t offset = 0;
        std::string text; // String: decoded value; Number/Name: the spelling
    };

    const Token &peek(int ahead = 0);
    Token take();
    Token expect(TokenKind kind, const char *what);
    Token lex();
    void skipSpaceAndComments();
    std::string lexString(char quote, std::size_t start);
    std::uint32_t hexEscape(std::size_t at); // the UTF-16 code unit of the backslash-u escape at `at`
    LiteralValue parseValue();
    class DepthGuard;
    LiteralValue parseSequence(TokenKind close, LiteralValue::Kind kind, std::size_t start);
    LiteralValue parseDict(std::size_t start);
    void parseCallArguments(LiteralValue &call, TokenKind close);
    LiteralValue numberValue(const Token &token);
    [[noreturn]] void unexpected(const Token &token, const std::string &expectation);

    std::string_view m_text;
    Mode m_mode;
    std::size_t m_pos = 0;
    int m_depth = 0; // lists, tuples, dicts and calls open around the value being read
    std::vector<Token> m_lookahead;
};

} // namespace gdas::model::detail
