package bridge

// Status is what an export returns for a transport failure (query errors
// travel inside the reply). The values are the ABI's: pybridge checks at
// compile time that caspian_prisma.h defines the same numbers, and the
// WebAssembly module returns these.
type Status = int32

const (
	StatusOK         Status = 0
	StatusBadHandle  Status = 1  // unknown or closed engine handle
	StatusBadChannel Status = 2  // unknown or closed channel
	StatusBusy       Status = 3  // the engine's in-flight bound is full
	StatusBadRequest Status = 4  // the buffer is not a valid envelope / config
	StatusOpen       Status = 5  // open failed; an error map is returned
	StatusDuplicate  Status = 6  // request id already in flight
	StatusSystem     Status = 7  // the OS refused
	StatusInternal   Status = 8  // a panic inside an export, recovered
	StatusLater      Status = 9  // try: not answered inline; submit it
	StatusNever      Status = 10 // try: this engine never answers inline
	StatusPending    Status = 11 // submit_wait: not answered in time; the reply will be queued
)
