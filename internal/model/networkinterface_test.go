package model

import (
	"testing"
	"time"
)

func TestReportedAttachment(t *testing.T) {
	detachedAt := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	att := &ENIAttachment{ID: "eni-attach-1", Status: "attached"}
	det := &ENIAttachment{ID: "eni-attach-0", Status: "detached", DetachTime: detachedAt}
	for _, tc := range []struct {
		name string
		n    NetworkInterface
		now  time.Time
		want *ENIAttachment
	}{
		{"attached", NetworkInterface{Attachment: att, Detached: det}, detachedAt.Add(time.Second), att},
		{"just detached", NetworkInterface{Detached: det}, detachedAt, det},
		{"detached within retention", NetworkInterface{Detached: det}, detachedAt.Add(DetachedAttachmentRetention - time.Second), det},
		{"retention over", NetworkInterface{Detached: det}, detachedAt.Add(DetachedAttachmentRetention), nil},
		{"zero now reports only a current attachment", NetworkInterface{Detached: det}, time.Time{}, nil},
		{"never attached", NetworkInterface{}, detachedAt, nil},
	} {
		if got := tc.n.ReportedAttachment(tc.now); got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
