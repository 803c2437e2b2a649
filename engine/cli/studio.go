//go:build !wasip1

package cli

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os/exec"
	"runtime"
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine"
	"github.com/caspian-prisma/caspian-prisma/engine/studio"
)

// studioStarted, when set (tests), is told the URL once the server listens;
// studioStop, when set, stops it instead of Ctrl-C.
var (
	studioStarted func(url string)
	studioStop    chan struct{}
)

// studio is `ppy studio`: serve the browse-and-edit page of engine/studio
// until Ctrl-C (r.ctx: the signal reaches Go's handler even though Python
// called us through ctypes, see Main) or SIGTERM.
func (r *run) studio(args []string) int {
	fs := flag.NewFlagSet("studio", flag.ContinueOnError)
	schemaFlag := fs.String("schema", "", "")
	port := fs.Int("port", studio.DefaultPort, "")
	fs.IntVar(port, "p", studio.DefaultPort, "")
	browser := fs.String("browser", "", "")
	fs.StringVar(browser, "b", "", "")
	hostname := fs.String("hostname", "127.0.0.1", "")
	if done, code := r.parseFlags(fs, studioHelp, args); done {
		return code
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(r.err, "Invalid value for --port: %d (0-65535; 0 picks a free port)\n\n%s", *port, studioHelp)
		return exitUsage
	}
	l, code, ok := r.load(*schemaFlag)
	if !ok {
		return code
	}
	if l.sch.Datasource == nil {
		return r.fail("The schema at %s has no datasource block: ppy studio needs a database to show.", l.proj.rel(l.path))
	}
	u, _, code, ok := r.datasource(l)
	if !ok {
		return code
	}
	eng, err := engine.Open(engine.Config{Schema: l.text, SchemaFile: l.proj.rel(l.path), URL: u.raw, Root: l.proj.root, LogQueries: true})
	if err != nil {
		return r.fail("%s", u.scrub(err.Error()))
	}
	defer eng.Close()
	// Connect now, so a wrong URL fails here and not in the browser.
	if _, err := eng.Handle(r.ctx, "engine.ping", map[string]any{"connect": true}); err != nil {
		return r.fail("%s", u.scrub(err.Error()))
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*hostname, strconv.Itoa(*port)))
	if err != nil {
		return r.fail("Could not listen on %s port %d: %v (is another ppy studio running? try --port)", *hostname, *port, err)
	}
	srv := studio.New(eng, l.sch, l.sch.Datasource.Provider, *hostname, "")
	host := *hostname
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	url := fmt.Sprintf("http://%s:%d/?token=%s", host, ln.Addr().(*net.TCPAddr).Port, srv.Token())
	if !studio.IsLoopback(*hostname) {
		fmt.Fprintf(r.err, "Warning: ppy studio listens on %s, which is reachable from other machines. Anyone with the URL (and its token) can read and change the database %s.\n", *hostname, u.masked())
	}
	fmt.Fprintf(r.out, "Prisma Studio is running at: %s\n(Ctrl-C to stop)\n", url)
	r.openBrowser(*browser, url)
	if studioStarted != nil {
		studioStarted(url)
	}
	ctx := r.ctx
	if studioStop != nil {
		c, cancel := contextWithStop(ctx, studioStop)
		defer cancel()
		ctx = c
	}
	if err := srv.Serve(ctx, ln); err != nil {
		return r.fail("ppy studio stopped: %v", err)
	}
	fmt.Fprintln(r.out, "Prisma Studio stopped.")
	return exitOK
}

// openBrowser opens url in name ("" = the system's default, "none" or
// BROWSER=none = do not). A failure is a note, not an error: the URL is
// printed.
func (r *run) openBrowser(name, url string) {
	if name == "" {
		name = r.env["BROWSER"]
	}
	if strings.EqualFold(name, "none") {
		return
	}
	var cmd *exec.Cmd
	switch {
	case name != "":
		cmd = exec.Command(name, url)
	case runtime.GOOS == "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	cmd.Dir = r.cwd
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(r.err, "Could not open a browser (%v); open the URL above yourself, or pass --browser none.\n", err)
		return
	}
	go func() { _ = cmd.Wait() }()
}

const studioHelp = `Browse and edit your database in the browser

Starts a local web server (in the engine: no Node needed) and opens its page:
the schema's models with their rows, filters, sorting, editing saved in one
transaction, and the Python call of every view. Every read and write goes
through the same query engine as the Python client. The database URL is
found as for ppy db push. Ctrl-C stops it.

The printed URL carries a random token, new on every run: the server refuses
API calls without it, and requests whose Host or Origin is not its own.

Usage

  $ ppy studio [options]

Options

  -h, --help             Show this help
  -p, --port PORT        The port to listen on (default 51212; 0 picks a free one)
  -b, --browser NAME     The browser to open the page in, or none (also
                         BROWSER=none); default: the system's default browser
      --hostname HOST    The address to listen on (default 127.0.0.1). Any
                         other than a loopback address exposes the database
                         to the network: ppy studio warns
      --schema FILE      The Prisma schema to use

Examples

  Open Studio on the default port
  $ ppy studio

  Print the URL only, on port 5555
  $ ppy studio --port 5555 --browser none
`

// contextWithStop is ctx, also done when stop is closed.
func contextWithStop(ctx context.Context, stop <-chan struct{}) (context.Context, context.CancelFunc) {
	c, cancel := context.WithCancel(ctx)
	go func() {
		select {
		case <-stop:
			cancel()
		case <-c.Done():
		}
	}()
	return c, cancel
}
