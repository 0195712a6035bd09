// Package testenv finds what some tests need from outside the repository —
// Debian's chromium, LibreOffice, the real published reports in ../shared —
// and skips a test with a message saying how to get it when it is missing.
//
// A skip is never silent in CI: when the variable named for the thing is 1,
// or CI is set (as .ci/run does), a missing thing fails the test instead.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Missing skips tb with msg, or fails it when requireVar is "1" or CI is set.
func Missing(tb testing.TB, requireVar, msg string) {
	tb.Helper()
	if os.Getenv(requireVar) == "1" || os.Getenv("CI") != "" {
		tb.Fatalf("%s (required here: %s=1 or CI set)", msg, requireVar)
	}
	tb.Skip(msg)
}

// Chromium returns the path of Debian's chromium (GONGKAI_REQUIRE_BROWSER).
func Chromium(tb testing.TB) string {
	tb.Helper()
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	Missing(tb, "GONGKAI_REQUIRE_BROWSER", "chromium not found: apt-get install chromium")
	return ""
}

// Soffice returns the path of LibreOffice's soffice (GONGKAI_REQUIRE_OFFICE).
func Soffice(tb testing.TB) string {
	tb.Helper()
	p, err := exec.LookPath("soffice")
	if err != nil {
		Missing(tb, "GONGKAI_REQUIRE_OFFICE", "soffice not found: apt-get install libreoffice-writer-nogui")
	}
	return p
}

// Shared returns the directory of the shared third-party material
// (../shared beside the repository: the seed and the corpus of real
// published reports, which are never copied into the repository)
// (GONGKAI_REQUIRE_SHARED).
func Shared(tb testing.TB) string {
	tb.Helper()
	root, err := RepoRoot()
	if err == nil {
		dir := filepath.Join(root, "..", "shared")
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return dir
		}
	}
	Missing(tb, "GONGKAI_REQUIRE_SHARED", "../shared (the seed and the corpus of published reports) is not beside the repository")
	return ""
}

// RepoRoot returns the directory of go.mod above the working directory.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
