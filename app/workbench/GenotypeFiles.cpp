#include "GenotypeFiles.h"

#include "model/RunRecord.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace gdas::app {

model::GenotypeFormat nativeFormat(const model::Genotype &genotype)
{
    return genotype.space == model::SpaceKind::NasBench201 ? model::GenotypeFormat::Nb201String
                                                           : model::GenotypeFormat::DartsLiteral;
}

bool formatSuits(const model::Genotype &genotype, model::GenotypeFormat format)
{
    switch (format) {
    case model::GenotypeFormat::Json:
        return true;
    case model::GenotypeFormat::DartsLiteral:
        return genotype.space == model::SpaceKind::Darts;
    case model::GenotypeFormat::Nb201String:
        return genotype.space == model::SpaceKind::NasBench201;
    }
    return false;
}

QString formatTitle(model::GenotypeFormat format)
{
    switch (format) {
    case model::GenotypeFormat::Json:
        return QCoreApplication::translate("GenotypeFiles", "JSON");
    case model::GenotypeFormat::DartsLiteral:
        return QCoreApplication::translate("GenotypeFiles", "DARTS literal");
    case model::GenotypeFormat::Nb201String:
        return QCoreApplication::translate("GenotypeFiles", "NAS-Bench-201 string");
    }
    return {};
}

QString formatSuffix(model::GenotypeFormat format)
{
    switch (format) {
    case model::GenotypeFormat::Json:
        return QStringLiteral("json");
    case model::GenotypeFormat::DartsLiteral:
        return QStringLiteral("py");
    case model::GenotypeFormat::Nb201String:
        return QStringLiteral("txt");
    }
    return {};
}

QString formatFileFilter(model::GenotypeFormat format)
{
    return QStringLiteral("%1 (*.%2)").arg(formatTitle(format), formatSuffix(format));
}

bool writeGenotypeFile(const QString &path, const model::Genotype &genotype, model::GenotypeFormat format,
                       QString *error)
{
    if (!formatSuits(genotype, format)) {
        if (error)
            *error = QCoreApplication::translate("GenotypeFiles", "%1: a %2 cell cannot be written as a %3")
                         .arg(QDir::toNativeSeparators(path),
                              QString::fromLatin1(model::toString(genotype.space).data(),
                                                  int(model::toString(genotype.space).size())),
                              formatTitle(format));
        return false;
    }
    QString text;
    try {
        text = QString::fromStdString(model::format(genotype, format));
    } catch (const std::exception &e) {
        if (error)
            *error = QCoreApplication::translate("GenotypeFiles", "%1: cannot write the genotype as %2 (%3)")
                         .arg(QDir::toNativeSeparators(path), formatTitle(format), QString::fromUtf8(e.what()));
        return false;
    }
    if (!text.endsWith(QLatin1Char('\n')))
        text += QLatin1Char('\n');
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(text.toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = QCoreApplication::translate("GenotypeFiles", "%1: cannot write (%2)")
                         .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

std::optional<model::Genotype> readGenotypeFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QCoreApplication::translate("GenotypeFiles", "%1: cannot open (%2)")
                         .arg(QDir::toNativeSeparators(path), file.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = file.readAll();
    try {
        model::Genotype genotype = model::parseGenotype(std::string_view(bytes.constData(), bytes.size()));
        if (genotype.name.empty())
            genotype.name = QFileInfo(path).completeBaseName().toStdString();
        return genotype;
    } catch (const std::exception &e) {
        if (error)
            *error = QCoreApplication::translate("GenotypeFiles", "%1: %2")
                         .arg(QDir::toNativeSeparators(path), QString::fromUtf8(e.what()));
        return std::nullopt;
    }
}

std::optional<model::Genotype> readRunGenotype(const QString &runDirectory, QString *error)
{
    try {
        const model::RunRecord record = model::readRunDirectory(runDirectory.toStdString());
        std::optional<model::Genotype> genotype = record.finalGenotype;
        if (!genotype && !record.epochs.empty())
            genotype = record.epochs.back().genotype;
        if (!genotype) {
            if (error)
                *error = QCoreApplication::translate(
                             "GenotypeFiles", "%1: the run has no genotype yet (no genotype.json, no finished epoch)")
                             .arg(QDir::toNativeSeparators(runDirectory));
            return std::nullopt;
        }
        if (genotype->name.empty())
            genotype->name = record.name.empty() ? QFileInfo(runDirectory).fileName().toStdString() : record.name;
        return genotype;
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return std::nullopt;
    }
}

} // namespace gdas::app
