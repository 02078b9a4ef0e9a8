#pragma once

#include "model/Study.h"

#include <QString>

namespace gdas::app {

// A study as one table for spreadsheets and pandas: one row per seed per epoch -- columns seed,
// epoch (from 0, as in the run directories), every value the seeds' epoch rows carry (sorted by
// name), the benchmark's bench_valid and bench_test of that epoch's cell where any seed has
// them, and the cell itself (genotype: a NAS-Bench-201 string or a DARTS literal). A seed's
// epoch without some value leaves that cell empty.
QString studyCsv(const model::StudyRecord &study);

} // namespace gdas::app
