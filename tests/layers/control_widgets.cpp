// Compiles: the widgets' own headers and the model's.
#include "model/RunRecord.h"
#include "widgets/AlphaHeatmap.h"
#include "widgets/CellGraphPanel.h"
#include "widgets/CurvePanel.h"
