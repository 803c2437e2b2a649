//go:build !caspian_debug

package engine

import "context"

// DebugMethods reports whether this build answers debug.panic and
// debug.sleep; the shipped library does not (see debug_methods.go).
const DebugMethods = false

// debugMethod answers nothing: debug.* methods are unknown in this build.
func debugMethod(context.Context, string, map[string]any) (handled bool, v any, err error) {
	return false, nil, nil
}
