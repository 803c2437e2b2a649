package query

import (
	"reflect"
	"sort"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/request"
)

// Every action a call may name (engine/request) has an executor here, and
// no executor serves an action calls cannot name.
func TestEveryActionHasAnExecutor(t *testing.T) {
	var have []string
	for a := range actions {
		have = append(have, a)
	}
	sort.Strings(have)
	if want := request.Actions(); !reflect.DeepEqual(have, want) {
		t.Errorf("executors %v, request actions %v", have, want)
	}
}
