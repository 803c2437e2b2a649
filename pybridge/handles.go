package main

import "github.com/caspian-prisma/caspian-prisma/bridge"

// The handles C holds: engines (shared with the WebAssembly module's
// form through bridge) and channels (this form's eventfd queues).
var (
	engines  = bridge.NewTable[*bridge.Engine]()
	channels = bridge.NewTable[*channel]()
)
