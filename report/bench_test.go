package report

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"testing"
)

func benchReport(b *testing.B) (*Report, []byte) {
	data, err := os.ReadFile("../examples/example-2024.json")
	if err != nil {
		b.Fatal(err)
	}
	r, err := DecodeJSON(data)
	if err != nil {
		b.Fatal(err)
	}
	return r, data
}

func BenchmarkCheck(b *testing.B) {
	r, _ := benchReport(b)
	for b.Loop() {
		Check(r, r)
	}
}

func BenchmarkDecodeJSON(b *testing.B) {
	_, data := benchReport(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := DecodeJSON(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeJSON(b *testing.B) {
	r, _ := benchReport(b)
	for b.Loop() {
		EncodeJSON(io.Discard, r)
	}
}

// BenchmarkBaselineStdJSON is the baseline for the two above: the standard
// library decoding the same bytes into untyped values, with no checks.
func BenchmarkBaselineStdJSON(b *testing.B) {
	_, data := benchReport(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var v any
		if err := json.NewDecoder(bytes.NewReader(data)).Decode(&v); err != nil {
			b.Fatal(err)
		}
	}
}
