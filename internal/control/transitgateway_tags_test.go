package control

import (
	"context"
	"testing"

	"github.com/vpcsim/vpcsim/internal/model"
)

// TestTGWAttachmentTagsPerParty pins that tags on a transit gateway
// attachment apply only in the account and Region that created them: the
// accepter of a peering attachment in another account and Region tags it
// without changing the requester's tags, and each party's DescribeTags and
// describe output show its own set (transitgateway_tags.go).
func TestTGWAttachmentTagsPerParty(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	peer := model.Scope{Account: "210987654321", Region: "eu-west-1"}
	stranger := model.Scope{Account: "999999999999", Region: "us-east-1"}
	ga, _ := s.CreateTransitGateway(ctx, testScope, CreateTransitGatewayInput{})
	gb, _ := s.CreateTransitGateway(ctx, peer, CreateTransitGatewayInput{AmazonSideAsn: 64513})
	a, err := s.CreateTransitGatewayPeeringAttachment(ctx, testScope, PeeringAttachmentInput{
		TransitGatewayID: ga.ID, PeerTransitGatewayID: gb.ID, PeerAccountID: peer.Account, PeerRegion: peer.Region,
		Tags: map[string]string{"Name": "to-europe", "side": "requester"},
	})
	if err != nil {
		t.Fatal(err)
	}
	tagsOf := func(scope model.Scope) map[string]string {
		t.Helper()
		out := map[string]string{}
		for _, tr := range ListTags(s.Snapshot(), scope) {
			if tr.ResourceID == a.ID {
				out[tr.Key] = tr.Value
			}
		}
		return out
	}
	if got := tagsOf(peer); len(got) != 0 {
		t.Fatalf("accepter sees the requester's tags %v", got)
	}
	if err := s.CreateTags(ctx, peer, []string{a.ID}, map[string]string{"Name": "from-virginia"}); err != nil {
		t.Fatalf("accepter CreateTags: %v", err)
	}
	if got := tagsOf(peer); len(got) != 1 || got["Name"] != "from-virginia" {
		t.Fatalf("accepter tags %v", got)
	}
	if got := tagsOf(testScope); len(got) != 2 || got["Name"] != "to-europe" {
		t.Fatalf("requester tags changed: %v", got)
	}
	w := s.Snapshot()
	live, _ := w.TGWAttachments.Get(a.ID)
	if v := TGWAttachmentForScope(live, peer); v.Tags["Name"] != "from-virginia" {
		t.Fatalf("accepter's view %v", v.Tags)
	}
	if v := TGWAttachmentForScope(live, testScope); v.Tags["Name"] != "to-europe" {
		t.Fatalf("requester's view %v", v.Tags)
	}
	// Deleting all of one party's tags leaves the other's.
	if err := s.DeleteTags(ctx, testScope, []string{a.ID}, nil); err != nil {
		t.Fatal(err)
	}
	if got := tagsOf(testScope); len(got) != 0 {
		t.Fatalf("requester tags after DeleteTags %v", got)
	}
	if got := tagsOf(peer); got["Name"] != "from-virginia" {
		t.Fatalf("accepter tags after the requester's DeleteTags %v", got)
	}
	// A third account does not see the attachment at all.
	err = s.CreateTags(ctx, stranger, []string{a.ID}, map[string]string{"k": "v"})
	wantCode(t, err, "InvalidTransitGatewayAttachmentID.NotFound")
}
