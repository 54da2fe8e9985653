// Package main is a Go host of reentry through cgo: the C ABI of
// capi/reentry.h, called directly. This file wraps it; main.go uses it.
//
// Build and run (examples/go/check.sh, the ctest example_go, does this
// offline: GOPROXY=off, no module needed but the standard library):
//
//	cd examples/go && CGO_LDFLAGS="-L$PWD/../../build -Wl,-rpath,$PWD/../../build" go build -o score . && ./score
//
// or, against an installed reentry: CGO_CFLAGS/CGO_LDFLAGS from
// `pkg-config --cflags --libs reentry`.
package main

/*
#cgo CFLAGS: -I${SRCDIR}/../../capi
#cgo LDFLAGS: -lreentry_c
#include <stdlib.h>
#include "reentry.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Error is a failed call: the status (an absl::StatusCode number), the
// message and the request field it is about.
type Error struct {
	Code    int
	Message string
	Field   string
}

func (e *Error) Error() string { return fmt.Sprintf("status %d: %s", e.Code, e.Message) }

// Engine is a reentry engine; one may be shared by any number of goroutines.
type Engine struct{ handle *C.reentry_engine }

// NewEngine creates an engine with the builtin definitions.
func NewEngine() (*Engine, error) {
	var handle *C.reentry_engine
	var cerr *C.reentry_error
	if status := C.reentry_engine_create_with(nil, &handle, &cerr); status != C.REENTRY_OK {
		return nil, takeError(cerr)
	}
	return &Engine{handle}, nil
}

// Close frees the engine; no call may be running on it.
func (e *Engine) Close() { C.reentry_engine_destroy(e.handle); e.handle = nil }

// Version is the library's version, e.g. "0.1.0".
func Version() string { return C.GoString(C.reentry_version()) }

// takeError copies a reentry_error into Go and frees it.
func takeError(cerr *C.reentry_error) *Error {
	defer C.reentry_error_free(cerr)
	return &Error{int(C.reentry_error_code(cerr)), C.GoString(C.reentry_error_message(cerr)),
		C.GoString(C.reentry_error_field(cerr))}
}

// CallJSON calls rpc `method` with a request in proto3 JSON. On failure the
// response is a reentry.v1.Error in JSON, returned here as the error text;
// the status and the whole error arrive with the call itself, so goroutines
// that move between threads lose nothing.
func (e *Engine) CallJSON(method string, request []byte) ([]byte, int, error) {
	cmethod := C.CString(method)
	defer C.free(unsafe.Pointer(cmethod))
	var creq *C.char
	if len(request) > 0 {
		creq = (*C.char)(C.CBytes(request)) // C memory: C never holds Go pointers
		defer C.free(unsafe.Pointer(creq))
	}
	var response *C.char
	var length C.size_t
	status := C.reentry_call_json(e.handle, cmethod, creq, C.size_t(len(request)), &response,
		&length)
	defer C.reentry_free(unsafe.Pointer(response)) // the library's buffer
	out := C.GoBytes(unsafe.Pointer(response), C.int(length))
	if status != C.REENTRY_OK {
		return out, int(status), fmt.Errorf("status %d: %s", int(status), out)
	}
	return out, 0, nil
}

// Columns holds a batch's inputs in C memory, which Go code fills through
// slices (Int32 and Bool8) and the library reads in place: cgo forbids C to
// hold pointers into Go memory, so the arrays live on the C side.
type Columns struct {
	rows    int
	columns []C.reentry_column
	owned   []unsafe.Pointer
}

// NewColumns prepares a batch of `rows` people.
func NewColumns(rows int) *Columns { return &Columns{rows: rows} }

func (c *Columns) add(item string, kind C.int, size int) unsafe.Pointer {
	data := C.calloc(C.size_t(c.rows), C.size_t(size))
	id := C.CString(item)
	c.owned = append(c.owned, data, unsafe.Pointer(id))
	c.columns = append(c.columns, C.reentry_column{item_id: id, _type: kind, data: data})
	return data
}

// Int32 adds an int32 column (counts, ages, choice indices) and returns it to fill.
func (c *Columns) Int32(item string) []int32 {
	return unsafe.Slice((*int32)(c.add(item, C.REENTRY_COLUMN_INT32, 4)), c.rows)
}

// Bool8 adds a yes/no column (0 or 1) and returns it to fill.
func (c *Columns) Bool8(item string) []uint8 {
	return unsafe.Slice((*uint8)(c.add(item, C.REENTRY_COLUMN_BOOL8, 1)), c.rows)
}

// Free releases the columns' C memory.
func (c *Columns) Free() {
	for _, p := range c.owned {
		C.free(p)
	}
	c.owned, c.columns = nil, nil
}

// ScaledScores scores every row with `instrument` through reentry_score_batch
// and returns the scaled score of `scale` for each row.
func (e *Engine) ScaledScores(instrument, scale string, columns *Columns, threads int) ([]int32, error) {
	out := C.calloc(C.size_t(columns.rows), 4)
	defer C.free(out)
	cinstrument, cscale := C.CString(instrument), C.CString(scale)
	defer C.free(unsafe.Pointer(cinstrument))
	defer C.free(unsafe.Pointer(cscale))
	// The arrays of structs the library reads also live in C memory.
	ccolumns := (*C.reentry_column)(C.calloc(C.size_t(len(columns.columns)),
		C.size_t(unsafe.Sizeof(C.reentry_column{}))))
	defer C.free(unsafe.Pointer(ccolumns))
	copy(unsafe.Slice(ccolumns, len(columns.columns)), columns.columns)
	output := (*C.reentry_scale_output)(C.calloc(1, C.size_t(unsafe.Sizeof(C.reentry_scale_output{}))))
	defer C.free(unsafe.Pointer(output))
	output.scale_id = cscale
	output.scaled_score = (*C.int32_t)(out)
	options := (*C.reentry_batch_options)(C.calloc(1, C.size_t(unsafe.Sizeof(C.reentry_batch_options{}))))
	defer C.free(unsafe.Pointer(options))
	options.size = C.size_t(unsafe.Sizeof(*options))
	options.threads = C.int(threads)
	var cerr *C.reentry_error
	status := C.reentry_score_batch(e.handle, cinstrument, options, ccolumns,
		C.size_t(len(columns.columns)), C.size_t(columns.rows), output, 1, &cerr)
	if status != C.REENTRY_OK {
		return nil, takeError(cerr)
	}
	return append([]int32(nil), unsafe.Slice((*int32)(out), columns.rows)...), nil
}
