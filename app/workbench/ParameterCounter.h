#pragma once

#include "model/Genotype.h"

#include <QHash>
#include <QObject>
#include <QString>

namespace gdas::app {

// Parameter counts and multiply-adds of genotypes' evaluation networks (engine::describeNetwork,
// as the papers count them: no auxiliary head; one 32×32 image), computed on the thread pool
// because building a 20-cell network takes a moment, and cached by (genotype, C, layers).
class ParameterCounter : public QObject {
    Q_OBJECT
public:
    explicit ParameterCounter(QObject *parent = nullptr);

    // The cached count, or -1 while unknown (a computation is then started, and counted()
    // follows). `channels`/`layers` 0: the space's defaults (DARTS C=36, 20 cells;
    // NAS-Bench-201 C=16, N=5).
    qint64 parameters(const model::Genotype &genotype, int channels, int layers);
    // The same for the multiply-adds of one image in inference; -1 while unknown.
    qint64 multiplyAdds(const model::Genotype &genotype, int channels, int layers);
    QString problem(const model::Genotype &genotype, int channels, int layers) const;

    // Synchronous, on the calling thread; -1 and `error` when the network cannot be built.
    static qint64 count(const model::Genotype &genotype, int channels, int layers, QString *error);

signals:
    void counted();

private:
    struct Sizes {
        qint64 parameters = -1;
        qint64 multiplyAdds = -1;
    };
    static Sizes measure(const model::Genotype &genotype, int channels, int layers, QString *error);
    const Sizes *sizes(const model::Genotype &genotype, int channels, int layers);
    static QString key(const model::Genotype &genotype, int channels, int layers);
    QHash<QString, Sizes> m_counts;
    QHash<QString, QString> m_problems;
    QHash<QString, bool> m_pending;
};

} // namespace gdas::app
