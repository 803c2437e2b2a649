package bridge

import (
	"bytes"
	"fmt"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/caspian-prisma/caspian-prisma/abi"
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

// DecodeBatch reads a batch EncodeBatch wrote, decoding each reply: what a
// host does with cp_poll's buffer (the Go tests of both forms use it).
func DecodeBatch(b []byte) (map[uint64]abi.Reply, error) {
	v, err := abi.Decode(b)
	if err != nil {
		return nil, err
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("a batch is an array, not %T", v)
	}
	out := make(map[uint64]abi.Reply, len(list))
	for _, p := range list {
		pair, ok := p.([]any)
		if !ok || len(pair) != 2 {
			return nil, fmt.Errorf("a batch entry is an [id, reply] pair, not %v", p)
		}
		id, ok1 := pair[0].(int64)
		raw, ok2 := pair[1].([]byte)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("a batch entry is an [id, reply] pair, not %v", p)
		}
		r, err := abi.DecodeReply(raw)
		if err != nil {
			return nil, err
		}
		out[uint64(id)] = r
	}
	return out, nil
}
