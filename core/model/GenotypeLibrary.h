#pragma once

#include "Genotype.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gdas::model {

// Published cells, by the names the papers' code uses (DARTS_V1, DARTS_V2, GDAS_V1, NASNet,
// AmoebaNet, PNASNet, ENAS, ...). Lookup is case-insensitive.
std::vector<std::string> builtinGenotypeNames();
std::optional<Genotype> builtinGenotype(std::string_view name);
std::string builtinGenotypeSource(std::string_view name);  // paper/reference, for tooltips

} // namespace gdas::model
