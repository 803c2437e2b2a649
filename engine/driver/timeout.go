package driver

import (
	"context"
	"errors"
	"strconv"
	"time"
)

// socketTimeout is the cause of a statement's context that ran past the
// URL's socket_timeout.
type socketTimeout time.Duration

func (s socketTimeout) Error() string {
	return "the database server did not answer within socket_timeout (" +
		strconv.FormatFloat(time.Duration(s).Seconds(), 'f', -1, 64) + " s)"
}

// WithSocketTimeout bounds one statement by socket_timeout d (Prisma:
// "maximum number of seconds to wait until a single query terminates");
// d <= 0 leaves ctx alone. The adapter stops the statement as for any
// ended context, and reports it with SocketTimeoutErr.
func WithSocketTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeoutCause(ctx, d, socketTimeout(d))
}

// SocketTimeoutErr is the KindTimeout error (P1008) of a ctx that
// WithSocketTimeout ended, nil for any other ctx.
func SocketTimeoutErr(ctx context.Context) *Error {
	var st socketTimeout
	if ctx == nil || ctx.Err() == nil || !errors.As(context.Cause(ctx), &st) {
		return nil
	}
	return &Error{Kind: KindTimeout, Message: st.Error()}
}
