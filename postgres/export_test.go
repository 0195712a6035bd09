package postgres

// SetWalkWindows makes SearchMatches walk at most walk rows of the newest
// items for a page and count rows for a total, until the test ends.
func SetWalkWindows(t interface{ Cleanup(func()) }, walk, count int) {
	oldWalk, oldCount := walkWindow, countWindow
	walkWindow, countWindow = func(int) int { return walk }, count
	t.Cleanup(func() { walkWindow, countWindow = oldWalk, oldCount })
}
