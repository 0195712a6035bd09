package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// MarshalJSON writes the report in the open JSON format, keys in the order of
// the national format, one table row per line.
func (r *Report) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := r.writeJSON(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// EncodeJSON writes the report to w in the open JSON format, ending in a newline.
func EncodeJSON(w io.Writer, r *Report) error {
	var b bytes.Buffer
	if err := r.writeJSON(&b); err != nil {
		return err
	}
	b.WriteByte('\n')
	_, err := w.Write(b.Bytes())
	return err
}

func (r *Report) writeJSON(b *bytes.Buffer) error {
	if LayoutOf(r.Format) == nil {
		return fmt.Errorf("report: unknown format version %q", r.Format)
	}
	str := func(s string) { q, _ := json.Marshal(s); b.Write(q) }
	b.WriteString("{\n  \"schema\": ")
	str(Schema)
	b.WriteString(",\n  \"agency\": ")
	str(r.Agency)
	fmt.Fprintf(b, ",\n  \"year\": %d,\n  \"format\": ", r.Year)
	str(string(r.Format))
	for _, t := range r.Tables() {
		fmt.Fprintf(b, ",\n  %q: {", t.Def.Key)
		for i, row := range t.Def.Rows {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(b, "\n    %q: {", row.ID)
			for j, c := range row.Columns {
				if j > 0 {
					b.WriteString(", ")
				}
				v := t.vals[i][j]
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return fmt.Errorf("report: %s is not a number", CellPath(t.Def, row.ID, c.ID))
				}
				fmt.Fprintf(b, "%q: %s", c.ID, FormatNumber(v))
			}
			b.WriteByte('}')
		}
		b.WriteString("\n  }")
	}
	b.WriteString(",\n  \"narrative\": {\"overview\": ")
	str(r.Narrative.Overview)
	b.WriteString(", \"problems\": ")
	str(r.Narrative.Problems)
	b.WriteString(", \"other\": ")
	str(r.Narrative.Other)
	b.WriteString("}")
	if len(r.Facts) > 0 {
		b.WriteString(",\n  \"facts\": [")
		for i, f := range r.Facts {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n    {\"quantity\": ")
			str(f.Quantity)
			fmt.Fprintf(b, ", \"value\": %s, \"text\": ", FormatNumber(f.Value))
			str(f.Text)
			b.WriteByte('}')
		}
		b.WriteString("\n  ]")
	}
	if len(r.SourceText) > 0 {
		keys := make([]string, 0, len(r.SourceText))
		for k := range r.SourceText {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString(",\n  \"source_text\": {")
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n    ")
			str(k)
			b.WriteString(": ")
			str(r.SourceText[k])
		}
		b.WriteString("\n  }")
	}
	b.WriteString(",\n  \"findings\": [")
	for i, f := range r.Findings {
		if i > 0 {
			b.WriteByte(',')
		}
		q, err := json.Marshal(f)
		if err != nil {
			return err
		}
		b.WriteString("\n    ")
		b.Write(q)
	}
	if len(r.Findings) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}")
	return nil
}

// DecodeError is a problem with a JSON document, at a JSON path such as
// "$.requests.granted.total".
type DecodeError struct {
	Path string
	Msg  string
}

func (e *DecodeError) Error() string { return e.Path + ": " + e.Msg }

func derr(path, format string, args ...any) error {
	return &DecodeError{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// DecodeJSON reads one report in the open JSON format, strictly: an unknown
// key, a missing row or column, a row of the other version, a wrong type or a
// non-integer count is a *DecodeError naming the JSON path.
func DecodeJSON(data []byte) (*Report, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		return nil, derr("$", "not valid JSON: %v", err)
	}
	if dec.More() {
		return nil, derr("$", "more than one JSON value")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, derr("$", "unexpected data after the document")
	}
	obj, ok := top.(map[string]any)
	if !ok {
		return nil, derr("$", "expected an object, got %s", typeName(top))
	}
	allowed := map[string]bool{"schema": true, "agency": true, "year": true, "format": true, "proactive": true,
		"requests": true, "appeals": true, "narrative": true, "facts": true, "source_text": true, "findings": true}
	if err := unknownKeys("$", obj, allowed); err != nil {
		return nil, err
	}
	for _, k := range []string{"schema", "year", "format", "proactive", "requests", "appeals"} {
		if _, ok := obj[k]; !ok {
			return nil, derr("$", "missing key %q", k)
		}
	}
	schema, err := getString("$.schema", obj["schema"])
	if err != nil {
		return nil, err
	}
	if schema != Schema {
		return nil, derr("$.schema", "unknown schema %q, want %q", schema, Schema)
	}
	year, err := getInt("$.year", obj["year"])
	if err != nil {
		return nil, err
	}
	if year < 2008 || year > 2100 {
		return nil, derr("$.year", "year %d is out of range", year)
	}
	format, err := getString("$.format", obj["format"])
	if err != nil {
		return nil, err
	}
	v := Version(format)
	if !v.Known() {
		return nil, derr("$.format", "unknown format %q (want \"2019\" or \"2021\")", format)
	}
	r := New(int(year), v)
	if a, ok := obj["agency"]; ok {
		if r.Agency, err = getString("$.agency", a); err != nil {
			return nil, err
		}
	}
	for _, t := range r.Tables() {
		if err := decodeTable("$."+t.Def.Key, obj[t.Def.Key], t); err != nil {
			return nil, err
		}
	}
	if n, ok := obj["narrative"]; ok {
		if err := decodeNarrative(n, &r.Narrative); err != nil {
			return nil, err
		}
	}
	if f, ok := obj["facts"]; ok {
		if r.Facts, err = decodeFacts(f); err != nil {
			return nil, err
		}
	}
	if s, ok := obj["source_text"]; ok {
		m, ok := s.(map[string]any)
		if !ok {
			return nil, derr("$.source_text", "expected an object, got %s", typeName(s))
		}
		r.SourceText = map[string]string{}
		for k, v := range m {
			p := "$.source_text." + k
			if _, ok := r.Cell(k); !ok {
				return nil, derr(p, "%q is not a cell of the %s format", k, r.Format)
			}
			if r.SourceText[k], err = getString(p, v); err != nil {
				return nil, err
			}
		}
	}
	if f, ok := obj["findings"]; ok {
		if r.Findings, err = decodeFindings(f); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func decodeTable(path string, v any, t *Table) error {
	obj, ok := v.(map[string]any)
	if !ok {
		return derr(path, "expected an object, got %s", typeName(v))
	}
	for k := range obj {
		if t.Def.Row(k) != nil {
			continue
		}
		if other := otherVersionHas(t.Def, k); other != "" {
			return derr(path+"."+k, "row %q belongs to the %s format, not this one", k, other)
		}
		return derr(path+"."+k, "unknown row %q", k)
	}
	for i, row := range t.Def.Rows {
		rp := path + "." + row.ID
		rv, ok := obj[row.ID]
		if !ok {
			return derr(path, "missing row %q", row.ID)
		}
		cells, ok := rv.(map[string]any)
		if !ok {
			return derr(rp, "expected an object, got %s", typeName(rv))
		}
		for k := range cells {
			if row.ColumnIndex(k) < 0 {
				return derr(rp+"."+k, "unknown column %q", k)
			}
		}
		for j, c := range row.Columns {
			cp := rp + "." + c.ID
			cv, ok := cells[c.ID]
			if !ok {
				return derr(rp, "missing column %q", c.ID)
			}
			n, ok := cv.(json.Number)
			if !ok {
				return derr(cp, "expected a number, got %s", typeName(cv))
			}
			f, err := strconv.ParseFloat(string(n), 64)
			if err != nil || math.IsInf(f, 0) {
				return derr(cp, "%s is not a usable number", n)
			}
			if c.Kind != Amount && f != math.Trunc(f) {
				return derr(cp, "a count must be an integer, got %s", n)
			}
			if c.Kind != Amount && math.Abs(f) > 1<<53 {
				return derr(cp, "%s is too large for a count", n)
			}
			t.vals[i][j] = f
		}
	}
	return nil
}

func otherVersionHas(def *TableDef, row string) Version {
	for _, v := range Versions {
		if l := LayoutOf(v); l.Table(def.ID).Row(row) != nil {
			return v
		}
	}
	return ""
}

func decodeNarrative(v any, n *Narrative) error {
	obj, ok := v.(map[string]any)
	if !ok {
		return derr("$.narrative", "expected an object, got %s", typeName(v))
	}
	if err := unknownKeys("$.narrative", obj, map[string]bool{"overview": true, "problems": true, "other": true}); err != nil {
		return err
	}
	var err error
	for k, dst := range map[string]*string{"overview": &n.Overview, "problems": &n.Problems, "other": &n.Other} {
		if s, ok := obj[k]; ok {
			if *dst, err = getString("$.narrative."+k, s); err != nil {
				return err
			}
		}
	}
	return nil
}

func decodeFacts(v any) ([]Fact, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, derr("$.facts", "expected an array, got %s", typeName(v))
	}
	facts := make([]Fact, 0, len(arr))
	for i, e := range arr {
		p := fmt.Sprintf("$.facts[%d]", i)
		obj, ok := e.(map[string]any)
		if !ok {
			return nil, derr(p, "expected an object, got %s", typeName(e))
		}
		if err := unknownKeys(p, obj, map[string]bool{"quantity": true, "value": true, "text": true}); err != nil {
			return nil, err
		}
		var f Fact
		var err error
		if f.Quantity, err = getString(p+".quantity", obj["quantity"]); err != nil {
			return nil, err
		}
		if f.Value, err = getFloat(p+".value", obj["value"]); err != nil {
			return nil, err
		}
		if t, ok := obj["text"]; ok {
			if f.Text, err = getString(p+".text", t); err != nil {
				return nil, err
			}
		}
		facts = append(facts, f)
	}
	return facts, nil
}

func decodeFindings(v any) ([]Finding, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, derr("$.findings", "expected an array, got %s", typeName(v))
	}
	allowed := map[string]bool{"rule": true, "severity": true, "table": true, "row": true, "column": true,
		"message": true, "values": true, "alternatives": true}
	fs := make([]Finding, 0, len(arr))
	for i, e := range arr {
		p := fmt.Sprintf("$.findings[%d]", i)
		obj, ok := e.(map[string]any)
		if !ok {
			return nil, derr(p, "expected an object, got %s", typeName(e))
		}
		if err := unknownKeys(p, obj, allowed); err != nil {
			return nil, err
		}
		var f Finding
		var err error
		str := func(k string, dst *string, required bool) {
			if err != nil {
				return
			}
			x, ok := obj[k]
			if !ok {
				if required {
					err = derr(p, "missing key %q", k)
				}
				return
			}
			*dst, err = getString(p+"."+k, x)
		}
		var sev string
		str("rule", &f.Rule, true)
		str("severity", &sev, true)
		str("table", &f.Table, false)
		str("row", &f.Row, false)
		str("column", &f.Column, false)
		str("message", &f.Message, false)
		if err != nil {
			return nil, err
		}
		f.Severity = Severity(sev)
		if f.Severity != Error && f.Severity != Warning && f.Severity != Uncertain {
			return nil, derr(p+".severity", "unknown severity %q", sev)
		}
		if x, ok := obj["values"]; ok {
			if f.Values, err = getFloats(p+".values", x); err != nil {
				return nil, err
			}
		}
		if x, ok := obj["alternatives"]; ok {
			alts, ok := x.([]any)
			if !ok {
				return nil, derr(p+".alternatives", "expected an array, got %s", typeName(x))
			}
			for k, a := range alts {
				vs, err := getFloats(fmt.Sprintf("%s.alternatives[%d]", p, k), a)
				if err != nil {
					return nil, err
				}
				f.Alternatives = append(f.Alternatives, vs)
			}
		}
		fs = append(fs, f)
	}
	return fs, nil
}

func unknownKeys(path string, obj map[string]any, allowed map[string]bool) error {
	var bad []string
	for k := range obj {
		if !allowed[k] {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	return derr(path+"."+bad[0], "unknown key %q", bad[0])
}

func getString(path string, v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", derr(path, "expected a string, got %s", typeName(v))
	}
	return s, nil
}

func getFloat(path string, v any) (float64, error) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, derr(path, "expected a number, got %s", typeName(v))
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, derr(path, "%s is not a usable number", n)
	}
	return f, nil
}

func getInt(path string, v any) (int64, error) {
	f, err := getFloat(path, v)
	if err != nil {
		return 0, err
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, derr(path, "expected an integer, got %s", FormatNumber(f))
	}
	return int64(f), nil
}

func getFloats(path string, v any) ([]float64, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, derr(path, "expected an array, got %s", typeName(v))
	}
	out := make([]float64, len(arr))
	for i, e := range arr {
		f, err := getFloat(fmt.Sprintf("%s[%d]", path, i), e)
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

func typeName(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "the number " + string(x)
	case string:
		if len(x) > 20 {
			x = x[:20] + "…"
		}
		return "the string " + strconv.Quote(strings.ToValidUTF8(x, "?"))
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
