#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gdas::model {

// A table of text cells for papers and notes: the compare view's and a study's cells with
// their sizes and accuracies. Cells are written as given (format numbers before).
struct TextTable {
    std::vector<std::string> header;
    std::vector<bool> rightAligned; // per column (numbers); missing entries: left
    std::vector<std::vector<std::string>> rows;
    std::string caption; // optional
    std::string label;   // LaTeX \label (optional)
};

// GitHub-flavoured Markdown: a header row, an alignment row, one row per entry; '|' in a cell
// is escaped. The caption, when set, is a line of its own above the table.
std::string toMarkdown(const TextTable &table);

// A LaTeX table with booktabs rules (\toprule, \midrule, \bottomrule; needs \usepackage{booktabs}),
// text escaped for LaTeX; the characters ± and × become $\pm$ and $\times$.
std::string toLatex(const TextTable &table);

// A whole document around toLatex(table) that pdflatex compiles on its own.
std::string latexDocument(const TextTable &table);

// Plain text for a terminal: columns padded to their widest cell (counted in characters, not
// bytes), two spaces apart, a rule under the header.
std::string toText(const TextTable &table);

// One cell in a table of cells (the compare view's, a study's): its evaluation network's size as
// the papers count it (engine::describeNetwork: parameters without the auxiliary head, one
// image's multiply-adds), the benchmark's test accuracy where known, and the search's own final
// validation accuracy where the cell came from a search.
struct CellTableRow {
    std::string name;
    std::optional<double> parametersM;   // millions
    std::optional<double> multiplyAddsM; // millions
    std::optional<double> benchmarkTest; // percent
    std::optional<double> searchValid;   // percent
    std::string note;                    // e.g. "consensus, agreement 83%"
};

// Columns: Cell, Params (M), Mult-Adds (M), then "<benchmarkDataset> test (%)" and "Search valid
// (%)" and "Note" only where some row has a value; "–" for a value a row lacks.
TextTable cellTable(const std::vector<CellTableRow> &rows, const std::string &benchmarkDataset,
                    const std::string &caption);

} // namespace gdas::model
