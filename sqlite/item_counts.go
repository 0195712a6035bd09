package sqlite

// CountRows is 1: an upsert of one row each. A statement of several rows
// may fail halfway, so SQLite opens a statement journal for it, and that
// savepoint makes FTS5 write out the search index it holds in memory for
// the transaction. With 50 rows a statement, CreateItem spent more CPU on
// its counts than on the item and its index (2.9 s against 2.1 s over
// 10,000 synthetic items, 1.9 s of it in FTS5's flushes); with one row,
// 0.9 s against 2.7 s. Many rows also cost more to prepare and bind:
// SQLite finds a parameter named $n in a list, work that grows with the
// square of their number (500 rows a statement: CreateItems spent 15.1 s
// on the counts against 10.0 s on the items over 40,000 items).
func (b backend) CountRows() int { return 1 }
