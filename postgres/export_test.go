package postgres

// SetWalkWindow makes SearchMatches walk rows of the newest items instead
// of walkWindow's, until the test ends.
func SetWalkWindow(t interface{ Cleanup(func()) }, rows int) {
	old := walkWindow
	walkWindow = func(int) int { return rows }
	t.Cleanup(func() { walkWindow = old })
}
