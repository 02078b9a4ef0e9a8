#include "ParameterCounter.h"

#include "engine/NetworkInfo.h"
#include "model/GenotypeFormats.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>

namespace gdas::app {

ParameterCounter::ParameterCounter(QObject *parent) : QObject(parent) {}

QString ParameterCounter::key(const model::Genotype &genotype, int channels, int layers)
{
    return QString::fromStdString(model::toJson(genotype, -1)) + QStringLiteral("|%1|%2").arg(channels).arg(layers);
}

ParameterCounter::Sizes ParameterCounter::measure(const model::Genotype &genotype, int channels, int layers,
                                                  QString *error)
{
    try {
        engine::NetworkSpec spec;
        spec.genotype = genotype;
        spec.channels = channels;
        spec.layers = layers;
        const engine::NetworkInfo info = engine::describeNetwork(spec);
        return {info.parameters, info.multiplyAdds};
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return {};
    }
}

qint64 ParameterCounter::count(const model::Genotype &genotype, int channels, int layers, QString *error)
{
    return measure(genotype, channels, layers, error).parameters;
}

const ParameterCounter::Sizes *ParameterCounter::sizes(const model::Genotype &genotype, int channels, int layers)
{
    const QString k = key(genotype, channels, layers);
    if (auto it = m_counts.constFind(k); it != m_counts.constEnd())
        return &*it;
    if (m_problems.contains(k) || m_pending.contains(k))
        return nullptr;
    m_pending.insert(k, true);
    QPointer<ParameterCounter> self(this);
    QThreadPool::globalInstance()->start([self, k, genotype, channels, layers] {
        QString error;
        const Sizes n = measure(genotype, channels, layers, &error);
        // Back on the GUI thread; the counter may be gone by then.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, k, n, error] {
                if (!self)
                    return;
                self->m_pending.remove(k);
                if (n.parameters >= 0)
                    self->m_counts.insert(k, n);
                else
                    self->m_problems.insert(k, error);
                emit self->counted();
            },
            Qt::QueuedConnection);
    });
    return nullptr;
}

qint64 ParameterCounter::parameters(const model::Genotype &genotype, int channels, int layers)
{
    const Sizes *s = sizes(genotype, channels, layers);
    return s ? s->parameters : -1;
}

qint64 ParameterCounter::multiplyAdds(const model::Genotype &genotype, int channels, int layers)
{
    const Sizes *s = sizes(genotype, channels, layers);
    return s ? s->multiplyAdds : -1;
}

QString ParameterCounter::problem(const model::Genotype &genotype, int channels, int layers) const
{
    return m_problems.value(key(genotype, channels, layers));
}

} // namespace gdas::app
