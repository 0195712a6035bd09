package gongkai

import "testing"

func TestDocNo_Normalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"国办函[2020]109号", "国办函〔2020〕109号"},
		{"国办函【2020】109号", "国办函〔2020〕109号"},
		{"国办函(2020)109号", "国办函〔2020〕109号"},
		{"国办函（２０２０）１０９号", "国办函〔2020〕109号"},
		{" 国办函 〔2020〕 109号 ", "国办函〔2020〕109号"},
		{"国务院令第711号", "国务院令第711号"},
		{"某(县)政办[2021]3号", "某(县)政办〔2021〕3号"},
	}
	for _, test := range tests {
		if got := NormalizeDocNo(test.in); got != test.want {
			t.Errorf("NormalizeDocNo(%q) = %q, want %q", test.in, got, test.want)
		}
	}
}

func TestDocNo_Validate(t *testing.T) {
	tests := []struct {
		in   string
		want DocNo
		ok   bool
	}{
		{"国办函〔2020〕109号", DocNo{"国办函", 2020, 109}, true},
		{"国发〔2018〕43号", DocNo{"国发", 2018, 43}, true},
		{"国务院令第711号", DocNo{"国务院令", 0, 711}, true},
		{"某政办〔2021〕第3号", DocNo{"某政办", 2021, 3}, true},
		{"国办函[2020]109号", DocNo{}, false},
		{"国办函〔20〕109号", DocNo{}, false},
		{"〔2020〕109号", DocNo{}, false},
		{"国办函〔2020〕109", DocNo{}, false},
		{"国办函〔2020〕号", DocNo{}, false},
	}
	for _, test := range tests {
		err := ValidateDocNo(test.in)
		if test.ok != (err == nil) {
			t.Errorf("ValidateDocNo(%q) = %v, want ok=%v", test.in, err, test.ok)
			continue
		}
		if test.ok {
			got, _ := ParseDocNo(test.in)
			if got != test.want {
				t.Errorf("ParseDocNo(%q) = %+v, want %+v", test.in, got, test.want)
			}
			if got.String() != NormalizeDocNo(test.in) && got.Year != 0 && test.in != "某政办〔2021〕第3号" {
				t.Errorf("String() = %q", got.String())
			}
		}
	}
}
