// The runtime speaks TraceModel's vocabulary (events, the log format, the folds), and its
// users (scenarios, the executable, tests) keep one import. Viewers import TraceModel alone.
@_exported import TraceModel
