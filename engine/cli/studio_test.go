//go:build !wasip1

package cli

import (
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/studio"
)

func TestStudioHelpAndUsage(t *testing.T) {
	dir := t.TempDir()
	r := ppy(t, dir, nil, "studio", "--help")
	if r.code != 0 || !strings.Contains(r.out, "--hostname") || !strings.Contains(r.out, "51212") {
		t.Errorf("studio --help: %+v", r)
	}
	if r := ppy(t, dir, nil, "--help"); !strings.Contains(r.out, "studio") {
		t.Errorf("ppy --help does not list studio:\n%s", r.out)
	}
	if r := ppy(t, dir, nil, "studio", "--port", "70000"); r.code != 2 || !strings.Contains(r.errOut, "Invalid value for --port") {
		t.Errorf("studio --port 70000: %+v", r)
	}
}

// TestStudioPortTaken: a port in use is an error naming it, before any URL.
func TestStudioPortTaken(t *testing.T) {
	root := newProject(t, pageSchema)
	if r := ppy(t, root, map[string]string{}, "db", "push"); r.code != 0 {
		t.Fatalf("db push: %+v", r)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	r := ppy(t, root, map[string]string{}, "studio", "--port", port, "--browser", "none")
	if r.code != 1 || !strings.Contains(r.errOut, "Could not listen on 127.0.0.1 port "+port) || strings.Contains(r.out, "running at") {
		t.Errorf("port taken: %+v", r)
	}
}

// TestStudioServes starts ppy studio on the page's project (SQLite, a free
// port, no browser), asks the API with and without the URL's token, then
// stops it as Ctrl-C would.
func TestStudioServes(t *testing.T) {
	root := newProject(t, pageSchema)
	if r := ppy(t, root, map[string]string{}, "db", "push"); r.code != 0 {
		t.Fatalf("db push: %+v", r)
	}
	started := make(chan string, 1)
	studioStarted = func(url string) { started <- url }
	studioStop = make(chan struct{})
	defer func() { studioStarted, studioStop = nil, nil }()
	// --browser NAME runs NAME with the URL: a script that writes it down.
	opened := filepath.Join(root, "opened.txt")
	browser := filepath.Join(root, "browser.sh")
	write(t, browser, "#!/bin/sh\necho \"$1\" > "+opened+"\n")
	if err := os.Chmod(browser, 0o755); err != nil {
		t.Fatal(err)
	}
	var out, errOut syncBuf
	done := make(chan int, 1)
	go func() {
		done <- Main([]string{"studio", "--port", "0", "--browser", browser, "--hostname", "0.0.0.0"}, map[string]string{}, root, &out, &errOut)
	}()
	var url string
	select {
	case url = <-started:
	case code := <-done:
		t.Fatalf("studio exited with %d: %s %s", code, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "Prisma Studio is running at: "+url) {
		t.Errorf("the URL is not printed:\n%s", out.String())
	}
	if !strings.Contains(errOut.String(), "Warning: ppy studio listens on 0.0.0.0") {
		t.Errorf("no warning for a non-loopback hostname:\n%s", errOut.String())
	}
	// The browser script creates the file before it writes the URL: under
	// load the test can see it empty, so wait for the line.
	b, err := os.ReadFile(opened)
	for i := 0; i < 250 && !strings.HasSuffix(string(b), "\n"); i++ {
		time.Sleep(20 * time.Millisecond)
		b, err = os.ReadFile(opened)
	}
	if strings.TrimSpace(string(b)) != url {
		t.Errorf("the browser was not opened on %s: %q %v", url, b, err)
	}
	base, token, _ := strings.Cut(url, "/?token=")
	get := func(tok string) (int, string) {
		req, _ := http.NewRequest("GET", base+"/api/models", nil)
		if tok != "" {
			req.Header.Set(studio.TokenHeader, tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := get(""); code != 403 {
		t.Errorf("without the token: %d, want 403", code)
	}
	if code, body := get(token); code != 200 || !strings.Contains(body, `"name":"User"`) {
		t.Errorf("with the token: %d %s", code, body)
	}
	close(studioStop)
	if code := <-done; code != 0 || !strings.Contains(out.String(), "Prisma Studio stopped.") {
		t.Errorf("stop: code %d\n%s%s", code, out.String(), errOut.String())
	}
}
