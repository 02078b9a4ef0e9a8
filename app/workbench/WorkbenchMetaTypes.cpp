#include "WorkbenchMetaTypes.h"

namespace gdas::app {

void registerWorkbenchMetaTypes()
{
    qRegisterMetaType<gdas::engine::SearchConfig>("gdas::engine::SearchConfig");
    qRegisterMetaType<gdas::engine::RunStarted>("gdas::engine::RunStarted");
    qRegisterMetaType<gdas::engine::StepMetrics>("gdas::engine::StepMetrics");
    qRegisterMetaType<gdas::engine::EpochReport>("gdas::engine::EpochReport");
    qRegisterMetaType<gdas::engine::RunOutcome>("gdas::engine::RunOutcome");
    qRegisterMetaType<gdas::model::Genotype>("gdas::model::Genotype");
    qRegisterMetaType<gdas::engine::RetrainConfig>("gdas::engine::RetrainConfig");
    qRegisterMetaType<gdas::engine::RetrainStarted>("gdas::engine::RetrainStarted");
    qRegisterMetaType<gdas::engine::RetrainStep>("gdas::engine::RetrainStep");
    qRegisterMetaType<gdas::engine::RetrainEpoch>("gdas::engine::RetrainEpoch");
    qRegisterMetaType<gdas::engine::RetrainOutcome>("gdas::engine::RetrainOutcome");
}

} // namespace gdas::app
