#include "TextTable.h"

#include <algorithm>
#include <cstdio>

namespace gdas::model {

namespace {

std::size_t columnCount(const TextTable &t)
{
    std::size_t n = t.header.size();
    for (const auto &row : t.rows)
        n = std::max(n, row.size());
    return n;
}

bool rightAligned(const TextTable &t, std::size_t column)
{
    return column < t.rightAligned.size() && t.rightAligned[column];
}

std::string markdownCell(const std::string &text)
{
    std::string out;
    for (char ch : text) {
        if (ch == '|')
            out += "\\|";
        else if (ch == '\n')
            out += ' ';
        else
            out += ch;
    }
    return out.empty() ? " " : out;
}

bool startsWith(const std::string &s, std::size_t at, const char *prefix)
{
    return s.compare(at, std::char_traits<char>::length(prefix), prefix) == 0;
}

std::string latexText(const std::string &text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (startsWith(text, i, "\u00b1")) { // ±
            out += "$\\pm$";
            i += 1;
            continue;
        }
        if (startsWith(text, i, "\u00d7")) { // ×
            out += "$\\times$";
            i += 1;
            continue;
        }
        if (startsWith(text, i, "\u00b7")) { // ·
            out += "$\\cdot$";
            i += 1;
            continue;
        }
        if (startsWith(text, i, "\u2013")) { // –
            out += "--";
            i += 2;
            continue;
        }
        if (startsWith(text, i, "\u2192")) { // →
            out += "$\\rightarrow$";
            i += 2;
            continue;
        }
        switch (ch) {
        case '\\':
            out += "\\textbackslash{}";
            break;
        case '&':
        case '%':
        case '$':
        case '#':
        case '_':
        case '{':
        case '}':
            out += '\\';
            out += ch;
            break;
        case '~':
            out += "\\textasciitilde{}";
            break;
        case '^':
            out += "\\textasciicircum{}";
            break;
        case '<':
            out += "\\textless{}";
            break;
        case '>':
            out += "\\textgreater{}";
            break;
        case '|':
            out += "\\textbar{}";
            break;
        case '\n':
            out += ' ';
            break;
        default:
            out += ch;
        }
    }
    return out;
}

} // namespace

std::string toMarkdown(const TextTable &t)
{
    const std::size_t columns = columnCount(t);
    std::string out;
    if (!t.caption.empty())
        out += markdownCell(t.caption) + "\n\n";
    if (columns == 0)
        return out;
    const auto row = [&](const std::vector<std::string> &cells) {
        std::string line = "|";
        for (std::size_t c = 0; c < columns; ++c)
            line += " " + markdownCell(c < cells.size() ? cells[c] : std::string()) + " |";
        return line + "\n";
    };
    out += row(t.header);
    out += "|";
    for (std::size_t c = 0; c < columns; ++c)
        out += rightAligned(t, c) ? " ---: |" : " :--- |";
    out += "\n";
    for (const auto &r : t.rows)
        out += row(r);
    return out;
}

std::string toLatex(const TextTable &t)
{
    const std::size_t columns = columnCount(t);
    std::string spec;
    for (std::size_t c = 0; c < columns; ++c)
        spec += rightAligned(t, c) ? 'r' : 'l';
    const auto row = [&](const std::vector<std::string> &cells) {
        std::string line = "    ";
        for (std::size_t c = 0; c < columns; ++c) {
            if (c > 0)
                line += " & ";
            line += latexText(c < cells.size() ? cells[c] : std::string());
        }
        return line + " \\\\\n";
    };
    std::string out = "\\begin{table}[t]\n  \\centering\n";
    if (!t.caption.empty())
        out += "  \\caption{" + latexText(t.caption) + "}\n";
    if (!t.label.empty())
        out += "  \\label{" + t.label + "}\n";
    out += "  \\begin{tabular}{" + spec + "}\n    \\toprule\n";
    if (!t.header.empty())
        out += row(t.header) + "    \\midrule\n";
    for (const auto &r : t.rows)
        out += row(r);
    out += "    \\bottomrule\n  \\end{tabular}\n\\end{table}\n";
    return out;
}

std::string latexDocument(const TextTable &table)
{
    return "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage{booktabs}\n\\begin{document}\n" +
           toLatex(table) + "\\end{document}\n";
}

namespace {

std::size_t displayWidth(const std::string &text)
{
    std::size_t n = 0;
    for (unsigned char ch : text)
        if ((ch & 0xC0) != 0x80) // not a UTF-8 continuation byte
            ++n;
    return n;
}

std::string number(const std::optional<double> &value, int decimals)
{
    if (!value)
        return "\u2013";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, *value);
    return buffer;
}

} // namespace

std::string toText(const TextTable &t)
{
    const std::size_t columns = columnCount(t);
    std::vector<std::size_t> widths(columns, 0);
    const auto measure = [&](const std::vector<std::string> &cells) {
        for (std::size_t c = 0; c < cells.size(); ++c)
            widths[c] = std::max(widths[c], displayWidth(cells[c]));
    };
    measure(t.header);
    for (const auto &r : t.rows)
        measure(r);
    const auto line = [&](const std::vector<std::string> &cells) {
        std::string out;
        for (std::size_t c = 0; c < columns; ++c) {
            const std::string cell = c < cells.size() ? cells[c] : std::string();
            const std::string pad(widths[c] - displayWidth(cell), ' ');
            if (c > 0)
                out += "  ";
            out += rightAligned(t, c) ? pad + cell : cell + (c + 1 < columns ? pad : std::string());
        }
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        return out + "\n";
    };
    std::string out;
    if (!t.caption.empty())
        out += t.caption + "\n";
    if (!t.header.empty()) {
        out += line(t.header);
        std::size_t total = 0;
        for (std::size_t c = 0; c < columns; ++c)
            total += widths[c] + (c > 0 ? 2 : 0);
        out += std::string(total, '-') + "\n";
    }
    for (const auto &r : t.rows)
        out += line(r);
    return out;
}

TextTable cellTable(const std::vector<CellTableRow> &rows, const std::string &benchmarkDataset,
                    const std::string &caption)
{
    bool bench = false, search = false, note = false;
    for (const CellTableRow &r : rows) {
        bench = bench || r.benchmarkTest.has_value();
        search = search || r.searchValid.has_value();
        note = note || !r.note.empty();
    }
    TextTable t;
    t.caption = caption;
    t.header = {"Cell", "Params (M)", "Mult-Adds (M)"};
    t.rightAligned = {false, true, true};
    if (bench) {
        t.header.push_back(benchmarkDataset + " test (%)");
        t.rightAligned.push_back(true);
    }
    if (search) {
        t.header.push_back("Search valid (%)");
        t.rightAligned.push_back(true);
    }
    if (note) {
        t.header.push_back("Note");
        t.rightAligned.push_back(false);
    }
    for (const CellTableRow &r : rows) {
        std::vector<std::string> row{r.name, number(r.parametersM, 2), number(r.multiplyAddsM, 0)};
        if (bench)
            row.push_back(number(r.benchmarkTest, 2));
        if (search)
            row.push_back(number(r.searchValid, 2));
        if (note)
            row.push_back(r.note);
        t.rows.push_back(std::move(row));
    }
    return t;
}

} // namespace gdas::model
