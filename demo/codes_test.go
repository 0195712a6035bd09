package demo

import (
	"fmt"
	"testing"

	"gongkai"
)

func TestIDCheck(t *testing.T) {
	// The example of GB 11643-1999.
	if !ValidIDNumber("11010519491231002X") {
		t.Error("GB 11643 example rejected")
	}
	if ValidIDNumber("110105194912310021") {
		t.Error("wrong check digit accepted")
	}
	for n := 0; n < 2000; n += 37 {
		id := SyntheticIDNumber(anxiRegion, n)
		if !ValidIDNumber(id) || id[6:10] != "1900" {
			t.Errorf("SyntheticIDNumber(%d) = %s", n, id)
		}
	}
}

func TestCreditCheck(t *testing.T) {
	for i := 0; i < 500; i++ {
		for _, code := range []string{CreditCode(anxiRegion, fmt.Sprintf("AX%06d", i)), CompanyCreditCode("990101", fmt.Sprintf("TM%06d", i))} {
			if !ValidCreditCode(code) {
				t.Errorf("%s rejected", code)
			}
			if err := gongkai.ValidateAgencyCode(code); err != nil {
				t.Errorf("%s: gongkai rejects it: %v", code, err)
			}
			bad := code[:17] + string(creditAlphabet[(indexOf(code[17])+1)%31])
			if ValidCreditCode(bad) || gongkai.ValidateAgencyCode(bad) == nil {
				t.Errorf("%s accepted", bad)
			}
		}
	}
	// GB 11714: the organisation code inside is checked too.
	if c, _ := OrgCheck("D2143569"); c != 'X' {
		t.Errorf("OrgCheck(D2143569) = %c, want X (the GB 11714 example)", c)
	}
}

func indexOf(c byte) int {
	for i := range creditAlphabet {
		if creditAlphabet[i] == c {
			return i
		}
	}
	return -1
}
