#include "GenotypeFormats.h"

#include "AsciiText.h"
#include "GenotypeLibrary.h"
#include "GenotypeProblem.h"
#include "LiteralParser.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace gdas::model {

using detail::CellOffsets;
using detail::GenotypeOffsets;
using detail::LiteralParser;
using detail::LiteralValue;
using Kind = LiteralValue::Kind;

GenotypeError::GenotypeError(const std::string &message, std::size_t offset)
    : std::runtime_error(message), m_offset(offset)
{}

namespace {

constexpr const char *kJsonFormatTag = "gdas-genotype";
constexpr int kJsonVersion = 1;

[[noreturn]] void failAt(std::string_view text, std::size_t offset, const std::string &why)
{
    LiteralParser::fail(text, offset, why);
}

void throwIfInvalid(const Genotype &g, std::string_view text, const GenotypeOffsets &offsets)
{
    if (const auto problem = detail::findProblem(g))
        failAt(text, detail::offsetOf(*problem, offsets), problem->message);
}

// The readers refuse a string that is not UTF-8, but a Genotype built in code may carry one
// (a run name typed in another encoding): written as U+FFFD rather than failing the write.
std::string quoted(const std::string &s)
{
    return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// ---------------------------------------------------------------------------------------------
// JSON

void appendJsonCell(std::string &out, const CellGenotype &cell, bool pretty, const std::string &pad)
{
    out += '[';
    for (std::size_t n = 0; n < cell.size(); ++n) {
        if (n)
            out += ',';
        if (pretty)
            out += "\n" + pad + pad;
        out += '[';
        for (std::size_t k = 0; k < cell[n].size(); ++k) {
            if (k)
                out += pretty ? ", " : ",";
            out += pretty ? "{\"op\": " : "{\"op\":";
            out += quoted(cell[n][k].op);
            out += pretty ? ", \"input\": " : ",\"input\":";
            out += std::to_string(cell[n][k].input) + "}";
        }
        out += ']';
    }
    if (pretty)
        out += "\n" + pad;
    out += ']';
}

std::string jsonIntList(const std::vector<int> &values, bool pretty)
{
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i)
            out += pretty ? ", " : ",";
        out += std::to_string(values[i]);
    }
    return out + "]";
}

std::string expectString(std::string_view text, const LiteralValue &v, const std::string &key)
{
    if (v.kind != Kind::String)
        failAt(text, v.offset, "\"" + key + "\" must be a string, found " + v.describe());
    return v.text;
}

std::vector<int> readJsonIntList(std::string_view text, const LiteralValue &v, const std::string &key,
                                 CellOffsets &offsets)
{
    if (v.kind != Kind::List)
        failAt(text, v.offset, "\"" + key + "\" must be a list of node numbers, found " + v.describe());
    offsets.concat = v.offset;
    std::vector<int> out;
    for (const LiteralValue &item : v.items) {
        if (item.kind != Kind::Int)
            failAt(text, item.offset, "\"" + key + "\" must hold node numbers, found " + item.describe());
        out.push_back(static_cast<int>(item.integer));
        offsets.concatItems.push_back(item.offset);
    }
    return out;
}

CellGenotype readJsonCell(std::string_view text, const LiteralValue &v, const std::string &key, CellOffsets &offsets)
{
    if (v.kind != Kind::List)
        failAt(text, v.offset, "\"" + key + "\" must be a list of nodes, found " + v.describe());
    offsets.cell = v.offset;
    CellGenotype cell;
    for (const LiteralValue &node : v.items) {
        if (node.kind != Kind::List)
            failAt(text, node.offset,
                   "each node of \"" + key + "\" must be a list of {\"op\", \"input\"} objects, found " +
                       node.describe());
        offsets.nodes.push_back(node.offset);
        offsets.opNames.emplace_back();
        offsets.opInputs.emplace_back();
        std::vector<GenotypeOp> ops;
        for (const LiteralValue &entry : node.items) {
            if (entry.kind != Kind::Dict)
                failAt(text, entry.offset,
                       "expected an object {\"op\": ..., \"input\": ...}, found " + entry.describe());
            const LiteralValue *op = entry.find("op");
            const LiteralValue *input = entry.find("input");
            if (!op)
                failAt(text, entry.offset, "missing \"op\" in an op object");
            if (!input)
                failAt(text, entry.offset, "missing \"input\" in an op object");
            GenotypeOp g;
            g.op = expectString(text, *op, "op");
            if (input->kind != Kind::Int)
                failAt(text, input->offset, "\"input\" must be a node number, found " + input->describe());
            g.input = static_cast<int>(input->integer);
            offsets.opNames.back().push_back(op->offset);
            offsets.opInputs.back().push_back(input->offset);
            ops.push_back(std::move(g));
        }
        cell.push_back(std::move(ops));
    }
    return cell;
}

// ---------------------------------------------------------------------------------------------
// Python literal (DARTS Genotype(...) and the AutoDL-Projects dict)

// AutoDL-Projects names DARTS's separable convolutions after its own classes.
std::string canonicalOpName(const std::string &op)
{
    if (op.rfind("dua_sepc_", 0) == 0)
        return "sep_conv_" + op.substr(9);
    if (op.rfind("dil_sepc_", 0) == 0)
        return "dil_conv_" + op.substr(9);
    return op;
}

bool isOpEntry(const LiteralValue &v)
{
    return v.isSequence() && !v.items.empty() && v.items.front().kind == Kind::String;
}

GenotypeOp readPythonOp(std::string_view text, const LiteralValue &v, CellOffsets &offsets)
{
    if (!v.isSequence() || v.items.size() < 2 || v.items.size() > 3)
        failAt(text, v.offset,
               "expected an ('operation', input) pair, found " + v.describe() +
                   (v.isSequence() ? " of " + std::to_string(v.items.size()) + " items" : ""));
    const LiteralValue &name = v.items[0];
    const LiteralValue &input = v.items[1];
    if (name.kind != Kind::String)
        failAt(text, name.offset, "expected an operation name, found " + name.describe());
    if (input.kind != Kind::Int)
        failAt(text, input.offset, "expected an input node number, found " + input.describe());
    // A third element is the weight some printers attach; the genotype does not keep it.
    if (v.items.size() == 3 && !v.items[2].isNumber())
        failAt(text, v.items[2].offset, "expected a weight, found " + v.items[2].describe());
    offsets.opNames.back().push_back(name.offset);
    offsets.opInputs.back().push_back(input.offset);
    return GenotypeOp{canonicalOpName(name.text), static_cast<int>(input.integer)};
}

CellGenotype readPythonCell(std::string_view text, const LiteralValue &v, const std::string &key, CellOffsets &offsets)
{
    if (!v.isSequence())
        failAt(text, v.offset, "'" + key + "' must be a list of (operation, input) pairs, found " + v.describe());
    offsets.cell = v.offset;
    if (v.items.empty())
        failAt(text, v.offset, "'" + key + "' is empty");
    CellGenotype cell;
    const bool flat = isOpEntry(v.items.front());
    if (flat) {
        // DARTS: one flat list, two pairs per node.
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            const LiteralValue &item = v.items[i];
            if (!isOpEntry(item))
                failAt(text, item.offset, "expected an ('operation', input) pair, found " + item.describe());
            if (i % 2 == 0) {
                cell.emplace_back();
                offsets.nodes.push_back(item.offset);
                offsets.opNames.emplace_back();
                offsets.opInputs.emplace_back();
            }
            cell.back().push_back(readPythonOp(text, item, offsets));
        }
        if (v.items.size() % 2 != 0)
            failAt(text, v.items.back().offset,
                   "'" + key + "' lists " + std::to_string(v.items.size()) +
                       " (operation, input) pairs; a flat list needs 2 per node");
        return cell;
    }
    // AutoDL-Projects: one tuple of pairs per node.
    for (const LiteralValue &node : v.items) {
        if (!node.isSequence() || isOpEntry(node))
            failAt(text, node.offset,
                   "expected a node: a tuple of ('operation', input) pairs, found " + node.describe());
        offsets.nodes.push_back(node.offset);
        offsets.opNames.emplace_back();
        offsets.opInputs.emplace_back();
        std::vector<GenotypeOp> ops;
        for (const LiteralValue &entry : node.items)
            ops.push_back(readPythonOp(text, entry, offsets));
        cell.push_back(std::move(ops));
    }
    return cell;
}

std::vector<int> readPythonConcat(std::string_view text, const LiteralValue &v, const std::string &key,
                                  CellOffsets &offsets)
{
    offsets.concat = v.offset;
    std::vector<int> out;
    if (v.isSequence()) {
        for (const LiteralValue &item : v.items) {
            if (item.kind != Kind::Int)
                failAt(text, item.offset, "'" + key + "' must hold node numbers, found " + item.describe());
            out.push_back(static_cast<int>(item.integer));
            offsets.concatItems.push_back(item.offset);
        }
        return out;
    }
    if (v.kind == Kind::Call && v.text == "list" && v.items.size() == 1 && v.entries.empty())
        return readPythonConcat(text, v.items.front(), key, offsets);
    if (v.kind == Kind::Call && v.text == "range" && v.entries.empty() && !v.items.empty() && v.items.size() <= 3) {
        std::int64_t bounds[3] = {0, 0, 1};
        for (std::size_t i = 0; i < v.items.size(); ++i)
            if (v.items[i].kind != Kind::Int)
                failAt(text, v.items[i].offset, "range() takes node numbers, found " + v.items[i].describe());
        if (v.items.size() == 1) {
            bounds[1] = v.items[0].integer;
        } else {
            bounds[0] = v.items[0].integer;
            bounds[1] = v.items[1].integer;
            if (v.items.size() == 3)
                bounds[2] = v.items[2].integer;
        }
        if (bounds[2] <= 0 || bounds[1] - bounds[0] > 64)
            failAt(text, v.offset, "'" + key + "' range() must count up over at most 64 nodes");
        for (std::int64_t n = bounds[0]; n < bounds[1]; n += bounds[2]) {
            out.push_back(static_cast<int>(n));
            offsets.concatItems.push_back(v.offset);
        }
        return out;
    }
    failAt(text, v.offset, "'" + key + "' must be a list of node numbers or range(a, b), found " + v.describe());
}

bool isAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::size_t firstNonSpace(std::string_view text)
{
    std::size_t i = 0;
    // A UTF-8 byte order mark that editors on other systems leave at the start of a file.
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        i = 3;
    while (i < text.size() && isAsciiSpace(text[i]))
        ++i;
    return i;
}

bool isAssignmentPrefix(std::string_view prefix)
{
    // "NAME =" (spaces around): names the genotype, as "GDAS = Genotype(...)" does.
    std::size_t i = 0;
    if (i >= prefix.size() || !(std::isalpha(static_cast<unsigned char>(prefix[i])) || prefix[i] == '_'))
        return false;
    while (i < prefix.size() && (std::isalnum(static_cast<unsigned char>(prefix[i])) || prefix[i] == '_'))
        ++i;
    while (i < prefix.size() && isAsciiSpace(prefix[i]))
        ++i;
    if (i >= prefix.size() || prefix[i] != '=')
        return false;
    ++i;
    while (i < prefix.size() && isAsciiSpace(prefix[i]))
        ++i;
    return i == prefix.size();
}

// The genotype in a line that an official script logs, everything around it blanked with
// spaces (so offsets in errors still point into the pasted text); nullopt for anything else.
//   AutoDL-Projects: "<<<--->>> The 003-250-th epoch : X" and
//                    "GDAS : run 250 epochs, cost 12345.6 s, last-geno is X."
//   where X is a NAS-Bench-201 Structure "Structure(4 nodes with |none~0|+...|)" (the string
//   inside is read) or the DARTS-space dict "{'normal': [...], ...}";
//   quark0/darts train_search.py: "12/03 07:44:49 AM genotype = Genotype(normal=[...], ...)".
std::optional<std::string> genotypeInLogLine(std::string_view text)
{
    std::string out(text);
    const auto blank = [&out](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to && i < out.size(); ++i)
            if (out[i] != '\n')
                out[i] = ' ';
    };
    const std::size_t start = firstNonSpace(text);
    const std::size_t structure = text.find("Structure(");
    if (structure != std::string_view::npos) {
        const std::size_t bar = text.find('|', structure);
        const std::size_t close = text.find(')', structure);
        if (bar == std::string_view::npos || close == std::string_view::npos || close < bar)
            return std::nullopt;
        blank(0, bar);
        blank(close, out.size());
        return out;
    }
    std::size_t at = std::string_view::npos;
    for (const std::string_view marker : {"Genotype(", "{'normal'", "{\"normal\"", "{ 'normal'"})
        at = std::min(at, text.find(marker));
    if (at == std::string_view::npos || at <= start || isAssignmentPrefix(text.substr(start, at - start)))
        return std::nullopt;
    blank(0, at);
    std::size_t end = out.size();
    while (end > at && isAsciiSpace(out[end - 1]))
        --end;
    if (end > at && out[end - 1] == '.') // "last-geno is {...}."
        blank(end - 1, end);
    return out;
}

} // namespace

// -------------------------------------------------------------------------------------------------

std::string toJson(const Genotype &g, int indent)
{
    g.validate();
    const bool pretty = indent >= 0;
    const std::string pad(pretty ? static_cast<std::size_t>(indent) : 0, ' ');
    const std::string sep = pretty ? ",\n" + pad : ",";
    const std::string colon = pretty ? ": " : ":";
    std::string out = pretty ? "{\n" + pad : "{";
    out += "\"format\"" + colon + quoted(kJsonFormatTag);
    out += sep + "\"version\"" + colon + std::to_string(kJsonVersion);
    out += sep + "\"space\"" + colon + quoted(std::string(toString(g.space)));
    out += sep + "\"name\"" + colon + quoted(g.name);
    out += sep + "\"normal\"" + colon;
    appendJsonCell(out, g.normal, pretty, pad);
    if (g.space == SpaceKind::Darts) {
        out += sep + "\"normal_concat\"" + colon + jsonIntList(g.normalConcat, pretty);
        if (!g.reduce.empty()) {
            out += sep + "\"reduce\"" + colon;
            appendJsonCell(out, g.reduce, pretty, pad);
            out += sep + "\"reduce_concat\"" + colon + jsonIntList(g.reduceConcat, pretty);
        }
    }
    out += pretty ? "\n}" : "}";
    return out;
}

Genotype fromJson(std::string_view text)
{
    LiteralParser parser(text, LiteralParser::Mode::Json);
    const LiteralValue root = parser.parseDocument().value;
    if (root.kind != Kind::Dict)
        failAt(text, root.offset, "expected a JSON object holding a genotype, found " + root.describe());

    Genotype g;
    GenotypeOffsets offsets;
    offsets.whole = root.offset;

    if (const LiteralValue *tag = root.find("format")) {
        const std::string value = expectString(text, *tag, "format");
        if (value != kJsonFormatTag)
            failAt(text, tag->offset, "unknown format '" + value + "' (expected '" + kJsonFormatTag + "')");
    }
    if (const LiteralValue *version = root.find("version")) {
        if (version->kind != Kind::Int)
            failAt(text, version->offset, "\"version\" must be a number, found " + version->describe());
        if (version->integer != kJsonVersion)
            failAt(text, version->offset,
                   "unsupported genotype version " + std::to_string(version->integer) +
                       " (this program reads version " + std::to_string(kJsonVersion) + ")");
    }
    if (const LiteralValue *name = root.find("name"); name && name->kind != Kind::Null)
        g.name = expectString(text, *name, "name");

    const LiteralValue *normal = root.find("normal");
    const LiteralValue *normalConcat = root.find("normal_concat");
    const LiteralValue *reduce = root.find("reduce");
    const LiteralValue *reduceConcat = root.find("reduce_concat");
    if (reduce && reduce->kind == Kind::Null)
        reduce = nullptr;
    if (reduceConcat && reduceConcat->kind == Kind::Null)
        reduceConcat = nullptr;

    if (const LiteralValue *space = root.find("space")) {
        const std::string value = expectString(text, *space, "space");
        try {
            g.space = SearchSpace::byName(value).kind;
        } catch (const std::invalid_argument &) {
            failAt(text, space->offset, "unknown space '" + value + "' (expected darts or nas-bench-201)");
        }
    } else {
        // Only DARTS-space genotypes carry concat lists or a reduce cell.
        g.space = (normalConcat || reduce) ? SpaceKind::Darts : SpaceKind::NasBench201;
    }

    if (!normal)
        failAt(text, root.offset, "missing \"normal\"");
    g.normal = readJsonCell(text, *normal, "normal", offsets.normal);
    if (normalConcat)
        g.normalConcat = readJsonIntList(text, *normalConcat, "normal_concat", offsets.normal);
    else if (g.space == SpaceKind::Darts)
        failAt(text, root.offset, "missing \"normal_concat\"");
    if (reduce) {
        g.reduce = readJsonCell(text, *reduce, "reduce", offsets.reduce);
        if (!reduceConcat)
            failAt(text, root.offset, "missing \"reduce_concat\" (\"reduce\" is given)");
    }
    if (reduceConcat)
        g.reduceConcat = readJsonIntList(text, *reduceConcat, "reduce_concat", offsets.reduce);
    throwIfInvalid(g, text, offsets);
    return g;
}

std::string toDartsLiteral(const Genotype &g)
{
    if (g.space != SpaceKind::Darts)
        throw GenotypeError("the DARTS literal cannot express a " + std::string(toString(g.space)) +
                            " genotype; use the nb201 string or JSON");
    g.validate();
    auto cell = [](const CellGenotype &c) {
        std::string out = "[";
        bool first = true;
        for (const auto &node : c)
            for (const GenotypeOp &op : node) {
                if (!first)
                    out += ", ";
                first = false;
                out += "('" + op.op + "', " + std::to_string(op.input) + ")";
            }
        return out + "]";
    };
    auto list = [](const std::vector<int> &values) { return jsonIntList(values, true); };
    std::string out = "Genotype(normal=" + cell(g.normal) + ", normal_concat=" + list(g.normalConcat);
    if (g.reduce.empty())
        out += ", reduce=None, reduce_concat=None)";
    else
        out += ", reduce=" + cell(g.reduce) + ", reduce_concat=" + list(g.reduceConcat) + ")";
    return out;
}

Genotype fromDartsLiteral(std::string_view text)
{
    LiteralParser parser(text, LiteralParser::Mode::Python);
    const detail::LiteralDocument doc = parser.parseDocument();
    const LiteralValue &root = doc.value;
    if (root.kind == Kind::Call) {
        if (!root.text.empty() && root.text != "Genotype")
            failAt(text, root.offset, "expected Genotype(...) or a dict, found a call of " + root.text + "()");
        if (!root.items.empty())
            failAt(text, root.items.front().offset,
                   "Genotype fields must be named: normal=..., normal_concat=..., reduce=..., reduce_concat=...");
    } else if (root.kind != Kind::Dict) {
        failAt(text, root.offset,
               "expected Genotype(normal=..., ...) or a dict {'normal': ..., ...}, found " + root.describe());
    }

    Genotype g;
    g.space = SpaceKind::Darts;
    g.name = doc.assignedName;
    GenotypeOffsets offsets;
    offsets.whole = root.offset;
    const LiteralValue *normal = nullptr;
    const LiteralValue *normalConcat = nullptr;
    const LiteralValue *reduce = nullptr;
    const LiteralValue *reduceConcat = nullptr;
    for (const auto &[key, value] : root.entries) {
        if (key.kind != Kind::String)
            failAt(text, key.offset, "expected a field name, found " + key.describe());
        if (key.text == "normal")
            normal = &value;
        else if (key.text == "normal_concat")
            normalConcat = &value;
        else if (key.text == "reduce")
            reduce = &value;
        else if (key.text == "reduce_concat")
            reduceConcat = &value;
        else if (key.text != "connectN" && key.text != "connects") // AutoDL's unused extras
            failAt(text, key.offset, "unknown field '" + key.text + "'");
    }
    if (!normal)
        failAt(text, root.offset, "missing field 'normal'");
    if (!normalConcat)
        failAt(text, root.offset, "missing field 'normal_concat'");
    g.normal = readPythonCell(text, *normal, "normal", offsets.normal);
    g.normalConcat = readPythonConcat(text, *normalConcat, "normal_concat", offsets.normal);
    // reduce=None (or no reduce at all) is GDAS-FRC's hand-made reduction cell, whose
    // concatenation is fixed by the code; any reduce_concat beside it says nothing.
    if (reduce && reduce->kind != Kind::Null) {
        if (!reduceConcat)
            failAt(text, root.offset, "missing field 'reduce_concat'");
        g.reduce = readPythonCell(text, *reduce, "reduce", offsets.reduce);
        g.reduceConcat = readPythonConcat(text, *reduceConcat, "reduce_concat", offsets.reduce);
    }
    throwIfInvalid(g, text, offsets);
    return g;
}

std::string toNb201String(const Genotype &g)
{
    if (g.space != SpaceKind::NasBench201)
        throw GenotypeError("the NAS-Bench-201 string cannot express a " + std::string(toString(g.space)) +
                            " genotype; use the darts literal or JSON");
    g.validate();
    std::string out;
    for (std::size_t n = 0; n < g.normal.size(); ++n) {
        if (n)
            out += '+';
        out += '|';
        for (const GenotypeOp &op : g.normal[n])
            out += op.op + "~" + std::to_string(op.input) + "|";
    }
    return out;
}

Genotype fromNb201String(std::string_view text)
{
    std::size_t pos = firstNonSpace(text);
    std::size_t end = text.size();
    while (end > pos && isAsciiSpace(text[end - 1]))
        --end;
    if (pos >= end)
        failAt(text, pos, "empty NAS-Bench-201 string");

    Genotype g;
    g.space = SpaceKind::NasBench201;
    GenotypeOffsets offsets;
    offsets.whole = pos;
    offsets.normal.cell = pos;
    auto isNameChar = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };

    while (true) {
        if (text[pos] != '|')
            failAt(text, pos, "expected '|'");
        offsets.normal.nodes.push_back(pos);
        offsets.normal.opNames.emplace_back();
        offsets.normal.opInputs.emplace_back();
        g.normal.emplace_back();
        ++pos;
        // Each '|' closes one op and opens the next; the node ends at '+' or the end.
        while (true) {
            const std::size_t nameStart = pos;
            while (pos < end && isNameChar(text[pos]))
                ++pos;
            if (pos == nameStart)
                failAt(text, pos, "expected an operation name");
            const std::string name(text.substr(nameStart, pos - nameStart));
            if (pos >= end || text[pos] != '~')
                failAt(text, pos, "expected '~' after '" + name + "'");
            ++pos;
            const std::size_t inputStart = pos;
            while (pos < end && std::isdigit(static_cast<unsigned char>(text[pos])))
                ++pos;
            if (pos == inputStart)
                failAt(text, pos, "expected an input node number after '~'");
            if (pos - inputStart > 6)
                failAt(text, inputStart, "input node number too large");
            const int input = std::stoi(std::string(text.substr(inputStart, pos - inputStart)));
            if (pos >= end || text[pos] != '|')
                failAt(text, pos, "expected '|'");
            ++pos;
            g.normal.back().push_back({name, input});
            offsets.normal.opNames.back().push_back(nameStart);
            offsets.normal.opInputs.back().push_back(inputStart);
            if (pos >= end || text[pos] == '+')
                break;
        }
        if (pos >= end)
            break;
        ++pos; // '+'
        if (pos >= end)
            failAt(text, pos, "expected '|' after '+'");
    }
    throwIfInvalid(g, text, offsets);
    return g;
}

std::string toSpaceText(const Genotype &g)
{
    return g.space == SpaceKind::NasBench201 ? toNb201String(g) : toDartsLiteral(g);
}

std::string format(const Genotype &g, GenotypeFormat f)
{
    switch (f) {
    case GenotypeFormat::Json:
        return toJson(g);
    case GenotypeFormat::DartsLiteral:
        return toDartsLiteral(g);
    case GenotypeFormat::Nb201String:
        return toNb201String(g);
    }
    throw GenotypeError("unknown genotype format");
}

GenotypeFormat formatByName(std::string_view name)
{
    const std::string key = lowered(name);
    if (key == "json")
        return GenotypeFormat::Json;
    if (key == "darts" || key == "python" || key == "literal")
        return GenotypeFormat::DartsLiteral;
    if (key == "nb201" || key == "nas-bench-201")
        return GenotypeFormat::Nb201String;
    throw GenotypeError("unknown genotype format '" + std::string(name) + "' (expected json, darts or nb201)");
}

Genotype parseGenotype(std::string_view text)
{
    if (const auto line = genotypeInLogLine(text))
        return parseGenotype(*line); // same offsets: errors point into the pasted text
    const std::size_t start = firstNonSpace(text);
    if (start >= text.size())
        throw GenotypeError("empty genotype text", start);
    const char first = text[start];
    if (first == '|')
        return fromNb201String(text);
    if (first == '{') {
        // Python prints dict keys in single quotes and ops as tuples; our JSON keys its ops "op".
        std::size_t key = start + 1;
        while (key < text.size() && isAsciiSpace(text[key]))
            ++key;
        const bool pythonQuotes = key < text.size() && text[key] == '\'';
        const bool jsonKeys =
            text.find("\"op\"") != std::string_view::npos || text.find("\"format\"") != std::string_view::npos;
        if (pythonQuotes || (!jsonKeys && text.find('(') != std::string_view::npos))
            return fromDartsLiteral(text);
        return fromJson(text);
    }
    if (std::isalpha(static_cast<unsigned char>(first)) || first == '_')
        return fromDartsLiteral(text);
    failAt(text, start,
           "cannot tell the genotype format: expected JSON or a dict ('{'), a DARTS literal "
           "('Genotype(') or a NAS-Bench-201 string ('|')");
}

Genotype resolveGenotype(const std::string &nameFileOrText)
{
    const std::size_t start = firstNonSpace(nameFileOrText);
    std::size_t end = nameFileOrText.size();
    while (end > start && isAsciiSpace(nameFileOrText[end - 1]))
        --end;
    const std::string trimmed = nameFileOrText.substr(start, end - start);
    if (trimmed.empty())
        throw GenotypeError("no genotype given (expected a built-in name, a file or genotype text)");

    if (auto builtin = builtinGenotype(trimmed))
        return *builtin;

    const bool looksLikeText = trimmed.find_first_of("({|\n=") != std::string::npos;
    std::error_code ec;
    const std::filesystem::path path(trimmed);
    const bool isFile = trimmed.find('\n') == std::string::npos && std::filesystem::exists(path, ec);
    if (isFile) {
        if (std::filesystem::is_directory(path, ec))
            throw GenotypeError("'" + trimmed + "' is a directory, not a genotype file");
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw GenotypeError("cannot open genotype file '" + trimmed + "'");
        std::ostringstream content;
        content << in.rdbuf();
        try {
            Genotype g = parseGenotype(content.str());
            if (g.name.empty())
                g.name = path.stem().string();
            return g;
        } catch (const GenotypeError &e) {
            throw GenotypeError(trimmed + ": " + e.what(), e.offset());
        }
    }
    if (looksLikeText)
        return parseGenotype(nameFileOrText);

    const bool looksLikePath = trimmed.find_first_of("/\\.") != std::string::npos;
    if (looksLikePath)
        throw GenotypeError("cannot read genotype file '" + trimmed + "': no such file");
    std::string names;
    for (const std::string &n : builtinGenotypeNames())
        names += (names.empty() ? "" : ", ") + n;
    throw GenotypeError("unknown genotype '" + trimmed + "': not a built-in name (" + names +
                        "), not a file, not genotype text");
}

} // namespace gdas::model
