package migrate_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"gongkai"
	"gongkai/migrate"
	"gongkai/postgres"
	"gongkai/sqlite"
)

// TestDialectsInStep checks that both dialects have the same migration numbers.
func TestDialectsInStep(t *testing.T) {
	lite, err := sqlite.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	pg, err := postgres.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	nums := func(ms []migrate.Migration) (out []int) {
		for _, m := range ms {
			out = append(out, m.Version)
		}
		return out
	}
	if a, b := nums(lite), nums(pg); !slices.Equal(a, b) || len(a) == 0 {
		t.Fatalf("sqlite migrations %v, postgres migrations %v: want the same numbers", a, b)
	}
	for i, m := range lite {
		if m.Version != i+1 {
			t.Fatalf("migration %s: want number %d (no gaps)", m.Name, i+1)
		}
	}
}

func TestLoad(t *testing.T) {
	for _, test := range []struct {
		name  string
		files fstest.MapFS
		want  []int
		err   string
	}{
		{"OK", fstest.MapFS{"0002_b.sql": {Data: []byte("b")}, "0001_a.sql": {Data: []byte("a")}, "README": {}}, []int{1, 2}, ""},
		{"Duplicate", fstest.MapFS{"0001_a.sql": {}, "001_b.sql": {}}, nil, "same number"},
		{"BadName", fstest.MapFS{"init.sql": {}}, nil, "NNNN_name.sql"},
		{"Zero", fstest.MapFS{"0000_a.sql": {}}, nil, "NNNN_name.sql"},
	} {
		t.Run(test.name, func(t *testing.T) {
			ms, err := migrate.Load(test.files)
			if test.err != "" {
				if err == nil || !strings.Contains(err.Error(), test.err) {
					t.Fatalf("err = %v, want %q", err, test.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, m := range ms {
				got = append(got, m.Version)
			}
			if !slices.Equal(got, test.want) {
				t.Fatalf("versions = %v, want %v", got, test.want)
			}
		})
	}
}

type fakeTarget struct {
	version int
	applied []int
}

func (f *fakeTarget) Version(context.Context) (int, error) { return f.version, nil }
func (f *fakeTarget) Apply(_ context.Context, m migrate.Migration) error {
	f.applied = append(f.applied, m.Version)
	f.version = m.Version
	return nil
}

func TestUp(t *testing.T) {
	ms := []migrate.Migration{{Version: 1}, {Version: 2}, {Version: 3}}
	f := &fakeTarget{version: 1}
	got, err := migrate.Up(context.Background(), f, ms)
	if err != nil || !slices.Equal(got, []int{2, 3}) || !slices.Equal(f.applied, []int{2, 3}) {
		t.Fatalf("Up = %v, %v; applied %v", got, err, f.applied)
	}
	got, err = migrate.Up(context.Background(), f, ms)
	if err != nil || len(got) != 0 {
		t.Fatalf("second Up = %v, %v", got, err)
	}
	f = &fakeTarget{version: 7}
	_, err = migrate.Up(context.Background(), f, ms[:2])
	want := "database schema version 7 is newer than this gongkai (2); upgrade gongkai"
	if err == nil || err.Error() != want || gongkai.ErrorCode(err) != gongkai.ECONFLICT || len(f.applied) != 0 {
		t.Fatalf("Up on a newer database = %v, want %q", err, want)
	}
}
