#include "ScientificSpinBox.h"

#include <QLocale>

#include <cmath>
#include <limits>

namespace gdas::app {

ScientificSpinBox::ScientificSpinBox(QWidget *parent) : QDoubleSpinBox(parent)
{
    // QDoubleSpinBox rounds values to decimals(); keep every digit a user can type.
    setDecimals(15);
    setRange(0.0, std::numeric_limits<double>::max());
    setKeyboardTracking(false);
}

ScientificSpinBox *ScientificSpinBox::create(double minimum, double maximum, QWidget *parent)
{
    auto *spin = new ScientificSpinBox(parent);
    spin->setRange(minimum, maximum);
    return spin;
}

QString ScientificSpinBox::textFromValue(double value) const
{
    QString text = locale().toString(value, 'g', 6);
    text.remove(locale().groupSeparator());
    return text;
}

double ScientificSpinBox::valueFromText(const QString &text) const
{
    bool ok = false;
    const double v = locale().toDouble(text.trimmed(), &ok);
    return ok ? v : value();
}

QValidator::State ScientificSpinBox::validate(QString &text, int &) const
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return QValidator::Intermediate;
    bool ok = false;
    const double v = locale().toDouble(t, &ok);
    if (ok)
        return (v >= minimum() && v <= maximum()) ? QValidator::Acceptable : QValidator::Intermediate;
    // Half-typed exponents and signs ("3e", "3e-", "-") may still become numbers.
    static const QString partial = QStringLiteral("0123456789eE+-") + locale().decimalPoint();
    for (const QChar c : t)
        if (!partial.contains(c))
            return QValidator::Invalid;
    return QValidator::Intermediate;
}

void ScientificSpinBox::fixup(QString &input) const { input = textFromValue(value()); }

void ScientificSpinBox::stepBy(int steps)
{
    double v = value();
    if (v == 0.0) {
        v = steps > 0 ? singleStep() : 0.0;
    } else {
        v *= std::pow(m_stepFactor, steps);
    }
    setValue(qBound(minimum(), v, maximum()));
}

} // namespace gdas::app
