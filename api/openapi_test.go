package api

import (
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"gongkai/report"
)

var update = flag.Bool("update", false, "rewrite testdata/routes.golden from the mux registrations")

// openAPIDoc is the part of the OpenAPI document the tests read.
type openAPIDoc struct {
	OpenAPI string                                 `json:"openapi"`
	Paths   map[string]map[string]openAPIOperation `json:"paths"`
	Comps   struct {
		Schemas   map[string]openAPISchema `json:"schemas"`
		Responses map[string]any           `json:"responses"`
	} `json:"components"`
}

type openAPIOperation struct {
	OperationID string `json:"operationId"`
	Summary     string `json:"summary"`
	Parameters  []struct {
		Name string `json:"name"`
		In   string `json:"in"`
	} `json:"parameters"`
	RequestBody *json.RawMessage           `json:"requestBody"`
	Responses   map[string]json.RawMessage `json:"responses"`
}

type openAPISchema struct {
	Properties map[string]json.RawMessage `json:"properties"`
	Required   []string                   `json:"required"`
}

func loadOpenAPI(t *testing.T) *openAPIDoc {
	t.Helper()
	var doc openAPIDoc
	dec := json.NewDecoder(strings.NewReader(string(OpenAPI)))
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Fatalf("openapi %q, want 3.1", doc.OpenAPI)
	}
	return &doc
}

// TestOpenAPI_Routes checks the route list registered on the mux against
// testdata/routes.golden (-update rewrites it) and against the document:
// every route is described and every described operation is a route, with
// a parameter for every {name} of its path, a request body exactly for the
// routes that read one, and an error response for every status it may send.
func TestOpenAPI_Routes(t *testing.T) {
	fx := mustFixture(t, mustOpenSQLite)
	routes := slices.Clone(fx.srv.routes)
	sort.Strings(routes)
	golden := "testdata/routes.golden"
	got := strings.Join(routes, "\n") + "\n"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./api -run OpenAPI -update)", err)
	}
	if got != string(want) {
		t.Errorf("routes changed; update openapi.json, then run go test ./api -run OpenAPI -update\ngot:\n%swant:\n%s", got, want)
	}

	doc := loadOpenAPI(t)
	inDoc := map[string]bool{}
	ids := map[string]bool{}
	param := regexp.MustCompile(`\{([a-z_]+)\}`)
	for path, ops := range doc.Paths {
		for method, op := range ops {
			route := strings.ToUpper(method) + " " + path
			inDoc[route] = true
			if !slices.Contains(routes, route) {
				t.Errorf("openapi.json describes %s, which is not a route", route)
			}
			if op.OperationID == "" || ids[op.OperationID] || op.Summary == "" {
				t.Errorf("%s: operationId %q (unique, required) and summary required", route, op.OperationID)
			}
			ids[op.OperationID] = true
			var inPath []string
			for _, p := range op.Parameters {
				if p.In == "path" {
					inPath = append(inPath, p.Name)
				}
			}
			var want []string
			for _, m := range param.FindAllStringSubmatch(path, -1) {
				want = append(want, m[1])
			}
			sort.Strings(inPath)
			sort.Strings(want)
			if !slices.Equal(inPath, want) {
				t.Errorf("%s: path parameters %v, want %v", route, inPath, want)
			}
			if reads := method == "post"; reads != (op.RequestBody != nil) {
				t.Errorf("%s: request body described %v, want %v", route, op.RequestBody != nil, reads)
			}
			if method == "post" {
				for _, s := range []string{"400", "413", "415"} {
					if _, ok := op.Responses[s]; !ok {
						t.Errorf("%s: no %s response", route, s)
					}
				}
			}
			if _, ok := op.Responses["500"]; !ok && path != Prefix+"/openapi.json" {
				t.Errorf("%s: no 500 response", route)
			}
			if !slices.Contains(publicRoutes, route) {
				for _, s := range []string{"401", "403"} {
					if _, ok := op.Responses[s]; !ok && route != "GET "+Prefix+"/session" {
						t.Errorf("%s: clerk-only route without a %s response", route, s)
					}
				}
			}
		}
	}
	for _, r := range routes {
		if !inDoc[r] {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
}

// TestOpenAPI_Schemas checks that each schema of the document has exactly
// the JSON fields of its Go type.
func TestOpenAPI_Schemas(t *testing.T) {
	doc := loadOpenAPI(t)
	types := map[string]reflect.Type{
		"Error":           reflect.TypeFor[ErrorResponse](),
		"Agency":          reflect.TypeFor[Agency](),
		"AgencyDetail":    reflect.TypeFor[AgencyDetail](),
		"SessionRequest":  reflect.TypeFor[SessionRequest](),
		"SessionResponse": reflect.TypeFor[SessionResponse](),
		"User":            reflect.TypeFor[User](),
		"CellRecords":     reflect.TypeFor[CellRecords](),
		"CellRecord":      reflect.TypeFor[CellRecord](),
		"Applicant":       reflect.TypeFor[Applicant](),
		"EventInput":      reflect.TypeFor[EventInput](),
		"Event":           reflect.TypeFor[Event](),
		"CreateRequest":   reflect.TypeFor[CreateRequest](),
		"AppendEvent":     reflect.TypeFor[AppendEvent](),
		"Request":         reflect.TypeFor[Request](),
		"RequestSummary":  reflect.TypeFor[RequestSummary](),
		"CreateAppeal":    reflect.TypeFor[CreateAppeal](),
		"CloseAppeal":     reflect.TypeFor[CloseAppeal](),
		"Appeal":          reflect.TypeFor[Appeal](),
		"Finding":         reflect.TypeFor[report.Finding](),
		"SearchResponse":  reflect.TypeFor[SearchResponse](),
		"SearchHit":       reflect.TypeFor[SearchHit](),
		"Item":            reflect.TypeFor[Item](),
		"Normative":       reflect.TypeFor[Normative](),
		"Attachment":      reflect.TypeFor[Attachment](),
	}
	for name, typ := range types {
		s, ok := doc.Comps.Schemas[name]
		if !ok {
			t.Errorf("no schema %s", name)
			continue
		}
		var props []string
		for p := range s.Properties {
			props = append(props, p)
		}
		sort.Strings(props)
		fields := jsonFields(typ)
		sort.Strings(fields)
		if !slices.Equal(props, fields) {
			t.Errorf("schema %s has %v, %s has %v", name, props, typ, fields)
		}
		for _, r := range s.Required {
			if !slices.Contains(fields, r) {
				t.Errorf("schema %s requires %q, which %s lacks", name, r, typ)
			}
		}
	}
	for name := range doc.Comps.Schemas {
		if _, ok := types[name]; !ok && name != "Report" {
			t.Errorf("schema %s is not checked against a Go type", name)
		}
	}
}

// jsonFields returns the JSON keys of a struct type, embedded structs
// flattened.
func jsonFields(t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && tag == "" {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, name)
	}
	return out
}
