package rest

import (
	"testing"
	"time"
)

func TestDecodeAWSChunked(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"5;chunk-signature=ab\r\nhello\r\n0;chunk-signature=cd\r\n\r\n", "hello", true},
		{"3\r\nabc\r\n2\r\nde\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n", "abcde", true},
		{"A\r\n0123456789\r\n0\r\n", "0123456789", true},
		{"0\r\n\r\n", "", true},
		{"5\r\nabc", "", false},
		{"zz\r\nabc\r\n", "", false},
		{"3\r\nabcX0\r\n", "", false},
		{"3\r\nabc\r\n", "", false},
		{"", "", false},
	} {
		got, err := DecodeAWSChunked([]byte(tc.in))
		if (err == nil) != tc.ok || string(got) != tc.want {
			t.Errorf("%q = %q, %v", tc.in, got, err)
		}
	}
}

func TestTimes(t *testing.T) {
	want := time.Date(2026, 11, 29, 22, 15, 4, 0, time.UTC)
	for _, s := range []string{"2026-11-29T22:15:04Z", "2026-11-29T22:15:04.000Z", "2026-11-29T23:15:04+01:00", "Sun, 29 Nov 2026 22:15:04 GMT", "1795990504"} {
		for _, f := range []string{ISO8601, RFC822, Unix, ""} {
			if got, err := ParseTime(s, f); err != nil || !got.Equal(want) {
				t.Errorf("ParseTime(%q, %q) = %v, %v", s, f, got, err)
			}
		}
	}
	if got := FormatTime(want, ""); got != "2026-11-29T22:15:04.000Z" {
		t.Error(got)
	}
	if got := FormatTime(want, RFC822); got != "Sun, 29 Nov 2026 22:15:04 GMT" {
		t.Error(got)
	}
	if got := FormatTime(want.Add(250*time.Millisecond), Unix); got != "1795990504.25" {
		t.Error(got)
	}
}
