package gongkai

import "testing"

func TestIndexNo_Next(t *testing.T) {
	tests := []struct {
		name      string
		code      string
		year, seq int
		want      string
	}{
		{"OrgCode", "000014349", 2018, 222, "000014349/2018-00222"},
		{"OrgCodeHyphen", "01427688-X", 2022, 185, "01427688X/2022-00185"},
		{"CreditCode", testCreditCode, 2024, 1, testCreditCode + "/2024-00001"},
		{"ErrCreditCheck", "11350524003661111A", 2024, 1, ""},
		{"ErrNoCode", "", 2024, 1, ""},
		{"ErrSeqZero", "000014349", 2024, 0, ""},
		{"ErrSeqTooBig", "000014349", 2024, 100000, ""},
		{"ErrYear", "000014349", 24, 1, ""},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			got, err := NextIndexNo(test.code, test.year, test.seq)
			if test.want == "" {
				if ErrorCode(err) != EINVALID {
					t.Fatalf("NextIndexNo = %q, %v; want EINVALID", got, err)
				}
				return
			}
			if err != nil || got != test.want {
				t.Fatalf("NextIndexNo = %q, %v; want %q", got, err, test.want)
			}
			if err := ValidateIndexNo(got); err != nil {
				t.Errorf("ValidateIndexNo(%q): %v", got, err)
			}
		})
	}
}

func TestIndexNo_ParseImported(t *testing.T) {
	tests := []struct {
		in   string
		want IndexNo
		err  bool
	}{
		{"000014349/2018-00222", IndexNo{Raw: "000014349/2018-00222", Prefix: "000014349", Year: 2018, Seq: 222, Standard: true}, false},
		{"0142768-8/2022-00185", IndexNo{Raw: "0142768-8/2022-00185", Prefix: "0142768-8", Year: 2022, Seq: 185}, false},
		{"11341702486344515H/202110-00013", IndexNo{Raw: "11341702486344515H/202110-00013", Prefix: "11341702486344515H", Year: 2021, Month: 10, Seq: 13}, false},
		{"NB-2022-010-0003-01", IndexNo{Raw: "NB-2022-010-0003-01"}, false},
		{"", IndexNo{}, true},
		{"000014349/2018 00222", IndexNo{}, true},
	}
	for _, test := range tests {
		got, err := ParseImportedIndexNo(test.in)
		if test.err {
			if err == nil {
				t.Errorf("ParseImportedIndexNo(%q) = %+v, want error", test.in, got)
			}
			continue
		}
		if err != nil || got != test.want {
			t.Errorf("ParseImportedIndexNo(%q) = %+v, %v; want %+v", test.in, got, err, test.want)
		}
	}
	for _, s := range []string{"0142768-8/2022-00185", "11341702486344515H/202110-00013", "000014349/2018-222"} {
		if ValidateIndexNo(s) == nil {
			t.Errorf("ValidateIndexNo(%q) accepted a non-standard number", s)
		}
	}
}
