// Must not compile: no widget includes a LibTorch header.
#include "widgets/CellGraphView.h"
#include <torch/torch.h>
