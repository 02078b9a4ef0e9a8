#pragma once

#include "model/Genotype.h"

#include <QSize>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <vector>

class QGridLayout;
class QLabel;

namespace gdas::widgets {

class CellGraphView;

struct CompareEntry {
    QString label;
    model::Genotype genotype;
    qint64 parameters = -1; // -1: unknown (the app computes it with the engine)
};

// 2–4 genotypes side by side (normal and reduction cell of each), with their parameter
// counts. The first entry is the reference: an (op, input) pair of another entry that the
// reference's same node lacks is highlighted, and each entry gets a text summary of what
// differs ("normal node 2: sep_conv_3x3←0 vs dil_conv_5x5←1").
class GenotypeCompareView : public QWidget {
    Q_OBJECT
public:
    explicit GenotypeCompareView(QWidget *parent = nullptr);
    ~GenotypeCompareView() override;

    void setEntries(const std::vector<CompareEntry> &entries); // at most 4 are shown
    const std::vector<CompareEntry> &entries() const { return m_entries; }

    // Per node of `cell`: true where that (op, input) is missing from `reference`'s same node.
    static std::vector<std::vector<bool>> differingOps(const model::CellGenotype &cell,
                                                       const model::CellGenotype &reference);
    // Lines describing how `genotype` differs from `reference`; empty when the cells are equal.
    static QStringList differences(const model::Genotype &genotype, const model::Genotype &reference);

    QStringList summaries() const; // one text per entry, as shown
    CellGraphView *cellView(int entry, bool reduction) const;

    bool exportFigure(const QString &path, QSize size, QString *error = nullptr);

private:
    struct Column {
        QLabel *title = nullptr;
        CellGraphView *normal = nullptr;
        CellGraphView *reduction = nullptr;
        QLabel *summary = nullptr;
    };

    void rebuild();

    std::vector<CompareEntry> m_entries;
    std::vector<Column> m_columns;
    QStringList m_summaries;
    QGridLayout *m_grid = nullptr;
    QLabel *m_emptyNote = nullptr;
    QLabel *m_normalHeader = nullptr; // shown when a DARTS column has both cells
    QLabel *m_reductionHeader = nullptr;
};

} // namespace gdas::widgets
