package report

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

// FuzzDecodeJSON: the decoder never panics; a failure is a *DecodeError
// naming a JSON path; a success encodes and decodes again to the same bytes.
func FuzzDecodeJSON(f *testing.F) {
	for _, p := range []string{"testdata/anxi-2020.json", "../examples/example-2024.json"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"schema":"gongkai/annual-report/v1","year":2021,"format":"2021"}`))
	f.Add([]byte(`[1,2]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeJSON(data)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || !strings.HasPrefix(de.Path, "$") || de.Msg == "" {
				t.Fatalf("error %v is not a DecodeError with a path", err)
			}
			return
		}
		var b bytes.Buffer
		if err := EncodeJSON(&b, r); err != nil {
			t.Fatalf("encoding a decoded report: %v", err)
		}
		r2, err := DecodeJSON(b.Bytes())
		if err != nil {
			t.Fatalf("decoding our own output: %v\n%s", err, b.String())
		}
		var b2 bytes.Buffer
		EncodeJSON(&b2, r2)
		if b.String() != b2.String() {
			t.Fatalf("second round trip differs")
		}
		Check(r, nil) // must not panic on any decoded report
	})
}
