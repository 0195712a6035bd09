package privacy

import (
	"fmt"
	"testing"
)

// Known-valid identifiers (computed with the check functions).
const (
	testID     = "350524199001011238"
	testCredit = "11350524003661111Q"
	testCard   = "6222021234567890128"
)

func TestChecks(t *testing.T) {
	if !ValidIDNumber(testID) {
		c, _ := IDCheck(testID[:17])
		t.Fatalf("test id: want check %c", c)
	}
	if !ValidCreditCode(testCredit) || ValidCreditCode("11350524003661111A") {
		t.Fatal("credit check")
	}
	if !Luhn(testCard) || Luhn("6222021234567890127") || !Luhn("4111111111111111") {
		t.Fatal("luhn")
	}
}

func TestScan(t *testing.T) {
	tests := []struct {
		name, in string
		names    []string
		want     string // "kind:text:valid" joined by "|"
	}{
		{"IDCard", "身份证号" + testID + "。", nil, "id_card:" + testID + ":true"},
		{"IDCardFullWidth", "身份证号：３５０５２４１９９００１０１１２３８", nil, "id_card:３５０５２４１９９００１０１１２３８:true"},
		{"IDCardBadCheck", "身份证号350524199001011235", nil, "id_card:350524199001011235:false"},
		{"IDCardInsideLongerRun", "流水号3505241990010112381", nil, ""},
		{"IDCardMixedRun", "ID" + testID + "号", nil, "id_card:" + testID + ":true"},
		{"IDCard15", "旧证号350524900101123", nil, "id_card_15:350524900101123:false"},
		{"Credit", "统一社会信用代码：" + testCredit, nil, "credit_code:" + testCredit + ":true"},
		{"CreditBadCheck", "代码11350524003661111A", nil, ""},
		{"Mobile", "电话13812345678，", nil, "mobile:13812345678:false"},
		{"MobileSpaced", "手机 138 1234 5678", nil, "mobile:138 1234 5678:false"},
		{"MobilePlus86", "+86 138-1234-5678", nil, "mobile:+86 138-1234-5678:false"},
		{"MobileTooLong", "编号138123456789", nil, ""},
		{"MobileBadPrefix", "12812345678", nil, ""},
		{"Landline", "联系电话：0595-23456789", nil, "landline:0595-23456789:false"},
		{"LandlineParen", "(010)62345678转", nil, "landline:(010)62345678:false"},
		{"LandlineExt", "0595-2345678-801", nil, "landline:0595-2345678-801:false"},
		{"BankCard", "卡号" + testCard, nil, "bank_card:" + testCard + ":true"},
		{"BankCardGrouped", "卡号 6222 0212 3456 7890 128", nil, "bank_card:6222 0212 3456 7890 128:true"},
		{"BankCardLuhnFails", "卡号6222021234567890127", nil, ""},
		{"OrderNo", "订单号202401151234567890", nil, ""},
		{"Date", "2024-01-15 10:30", nil, ""},
		{"Email", "邮箱zhang.wei@example.com。", nil, "email:zhang.wei@example.com:false"},
		{"EmailWithPhone", "13812345678@163.com", nil, "email:13812345678@163.com:false"},
		{"NotEmail", "a@b", nil, ""},
		{"Name", "申请人张三、李四", []string{"张三", "李", " "}, "name:张三:false"},
		{"Several", "张伟 13812345678 " + testID, []string{"张伟"}, "name:张伟:false|mobile:13812345678:false|id_card:" + testID + ":true"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			got := ""
			for i, h := range Scan(test.in, Options{Names: test.names}) {
				if i > 0 {
					got += "|"
				}
				got += fmt.Sprintf("%s:%s:%v", h.Kind, h.Text, h.Valid)
				if test.in[h.Start:h.End] != h.Text {
					t.Errorf("offsets %d:%d do not give %q", h.Start, h.End, h.Text)
				}
			}
			if got != test.want {
				t.Errorf("Scan(%q)\n got %s\nwant %s", test.in, got, test.want)
			}
		})
	}
}

func TestMask(t *testing.T) {
	tests := []struct {
		in, want string
		names    []string
	}{
		{"身份证号" + testID, "身份证号3****************8", nil},
		{"电话13812345678", "电话138****5678", nil},
		{"手机 138 1234 5678", "手机 138 **** 5678", nil},
		{"+86 13812345678", "+86 138****5678", nil},
		{"0595-23456789", "0595-****6789", nil},
		{"010-62345678", "010-****5678", nil},
		{"卡号" + testCard, "卡号***************0128", nil},
		{"zhang.wei@example.com", "z********@example.com", nil},
		{"申请人张三丰", "申请人张**", []string{"张三丰"}},
		{testCredit, "11****************", nil},
		{"３５０５２４１９９００１０１１２３８", "３****************８", nil},
	}
	for _, test := range tests {
		opts := Options{Names: test.names}
		got := Mask(test.in, Scan(test.in, opts))
		if got != test.want {
			t.Errorf("Mask(%q) = %q, want %q", test.in, got, test.want)
		}
		if again := Scan(got, opts); len(again) != 0 {
			t.Errorf("masked %q still has %v", got, again)
		}
	}
}
