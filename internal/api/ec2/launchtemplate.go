package ec2

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/control"
	"github.com/vpcsim/vpcsim/internal/model"
)

// registerCompute registers launch templates, EBS volume and snapshot
// operations, instance type offerings and subnet CIDR reservations.
func (a *API) registerCompute() {
	a.registerLaunchTemplates()
	a.registerVolumes()
	a.registerSnapshots()
	a.registerInstanceTypeOfferings()
	a.registerSubnetCidrReservations()
}

func (a *API) registerLaunchTemplates() {
	handle(a, "CreateLaunchTemplate", a.createLaunchTemplate)
	handle(a, "CreateLaunchTemplateVersion", a.createLaunchTemplateVersion)
	handle(a, "DescribeLaunchTemplates", a.describeLaunchTemplates)
	handle(a, "DescribeLaunchTemplateVersions", a.describeLaunchTemplateVersions)
	handle(a, "ModifyLaunchTemplate", func(ctx context.Context, r *Request, in *ModifyLaunchTemplateRequest) (*ModifyLaunchTemplateResult, error) {
		lt, err := a.ctl.ModifyLaunchTemplate(ctx, r.Scope, ltRef(in.LaunchTemplateId, in.LaunchTemplateName), deref(in.DefaultVersion))
		if err != nil {
			return nil, err
		}
		return &ModifyLaunchTemplateResult{LaunchTemplate: launchTemplateOut(lt)}, nil
	})
	handle(a, "DeleteLaunchTemplate", func(ctx context.Context, r *Request, in *DeleteLaunchTemplateRequest) (*DeleteLaunchTemplateResult, error) {
		lt, err := a.ctl.DeleteLaunchTemplate(ctx, r.Scope, ltRef(in.LaunchTemplateId, in.LaunchTemplateName))
		if err != nil {
			return nil, err
		}
		return &DeleteLaunchTemplateResult{LaunchTemplate: launchTemplateOut(lt)}, nil
	})
	handle(a, "DeleteLaunchTemplateVersions", a.deleteLaunchTemplateVersions)
}

func ltRef(id, name *string) control.LaunchTemplateRef {
	return control.LaunchTemplateRef{ID: deref(id), Name: deref(name)}
}

// launchTemplateDataJSON converts request launch parameters into the
// response shape EC2 reports them in (the members carry the same names),
// encoded as JSON without absent members.
func launchTemplateDataJSON(d *RequestLaunchTemplateData) (json.RawMessage, error) {
	if d == nil {
		return json.RawMessage("{}"), nil
	}
	var resp ResponseLaunchTemplateData
	if err := convertShape(d, &resp); err != nil {
		return nil, err
	}
	return marshalNoNulls(&resp)
}

// convertShape copies the members of src into dst by name through JSON.
func convertShape(src, dst any) error {
	b, err := json.Marshal(src)
	if err != nil {
		return fmt.Errorf("convert %T: %w", src, err)
	}
	if err := json.Unmarshal(b, dst); err != nil {
		return fmt.Errorf("convert %T to %T: %w", src, dst, err)
	}
	return nil
}

// marshalNoNulls encodes v as JSON leaving out null members.
func marshalNoNulls(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %T: %w", v, err)
	}
	var generic any
	if err := json.Unmarshal(b, &generic); err != nil {
		return nil, fmt.Errorf("encode %T: %w", v, err)
	}
	out, err := json.Marshal(dropNulls(generic))
	if err != nil {
		return nil, fmt.Errorf("encode %T: %w", v, err)
	}
	return out, nil
}

func dropNulls(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if e == nil {
				delete(t, k)
				continue
			}
			t[k] = dropNulls(e)
		}
	case []any:
		for i, e := range t {
			t[i] = dropNulls(e)
		}
	}
	return v
}

// templateData decodes a stored version's launch parameters.
func templateData(v *model.LaunchTemplateVersion) *ResponseLaunchTemplateData {
	var d ResponseLaunchTemplateData
	if len(v.Data) > 0 {
		_ = json.Unmarshal(v.Data, &d) // stored by launchTemplateDataJSON: always decodes
	}
	return &d
}

func launchTemplateOut(lt *model.LaunchTemplate) *LaunchTemplate {
	return &LaunchTemplate{LaunchTemplateId: str(lt.ID), LaunchTemplateName: str(lt.Name), CreateTime: timep(lt.Created),
		CreatedBy: str(lt.CreatedBy), DefaultVersionNumber: i64(lt.DefaultVersion), LatestVersionNumber: i64(lt.LatestVersion), Tags: tagSet(&lt.Meta)}
}

func launchTemplateVersionOut(lt *model.LaunchTemplate, v *model.LaunchTemplateVersion) LaunchTemplateVersion {
	return LaunchTemplateVersion{LaunchTemplateId: str(lt.ID), LaunchTemplateName: str(lt.Name), VersionNumber: i64(v.Number),
		VersionDescription: optStr(v.Description), CreateTime: timep(v.Created), CreatedBy: str(v.CreatedBy),
		DefaultVersion: boolp(v.Number == lt.DefaultVersion), LaunchTemplateData: templateData(v)}
}

func (a *API) createLaunchTemplate(ctx context.Context, r *Request, in *CreateLaunchTemplateRequest) (*CreateLaunchTemplateResult, error) {
	tags, err := tagsFor(in.TagSpecifications, "launch-template")
	if err != nil {
		return nil, err
	}
	data, err := launchTemplateDataJSON(in.LaunchTemplateData)
	if err != nil {
		return nil, err
	}
	lt, err := a.ctl.CreateLaunchTemplate(ctx, r.Scope, deref(in.LaunchTemplateName), deref(in.VersionDescription), data, tags)
	if err != nil {
		return nil, err
	}
	return &CreateLaunchTemplateResult{LaunchTemplate: launchTemplateOut(lt)}, nil
}

func (a *API) createLaunchTemplateVersion(ctx context.Context, r *Request, in *CreateLaunchTemplateVersionRequest) (*CreateLaunchTemplateVersionResult, error) {
	data, err := launchTemplateDataJSON(in.LaunchTemplateData)
	if err != nil {
		return nil, err
	}
	lt, v, err := a.ctl.CreateLaunchTemplateVersion(ctx, r.Scope, ltRef(in.LaunchTemplateId, in.LaunchTemplateName), deref(in.SourceVersion), deref(in.VersionDescription), data)
	if err != nil {
		return nil, err
	}
	out := launchTemplateVersionOut(lt, v)
	return &CreateLaunchTemplateVersionResult{LaunchTemplateVersion: &out}, nil
}

var launchTemplateFilters = filterTable[model.LaunchTemplate]{
	"create-time":          func(v *model.LaunchTemplate) []string { return fmtTime(timep(v.Created)) },
	"launch-template-name": func(v *model.LaunchTemplate) []string { return one(v.Name) },
}

func (a *API) describeLaunchTemplates(ctx context.Context, r *Request, in *DescribeLaunchTemplatesRequest) (*DescribeLaunchTemplatesResult, error) {
	m, err := compileFilters(launchTemplateFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 1, 200)
	if err != nil {
		return nil, err
	}
	lts, err := a.ctl.LaunchTemplates(ctx, r.Scope, in.LaunchTemplateIds, in.LaunchTemplateNames)
	if err != nil {
		return nil, err
	}
	out := &DescribeLaunchTemplatesResult{}
	for _, lt := range lts {
		if p.after != "" && lt.ID <= p.after {
			continue
		}
		if !m.match(lt) {
			continue
		}
		if p.max > 0 && int32(len(out.LaunchTemplates)) == p.max {
			out.NextToken = token(deref(out.LaunchTemplates[len(out.LaunchTemplates)-1].LaunchTemplateId))
			break
		}
		out.LaunchTemplates = append(out.LaunchTemplates, *launchTemplateOut(lt))
	}
	return out, nil
}

// versionRow is what DescribeLaunchTemplateVersions filters see; versions
// carry no tags of their own (an empty Meta).
type versionRow struct {
	model.Meta
	out LaunchTemplateVersion
}

func versionData(get func(d *ResponseLaunchTemplateData) []string) func(v *versionRow) []string {
	return func(v *versionRow) []string { return get(v.out.LaunchTemplateData) }
}

func metadataOption(get func(m *LaunchTemplateInstanceMetadataOptions) *string) func(v *versionRow) []string {
	return versionData(func(d *ResponseLaunchTemplateData) []string {
		if d.MetadataOptions == nil {
			return nil
		}
		return optOne(deref(get(d.MetadataOptions)))
	})
}

var launchTemplateVersionFilters = filterTable[versionRow]{
	"create-time": func(v *versionRow) []string { return fmtTime(v.out.CreateTime) },
	"ebs-optimized": versionData(func(d *ResponseLaunchTemplateData) []string {
		return one(boolStr(derefBool(d.EbsOptimized)))
	}),
	"http-endpoint":      metadataOption(func(m *LaunchTemplateInstanceMetadataOptions) *string { return m.HttpEndpoint }),
	"http-protocol-ipv4": metadataOption(func(m *LaunchTemplateInstanceMetadataOptions) *string { return nil }),
	"http-protocol-ipv6": metadataOption(func(m *LaunchTemplateInstanceMetadataOptions) *string { return m.HttpProtocolIpv6 }),
	"http-put-response-hop-limit": metadataOption(func(m *LaunchTemplateInstanceMetadataOptions) *string {
		if m.HttpPutResponseHopLimit == nil {
			return nil
		}
		return str(fmt.Sprint(*m.HttpPutResponseHopLimit))
	}),
	"http-tokens": metadataOption(func(m *LaunchTemplateInstanceMetadataOptions) *string { return m.HttpTokens }),
	"host-resource-group-arn": versionData(func(d *ResponseLaunchTemplateData) []string {
		if d.Placement == nil {
			return nil
		}
		return optOne(deref(d.Placement.HostResourceGroupArn))
	}),
	"iam-instance-profile": versionData(func(d *ResponseLaunchTemplateData) []string {
		if d.IamInstanceProfile == nil {
			return nil
		}
		return append(optOne(deref(d.IamInstanceProfile.Arn)), optOne(deref(d.IamInstanceProfile.Name))...)
	}),
	"image-id":           versionData(func(d *ResponseLaunchTemplateData) []string { return optOne(deref(d.ImageId)) }),
	"instance-type":      versionData(func(d *ResponseLaunchTemplateData) []string { return optOne(deref(d.InstanceType)) }),
	"is-default-version": func(v *versionRow) []string { return one(boolStr(derefBool(v.out.DefaultVersion))) },
	"kernel-id":          versionData(func(d *ResponseLaunchTemplateData) []string { return optOne(deref(d.KernelId)) }),
	"license-configuration-arn": versionData(func(d *ResponseLaunchTemplateData) []string {
		var out []string
		for _, l := range d.LicenseSpecifications {
			out = append(out, deref(l.LicenseConfigurationArn))
		}
		return out
	}),
	"network-card-index": versionData(func(d *ResponseLaunchTemplateData) []string {
		var out []string
		for _, n := range d.NetworkInterfaces {
			if n.NetworkCardIndex != nil {
				out = append(out, fmt.Sprint(*n.NetworkCardIndex))
			}
		}
		return out
	}),
	"ram-disk-id": versionData(func(d *ResponseLaunchTemplateData) []string { return optOne(deref(d.RamDiskId)) }),
}

func (a *API) describeLaunchTemplateVersions(ctx context.Context, r *Request, in *DescribeLaunchTemplateVersionsRequest) (*DescribeLaunchTemplateVersionsResult, error) {
	if len(in.Versions) > 0 && (in.MinVersion != nil || in.MaxVersion != nil) {
		return nil, awserr.InvalidParameterCombination("The parameters LaunchTemplateVersion and MinVersion/MaxVersion cannot be used together.")
	}
	m, err := compileFilters(launchTemplateVersionFilters, in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := newPage(in.MaxResults, in.NextToken, 1, 200)
	if err != nil {
		return nil, err
	}
	vs, err := a.ctl.LaunchTemplateVersions(ctx, r.Scope, control.LaunchTemplateVersionsInput{Ref: ltRef(in.LaunchTemplateId, in.LaunchTemplateName),
		Versions: in.Versions, MinVersion: deref(in.MinVersion), MaxVersion: deref(in.MaxVersion)})
	if err != nil {
		return nil, err
	}
	out := &DescribeLaunchTemplateVersionsResult{}
	// The cursor is the position in the (stable) listing.
	start := 0
	if p.after != "" {
		if _, err := fmt.Sscan(p.after, &start); err != nil {
			return nil, awserr.InvalidParameterValue("Invalid NextToken")
		}
	}
	for i := start; i < len(vs); i++ {
		row := versionRow{out: launchTemplateVersionOut(vs[i].Template, vs[i].Version)}
		if !m.match(&row) {
			continue
		}
		if p.max > 0 && int32(len(out.LaunchTemplateVersions)) == p.max {
			out.NextToken = token(fmt.Sprint(i))
			break
		}
		out.LaunchTemplateVersions = append(out.LaunchTemplateVersions, row.out)
	}
	return out, nil
}

func (a *API) deleteLaunchTemplateVersions(ctx context.Context, r *Request, in *DeleteLaunchTemplateVersionsRequest) (*DeleteLaunchTemplateVersionsResult, error) {
	lt, res, err := a.ctl.DeleteLaunchTemplateVersions(ctx, r.Scope, ltRef(in.LaunchTemplateId, in.LaunchTemplateName), in.Versions)
	if err != nil {
		return nil, err
	}
	out := &DeleteLaunchTemplateVersionsResult{}
	for _, d := range res {
		if d.Code == "" {
			out.SuccessfullyDeletedLaunchTemplateVersions = append(out.SuccessfullyDeletedLaunchTemplateVersions, DeleteLaunchTemplateVersionsResponseSuccessItem{
				LaunchTemplateId: str(lt.ID), LaunchTemplateName: str(lt.Name), VersionNumber: i64(d.Number)})
			continue
		}
		item := DeleteLaunchTemplateVersionsResponseErrorItem{LaunchTemplateId: str(lt.ID), LaunchTemplateName: str(lt.Name),
			ResponseError: &ResponseError{Code: str(d.Code), Message: str(d.Message)}}
		if d.Number > 0 {
			item.VersionNumber = i64(d.Number)
		}
		out.UnsuccessfullyDeletedLaunchTemplateVersions = append(out.UnsuccessfullyDeletedLaunchTemplateVersions, item)
	}
	return out, nil
}

// applyLaunchTemplate fills the RunInstances parameters the request leaves
// out from the launch template's version: "Any parameters that you specify
// in RunInstances override the same parameters in the launch template"
// [EC2 API RunInstances, LaunchTemplate]. Members are matched by name; tag
// specifications of both apply, the request's last.
// It returns the tags EC2 adds to the instances.
func (a *API) applyLaunchTemplate(ctx context.Context, r *Request, in *RunInstancesRequest) (map[string]string, error) {
	spec := in.LaunchTemplate
	lt, v, err := a.ctl.LaunchTemplateData(ctx, r.Scope, ltRef(spec.LaunchTemplateId, spec.LaunchTemplateName), deref(spec.Version))
	if err != nil {
		return nil, err
	}
	d := templateData(v)
	var tmplTags []TagSpecification
	if err := convertShape(d.TagSpecifications, &tmplTags); err != nil {
		return nil, err
	}
	dv := reflect.ValueOf(d).Elem()
	byName := map[string]reflect.Value{}
	for i := 0; i < dv.NumField(); i++ {
		byName[strings.ToLower(dv.Type().Field(i).Name)] = dv.Field(i)
	}
	rv := reflect.ValueOf(in).Elem()
	for i := 0; i < rv.NumField(); i++ {
		name := strings.ToLower(rv.Type().Field(i).Name)
		f := rv.Field(i)
		src, ok := byName[name]
		if !ok || name == "tagspecifications" || !f.IsZero() || src.IsZero() {
			continue
		}
		dst := reflect.New(f.Type())
		if err := convertShape(src.Interface(), dst.Interface()); err != nil {
			return nil, err
		}
		f.Set(dst.Elem())
	}
	in.TagSpecifications = append(tmplTags, in.TagSpecifications...)
	return control.LaunchTemplateTags(lt, v), nil
}
