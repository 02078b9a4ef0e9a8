#pragma once

#include <QDoubleSpinBox>

namespace gdas::app {

// A double spin box that shows and accepts numbers like 3e-4 and 0.025 with six significant
// digits, for hyper-parameters whose magnitudes span many decades. Steps multiply or divide
// by the step factor (default 2) instead of adding.
class ScientificSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit ScientificSpinBox(QWidget *parent = nullptr);
    // One with the range [minimum, maximum].
    static ScientificSpinBox *create(double minimum, double maximum, QWidget *parent);

    void setStepFactor(double factor) { m_stepFactor = factor; }

    QString textFromValue(double value) const override;
    double valueFromText(const QString &text) const override;
    QValidator::State validate(QString &text, int &pos) const override;
    void fixup(QString &input) const override;
    void stepBy(int steps) override;

private:
    double m_stepFactor = 2.0;
};

} // namespace gdas::app
