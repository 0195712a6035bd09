package password_test

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"gongkai"
	"gongkai/password"
)

func TestHasher(t *testing.T) {
	h := password.Fast()
	hash, err := h.Hash("正确的密码 horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash = %s", hash)
	}
	other, _ := h.Hash("正确的密码 horse")
	if other == hash {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	bc, err := bcrypt.GenerateFromPassword([]byte("imported-pw"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		name, hash, password string
		want                 bool
		err                  bool
	}{
		{"Argon2idOK", hash, "正确的密码 horse", true, false},
		{"Argon2idWrong", hash, "正确的密码 horsf", false, false},
		{"BcryptOK", string(bc), "imported-pw", true, false},
		{"BcryptWrong", string(bc), "imported-px", false, false},
		{"Unknown", "plain", "plain", false, true},
		{"Truncated", "$argon2id$v=19$m=64", "x", false, true},
	} {
		t.Run(test.name, func(t *testing.T) {
			ok, err := h.Verify(test.hash, test.password)
			if ok != test.want || (err != nil) != test.err {
				t.Fatalf("Verify = %v, %v", ok, err)
			}
		})
	}
	// Default parameters verify hashes made with other parameters.
	if ok, err := password.Default().Verify(hash, "正确的密码 horse"); !ok || err != nil {
		t.Fatalf("Default().Verify = %v, %v", ok, err)
	}
}

func TestUserPassword(t *testing.T) {
	h := password.Fast()
	u := &gongkai.User{ID: "u1", Login: "clerk", Role: gongkai.RoleClerk, AgencyID: "edu"}
	if err := u.SetPassword(h, "short"); gongkai.ErrorCode(err) != gongkai.EINVALID {
		t.Fatalf("short password: %v", err)
	}
	if err := u.SetPassword(h, "a-long-enough-password"); err != nil {
		t.Fatal(err)
	}
	if err := u.CheckPassword(h, "a-long-enough-password"); err != nil {
		t.Fatal(err)
	}
	if err := u.CheckPassword(h, "wrong-password!"); gongkai.ErrorCode(err) != gongkai.EUNAUTHORIZED {
		t.Fatalf("wrong password: %v", err)
	}
	u.Disabled = true
	if err := u.CheckPassword(h, "a-long-enough-password"); gongkai.ErrorCode(err) != gongkai.EUNAUTHORIZED {
		t.Fatalf("disabled user: %v", err)
	}
}
