package driver

import "encoding/hex"

// FormatUUID writes u in the canonical form, lower-case
// (https://www.rfc-editor.org/rfc/rfc9562#section-4): how a UUID column's
// value reaches the engine, and how the engine writes the uuid() ids it
// makes.
func FormatUUID(u [16]byte) string {
	dst := make([]byte, 0, 36)
	dst = hex.AppendEncode(dst, u[0:4])
	dst = append(dst, '-')
	dst = hex.AppendEncode(dst, u[4:6])
	dst = append(dst, '-')
	dst = hex.AppendEncode(dst, u[6:8])
	dst = append(dst, '-')
	dst = hex.AppendEncode(dst, u[8:10])
	dst = append(dst, '-')
	return string(hex.AppendEncode(dst, u[10:16]))
}
