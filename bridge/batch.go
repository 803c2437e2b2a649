package bridge

import (
	"bytes"

	"github.com/vmihailenco/msgpack/v5"
)

// Completion is one reply waiting for its host, under its request id.
type Completion struct {
	ID    uint64
	Reply []byte
}

// EncodeBatch encodes completions as cp_poll hands them over: a msgpack
// array of [request_id, reply_bytes] pairs (reply_bytes a bin holding the
// encoded reply).
func EncodeBatch(q []Completion) ([]byte, error) {
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	if err := enc.EncodeArrayLen(len(q)); err != nil {
		return nil, err
	}
	for _, c := range q {
		if err := enc.EncodeArrayLen(2); err != nil {
			return nil, err
		}
		if err := enc.EncodeUint(c.ID); err != nil {
			return nil, err
		}
		if err := enc.EncodeBytes(c.Reply); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}
