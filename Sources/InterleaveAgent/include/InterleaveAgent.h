// Interleave's agent has no API to call: `interleave exec` loads it into a program with
// LD_PRELOAD, where it interposes the Swift concurrency runtime's entry points (see
// agent.h beside the sources, and AgentWire.h for the stream it writes).
#pragma once
