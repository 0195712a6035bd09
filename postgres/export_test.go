package postgres

// SetWalkWindow makes SearchMatches walk rows of the newest items instead
// of walkWindow's, until the test ends.
func SetWalkWindow(t interface{ Cleanup(func()) }, rows int) {
	old := walkWindow
	walkWindow = func(int) int { return rows }
	t.Cleanup(func() { walkWindow = old })
}

// SetCommonRows makes the fewest rows the statistics must give a word for
// SearchMatches not to count it rows, until the test ends.
func SetCommonRows(t interface{ Cleanup(func()) }, rows float64) {
	old := commonRows
	commonRows = func(int) float64 { return rows }
	t.Cleanup(func() { commonRows = old })
}

// SearchShortcuts returns how many searches were answered without
// counting.
func SearchShortcuts() int64 { return searchShortcuts.Load() }

// SetWalkCountRows makes walkCount check rows of the newest items, until
// the test ends.
func SetWalkCountRows(t interface{ Cleanup(func()) }, rows int) {
	old := walkCountRows
	walkCountRows = func(int) int { return rows }
	t.Cleanup(func() { walkCountRows = old })
}

// SearchWalkCounts returns how many searches were counted by walking.
func SearchWalkCounts() int64 { return searchWalkCounts.Load() }
