#pragma once

// What every genotype reader promises, checked on each input a fuzzer feeds it: the only
// exception is GenotypeError, and a genotype that was accepted is valid and survives a round
// trip through every text format that can hold it.

#include "model/GenotypeFormats.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace gdas::fuzz {

[[noreturn]] inline void violated(const char *what, const std::string &detail)
{
    std::fprintf(stderr, "fuzz invariant violated: %s\n%s\n", what, detail.c_str());
    std::abort();
}

inline void checkRoundTrips(const model::Genotype &g)
{
    try {
        g.validate();
    } catch (const model::GenotypeError &e) {
        violated("a reader accepted a genotype that validate() rejects", e.what());
    }
    std::string text;
    try {
        text = model::toJson(g);
        if (model::fromJson(text) != g)
            violated("JSON round trip changed the genotype", text);
        text = model::toJson(g, -1);
        if (model::fromJson(text) != g)
            violated("one-line JSON round trip changed the genotype", text);
        if (g.space == model::SpaceKind::NasBench201) {
            text = model::toNb201String(g);
            if (model::fromNb201String(text) != g)
                violated("NAS-Bench-201 string round trip changed the genotype", text);
        } else {
            text = model::toDartsLiteral(g);
            if (model::fromDartsLiteral(text) != g)
                violated("DARTS literal round trip changed the genotype", text);
        }
        if (model::parseGenotype(text) != g)
            violated("format detection read the written text differently", text);
    } catch (const model::GenotypeError &e) {
        violated("a written genotype could not be read back", text + "\n" + e.what());
    }
}

// Runs `read` on the input; GenotypeError is the documented refusal, anything else escapes to
// libFuzzer, which reports it as a crash with the input.
template <typename Read>
void readAndCheck(Read read)
{
    model::Genotype g;
    try {
        g = read();
    } catch (const model::GenotypeError &) {
        return;
    }
    checkRoundTrips(g);
}

} // namespace gdas::fuzz
