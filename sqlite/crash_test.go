package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gongkai"
	"gongkai/sqlite"
	"gongkai/storetest"
)

const crashEnv = "GONGKAI_CRASH_HELPER_DB"

// crashWriters is the number of goroutines the helper appends with, each to
// its own request.
const crashWriters = 4

// TestHelperWriter is not a test: TestCrashSafety runs the test binary again
// with it, and it appends events to crashWriters requests until it is
// killed, printing "R<i> <version>" after each append that committed.
func TestHelperWriter(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("helper process for TestCrashSafety")
	}
	ctx := gongkai.WithActor(context.Background(), "crash-helper")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range crashWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("R%d", i)
			r, err := db.Request(ctx, id)
			if err != nil {
				fmt.Println("error", err)
				os.Exit(1)
			}
			for v := len(r.Events); ; v++ {
				e := gongkai.Event{Kind: "note", On: gongkai.MustParseDate("2024-03-02"), By: "clerk", Note: strings.Repeat("记", v%50)}
				if _, err := db.AppendEvents(ctx, id, v, e); err != nil {
					mu.Lock()
					fmt.Println("error", err)
					mu.Unlock()
					os.Exit(1)
				}
				mu.Lock()
				fmt.Printf("%s %d\n", id, v+1) // the version now acknowledged
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// TestCrashSafety kills a writing process with SIGKILL in the middle of a
// burst of appends, reopens the database and checks that it is intact and
// holds every append that was acknowledged.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a writer process")
	}
	ctx := gongkai.WithActor(context.Background(), "u-test")
	db := MustOpenDB(t)
	path := db.Path()
	storetest.MustCreateAgency(t, db, "county", "")
	for i := range crashWriters {
		storetest.MustCreateRequest(t, db, fmt.Sprintf("R%d", i), "county", "2024-03-01", i)
	}
	db.Close()

	for round := range 3 {
		acked := runWriterUntilKilled(t, path, 100+200*round)
		re, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		if _, err := sqlite.CheckFile(ctx, path); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for i := range crashWriters {
			id := fmt.Sprintf("R%d", i)
			r, err := re.Request(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Events) < acked[id] {
				t.Fatalf("round %d: %s has %d events, but version %d was acknowledged", round, id, len(r.Events), acked[id])
			}
			// Every stored append has its audit entry (same transaction).
			es, err := re.AuditEntries(ctx, gongkai.AuditFilter{Entity: gongkai.EntityRequest, EntityID: id})
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != len(r.Events) { // create + one entry per appended event
				t.Fatalf("round %d: %s has %d events but %d audit entries", round, id, len(r.Events), len(es))
			}
		}
		t.Logf("round %d: acknowledged %v; all present after SIGKILL", round, acked)
		re.Close()
	}
}

// runWriterUntilKilled starts TestHelperWriter on path, reads at least n
// acknowledgements, kills it with SIGKILL and returns the highest version
// acknowledged per request.
func runWriterUntilKilled(t *testing.T, path string, n int) map[string]int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[string]int{}
	sc := bufio.NewScanner(out)
	deadline := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	count := 0
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 || !strings.HasPrefix(f[0], "R") {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("helper: %s", sc.Text())
		}
		v, err := strconv.Atoi(f[1])
		if err != nil {
			t.Fatal(err)
		}
		acked[f[0]] = max(acked[f[0]], v)
		if count++; count == n {
			// Kill mid-burst: the writers are committing right now.
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Lines already written before the kill are acknowledgements too.
	cmd.Wait()
	if count < n {
		t.Fatalf("helper stopped after %d acknowledgements", count)
	}
	return acked
}
