// Package cputime reads the CPU time the process has used, for benchmarks
// against a database server on the same machine: their wall time is
// mostly the server's and the network's, the process's CPU time is the
// part the engine can change. It is imported by tests only and imports
// nothing of the engine.
package cputime

import "time"

// Process is the CPU time this process has used so far, user and system,
// all threads; 0 where the platform does not say.
func Process() time.Duration { return process() }
