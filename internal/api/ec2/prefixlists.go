package ec2

import (
	"context"
	"fmt"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

func (a *API) registerPrefixLists() {
	handle(a, "CreateManagedPrefixList", func(ctx context.Context, r *Request, in *CreateManagedPrefixListRequest) (*CreateManagedPrefixListResult, error) {
		tags, err := tagsFor(in.TagSpecifications, "prefix-list")
		if err != nil {
			return nil, err
		}
		pl, err := a.ctl.CreateManagedPrefixList(ctx, r.Scope, control.CreatePrefixListInput{
			Name: deref(in.PrefixListName), AddressFamily: deref(in.AddressFamily), MaxEntries: in.MaxEntries,
			Entries: entriesIn(in.Entries), Tags: tags,
		})
		if err != nil {
			return nil, err
		}
		out := prefixListOut(pl)
		out.State = str("create-in-progress")
		return &CreateManagedPrefixListResult{PrefixList: &out}, nil
	})
	handle(a, "ModifyManagedPrefixList", func(ctx context.Context, r *Request, in *ModifyManagedPrefixListRequest) (*ModifyManagedPrefixListResult, error) {
		mi := control.ModifyPrefixListInput{PrefixListID: deref(in.PrefixListId), CurrentVersion: in.CurrentVersion,
			Name: deref(in.PrefixListName), Add: entriesIn(in.AddEntries), MaxEntries: in.MaxEntries}
		for _, e := range in.RemoveEntries {
			mi.Remove = append(mi.Remove, deref(e.Cidr))
		}
		pl, err := a.ctl.ModifyManagedPrefixList(ctx, r.Scope, mi)
		if err != nil {
			return nil, err
		}
		out := prefixListOut(pl)
		out.State = str("modify-in-progress")
		return &ModifyManagedPrefixListResult{PrefixList: &out}, nil
	})
	handle(a, "DeleteManagedPrefixList", func(ctx context.Context, r *Request, in *DeleteManagedPrefixListRequest) (*DeleteManagedPrefixListResult, error) {
		pl, err := a.ctl.DeleteManagedPrefixList(ctx, r.Scope, deref(in.PrefixListId))
		if err != nil {
			return nil, err
		}
		out := prefixListOut(pl)
		return &DeleteManagedPrefixListResult{PrefixList: &out}, nil
	})
	handle(a, "DescribeManagedPrefixLists", a.describeManagedPrefixLists)
	handle(a, "GetManagedPrefixListEntries", a.getManagedPrefixListEntries)
	handle(a, "DescribePrefixLists", a.describePrefixLists)
}

func entriesIn(es []AddPrefixListEntry) []control.PrefixListEntryInput {
	var out []control.PrefixListEntryInput
	for _, e := range es {
		out = append(out, control.PrefixListEntryInput{Cidr: deref(e.Cidr), Description: deref(e.Description)})
	}
	return out
}

func prefixListOut(pl *model.ManagedPrefixList) ManagedPrefixList {
	owner := pl.OwnerID
	if owner == "" {
		owner = pl.Account
	}
	arnOwner := owner
	if pl.IsAWSManaged() {
		arnOwner = "aws"
	}
	return ManagedPrefixList{
		PrefixListId:   str(pl.ID),
		PrefixListName: str(pl.Name),
		AddressFamily:  str(pl.AddressFamily),
		State:          str(pl.State),
		PrefixListArn:  str(fmt.Sprintf("arn:aws:ec2:%s:%s:prefix-list/%s", pl.Region, arnOwner, pl.ID)),
		MaxEntries:     i32(pl.MaxEntries),
		Version:        i64(pl.Version),
		OwnerId:        str(owner),
		Tags:           tagSet(&pl.Meta),
	}
}

// visiblePrefixLists selects the lists visible to scope (its own and the
// region's AWS-managed ones) by explicit ids or all, filtered, in id order.
func visiblePrefixLists(w *store.World, scope model.Scope, ids []string, m matcher[model.ManagedPrefixList], awsOnly bool) ([]*model.ManagedPrefixList, error) {
	return control.SelectPrefixLists(w, scope, ids, awsOnly, m.match)
}

// pageSlice applies a page to an id-ordered slice.
func pageSlice[T any](vs []*T, p page) ([]*T, *string) {
	var out []*T
	for _, v := range vs {
		id := any(v).(model.Object).GetMeta().ID
		if p.after != "" && id <= p.after {
			continue
		}
		if p.max > 0 && int32(len(out)) == p.max {
			return out, token(any(out[len(out)-1]).(model.Object).GetMeta().ID)
		}
		out = append(out, v)
	}
	return out, nil
}

var managedPrefixListFilters = filterTable[model.ManagedPrefixList]{
	"owner-id": func(pl *model.ManagedPrefixList) []string {
		if pl.OwnerID != "" {
			return one(pl.OwnerID)
		}
		return one(pl.Account)
	},
	"prefix-list-id":   func(pl *model.ManagedPrefixList) []string { return one(pl.ID) },
	"prefix-list-name": func(pl *model.ManagedPrefixList) []string { return one(pl.Name) },
}

func (a *API) describeManagedPrefixLists(ctx context.Context, r *Request, in *DescribeManagedPrefixListsRequest) (*DescribeManagedPrefixListsResult, error) {
	m, err := compileFilters(managedPrefixListFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 1, 100)
	if err != nil {
		return nil, err
	}
	vs, err := visiblePrefixLists(a.ctl.View(ctx), r.Scope, in.PrefixListIds, m, false)
	if err != nil {
		return nil, err
	}
	page, next := pageSlice(vs, p)
	out := &DescribeManagedPrefixListsResult{NextToken: next}
	for _, pl := range page {
		out.PrefixLists = append(out.PrefixLists, prefixListOut(pl))
	}
	return out, nil
}

func (a *API) getManagedPrefixListEntries(ctx context.Context, r *Request, in *GetManagedPrefixListEntriesRequest) (*GetManagedPrefixListEntriesResult, error) {
	p, err := newPage(in.MaxResults, in.NextToken, 1, 100)
	if err != nil {
		return nil, err
	}
	es, err := control.PrefixListEntries(a.ctl.View(ctx), r.Scope, deref(in.PrefixListId), in.TargetVersion)
	if err != nil {
		return nil, err
	}
	out := &GetManagedPrefixListEntriesResult{}
	start := 0
	if p.after != "" {
		// Keep only the entries after the cursor.
		idx := -1
		for i, e := range es {
			if e.Cidr.String() == p.after {
				idx = i
			}
		}
		if idx < 0 {
			return nil, awserr.New("InvalidNextToken", "The token '%s' is invalid.", deref(in.NextToken))
		}
		start = idx + 1
	}
	for _, e := range es[start:] {
		out.Entries = append(out.Entries, PrefixListEntry{Cidr: str(e.Cidr.String()), Description: optStr(e.Description)})
	}
	if p.max > 0 && int32(len(out.Entries)) > p.max {
		out.Entries = out.Entries[:p.max]
		out.NextToken = token(deref(out.Entries[len(out.Entries)-1].Cidr))
	}
	return out, nil
}

var prefixListFilters = filterTable[model.ManagedPrefixList]{
	"prefix-list-id":   func(pl *model.ManagedPrefixList) []string { return one(pl.ID) },
	"prefix-list-name": func(pl *model.ManagedPrefixList) []string { return one(pl.Name) },
}

func (a *API) describePrefixLists(ctx context.Context, r *Request, in *DescribePrefixListsRequest) (*DescribePrefixListsResult, error) {
	m, err := compileFilters(prefixListFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	vs, err := visiblePrefixLists(a.ctl.View(ctx), r.Scope, in.PrefixListIds, m, true)
	if err != nil {
		return nil, err
	}
	page, next := pageSlice(vs, p)
	out := &DescribePrefixListsResult{NextToken: next}
	for _, pl := range page {
		o := PrefixList{PrefixListId: str(pl.ID), PrefixListName: str(pl.Name)}
		for _, e := range pl.Entries {
			o.Cidrs = append(o.Cidrs, e.Cidr.String())
		}
		out.PrefixLists = append(out.PrefixLists, o)
	}
	return out, nil
}
