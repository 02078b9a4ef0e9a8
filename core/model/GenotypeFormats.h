#pragma once

#include "Genotype.h"

#include <stdexcept>
#include <string>
#include <string_view>

namespace gdas::model {

// A malformed genotype text. what() says where (1-based line:column when known) and why.
class GenotypeError : public std::runtime_error {
public:
    GenotypeError(const std::string &message, std::size_t offset = npos);
    std::size_t offset() const { return m_offset; }
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

private:
    std::size_t m_offset;
};

enum class GenotypeFormat { Json, DartsLiteral, Nb201String };

// Every writer validates first (GenotypeError); every reader validates what it read and points
// at the offending text. Formats and examples: docs/GENOTYPES.md.

// indent < 0: one line (for epochs.jsonl). A DARTS genotype without a reduce cell (GDAS-FRC)
// has no "reduce"/"reduce_concat"; NAS-Bench-201 has neither those nor "normal_concat".
// fromJson tolerates missing "format", "version" and "name"; without "space" it takes
// nas-bench-201 when neither "normal_concat" nor "reduce" is present, darts otherwise.
std::string toJson(const Genotype &g, int indent = 2);
Genotype fromJson(std::string_view text);

// Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=range(2, 6), reduce=[...], reduce_concat=range(2, 6))
// Also reads the dict that AutoDL-Projects prints ({'normal': [(('dua_sepc_3x3', 0), ...), ...], ...})
// with its op names (dua_sepc_KxK -> sep_conv_KxK, dil_sepc_KxK -> dil_conv_KxK). Reads either
// quote style, comments, lists or range(a, b), flat pairs or one tuple per node, a third
// (weight) element in a pair, an optional "NAME = " before it (taken as the name) and the
// bare "normal=..., normal_concat=..." fields. reduce=None means GDAS-FRC's fixed reduction
// cell; the writer writes lists and "reduce=None, reduce_concat=None" for it.
std::string toDartsLiteral(const Genotype &g);
Genotype fromDartsLiteral(std::string_view text);

// |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|
std::string toNb201String(const Genotype &g);
Genotype fromNb201String(std::string_view text);

std::string format(const Genotype &g, GenotypeFormat f);
GenotypeFormat formatByName(std::string_view name); // "json", "darts", "nb201"
// Detects the format from the text; throws GenotypeError.
Genotype parseGenotype(std::string_view text);

// NAME of a built-in cell, a path to a file holding any format, or the text itself, tried in
// that order. Errors from a file start with its path; a path that does not exist says so.
Genotype resolveGenotype(const std::string &nameFileOrText);

} // namespace gdas::model
