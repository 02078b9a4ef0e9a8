#pragma once

#include "Genotype.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdas::model {

// Published cells, by the names the papers' code uses (DARTS_V1, DARTS_V2, GDAS_V1, GDAS_F1,
// SETN, NASNet, AmoebaNet, PNASNet, ENAS, NB201_ResNet, ...). Lookup is case-insensitive and
// also takes aliases (DARTS -> DARTS_V2, GDAS_FRC -> GDAS_F1, ENASNet -> ENAS); the genotype's
// name is the canonical one. NASNet, AmoebaNet, PNASNet, ENAS and SETN use ops from
// SearchSpace::extendedOps and/or five nodes; docs/GENOTYPES.md lists them all.
std::vector<std::string> builtinGenotypeNames();
std::optional<Genotype> builtinGenotype(std::string_view name);
std::string builtinGenotypeSource(std::string_view name); // paper/reference, for tooltips

} // namespace gdas::model
