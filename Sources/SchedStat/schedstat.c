// SchedStat is a header (include/SchedStat.h) read by the agent and by TaskTrace; SwiftPM
// wants a source file in every C target.
#include "SchedStat.h"
