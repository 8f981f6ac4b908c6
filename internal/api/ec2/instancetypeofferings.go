package ec2

import (
	"context"

	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

func (a *API) registerInstanceTypeOfferings() {
	handle(a, "DescribeInstanceTypeOfferings", a.describeInstanceTypeOfferings)
}

// offeringRow is an offering for the filters (offerings carry no tags).
type offeringRow struct {
	model.Meta
	control.InstanceTypeOffering
}

var instanceTypeOfferingFilters = filterTable[offeringRow]{
	"instance-type": func(v *offeringRow) []string { return one(v.InstanceType) },
	"location":      func(v *offeringRow) []string { return one(v.Location) },
}

func (a *API) describeInstanceTypeOfferings(ctx context.Context, r *Request, in *DescribeInstanceTypeOfferingsRequest) (*DescribeInstanceTypeOfferingsResult, error) {
	m, err := compileFilters(instanceTypeOfferingFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	offers, err := control.InstanceTypeOfferings(r.Scope, deref(in.LocationType))
	if err != nil {
		return nil, err
	}
	out := &DescribeInstanceTypeOfferingsResult{}
	for _, o := range offers {
		key := o.Location + "/" + o.InstanceType
		if p.after != "" && key <= p.after {
			continue
		}
		if !m.match(&offeringRow{InstanceTypeOffering: o}) {
			continue
		}
		if p.max > 0 && int32(len(out.InstanceTypeOfferings)) == p.max {
			last := out.InstanceTypeOfferings[len(out.InstanceTypeOfferings)-1]
			out.NextToken = token(deref(last.Location) + "/" + deref(last.InstanceType))
			break
		}
		out.InstanceTypeOfferings = append(out.InstanceTypeOfferings, InstanceTypeOffering{InstanceType: str(o.InstanceType),
			LocationType: str(o.LocationType), Location: str(o.Location)})
	}
	return out, nil
}
