/*
 * caspian_prisma.h: the C boundary of libcaspian_prisma (ABI version 1).
 *
 * This hand-written header is the contract; pybridge/main.go includes it in
 * its cgo preamble so the compiler checks every export against it. Python
 * (caspian_prisma/_native.py) declares the same signatures with ctypes.
 *
 * Model: an engine handle answers requests; a channel is one eventfd plus a
 * queue of completions and belongs to one asyncio event loop. cp_submit never
 * blocks: the request runs on a goroutine, its reply is queued on the channel
 * and the eventfd is written (writes coalesce). cp_poll drains the queue.
 *
 * Buffers: every buffer the library hands out was allocated with malloc and
 * must be released with cp_free. The library keeps no pointer to a caller's
 * buffer after a call returns.
 *
 * Wire format (msgpack) of requests, replies and the cp_poll batch: see
 * abi/envelope.go and the fixtures in abi/testdata/.
 *
 * Limits on input buffers (cp_open, cp_submit, cp_call, cp_cli): before
 * decoding, every buffer is walked and refused, without allocating what it
 * declares, when a str/bin/ext length or an array/map count exceeds the
 * bytes that follow it, or when it is over one of these limits (abi/limits.go,
 * where each value is explained; abi/README.md):
 *   CP_MAX_ENVELOPE_BYTES   268435456  bytes in one buffer (256 MiB)
 *   CP_MAX_DEPTH                  512  nested arrays/maps
 *   CP_MAX_CONTAINER_LEN      4194304  elements of one array / entries of one map
 *   CP_MAX_DECODED_BYTES   1073741824  estimated memory of the decoded value (1 GiB)
 * A refused buffer is CP_ERR_BAD_REQUEST (cp_submit, cp_call), CP_ERR_OPEN
 * with an error map (cp_open) or exit code 2 (cp_cli), with the reason on
 * stderr; never a crash of the host process.
 *
 * debug.panic and debug.sleep (test-only methods) are answered only by a
 * library built with -tags caspian_debug (make build-debug); the shipped one
 * reports them as unknown methods.
 */
#ifndef CASPIAN_PRISMA_H
#define CASPIAN_PRISMA_H

#include <stddef.h>
#include <stdint.h>

/* Status codes returned by the exports (transport failures only; query
 * errors travel inside the reply as {"error": {code, message, meta}}). */
#define CP_OK 0
#define CP_ERR_BAD_HANDLE 1  /* unknown or closed engine handle */
#define CP_ERR_BAD_CHANNEL 2 /* unknown or closed channel */
#define CP_ERR_BUSY 3        /* the engine's in-flight bound is full; retry later */
#define CP_ERR_BAD_REQUEST 4 /* the buffer is not a valid envelope / config */
#define CP_ERR_OPEN 5        /* cp_open failed; *out_err holds an error map */
#define CP_ERR_DUPLICATE 6   /* request id already in flight on this engine */
#define CP_ERR_SYSTEM 7      /* the OS refused (eventfd, write) */
#define CP_ERR_INTERNAL 8    /* a panic inside an export, recovered */
#define CP_LATER 9           /* cp_try: not answered inline; cp_submit it */
#define CP_NEVER 10          /* cp_try, cp_submit_wait: this engine never answers inline */
#define CP_PENDING 11        /* cp_submit_wait: submitted; the reply will be queued */

/* Input limits (see above); keep in step with abi/limits.go. */
#define CP_MAX_ENVELOPE_BYTES 268435456u /* abi.MaxEnvelopeBytes */
#define CP_MAX_DEPTH 512                 /* abi.MaxDepth */
#define CP_MAX_CONTAINER_LEN 4194304u    /* abi.MaxContainerLen */
#define CP_MAX_DECODED_BYTES 1073741824u /* abi.MaxDecodedBytes */

/* The ABI version this library implements (abi.Version). */
uint32_t cp_version(void);

/* Open an engine from a msgpack map {schema, schema_file, url, root,
 * log_queries, max_in_flight}. Does not connect to the database.
 * On CP_ERR_OPEN, *out_err/*out_err_len hold a msgpack map {code, message,
 * meta} to be released with cp_free. */
int32_t cp_open(uint8_t *cfg, size_t len, uint64_t *out_handle, uint8_t **out_err,
                size_t *out_err_len);

/* Close an engine: cancels its in-flight requests (their replies, CANCELED
 * errors, still arrive on their channels) and releases its pool. */
int32_t cp_close(uint64_t handle);

/* Create a channel: an eventfd (EFD_NONBLOCK|EFD_CLOEXEC) that becomes
 * readable when completions are queued. The library owns the fd. */
int32_t cp_channel_open(uint64_t *out_channel, int32_t *out_fd);

/* Close a channel and its eventfd. Replies still running for it are dropped. */
int32_t cp_channel_close(uint64_t channel);

/* Start one request (a msgpack envelope {method, params, log?}; log: true
 * asks for the request's SQL statements in the reply's "log", as an engine
 * opened with log_queries gives for every request); its reply will be
 * queued on channel under request_id. Returns at once. request_id must be
 * unique among the engine's in-flight requests. */
int32_t cp_submit(uint64_t engine, uint64_t channel, uint64_t request_id, uint8_t *buf,
                  size_t len);

/* Answer one request on the calling thread when the engine can without
 * waiting: on an in-process database (SQLite), a read with an idle
 * connection (in an interactive transaction, with the transaction's
 * connection free) or, outside one, a write with the writer free (in a
 * transaction of its own), interrupted and undone after a bound
 * (engine.InlineBudget, 1 ms). On
 * CP_OK, *out_buf/*out_len hold the msgpack reply (release with cp_free);
 * CP_LATER: nothing was done, cp_submit the request; CP_NEVER: the same,
 * and this engine never answers inline (a database server). Added after
 * ABI version 1 without a bump: a caller finding no cp_try submits. */
int32_t cp_try(uint64_t engine, uint8_t *buf, size_t len, uint8_t **out_buf, size_t *out_len);

/* cp_submit, then wait on the calling thread up to the engine's inline
 * budget (engine.InlineBudget, 1 ms) for the reply: CP_OK with the reply in
 * *out_buf/*out_len (release with cp_free; nothing is queued for it), or
 * CP_PENDING: the request runs on and its reply will be queued on channel
 * under request_id, as cp_submit's. The request is never interrupted.
 * CP_NEVER: nothing started, the engine's database is a server (cp_submit
 * it, and do not ask again). Other statuses are cp_submit's, nothing
 * started. Added after ABI version 1 without a bump: a caller finding no
 * cp_submit_wait submits. */
int32_t cp_submit_wait(uint64_t engine, uint64_t channel, uint64_t request_id, uint8_t *buf,
                       size_t len, uint8_t **out_buf, size_t *out_len);

/* Drain every queued completion of channel as one msgpack array of
 * [request_id, reply_bytes] pairs (reply_bytes: bin holding a msgpack reply).
 * Nothing queued: CP_OK with *out_buf = NULL and *out_len = 0. */
int32_t cp_poll(uint64_t channel, uint8_t **out_buf, size_t *out_len);

/* Release a buffer returned by cp_open, cp_poll or cp_call. NULL is fine. */
void cp_free(void *ptr);

/* Cancel an in-flight request: its context is canceled so the query is
 * aborted and its connection freed. Unknown ids are ignored (the request may
 * have just finished). */
int32_t cp_cancel(uint64_t engine, uint64_t request_id);

/* Answer one envelope method that needs no engine (config.resolve: where
 * the project is and which database URL it uses), synchronously. On CP_OK,
 * *out_buf/*out_len hold a msgpack reply {"ok": ...} or {"error": {code,
 * message, meta}} to be released with cp_free. */
int32_t cp_call(uint8_t *buf, size_t len, uint8_t **out_buf, size_t *out_len);

/* Run the `ppy` command line from a msgpack map {args: [str], env: {str: str},
 * cwd: str}, writing to the process's stdout/stderr. Returns the exit code. */
int32_t cp_cli(uint8_t *buf, size_t len);

#endif /* CASPIAN_PRISMA_H */
