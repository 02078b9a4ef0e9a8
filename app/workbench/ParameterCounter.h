#pragma once

#include "model/Genotype.h"

#include <QHash>
#include <QObject>
#include <QString>

namespace gdas::app {

// Parameter counts of genotypes' evaluation networks (engine::describeNetwork, as the papers
// count them: no auxiliary head), computed on the thread pool because building a 20-cell
// network takes a moment, and cached by (genotype, C, layers).
class ParameterCounter : public QObject {
    Q_OBJECT
public:
    explicit ParameterCounter(QObject *parent = nullptr);

    // The cached count, or -1 while unknown (a computation is then started, and counted()
    // follows). `channels`/`layers` 0: the space's defaults (DARTS C=36, 20 cells;
    // NAS-Bench-201 C=16, N=5).
    qint64 parameters(const model::Genotype &genotype, int channels, int layers);
    QString problem(const model::Genotype &genotype, int channels, int layers) const;

    // Synchronous, on the calling thread; -1 and `error` when the network cannot be built.
    static qint64 count(const model::Genotype &genotype, int channels, int layers, QString *error);

signals:
    void counted();

private:
    static QString key(const model::Genotype &genotype, int channels, int layers);
    QHash<QString, qint64> m_counts;
    QHash<QString, QString> m_problems;
    QHash<QString, bool> m_pending;
};

} // namespace gdas::app
