#pragma once

#include "engine/RetrainSession.h"
#include "engine/SearchConfig.h"
#include "engine/SearchObserver.h"
#include "model/Genotype.h"
#include "model/RunRecord.h"

#include <QMetaType>

// Engine values travel in queued signals and QSignalSpy; both need them as QMetaTypes.
Q_DECLARE_METATYPE(gdas::engine::SearchConfig)
Q_DECLARE_METATYPE(gdas::engine::RunStarted)
Q_DECLARE_METATYPE(gdas::engine::StepMetrics)
Q_DECLARE_METATYPE(gdas::engine::EpochReport)
Q_DECLARE_METATYPE(gdas::engine::RunOutcome)
Q_DECLARE_METATYPE(gdas::model::Genotype)
Q_DECLARE_METATYPE(gdas::engine::RetrainConfig)
Q_DECLARE_METATYPE(gdas::engine::RetrainStarted)
Q_DECLARE_METATYPE(gdas::engine::RetrainStep)
Q_DECLARE_METATYPE(gdas::engine::RetrainEpoch)
Q_DECLARE_METATYPE(gdas::engine::RetrainOutcome)

namespace gdas::app {

// Registers the types above by their qualified names (idempotent).
void registerWorkbenchMetaTypes();

} // namespace gdas::app
