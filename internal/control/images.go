package control

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/vpcsim/vpcsim/internal/awserr"
	"github.com/vpcsim/vpcsim/internal/model"
)

// Image is a public machine image (AMI) of vpcsim's static catalog, or the
// generic image vpcsim describes for any other well-formed ami- id so that
// arbitrary image ids in configurations keep working.
//
// The catalog holds a few releases of the families Terraform configurations
// look up by name (Amazon Linux 2023 and 2, Ubuntu 24.04 and 22.04, Debian
// 12 and 13, Windows Server 2019/2022/2025), in AWS's naming formats and
// with their publishers' real owner ids. Ids are derived from a hash of
// region and name, so like on AWS the same image has a different id in
// each region, and they never change between vpcsim versions.
type Image struct {
	ID              string
	Name            string
	Description     string
	Location        string // ImageLocation: <owner alias or id>/<name>
	OwnerID         string
	OwnerAlias      string // "amazon" where AWS sets it, else ""
	Architecture    string // x86_64 | arm64
	Platform        string // "windows" or ""
	PlatformDetails string // Linux/UNIX | Windows
	UsageOperation  string // RunInstances | RunInstances:0002
	RootDeviceName  string // /dev/xvda | /dev/sda1
	VolumeSize      int32  // GiB of the root snapshot
	VolumeType      string // gp2 | gp3
	SnapshotID      string
	BootMode        string // "" (legacy-bios) | uefi | uefi-preferred
	ImdsSupport     string // "" | v2.0
	Created         time.Time
	Deprecation     time.Time // zero: never deprecated
	FreeTier        bool
	Generic         bool // not in the catalog
}

// CreationDate is the image's creation date as EC2 renders it
// (ISO 8601 with milliseconds, UTC), which Terraform's most_recent sorts.
func (im *Image) CreationDate() string { return im.Created.UTC().Format("2006-01-02T15:04:05.000Z") }

// Deprecated reports whether the image is deprecated at now.
func (im *Image) Deprecated(now time.Time) bool {
	return !im.Deprecation.IsZero() && !now.Before(im.Deprecation)
}

// Owner ids of the public images' publishers.
const (
	OwnerAmazon    = "137112412989" // Amazon Linux
	OwnerWindows   = "801119661308" // Amazon's Windows AMIs
	OwnerCanonical = "099720109477" // Ubuntu
	OwnerDebian    = "136693071363" // Debian
)

type imageRelease struct {
	version string // fills the family's name format
	created string // RFC 3339
}

type imageFamily struct {
	owner, alias     string
	arches           []string // EC2 architectures
	archName         map[string]string
	name, desc       string // fmt formats: %[1]s version, %[2]s arch as named
	root             string
	size             int32
	volumeType       string
	windows          bool
	bootX86, bootArm string
	imds             string
	deprecateAfter   time.Duration // of every release but the newest
	releases         []imageRelease
}

var (
	ec2Arch    = map[string]string{"x86_64": "x86_64", "arm64": "arm64"}
	debianArch = map[string]string{"x86_64": "amd64", "arm64": "arm64"}
	day        = 24 * time.Hour
)

// imageFamilies is the catalog. The newest release of each family carries
// no deprecation time, so the catalog never runs dry as the clock moves on;
// older ones are deprecated the way their publishers do it (Amazon Linux
// 2023 after 90 days, Canonical and Debian after two years), so they are
// listed only with IncludeDeprecated or by id.
var imageFamilies = []imageFamily{
	{owner: OwnerAmazon, alias: "amazon", arches: []string{"x86_64", "arm64"}, archName: ec2Arch,
		name: "al2023-ami-%[1]s-kernel-6.1-%[2]s", desc: "Amazon Linux 2023 AMI %[1]s %[2]s HVM kernel-6.1",
		root: "/dev/xvda", size: 8, volumeType: "gp3", bootX86: "uefi-preferred", bootArm: "uefi", imds: "v2.0",
		deprecateAfter: 90 * day, releases: []imageRelease{
			{"2023.8.20250808.1", "2025-08-11T19:02:41.000Z"},
			{"2023.8.20250915.0", "2025-09-16T21:37:08.000Z"},
			{"2023.9.20251027.0", "2025-10-28T18:30:42.000Z"},
		}},
	{owner: OwnerAmazon, alias: "amazon", arches: []string{"x86_64", "arm64"}, archName: ec2Arch,
		name: "amzn2-ami-hvm-%[1]s-%[2]s-gp2", desc: "Amazon Linux 2 AMI %[1]s %[2]s HVM gp2",
		root: "/dev/xvda", size: 8, volumeType: "gp2", bootArm: "uefi",
		deprecateAfter: 2 * 365 * day, releases: []imageRelease{
			{"2.0.20250721.2", "2025-07-24T02:11:57.000Z"},
			{"2.0.20250902.3", "2025-09-05T19:46:20.000Z"},
			{"2.0.20251014.0", "2025-10-16T00:52:33.000Z"},
		}},
	{owner: OwnerCanonical, arches: []string{"x86_64", "arm64"}, archName: debianArch,
		name: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-%[2]s-server-%[1]s", desc: "Canonical, Ubuntu, 24.04, %[2]s noble image",
		root: "/dev/sda1", size: 8, volumeType: "gp3", bootX86: "uefi-preferred", bootArm: "uefi", imds: "v2.0",
		deprecateAfter: 2 * 365 * day, releases: []imageRelease{
			{"20250805", "2025-08-05T22:14:03.000Z"},
			{"20250926", "2025-09-26T03:41:19.000Z"},
			{"20251022", "2025-10-22T09:26:51.000Z"},
		}},
	{owner: OwnerCanonical, arches: []string{"x86_64", "arm64"}, archName: debianArch,
		name: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-%[2]s-server-%[1]s", desc: "Canonical, Ubuntu, 22.04 LTS, %[2]s jammy image",
		root: "/dev/sda1", size: 8, volumeType: "gp2", bootArm: "uefi",
		deprecateAfter: 2 * 365 * day, releases: []imageRelease{
			{"20250812", "2025-08-12T06:02:37.000Z"},
			{"20250925", "2025-09-25T11:48:09.000Z"},
			{"20251015", "2025-10-15T04:19:55.000Z"},
		}},
	{owner: OwnerDebian, arches: []string{"x86_64", "arm64"}, archName: debianArch,
		name: "debian-12-%[2]s-%[1]s", desc: "Debian 12 (%[1]s)",
		root: "/dev/xvda", size: 8, volumeType: "gp2", bootX86: "uefi-preferred", bootArm: "uefi",
		deprecateAfter: 2 * 365 * day, releases: []imageRelease{
			{"20250804-2194", "2025-08-04T21:10:26.000Z"},
			{"20250909-2230", "2025-09-09T22:41:58.000Z"},
			{"20251006-2257", "2025-10-06T23:02:14.000Z"},
		}},
	{owner: OwnerDebian, arches: []string{"x86_64", "arm64"}, archName: debianArch,
		name: "debian-13-%[2]s-%[1]s", desc: "Debian 13 (%[1]s)",
		root: "/dev/xvda", size: 8, volumeType: "gp3", bootX86: "uefi-preferred", bootArm: "uefi",
		deprecateAfter: 2 * 365 * day, releases: []imageRelease{
			{"20250909-2230", "2025-09-09T22:52:31.000Z"},
			{"20251006-2257", "2025-10-06T23:14:47.000Z"},
		}},
	{owner: OwnerWindows, alias: "amazon", arches: []string{"x86_64"}, archName: ec2Arch, windows: true,
		name: "Windows_Server-2022-English-Full-Base-%[1]s", desc: "Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon",
		root: "/dev/sda1", size: 30, volumeType: "gp3", imds: "v2.0",
		deprecateAfter: 120 * day, releases: []imageRelease{
			{"2025.08.13", "2025-08-13T19:44:19.000Z"},
			{"2025.09.10", "2025-09-10T20:07:52.000Z"},
			{"2025.10.15", "2025-10-15T18:55:06.000Z"},
		}},
	{owner: OwnerWindows, alias: "amazon", arches: []string{"x86_64"}, archName: ec2Arch, windows: true,
		name: "Windows_Server-2019-English-Full-Base-%[1]s", desc: "Microsoft Windows Server 2019 with Desktop Experience Locale English AMI provided by Amazon",
		root: "/dev/sda1", size: 30, volumeType: "gp3",
		deprecateAfter: 120 * day, releases: []imageRelease{
			{"2025.09.10", "2025-09-10T19:31:44.000Z"},
			{"2025.10.15", "2025-10-15T18:22:37.000Z"},
		}},
	{owner: OwnerWindows, alias: "amazon", arches: []string{"x86_64"}, archName: ec2Arch, windows: true,
		name: "Windows_Server-2025-English-Full-Base-%[1]s", desc: "Microsoft Windows Server 2025 Full Locale English AMI provided by Amazon",
		root: "/dev/sda1", size: 30, volumeType: "gp3", bootX86: "uefi-preferred", imds: "v2.0",
		deprecateAfter: 120 * day, releases: []imageRelease{
			{"2025.09.10", "2025-09-10T21:12:05.000Z"},
			{"2025.10.15", "2025-10-15T20:40:18.000Z"},
		}},
}

// hashID returns prefix + "0" + 16 hex digits of sha256(parts), AWS's
// 17-digit id form.
func hashID(prefix string, parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "/")))
	return prefix + "0" + hex.EncodeToString(h[:])[:16]
}

func buildCatalog(region string) []Image {
	var out []Image
	for _, f := range imageFamilies {
		for ri, rel := range f.releases {
			created, err := time.Parse(time.RFC3339, rel.created)
			if err != nil {
				panic("images: bad creation date " + rel.created)
			}
			for ai, arch := range f.arches {
				name := fmt.Sprintf(f.name, rel.version, f.archName[arch])
				im := Image{
					ID:              hashID("ami-", region, name),
					Name:            name,
					Description:     fmt.Sprintf(f.desc, rel.version, f.archName[arch]),
					OwnerID:         f.owner,
					OwnerAlias:      f.alias,
					Architecture:    arch,
					PlatformDetails: "Linux/UNIX",
					UsageOperation:  "RunInstances",
					RootDeviceName:  f.root,
					VolumeSize:      f.size,
					VolumeType:      f.volumeType,
					SnapshotID:      hashID("snap-", region, name),
					BootMode:        f.bootX86,
					ImdsSupport:     f.imds,
					// Each architecture's build is registered a few minutes apart.
					Created:  created.Add(time.Duration(ai) * 7 * time.Minute),
					FreeTier: true,
				}
				if arch == "arm64" {
					im.BootMode = f.bootArm
				}
				if f.windows {
					im.Platform, im.PlatformDetails, im.UsageOperation = "windows", "Windows", "RunInstances:0002"
				}
				loc := f.alias
				if loc == "" {
					loc = f.owner
				}
				im.Location = loc + "/" + name
				if ri < len(f.releases)-1 {
					im.Deprecation = created.Add(f.deprecateAfter)
				}
				out = append(out, im)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

var catalogs sync.Map // region -> []Image

// CatalogImages returns the public image catalog of a region, by image id.
// The slice is shared: callers must not modify it.
func CatalogImages(region string) []Image {
	if v, ok := catalogs.Load(region); ok {
		return v.([]Image)
	}
	v, _ := catalogs.LoadOrStore(region, buildCatalog(region))
	return v.([]Image)
}

// LookupImage returns the catalog image with id in region.
func LookupImage(region, id string) (Image, bool) {
	imgs := CatalogImages(region)
	i := sort.Search(len(imgs), func(i int) bool { return imgs[i].ID >= id })
	if i < len(imgs) && imgs[i].ID == id {
		return imgs[i], true
	}
	return Image{}, false
}

// genericCreated is the creation date of generic images.
var genericCreated = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// ImageFor returns the catalog image with id in region or, for any other
// well-formed id, a generic Amazon-owned x86_64 Linux image.
func ImageFor(region, id string) Image {
	if im, ok := LookupImage(region, id); ok {
		return im
	}
	return Image{
		ID: id, Name: "vpcsim-" + id, Description: "vpcsim image " + id, Location: "amazon/vpcsim-" + id,
		OwnerID: OwnerAmazon, OwnerAlias: "amazon", Architecture: "x86_64", PlatformDetails: "Linux/UNIX",
		UsageOperation: "RunInstances", RootDeviceName: "/dev/xvda", VolumeSize: 8, VolumeType: "gp3",
		SnapshotID: "snap-" + strings.TrimPrefix(id, "ami-"), BootMode: "uefi-preferred", ImdsSupport: "v2.0",
		Created: genericCreated, Generic: true,
	}
}

// InstanceImage returns the image an instance was launched from.
func InstanceImage(inst *model.Instance) Image { return ImageFor(inst.Region, inst.ImageID) }

// DescribeImagesInput selects images for DescribeImages.
type DescribeImagesInput struct {
	ImageIDs          []string
	Owners            []string // self | amazon | aws-marketplace | aws-backup-vault | account id
	ExecutableBy      []string // self | all | account id
	IncludeDeprecated bool
	Now               time.Time
}

var accountIDRe = regexp.MustCompile(`^[0-9]{12}$`)

// DescribeImages selects the images of scope's region that a DescribeImages
// call asks for, by image id, before filters and pagination
// [EC2 API DescribeImages]:
//   - ImageId.N: each must be well-formed (InvalidAMIID.Malformed); catalog
//     ids give their image, other ids a generic one; deprecated images are
//     returned when asked for by id.
//   - without ids, the region's catalog; deprecated images only with
//     IncludeDeprecated (or to their owner; nobody owns catalog images).
//   - Owner.N: images owned by those accounts, "self" (the caller), or with
//     that owner alias (amazon, aws-marketplace, aws-backup-vault).
//   - ExecutableBy.N: "all" matches public images; "self" or an account id
//     matches images explicitly shared with it (none: catalog images are
//     public, not shared).
func DescribeImages(scope model.Scope, in DescribeImagesInput) ([]Image, error) {
	for _, o := range in.Owners {
		switch o {
		case "self", "amazon", "aws-marketplace", "aws-backup-vault":
		default:
			if !accountIDRe.MatchString(o) {
				return nil, awserr.New("InvalidUserID.Malformed", "Invalid user id: \"%s\"", o)
			}
		}
	}
	for _, e := range in.ExecutableBy {
		if e != "self" && e != "all" && !accountIDRe.MatchString(e) {
			return nil, awserr.New("InvalidUserID.Malformed", "Invalid user id: \"%s\"", e)
		}
	}
	var cands []Image
	if len(in.ImageIDs) > 0 {
		seen := map[string]bool{}
		for _, id := range in.ImageIDs {
			if !validAMI(id) {
				return nil, awserr.New("InvalidAMIID.Malformed", "Invalid id: \"%s\" (expecting \"ami-...\")", id)
			}
			if !seen[id] {
				seen[id] = true
				cands = append(cands, ImageFor(scope.Region, id))
			}
		}
		sort.Slice(cands, func(i, j int) bool { return cands[i].ID < cands[j].ID })
	} else {
		for _, im := range CatalogImages(scope.Region) {
			if im.Deprecated(in.Now) && !in.IncludeDeprecated && im.OwnerID != scope.Account {
				continue
			}
			cands = append(cands, im)
		}
	}
	out := cands[:0:0]
	for _, im := range cands {
		if imageOwnedBy(&im, scope, in.Owners) && imageExecutableBy(&im, in.ExecutableBy) {
			out = append(out, im)
		}
	}
	return out, nil
}

func imageOwnedBy(im *Image, scope model.Scope, owners []string) bool {
	if len(owners) == 0 {
		return true
	}
	for _, o := range owners {
		switch {
		case o == "self" && im.OwnerID == scope.Account:
			return true
		case o == im.OwnerID, im.OwnerAlias != "" && o == im.OwnerAlias:
			return true
		}
	}
	return false
}

func imageExecutableBy(im *Image, users []string) bool {
	if len(users) == 0 {
		return true
	}
	for _, u := range users {
		if u == "all" {
			return true // every vpcsim image is public
		}
	}
	return false
}

// checkImageArchitecture rejects launching an image on an instance type of
// another architecture, as EC2 does. Only catalog images and known types
// are checked (a generic image and a synthesised type have no real
// architecture).
func checkImageArchitecture(im Image, it InstanceType) error {
	if im.Generic || !it.Known {
		return nil
	}
	arch := it.Architecture
	if arch == "i386" {
		arch = "x86_64"
	}
	if arch == im.Architecture {
		return nil
	}
	return awserr.InvalidParameterValue("The architecture '%s' of the specified instance type does not match the architecture '%s' of the specified AMI. "+
		"Specify an instance type and an AMI that have matching architectures, and try again. "+
		"You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.", arch, im.Architecture)
}
