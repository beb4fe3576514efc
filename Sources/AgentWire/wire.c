// AgentWire is a header (include/AgentWire.h) shared by the agent and the Swift decoder;
// SwiftPM wants a source file in every C target.
#include "AgentWire.h"
