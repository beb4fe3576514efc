#include "CLinuxShims.h"

__thread void *interleave_thread_state_slot;
