#pragma once

#include <QObject>
#include <QString>

class QFormLayout;
class QWidget;

namespace gdas::app {

class ScientificSpinBox;

// What a search and a retraining share of their settings: the weights' SGD with its cosine
// schedule from lr to lrMin, and the gradient clip (engine::SearchConfig and
// engine::RetrainConfig name these fields alike).
struct WeightsOptimiserSettings {
    double lr = 0.0;
    double lrMin = 0.0;
    double momentum = 0.0;
    double weightDecay = 0.0;
    double gradClip = 0.0;

    template <typename Config>
    static WeightsOptimiserSettings of(const Config &config)
    {
        return {config.lr, config.lrMin, config.momentum, config.weightDecay, config.gradClip};
    }
    template <typename Config>
    void applyTo(Config &config) const
    {
        config.lr = lr;
        config.lrMin = lrMin;
        config.momentum = momentum;
        config.weightDecay = weightDecay;
        config.gradClip = gradClip;
    }
};

// The rows of WeightsOptimiserSettings that the New Search and Retrain dialogs share: learning
// rate, final learning rate, momentum, weight decay and gradient clip.
class WeightsOptimiserRows : public QObject {
    Q_OBJECT
public:
    // Adds the rows to `form`; the spin boxes, and this, are `page`'s children. The gradient
    // clip's row is labelled by the dialog (the search's label names the norm it clips).
    WeightsOptimiserRows(QFormLayout *form, QWidget *page, const QString &gradientClipLabel);

    WeightsOptimiserSettings settings() const;
    void setSettings(const WeightsOptimiserSettings &settings);

private:
    ScientificSpinBox *m_lr;
    ScientificSpinBox *m_lrMin;
    ScientificSpinBox *m_momentum;
    ScientificSpinBox *m_weightDecay;
    ScientificSpinBox *m_gradClip;
};

} // namespace gdas::app
