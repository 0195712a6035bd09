package main

import (
	"fmt"
	"io"
)

func reportBatch(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "gongkai report batch: not yet available")
	return 2
}
