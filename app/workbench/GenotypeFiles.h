#pragma once

#include "model/Genotype.h"
#include "model/GenotypeFormats.h"

#include <QString>

#include <optional>

namespace gdas::app {

// The format a genotype is usually written in: the DARTS literal for the DARTS space, the
// NAS-Bench-201 string for that space.
model::GenotypeFormat nativeFormat(const model::Genotype &genotype);
bool formatSuits(const model::Genotype &genotype, model::GenotypeFormat format);
QString formatTitle(model::GenotypeFormat format);      // "JSON", "DARTS literal", ...
QString formatFileFilter(model::GenotypeFormat format); // "JSON (*.json)"
QString formatSuffix(model::GenotypeFormat format);     // "json", "py", "txt"

// Writes `genotype` in `format` (a trailing newline added); false and `error` (naming the file
// and the problem) when the format does not suit the genotype or the file cannot be written.
bool writeGenotypeFile(const QString &path, const model::Genotype &genotype, model::GenotypeFormat format,
                       QString *error);

// A genotype from a file in any format; std::nullopt and `error` when it cannot be read.
std::optional<model::Genotype> readGenotypeFile(const QString &path, QString *error);

// The genotype a run directory found: genotype.json when it exists, else its last epoch's.
std::optional<model::Genotype> readRunGenotype(const QString &runDirectory, QString *error);

} // namespace gdas::app
