package control

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
	"github.com/vpcsim/vpcsim/internal/store"
)

// Launch template rules [EC2 User Guide, "Store instance launch parameters
// in Amazon EC2 launch templates", "Modify a launch template (manage
// launch template versions)"; EC2 API CreateLaunchTemplate,
// CreateLaunchTemplateVersion, ModifyLaunchTemplate,
// DeleteLaunchTemplateVersions]:
//   - a name of 3-128 characters of [a-zA-Z0-9().-/_], unique in the
//     region;
//   - versions are numbered from 1 and immutable; the first is the default
//     until ModifyLaunchTemplate sets another; $Latest and $Default name the
//     latest and default versions;
//   - a new version may start from a SourceVersion: it inherits every
//     launch parameter it does not specify;
//   - the default version cannot be deleted (delete the template instead);
//     deleted numbers are not reused;
//   - quotas: 5,000 launch templates per region, 10,000 versions per
//     template; DeleteLaunchTemplateVersions takes up to 200 versions.

var kindLT = idKindOf(store.LaunchTemplateKind)

const (
	maxLaunchTemplatesPerRegion   = 5000
	maxVersionsPerLaunchTemplate  = 10000
	maxDeleteVersionsPerRequest   = 200
	maxLaunchTemplateVersionDescr = 255
)

var launchTemplateName = regexp.MustCompile(`^[a-zA-Z0-9().\-/_]{3,128}$`)

// LaunchTemplateRef names a launch template by id or by name (exactly one).
type LaunchTemplateRef struct{ ID, Name string }

// callerARN is the principal recorded as CreatedBy: vpcsim's callers act as
// their account's root user.
func callerARN(scope model.Scope) string {
	return "arn:" + PartitionOf(scope.Region) + ":iam::" + scope.Account + ":root"
}

// findLaunchTemplate resolves ref within scope with AWS's errors.
func findLaunchTemplate(w *store.World, scope model.Scope, ref LaunchTemplateRef) (*model.LaunchTemplate, error) {
	t := store.LaunchTemplateKind.In(w)
	switch {
	case ref.ID != "" && ref.Name != "":
		return nil, awserr.InvalidParameterCombination("The parameters LaunchTemplateId and LaunchTemplateName cannot be used together.")
	case ref.ID != "":
		return find(kindLT, t, scope, ref.ID)
	case ref.Name != "":
		if !launchTemplateName.MatchString(ref.Name) {
			return nil, awserr.New("InvalidLaunchTemplateName.MalformedException", "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.'")
		}
		var out *model.LaunchTemplate
		t.All(func(lt *model.LaunchTemplate) bool {
			if lt.InScope(scope) && lt.Name == ref.Name {
				out = lt
				return false
			}
			return true
		})
		if out == nil {
			return nil, awserr.New("InvalidLaunchTemplateName.NotFoundException", "At least one of the launch templates specified in the request does not exist.")
		}
		return out, nil
	default:
		return nil, awserr.MissingParameter("LaunchTemplateId or LaunchTemplateName")
	}
}

// resolveVersion returns the version named v ($Latest, $Default, a number;
// "" is $Default) of lt.
func resolveVersion(lt *model.LaunchTemplate, v string) (*model.LaunchTemplateVersion, error) {
	n, err := versionNumber(lt, v)
	if err != nil {
		return nil, err
	}
	ver, ok := lt.Version(n)
	if !ok {
		return nil, versionNotFound(lt, v)
	}
	return ver, nil
}

func versionNumber(lt *model.LaunchTemplate, v string) (int64, error) {
	switch v {
	case "", "$Default":
		return lt.DefaultVersion, nil
	case "$Latest":
		return lt.LatestVersion, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		return 0, awserr.InvalidParameterValue("Invalid launch template version: version must be a number, $Latest or $Default, got '%s'.", v)
	}
	return n, nil
}

func versionNotFound(lt *model.LaunchTemplate, v string) error {
	return awserr.New("InvalidLaunchTemplateId.VersionNotFound", "Could not find launch template version %s for launch template %s.", v, lt.ID)
}

func checkVersionDescription(d string) error {
	if len(d) > maxLaunchTemplateVersionDescr {
		return awserr.InvalidParameterValue("Value for parameter versionDescription is invalid. It must be at most %d characters long.", maxLaunchTemplateVersionDescr)
	}
	return nil
}

// CreateLaunchTemplate creates a template whose version 1 (the default)
// holds data.
func (s *Service) CreateLaunchTemplate(ctx context.Context, scope model.Scope, name, description string, data json.RawMessage, tags map[string]string) (*model.LaunchTemplate, error) {
	if !launchTemplateName.MatchString(name) {
		return nil, awserr.New("InvalidLaunchTemplateName.MalformedException", "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.'")
	}
	if err := checkVersionDescription(description); err != nil {
		return nil, err
	}
	if err := validateTags(tags); err != nil {
		return nil, err
	}
	var out *model.LaunchTemplate
	err := s.update(ctx, func(tx *store.Tx) error {
		t := store.LaunchTemplateKind.In(tx.World)
		count, dup := 0, false
		t.All(func(lt *model.LaunchTemplate) bool {
			if lt.InScope(scope) {
				count++
				dup = dup || lt.Name == name
			}
			return true
		})
		if dup {
			return awserr.New("InvalidLaunchTemplateName.AlreadyExistsException", "Launch template name already in use.")
		}
		if count >= maxLaunchTemplatesPerRegion {
			return awserr.New("LaunchTemplateLimitExceeded", "You've reached the maximum number of launch templates (%d) for this Region.", maxLaunchTemplatesPerRegion)
		}
		now := tx.Now()
		by := callerARN(scope)
		out = &model.LaunchTemplate{Meta: newMeta(tx, scope, tx.NewID("lt"), tags), Name: name, CreatedBy: by,
			DefaultVersion: 1, LatestVersion: 1,
			Versions: []model.LaunchTemplateVersion{{Number: 1, Description: description, Created: now, CreatedBy: by, Data: compactJSON(data)}}}
		t.Put(out)
		return nil
	})
	return out, err
}

// compactJSON returns data compacted, or "{}" for none.
func compactJSON(data json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if len(data) == 0 || json.Compact(&b, data) != nil {
		return json.RawMessage("{}")
	}
	return json.RawMessage(b.Bytes())
}

// mergeLaunchTemplateData returns src with each top-level launch parameter
// of data replacing src's: a version created from a SourceVersion
// "inherits the same launch parameters as the source version, except for
// parameters that you explicitly specify".
func mergeLaunchTemplateData(src, data json.RawMessage) (json.RawMessage, error) {
	base := map[string]json.RawMessage{}
	over := map[string]json.RawMessage{}
	if err := json.Unmarshal(src, &base); err != nil {
		return nil, fmt.Errorf("launch template data: %w", err)
	}
	if len(data) > 0 {
		if err := json.Unmarshal(data, &over); err != nil {
			return nil, fmt.Errorf("launch template data: %w", err)
		}
	}
	for k, v := range over {
		base[k] = v
	}
	out, err := json.Marshal(base)
	if err != nil {
		return nil, fmt.Errorf("launch template data: %w", err)
	}
	return out, nil
}

// CreateLaunchTemplateVersion adds a version to a template, from data
// alone or on top of sourceVersion. It returns the template and the new
// version.
func (s *Service) CreateLaunchTemplateVersion(ctx context.Context, scope model.Scope, ref LaunchTemplateRef, sourceVersion, description string, data json.RawMessage) (*model.LaunchTemplate, *model.LaunchTemplateVersion, error) {
	if err := checkVersionDescription(description); err != nil {
		return nil, nil, err
	}
	var (
		out *model.LaunchTemplate
		ver *model.LaunchTemplateVersion
	)
	err := s.update(ctx, func(tx *store.Tx) error {
		lt, err := findLaunchTemplate(tx.World, scope, ref)
		if err != nil {
			return err
		}
		if len(lt.Versions) >= maxVersionsPerLaunchTemplate {
			return awserr.New("VersionLimitExceeded", "You've reached the maximum number of versions (%d) for launch template %s.", maxVersionsPerLaunchTemplate, lt.ID)
		}
		body := compactJSON(data)
		if sourceVersion != "" {
			src, err := resolveVersion(lt, sourceVersion)
			if err != nil {
				return err
			}
			if body, err = mergeLaunchTemplateData(src.Data, body); err != nil {
				return err
			}
		}
		c := model.Clone(lt)
		c.LatestVersion++
		c.Versions = append(c.Versions, model.LaunchTemplateVersion{Number: c.LatestVersion, Description: description, Created: tx.Now(),
			CreatedBy: callerARN(scope), Data: body})
		store.LaunchTemplateKind.In(tx.World).Put(c)
		out, ver = c, &c.Versions[len(c.Versions)-1]
		return nil
	})
	return out, ver, err
}

// ModifyLaunchTemplate sets the default version ("" leaves it).
func (s *Service) ModifyLaunchTemplate(ctx context.Context, scope model.Scope, ref LaunchTemplateRef, defaultVersion string) (*model.LaunchTemplate, error) {
	var out *model.LaunchTemplate
	err := s.update(ctx, func(tx *store.Tx) error {
		lt, err := findLaunchTemplate(tx.World, scope, ref)
		if err != nil {
			return err
		}
		out = lt
		if defaultVersion == "" {
			return nil
		}
		if defaultVersion == "$Default" {
			return awserr.InvalidParameterValue("Invalid default version: $Default.")
		}
		v, err := resolveVersion(lt, defaultVersion)
		if err != nil {
			return err
		}
		c := model.Clone(lt)
		c.DefaultVersion = v.Number
		store.LaunchTemplateKind.In(tx.World).Put(c)
		out = c
		return nil
	})
	return out, err
}

// DeleteLaunchTemplate deletes a template with all its versions.
func (s *Service) DeleteLaunchTemplate(ctx context.Context, scope model.Scope, ref LaunchTemplateRef) (*model.LaunchTemplate, error) {
	var out *model.LaunchTemplate
	err := s.update(ctx, func(tx *store.Tx) error {
		lt, err := findLaunchTemplate(tx.World, scope, ref)
		if err != nil {
			return err
		}
		store.LaunchTemplateKind.In(tx.World).Delete(lt.ID)
		out = lt
		return nil
	})
	return out, err
}

// VersionDeletion is the outcome for one version of
// DeleteLaunchTemplateVersions: Code is "" on success, else one of the
// ResponseError codes (launchTemplateVersionDoesNotExist, unexpectedError).
type VersionDeletion struct {
	Version       string
	Number        int64
	Code, Message string
}

// DeleteLaunchTemplateVersions deletes versions of a template; each version
// succeeds or fails on its own. The template itself must exist.
func (s *Service) DeleteLaunchTemplateVersions(ctx context.Context, scope model.Scope, ref LaunchTemplateRef, versions []string) (*model.LaunchTemplate, []VersionDeletion, error) {
	if len(versions) > maxDeleteVersionsPerRequest {
		return nil, nil, awserr.InvalidParameterValue("You can specify up to %d launch template versions per request.", maxDeleteVersionsPerRequest)
	}
	var (
		out *model.LaunchTemplate
		res []VersionDeletion
	)
	err := s.update(ctx, func(tx *store.Tx) error {
		lt, err := findLaunchTemplate(tx.World, scope, ref)
		if err != nil {
			return err
		}
		out = lt
		res = nil
		gone := map[int64]bool{}
		for _, v := range versions {
			d := VersionDeletion{Version: v}
			n, err := versionNumber(lt, v)
			d.Number = n
			_, exists := lt.Version(n)
			switch {
			case err != nil || !exists || gone[n]:
				d.Code, d.Message = "launchTemplateVersionDoesNotExist", fmt.Sprintf("Could not find launch template version %s for launch template %s.", v, lt.ID)
			case n == lt.DefaultVersion:
				d.Code, d.Message = "unexpectedError", "Cannot delete the default version of a launch template. To delete it, delete the launch template."
			default:
				gone[n] = true
			}
			res = append(res, d)
		}
		if len(gone) == 0 {
			return nil
		}
		c := model.Clone(lt)
		kept := c.Versions[:0]
		for _, v := range c.Versions {
			if !gone[v.Number] {
				kept = append(kept, v)
			}
		}
		c.Versions = kept
		store.LaunchTemplateKind.In(tx.World).Put(c)
		out = c
		return nil
	})
	return out, res, err
}

// LaunchTemplates returns the templates of scope in id order, or with ids
// and/or names those templates (each must exist).
func (s *Service) LaunchTemplates(ctx context.Context, scope model.Scope, ids, names []string) ([]*model.LaunchTemplate, error) {
	w := s.View(ctx)
	var out []*model.LaunchTemplate
	if len(ids) == 0 && len(names) == 0 {
		store.LaunchTemplateKind.In(w).All(func(lt *model.LaunchTemplate) bool {
			if lt.InScope(scope) {
				out = append(out, lt)
			}
			return true
		})
	} else {
		seen := map[string]bool{}
		add := func(ref LaunchTemplateRef) error {
			lt, err := findLaunchTemplate(w, scope, ref)
			if err != nil {
				return err
			}
			if !seen[lt.ID] {
				seen[lt.ID] = true
				out = append(out, lt)
			}
			return nil
		}
		for _, id := range ids {
			if err := add(LaunchTemplateRef{ID: id}); err != nil {
				return nil, err
			}
		}
		for _, n := range names {
			if err := add(LaunchTemplateRef{Name: n}); err != nil {
				return nil, err
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// TemplateVersion is one version with its template, as
// DescribeLaunchTemplateVersions lists it.
type TemplateVersion struct {
	Template *model.LaunchTemplate
	Version  *model.LaunchTemplateVersion
}

// LaunchTemplateVersionsInput selects versions: of one template (ref) by
// Versions, or in [Min, Max] ("" : unbounded), or all of them; without a
// template, only $Latest and/or $Default of every template of scope.
type LaunchTemplateVersionsInput struct {
	Ref                    LaunchTemplateRef
	Versions               []string
	MinVersion, MaxVersion string
}

// LaunchTemplateVersions lists versions, by template id then descending
// version number.
func (s *Service) LaunchTemplateVersions(ctx context.Context, scope model.Scope, in LaunchTemplateVersionsInput) ([]TemplateVersion, error) {
	w := s.View(ctx)
	var out []TemplateVersion
	if in.Ref.ID == "" && in.Ref.Name == "" {
		if len(in.Versions) == 0 {
			return nil, awserr.MissingParameter("LaunchTemplateId or LaunchTemplateName")
		}
		for _, v := range in.Versions {
			if v != "$Latest" && v != "$Default" {
				return nil, awserr.InvalidParameterCombination("Without a launch template id or name, the only versions you can specify are $Latest and $Default.")
			}
		}
		lts, _ := s.LaunchTemplates(ctx, scope, nil, nil)
		for _, lt := range lts {
			seen := map[int64]bool{}
			for _, v := range in.Versions {
				ver, err := resolveVersion(lt, v)
				if err == nil && !seen[ver.Number] {
					seen[ver.Number] = true
					out = append(out, TemplateVersion{lt, ver})
				}
			}
		}
		return out, nil
	}
	lt, err := findLaunchTemplate(w, scope, in.Ref)
	if err != nil {
		return nil, err
	}
	if len(in.Versions) > 0 {
		seen := map[int64]bool{}
		for _, v := range in.Versions {
			ver, err := resolveVersion(lt, v)
			if err != nil {
				return nil, err
			}
			if !seen[ver.Number] {
				seen[ver.Number] = true
				out = append(out, TemplateVersion{lt, ver})
			}
		}
	} else {
		lo, hi := int64(1), lt.LatestVersion
		if in.MinVersion != "" {
			if lo, err = versionNumber(lt, in.MinVersion); err != nil {
				return nil, err
			}
		}
		if in.MaxVersion != "" {
			if hi, err = versionNumber(lt, in.MaxVersion); err != nil {
				return nil, err
			}
		}
		for i := range lt.Versions {
			if n := lt.Versions[i].Number; n >= lo && n <= hi {
				out = append(out, TemplateVersion{lt, &lt.Versions[i]})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Version.Number > out[j].Version.Number })
	return out, nil
}

// LaunchTemplateData returns the version of a template RunInstances
// launches from ("" version: the default) [EC2 API
// LaunchTemplateSpecification].
func (s *Service) LaunchTemplateData(ctx context.Context, scope model.Scope, ref LaunchTemplateRef, version string) (*model.LaunchTemplate, *model.LaunchTemplateVersion, error) {
	lt, err := findLaunchTemplate(s.View(ctx), scope, ref)
	if err != nil {
		return nil, nil, err
	}
	v, err := resolveVersion(lt, version)
	if err != nil {
		return nil, nil, err
	}
	return lt, v, nil
}

// LaunchTemplateTags are the tags EC2 adds to an instance launched from a
// launch template: "aws:ec2launchtemplate:id" and
// "aws:ec2launchtemplate:version" [EC2 User Guide, "Launch an instance
// from a launch template"].
func LaunchTemplateTags(lt *model.LaunchTemplate, v *model.LaunchTemplateVersion) map[string]string {
	return map[string]string{"aws:ec2launchtemplate:id": lt.ID, "aws:ec2launchtemplate:version": strconv.FormatInt(v.Number, 10)}
}

// withSystemTags returns tags plus the system tags (a new map when there
// are any).
func withSystemTags(tags, system map[string]string) map[string]string {
	if len(system) == 0 {
		return tags
	}
	out := make(map[string]string, len(tags)+len(system))
	for k, v := range tags {
		out[k] = v
	}
	for k, v := range system {
		out[k] = v
	}
	return out
}
