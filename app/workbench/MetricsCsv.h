#pragma once

#include "model/RunRecord.h"

#include <QString>

#include <vector>

namespace gdas::app {

// RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled.
QString csvField(const QString &text);

// metrics.jsonl as a table for spreadsheets and pandas: columns type, epoch, step, global_step,
// then every numeric key any row carries (sorted); a row lacking a key leaves its cell empty.
QString metricsCsv(const std::vector<model::MetricRow> &rows);
// False (and `error` naming the file and the problem) when the file cannot be written.
bool writeMetricsCsv(const QString &path, const std::vector<model::MetricRow> &rows, QString *error);

} // namespace gdas::app
