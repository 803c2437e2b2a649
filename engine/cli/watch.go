package cli

import (
	"crypto/sha256"
	"fmt"
	"os"
	"os/signal"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/config"
)

// watchPoll is how often --watch looks at the schema; a change is acted on
// once the files have stayed the same for one more poll (the debounce).
var watchPoll = 250 * time.Millisecond

// watchStop, when set (tests), stops --watch instead of Ctrl-C.
var watchStop chan struct{}

// watchGenerate is `ppy generate --watch`: generate, then again after every
// change of the schema's files, printing which files and blocks changed.
func (r *run) watchGenerate(schemaFlag, outFlag string, sql bool) int {
	proj, err := loadProject(r.cwd, r.env, r.secrets)
	if err != nil {
		return r.fail("%v", err)
	}
	path, err := proj.schemaPath(schemaFlag)
	if err != nil {
		return r.fail("%v", err)
	}
	stop := watchStop
	if stop == nil {
		// In-process under Python, whose handler cannot run while ppy
		// does: take SIGINT/SIGTERM for the watch, give them back after.
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		defer signal.Reset(os.Interrupt, syscall.SIGTERM)
		ch := make(chan struct{})
		go func() { <-sig; close(ch) }()
		stop = ch
	}
	r.generateOnce(schemaFlag, outFlag, sql)
	fmt.Fprintf(r.out, "\nWatching %s for changes (Ctrl-C to stop)...\n", proj.rel(path))
	snapshot := func() map[string]string {
		if sql {
			return snapshotSQL(path, snapshotSchema(path))
		}
		return snapshotSchema(path)
	}
	prev := snapshot()
	pending := map[string]string(nil)
	tick := time.NewTicker(watchPoll)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			fmt.Fprintln(r.out, "\nStopped watching.")
			return exitOK
		case <-tick.C:
		}
		cur := snapshot()
		switch {
		case pending != nil && sameFiles(cur, pending):
			// Stable for a poll: regenerate.
			fmt.Fprintf(r.out, "\nChange detected: %s\n", describeChanges(proj, prev, cur))
			r.generateOnce(schemaFlag, outFlag, sql)
			prev, pending = cur, nil
		case !sameFiles(cur, prev):
			pending = cur
		default:
			pending = nil
		}
	}
}

// snapshotSchema reads the schema's files (path -> text).
func snapshotSchema(path string) map[string]string {
	out := map[string]string{}
	files, err := config.SchemaFiles(path)
	if err != nil {
		return out
	}
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			out[f] = string(b)
		}
	}
	return out
}

func sameFiles(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || sha256.Sum256([]byte(v)) != sha256.Sum256([]byte(w)) {
			return false
		}
	}
	return true
}

var blockStart = regexp.MustCompile(`(?m)^\s*(model|enum|view|type|datasource|generator)\s+(\w+)\s*\{`)

// blocks maps "model User" to the block's text (up to its closing brace).
func blocks(files map[string]string) map[string]string {
	out := map[string]string{}
	for _, text := range files {
		for _, m := range blockStart.FindAllStringSubmatchIndex(text, -1) {
			name := text[m[2]:m[3]] + " " + text[m[4]:m[5]]
			end := strings.Index(text[m[1]:], "\n}")
			if end < 0 {
				end = len(text) - m[1]
			}
			out[name] = strings.Join(strings.Fields(text[m[0]:m[1]+end]), " ")
		}
	}
	return out
}

// describeChanges says which files changed and which blocks were added (+),
// removed (-) or changed (~).
func describeChanges(p *project, prev, cur map[string]string) string {
	var files []string
	for f, text := range cur {
		if old, ok := prev[f]; !ok || old != text {
			files = append(files, p.rel(f))
		}
	}
	for f := range prev {
		if _, ok := cur[f]; !ok {
			files = append(files, p.rel(f)+" (removed)")
		}
	}
	sort.Strings(files)
	before, after := blocks(prev), blocks(cur)
	var changes []string
	for name, text := range after {
		switch old, ok := before[name]; {
		case !ok:
			changes = append(changes, "+ "+name)
		case old != text:
			changes = append(changes, "~ "+name)
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			changes = append(changes, "- "+name)
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i][2:] < changes[j][2:] })
	msg := strings.Join(files, ", ")
	if len(changes) > 0 {
		msg += " (" + strings.Join(changes, ", ") + ")"
	}
	return msg
}
